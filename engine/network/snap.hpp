#pragma once
// Snapping places (school gates, police posts, water access points, shelters) onto the graph:
// to the nearest point on the nearest edge — not the nearest node — within a maximum distance.
// Places farther than that are reported by name, never silently dropped.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "geo/geometry.hpp"
#include "network/graph.hpp"

namespace huxiao::network {

// A point on the graph: `along` metres from the edge's `from` node, measured along its geometry.
struct Location {
  EdgeId edge = 0;
  double along = 0.0;
  geo::Point point;          // the snapped point on the edge
  double snap_distance = 0;  // metres from the place to `point`
};

// A named place to snap (its name is what reports show).
struct Place {
  std::string id;
  std::string name;
  geo::Point point;
};

struct SnapResult {
  std::vector<std::optional<Location>> locations;  // one per place, in order
  std::vector<std::size_t> unsnapped;              // indices of places beyond the limit
  std::string unsnapped_summary(const std::vector<Place>& places, std::size_t max_names = 10) const;
};

inline constexpr double kDefaultMaxSnap = 500.0;  // metres

// A uniform grid over the graph's segments. Immutable once built: share it between threads.
// It refers to `graph`, which must outlive it and stay where it is (not moved).
class Snapper {
 public:
  // `cell_size` 0 picks one from the graph's extent and size. `largest_component_only` snaps
  // only onto the largest strongly connected component (from every part of it one can reach
  // every other, one-way streets included), so a gate beside a fenced campus lane or a
  // car park cut off from the street grid (common in OSM) lands on the street network instead;
  // off by default so that disconnected places are reported, not hidden.
  explicit Snapper(const Graph& graph, double cell_size = 0.0, bool largest_component_only = false);

  // The nearest point on any edge within `max_distance` metres, or nullopt. Ties go to the
  // lowest edge id, so results do not depend on build order.
  std::optional<Location> snap(const geo::Point& p, double max_distance = kDefaultMaxSnap) const;
  SnapResult snap_all(const std::vector<Place>& places,
                      double max_distance = kDefaultMaxSnap) const;

 private:
  struct Segment {
    EdgeId edge;
    std::uint32_t first;  // index of the segment's first vertex in graph.points()
    double along;         // metres from the edge's start to that vertex
  };
  std::pair<long, long> cell_of(const geo::Point& p) const;

  const Graph* graph_;
  double cell_ = 1.0;
  double x0_ = 0.0, y0_ = 0.0;
  long nx_ = 0, ny_ = 0;
  std::vector<std::uint64_t> cell_offsets_;  // CSR over cells
  std::vector<Segment> cell_segments_;
};

// A location at a node (for node-to-node queries and tests): `along` 0 on one of its edges.
std::optional<Location> location_at_node(const Graph& graph, NodeId node);

}  // namespace huxiao::network
