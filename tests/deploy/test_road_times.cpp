// Road travel times for the deployment: one-way detours, schools off the network, candidate
// sites on the network, and the response-time raster and charts.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "deploy/deployment.hpp"
#include "deploy/road_times.hpp"
#include "support/test_support.hpp"

namespace huxiao::deploy {
namespace {

using huxiao::testing::ScratchDir;

model::Road road(std::string id, geo::LineString line, bool oneway = false) {
  model::Road r;
  r.id = id;
  r.name = id;
  r.road_class = model::RoadClass::kResidential;
  r.line = std::move(line);
  r.oneway = oneway;
  return r;
}

// A (0,0) → B (400,0) only via C (0,400) and D (400,400): the direct street is one-way B → A.
std::vector<model::Road> detour_roads() {
  return {road("direct", {{400, 0}, {0, 0}}, true), road("ac", {{0, 0}, {0, 400}}),
          road("cd", {{0, 400}, {400, 400}}), road("db", {{400, 400}, {400, 0}})};
}

model::School school(std::string id, geo::Point at, int enrollment) {
  model::School s;
  s.id = id;
  s.name = id;
  s.location = at;
  s.enrollment = enrollment;
  s.morning_bell = model::TimeOfDay::hm(8, 0);
  s.dismissal = model::TimeOfDay::hm(16, 0);
  return s;
}

TEST(RoadTimes, OneWayDetourGetsTheDetoursTime) {
  const RoadTravelTimes t(detour_roads(), model::TimeOfDay::hm(7, 30), 50);
  const std::vector<geo::Point> a{{0, 0}}, b{{400, 0}};
  const double back = t.seconds(b, a)(0, 0);  // with the one-way street: one block
  const double there = t.seconds(a, b)(0, 0);
  ASSERT_TRUE(std::isfinite(there));
  double block = 0;  // the direct street's own time (all four blocks are alike)
  for (const auto& e : t.graph().edges())
    block = std::max(block, std::min(e.forward_s, e.backward_s));
  EXPECT_NEAR(back, block, 1e-6);
  EXPECT_NEAR(there, 3 * block, 1e-6);
  // With a cutoff below the detour the school is out of reach (coverage needs no more).
  EXPECT_FALSE(std::isfinite(t.seconds_within(a, b, 2 * block)(0, 0)));
}

// A 3 × 3 block grid (200 m) with two schools, and one school 5 km away beside a lone lane.
model::Project grid_project() {
  model::Project p;
  p.info.name = "grid";
  p.info.crs = geo::Crs::parse("EPSG:32648");
  for (int k = 0; k <= 3; ++k) {
    const double c = 200.0 * k;
    p.roads.push_back(road(fmt::format("h{}", k), {{0, c}, {200, c}, {400, c}, {600, c}}));
    p.roads.push_back(road(fmt::format("v{}", k), {{c, 0}, {c, 200}, {c, 400}, {c, 600}}));
  }
  p.roads.push_back(road("lane", {{5000, 0}, {5100, 0}}));
  p.schools = {school("north", {200, 410}, 800), school("south", {400, 190}, 600),
               school("isolated", {5050, 300}, 300)};
  return p;
}

TEST(RoadTimes, SchoolsAndSitesOffTheNetworkAreReportedAndSitesSnapToThemselves) {
  const model::Project p = grid_project();
  const RoadTravelTimes t(p.roads, model::TimeOfDay::hm(7, 30), 100);
  DeploySettings st;
  st.new_posts = 1;
  st.max_new_posts = 2;
  st.heatmap_cell_m = 50;
  const DeployResult r = run_deployment(p, t, st);
  EXPECT_EQ(r.summary["travel_times_source"], "road");
  ASSERT_EQ(r.summary["schools_not_on_road_network"].size(), 1u);
  EXPECT_EQ(r.summary["schools_not_on_road_network"][0]["school"], "isolated");
  // The lone lane's vertices are near the isolated school but not on the main network.
  bool lane_reported = false;
  for (const auto& s : r.summary["sites_not_on_road_network"])
    lane_reported |= s["site_id"].get<std::string>().rfind("lane#", 0) == 0;
  EXPECT_TRUE(lane_reported);
  // Every road vertex kept as a site is on the network: the chosen post sits on its own vertex.
  std::vector<geo::Point> posts;
  for (const auto& row : r.posts.rows) posts.push_back(std::get<geo::Point>(*row.geometry));
  for (double d : t.placement_distances(posts)) EXPECT_LT(d, 0.5);
  // The isolated school counts as uncovered.
  EXPECT_EQ(r.summary["within"]["5min"]["schools"], 2);
  ASSERT_TRUE(r.response_time.has_value());

  ScratchDir dir;
  write_deployment(r, p.info.crs, dir.path() / "out");
  for (const char* f : {"coverage_curve.png", "response_time.png", "response_time.tif"}) {
    const auto file = dir.path() / "out" / f;
    ASSERT_TRUE(std::filesystem::exists(file)) << f;
    EXPECT_GT(std::filesystem::file_size(file), 2000u) << f;
  }
}

TEST(RoadTimes, RasterIsZeroAtThePostAndGrowsByLengthOverSpeed) {
  // One two-way street along the centres of a row of 25 m cells.
  const RoadTravelTimes t({road("s", {{12.5, 12.5}, {1012.5, 12.5}})}, model::TimeOfDay::hm(7, 30),
                          50);
  const double per_metre = t.graph().edge(0).forward_s / t.graph().edge(0).length_m;
  const std::vector<geo::Point> post{{12.5, 12.5}};
  const geo::Raster r = t.response_raster(
      post, {.extent = {0, -100, 1000, 50}, .cell_m = 25, .max_road_distance_m = 30});
  ASSERT_EQ(r.min_x, 0);
  ASSERT_EQ(r.max_y, 50);
  EXPECT_FLOAT_EQ(r.at(0, 1), 0.0f);  // the post's own cell
  for (int col : {4, 8, 20}) EXPECT_NEAR(r.at(col, 1), 25.0 * col * per_metre, 1e-3) << col;
  EXPECT_NEAR(r.at(8, 0), r.at(8, 1), 1e-6);  // 25 m off the road: the road point's time
  EXPECT_EQ(r.at(8, 4), r.nodata);            // 75 m off the road: nodata
}

}  // namespace
}  // namespace huxiao::deploy
