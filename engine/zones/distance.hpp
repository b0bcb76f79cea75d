#pragma once
// Exact distances between a school's base (its campus polygon, or its point) and the features a
// rule names. Buffers are only for drawing: the audit decides by these distances.
//
// In a local CRS (a UTM or Gauss-Krüger zone across a county) the planar distance is the
// distance. Across a large extent (a province or the country in one CRS) the projection's scale
// varies by up to a few percent, so each school carries a LocalMetric: the inverse of the
// projection's Jacobian at the school, which turns projected displacements back into metres on
// the ellipsoid (exact to first order; over 200 m the error is far below a millimetre).

#include <vector>

#include "geo/geometry.hpp"

namespace huxiao::zones {

struct LocalMetric {
  geo::Point origin;
  double a11 = 1.0, a12 = 0.0, a21 = 0.0, a22 = 1.0;  // true metres = A · (p − origin)
  bool identity = true;
  geo::Point map(const geo::Point& p) const {
    if (identity) return p;
    const double dx = p.x - origin.x, dy = p.y - origin.y;
    return {a11 * dx + a12 * dy, a21 * dx + a22 * dy};
  }
  double max_stretch()
      const;  // how much a projected distance can shrink: bounds the candidate search
};

// A school's base, already in its LocalMetric's space: the campus polygons, or the point when
// no campus is known.
struct Base {
  geo::Point point;
  const geo::MultiPolygon* campus = nullptr;
};

double point_segment_distance(const geo::Point& p, const geo::Point& a, const geo::Point& b);
double segment_segment_distance(const geo::Point& a, const geo::Point& b, const geo::Point& c,
                                const geo::Point& d);

geo::MultiPolygon map_polygons(const geo::MultiPolygon& mp, const LocalMetric& m);

double distance_to_point(const Base& base, const geo::Point& p, const LocalMetric& m);
double distance_to_line(const Base& base, const geo::LineString& line, const LocalMetric& m);
double distance_to_area(const Base& base, const geo::MultiPolygon& area, const LocalMetric& m);

}  // namespace huxiao::zones
