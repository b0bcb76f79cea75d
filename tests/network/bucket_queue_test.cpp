// Dijkstra's bucket queue (network/bucket_queue.hpp) and the dead-end settling in query.cpp:
// both change only the order of work, never a time, so every test compares against a plain
// Bellman-Ford relaxation over the graph's own arcs (on grids with dead ends, roads in pieces,
// one-way streets, a loop road and a ring road met by nothing).
#include <algorithm>
#include <random>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "network/bucket_queue.hpp"
#include "network/graph.hpp"
#include "network/query.hpp"
#include "network/road_support.hpp"
#include "network/snap.hpp"

namespace huxiao::network {
namespace {

using model::RoadClass;

using test_support::bellman_ford;
using test_support::road;
using test_support::spurred_grid;

TEST(NetworkBucketQueue, PopsBucketsInOrderAndRefusesUnusableRanges) {
  BucketQueue q;
  EXPECT_FALSE(q.configure(0.0, 10.0, 4));  // a zero-cost arc: no width would be exact
  EXPECT_FALSE(q.configure(1e-6, 1e6, 4));  // far more than kMaxBuckets buckets
  ASSERT_TRUE(q.configure(1.0, 10.0, 100));
  std::mt19937 rng(3);
  std::vector<double> label(100);
  q.start(0.0);
  for (std::uint32_t n = 0; n < 100; ++n) {
    label[n] = double(rng() % 1000) / 100.0;  // within one arc (10 s) of the start
    q.insert_or_lower(n, label[n] + 1.0);
    q.insert_or_lower(n, label[n]);  // lowered: moves, is not queued twice
  }
  double last = 0.0;
  int popped = 0;
  while (!q.empty()) {
    const double d = label[q.pop()];
    EXPECT_GE(d, last - 0.5);  // buckets are half the cheapest arc (1 s) wide
    last = std::max(last, d);
    ++popped;
  }
  EXPECT_EQ(popped, 100);
}

class NetworkDijkstraQueues : public ::testing::TestWithParam<double> {};

// A 300 m track: the bucket queue; a 1 000 km one (a ring of more than kMaxBuckets for 5 cm
// arcs): the radix heap.
TEST_P(NetworkDijkstraQueues, OneToAllAndMatrixEqualBellmanFord) {
  for (unsigned seed : {1U, 2U, 3U}) {
    const auto roads = spurred_grid(seed, GetParam());
    for (const Profile& profile : {Profile::driving(), Profile::walking()}) {
      const Graph g = build_graph(roads, profile);
      std::size_t dead_ends = 0;
      for (NodeId v = 0; v < g.node_count(); ++v) dead_ends += g.dead_end(v) ? 1 : 0;
      EXPECT_GT(dead_ends, 5U);
      BucketQueue q;
      EXPECT_EQ(q.configure(g.min_arc_seconds(), g.max_arc_seconds(), g.node_count()),
                GetParam() < 1000.0);
      Workspace ws(g);
      std::mt19937 rng(seed);
      std::vector<std::optional<Location>> places;
      for (int k = 0; k < 40; ++k) {
        // The last few edges (the ring road's) always get a place, the rest at random.
        const auto e = static_cast<EdgeId>(k < 3 ? g.edge_count() - 1 - k : rng() % g.edge_count());
        const double along = g.edge(e).length_m * double(rng() % 5) / 4.0;  // ends included
        places.push_back(Location{e, along, {}, 0.0});
      }
      for (const auto& p : places) {
        one_to_all(g, *p, kUnreachable, ws);
        const auto expected = bellman_ford(g, seeds_of(g, *p));
        std::vector<NodeId> settled = ws.settled();
        std::sort(settled.begin(), settled.end());
        EXPECT_TRUE(std::adjacent_find(settled.begin(), settled.end()) == settled.end());
        EXPECT_EQ(settled.size(), static_cast<std::size_t>(
                                      std::count_if(expected.begin(), expected.end(),
                                                    [](double d) { return d != kUnreachable; })));
        for (NodeId v = 0; v < g.node_count(); ++v) {
          if (expected[v] == kUnreachable) {
            EXPECT_EQ(ws.seconds(v), kUnreachable);
          } else {
            EXPECT_NEAR(ws.seconds(v), expected[v], 1e-9);
          }
        }
      }
      // The nearest of several sources: one search with all their seeds.
      std::vector<Location> several;
      std::vector<Seed> all_seeds;
      for (std::size_t k = 0; k < places.size(); k += 4) {
        several.push_back(*places[k]);
        for (const Seed& sd : seeds_of(g, *places[k])) all_seeds.push_back(sd);
      }
      const auto nearest = nearest_of(g, several);
      const auto expected_nearest = bellman_ford(g, all_seeds);
      for (NodeId v = 0; v < g.node_count(); ++v) {
        if (expected_nearest[v] == kUnreachable) {
          EXPECT_EQ(nearest[v], kUnreachable);
        } else {
          EXPECT_NEAR(nearest[v], expected_nearest[v], 1e-9);
        }
      }
      // Few destinations: each search stops once their edges' ends are settled (or, with one on
      // the ring road, whose chain has no ends, runs to the end).
      for (std::size_t first : {0U, 3U}) {
        const std::vector<std::optional<Location>> few(places.begin() + first,
                                                       places.begin() + first + 6);
        const Matrix m =
            matrix(g, places, few, kUnreachable, no_progress(), MatrixMethod::kDijkstra);
        for (std::size_t r = 0; r < places.size(); ++r) {
          const auto expected = bellman_ford(g, seeds_of(g, *places[r]));
          for (std::size_t c = 0; c < few.size(); ++c) {
            double best = direct_seconds(g, *places[r], *few[c]);
            for (const Seed& s : arrival_seeds_of(g, *few[c]))
              best = std::min(best, expected[s.node] + s.seconds);
            if (best == kUnreachable) {
              EXPECT_EQ(m.at(r, c), kUnreachable);
            } else {
              EXPECT_NEAR(m.at(r, c), best, 1e-9) << r << " -> " << c;
            }
          }
        }
      }
    }
  }
}

TEST(NetworkNearestOf, NegativeCutoffIsRefusedWithTheFix) {
  const Graph g = build_graph(spurred_grid(1, 300.0), Profile::walking());
  try {
    nearest_of(g, {Location{0, 0.0, {}, 0.0}}, -1.0);
    FAIL() << "a negative cutoff was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kBadParameter);
    EXPECT_NE(std::string(e.what()).find("cutoff must be 0 or more seconds"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("five minutes"), std::string::npos);
  }
  // No source at all: nothing is reached.
  const auto none = nearest_of(g, {});
  EXPECT_TRUE(std::all_of(none.begin(), none.end(), [](double d) { return d == kUnreachable; }));
}

INSTANTIATE_TEST_SUITE_P(Ranges, NetworkDijkstraQueues, ::testing::Values(300.0, 1e6));

}  // namespace
}  // namespace huxiao::network
