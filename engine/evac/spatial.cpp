#include "evac/spatial.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace huxiao::evac {

// [SECTION] segment geometry

geo::Point closest_point(const Segment& s, geo::Point p) {
  const double vx = s.b.x - s.a.x, vy = s.b.y - s.a.y;
  const double len2 = vx * vx + vy * vy;
  double t = len2 > 0.0 ? ((p.x - s.a.x) * vx + (p.y - s.a.y) * vy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return {s.a.x + t * vx, s.a.y + t * vy};
}

namespace {
// Smallest t >= 0 with |p + t e - c| = r, for a ray starting outside the circle.
double ray_circle(geo::Point p, geo::Point e, geo::Point c, double r) {
  const double fx = p.x - c.x, fy = p.y - c.y;
  const double b = fx * e.x + fy * e.y;
  const double cc = fx * fx + fy * fy - r * r;
  const double disc = b * b - cc;
  if (disc < 0.0) return std::numeric_limits<double>::infinity();
  const double t = -b - std::sqrt(disc);
  return t >= 0.0 ? t : std::numeric_limits<double>::infinity();
}
}  // namespace

double free_travel(geo::Point p, geo::Point e, const Segment& s, double r) {
  const double inf = std::numeric_limits<double>::infinity();
  const geo::Point q = closest_point(s, p);
  const double dx = p.x - q.x, dy = p.y - q.y;
  if (dx * dx + dy * dy <= r * r) return (dx * e.x + dy * e.y) < 0.0 ? 0.0 : inf;
  double best = std::min(ray_circle(p, e, s.a, r), ray_circle(p, e, s.b, r));
  const double vx = s.b.x - s.a.x, vy = s.b.y - s.a.y;
  const double len = std::sqrt(vx * vx + vy * vy);
  if (len < 1e-12) return best;
  const double nx = -vy / len, ny = vx / len;
  // Signed distance of p from the segment's line, and its rate of change along e.
  const double h = (p.x - s.a.x) * nx + (p.y - s.a.y) * ny;
  const double rate = e.x * nx + e.y * ny;
  if (std::abs(rate) > 1e-12 && std::abs(h) > r) {
    const double t = (std::abs(h) - r) / (h > 0 ? -rate : rate);
    if (t >= 0.0) {
      const double u = ((p.x + t * e.x - s.a.x) * vx + (p.y + t * e.y - s.a.y) * vy) / (len * len);
      if (u >= 0.0 && u <= 1.0) best = std::min(best, t);
    }
  }
  return best;
}

namespace {
double cross(geo::Point o, geo::Point a, geo::Point b) {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}
}  // namespace

bool segments_cross(geo::Point p, geo::Point q, const Segment& s) {
  const double d1 = cross(s.a, s.b, p), d2 = cross(s.a, s.b, q);
  const double d3 = cross(p, q, s.a), d4 = cross(p, q, s.b);
  return ((d1 > 0) != (d2 > 0) || d2 == 0.0) && ((d3 > 0) != (d4 > 0) || d3 == 0.0 || d4 == 0.0) &&
         !(d1 == 0.0 && d2 == 0.0);
}

// [SECTION] walls

WallIndex::WallIndex(std::vector<Segment> segments, const geo::Box& box, double range)
    : segments_(std::move(segments)) {
  size_ = std::max(range, 0.5);
  x0_ = box.min_x - size_;
  y0_ = box.min_y - size_;
  nx_ = static_cast<int>(std::ceil((box.max_x - box.min_x) / size_)) + 3;
  ny_ = static_cast<int>(std::ceil((box.max_y - box.min_y) / size_)) + 3;
  const std::size_t cells = static_cast<std::size_t>(nx_) * static_cast<std::size_t>(ny_);
  std::vector<std::vector<std::uint32_t>> bins(cells);
  for (std::size_t k = 0; k < segments_.size(); ++k) {
    const Segment& s = segments_[k];
    // Every cell whose box lies within `range` of the segment's box: conservative and cheap.
    const int ix0 = std::max(0, static_cast<int>((std::min(s.a.x, s.b.x) - range - x0_) / size_));
    const int ix1 =
        std::min(nx_ - 1, static_cast<int>((std::max(s.a.x, s.b.x) + range - x0_) / size_));
    const int iy0 = std::max(0, static_cast<int>((std::min(s.a.y, s.b.y) - range - y0_) / size_));
    const int iy1 =
        std::min(ny_ - 1, static_cast<int>((std::max(s.a.y, s.b.y) + range - y0_) / size_));
    for (int iy = iy0; iy <= iy1; ++iy) {
      for (int ix = ix0; ix <= ix1; ++ix) {
        // Skip cells whose centre is farther than range + half diagonal from the segment.
        const geo::Point c{x0_ + (ix + 0.5) * size_, y0_ + (iy + 0.5) * size_};
        const double reach = range + size_ * 0.7072;
        if (geo::distance(closest_point(s, c), c) > reach) continue;
        bins[static_cast<std::size_t>(iy) * static_cast<std::size_t>(nx_) +
             static_cast<std::size_t>(ix)]
            .push_back(static_cast<std::uint32_t>(k));
      }
    }
  }
  start_.assign(cells + 1, 0);
  for (std::size_t c = 0; c < cells; ++c)
    start_[c + 1] = start_[c] + static_cast<std::uint32_t>(bins[c].size());
  items_.reserve(start_.back());
  for (const auto& bin : bins) items_.insert(items_.end(), bin.begin(), bin.end());
}

void WallIndex::add(const Segment& segment) {
  extra_.push_back(static_cast<std::uint32_t>(segments_.size()));
  segments_.push_back(segment);
}

std::int64_t WallIndex::cell_of(double x, double y) const {
  if (nx_ == 0) return -1;
  const double fx = (x - x0_) / size_, fy = (y - y0_) / size_;
  if (!(fx >= 0.0) || !(fy >= 0.0) || fx >= nx_ || fy >= ny_) return -1;
  return static_cast<std::int64_t>(fy) * nx_ + static_cast<std::int64_t>(fx);
}

// [SECTION] agents

NeighbourGrid::NeighbourGrid(const geo::Box& box, double cell, double periodic_length)
    : x0_(box.min_x - cell), y0_(box.min_y - cell), size_(cell), periodic_(periodic_length) {
  if (periodic_ > 0.0) {
    x0_ = box.min_x;
    nx_ = std::max(1, static_cast<int>(std::floor(periodic_ / cell)));
    size_ = periodic_ / nx_;
  } else {
    nx_ = static_cast<int>(std::ceil((box.max_x - box.min_x) / cell)) + 3;
  }
  ny_ = static_cast<int>(std::ceil((box.max_y - box.min_y) / cell)) + 3;
  start_.assign(static_cast<std::size_t>(nx_) * static_cast<std::size_t>(ny_) + 1, 0);
}

int NeighbourGrid::cell_x(double x) const {
  if (periodic_ > 0.0) {
    double u = std::fmod(x - x0_, periodic_);
    if (u < 0) u += periodic_;
    return std::min(nx_ - 1, static_cast<int>(u / size_));
  }
  return std::clamp(static_cast<int>(std::floor((x - x0_) / size_)), 0, nx_ - 1);
}

int NeighbourGrid::cell_y(double y) const {
  return std::clamp(static_cast<int>(std::floor((y - y0_) / size_)), 0, ny_ - 1);
}

void NeighbourGrid::rebuild(const std::vector<double>& x, const std::vector<double>& y,
                            const std::vector<double>& radius,
                            const std::vector<std::uint8_t>& present) {
  const std::size_t n = x.size();
  cell_of_.resize(n);
  std::fill(start_.begin(), start_.end(), 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (!present[i]) continue;
    const std::size_t c = static_cast<std::size_t>(cell_y(y[i])) * static_cast<std::size_t>(nx_) +
                          static_cast<std::size_t>(cell_x(x[i]));
    cell_of_[i] = static_cast<std::uint32_t>(c);
    ++start_[c + 1];
  }
  for (std::size_t c = 1; c < start_.size(); ++c) start_[c] += start_[c - 1];
  order_.resize(start_.back());
  px_.resize(start_.back());
  py_.resize(start_.back());
  pr_.resize(start_.back());
  fill_.assign(start_.begin(), start_.end() - 1);
  for (std::size_t i = 0; i < n; ++i) {
    if (!present[i]) continue;
    const std::uint32_t k = fill_[cell_of_[i]]++;
    order_[k] = static_cast<std::uint32_t>(i);
    px_[k] = x[i];
    py_[k] = y[i];
    pr_[k] = radius[i];
  }
}

}  // namespace huxiao::evac
