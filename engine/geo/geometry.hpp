#pragma once
// The engine's own geometry types: plain values in one CRS (the project's local metric CRS once
// imported). GDAL and GEOS types never leak past io/ and geo/geos.*.

#include <algorithm>
#include <limits>
#include <variant>
#include <vector>

namespace huxiao::geo {

struct Point {
  double x = 0.0;
  double y = 0.0;
  friend bool operator==(const Point&, const Point&) = default;
};

using LineString = std::vector<Point>;
using Ring = std::vector<Point>;  // closed: first == last

struct Polygon {
  Ring outer;
  std::vector<Ring> holes;
  friend bool operator==(const Polygon&, const Polygon&) = default;
};

using MultiPolygon = std::vector<Polygon>;
using MultiLineString = std::vector<LineString>;

using Geometry = std::variant<Point, LineString, Polygon, MultiLineString, MultiPolygon>;

struct Box {
  double min_x = std::numeric_limits<double>::infinity();
  double min_y = std::numeric_limits<double>::infinity();
  double max_x = -std::numeric_limits<double>::infinity();
  double max_y = -std::numeric_limits<double>::infinity();

  bool empty() const { return min_x > max_x || min_y > max_y; }
  void expand(const Point& p) {
    min_x = std::min(min_x, p.x);
    min_y = std::min(min_y, p.y);
    max_x = std::max(max_x, p.x);
    max_y = std::max(max_y, p.y);
  }
  void expand(const Box& b) {
    if (b.empty()) return;
    expand(Point{b.min_x, b.min_y});
    expand(Point{b.max_x, b.max_y});
  }
  bool contains(const Point& p) const {
    return p.x >= min_x && p.x <= max_x && p.y >= min_y && p.y <= max_y;
  }
  bool intersects(const Box& b) const {
    return !(b.min_x > max_x || b.max_x < min_x || b.min_y > max_y || b.max_y < min_y);
  }
  Point center() const { return {(min_x + max_x) / 2.0, (min_y + max_y) / 2.0}; }
};

// [SECTION] measures in the plane (metres in a projected CRS)
double distance(const Point& a, const Point& b);
double length(const LineString& line);
double ring_signed_area(const Ring& ring);  // > 0 counter-clockwise
double area(const Polygon& polygon);
double area(const MultiPolygon& polygons);
Point centroid(const MultiPolygon& polygons);  // area-weighted; ring average when degenerate
Point midpoint_along(const LineString& line);  // the point halfway along the line
bool contains(const Polygon& polygon, const Point& p);
bool contains(const MultiPolygon& polygons, const Point& p);

Box bounds(const Geometry& geometry);
Box bounds(const LineString& line);
Box bounds(const MultiPolygon& polygons);

// Applies `f` to every vertex; mutable or const depending on `G`.
template <class G, class F>
void for_each_point(G& geometry, F&& f) {
  std::visit(
      [&](auto& g) {
        using T = std::decay_t<decltype(g)>;
        if constexpr (std::is_same_v<T, Point>) {
          f(g);
        } else if constexpr (std::is_same_v<T, LineString>) {
          for (auto& p : g) f(p);
        } else if constexpr (std::is_same_v<T, Polygon>) {
          for (auto& p : g.outer) f(p);
          for (auto& h : g.holes)
            for (auto& p : h) f(p);
        } else if constexpr (std::is_same_v<T, MultiLineString>) {
          for (auto& l : g)
            for (auto& p : l) f(p);
        } else {
          for (auto& poly : g) {
            for (auto& p : poly.outer) f(p);
            for (auto& h : poly.holes)
              for (auto& p : h) f(p);
          }
        }
      },
      geometry);
}

}  // namespace huxiao::geo
