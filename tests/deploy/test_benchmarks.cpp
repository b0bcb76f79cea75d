// Exactness on published instances nobody here wrote: OR-Library pmed (Beasley), SJC MCLP
// (Lorena & Pereira, optima proven with CBC), spopt's San Francisco values. The full sets run
// from scripts/verify/deploy_*.sh; these are the fast ones.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "deploy/benchmarks.hpp"
#include "deploy/covering.hpp"
#include "deploy/pmedian.hpp"
#include "support/test_support.hpp"

namespace huxiao::deploy {
namespace {

using huxiao::testing::shared_data;

std::filesystem::path facloc(const std::string& rel) {
  auto p = shared_data("facloc/" + rel);
  if (!std::filesystem::exists(p)) return {};
  return p;
}

#define REQUIRE_DATA(path) \
  if ((path).empty()) GTEST_SKIP() << "shared data missing"

TEST(OrLibPmed, Pmed1ReachesAndProvesTheOptimumWithLastDuplicateWinning) {
  const auto file = facloc("pmed/pmed1.txt");
  REQUIRE_DATA(file);
  const GraphInstance g = read_orlib_pmed(file);
  ASSERT_EQ(g.cost.demands(), 100u);
  ASSERT_EQ(g.p, 5);
  const Solution s = solve_p_median(g.cost, {}, g.p);
  EXPECT_DOUBLE_EQ(s.objective, 5819.0);  // 5718 if the minimum of duplicated edges were kept
  EXPECT_TRUE(s.proven_optimal);
  EXPECT_DOUBLE_EQ(s.bound, 5819.0);
  EXPECT_EQ(s.open.size(), 5u);
  EXPECT_DOUBLE_EQ(p_median_cost(g.cost, {}, s.open), s.objective);
}

TEST(OrLibPmed, Pmed2NeedsTheMipAndProvesIt) {
  const auto file = facloc("pmed/pmed2.txt");
  REQUIRE_DATA(file);
  const GraphInstance g = read_orlib_pmed(file);
  const Solution s = solve_p_median(g.cost, {}, g.p);
  EXPECT_DOUBLE_EQ(s.objective, 4093.0);
  EXPECT_TRUE(s.proven_optimal);
  EXPECT_EQ(s.gap(), 0.0);
}

TEST(OrLibPmed, OptimaFileParses) {
  const auto file = facloc("pmed/pmedopt.txt");
  REQUIRE_DATA(file);
  const auto opt = read_pmed_optima(file);
  EXPECT_EQ(opt.size(), 40u);
  EXPECT_DOUBLE_EQ(opt.at("pmed40"), 5128.0);
}

TEST(OrLibPmed, TruncatedFileNamesTheLine) {
  huxiao::testing::ScratchDir dir;
  huxiao::testing::write_file(dir / "bad.txt", "4 3 2\n1 2 5\n2 3 7\n");
  try {
    read_orlib_pmed(dir / "bad.txt");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kBadValue);
    EXPECT_EQ(e.context().line, 4);
  }
}

TEST(SjcMclp, Sjc324MatchesTheCbcOptima) {
  const auto file = facloc("sjc/SJC324.txt");
  REQUIRE_DATA(file);
  const PointInstance pts = read_sjc(file);
  ASSERT_EQ(pts.size(), 324u);
  Instance inst;
  inst.weight = pts.demand;
  EXPECT_DOUBLE_EQ(inst.total_weight(pts.size()), 12152.0);
  const Solution s200 = solve_mclp(coverage_of_points(pts, 200), inst, 10);
  EXPECT_DOUBLE_EQ(s200.objective, 6290.0);
  EXPECT_TRUE(s200.proven_optimal);
  const Solution s150 = solve_mclp(coverage_of_points(pts, 150), inst, 20);
  EXPECT_DOUBLE_EQ(s150.objective, 7302.0);
  EXPECT_TRUE(s150.proven_optimal);
}

TEST(AilsMclp, SmallInstanceReadsWithDemands) {
  const auto file = facloc("ails_mclp/instances/SJC32.txt");
  REQUIRE_DATA(file);
  const PointInstance pts = read_ails(file);
  EXPECT_EQ(pts.size(), 32u);
  EXPECT_FALSE(pts.geographic);
  EXPECT_DOUBLE_EQ(pts.demand[0], 50.0);
}

TEST(Haversine, OneDegreeOfLatitude) {
  // 1° of a great circle on R = 6 378 137 m.
  EXPECT_NEAR(haversine_m(40, -74, 41, -74, kAilsEarthRadius), 111319.49, 0.01);
}

class SpoptSanFrancisco : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto file =
        facloc("spopt_sf/SF_network_distance_candidateStore_16_censusTract_205_new.csv");
    if (file.empty()) GTEST_SKIP() << "shared data missing";
    t = read_spopt_table(file);
    inst.weight = t.weight;
  }
  std::vector<std::string> names(const std::vector<int>& open) const {
    std::vector<std::string> out;
    for (int j : open) out.push_back(t.site_names[static_cast<std::size_t>(j)]);
    return out;
  }
  TableInstance t;
  Instance inst;
};

TEST_F(SpoptSanFrancisco, PMedianMeanDistance) {
  ASSERT_EQ(t.cost.demands(), 205u);
  ASSERT_EQ(t.cost.candidates(), 16u);
  const Solution s = solve_p_median(t.cost, inst, 4);
  EXPECT_TRUE(s.proven_optimal);
  EXPECT_NEAR(s.objective / inst.total_weight(205), 2982.1268579890657, 1e-6);
  EXPECT_EQ(names(s.open),
            (std::vector<std::string>{"Store_11", "Store_12", "Store_15", "Store_2"}));
}

TEST_F(SpoptSanFrancisco, MclpLeaves21TractsUncovered) {
  const Solution s = solve_mclp(coverage_within(t.cost, 5000), inst, 4);
  EXPECT_TRUE(s.proven_optimal);
  EXPECT_DOUBLE_EQ(s.objective, 875247.0);
  EXPECT_EQ(std::count(s.assignment.begin(), s.assignment.end(), -1), 21);
}

TEST_F(SpoptSanFrancisco, PCenter) {
  const Solution s = solve_p_center(t.cost, {}, 4);
  EXPECT_TRUE(s.proven_optimal);
  EXPECT_NEAR(s.objective, 7403.063811, 1e-5);
}

TEST_F(SpoptSanFrancisco, LscpNeedsEightSites) {
  const Solution s = solve_lscp(coverage_within(t.cost, 5000), {});
  EXPECT_TRUE(s.proven_optimal);
  EXPECT_EQ(s.open.size(), 8u);
  EXPECT_TRUE(s.uncoverable.empty());
}

}  // namespace
}  // namespace huxiao::deploy
