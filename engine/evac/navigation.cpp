#include "evac/navigation.hpp"

#include <algorithm>
#include <cmath>
#include <queue>

#include <fmt/format.h>

#include "core/error.hpp"

namespace huxiao::evac {

// [SECTION] grid

std::int64_t GridSpec::index_of(double x, double y) const {
  const double fx = (x - x0) / cell;
  const double fy = (y - y0) / cell;
  if (!(fx >= 0.0) || !(fy >= 0.0)) return -1;
  const auto ix = static_cast<std::int64_t>(fx);
  const auto iy = static_cast<std::int64_t>(fy);
  if (ix >= nx || iy >= ny) return -1;
  return iy * nx + ix;
}

geo::Point GridSpec::center(std::size_t index) const {
  const auto ix = static_cast<double>(index % static_cast<std::size_t>(nx));
  const auto iy = static_cast<double>(index / static_cast<std::size_t>(nx));
  return {x0 + (ix + 0.5) * cell, y0 + (iy + 0.5) * cell};
}

std::vector<std::size_t> cells_on_segment(const GridSpec& grid, geo::Point a, geo::Point b) {
  std::vector<std::size_t> cells;
  const double len = geo::distance(a, b);
  // Quarter-cell steps hit every cell the segment crosses except at exact corners; the extra
  // 4-neighbour fill below closes those, so no front leaks diagonally through a thin wall.
  const int steps = std::max(1, static_cast<int>(std::ceil(len / (grid.cell * 0.25))));
  std::int64_t last = -1;
  for (int s = 0; s <= steps; ++s) {
    const double t = static_cast<double>(s) / steps;
    const std::int64_t idx = grid.index_of(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y));
    if (idx < 0 || idx == last) continue;
    if (last >= 0) {
      const std::int64_t lx = last % grid.nx, ly = last / grid.nx;
      const std::int64_t cx = idx % grid.nx, cy = idx / grid.nx;
      if (lx != cx && ly != cy) cells.push_back(static_cast<std::size_t>(ly * grid.nx + cx));
    }
    cells.push_back(static_cast<std::size_t>(idx));
    last = idx;
  }
  return cells;
}

namespace {

template <class F>
void for_cells_in_polygon(const GridSpec& grid, const geo::Polygon& polygon, F&& f) {
  const geo::Box box = geo::bounds(geo::Geometry{polygon});
  const int ix0 = std::max(0, static_cast<int>((box.min_x - grid.x0) / grid.cell));
  const int iy0 = std::max(0, static_cast<int>((box.min_y - grid.y0) / grid.cell));
  const int ix1 = std::min(grid.nx - 1, static_cast<int>((box.max_x - grid.x0) / grid.cell));
  const int iy1 = std::min(grid.ny - 1, static_cast<int>((box.max_y - grid.y0) / grid.cell));
  for (int iy = iy0; iy <= iy1; ++iy) {
    for (int ix = ix0; ix <= ix1; ++ix) {
      const std::size_t idx = static_cast<std::size_t>(iy) * static_cast<std::size_t>(grid.nx) +
                              static_cast<std::size_t>(ix);
      if (geo::contains(polygon, grid.center(idx))) f(idx);
    }
  }
}

}  // namespace

// [SECTION] construction

Navigation::Navigation(const Plan& plan, const NavigationOptions& options)
    : plan_(&plan), options_(options) {
  require_positive("navigation cell size", options.cell);
  geo::Box box = plan.bounds();
  if (box.empty()) throw Error(ErrorCode::kBadGeometry, "the plan has no walkable area");
  double cell = options.cell;
  const auto cells_for = [&](double c) {
    return ((box.max_x - box.min_x) / c + 3.0) * ((box.max_y - box.min_y) / c + 3.0);
  };
  while (cells_for(cell) > static_cast<double>(options.max_cells)) cell *= 1.25;
  grid_.cell = cell;
  grid_.x0 = box.min_x - cell;
  grid_.y0 = box.min_y - cell;
  grid_.nx = static_cast<int>(std::ceil((box.max_x - box.min_x) / cell)) + 3;
  grid_.ny = static_cast<int>(std::ceil((box.max_y - box.min_y) / cell)) + 3;
  targets_are_exits_ = plan.assembly.empty();
  closed_exit_.assign(plan.exits.size(), 0);
  closed_stair_.assign(plan.stairs.size(), 0);
  burn(plan);
  compute_wall_distance();
  compute_fields();
}

