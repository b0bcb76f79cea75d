#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "network/graph.hpp"
#include "network/query.hpp"
#include "network/road_support.hpp"
#include "network/snap.hpp"
#include "support/test_support.hpp"

namespace huxiao::network {
namespace {

using model::RoadClass;

using test_support::road;

std::optional<NodeId> node_at(const Graph& g, geo::Point p) {
  for (NodeId n = 0; n < g.node_count(); ++n) {
    if (g.node(n) == p) return n;
  }
  return std::nullopt;
}

Location at(const Graph& g, geo::Point p) {
  const auto n = node_at(g, p);
  EXPECT_TRUE(n.has_value());
  return *location_at_node(g, *n);
}

double seconds_between(const Graph& g, geo::Point a, geo::Point b) {
  const auto times = one_to_all(g, at(g, a));
  return times[*node_at(g, b)];
}

// [SECTION] topology

TEST(NetworkGraph, WaysJoinOnlyAtSharedVertices) {
  // A T junction through an interior vertex of the through road.
  const std::vector<model::Road> roads = {road("a", {{0, 0}, {100, 0}, {200, 0}}),
                                          road("c", {{100, 0}, {100, 100}})};
  const Graph g = build_graph(roads, Profile::walking());
  EXPECT_EQ(g.node_count(), 4U);
  EXPECT_EQ(g.edge_count(), 3U);
  EXPECT_EQ(g.stats().components, 1U);
  EXPECT_NEAR(seconds_between(g, {0, 0}, {100, 100}), 200.0 / 1.2, 1e-9);
}

TEST(NetworkGraph, BridgeOverRoadIsNotConnected) {
  model::Road bridge = road("bridge", {{100, -100}, {100, 100}}, RoadClass::kPrimary);
  bridge.bridge = true;
  bridge.layer = 1;
  const std::vector<model::Road> roads = {road("below", {{0, 0}, {200, 0}}), bridge};
  for (const Profile& p : {Profile::walking(), Profile::driving()}) {
    const Graph g = build_graph(roads, p);
    EXPECT_EQ(g.node_count(), 4U);
    EXPECT_EQ(g.stats().components, 2U);
    EXPECT_EQ(seconds_between(g, {0, 0}, {100, 100}), kUnreachable);
  }
}

TEST(NetworkGraph, OneWayRespectedWhenDrivingNotWalking) {
  model::Road one = road("one", {{0, 0}, {100, 0}});
  one.oneway = true;
  const std::vector<model::Road> roads = {one};
  const Graph drive = build_graph(roads, Profile::driving());
  EXPECT_NEAR(seconds_between(drive, {0, 0}, {100, 0}), 100.0 / (25.0 / 3.6), 1e-9);
  EXPECT_EQ(seconds_between(drive, {100, 0}, {0, 0}), kUnreachable);
  const Graph walk = build_graph(roads, Profile::walking());
  EXPECT_NEAR(seconds_between(walk, {100, 0}, {0, 0}), 100.0 / 1.2, 1e-9);
}

TEST(NetworkGraph, WalkingOnlyWaysAreNotDriven) {
  const std::vector<model::Road> roads = {road("foot", {{0, 0}, {50, 0}}, RoadClass::kFootway),
                                          road("street", {{50, 0}, {150, 0}})};
  EXPECT_EQ(build_graph(roads, Profile::driving()).edge_count(), 1U);
  EXPECT_EQ(build_graph(roads, Profile::walking()).edge_count(), 2U);
}

// [SECTION] snapping

TEST(NetworkSnap, SnapsOntoTheMiddleOfAnEdge) {
  const std::vector<model::Road> roads = {road("a", {{0, 0}, {100, 0}}),
                                          road("b", {{100, 0}, {100, 300}})};
  const Graph g = build_graph(roads, Profile::walking());
  const Snapper snapper(g);
  const auto loc = snapper.snap({30, 10}, 50.0);
  ASSERT_TRUE(loc.has_value());
  EXPECT_NEAR(loc->along, 30.0, 1e-9);
  EXPECT_NEAR(loc->snap_distance, 10.0, 1e-9);
  EXPECT_EQ(loc->point, (geo::Point{30, 0}));
  // The source starts mid-edge: 70 m to the corner, then 100 m up.
  const auto target = snapper.snap({95, 100}, 50.0);
  ASSERT_TRUE(target.has_value());
  const Matrix m = matrix(g, {loc}, {target});
  EXPECT_NEAR(m.at(0, 0), (70.0 + 100.0) / 1.2, 1e-9);
  // Both on the same edge: straight along it, not via a node.
  const auto same = snapper.snap({80, -5}, 50.0);
  EXPECT_NEAR(matrix(g, {loc}, {same}).at(0, 0), 50.0 / 1.2, 1e-9);
  EXPECT_FALSE(snapper.snap({30, 60}, 50.0).has_value());
}

TEST(NetworkSnap, UnsnappablePlacesAreReportedByName) {
  const std::vector<model::Road> roads = {road("a", {{0, 0}, {100, 0}})};
  const Graph g = build_graph(roads, Profile::walking());
  const Snapper snapper(g);
  const std::vector<Place> places = {{"1", "近路小学", {50, 20}}, {"2", "远山小学", {50, 5000}}};
  const SnapResult r = snapper.snap_all(places, 100.0);
  ASSERT_EQ(r.unsnapped.size(), 1U);
  EXPECT_EQ(r.unsnapped[0], 1U);
  EXPECT_EQ(r.unsnapped_summary(places), "远山小学");
}

TEST(NetworkSnap, MainComponentSkipsOneWayTraps) {
  // A one-way spur leaving the two-way street: cars that enter it never come back.
  model::Road spur = road("spur", {{100, 0}, {100, 100}});
  spur.oneway = true;
  const std::vector<model::Road> roads = {road("street", {{0, 0}, {100, 0}, {200, 0}}), spur};
  const Graph g = build_graph(roads, Profile::driving());
  const auto s = g.stats();
  EXPECT_EQ(s.components, 1U);
  EXPECT_EQ(s.strong_components, 2U);
  EXPECT_EQ(s.largest_strong_component, 3U);
  const geo::Point gate{110, 60};
  EXPECT_EQ(Snapper(g).snap(gate)->snap_distance, 10.0);  // onto the spur
  const auto main = Snapper(g, 0.0, true).snap(gate);
  ASSERT_TRUE(main.has_value());
  EXPECT_EQ(main->snap_distance, 60.0);  // onto the street
}

// [SECTION] queries

TEST(NetworkQuery, IsolatedSchoolIsUnreachable) {
  const std::vector<model::Road> roads = {road("main", {{0, 0}, {1000, 0}}),
                                          road("island", {{5000, 5000}, {5050, 5000}})};
  const Graph g = build_graph(roads, Profile::walking());
  const Snapper snapper(g);
  const auto police = snapper.snap({10, 5});
  const auto school_ok = snapper.snap({900, -5});
  const auto school_island = snapper.snap({5020, 5010});
  ASSERT_TRUE(police && school_ok && school_island);
  const Matrix m = matrix(g, {police}, {school_ok, school_island});
  EXPECT_NEAR(m.at(0, 0), 890.0 / 1.2, 1e-9);
  EXPECT_EQ(m.at(0, 1), kUnreachable);
  EXPECT_FALSE(route(g, *police, *school_island).has_value());
}

TEST(NetworkQuery, CutoffZeroReachesOnlyTheSource) {
  const std::vector<model::Road> roads = {road("a", {{0, 0}, {100, 0}, {200, 0}}),
                                          road("b", {{100, 0}, {100, 100}})};
  const Graph g = build_graph(roads, Profile::walking());
  const auto times = one_to_all(g, at(g, {100, 0}), 0.0);
  std::size_t reached = 0;
  for (double t : times) reached += t != kUnreachable;
  EXPECT_EQ(reached, 1U);
  EXPECT_EQ(times[*node_at(g, {100, 0})], 0.0);
  const Snapper snapper(g);
  const auto here = snapper.snap({100, 0});
  const auto there = snapper.snap({150, 0});
  const Matrix m = matrix(g, {here}, {here, there}, 0.0);
  EXPECT_EQ(m.at(0, 0), 0.0);
  EXPECT_EQ(m.at(0, 1), kUnreachable);
  EXPECT_THROW(one_to_all(g, *here, -1.0), Error);
}

TEST(NetworkQuery, MatrixMatchesBellmanFordOnRandomGrid) {
  // A 12 x 12 grid with random one-way streets and detours; compare against a plain
  // Bellman-Ford relaxation over the same arcs.
  std::mt19937 rng(7);
  std::vector<model::Road> roads;
  const int n = 12;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      const geo::Point p{i * 100.0, j * 100.0};
      for (const auto& q : {geo::Point{p.x + 100, p.y}, geo::Point{p.x, p.y + 100}}) {
        if (q.x >= n * 100.0 || q.y >= n * 100.0) continue;
        model::Road r = road("r" + std::to_string(roads.size()),
                             {p, {(p.x + q.x) / 2 + double(rng() % 30), (p.y + q.y) / 2}, q},
                             rng() % 3 == 0 ? RoadClass::kPrimary : RoadClass::kResidential);
        r.oneway = rng() % 4 == 0;
        if (rng() % 2) std::reverse(r.line.begin(), r.line.end());
        roads.push_back(r);
      }
    }
  }
  const Graph g = build_graph(roads, Profile::driving(model::TimeOfDay::hm(7, 45)));
  std::vector<std::optional<Location>> all;
  for (NodeId v = 0; v < g.node_count(); ++v) all.push_back(location_at_node(g, v));
  const Matrix m = matrix(g, all, all);
  for (NodeId s = 0; s < g.node_count(); s += 13) {
    std::vector<double> d(g.node_count(), kUnreachable);
    d[s] = 0.0;
    for (std::size_t round = 0; round < g.node_count(); ++round) {
      for (NodeId u = 0; u < g.node_count(); ++u) {
        for (const Arc& a : g.out_arcs(u)) d[a.head] = std::min(d[a.head], d[u] + a.seconds);
      }
    }
    for (NodeId t = 0; t < g.node_count(); ++t) {
      if (d[t] == kUnreachable) {
        EXPECT_EQ(m.at(s, t), kUnreachable);
      } else {
        EXPECT_NEAR(m.at(s, t), d[t], 1e-9) << s << " -> " << t;
      }
    }
  }
}

