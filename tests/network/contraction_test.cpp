#include "network/contraction.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/error.hpp"
#include "network/graph.hpp"
#include "network/query.hpp"
#include "network/road_support.hpp"

namespace huxiao::network {
namespace {

using model::RoadClass;

using test_support::road;

// A grid with random classes, one-way streets (a quarter), detours, missing blocks, diagonals
// and a separate island with a one-way trap, so that some pairs are unreachable.
std::vector<model::Road> random_roads(unsigned seed, int n) {
  std::mt19937 rng(seed);
  std::vector<model::Road> roads;
  const RoadClass classes[] = {RoadClass::kPrimary, RoadClass::kSecondary, RoadClass::kResidential,
                               RoadClass::kService};
  auto add = [&](geo::Point p, geo::Point q, bool oneway) {
    model::Road r =
        road("r" + std::to_string(roads.size()),
             {p, {(p.x + q.x) / 2 + double(rng() % 30), (p.y + q.y) / 2}, q}, classes[rng() % 4]);
    r.oneway = oneway;
    if (rng() % 2) std::reverse(r.line.begin(), r.line.end());
    roads.push_back(std::move(r));
  };
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      const geo::Point p{i * 100.0, j * 100.0};
      for (const auto& q : {geo::Point{p.x + 100, p.y}, geo::Point{p.x, p.y + 100}}) {
        if (q.x >= n * 100.0 || q.y >= n * 100.0 || rng() % 10 == 0) continue;
        add(p, q, rng() % 4 == 0);
      }
      if (i + 1 < n && j + 1 < n && rng() % 6 == 0) add(p, {p.x + 100, p.y + 100}, rng() % 2 == 0);
    }
  }
  const double far = n * 100.0 + 1000.0;
  add({far, 0}, {far + 100, 0}, false);
  add({far + 100, 0}, {far + 200, 0}, true);  // one way out of the island
  return roads;
}

// Random points on random edges: ends, middles, and several on the same edges.
std::vector<std::optional<Location>> random_locations(const Graph& g, unsigned seed,
                                                      std::size_t count) {
  std::mt19937 rng(seed);
  std::vector<std::optional<Location>> out;
  while (out.size() < count) {
    const auto e = static_cast<EdgeId>(rng() % g.edge_count());
    const double len = g.edge(e).length_m;
    const int kind = static_cast<int>(rng() % 5);
    const double along = kind == 0   ? 0.0
                         : kind == 1 ? len
                                     : len * std::uniform_real_distribution<double>(0, 1)(rng);
    out.push_back(Location{e, along, {}, 0.0});
    if (rng() % 4 == 0 && out.size() < count) {  // a second place on the same edge
      out.push_back(Location{e, len * std::uniform_real_distribution<double>(0, 1)(rng), {}, 0.0});
    }
  }
  out.push_back(std::nullopt);  // an unsnapped place
  return out;
}

void expect_same(const Matrix& a, const Matrix& b) {
  ASSERT_EQ(a.rows, b.rows);
  ASSERT_EQ(a.cols, b.cols);
  std::size_t finite = 0;
  for (std::size_t r = 0; r < a.rows; ++r) {
    for (std::size_t c = 0; c < a.cols; ++c) {
      if (a.at(r, c) == kUnreachable || b.at(r, c) == kUnreachable) {
        EXPECT_EQ(a.at(r, c), b.at(r, c)) << r << " -> " << c;
      } else {
        ++finite;
        EXPECT_NEAR(a.at(r, c), b.at(r, c), 1e-6) << r << " -> " << c;
      }
    }
  }
  EXPECT_GT(finite, a.seconds.size() / 2);
}

// Full hierarchy, cores of 10 % and 40 %, and no contraction at all (a Dijkstra through buckets).
constexpr double kCores[] = {0.0, 0.1, 0.4, 1.0};

