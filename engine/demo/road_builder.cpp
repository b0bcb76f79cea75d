#include "demo/road_builder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <tuple>

#include "demo/shapes.hpp"

namespace huxiao::demo {
namespace {

constexpr double kSnap = 0.5;       // metres: closer than this to a vertex means "at" it
constexpr double kCell = 400.0;     // spatial hash cell for the crossing search
constexpr double kParamEps = 1e-9;  // segment parameters just outside [0, 1] still count

double cross(const Vec& a, const Vec& b) {
  return a.x * b.y - a.y * b.x;
}

// [SECTION] crossings
struct SegmentInCell {
  std::uint64_t cell;
  std::uint32_t road;
  std::uint32_t segment;
  friend bool operator<(const SegmentInCell& a, const SegmentInCell& b) {
    return std::tie(a.cell, a.road, a.segment) < std::tie(b.cell, b.road, b.segment);
  }
};

struct Insertion {
  std::uint32_t road;
  std::uint32_t segment;
  double t;
  geo::Point point;
  // Total, so that std::sort (not stable, and not the same in every library) leaves nothing
  // to chance.
  friend bool operator<(const Insertion& a, const Insertion& b) {
    return std::tie(a.road, a.segment, a.t, a.point.x, a.point.y) <
           std::tie(b.road, b.segment, b.t, b.point.x, b.point.y);
  }
};

class CellGrid {
 public:
  explicit CellGrid(const geo::Box& box)
      : min_x_(box.min_x),
        min_y_(box.min_y),
        columns_(static_cast<std::uint64_t>((box.max_x - box.min_x) / kCell) + 2) {}

  std::int64_t column(double x) const { return static_cast<std::int64_t>((x - min_x_) / kCell); }
  std::int64_t row(double y) const { return static_cast<std::int64_t>((y - min_y_) / kCell); }
  std::uint64_t cell(std::int64_t c, std::int64_t r) const {
    return static_cast<std::uint64_t>(r) * columns_ + static_cast<std::uint64_t>(c);
  }
  std::uint64_t cell_of(const geo::Point& p) const { return cell(column(p.x), row(p.y)); }

