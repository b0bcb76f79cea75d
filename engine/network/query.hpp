#pragma once
// Travel-time queries on a Graph: one-to-all with a cutoff, many-to-many matrices (parallel),
// routes with their geometry, and isochrones (reachable edge pieces + an area polygon).
//
// Sources and targets are Locations (snapped points): a source in the middle of an edge starts
// with the partial cost of the edge towards each end it may travel to, and a target is reached
// through either end of its edge, or directly along the edge when source and target share it.
// Times are seconds; kUnreachable (+infinity) marks what cannot be reached within the cutoff.

#include <cstdint>
#include <optional>
#include <vector>

#include "core/progress.hpp"
#include "geo/geometry.hpp"
#include "network/bucket_queue.hpp"
#include "network/graph.hpp"
#include "network/radix_heap.hpp"
#include "network/snap.hpp"

namespace huxiao::network {

// Dijkstra's reusable buffers (radix heap, labels, settled list). One per thread; reusing it
// across queries costs only the nodes the previous query touched.
class Workspace {
 public:
  Workspace() = default;
  explicit Workspace(const Graph& graph) { prepare(graph); }
  void prepare(const Graph& graph);

  double seconds(NodeId n) const { return dist_[n]; }  // after a run; inf if unreached
  // The arc a node was reached by (kNoArc for sources); kept only by route(), which needs it.
  std::uint64_t pred_arc(NodeId n) const { return pred_[n]; }
  const std::vector<NodeId>& settled() const { return settled_; }

  static constexpr std::uint64_t kNoArc = std::numeric_limits<std::uint64_t>::max();

