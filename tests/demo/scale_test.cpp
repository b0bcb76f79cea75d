// Runs larger than a county: counties tiled side by side, joined by their rivers and trunk
// roads, and the compact counties of national-scale runs. The 500 000-school run itself is too
// slow for a unit test: it is timed by hand (/usr/bin/time -v, see the commit adding this
// note), its layout is checked in region_plan_test.cpp and one of its counties here.
#include <chrono>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "demo/county.hpp"
#include "demo/demo_test_support.hpp"
#include "demo/region_plan.hpp"
#include "demo/synthetic_county.hpp"

namespace huxiao::demo {
namespace {

using model::WaterKind;

class DemoRegion : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto start = std::chrono::steady_clock::now();
    project_ = new model::Project(make_demo_project({.seed = 11, .schools = 20'000}));
    seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  static void TearDownTestSuite() {
    delete project_;
    project_ = nullptr;
  }
  static const model::Project& p() { return *project_; }
  static RegionPlan plan() { return plan_region({.seed = 11, .schools = 20'000}); }

  static inline model::Project* project_ = nullptr;
  static inline double seconds_ = 0.0;
};

TEST_F(DemoRegion, GeneratesTwentyThousandSchoolsQuickly) {
  // About half a second in a release build; the bound leaves room for sanitizers.
  EXPECT_LT(seconds_, 30.0);
  EXPECT_EQ(p().schools.size(), 20'000u);
  EXPECT_EQ(p().pois.size(), 200'000u);
  EXPECT_EQ(p().info.extra.at("demo.counties"), std::to_string(plan().counties));
  EXPECT_EQ(p().info.name, fmt::format("示例地区 (synthetic demo region of {} counties, seed 11)",
                                       plan().counties));
  std::set<std::string> ids;
  for (const auto& s : p().schools) ids.insert(s.id);
  EXPECT_EQ(ids.size(), 20'000u);
}

TEST_F(DemoRegion, EveryCountyHasItsOwnSchoolsWaterAndPolice) {
  const RegionPlan plan = this->plan();
  std::vector<std::size_t> schools(plan.counties), reservoirs(plan.counties),
      stations(plan.counties);
  const auto county_of = [&](const geo::Point& at) {
    for (std::size_t i = 0; i < plan.counties; ++i) {
      if (plan.frame(i).contains(at)) return i;
    }
    ADD_FAILURE() << "outside every county: " << at.x << " " << at.y;
    return std::size_t{0};
  };
  for (const auto& s : p().schools) ++schools[county_of(s.location)];
  for (const auto& w : p().water) {
    if (w.kind == WaterKind::kReservoir) ++reservoirs[county_of(w.area.front().outer.front())];
  }
  for (const auto& u : p().police) {
    if (u.kind == model::PoliceKind::kStation) ++stations[county_of(u.location)];
  }
  for (std::size_t i = 0; i < plan.counties; ++i) {
    EXPECT_EQ(schools[i], plan.schools_in(i)) << "county " << i;
    EXPECT_EQ(reservoirs[i], 1u) << "county " << i;
    EXPECT_GE(stations[i], 2u) << "county " << i;
  }
}

TEST_F(DemoRegion, RiversRunOnFromCountyToCounty) {
  // A river ending on an inner county edge must start again, at the very same point, in the
  // neighbouring county.
  const RegionPlan plan = this->plan();
  std::map<std::pair<double, double>, int> ends;
  for (const auto& w : p().waterways) {
    if (w.kind != WaterKind::kRiver) continue;
    ++ends[{w.line.front().x, w.line.front().y}];
    ++ends[{w.line.back().x, w.line.back().y}];
  }
  const double west = plan.edge_x(0), east = plan.edge_x(plan.columns);
  std::size_t inner = 0;
  for (const auto& [point, count] : ends) {
    if (point.first == west || point.first == east) continue;
    ++inner;
    // The last row may be short, leaving a river end facing an empty tile.
    const bool in_full_row = point.second < plan.edge_y(plan.rows - 1);
    if (in_full_row) {
      EXPECT_EQ(count, 2) << point.first << " " << point.second;
    }
  }
  EXPECT_GT(inner, plan.counties / 2);
}

TEST_F(DemoRegion, TrunkRoadsJoinTheCountiesIntoOneNetwork) {
  const auto c = testing::connectivity(p().roads);
  EXPECT_GE(c.largest_component, p().roads.size() * 97 / 100);
}

TEST(DemoNational, CountiesOfNationalRunsKeepOnlyTheRoadsSchoolsNeed) {
  const RegionPlan plan = plan_region({.seed = 5, .schools = 500'000});
  ASSERT_EQ(plan.detail, Detail::kCompact);
  County county(plan, 1234);
  for (auto stage : {lay_out_county, build_streets, add_schools, add_water, finish_roads, add_pois,
                     add_police}) {
    stage(county);
  }
  EXPECT_EQ(county.out.schools.size(), plan.schools_in(1234));
  EXPECT_EQ(county.out.pois.size(), plan.pois_in(1234));
  for (const Place& place : county.places) {
    if (place.kind != PlaceKind::kVillage) continue;
    EXPECT_EQ(place.lanes.empty(), place.schools == 0) << place.name;
  }
  const auto c = testing::connectivity(county.out.roads);
  EXPECT_GE(c.largest_component, county.out.roads.size() * 99 / 100);
  // Compared with a full-detail county of the same size, markedly fewer roads.
  const auto full = make_demo_project({.seed = 5, .schools = county.out.schools.size()});
  EXPECT_LT(county.out.roads.size(), full.roads.size() * 85 / 100);
  // Albers coordinates of a county inside China's extent.
  for (const auto& s : county.out.schools) {
    EXPECT_TRUE(county.frame.contains(s.location));
    EXPECT_LT(std::abs(s.location.x), 3'000'000.0);
    EXPECT_GT(s.location.y, 1'500'000.0);
    EXPECT_LT(s.location.y, 5'500'000.0);
  }
}

}  // namespace
}  // namespace huxiao::demo
