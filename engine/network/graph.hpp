#pragma once
// The road graph of one profile, in compressed sparse row (CSR) form.
//
// Topology: nodes are the vertices where ways meet. Two ways meet only where they share a
// vertex whose coordinates are identical bit for bit (OpenStreetMap shared nodes project to
// identical coordinates), so a bridge passing over a road without a shared node is never joined
// to it. Every way's two ends are nodes too (dead ends). An edge is the piece of one way between
// two consecutive nodes; it keeps its way, class, length and geometry. Each edge gives one arc
// per permitted direction, costed in seconds for the profile.
//
// Thread safety: a built Graph is immutable; any number of threads may query it at once.

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "core/progress.hpp"
#include "geo/geometry.hpp"
#include "model/road.hpp"
#include "network/profile.hpp"

namespace huxiao::network {

using NodeId = std::uint32_t;
using EdgeId = std::uint32_t;
inline constexpr double kUnreachable = std::numeric_limits<double>::infinity();

struct Edge {
  NodeId from = 0;  // node at the first vertex of the piece (in the way's vertex order)
  NodeId to = 0;
  std::uint32_t road = 0;        // index into the roads the graph was built from
  std::uint32_t geom_begin = 0;  // [geom_begin, geom_end) in Graph::points(), from → to
  std::uint32_t geom_end = 0;
  model::RoadClass road_class = model::RoadClass::kResidential;
  double length_m = 0.0;
  double forward_s = kUnreachable;   // from → to, seconds; kUnreachable if not permitted
  double backward_s = kUnreachable;  // to → from
};

// One directed arc of the CSR adjacency (16 bytes: the Dijkstra inner loop streams these).
struct Arc {
  NodeId head = 0;
  std::uint32_t packed = 0;  // edge << 1 | (1 if against the edge's geometry)
  double seconds = 0.0;
  EdgeId edge() const { return packed >> 1; }
  bool forward() const { return (packed & 1U) == 0; }  // along the geometry, from → to
};

struct GraphStats {
  std::size_t nodes = 0;
  std::size_t edges = 0;              // road pieces
  std::size_t arcs = 0;               // directed, as traversable by the profile
  std::size_t components = 0;         // weakly connected, counting only nodes with an edge
  std::size_t largest_component = 0;  // nodes in the largest one
  std::size_t strong_components = 0;  // strongly connected (the same as components when walking)
  std::size_t largest_strong_component = 0;
  double total_length_km = 0.0;
};

class Graph {
 public:
  Graph() = default;

  const Profile& profile() const { return profile_; }
  std::size_t node_count() const { return nodes_.size(); }
  std::size_t edge_count() const { return edges_.size(); }
  std::size_t arc_count() const { return arcs_.size(); }

  const geo::Point& node(NodeId n) const { return nodes_[n]; }
  const Edge& edge(EdgeId e) const { return edges_[e]; }
  const std::vector<Edge>& edges() const { return edges_; }
  std::span<const Arc> out_arcs(NodeId n) const {
    return {arcs_.data() + arc_offsets_[n], arcs_.data() + arc_offsets_[n + 1]};
  }
  // Arcs by global index (Dijkstra's predecessor labels): out_arcs(n) is
  // [first_arc(n), first_arc(n + 1)).
  std::uint64_t first_arc(NodeId n) const { return arc_offsets_[n]; }
  const Arc& arc(std::uint64_t i) const { return arcs_[i]; }
  // The cheapest and the dearest arc in seconds (0 if there are no arcs): they size the buckets
  // of Dijkstra's queue (bucket_queue.hpp).
  double min_arc_seconds() const { return min_arc_s_; }
  // A dead end: every edge at this node leads to one and the same neighbour. Dijkstra settles
  // such a node as soon as that neighbour is settled, without queueing it.
  bool dead_end(NodeId n) const { return dead_end_[n] != 0; }
  double max_arc_seconds() const { return max_arc_s_; }
  NodeId tail(const Arc& a) const {
    return a.forward() ? edges_[a.edge()].from : edges_[a.edge()].to;
  }
  // The edge's vertices, from → to.
  std::span<const geo::Point> geometry(EdgeId e) const {
    const Edge& ed = edges_[e];
    return {points_.data() + ed.geom_begin, points_.data() + ed.geom_end};
  }
  const std::vector<geo::Point>& points() const { return points_; }

  // Component label per node (weakly connected); labels are 0..components-1.
  std::vector<std::uint32_t> component_labels() const;
  // Strongly connected components (every node reaches every other along permitted arcs): what
  // matters for driving, where one-way streets at the data's edge can trap a route.
  std::vector<std::uint32_t> strong_component_labels() const;
  GraphStats stats() const;

 private:
  friend Graph build_graph(const std::vector<model::Road>&, const Profile&, Progress&);
  Profile profile_;
  std::vector<geo::Point> nodes_;
  std::vector<Edge> edges_;
  std::vector<geo::Point> points_;
  std::vector<std::uint64_t> arc_offsets_;  // node_count + 1
  std::vector<Arc> arcs_;
  std::vector<std::uint8_t> dead_end_;  // per node
  double min_arc_s_ = 0.0;
  double max_arc_s_ = 0.0;
};

// Builds the graph of the ways `profile` uses. Roads with fewer than two vertices are skipped.
// Throws Error(kBadParameter) for an invalid profile. The vertex matching runs in parallel.
Graph build_graph(const std::vector<model::Road>& roads, const Profile& profile,
                  Progress& progress = no_progress());

}  // namespace huxiao::network
