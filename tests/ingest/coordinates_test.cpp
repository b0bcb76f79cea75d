// Chinese map-service coordinates, (0,0) rows, offshore points and swapped axes.
#include <cmath>
#include <fstream>

#include <gtest/gtest.h>

#include "core/text.hpp"
#include "ingest/importer.hpp"
#include "ingest_test_support.hpp"
#include "scenario/mapping_file.hpp"
#include "support/test_support.hpp"

namespace huxiao::ingest {
namespace {

using huxiao::testing::ScratchDir;
using huxiao::testing::shared_data;
using huxiao::testing::write_file;
using testing_support::find_issue;
using testing_support::import_one;

// WGS84 truth by data row, from the reference file's own columns.
std::vector<geo::Point> truth_by_row() {
  std::ifstream f(shared_data("schools/chengdu_schools_gcj02_bd09.csv"));
  std::vector<geo::Point> truth;
  std::string line;
  std::getline(f, line);
  while (std::getline(f, line)) {
    const auto close = line.find('"', 1);
    const auto cols = text::split(line.substr(close + 2), ',');
    truth.push_back({*text::parse_double(cols[5]), *text::parse_double(cols[6])});
  }
  return truth;
}

void expect_within_1cm(const ImportResult& r) {
  const auto truth = truth_by_row();
  ASSERT_EQ(truth.size(), 60u);
  ASSERT_EQ(r.project.schools.size(), truth.size());
  const geo::Transformer to_local(geo::Crs::wgs84(), r.project.info.crs);
  double worst = 0.0;
  for (const auto& s : r.project.schools) {
    const auto expected = to_local.apply(truth.at(static_cast<std::size_t>(s.source.row - 1)));
    worst = std::max(worst, geo::distance(s.location, *expected));
  }
  EXPECT_LT(worst, 0.01) << "worst offset " << worst << " m";
}

scenario::Mapping mapping_for_columns(const ScratchDir& dir, const std::string& lon,
                                      const std::string& lat) {
  const auto file = dir / "mapping.yaml";
  write_file(file,
             "layers:\n  - target: schools\n    fields:\n      name: name\n      level: level\n    "
             "  lon: " +
                 lon + "\n      lat: " + lat + "\n");
  return scenario::load_mapping(file);
}

TEST(ChineseCoordinates, Gcj02ListLandsWithinOneCentimetre) {
  ScratchDir dir;
  const auto mapping = mapping_for_columns(dir, "lon_gcj02", "lat_gcj02");
  expect_within_1cm(import_one(shared_data("schools/chengdu_schools_gcj02_bd09.csv"),
                               geo::Crs::parse("GCJ-02"), &mapping));
}

TEST(ChineseCoordinates, Bd09ListLandsWithinOneCentimetre) {
  ScratchDir dir;
  const auto mapping = mapping_for_columns(dir, "lon_bd09", "lat_bd09");
  expect_within_1cm(import_one(shared_data("schools/chengdu_schools_gcj02_bd09.csv"),
                               geo::Crs::parse("BD-09"), &mapping));
}

TEST(ChineseCoordinates, TreatingGcjAsWgsMisplacesBy300mPlus) {
  ScratchDir dir;
  const auto mapping = mapping_for_columns(dir, "lon_gcj02", "lat_gcj02");
  const auto r = import_one(shared_data("schools/chengdu_schools_gcj02_bd09.csv"),
                            geo::Crs::wgs84(), &mapping);
  const auto truth = truth_by_row();
  const geo::Transformer to_local(geo::Crs::wgs84(), r.project.info.crs);
  for (const auto& s : r.project.schools) {
    EXPECT_GT(geo::distance(s.location,
                            *to_local.apply(truth.at(static_cast<std::size_t>(s.source.row - 1)))),
              250.0);
  }
}

TEST(NswSchools, ZeroAndOffshoreSchoolsReportedByName) {
  const auto r = import_one(shared_data("schools/nsw-public-schools.geojson"));
  const auto* zero = find_issue(r.report, "zero_coordinates");
  ASSERT_NE(zero, nullptr);
  EXPECT_EQ(zero->feature_name, "Centre of Excellence in Agricultural Education (Provisional)");
  EXPECT_EQ(zero->action, "dropped");
  EXPECT_NE(find_issue(r.report, "isolated", "Lord Howe Island Central School"), nullptr);
  EXPECT_NE(find_issue(r.report, "isolated", "Norfolk Island Central School"), nullptr);
  EXPECT_EQ(r.report.count("isolated"), 2u)
      << "only the two island schools are that far from the rest";
  EXPECT_EQ(r.project.schools.size(), 2216u);
  EXPECT_EQ(r.project.info.crs.definition, "EPSG:32756");  // UTM 56S: Sydney holds the median
}

TEST(NswSchools, DeclaredRegionDropsOffshoreSchools) {
  ImportOptions options;
  options.region = geo::Region::parse_lonlat_box("140.99,-37.51,153.64,-28.15");  // mainland NSW
  const auto r =
      import_one(shared_data("schools/nsw-public-schools.geojson"), {}, nullptr, options);
  EXPECT_NE(find_issue(r.report, "outside_region", "Lord Howe Island Central School"), nullptr);
  EXPECT_NE(find_issue(r.report, "outside_region", "Norfolk Island Central School"), nullptr);
  EXPECT_EQ(r.project.schools.size(), 2214u);
}

TEST(Coordinates, SwappedLatLonIsSwappedBack) {
  ScratchDir dir;
  const auto csv = dir / "schools.csv";
  write_file(csv,
             "name,lon,lat\n"
             "第一小学,104.0652,30.6598\n"
             "第二小学,104.0701,30.6621\n"
             "第三小学,104.0755,30.6650\n"
             "第四小学,30.6700,104.0800\n"  // lat > 90: certainly swapped
             "第五小学,30.6710,104.0810\n");
  const auto r = import_one(csv, geo::Crs::wgs84());
  EXPECT_EQ(r.project.schools.size(), 5u);
  EXPECT_EQ(r.report.count("swapped_lat_lon"), 2u);
  const auto* i = find_issue(r.report, "swapped_lat_lon", "第四小学");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->row, 4);
  EXPECT_EQ(i->action, "swapped back");
}

}  // namespace
}  // namespace huxiao::ingest
