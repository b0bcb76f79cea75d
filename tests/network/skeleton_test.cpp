// The skeleton (network/skeleton.hpp): contracting nodes and sweeping them back in changes the
// order of the work and the order of the sums, never a time, so everything is checked against a
// plain Bellman-Ford relaxation over the graph's own arcs, on grids with dead ends, chains, one-way
// streets, parallel lanes, a loop road and a ring road met by nothing.
#include <algorithm>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "network/graph.hpp"
#include "network/query.hpp"
#include "network/road_support.hpp"
#include "network/skeleton.hpp"
#include "network/snap.hpp"

namespace huxiao::network {
namespace {

using test_support::bellman_ford;
using test_support::spurred_grid;

// Places on random edges, the ends included; the ring road (the last edges) always gets some.
std::vector<std::optional<Location>> places_on(const Graph& g, unsigned seed, int count) {
  std::mt19937 rng(seed);
  std::vector<std::optional<Location>> places;
  for (int k = 0; k < count; ++k) {
    const auto e = static_cast<EdgeId>(k < 3 ? g.edge_count() - 1 - k : rng() % g.edge_count());
    const double along = g.edge(e).length_m * double(rng() % 5) / 4.0;
    places.push_back(Location{e, along, {}, 0.0});
  }
  return places;
}

// What the matrix must hold for one pair: through either end of the target's edge, or along it.
double expected_cell(const Graph& g, const std::vector<double>& from_source, const Location& source,
                     const Location& target) {
  double best = direct_seconds(g, source, target);
  for (const Seed& s : arrival_seeds_of(g, target))
    best = std::min(best, from_source[s.node] + s.seconds);
  return best;
}

struct Case {
  double long_m;  // 1e6: a ring too long for the bucket queue, so the radix heap runs
  std::size_t max_degree;
  std::size_t parts = 1;  // contracted in parallel pieces first, then their borders
};

class NetworkSkeleton : public ::testing::TestWithParam<Case> {};

TEST_P(NetworkSkeleton, EveryNodeAndEveryCellEqualsBellmanFord) {
  const Case c = GetParam();
  for (unsigned seed : {1U, 2U, 3U}) {
    const auto roads = spurred_grid(seed, c.long_m);
    for (const Profile& profile : {Profile::driving(), Profile::walking()}) {
      const Graph g = build_graph(roads, profile);
      const Skeleton sk(g, c.max_degree, c.parts);
      const SkeletonStats& st = sk.stats();
      EXPECT_EQ(st.contracted + st.skeleton_nodes, g.node_count());
      // Ranks are a permutation of the nodes.
      std::vector<std::uint32_t> ranks;
      for (NodeId v = 0; v < g.node_count(); ++v) ranks.push_back(sk.rank(v));
      std::sort(ranks.begin(), ranks.end());
      for (std::uint32_t r = 0; r < ranks.size(); ++r) ASSERT_EQ(ranks[r], r);
      if (c.max_degree >= 3) {
        // Most of a street grid with spurs and chains goes: dead ends, bends, T-junctions.
        EXPECT_GT(st.contracted, g.node_count() / 2) << to_string(profile.mode);
        EXPECT_LE(st.skeleton_arcs, g.arc_count());  // contracting never grows the graph
      }

      const auto places = places_on(g, seed, 21);  // two full bundles and a partial one
      std::vector<std::vector<double>> expected;
      for (const auto& p : places) expected.push_back(bellman_ford(g, seeds_of(g, *p)));
      Skeleton::Scratch scratch;
      std::vector<double> dist;
      for (std::size_t first = 0; first < places.size(); first += Skeleton::kLanes) {
        std::vector<std::vector<Seed>> seeds;
        for (std::size_t i = first; i < places.size() && i < first + Skeleton::kLanes; ++i)
          seeds.push_back(seeds_of(g, *places[i]));
        sk.times_from(seeds, dist, scratch);
        for (std::size_t lane = 0; lane < Skeleton::kLanes; ++lane) {
          for (NodeId v = 0; v < g.node_count(); ++v) {
            const double got = dist[sk.rank(v) * Skeleton::kLanes + lane];
            if (lane >= seeds.size() || expected[first + lane][v] == kUnreachable) {
              ASSERT_EQ(got, kUnreachable) << "lane " << lane << " node " << v;
            } else {
              ASSERT_NEAR(got, expected[first + lane][v], 1e-9) << "lane " << lane << " node " << v;
            }
          }
        }
      }

      // The matrix, with an origin and a destination that did not snap.
      auto origins = places;
      origins.insert(origins.begin() + 5, std::nullopt);
      auto destinations = places_on(g, seed + 10, 12);
      destinations.push_back(std::nullopt);
      destinations.push_back(places[2]);  // the same place as an origin: 0 s
      for (const double cutoff : {kUnreachable, 60.0}) {
        const Matrix m = matrix(sk, origins, destinations, cutoff);
        ASSERT_EQ(m.rows, origins.size());
        ASSERT_EQ(m.cols, destinations.size());
        for (std::size_t r = 0; r < origins.size(); ++r) {
          for (std::size_t col = 0; col < destinations.size(); ++col) {
            double want = kUnreachable;
            if (origins[r] && destinations[col]) {
              const std::size_t place = r < 5 ? r : r - 1;
              want = expected_cell(g, expected[place], *origins[r], *destinations[col]);
            }
            if (want > cutoff) want = kUnreachable;
            if (want == kUnreachable) {
              EXPECT_EQ(m.at(r, col), kUnreachable) << r << " -> " << col;
            } else {
              EXPECT_NEAR(m.at(r, col), want, 1e-9) << r << " -> " << col;
            }
          }
        }
        EXPECT_EQ(m.at(2, destinations.size() - 1), 0.0);
      }
      // The same through matrix() on the graph, which builds its own skeleton (the default one).
      const Matrix direct =
          matrix(g, origins, destinations, kUnreachable, no_progress(), MatrixMethod::kSkeleton);
      const Matrix again = matrix(Skeleton(g), origins, destinations);
      EXPECT_EQ(direct.seconds, again.seconds);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Degrees, NetworkSkeleton,
                         ::testing::Values(Case{300.0, 0}, Case{300.0, 2}, Case{300.0, 3},
                                           Case{300.0, 6}, Case{300.0, 8}, Case{1e6, 3},
                                           Case{1e6, 8}, Case{300.0, 6, 2}, Case{300.0, 6, 7},
                                           Case{1e6, 8, 3}),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           return (param_info.param.long_m > 1000.0 ? std::string("RadixHeap")
                                                                    : std::string("Buckets")) +
                                  "Degree" + std::to_string(param_info.param.max_degree) + "Parts" +
                                  std::to_string(param_info.param.parts);
                         });

TEST(NetworkSkeletonMatrix, NegativeCutoffIsRefused) {
  const Graph g = build_graph(spurred_grid(1, 300.0), Profile::walking());
  const Skeleton sk(g);
  try {
    matrix(sk, places_on(g, 1, 3), places_on(g, 2, 3), -1.0);
    FAIL() << "a negative cutoff was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kBadParameter);
    EXPECT_NE(std::string(e.what()).find("cutoff must be 0 or more seconds"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("five minutes"), std::string::npos);
  }
}

TEST(NetworkSkeletonMatrix, AGraphWithoutRoadsGivesUnreachableCells) {
  const Graph g = build_graph({}, Profile::driving());
  const Skeleton sk(g);
  EXPECT_EQ(sk.stats().nodes, 0U);
  const Matrix m = matrix(sk, {std::nullopt, std::nullopt}, {std::nullopt});
  ASSERT_EQ(m.seconds.size(), 2U);
  EXPECT_EQ(m.at(0, 0), kUnreachable);
  EXPECT_EQ(m.at(1, 0), kUnreachable);
}

TEST(NetworkSkeletonMatrix, AutoPicksTheSkeletonForAWholeGraphMatrixOfSeveralOrigins) {
  const Graph g = build_graph(spurred_grid(1, 300.0), Profile::driving());
  const auto many = places_on(g, 1, 60);
  const auto few = places_on(g, 2, kSkeletonMinOrigins - 1);
  const auto some = places_on(g, 3, kSkeletonMinOrigins);
  EXPECT_EQ(choose_matrix_method(some, many, kUnreachable, g.node_count()),
            MatrixMethod::kSkeleton);
  EXPECT_EQ(choose_matrix_method(few, many, kUnreachable, g.node_count()), MatrixMethod::kDijkstra);
  // A cutoff prunes each Dijkstra to the area it reaches; the skeleton's sweep cannot.
  EXPECT_EQ(choose_matrix_method(some, many, 300.0, g.node_count()), MatrixMethod::kDijkstra);
}

}  // namespace
}  // namespace huxiao::network
