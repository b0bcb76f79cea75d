#pragma once
// Uniform-grid spatial indexes for the operational models: agents are counting-sorted into
// cells every step (O(n), no allocation after the first step), wall segments are binned once
// into every cell within the interaction range, so one cell lookup finds all walls that matter.

#include <cstdint>
#include <vector>

#include "geo/geometry.hpp"

namespace huxiao::evac {

struct Segment {
  geo::Point a, b;
};

// Closest point on a segment, and the distance to it.
geo::Point closest_point(const Segment& s, geo::Point p);
// How far a disc of radius r centred at p can travel along the unit vector e before it touches
// the segment: infinity if never; 0 if it already touches and e points into the segment.
double free_travel(geo::Point p, geo::Point e, const Segment& s, double r);
// True if the open segments p→q and s cross (touching at an end counts).
bool segments_cross(geo::Point p, geo::Point q, const Segment& s);

class WallIndex {
 public:
  WallIndex() = default;
  WallIndex(std::vector<Segment> segments, const geo::Box& box, double range);
  void add(const Segment& segment);  // a door that closes

  // Segments within `range` of any point in the cell of (x, y).
  template <class F>
  void for_each_near(double x, double y, F&& f) const {
    const std::int64_t c = cell_of(x, y);
    if (c < 0) {
      for (std::size_t k = 0; k < segments_.size(); ++k) f(segments_[k]);
      return;
    }
    const auto cell = static_cast<std::size_t>(c);
    for (std::uint32_t k = start_[cell]; k < start_[cell + 1]; ++k) f(segments_[items_[k]]);
    for (std::uint32_t k : extra_) f(segments_[k]);
  }
  const std::vector<Segment>& segments() const { return segments_; }

 private:
  std::int64_t cell_of(double x, double y) const;
  std::vector<Segment> segments_;
  double x0_ = 0, y0_ = 0, size_ = 1;
  int nx_ = 0, ny_ = 0;
  std::vector<std::uint32_t> start_, items_;
  std::vector<std::uint32_t> extra_;  // added after construction, checked everywhere (few)
};

// Agents by cell, rebuilt each step. Optionally periodic in x (RiMEA 4's endless corridor).
class NeighbourGrid {
 public:
  NeighbourGrid(const geo::Box& box, double cell, double periodic_length = 0.0);
  // Positions and radii are copied in cell order, so a neighbour scan reads memory in sequence.
  void rebuild(const std::vector<double>& x, const std::vector<double>& y,
               const std::vector<double>& radius, const std::vector<std::uint8_t>& present);

  // Calls f(j, x_j, y_j, r_j) for agents in the (2·reach+1)² cells around (x, y): everyone within
  // reach × cell_size() is visited.
  template <class F>
  void for_each_near(double x, double y, int reach, F&& f) const {
    const int cx = cell_x(x), cy = cell_y(y);
    for (int dy = -reach; dy <= reach; ++dy) {
      const int yy = cy + dy;
      if (yy < 0 || yy >= ny_) continue;
      for (int dx = -reach; dx <= reach; ++dx) {
        int xx = cx + dx;
        if (periodic_ > 0.0) {
          if (nx_ < 2 * reach + 1 && (dx < -(nx_ / 2) || dx > (nx_ - 1) / 2)) continue;
          xx = (xx + nx_) % nx_;
        } else if (xx < 0 || xx >= nx_) {
          continue;
        }
        const std::size_t c = static_cast<std::size_t>(yy) * static_cast<std::size_t>(nx_) +
                              static_cast<std::size_t>(xx);
        for (std::uint32_t k = start_[c]; k < start_[c + 1]; ++k)
          f(static_cast<std::size_t>(order_[k]), px_[k], py_[k], pr_[k]);
      }
    }
  }
  double periodic_length() const { return periodic_; }
  double cell_size() const { return size_; }

 private:
  int cell_x(double x) const;
  int cell_y(double y) const;
  double x0_, y0_, size_, periodic_;
  int nx_, ny_;
  std::vector<std::uint32_t> start_, order_, cell_of_, fill_;
  std::vector<double> px_, py_, pr_;
};

}  // namespace huxiao::evac
