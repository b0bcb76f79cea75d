#include "network/snap.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include "core/error.hpp"

namespace huxiao::network {
namespace {

struct Projection {
  double distance;
  double t;  // 0..1 along the segment
  geo::Point point;
};

Projection project(const geo::Point& p, const geo::Point& a, const geo::Point& b) {
  const double dx = b.x - a.x;
  const double dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0.0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const geo::Point q{a.x + t * dx, a.y + t * dy};
  return {geo::distance(p, q), t, q};
}

}  // namespace

std::string SnapResult::unsnapped_summary(const std::vector<Place>& places,
                                          std::size_t max_names) const {
  std::string out;
  for (std::size_t i = 0; i < unsnapped.size() && i < max_names; ++i) {
    const Place& pl = places[unsnapped[i]];
    if (!out.empty()) out += ", ";
    out += pl.name.empty() ? pl.id : pl.name;
  }
  if (unsnapped.size() > max_names)
    out += fmt::format(" and {} more", unsnapped.size() - max_names);
  return out;
}

Snapper::Snapper(const Graph& graph, double cell_size, bool largest_component_only)
    : graph_(&graph) {
  std::vector<bool> indexed(graph.edge_count(), true);
  if (largest_component_only && graph.node_count() > 0) {
    const auto labels = graph.strong_component_labels();
    std::vector<std::size_t> sizes;
    for (std::uint32_t l : labels) {
      if (l >= sizes.size()) sizes.resize(l + 1, 0);
      ++sizes[l];
    }
    const auto largest =
        static_cast<std::uint32_t>(std::max_element(sizes.begin(), sizes.end()) - sizes.begin());
    for (EdgeId e = 0; e < graph.edge_count(); ++e)
      indexed[e] = labels[graph.edge(e).from] == largest && labels[graph.edge(e).to] == largest;
  }
  geo::Box box;
  for (const auto& p : graph.points()) box.expand(p);
  std::size_t segments = 0;
  for (EdgeId e = 0; e < graph.edge_count(); ++e) {
    if (indexed[e]) segments += graph.edge(e).geom_end - graph.edge(e).geom_begin - 1;
  }
  if (box.empty() || segments == 0) return;
  const double w = std::max(box.max_x - box.min_x, 1.0);
  const double h = std::max(box.max_y - box.min_y, 1.0);
  // About two segments per cell keeps both the index and the scan per query small.
  cell_ = cell_size > 0.0 ? cell_size
                          : std::max(5.0, std::sqrt(w * h / static_cast<double>(segments)) * 1.5);
  x0_ = box.min_x;
  y0_ = box.min_y;
  nx_ = static_cast<long>(std::floor(w / cell_)) + 1;
  ny_ = static_cast<long>(std::floor(h / cell_)) + 1;
  if (static_cast<double>(nx_) * static_cast<double>(ny_) > 4.0e8) {
    throw Error(ErrorCode::kBadParameter,
                fmt::format("snapping grid of {} x {} cells is too large", nx_, ny_),
                {.fix = "use a larger cell size"});
  }

  // Two passes (count, fill) over every segment's box of cells.
  auto for_each_segment = [&](auto&& visit) {
    for (EdgeId e = 0; e < graph.edge_count(); ++e) {
      if (!indexed[e]) continue;
      const auto geom = graph.geometry(e);
      double along = 0.0;
      for (std::uint32_t k = 0; k + 1 < geom.size(); ++k) {
        const auto [ax, ay] = cell_of(geom[k]);
        const auto [bx, by] = cell_of(geom[k + 1]);
        const Segment seg{e, graph.edge(e).geom_begin + k, along};
        for (long cy = std::min(ay, by); cy <= std::max(ay, by); ++cy) {
          for (long cx = std::min(ax, bx); cx <= std::max(ax, bx); ++cx) {
            visit(static_cast<std::size_t>(cy * nx_ + cx), seg);
          }
        }
        along += geo::distance(geom[k], geom[k + 1]);
      }
    }
  };
  cell_offsets_.assign(static_cast<std::size_t>(nx_ * ny_) + 1, 0);
  for_each_segment([&](std::size_t cell, const Segment&) { ++cell_offsets_[cell + 1]; });
  for (std::size_t i = 1; i < cell_offsets_.size(); ++i) cell_offsets_[i] += cell_offsets_[i - 1];
  cell_segments_.resize(cell_offsets_.back());
  std::vector<std::uint64_t> fill(cell_offsets_.begin(), cell_offsets_.end() - 1);
  for_each_segment([&](std::size_t cell, const Segment& s) { cell_segments_[fill[cell]++] = s; });
}

std::pair<long, long> Snapper::cell_of(const geo::Point& p) const {
  return {static_cast<long>(std::floor((p.x - x0_) / cell_)),
          static_cast<long>(std::floor((p.y - y0_) / cell_))};
}

std::optional<Location> Snapper::snap(const geo::Point& p, double max_distance) const {
  if (cell_segments_.empty() || !(max_distance >= 0.0)) return std::nullopt;
  const auto [cx, cy] = cell_of(p);
  const auto& points = graph_->points();
  std::optional<Location> best;
  auto better = [&](double d, EdgeId e, double along) {
    if (!best) return true;
    if (d != best->snap_distance) return d < best->snap_distance;
    if (e != best->edge) return e < best->edge;
    return along < best->along;
  };
  auto scan_cell = [&](long x, long y) {
    if (x < 0 || y < 0 || x >= nx_ || y >= ny_) return;
    const auto cell = static_cast<std::size_t>(y * nx_ + x);
    for (std::uint64_t i = cell_offsets_[cell]; i < cell_offsets_[cell + 1]; ++i) {
      const Segment& s = cell_segments_[i];
      const Projection pr = project(p, points[s.first], points[s.first + 1]);
      if (pr.distance > max_distance) continue;
      const Edge& ed = graph_->edge(s.edge);
      const double along = std::min(
          ed.length_m, s.along + pr.t * geo::distance(points[s.first], points[s.first + 1]));
      if (better(pr.distance, s.edge, along)) best = Location{s.edge, along, pr.point, pr.distance};
    }
  };
  // Rings of cells outward: everything beyond ring r is at least r cells away.
  const long max_ring = static_cast<long>(std::ceil(max_distance / cell_)) + 1;
  for (long r = 0; r <= max_ring; ++r) {
    if (best && best->snap_distance <= static_cast<double>(r - 1) * cell_) break;
    if (r == 0) {
      scan_cell(cx, cy);
      continue;
    }
    for (long x = cx - r; x <= cx + r; ++x) {
      scan_cell(x, cy - r);
      scan_cell(x, cy + r);
    }
    for (long y = cy - r + 1; y <= cy + r - 1; ++y) {
      scan_cell(cx - r, y);
      scan_cell(cx + r, y);
    }
  }
  return best;
}

SnapResult Snapper::snap_all(const std::vector<Place>& places, double max_distance) const {
  SnapResult out;
  out.locations.resize(places.size());
  tbb::parallel_for(std::size_t{0}, places.size(),
                    [&](std::size_t i) { out.locations[i] = snap(places[i].point, max_distance); });
  for (std::size_t i = 0; i < places.size(); ++i) {
    if (!out.locations[i]) out.unsnapped.push_back(i);
  }
  return out;
}

std::optional<Location> location_at_node(const Graph& graph, NodeId node) {
  if (node >= graph.node_count()) return std::nullopt;
  for (const Arc& a : graph.out_arcs(node)) {
    const Edge& e = graph.edge(a.edge());
    return Location{a.edge(), a.forward() ? 0.0 : e.length_m, graph.node(node), 0.0};
  }
  // A node only entered (the end of one-way streets): find an edge that ends there.
  for (EdgeId e = 0; e < graph.edge_count(); ++e) {
    const Edge& ed = graph.edge(e);
    if (ed.from == node) return Location{e, 0.0, graph.node(node), 0.0};
    if (ed.to == node) return Location{e, ed.length_m, graph.node(node), 0.0};
  }
  return std::nullopt;
}

}  // namespace huxiao::network