 private:
  friend class Dijkstra;
  std::vector<double> dist_;
  std::vector<std::uint64_t> pred_;
  bool pred_tracked_ = false;    // whether the last run wrote pred_ (and it needs a reset)
  std::vector<NodeId> settled_;  // also the reset list
  std::vector<NodeId> touched_;
  std::vector<NodeId> dead_ends_;        // reached from the node being settled, settled after it
  std::vector<std::uint8_t> seed_mark_;  // 1: a seed of the current run
  BucketQueue buckets_;  // exact and the fastest where the graph's arc costs allow it
  RadixHeap heap_;       // otherwise; Dijkstra's keys only grow: see radix_heap.hpp
  std::vector<std::uint32_t> stop_stamp_;  // == stamp_: a node the current run waits for
  std::uint32_t stamp_ = 0;
};

// Seeds: the start cost of each end node reachable from `source` (half-edge costs).
struct Seed {
  NodeId node;
  double seconds;
};
std::vector<Seed> seeds_of(const Graph& graph, const Location& source);
// The other way round: the cost from each end node of `target`'s edge onto the target point
// (what a backward search starts with).
std::vector<Seed> arrival_seeds_of(const Graph& graph, const Location& target);
// Source and target on one edge: the time directly along it (one-way respected), else
// kUnreachable.
double direct_seconds(const Graph& graph, const Location& source, const Location& target);

// Throws Error(kBadParameter) unless the cutoff is 0 or more seconds (kUnreachable: none).
void require_cutoff(double cutoff_s);

// Time from `source` to `target` using a finished run's labels (+ the shared-edge shortcut).
double time_to(const Graph& graph, const Workspace& ws, const Location& source,
               const Location& target);

// One-to-all: runs Dijkstra from `source`, settling nodes no farther than `cutoff_s` seconds
// (a cutoff of 0 settles only nodes at the source itself). Labels stay in `ws`.
// `stop_nodes`: if not empty, stops early once all of them are settled.
void one_to_all(const Graph& graph, const Location& source, double cutoff_s, Workspace& ws,
                const std::vector<NodeId>& stop_nodes = {});
// Convenience: seconds to every node (kUnreachable beyond the cutoff).
std::vector<double> one_to_all(const Graph& graph, const Location& source,
                               double cutoff_s = kUnreachable);
// Seconds to every node from the nearest of `sources` (kUnreachable beyond the cutoff or if none
// reaches it): one search with every source's seeds, not one per source — the time from the
// nearest police post, say, at the cost of a single one-to-all.
std::vector<double> nearest_of(const Graph& graph, const std::vector<Location>& sources,
                               double cutoff_s = kUnreachable);

// Many-to-many travel times; row-major origins × destinations. Missing (unsnapped) locations
// give rows/columns of kUnreachable. Parallel over origins (TBB).
struct Matrix {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<double> seconds;  // rows * cols
  double at(std::size_t r, std::size_t c) const { return seconds[r * cols + c]; }
};
// kContraction: a full contraction hierarchy (network/contraction.hpp), built for this call;
// kCoreContraction: one that leaves the densest kMatrixCoreFraction of the nodes uncontracted
// (a Dijkstra runs there), a third of the preprocessing for a slower but still fast query: the
// cheapest for a one-off matrix. kSkeleton: the graph's skeleton (network/skeleton.hpp), built
// for this call; on a city graph that takes about three Dijkstra searches and each row then a
// quarter of one, but on the 1.1M-node synthetic county building it takes 30 searches (its
// lists no longer fit a cache), where the core hierarchy is the better buy. kAuto, without a
// cutoff and with at least kContractionMinDestinations snapped destinations: the full hierarchy
// from kContractionMinOrigins snapped origins, the core one from kCoreMinOrigins
// (kSmallGraphCoreMinOrigins on a graph of fewer than kSmallGraphNodes nodes, whose searches run
// from the cache at a third of the cost per node), on such a graph the skeleton from
// kSkeletonMinOrigins; Dijkstra otherwise (few origins, or a cutoff, which prunes each search to
// the area it reaches). To reuse one hierarchy across calls, build a ContractionHierarchy and
// call its matrix(). All give the same times (up to rounding in the last bits, far below
// 1e-6 s).
enum class MatrixMethod { kAuto, kDijkstra, kContraction, kCoreContraction, kSkeleton };
inline constexpr std::size_t kContractionMinOrigins = 512;
inline constexpr std::size_t kCoreMinOrigins = 48;
inline constexpr std::size_t kSmallGraphNodes = 100000;
inline constexpr std::size_t kSmallGraphCoreMinOrigins = 160;
inline constexpr std::size_t kContractionMinDestinations = 50;
inline constexpr std::size_t kSkeletonMinOrigins = 8;
inline constexpr double kMatrixCoreFraction = 0.1;
// The method kAuto picks for these inputs.
MatrixMethod choose_matrix_method(const std::vector<std::optional<Location>>& origins,
                                  const std::vector<std::optional<Location>>& destinations,
                                  double cutoff_s, std::size_t graph_nodes);
Matrix matrix(const Graph& graph, const std::vector<std::optional<Location>>& origins,
              const std::vector<std::optional<Location>>& destinations,
              double cutoff_s = kUnreachable, Progress& progress = no_progress(),
              MatrixMethod method = MatrixMethod::kAuto);

// The fastest route and its geometry (source point → target point); nullopt if unreachable.
struct Route {
  double seconds = 0.0;
  double length_m = 0.0;
  geo::LineString line;
  std::vector<EdgeId> edges;  // traversed, in order (partial first/last included)
};
std::optional<Route> route(const Graph& graph, const Location& source, const Location& target);

// Everything reachable within `limit_s`: the reached pieces of edges (as lines) and the area
// they cover, the pieces buffered by `buffer_m` metres and united (GEOS).
struct Isochrone {
  double limit_s = 0.0;
  geo::MultiLineString reached;
  geo::MultiPolygon area;
  double reached_length_m = 0.0;
};
Isochrone isochrone(const Graph& graph, const Location& source, double limit_s,
                    double buffer_m = 50.0);

// The piece of `edge` between `from_along` and `to_along` metres (either order), as a line.
geo::LineString edge_piece(const Graph& graph, EdgeId edge, double from_along, double to_along);

}  // namespace huxiao::network
