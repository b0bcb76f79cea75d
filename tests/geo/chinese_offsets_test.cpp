// GCJ-02 / BD-09 against coordinates produced by an independent implementation (the npm package
// coordtransform 2.1.2, see ../shared/data/README.md): our inverse must land within 1 cm.
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/text.hpp"
#include "geo/chinese_offsets.hpp"
#include "geo/crs.hpp"
#include "support/test_support.hpp"

namespace huxiao::geo {
namespace {

struct Row {
  std::string name;
  Point gcj, bd, wgs;
};

// A tiny CSV reader for this file: the only quoted field is the name, first.
std::vector<Row> read_reference() {
  std::ifstream f(testing::shared_data("schools/chengdu_schools_gcj02_bd09.csv"));
  std::vector<Row> rows;
  std::string line;
  std::getline(f, line);
  while (std::getline(f, line)) {
    const auto close = line.find('"', 1);
    Row r;
    r.name = line.substr(1, close - 1);
    const auto cols = text::split(line.substr(close + 2), ',');
    r.gcj = {*text::parse_double(cols[1]), *text::parse_double(cols[2])};
    r.bd = {*text::parse_double(cols[3]), *text::parse_double(cols[4])};
    r.wgs = {*text::parse_double(cols[5]), *text::parse_double(cols[6])};
    rows.push_back(r);
  }
  return rows;
}

double metres_between(const Point& a, const Point& b) {
  const double k = std::numbers::pi / 180.0;
  const double dy = (b.y - a.y) * k * 6371008.8;
  const double dx = (b.x - a.x) * k * 6371008.8 * std::cos(a.y * k);
  return std::hypot(dx, dy);
}

TEST(ChineseOffsets, ReferenceFileHasAllSixtySchools) {
  EXPECT_EQ(read_reference().size(), 60u);
}

TEST(ChineseOffsets, ForwardMatchesIndependentImplementation) {
  for (const auto& r : read_reference()) {
    EXPECT_LT(metres_between(wgs84_to_gcj02(r.wgs), r.gcj), 0.01) << r.name;
    EXPECT_LT(metres_between(wgs84_to_bd09(r.wgs), r.bd), 0.01) << r.name;
  }
}

TEST(ChineseOffsets, IteratedInverseIsWithinOneCentimetre) {
  double worst_gcj = 0.0, worst_bd = 0.0;
  for (const auto& r : read_reference()) {
    worst_gcj = std::max(worst_gcj, metres_between(gcj02_to_wgs84(r.gcj), r.wgs));
    worst_bd = std::max(worst_bd, metres_between(bd09_to_wgs84(r.bd), r.wgs));
  }
  EXPECT_LT(worst_gcj, 0.01);
  EXPECT_LT(worst_bd, 0.01);
}

TEST(ChineseOffsets, OffsetIsHundredsOfMetresInChengdu) {
  // The reason this matters: the shift is larger than the 200 m safety zone.
  const Point wgs{104.0652, 30.6598};
  const double shift = metres_between(wgs, wgs84_to_gcj02(wgs));
  EXPECT_GT(shift, 250.0);
  EXPECT_LT(shift, 700.0);
}

TEST(ChineseOffsets, OneStepInverseWouldBeMetresOff) {
  // The widespread approximation wgs ≈ 2·gcj − f(gcj) errs by metres; ours must not.
  const Point wgs{104.0652, 30.6598};
  const Point gcj = wgs84_to_gcj02(wgs);
  const Point shifted = wgs84_to_gcj02(gcj);
  const Point one_step{2 * gcj.x - shifted.x, 2 * gcj.y - shifted.y};
  EXPECT_GT(metres_between(one_step, wgs), 0.05);
  EXPECT_LT(metres_between(gcj02_to_wgs84(gcj), wgs), 1e-4);
}

TEST(ChineseOffsets, IdentityOutsideChina) {
  const Point sydney{151.2093, -33.8688};
  EXPECT_EQ(wgs84_to_gcj02(sydney), sydney);
  EXPECT_EQ(gcj02_to_wgs84(sydney), sydney);
}

TEST(ChineseOffsets, TransformerAppliesDeclaredGcjInput) {
  const auto rows = read_reference();
  const Transformer t(Crs::parse("GCJ-02"), Crs::wgs84());
  for (const auto& r : rows) {
    const auto p = t.apply(r.gcj);
    ASSERT_TRUE(p.has_value());
    EXPECT_LT(metres_between(*p, r.wgs), 0.01) << r.name;
  }
}

}  // namespace
}  // namespace huxiao::geo
