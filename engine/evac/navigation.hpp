#pragma once
// Navigation: the plan burnt into a fine grid and distance fields to the targets computed by the
// Fast Marching Method (Sethian 1996), first order, on 4-neighbour cells. Walls are obstacles;
// walking is slower on stairs and close to walls, so the fastest path keeps off the walls and
// agents do not hug corners. A field is recomputed when a door or stair closes.

#include <cstdint>
#include <limits>
#include <vector>

#include "evac/plan.hpp"

namespace huxiao::evac {

struct GridSpec {
  double x0 = 0.0, y0 = 0.0;  // lower-left corner of cell (0, 0)
  double cell = 0.1;
  int nx = 0, ny = 0;

  std::size_t size() const { return static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny); }
  // -1 outside the grid.
  std::int64_t index_of(double x, double y) const;
  geo::Point center(std::size_t index) const;
};

struct NavigationOptions {
  double cell = 0.1;                  // grid resolution, m
  double wall_clearance = 0.4;        // closer to a wall than this, the field's speed drops ...
  double wall_slowdown = 0.3;         // ... to this fraction at the wall
  double reference_speed = 1.34;      // stairs' speed factor = stair speed / this
  std::size_t max_cells = 8'000'000;  // the cell grows until the grid fits
};

inline constexpr float kUnreachable = std::numeric_limits<float>::infinity();

struct DistanceField {
  std::vector<float> time;   // travel time at reference speed, s (kUnreachable: blocked)
  std::vector<float> dir_x;  // unit vector down the gradient, 0 on blocked cells
  std::vector<float> dir_y;
};

class Navigation {
 public:
  Navigation(const Plan& plan, const NavigationOptions& options);

  const GridSpec& grid() const { return grid_; }
  bool targets_are_exits() const { return targets_are_exits_; }
  // Number of fields: 0 = all open targets; 1 + k = exit k alone (only when targets are exits).
  const DistanceField& field(int which) const { return fields_[static_cast<std::size_t>(which)]; }
  void build_exit_fields();  // for assigned exits (RiMEA 10)

  // Closing a door or stair blocks its cells and recomputes every field.
  // With recompute = false several closures share one recompute (call recompute() after).
  void close_exit(int exit, bool recompute = true);
  void close_stair(int stair, bool recompute = true);
  void recompute() { compute_fields(); }

  // Desired direction at a point (bilinear over the surrounding free cells); {0,0} if none.
  geo::Point direction(int which, double x, double y) const;
  double time_at(int which, double x, double y) const;  // kUnreachable if blocked
  int stair_at(double x, double y) const;               // -1 when not on a stair
  double z_at(double x, double y) const;
  bool walkable_at(double x, double y) const;

  // Throws Error(kBadGeometry) naming the first room that has no way to any open target.
  void check_reachable(const Plan& plan) const;

 private:
  void burn(const Plan& plan);
  void compute_wall_distance();
  void compute_fields();
  DistanceField march(const std::vector<std::uint8_t>& target) const;

  const Plan* plan_;
  NavigationOptions options_;
  GridSpec grid_;
  bool targets_are_exits_ = true;
  std::vector<std::uint8_t> free_;
  std::vector<std::int16_t> stair_;
  std::vector<float> z_;
  std::vector<float> speed_;
  std::vector<std::uint8_t> closed_exit_;
  std::vector<std::uint8_t> closed_stair_;
  std::vector<std::vector<std::size_t>> exit_cells_;
  std::vector<std::size_t> assembly_cells_;
  bool per_exit_ = false;
  std::vector<DistanceField> fields_;
};

// Cells a segment passes through (dense sampling, 4-connected), for burning walls and doors.
std::vector<std::size_t> cells_on_segment(const GridSpec& grid, geo::Point a, geo::Point b);

}  // namespace huxiao::evac
