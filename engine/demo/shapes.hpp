#pragma once
// Plane geometry the generator needs: shapes of campuses, ponds and lakes, meandering lines.
// Built on +, -, *, / and sqrt only (see random.hpp) so coordinates are the same everywhere.

#include <cstddef>

#include "demo/random.hpp"
#include "geo/geometry.hpp"

namespace huxiao::demo {

struct Vec {
  double x = 0.0;
  double y = 0.0;
};

inline geo::Point operator+(const geo::Point& p, const Vec& v) {
  return {p.x + v.x, p.y + v.y};
}
inline Vec operator-(const geo::Point& a, const geo::Point& b) {
  return {a.x - b.x, a.y - b.y};
}
inline Vec operator*(double k, const Vec& v) {
  return {k * v.x, k * v.y};
}
inline Vec operator+(const Vec& a, const Vec& b) {
  return {a.x + b.x, a.y + b.y};
}

double norm(const Vec& v);
Vec unit(const Vec& v);  // {1, 0} for the zero vector
inline Vec perp(const Vec& v) {
  return {-v.y, v.x};
}  // 90° counter-clockwise
Vec heading(double radians);  // unit vector at that angle
double dist(const geo::Point& a, const geo::Point& b);
double line_length(const geo::LineString& line);

// The point of segment ab nearest to p; `t` receives its parameter in [0, 1].
geo::Point nearest_on_segment(const geo::Point& p, const geo::Point& a, const geo::Point& b,
                              double& t);
double distance_to_segment(const geo::Point& p, const geo::Point& a, const geo::Point& b);
double distance_to_line(const geo::Point& p, const geo::LineString& line);

// A rectangle of half sizes (half_w along `angle`, half_h across), closed and counter-clockwise.
geo::Ring rectangle(const geo::Point& centre, double half_w, double half_h, double angle);
// An irregular closed blob: radius varies smoothly around the centre, stretched by `elongation`
// along `angle`. Star-shaped about the centre, so always simple.
geo::Ring blob(const geo::Point& centre, double radius, double elongation, double angle,
               std::size_t vertices, double roughness, Rng& rng);

// Chaikin corner cutting with the end points kept: smooth curves from coarse control points.
geo::LineString smooth(const geo::LineString& control, int iterations);
// A line from a to b that wanders sideways by up to `amplitude`, with a vertex every `step`
// metres; a and b are kept exactly so the ends can be shared with other lines.
geo::LineString wander(const geo::Point& a, const geo::Point& b, double step, double amplitude,
                       Rng& rng);
// The two sides of a line offset by ±half_width, as one closed ring (for river areas).
geo::Ring ribbon(const geo::LineString& line, std::size_t first, std::size_t last,
                 double half_width);

}  // namespace huxiao::demo