TEST(NetworkQuery, RouteGeometryRunsFromSourceToTarget) {
  const std::vector<model::Road> roads = {road("a", {{0, 0}, {100, 0}}),
                                          road("b", {{100, 0}, {100, 50}, {100, 200}})};
  const Graph g = build_graph(roads, Profile::walking());
  const Snapper snapper(g);
  const auto r = route(g, *snapper.snap({40, 3}), *snapper.snap({97, 120}));
  ASSERT_TRUE(r.has_value());
  EXPECT_NEAR(r->length_m, 60.0 + 120.0, 1e-9);
  EXPECT_NEAR(r->seconds, 180.0 / 1.2, 1e-9);
  ASSERT_GE(r->line.size(), 3U);
  EXPECT_EQ(r->line.front(), (geo::Point{40, 0}));
  EXPECT_EQ(r->line.back(), (geo::Point{100, 120}));
  EXPECT_NEAR(geo::length(r->line), r->length_m, 1e-9);
}

TEST(NetworkQuery, IsochroneCoversWhatIsReachable) {
  const std::vector<model::Road> roads = {road("a", {{0, 0}, {500, 0}, {1000, 0}}),
                                          road("b", {{500, 0}, {500, 800}})};
  const Graph g = build_graph(roads, Profile::walking());
  const Snapper snapper(g);
  // 100 s at 1.2 m/s: 120 m each way from x = 450.
  const Isochrone iso = isochrone(g, *snapper.snap({450, 0}), 100.0, 20.0);
  EXPECT_NEAR(iso.reached_length_m, 120.0 + 120.0 + 70.0, 1e-6);
  EXPECT_TRUE(geo::contains(iso.area, {340, 0}));
  EXPECT_TRUE(geo::contains(iso.area, {500, 60}));
  EXPECT_FALSE(geo::contains(iso.area, {300, 0}));
  EXPECT_FALSE(geo::contains(iso.area, {500, 120}));
}

