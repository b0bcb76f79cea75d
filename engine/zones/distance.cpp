#include "zones/distance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace huxiao::zones {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double cross(const geo::Point& o, const geo::Point& a, const geo::Point& b) {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

bool on_segment(const geo::Point& p, const geo::Point& a, const geo::Point& b) {
  return std::min(a.x, b.x) <= p.x && p.x <= std::max(a.x, b.x) && std::min(a.y, b.y) <= p.y &&
         p.y <= std::max(a.y, b.y);
}

bool segments_intersect(const geo::Point& a, const geo::Point& b, const geo::Point& c,
                        const geo::Point& d) {
  const double d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
    return true;
  return (d1 == 0 && on_segment(a, c, d)) || (d2 == 0 && on_segment(b, c, d)) ||
         (d3 == 0 && on_segment(c, a, b)) || (d4 == 0 && on_segment(d, a, b));
}

std::vector<geo::Point> mapped(const std::vector<geo::Point>& pts, const LocalMetric& m) {
  std::vector<geo::Point> out(pts.size());
  std::transform(pts.begin(), pts.end(), out.begin(),
                 [&](const geo::Point& p) { return m.map(p); });
  return out;
}

geo::MultiPolygon mapped(const geo::MultiPolygon& mp, const LocalMetric& m) {
  if (m.identity) return mp;
  geo::MultiPolygon out = mp;
  for (auto& poly : out) {
    poly.outer = mapped(poly.outer, m);
    for (auto& h : poly.holes) h = mapped(h, m);
  }
  return out;
}

template <class F>
void for_each_edge(const geo::MultiPolygon& mp, F&& f) {
  for (const auto& poly : mp) {
    for (std::size_t i = 1; i < poly.outer.size(); ++i) f(poly.outer[i - 1], poly.outer[i]);
    for (const auto& h : poly.holes)
      for (std::size_t i = 1; i < h.size(); ++i) f(h[i - 1], h[i]);
  }
}

double polygon_to_segment(const geo::MultiPolygon& mp, const geo::Point& a, const geo::Point& b) {
  if (geo::contains(mp, a) || geo::contains(mp, b)) return 0.0;
  double best = kInf;
  for_each_edge(mp, [&](const geo::Point& c, const geo::Point& d) {
    best = std::min(best, segment_segment_distance(a, b, c, d));
  });
  return best;
}

}  // namespace

double LocalMetric::max_stretch() const {
  if (identity) return 1.0;
  // Largest singular value of A: a projected length L may be up to this × L on the ground.
  const double p = a11 * a11 + a21 * a21, q = a12 * a12 + a22 * a22, r = a11 * a12 + a21 * a22;
  return std::sqrt((p + q) / 2.0 + std::sqrt(((p - q) / 2.0) * ((p - q) / 2.0) + r * r));
}

double point_segment_distance(const geo::Point& p, const geo::Point& a, const geo::Point& b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0.0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

double segment_segment_distance(const geo::Point& a, const geo::Point& b, const geo::Point& c,
                                const geo::Point& d) {
  if (segments_intersect(a, b, c, d)) return 0.0;
  return std::min({point_segment_distance(a, c, d), point_segment_distance(b, c, d),
                   point_segment_distance(c, a, b), point_segment_distance(d, a, b)});
}

// The feature is mapped into the school's metric here; the base already is (see Base).
double distance_to_point(const Base& base, const geo::Point& p, const LocalMetric& m) {
  const geo::Point q = m.map(p);
  if (base.campus == nullptr) return geo::distance(base.point, q);
  if (geo::contains(*base.campus, q)) return 0.0;
  double best = kInf;
  for_each_edge(*base.campus, [&](const geo::Point& a, const geo::Point& b) {
    best = std::min(best, point_segment_distance(q, a, b));
  });
  return best;
}

double distance_to_line(const Base& base, const geo::LineString& line, const LocalMetric& m) {
  std::vector<geo::Point> storage;
  const std::vector<geo::Point>& l = m.identity ? line : (storage = mapped(line, m));
  double best = kInf;
  if (base.campus == nullptr) {
    for (std::size_t i = 1; i < l.size(); ++i)
      best = std::min(best, point_segment_distance(base.point, l[i - 1], l[i]));
    return best;
  }
  for (std::size_t i = 1; i < l.size() && best > 0.0; ++i)
    best = std::min(best, polygon_to_segment(*base.campus, l[i - 1], l[i]));
  return best;
}

double distance_to_area(const Base& base, const geo::MultiPolygon& area, const LocalMetric& m) {
  geo::MultiPolygon storage;
  const geo::MultiPolygon& a = m.identity ? area : (storage = mapped(area, m));
  if (base.campus == nullptr) {
    if (geo::contains(a, base.point)) return 0.0;
    double best = kInf;
    for_each_edge(a, [&](const geo::Point& s, const geo::Point& t) {
      best = std::min(best, point_segment_distance(base.point, s, t));
    });
    return best;
  }
  // Overlap, or one inside the other, is distance 0; otherwise the closest pair of edges.
  for (const auto& poly : a)
    if (!poly.outer.empty() && geo::contains(*base.campus, poly.outer.front())) return 0.0;
  double best = kInf;
  for_each_edge(a, [&](const geo::Point& s, const geo::Point& t) {
    if (best > 0.0) best = std::min(best, polygon_to_segment(*base.campus, s, t));
  });
  return best;
}

geo::MultiPolygon map_polygons(const geo::MultiPolygon& mp, const LocalMetric& m) {
  return mapped(mp, m);
}

}  // namespace huxiao::zones