 private:
  double min_x_, min_y_;
  std::uint64_t columns_;
};

std::vector<SegmentInCell> index_segments(const std::vector<DraftRoad>& roads,
                                          const CellGrid& grid) {
  std::vector<SegmentInCell> entries;
  for (std::size_t r = 0; r < roads.size(); ++r) {
    const auto& line = roads[r].line;
    for (std::size_t s = 0; s + 1 < line.size(); ++s) {
      // Padding by the snap distance so near-misses are seen from both roads' cells.
      const auto c0 = grid.column(std::min(line[s].x, line[s + 1].x) - kSnap);
      const auto c1 = grid.column(std::max(line[s].x, line[s + 1].x) + kSnap);
      const auto r0 = grid.row(std::min(line[s].y, line[s + 1].y) - kSnap);
      const auto r1 = grid.row(std::max(line[s].y, line[s + 1].y) + kSnap);
      for (auto cy = r0; cy <= r1; ++cy) {
        for (auto cx = c0; cx <= c1; ++cx) {
          entries.push_back(
              {grid.cell(cx, cy), static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(s)});
        }
      }
    }
  }
  std::sort(entries.begin(), entries.end());
  return entries;
}

// Where segment a (of road ra) meets segment b, what goes into which road.
void crossing(const std::vector<DraftRoad>& roads, const SegmentInCell& a, const SegmentInCell& b,
              std::uint64_t cell, const CellGrid& grid, std::vector<Insertion>& out) {
  const geo::Point& p = roads[a.road].line[a.segment];
  const geo::Point& p2 = roads[a.road].line[a.segment + 1];
  const geo::Point& q = roads[b.road].line[b.segment];
  const geo::Point& q2 = roads[b.road].line[b.segment + 1];
  // Most pairs sharing a cell are far apart; their boxes tell at once.
  if (std::max(p.x, p2.x) + kSnap < std::min(q.x, q2.x) ||
      std::max(q.x, q2.x) + kSnap < std::min(p.x, p2.x) ||
      std::max(p.y, p2.y) + kSnap < std::min(q.y, q2.y) ||
      std::max(q.y, q2.y) + kSnap < std::min(p.y, p2.y)) {
    return;
  }
  const Vec r = p2 - p, s = q2 - q;
  const double la = norm(r), lb = norm(s);
  const double denom = cross(r, s);
  if (la == 0.0 || lb == 0.0 || std::fabs(denom) < 1e-9 * la * lb) return;  // parallel
  const Vec qp = q - p;
  const double t = cross(qp, s) / denom;
  const double u = cross(qp, r) / denom;
  if (t < -kParamEps - kSnap / la || t > 1 + kParamEps + kSnap / la) return;
  if (u < -kParamEps - kSnap / lb || u > 1 + kParamEps + kSnap / lb) return;
  const bool a_start = t * la < kSnap, a_end = (1 - t) * la < kSnap;
  const bool b_start = u * lb < kSnap, b_end = (1 - u) * lb < kSnap;
  const bool at_a = a_start || a_end, at_b = b_start || b_end;
  if (!at_a && (t < 0 || t > 1)) return;
  if (!at_b && (u < 0 || u > 1)) return;
  // Both ends near each other: joined already, or a sub-metre near-miss not worth a sliver.
  if (at_a && at_b) return;
  const geo::Point node = at_a ? (a_start ? p : p2) : at_b ? (b_start ? q : q2) : p + t * r;
  // Report each crossing once: from the cell its node lies in.
  if (grid.cell_of(node) != cell) return;
  if (!at_a) out.push_back({a.road, a.segment, t, node});
  if (!at_b) out.push_back({b.road, b.segment, std::clamp(u, 0.0, 1.0), node});
}

void apply(std::vector<DraftRoad>& roads, std::vector<Insertion>& insertions) {
  std::sort(insertions.begin(), insertions.end());
  std::size_t k = 0;
  while (k < insertions.size()) {
    const std::uint32_t road = insertions[k].road;
    const geo::LineString old = roads[road].line;
    geo::LineString line;
    line.reserve(old.size() + 4);
    for (std::size_t s = 0; s + 1 < old.size(); ++s) {
      line.push_back(old[s]);
      for (; k < insertions.size() && insertions[k].road == road && insertions[k].segment == s;
           ++k) {
        const geo::Point& p = insertions[k].point;
        if (!(p == line.back()) && !(p == old[s + 1])) line.push_back(p);
      }
    }
    line.push_back(old.back());
    roads[road].line = std::move(line);
  }
}

// [SECTION] bridges
struct Span {
  double from;
  double to;
};

// Arc-length positions where `line` crosses the x-monotone `river`, each with its bridge span.
// Whether any river vertex over the road's x range comes within the road's y range: roads
// that cannot cross are most of them, and this check is cheap.
bool may_cross(const geo::LineString& line, const geo::LineString& river) {
  const geo::Box box = geo::bounds(line);
  auto it = std::upper_bound(river.begin(), river.end(), box.min_x,
                             [](double x, const geo::Point& v) { return x < v.x; });
  if (it != river.begin()) --it;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (; it != river.end(); ++it) {
    lo = std::min(lo, it->y);
    hi = std::max(hi, it->y);
    if (it->x > box.max_x) break;
  }
  return lo <= box.max_y && hi >= box.min_y;
}

std::vector<Span> river_spans(const geo::LineString& line, const geo::LineString& river,
                              double half_width) {
  std::vector<Span> spans;
  if (!may_cross(line, river)) return spans;
  double walked = 0.0;
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    const geo::Point& p = line[i];
    const geo::Point& p2 = line[i + 1];
    const Vec r = p2 - p;
    const double len = norm(r);
    const double lo = std::min(p.x, p2.x), hi = std::max(p.x, p2.x);
    auto first = std::upper_bound(river.begin(), river.end(), lo,
                                  [](double x, const geo::Point& v) { return x < v.x; });
    std::size_t j =
        first == river.begin() ? 0 : static_cast<std::size_t>(first - river.begin()) - 1;
    for (; j + 1 < river.size() && river[j].x <= hi; ++j) {
      const Vec s = river[j + 1] - river[j];
      const double denom = cross(r, s);
      if (len == 0.0 || std::fabs(denom) < 1e-12) continue;
      const Vec qp = river[j] - p;
      const double t = cross(qp, s) / denom, u = cross(qp, r) / denom;
      if (t < 0 || t > 1 || u < 0 || u > 1) continue;
      // An oblique crossing needs a longer bridge: width / sin(angle), capped.
      const double sine = std::fabs(denom) / (len * norm(s));
      const double half = (half_width + 15.0) / std::max(sine, 0.4);
      const double at = walked + t * len;
      spans.push_back({at - half, at + half});
    }
    walked += len;
  }
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.from < b.from; });
  std::vector<Span> merged;
  for (const Span& s : spans) {
    if (!merged.empty() && s.from <= merged.back().to) {
      merged.back().to = std::max(merged.back().to, s.to);
    } else {
      merged.push_back({std::max(s.from, 0.0), std::min(s.to, walked)});
    }
  }
  for (Span& s : merged) s.to = std::min(s.to, walked);
  return merged;
}