// [SECTION] profiles

TEST(NetworkProfile, PeakHourSlowsArterials) {
  const std::vector<model::Road> roads = {road("p", {{0, 0}, {1000, 0}}, RoadClass::kPrimary)};
  const double free = seconds_between(build_graph(roads, Profile::driving()), {0, 0}, {1000, 0});
  const double peak = seconds_between(
      build_graph(roads, Profile::driving(model::TimeOfDay::hm(7, 30))), {0, 0}, {1000, 0});
  const double noon = seconds_between(
      build_graph(roads, Profile::driving(model::TimeOfDay::hm(12, 0))), {0, 0}, {1000, 0});
  EXPECT_NEAR(free, 1000.0 / (50.0 / 3.6), 1e-9);
  EXPECT_NEAR(peak, free / 0.45, 1e-9);
  EXPECT_EQ(noon, free);
}

TEST(NetworkProfile, MeasuredSpeedsOverrideDefaults) {
  testing::ScratchDir dir;
  testing::write_file(dir / "speeds.csv", "road_id,speed_kmh,from,to\np,36,07:00,08:30\np,72,,\n");
  Profile p = Profile::driving(model::TimeOfDay::hm(7, 30));
  p.measured = read_measured_speeds(dir / "speeds.csv");
  const std::vector<model::Road> roads = {road("p", {{0, 0}, {1000, 0}}, RoadClass::kPrimary)};
  EXPECT_NEAR(seconds_between(build_graph(roads, p), {0, 0}, {1000, 0}), 100.0, 1e-9);
  p.at = model::TimeOfDay::hm(12, 0);
  EXPECT_NEAR(seconds_between(build_graph(roads, p), {0, 0}, {1000, 0}), 50.0, 1e-9);

  testing::write_file(dir / "bad.csv", "road_id,speed_kmh\np,fast\n");
  try {
    read_measured_speeds(dir / "bad.csv");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kBadValue);
    EXPECT_EQ(e.context().line, 2);
  }
}

TEST(NetworkProfile, RejectsNonsenseParameters) {
  EXPECT_THROW(build_graph({}, Profile::walking(0.0)), Error);
  Profile p = Profile::driving();
  p.peaks[0].factor[2] = -1.0;
  EXPECT_THROW(build_graph({}, p), Error);
}

}  // namespace
}  // namespace huxiao::network