void Navigation::burn(const Plan& plan) {
  const std::size_t n = grid_.size();
  free_.assign(n, 0);
  stair_.assign(n, -1);
  z_.assign(n, 0.0f);
  for (const Walkable& w : plan.walkable) {
    for_cells_in_polygon(grid_, w.area, [&](std::size_t i) {
      free_[i] = 1;
      z_[i] = static_cast<float>(w.z);
    });
  }
  for (std::size_t s = 0; s < plan.stairs.size(); ++s) {
    const Stair& st = plan.stairs[s];
    // z rises linearly along the ascent direction across the stair's extent.
    double lo = 1e300, hi = -1e300;
    for (const geo::Point& p : st.area.outer) {
      const double u = p.x * st.up.x + p.y * st.up.y;
      lo = std::min(lo, u);
      hi = std::max(hi, u);
    }
    for_cells_in_polygon(grid_, st.area, [&](std::size_t i) {
      free_[i] = 1;
      stair_[i] = static_cast<std::int16_t>(s);
      const geo::Point c = grid_.center(i);
      const double u = (c.x * st.up.x + c.y * st.up.y - lo) / std::max(1e-9, hi - lo);
      z_[i] = static_cast<float>(st.z_bottom + std::clamp(u, 0.0, 1.0) * (st.z_top - st.z_bottom));
    });
  }
  // Walls and obstacles are hard: an exit drawn up to a wall must not open the wall's cells.
  std::vector<std::uint8_t> hard(n, 0);
  for (const geo::Polygon& o : plan.obstacles)
    for_cells_in_polygon(grid_, o, [&](std::size_t i) { hard[i] = 1; });
  const auto burn_ring = [&](const geo::Ring& ring) {
    for (std::size_t k = 0; k + 1 < ring.size(); ++k)
      for (std::size_t c : cells_on_segment(grid_, ring[k], ring[k + 1])) hard[c] = 1;
  };
  for (const geo::Polygon& o : plan.obstacles) burn_ring(o.outer);
  for (const geo::LineString& wall : plan.walls) burn_ring(wall);
  for (std::size_t i = 0; i < n; ++i)
    if (hard[i]) free_[i] = 0;
  exit_cells_.assign(plan.exits.size(), {});
  for (std::size_t e = 0; e < plan.exits.size(); ++e) {
    // An exit on the outline has cells half outside; they become free targets (or doors).
    for (std::size_t c : cells_on_segment(grid_, plan.exits[e].a, plan.exits[e].b)) {
      if (hard[c]) continue;
      free_[c] = 1;
      exit_cells_[e].push_back(c);
    }
  }
  assembly_cells_.clear();
  for (const Assembly& a : plan.assembly)
    for_cells_in_polygon(grid_, a.area, [&](std::size_t i) {
      if (free_[i]) assembly_cells_.push_back(i);
    });
}

void Navigation::compute_wall_distance() {
  // Distance to the nearest blocked cell by a uniform-speed march: close enough to Euclidean
  // (within a few per cent) for shaping the speed field.
  std::vector<std::uint8_t> seeds(grid_.size(), 0);
  for (std::size_t i = 0; i < grid_.size(); ++i) seeds[i] = free_[i] ? 0 : 1;
  std::vector<std::uint8_t> saved = free_;
  std::fill(free_.begin(), free_.end(), 1);
  speed_.assign(grid_.size(), 1.0f);
  const DistanceField d = march(seeds);
  free_ = std::move(saved);
  for (std::size_t i = 0; i < grid_.size(); ++i) {
    const double wd = static_cast<double>(d.time[i]);  // metres: speed 1 everywhere
    double f = 1.0;
    if (wd < options_.wall_clearance)
      f = options_.wall_slowdown + (1.0 - options_.wall_slowdown) * wd / options_.wall_clearance;
    if (stair_[i] >= 0) {
      const Stair& st = plan_->stairs[static_cast<std::size_t>(stair_[i])];
      f *= 0.5 * (st.speed_up + st.speed_down) / options_.reference_speed;
    }
    speed_[i] = static_cast<float>(f);
  }
}

