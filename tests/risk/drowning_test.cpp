// The drowning-risk model against numbers worked out by hand.
#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "risk/drowning.hpp"

namespace huxiao::risk {
namespace {

// One 40 m × 40 m pond (160 m of bank: four 40 m segments with segment_m = 40) and one primary
// school of 500 pupils 300 m south of the pond's south-west corner... placed so every bank
// segment's midpoint distance is easy: the school sits at the pond's centre line.
model::Project pond_and_school(double school_y) {
  model::Project p;
  p.info.crs = geo::Crs::parse("EPSG:32648");
  model::WaterBody pond;
  pond.id = "pond";
  pond.kind = model::WaterKind::kPond;
  pond.area = {{{{0, 0}, {40, 0}, {40, 40}, {0, 40}, {0, 0}}, {}}};
  p.water.push_back(pond);
  model::School s;
  s.id = "school";
  s.level = model::SchoolLevel::kPrimary;
  s.enrollment = 500;
  s.location = {20, school_y};
  p.schools.push_back(s);
  return p;
}

RiskSettings settings() {
  RiskSettings s;
  s.segment_m = 40.0;
  s.child_speed_mps = 1.0;
  s.cutoff_min = 15.0;  // 900 s
  s.decay = Decay::kLinear;
  s.bandwidth_m = 100.0;
  s.cell_m = 10.0;
  return s;
}

TEST(Drowning, OnePondOneSchoolByHand) {
  const model::Project p = pond_and_school(-300.0);
  const RiskSettings s = settings();
  const DrowningResult r = assess(p, s, EuclideanWalking(p, s.child_speed_mps));
  ASSERT_EQ(r.segments.size(), 4u);
  double expected_sum = 0.0;
  for (const auto& g : r.segments) {
    // Midpoints: (20,0) south, (40,20) east, (20,40) north, (0,20) west.
    const double d = geo::distance({20, -300}, g.access);
    const double exposure = 1.0 * 500 * (1.0 - d / 900.0);  // primary weight 1, linear decay, 1 m/s
    EXPECT_NEAR(g.exposure, exposure, 1e-9);
    EXPECT_DOUBLE_EQ(g.hazard, 1.0);  // pond weight 1, no safeguards, season 1
    EXPECT_NEAR(g.risk, exposure, 1e-9);
    expected_sum += exposure;
  }
  EXPECT_NEAR(r.segments[0].exposure, 500.0 * (1.0 - 300.0 / 900.0), 1e-9) << "south bank first";
  ASSERT_EQ(r.waters.size(), 1u);
  EXPECT_NEAR(r.waters[0].risk_sum, expected_sum, 1e-9);
  EXPECT_NEAR(r.waters[0].risk_max, 500.0 * (1.0 - 300.0 / 900.0), 1e-9);
}

TEST(Drowning, FenceLowersRiskByExactlyItsFactor) {
  model::Project p = pond_and_school(-300.0);
  const RiskSettings s = settings();
  const double before = assess(p, s, EuclideanWalking(p, 1.0)).waters[0].risk_sum;
  p.water[0].safeguards.fence = true;
  const double fenced = assess(p, s, EuclideanWalking(p, 1.0)).waters[0].risk_sum;
  EXPECT_NEAR(fenced, before * s.fence_factor, 1e-9);
  p.water[0].safeguards.warning_sign = true;
  EXPECT_NEAR(assess(p, s, EuclideanWalking(p, 1.0)).waters[0].risk_sum,
              before * s.fence_factor * s.sign_factor, 1e-9);
}

TEST(Drowning, SchoolBeyondTheCutoffAddsNothing) {
  const model::Project p = pond_and_school(-1000.0);  // 1 000 m > 900 m walk in 15 min
  const DrowningResult r = assess(p, settings(), EuclideanWalking(p, 1.0));
  for (const auto& g : r.segments) {
    EXPECT_EQ(g.exposure, 0.0);
    EXPECT_EQ(g.schools, 0);
  }
  EXPECT_EQ(r.waters[0].risk_sum, 0.0);
}

TEST(Drowning, KernelDensityOfOnePointIsTheQuarticFormula) {
  const geo::Box extent{-200, -200, 200, 200};
  const geo::Raster r = kernel_density({{3, -7}}, {2.5}, extent, 100.0, 10.0, KdeOutput::kScaled);
  for (int row = 0; row < r.height; ++row)
    for (int col = 0; col < r.width; ++col) {
      const double d = geo::distance(r.center(col, row), {3, -7});
      const double u = d / 100.0;
      const double expected = d > 100.0 ? 0.0
                                        : 2.5 * 116.0 / (5.0 * std::numbers::pi * 1e4) *
                                              (15.0 / 16.0) * std::pow(1 - u * u, 2);
      ASSERT_NEAR(r.at(col, row), expected, 1e-6 * std::max(1.0, expected)) << col << "," << row;
    }
  const geo::Raster raw = kernel_density({{0, 0}}, {1.0}, extent, 100.0, 10.0, KdeOutput::kRaw);
  EXPECT_NEAR(raw.at(20, 20),
              std::pow(1 - std::pow(geo::distance(raw.center(20, 20), {0, 0}) / 100.0, 2), 2),
              1e-6);
}

TEST(Drowning, DistanceTransformIsExact) {
  geo::Raster grid = geo::Raster::covering({0, 0, 300, 200}, 10.0);
  std::vector<std::uint8_t> water(grid.values.size(), 0);
  const std::pair<int, int> cells[] = {{3, 4}, {25, 15}, {10, 18}};
  for (auto [c, rr] : cells) water[static_cast<std::size_t>(rr * grid.width + c)] = 1;
  const geo::Raster d = distance_transform(grid, water);
  for (int row = 0; row < grid.height; ++row)
    for (int col = 0; col < grid.width; ++col) {
      double best = 1e18;
      for (auto [c, rr] : cells) best = std::min(best, std::hypot(col - c, row - rr) * 10.0);
      ASSERT_NEAR(d.at(col, row), best, 1e-3);
    }
}

TEST(Drowning, SegmentsCoverTheWholeBank) {
  const model::Project p = pond_and_school(-300.0);
  const auto segs = split_banks(p, 15.0);  // 160 m of bank → 11 pieces of 14.5 m
  double total = 0.0;
  for (const auto& g : segs) total += geo::length(g.line);
  EXPECT_NEAR(total, 160.0, 1e-9);
  EXPECT_EQ(segs.size(), 11u);
}

TEST(Drowning, NoWaterIsAClearError) {
  model::Project p = pond_and_school(-300.0);
  p.water.clear();
  try {
    assess(p, settings(), EuclideanWalking(p, 1.0));
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no water bodies and no waterways"), std::string::npos);
  }
}

TEST(Drowning, RasterCellsGrowWhenTheAreaIsTooLargeForTheCap) {
  const model::Project p = pond_and_school(-300.0);
  RiskSettings s = settings();
  s.bandwidth_m = 1000.0;  // extent 2 040 m × 2 340 m: 47 736 cells of 10 m
  s.max_raster_cells = 1e4;
  const DrowningResult r = assess(p, s, EuclideanWalking(p, 1.0));
  EXPECT_EQ(r.raster_cell_m, 22.0);  // ceil(10 · sqrt(47 736 / 10 000))
  EXPECT_LE(r.risk_density.width * r.risk_density.height, 1.02 * s.max_raster_cells);
  s.max_raster_cells = 1e6;
  EXPECT_EQ(assess(p, s, EuclideanWalking(p, 1.0)).raster_cell_m, 10.0);
}

TEST(Drowning, NonsenseSettingsAreRejected) {
  RiskSettings s = settings();
  s.cutoff_min = -5;
  EXPECT_THROW(s.validate(), Error);
  s = settings();
  s.fence_factor = 1.5;
  EXPECT_THROW(s.validate(), Error);
}

}  // namespace
}  // namespace huxiao::risk

