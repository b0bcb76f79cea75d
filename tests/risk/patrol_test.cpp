// The patrol tour against brute force, and the routed patrol on a small street grid.
#include <algorithm>
#include <random>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "risk/patrol.hpp"

namespace huxiao::risk {
namespace {

CostMatrix euclidean(const std::vector<geo::Point>& pts) {
  CostMatrix m{pts.size(), std::vector<double>(pts.size() * pts.size())};
  for (std::size_t i = 0; i < pts.size(); ++i)
    for (std::size_t j = 0; j < pts.size(); ++j)
      m.cost[i * m.n + j] = geo::distance(pts[i], pts[j]);
  return m;
}

std::vector<geo::Point> random_points(std::size_t n, std::mt19937& rng) {
  std::uniform_real_distribution<double> u(0.0, 1000.0);
  std::vector<geo::Point> pts(n);
  for (auto& p : pts) p = {u(rng), u(rng)};
  return pts;
}

void expect_closed_tour(const std::vector<std::size_t>& order, std::size_t n) {
  ASSERT_EQ(order.size(), n);
  EXPECT_EQ(order.front(), 0u) << "starts (and so ends) at the start";
  EXPECT_EQ(std::set<std::size_t>(order.begin(), order.end()).size(), n) << "each stop once";
}

TEST(PatrolTour, EqualsTheBruteForceOptimumOnSmallRandomInstances) {
  std::mt19937 rng(20261123);
  for (std::size_t n = 3; n <= 8; ++n)
    for (int trial = 0; trial < 25; ++trial) {
      const CostMatrix m = euclidean(random_points(n, rng));
      const auto heuristic = solve_tour(m);
      expect_closed_tour(heuristic, n);
      EXPECT_NEAR(tour_cost(m, heuristic), tour_cost(m, brute_force_tour(m)), 1e-9)
          << "n " << n << " trial " << trial;
    }
}

TEST(PatrolTour, EqualsTheBruteForceOptimumWithOneWayCosts) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> detour(1.0, 1.4);
  for (std::size_t n = 4; n <= 8; ++n)
    for (int trial = 0; trial < 10; ++trial) {
      CostMatrix m = euclidean(random_points(n, rng));
      for (auto& c : m.cost) c *= detour(rng);  // asymmetric, as one-way streets make it
      EXPECT_NEAR(tour_cost(m, solve_tour(m)), tour_cost(m, brute_force_tour(m)), 1e-9)
          << "n " << n << " trial " << trial;
    }
}

TEST(PatrolTour, VisitsEveryStopOnceAndReturnsToTheStart) {
  std::mt19937 rng(3);
  const auto pts = random_points(40, rng);
  const CostMatrix m = euclidean(pts);
  auto nn = nearest_neighbour_tour(m, 0);
  expect_closed_tour(nn, 40);
  const double before = tour_cost(m, nn);
  improve_tour(m, nn);
  expect_closed_tour(nn, 40);
  EXPECT_LE(tour_cost(m, nn), before);
  // The cost includes the way back: a tour of two stops is there and back.
  EXPECT_DOUBLE_EQ(tour_cost(m, {0, 1}), m.at(0, 1) + m.at(1, 0));
}

// A 5 × 5 street grid, 100 m blocks, each block side its own two-way residential road.
model::Project street_grid() {
  model::Project p;
  p.info.crs = geo::Crs::parse("EPSG:32648");
  const auto add = [&](geo::Point a, geo::Point b) {
    model::Road r;
    r.id = r.name = fmt::format("{},{}-{},{}", a.x, a.y, b.x, b.y);
    r.line = {a, b};
    p.roads.push_back(r);
  };
  for (int i = 0; i <= 4; ++i)
    for (int j = 0; j < 4; ++j) {
      add({i * 100.0, j * 100.0}, {i * 100.0, (j + 1) * 100.0});
      add({j * 100.0, i * 100.0}, {(j + 1) * 100.0, i * 100.0});
    }
  model::PoliceUnit station;
  station.id = "ps";
  station.name = "东城派出所";
  station.location = {5, 5};
  p.police.push_back(station);
  model::PoliceUnit post;
  post.id = "pp";
  post.name = "河边警务室";
  post.kind = model::PoliceKind::kPost;
  post.location = {300, 300};
  p.police.push_back(post);
  return p;
}

TEST(Patrol, RouteLengthIsTheSumOfItsLegsAndEveryStopIsVisited) {
  const model::Project p = street_grid();
  // Every stop on the grid's rim, so the best tour is the rim itself: 1 600 m.
  const std::vector<PatrolStop> stops = {
      {"start", {0, 0}}, {"a", {400, 390}}, {"b", {210, 0}},           {"c", {0, 300}},
      {"d", {400, 10}},  {"e", {120, 400}}, {"far away", {3000, 3000}}};
  const PatrolPlan plan = plan_patrol(p, stops, {});
  ASSERT_EQ(plan.unreachable, std::vector<std::size_t>{6}) << "reported, not dropped silently";
  expect_closed_tour(plan.order, 6);
  ASSERT_EQ(plan.legs.size(), 6u);
  double length = 0.0, seconds = 0.0;
  for (std::size_t k = 0; k < plan.legs.size(); ++k) {
    EXPECT_EQ(plan.legs[k].from, plan.order[k]);
    EXPECT_EQ(plan.legs[k].to, plan.order[(k + 1) % plan.order.size()]);
    length += plan.legs[k].length_m;
    seconds += plan.legs[k].seconds;
  }
  EXPECT_DOUBLE_EQ(plan.length_m, length);
  EXPECT_DOUBLE_EQ(plan.seconds, seconds);
  EXPECT_NEAR(geo::length(plan.line), plan.length_m, 1e-6) << "the stitched geometry";
  EXPECT_EQ(plan.line.front(), plan.line.back()) << "back at the start";
  EXPECT_NEAR(plan.length_m, 1600.0, 1e-6);
}

TEST(Patrol, StartIsTheNearestStationOrTheNamedUnit) {
  model::Project p = street_grid();
  const std::vector<PatrolStop> sites = {{"s", {350, 350}}};
  EXPECT_EQ(patrol_start(p, sites, "")->name, "东城派出所") << "a station before a nearer post";
  EXPECT_EQ(patrol_start(p, sites, "河边")->name, "河边警务室");
  EXPECT_THROW(patrol_start(p, sites, "西城派出所"), Error);
  p.police.clear();
  model::School school;
  school.name = "实验小学";
  school.location = {100, 100};
  p.schools.push_back(school);
  EXPECT_EQ(patrol_start(p, sites, "")->name, "实验小学") << "no police: the nearest school";
}

}  // namespace
}  // namespace huxiao::risk