TEST(NetworkContraction, MatrixEqualsDijkstraWithOneWaysAndMidEdgePlaces) {
  for (unsigned seed : {1U, 2U, 3U}) {
    const auto roads = random_roads(seed, 14);
    for (const Profile& profile :
         {Profile::driving(model::TimeOfDay::hm(7, 30)), Profile::walking()}) {
      const Graph g = build_graph(roads, profile);
      const auto from = random_locations(g, seed * 10, 60);
      const auto to = random_locations(g, seed * 10 + 1, 70);
      const Matrix dijkstra =
          matrix(g, from, to, kUnreachable, no_progress(), MatrixMethod::kDijkstra);
      const Matrix square =
          matrix(g, from, from, kUnreachable, no_progress(), MatrixMethod::kDijkstra);
      for (const double core : kCores) {
        SCOPED_TRACE(testing::Message() << "seed " << seed << ", core " << core);
        const ContractionHierarchy ch(g, no_progress(), {.core_fraction = core});
        EXPECT_EQ(ch.stats().nodes, g.node_count());
        EXPECT_LE(ch.stats().core_nodes, static_cast<std::size_t>(core * double(g.node_count())));
        expect_same(network::matrix(ch, from, to), dijkstra);
        // Same places both ways: the diagonal and same-edge pairs.
        expect_same(network::matrix(ch, from, from), square);
      }
    }
  }
}

TEST(NetworkContraction, CoreLeavesTheDensestNodesUncontracted) {
  const Graph g = build_graph(random_roads(9, 14), Profile::driving());
  const ContractionHierarchy ch(g, no_progress(), {.core_fraction = 0.2});
  EXPECT_GT(ch.stats().core_nodes, 0U);
  EXPECT_EQ(ch.core_begin(), g.node_count() - ch.stats().core_nodes);
  // A core node's upward arcs are all its arcs within the core, in both directions of rank.
  bool lower_head = false;
  for (std::uint32_t r = ch.core_begin(); r < g.node_count(); ++r) {
    for (const auto* a = ch.up_begin(r); a != ch.up_end(r); ++a) {
      EXPECT_GE(a->head, ch.core_begin());
      lower_head = lower_head || a->head < r;
    }
  }
  EXPECT_TRUE(lower_head);
  const ContractionHierarchy all_core(g, no_progress(), {.core_fraction = 1.0});
  EXPECT_EQ(all_core.stats().core_nodes, g.node_count());
  EXPECT_EQ(all_core.stats().shortcuts, 0U);
}

void expect_cutoff_cells(const Graph& g, const ContractionHierarchy& ch,
                         const std::vector<std::optional<Location>>& places) {
  for (double cutoff : {0.0, 30.0, 90.0}) {
    const Matrix a = network::matrix(ch, places, places, cutoff);
    const Matrix b = matrix(g, places, places, cutoff, no_progress(), MatrixMethod::kDijkstra);
    for (std::size_t i = 0; i < a.seconds.size(); ++i) {
      if (a.seconds[i] == kUnreachable || b.seconds[i] == kUnreachable) {
        EXPECT_EQ(a.seconds[i], b.seconds[i]);
      } else {
        EXPECT_NEAR(a.seconds[i], b.seconds[i], 1e-6);
      }
    }
  }
}

TEST(NetworkContraction, CutoffGivesTheDijkstraCells) {
  const Graph g = build_graph(random_roads(4, 12), Profile::driving());
  const auto places = random_locations(g, 5, 50);
  for (const double core : kCores) {
    const ContractionHierarchy ch(g, no_progress(), {.core_fraction = core});
    expect_cutoff_cells(g, ch, places);
  }
}

void expect_paths(const Graph& g, const ContractionHierarchy& ch) {
  std::mt19937 rng(8);
  for (int k = 0; k < 40; ++k) {
    const auto s = static_cast<NodeId>(rng() % g.node_count());
    const auto t = static_cast<NodeId>(rng() % g.node_count());
    const double expected = one_to_all(g, *location_at_node(g, s))[t];
    const auto path = ch.arc_path(s, t);
    if (expected == kUnreachable) {
      EXPECT_FALSE(path.has_value());
      continue;
    }
    ASSERT_TRUE(path.has_value());
    NodeId at = s;
    double total = 0.0;
    for (std::uint64_t i : *path) {
      EXPECT_EQ(g.tail(g.arc(i)), at);
      at = g.arc(i).head;
      total += g.arc(i).seconds;
    }
    EXPECT_EQ(at, t);
    EXPECT_NEAR(total, expected, 1e-6);
    EXPECT_NEAR(ch.seconds(s, t), expected, 1e-6);
  }
}

