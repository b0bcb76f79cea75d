#include "demo/shapes.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace huxiao::demo {

double norm(const Vec& v) {
  return std::sqrt(v.x * v.x + v.y * v.y);
}

Vec unit(const Vec& v) {
  const double n = norm(v);
  return n > 0.0 ? Vec{v.x / n, v.y / n} : Vec{1.0, 0.0};
}

Vec heading(double radians) {
  return {det_cos(radians), det_sin(radians)};
}

double dist(const geo::Point& a, const geo::Point& b) {
  return norm(a - b);
}

double line_length(const geo::LineString& line) {
  double total = 0.0;
  for (std::size_t i = 1; i < line.size(); ++i) total += dist(line[i - 1], line[i]);
  return total;
}

geo::Point nearest_on_segment(const geo::Point& p, const geo::Point& a, const geo::Point& b,
                              double& t) {
  const Vec ab = b - a;
  const double len2 = ab.x * ab.x + ab.y * ab.y;
  const Vec ap = p - a;
  t = len2 > 0.0 ? std::clamp((ap.x * ab.x + ap.y * ab.y) / len2, 0.0, 1.0) : 0.0;
  if (t <= 0.0) return a;
  if (t >= 1.0) return b;
  return a + t * ab;
}

double distance_to_segment(const geo::Point& p, const geo::Point& a, const geo::Point& b) {
  double t = 0.0;
  return dist(p, nearest_on_segment(p, a, b, t));
}

double distance_to_line(const geo::Point& p, const geo::LineString& line) {
  if (line.size() == 1) return dist(p, line.front());
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i = 1; i < line.size(); ++i) {
    best = std::min(best, distance_to_segment(p, line[i - 1], line[i]));
  }
  return best;
}

geo::Ring rectangle(const geo::Point& centre, double half_w, double half_h, double angle) {
  const Vec u = heading(angle);
  const Vec v = perp(u);
  geo::Ring ring;
  ring.reserve(5);
  constexpr double kCorners[4][2] = {{-1.0, -1.0}, {1.0, -1.0}, {1.0, 1.0}, {-1.0, 1.0}};
  for (const auto& c : kCorners)
    ring.push_back(centre + ((c[0] * half_w) * u + (c[1] * half_h) * v));
  ring.push_back(ring.front());
  return ring;
}

geo::Ring blob(const geo::Point& centre, double radius, double elongation, double angle,
               std::size_t vertices, double roughness, Rng& rng) {
  // Two random harmonics give lobes and bays; the clamp keeps the radius positive.
  const double a2 = rng.uniform(0.0, roughness), p2 = rng.uniform(0.0, 2 * kPi);
  const double a3 = rng.uniform(0.0, roughness * 0.7), p3 = rng.uniform(0.0, 2 * kPi);
  const Vec u = heading(angle);
  const Vec v = perp(u);
  geo::Ring ring;
  ring.reserve(vertices + 1);
  for (std::size_t i = 0; i < vertices; ++i) {
    const double phi = 2 * kPi * static_cast<double>(i) / static_cast<double>(vertices);
    double r = 1.0 + a2 * det_sin(2 * phi + p2) + a3 * det_sin(3 * phi + p3) +
               rng.uniform(-roughness, roughness) * 0.3;
    r = std::max(r, 0.35) * radius;
    const double along = r * det_cos(phi) * elongation;
    const double across = r * det_sin(phi) / elongation;
    ring.push_back(centre + (along * u + across * v));
  }
  ring.push_back(ring.front());
  return ring;
}

geo::LineString smooth(const geo::LineString& control, int iterations) {
  geo::LineString line = control;
  for (int it = 0; it < iterations && line.size() > 2; ++it) {
    geo::LineString next;
    next.reserve(line.size() * 2);
    next.push_back(line.front());
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
      const Vec d = line[i + 1] - line[i];
      if (i > 0) next.push_back(line[i] + 0.25 * d);
      if (i + 2 < line.size()) next.push_back(line[i] + 0.75 * d);
    }
    next.push_back(line.back());
    line = std::move(next);
  }
  return line;
}

geo::LineString wander(const geo::Point& a, const geo::Point& b, double step, double amplitude,
                       Rng& rng) {
  const Vec d = b - a;
  const double len = norm(d);
  const auto n = static_cast<std::size_t>(std::max(1.0, std::ceil(len / step)));
  const Vec side = perp(unit(d));
  // Sum of two sines with fixed ends: smooth like a road following the terrain.
  const double f1 = rng.uniform(0.5, 1.5), p1 = rng.uniform(0.0, 2 * kPi);
  const double f2 = rng.uniform(1.5, 3.5), p2 = rng.uniform(0.0, 2 * kPi);
  const double w1 = rng.uniform(-1.0, 1.0), w2 = rng.uniform(-0.5, 0.5);
  geo::LineString line;
  line.reserve(n + 1);
  line.push_back(a);
  for (std::size_t i = 1; i < n; ++i) {
    const double t = static_cast<double>(i) / static_cast<double>(n);
    const double envelope = det_sin(kPi * t);
    const double off =
        amplitude * envelope * (w1 * det_sin(f1 * kPi * t + p1) + w2 * det_sin(f2 * kPi * t + p2));
    line.push_back(a + (t * d + off * side));
  }
  line.push_back(b);
  return line;
}

geo::Ring ribbon(const geo::LineString& line, std::size_t first, std::size_t last,
                 double half_width) {
  std::vector<geo::Point> left, right;
  for (std::size_t i = first; i <= last; ++i) {
    const geo::Point& prev = line[i == 0 ? 0 : i - 1];
    const geo::Point& next = line[std::min(i + 1, line.size() - 1)];
    const Vec n = perp(unit(next - prev));
    left.push_back(line[i] + half_width * n);
    right.push_back(line[i] + (-half_width) * n);
  }
  // Right side forward, left side back: counter-clockwise for a line heading east.
  geo::Ring ring = right;
  ring.insert(ring.end(), left.rbegin(), left.rend());
  ring.push_back(ring.front());
  return ring;
}

}  // namespace huxiao::demo