void Navigation::compute_fields() {
  std::vector<std::uint8_t> target(grid_.size(), 0);
  if (targets_are_exits_) {
    for (std::size_t e = 0; e < exit_cells_.size(); ++e)
      if (!closed_exit_[e])
        for (std::size_t c : exit_cells_[e]) target[c] = 1;
  } else {
    for (std::size_t c : assembly_cells_) target[c] = 1;
  }
  fields_.clear();
  fields_.push_back(march(target));
  if (per_exit_) {
    for (std::size_t e = 0; e < exit_cells_.size(); ++e) {
      std::fill(target.begin(), target.end(), 0);
      if (!closed_exit_[e])
        for (std::size_t c : exit_cells_[e]) target[c] = 1;
      fields_.push_back(march(target));
    }
  }
}

void Navigation::build_exit_fields() {
  if (per_exit_ || !targets_are_exits_) return;
  per_exit_ = true;
  compute_fields();
}

// [SECTION] Fast Marching Method

DistanceField Navigation::march(const std::vector<std::uint8_t>& target) const {
  const std::size_t n = grid_.size();
  const int nx = grid_.nx, ny = grid_.ny;
  const double h = grid_.cell;
  DistanceField f;
  f.time.assign(n, kUnreachable);
  std::vector<std::uint8_t> done(n, 0);
  using Item = std::pair<float, std::size_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
  for (std::size_t i = 0; i < n; ++i) {
    if (target[i] && free_[i]) {
      f.time[i] = 0.0f;
      heap.emplace(0.0f, i);
    }
  }
  const auto value = [&](int x, int y) -> double {
    if (x < 0 || y < 0 || x >= nx || y >= ny) return 1e30;
    const std::size_t j =
        static_cast<std::size_t>(y) * static_cast<std::size_t>(nx) + static_cast<std::size_t>(x);
    return done[j] ? static_cast<double>(f.time[j]) : 1e30;
  };
  while (!heap.empty()) {
    const auto [t, i] = heap.top();
    heap.pop();
    if (done[i] || t > f.time[i]) continue;
    done[i] = 1;
    const int ix = static_cast<int>(i % static_cast<std::size_t>(nx));
    const int iy = static_cast<int>(i / static_cast<std::size_t>(nx));
    const int nbx[4] = {ix - 1, ix + 1, ix, ix};
    const int nby[4] = {iy, iy, iy - 1, iy + 1};
    for (int k = 0; k < 4; ++k) {
      const int x = nbx[k], y = nby[k];
      if (x < 0 || y < 0 || x >= nx || y >= ny) continue;
      const std::size_t j =
          static_cast<std::size_t>(y) * static_cast<std::size_t>(nx) + static_cast<std::size_t>(x);
      if (done[j] || !free_[j]) continue;
      const double a = std::min(value(x - 1, y), value(x + 1, y));
      const double b = std::min(value(x, y - 1), value(x, y + 1));
      const double step = h / std::max(1e-3, static_cast<double>(speed_[j]));
      double u;
      if (std::abs(a - b) >= step) {
        u = std::min(a, b) + step;
      } else {
        u = 0.5 * (a + b + std::sqrt(2.0 * step * step - (a - b) * (a - b)));
      }
      if (u < f.time[j]) {
        f.time[j] = static_cast<float>(u);
        heap.emplace(f.time[j], j);
      }
    }
  }
  // Direction: minus the gradient, central differences where both sides are reachable.
  f.dir_x.assign(n, 0.0f);
  f.dir_y.assign(n, 0.0f);
  const auto at = [&](int x, int y, double fallback) {
    if (x < 0 || y < 0 || x >= nx || y >= ny) return fallback;
    const float v = f.time[static_cast<std::size_t>(y) * static_cast<std::size_t>(nx) +
                           static_cast<std::size_t>(x)];
    return std::isfinite(v) ? static_cast<double>(v) : fallback;
  };
  for (int y = 0; y < ny; ++y) {
    for (int x = 0; x < nx; ++x) {
      const std::size_t i =
          static_cast<std::size_t>(y) * static_cast<std::size_t>(nx) + static_cast<std::size_t>(x);
      const double c = static_cast<double>(f.time[i]);
      // Targets keep no direction of their own: the interpolation takes it from the cells
      // before them, so agents walk on through a door instead of turning back at it.
      if (!std::isfinite(c) || c == 0.0) continue;
      // A blocked neighbour counts as higher ground, so the gradient points away from walls.
      const double wall = c + h;
      const double gx = (at(x + 1, y, wall) - at(x - 1, y, wall)) / (2.0 * h);
      const double gy = (at(x, y + 1, wall) - at(x, y - 1, wall)) / (2.0 * h);
      const double norm = std::hypot(gx, gy);
      if (norm > 1e-12) {
        f.dir_x[i] = static_cast<float>(-gx / norm);
        f.dir_y[i] = static_cast<float>(-gy / norm);
      }
    }
  }
  return f;
}

