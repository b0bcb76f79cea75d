#pragma once
// Collects one county's roads while they are drawn and makes them a network: a road that joins
// another shares the exact vertex (attach), crossings become shared vertices (node_crossings)
// and the spans over the river become bridges (add_bridges). Network building downstream
// recognises junctions by identical coordinates only, so "nearly equal" would be a dead end.

#include <cstddef>
#include <string>
#include <vector>

#include "geo/geometry.hpp"
#include "model/road.hpp"

namespace huxiao::demo {

struct DraftRoad {
  model::RoadClass road_class = model::RoadClass::kResidential;
  std::string name;
  bool oneway = false;
  bool bridge = false;
  geo::LineString line;
};

class RoadBuilder {
 public:
  using Handle = std::size_t;

  Handle add(model::RoadClass road_class, std::string name, geo::LineString line,
             bool oneway = false);
  const geo::LineString& line(Handle road) const { return roads_[road].line; }
  std::size_t size() const { return roads_.size(); }

  // The point of `road` nearest to `p`, made a vertex of the road (or an existing vertex within
  // a metre of it) and returned bit for bit, so a road ending there joins the network.
  geo::Point attach(Handle road, const geo::Point& p);

  // Every place where two roads cross becomes a vertex of both. Crossings within half a metre
  // of an existing vertex reuse that vertex rather than creating slivers.
  void node_crossings();

  // Cuts a bridge (bridge=true, layer 1) out of every road crossing `river`, which must run
  // west to east (x strictly increasing). Invalidates handles: call it last.
  void add_bridges(const geo::LineString& river, double half_width, const std::string& river_name);

  std::vector<DraftRoad> take() { return std::move(roads_); }

 private:
  std::vector<DraftRoad> roads_;
};

}  // namespace huxiao::demo