TEST(NetworkContraction, UnpackedPathsAreConnectedAndFastest) {
  const Graph g = build_graph(random_roads(6, 12), Profile::driving());
  for (const double core : {0.0, 0.2}) {
    const ContractionHierarchy ch(g, no_progress(), {.core_fraction = core});
    EXPECT_GT(ch.stats().shortcuts, 0U);
    expect_paths(g, ch);
  }
}

TEST(NetworkContraction, AutoPicksHierarchyOnlyForLargeMatricesWithoutCutoff) {
  const std::vector<std::optional<Location>> many(kContractionMinOrigins, Location{});
  const std::vector<std::optional<Location>> some(kCoreMinOrigins, Location{});
  const std::vector<std::optional<Location>> small_some(kSmallGraphCoreMinOrigins, Location{});
  const std::vector<std::optional<Location>> few(3, Location{});
  const std::size_t big = kSmallGraphNodes;
  const std::size_t small = kSmallGraphNodes - 1;
  EXPECT_EQ(choose_matrix_method(many, many, kUnreachable, big), MatrixMethod::kContraction);
  EXPECT_EQ(choose_matrix_method(some, many, kUnreachable, big), MatrixMethod::kCoreContraction);
  // A small graph's searches run from the cache: the core pays off only from more origins, and
  // below that the skeleton does.
  EXPECT_EQ(choose_matrix_method(some, many, kUnreachable, small), MatrixMethod::kSkeleton);
  EXPECT_EQ(choose_matrix_method(small_some, many, kUnreachable, small),
            MatrixMethod::kCoreContraction);
  EXPECT_EQ(choose_matrix_method(some, many, 600.0, big), MatrixMethod::kDijkstra);
  // On a large graph the skeleton costs too much to build for a few origins.
  const std::vector<std::optional<Location>> bundle(kSkeletonMinOrigins, Location{});
  EXPECT_EQ(choose_matrix_method(bundle, many, kUnreachable, big), MatrixMethod::kDijkstra);
  EXPECT_EQ(choose_matrix_method(bundle, many, kUnreachable, small), MatrixMethod::kSkeleton);
  EXPECT_EQ(choose_matrix_method(some, few, kUnreachable, big), MatrixMethod::kDijkstra);
  EXPECT_EQ(choose_matrix_method(many, many, 600.0, big), MatrixMethod::kDijkstra);
  EXPECT_EQ(choose_matrix_method(few, many, kUnreachable, big), MatrixMethod::kDijkstra);
  EXPECT_EQ(choose_matrix_method(many, few, kUnreachable, big), MatrixMethod::kDijkstra);
}

// The error names the file, what is wrong and the `route prepare` fix.
void expect_load_error(const Graph& g, const std::string& file, const std::string& wrong) {
  try {
    (void)ContractionHierarchy::load(g, file);
    ADD_FAILURE() << "loaded " << file;
  } catch (const huxiao::Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(file), std::string::npos) << message;
    EXPECT_NE(message.find(wrong), std::string::npos) << message;
    EXPECT_NE(message.find("route prepare"), std::string::npos) << message;
  }
}

// A prepared hierarchy must give the cells of the one it was saved from, and a hierarchy of
// another graph (here the walking profile's) must be refused rather than give wrong times.
TEST(NetworkContraction, SavedHierarchyLoadsForItsGraphOnly) {
  const auto roads = random_roads(11, 12);
  const Graph drive = build_graph(roads, Profile::driving(model::TimeOfDay::hm(7, 30)));
  const Graph walk = build_graph(roads, Profile::walking());
  const auto dir =
      std::filesystem::temp_directory_path() / ("huxiao_ch_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string file = (dir / "drive.hxch").string();
  const auto places = random_locations(drive, 12, 40);
  for (const double core : {0.0, 0.1}) {
    SCOPED_TRACE(testing::Message() << "core " << core);
    const ContractionHierarchy built(drive, no_progress(), {.core_fraction = core});
    built.save(file);
    const ContractionHierarchy loaded = ContractionHierarchy::load(drive, file);
    EXPECT_EQ(loaded.core_begin(), built.core_begin());
    expect_same(network::matrix(loaded, places, places), network::matrix(built, places, places));
    expect_load_error(walk, file, "prepared for another graph");
  }
  expect_load_error(drive, (dir / "missing.hxch").string(), "not found");
  { std::ofstream(dir / "junk.hxch") << "not a hierarchy"; }
  expect_load_error(drive, (dir / "junk.hxch").string(), "HXCHIER1");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace huxiao::network