// [SECTION] closures

void Navigation::close_exit(int exit, bool recompute) {
  const auto e = static_cast<std::size_t>(exit);
  if (closed_exit_.at(e)) return;
  closed_exit_[e] = 1;
  for (std::size_t c : exit_cells_[e]) free_[c] = 0;
  if (recompute) compute_fields();
}

void Navigation::close_stair(int stair, bool recompute) {
  const auto s = static_cast<std::size_t>(stair);
  if (closed_stair_.at(s)) return;
  closed_stair_[s] = 1;
  for (std::size_t i = 0; i < grid_.size(); ++i)
    if (stair_[i] == stair) free_[i] = 0;
  if (recompute) compute_fields();
}

// [SECTION] queries

geo::Point Navigation::direction(int which, double x, double y) const {
  const DistanceField& f = field(which);
  const double fx = (x - grid_.x0) / grid_.cell - 0.5;
  const double fy = (y - grid_.y0) / grid_.cell - 0.5;
  const int ix = static_cast<int>(std::floor(fx));
  const int iy = static_cast<int>(std::floor(fy));
  const double tx = fx - ix, ty = fy - iy;
  double dx = 0.0, dy = 0.0;
  for (int k = 0; k < 4; ++k) {
    const int cx = ix + (k & 1), cy = iy + (k >> 1);
    if (cx < 0 || cy < 0 || cx >= grid_.nx || cy >= grid_.ny) continue;
    const std::size_t i = static_cast<std::size_t>(cy) * static_cast<std::size_t>(grid_.nx) +
                          static_cast<std::size_t>(cx);
    const double w = ((k & 1) ? tx : 1.0 - tx) * ((k >> 1) ? ty : 1.0 - ty);
    dx += w * static_cast<double>(f.dir_x[i]);
    dy += w * static_cast<double>(f.dir_y[i]);
  }
  const double norm = std::hypot(dx, dy);
  if (norm < 1e-9) return {0.0, 0.0};
  return {dx / norm, dy / norm};
}

double Navigation::time_at(int which, double x, double y) const {
  const std::int64_t i = grid_.index_of(x, y);
  if (i < 0) return static_cast<double>(kUnreachable);
  return static_cast<double>(field(which).time[static_cast<std::size_t>(i)]);
}

int Navigation::stair_at(double x, double y) const {
  const std::int64_t i = grid_.index_of(x, y);
  return i < 0 ? -1 : stair_[static_cast<std::size_t>(i)];
}

double Navigation::z_at(double x, double y) const {
  const std::int64_t i = grid_.index_of(x, y);
  return i < 0 ? 0.0 : static_cast<double>(z_[static_cast<std::size_t>(i)]);
}

bool Navigation::walkable_at(double x, double y) const {
  const std::int64_t i = grid_.index_of(x, y);
  return i >= 0 && free_[static_cast<std::size_t>(i)];
}

void Navigation::check_reachable(const Plan& plan) const {
  const DistanceField& f = fields_.front();
  for (const Room& room : plan.rooms) {
    bool any_cell = false, reachable = false;
    for_cells_in_polygon(grid_, room.area, [&](std::size_t i) {
      if (!free_[i]) return;
      any_cell = true;
      if (std::isfinite(f.time[i])) reachable = true;
    });
    if (!any_cell)
      throw Error(ErrorCode::kBadGeometry,
                  fmt::format("room '{}' has no walkable floor", room.name),
                  {.file = plan.source,
                   .feature = fmt::format("room {}", room.name),
                   .fix = "draw the room inside a walkable polygon and clear of obstacles"});
    if (!reachable)
      throw Error(ErrorCode::kBadGeometry,
                  fmt::format("no exit can be reached from room '{}'", room.name),
                  {.file = plan.source,
                   .feature = fmt::format("room {}", room.name),
                   .fix = "leave a door (a gap in the walls) on the way from this room to an exit "
                          "or assembly area, or check that the exits touch the walkable area"});
  }
}

}  // namespace huxiao::evac
