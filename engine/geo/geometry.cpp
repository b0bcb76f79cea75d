#include "geo/geometry.hpp"

#include <cmath>

namespace huxiao::geo {

double distance(const Point& a, const Point& b) {
  return std::hypot(a.x - b.x, a.y - b.y);
}

double length(const LineString& line) {
  double total = 0.0;
  for (std::size_t i = 1; i < line.size(); ++i) total += distance(line[i - 1], line[i]);
  return total;
}

double ring_signed_area(const Ring& ring) {
  if (ring.size() < 3) return 0.0;
  // Shoelace relative to the first vertex keeps precision with large projected coordinates.
  const Point o = ring.front();
  double twice = 0.0;
  for (std::size_t i = 1; i + 1 < ring.size(); ++i) {
    twice += (ring[i].x - o.x) * (ring[i + 1].y - o.y) - (ring[i + 1].x - o.x) * (ring[i].y - o.y);
  }
  return twice / 2.0;
}

double area(const Polygon& polygon) {
  double a = std::fabs(ring_signed_area(polygon.outer));
  for (const auto& h : polygon.holes) a -= std::fabs(ring_signed_area(h));
  return a;
}

double area(const MultiPolygon& polygons) {
  double a = 0.0;
  for (const auto& p : polygons) a += area(p);
  return a;
}

namespace {

// Accumulates the first moment of a ring about `o`; sign follows the ring's orientation.
void accumulate_ring(const Ring& ring, const Point& o, double sign, double& a2, double& cx,
                     double& cy) {
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    const double x0 = ring[i].x - o.x, y0 = ring[i].y - o.y;
    const double x1 = ring[i + 1].x - o.x, y1 = ring[i + 1].y - o.y;
    const double cross = sign * (x0 * y1 - x1 * y0);
    a2 += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
}

}  // namespace

Point centroid(const MultiPolygon& polygons) {
  if (polygons.empty() || polygons.front().outer.empty()) return {};
  const Point o = polygons.front().outer.front();
  double a2 = 0.0, cx = 0.0, cy = 0.0;
  std::size_t n = 0;
  double sx = 0.0, sy = 0.0;
  for (const auto& poly : polygons) {
    const double outer_sign = ring_signed_area(poly.outer) >= 0 ? 1.0 : -1.0;
    accumulate_ring(poly.outer, o, outer_sign, a2, cx, cy);
    for (const auto& h : poly.holes) {
      const double hole_sign = ring_signed_area(h) >= 0 ? -1.0 : 1.0;
      accumulate_ring(h, o, hole_sign, a2, cx, cy);
    }
    for (const auto& p : poly.outer) {
      sx += p.x;
      sy += p.y;
      ++n;
    }
  }
  if (std::fabs(a2) < 1e-12) return {sx / static_cast<double>(n), sy / static_cast<double>(n)};
  return {o.x + cx / (3.0 * a2), o.y + cy / (3.0 * a2)};
}

Point midpoint_along(const LineString& line) {
  if (line.empty()) return {};
  const double half = length(line) / 2.0;
  double walked = 0.0;
  for (std::size_t i = 1; i < line.size(); ++i) {
    const double seg = distance(line[i - 1], line[i]);
    if (walked + seg >= half && seg > 0.0) {
      const double t = (half - walked) / seg;
      return {line[i - 1].x + t * (line[i].x - line[i - 1].x),
              line[i - 1].y + t * (line[i].y - line[i - 1].y)};
    }
    walked += seg;
  }
  return line.back();
}

namespace {

bool ring_contains(const Ring& ring, const Point& p) {
  bool inside = false;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const Point& a = ring[i];
    const Point& b = ring[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) {
      inside = !inside;
    }
  }
  return inside;
}

}  // namespace

bool contains(const Polygon& polygon, const Point& p) {
  if (polygon.outer.size() < 4 || !ring_contains(polygon.outer, p)) return false;
  for (const auto& h : polygon.holes)
    if (ring_contains(h, p)) return false;
  return true;
}

bool contains(const MultiPolygon& polygons, const Point& p) {
  for (const auto& poly : polygons)
    if (contains(poly, p)) return true;
  return false;
}

Box bounds(const LineString& line) {
  Box b;
  for (const auto& p : line) b.expand(p);
  return b;
}

Box bounds(const MultiPolygon& polygons) {
  Box b;
  for (const auto& poly : polygons)
    for (const auto& p : poly.outer) b.expand(p);
  return b;
}

Box bounds(const Geometry& geometry) {
  Box b;
  for_each_point(geometry, [&](const Point& p) { b.expand(p); });
  return b;
}

}  // namespace huxiao::geo