#include "risk/network_walking.hpp"

namespace huxiao::risk {
namespace {

TEST(Drowning, SchoolWithoutRoadAccessFallsBackToTheStraightLineAndIsFlagged) {
  model::Project p = pond_and_school(-300.0);
  // A footpath along the pond's south side, far from the school's reach of 200 m snapping.
  model::Road path;
  path.id = "path";
  path.road_class = model::RoadClass::kFootway;
  path.walkable = true;
  path.drivable = false;
  path.line = {{-50, -5}, {90, -5}};
  p.roads.push_back(path);
  const RiskSettings s = settings();
  const NetworkWalkingTimes walking(p, s);
  const DrowningResult r = assess(p, s, walking);
  ASSERT_EQ(r.schools_walking_estimated.size(), 1u);
  EXPECT_EQ(r.schools_walking_estimated.front(), 0u);
  EXPECT_NEAR(r.segments[0].exposure, 500.0 * (1.0 - 300.0 / 900.0), 1e-9)
      << "the straight-line fallback";
  // Move the school next to the path: now it walks on the network and is not flagged.
  p.schools[0].location = {-40, -20};
  const NetworkWalkingTimes near(p, s);
  EXPECT_TRUE(assess(p, s, near).schools_walking_estimated.empty());
}

}  // namespace
}  // namespace huxiao::risk