// Splits `line` at the given increasing arc lengths; each cut point is computed once and ends
// one piece and starts the next, so the pieces stay joined exactly.
std::vector<geo::LineString> cut(const geo::LineString& line, const std::vector<double>& at) {
  std::vector<geo::LineString> pieces(1);
  pieces.back().push_back(line.front());
  std::size_t next = 0;
  double walked = 0.0;
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    const double len = dist(line[i], line[i + 1]);
    while (next < at.size() && at[next] < walked + len - 0.01) {
      const double t = (at[next] - walked) / len;
      const geo::Point p = line[i] + t * (line[i + 1] - line[i]);
      if (!(p == pieces.back().back())) pieces.back().push_back(p);
      pieces.emplace_back().push_back(p);
      ++next;
    }
    walked += len;
    pieces.back().push_back(line[i + 1]);
    if (next < at.size() && at[next] <= walked + 0.01 && i + 2 < line.size()) {
      pieces.emplace_back().push_back(line[i + 1]);  // the cut falls on this vertex
      ++next;
    }
  }
  return pieces;
}

std::string bridge_name(const DraftRoad& road, const std::string& river_name) {
  if (!road.name.empty()) return road.name + (model::is_arterial(road.road_class) ? "大桥" : "桥");
  return river_name + "桥";
}

}  // namespace

RoadBuilder::Handle RoadBuilder::add(model::RoadClass road_class, std::string name,
                                     geo::LineString line, bool oneway) {
  roads_.push_back({road_class, std::move(name), oneway, false, std::move(line)});
  return roads_.size() - 1;
}

geo::Point RoadBuilder::attach(Handle road, const geo::Point& p) {
  auto& line = roads_[road].line;
  std::size_t best_segment = 0;
  double best = std::numeric_limits<double>::infinity();
  geo::Point foot = line.front();
  for (std::size_t s = 0; s + 1 < line.size(); ++s) {
    double t = 0.0;
    const geo::Point q = nearest_on_segment(p, line[s], line[s + 1], t);
    const double d = dist(p, q);
    if (d < best) {
      best = d;
      best_segment = s;
      foot = q;
    }
  }
  const geo::Point& a = line[best_segment];
  const geo::Point& b = line[best_segment + 1];
  if (dist(foot, a) < 1.0) return a;
  if (dist(foot, b) < 1.0) return b;
  line.insert(line.begin() + static_cast<std::ptrdiff_t>(best_segment) + 1, foot);
  return foot;
}

void RoadBuilder::node_crossings() {
  geo::Box box;
  for (const auto& road : roads_) box.expand(geo::bounds(road.line));
  if (box.empty()) return;
  box.min_x -= 2 * kSnap;
  box.min_y -= 2 * kSnap;
  box.max_x += 2 * kSnap;
  const CellGrid grid(box);
  const auto entries = index_segments(roads_, grid);
  std::vector<Insertion> insertions;
  for (std::size_t g = 0; g < entries.size();) {
    std::size_t end = g;
    while (end < entries.size() && entries[end].cell == entries[g].cell) ++end;
    for (std::size_t i = g; i < end; ++i) {
      for (std::size_t j = i + 1; j < end; ++j) {
        if (entries[i].road == entries[j].road) continue;
        crossing(roads_, entries[i], entries[j], entries[g].cell, grid, insertions);
      }
    }
    g = end;
  }
  apply(roads_, insertions);
}

void RoadBuilder::add_bridges(const geo::LineString& river, double half_width,
                              const std::string& river_name) {
  std::vector<DraftRoad> out;
  out.reserve(roads_.size() + 16);
  for (auto& road : roads_) {
    const auto spans = river_spans(road.line, river, half_width);
    if (spans.empty()) {
      out.push_back(std::move(road));
      continue;
    }
    const double total = line_length(road.line);
    std::vector<double> at;
    for (const Span& s : spans) {
      if (s.from > 0.01) at.push_back(s.from);
      if (s.to < total - 0.01) at.push_back(s.to);
    }
    const auto pieces = cut(road.line, at);
    double walked = 0.0;
    for (const auto& piece : pieces) {
      const double len = line_length(piece);
      const double mid = walked + len / 2;
      walked += len;
      if (piece.size() < 2 || len <= 0.0) continue;
      DraftRoad part{road.road_class, road.name, road.oneway, false, piece};
      part.bridge = std::any_of(spans.begin(), spans.end(),
                                [&](const Span& s) { return mid > s.from && mid < s.to; });
      if (part.bridge) part.name = bridge_name(road, river_name);
      out.push_back(std::move(part));
    }
  }
  roads_ = std::move(out);
}

}  // namespace huxiao::demo
