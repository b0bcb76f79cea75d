#include "evac/models.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace huxiao::evac {

void Agents::resize(std::size_t n) {
  for (auto* v : {&x, &y, &vx, &vy, &ex, &ey, &v0, &radius, &dir_x, &dir_y, &desired_speed})
    v->resize(n, 0.0);
  present.resize(n, 0);
  moving.resize(n, 0);
}

namespace {

// Vector from agent j to agent i, minimum image in a periodic corridor.
inline void separation(const ModelContext& c, std::size_t i, std::size_t j, double& dx,
                       double& dy) {
  dx = c.agents.x[i] - c.agents.x[j];
  dy = c.agents.y[i] - c.agents.y[j];
  if (c.periodic_length > 0.0) dx -= c.periodic_length * std::round(dx / c.periodic_length);
}

// Touching a wall and heading into it: slide along it instead. Without this an agent pressed
// against the wall beside a door wedges the doorway (the classic CSM deadlock at bottlenecks).
void slide_along_walls(const ModelContext& c, double xi, double yi, double ri, double& ex,
                       double& ey) {
  c.walls.for_each_near(xi, yi, [&](const Segment& s) {
    const geo::Point q = closest_point(s, {xi, yi});
    const double dx = xi - q.x, dy = yi - q.y;
    const double d = std::sqrt(dx * dx + dy * dy);
    if (d > ri + 0.02 || d < 1e-12) return;
    const double into = (ex * dx + ey * dy) / d;
    if (into < 0.0) {
      ex -= into * dx / d;
      ey -= into * dy / d;
    }
  });
}

AgentUpdate standing(const Agents& a, std::size_t i) {
  return {a.x[i], a.y[i], 0.0, 0.0, a.ex[i], a.ey[i]};
}

// [SECTION] collision-free speed model

class Csm final : public OperationalModel {
 public:
  explicit Csm(const CsmParameters& p) : p_(p) {}
  std::string_view name() const override { return "csm"; }
  double interaction_range() const override { return p_.cutoff; }
  double cell_size() const override { return p_.cutoff; }

  AgentUpdate update(const ModelContext& c, std::size_t i) const override {
    const Agents& a = c.agents;
    if (!a.moving[i]) return standing(a, i);
    const double xi = a.x[i], yi = a.y[i], ri = a.radius[i];
    const int reach = static_cast<int>(std::ceil(p_.cutoff / c.neighbours.cell_size() - 1e-9));
    // One gathering pass over the neighbours and walls in range, kept on the stack; the
    // direction and speed passes below reuse it (a crowd of 8 P/m² fits easily).
    struct Near {
      double dx, dy, d, l;  // from j to i, distance, contact distance
    };
    constexpr std::size_t kMax = 256;
    std::array<Near, kMax> near;
    std::size_t n_near = 0;
    const double cut2 = p_.cutoff * p_.cutoff;
    const double period = c.periodic_length;
    c.neighbours.for_each_near(xi, yi, reach, [&](std::size_t j, double xj, double yj, double rj) {
      if (j == i || n_near == kMax) return;
      double dx = xi - xj;
      const double dy = yi - yj;
      if (period > 0.0) dx -= period * std::round(dx / period);
      const double d2 = dx * dx + dy * dy;
      if (d2 > cut2 || d2 < 1e-18) return;
      near[n_near++] = {dx, dy, std::sqrt(d2), ri + rj};
    });
    struct NearWall {
      const Segment* s;
      double dx, dy, d;  // from the closest wall point to i
    };
    std::array<NearWall, 64> walls;
    std::size_t n_walls = 0;
    c.walls.for_each_near(xi, yi, [&](const Segment& s) {
      if (n_walls == walls.size()) return;
      const geo::Point q = closest_point(s, {xi, yi});
      const double dx = xi - q.x, dy = yi - q.y;
      const double d2 = dx * dx + dy * dy;
      if (d2 > cut2 || d2 < 1e-24) return;
      walls[n_walls++] = {&s, dx, dy, std::sqrt(d2)};
    });
    double ex = a.dir_x[i], ey = a.dir_y[i];
    const double reach_rep = 12.0 * p_.neighbour_range;  // e^-12: nothing left
    for (std::size_t k = 0; k < n_near; ++k) {
      const Near& n = near[k];
      if (n.d - n.l > reach_rep) continue;
      const double r = p_.neighbour_strength * std::exp((n.l - n.d) / p_.neighbour_range);
      ex += r * n.dx / n.d;
      ey += r * n.dy / n.d;
    }
    for (std::size_t k = 0; k < n_walls; ++k) {
      const NearWall& w = walls[k];
      if (w.d - ri > 12.0 * p_.wall_range) continue;
      const double r = p_.wall_strength * std::exp((ri - w.d) / p_.wall_range);
      ex += r * w.dx / w.d;
      ey += r * w.dy / w.d;
    }
    // Touching a wall and heading into it: slide along it (see slide_along_walls).
    for (std::size_t k = 0; k < n_walls; ++k) {
      const NearWall& w = walls[k];
      if (w.d > ri + 0.02) continue;
      const double into = (ex * w.dx + ey * w.dy) / w.d;
      if (into < 0.0) {
        ex -= into * w.dx / w.d;
        ey -= into * w.dy / w.d;
      }
    }
    const double norm = std::sqrt(ex * ex + ey * ey);
    if (norm < 1e-9) return standing(a, i);
    ex /= norm;
    ey /= norm;
    // Spacing to the nearest neighbour whose body lies on the path ahead.
    double spacing = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < n_near; ++k) {
      const Near& n = near[k];
      const double ahead = -(ex * n.dx + ey * n.dy);
      if (ahead <= 0.0) continue;
      if (std::abs(ey * n.dx - ex * n.dy) >= n.l) continue;
      spacing = std::min(spacing, n.d - n.l);
    }
    // The gap a wall leaves ahead, comparable with a neighbour's s - l.
    for (std::size_t k = 0; k < n_walls; ++k)
      spacing = std::min(spacing, free_travel({xi, yi}, {ex, ey}, *walls[k].s, ri));
    const double v = std::clamp(spacing / p_.time_gap, 0.0, a.desired_speed[i]);
    double clearance = p_.cutoff;  // walls beyond the cut-off were not gathered
    for (std::size_t k = 0; k < n_walls; ++k) clearance = std::min(clearance, walls[k].d);
    if (n_walls == walls.size()) clearance = 0.0;  // the stack buffer overflowed: unknown
    return {xi + c.dt * v * ex, yi + c.dt * v * ey, v * ex, v * ey, ex, ey, clearance};
  }

 private:
  CsmParameters p_;
};

// [SECTION] social force model

class Sfm final : public OperationalModel {
 public:
  explicit Sfm(const SfmParameters& p) : p_(p) {}
  std::string_view name() const override { return "sfm"; }
  double interaction_range() const override { return p_.cutoff; }
  double cell_size() const override { return p_.cutoff; }

  AgentUpdate update(const ModelContext& c, std::size_t i) const override {
    const Agents& a = c.agents;
    if (!a.moving[i]) return standing(a, i);
    const double xi = a.x[i], yi = a.y[i], ri = a.radius[i] + p_.radius_extra;
    const double vxi = a.vx[i], vyi = a.vy[i];
    const double v0 = a.desired_speed[i];
    double e0x = a.dir_x[i], e0y = a.dir_y[i];
    slide_along_walls(c, xi, yi, ri, e0x, e0y);
    double fx = p_.mass * (v0 * e0x - vxi) / p_.tau;
    double fy = p_.mass * (v0 * e0y - vyi) / p_.tau;
    const double cut2 = p_.cutoff * p_.cutoff;
    c.neighbours.for_each_near(xi, yi, 1, [&](std::size_t j, double, double, double) {
      if (j == i) return;
      double dx, dy;
      separation(c, i, j, dx, dy);
      const double d2 = dx * dx + dy * dy;
      if (d2 > cut2 || d2 < 1e-18) return;
      const double d = std::sqrt(d2);
      const double nx = dx / d, ny = dy / d;
      const double overlap = ri + a.radius[j] + p_.radius_extra - d;
      double f = p_.a * std::exp(overlap / p_.b);
      if (overlap > 0.0) {
        f += p_.k * overlap;
        const double tx = -ny, ty = nx;
        const double dvt = (a.vx[j] - vxi) * tx + (a.vy[j] - vyi) * ty;
        fx += p_.kappa * overlap * dvt * tx;
        fy += p_.kappa * overlap * dvt * ty;
      }
      fx += f * nx;
      fy += f * ny;
    });
    c.walls.for_each_near(xi, yi, [&](const Segment& s) {
      const geo::Point q = closest_point(s, {xi, yi});
      const double dx = xi - q.x, dy = yi - q.y;
      const double d = std::sqrt((dx) * (dx) + (dy) * (dy));
      if (d > p_.cutoff || d < 1e-12) return;
      const double nx = dx / d, ny = dy / d;
      const double overlap = ri - d;
      double f = p_.a * std::exp(overlap / p_.b);
      if (overlap > 0.0) {
        f += p_.k * overlap;
        const double tx = -ny, ty = nx;
        const double vt = vxi * tx + vyi * ty;
        fx -= p_.kappa * overlap * vt * tx;
        fy -= p_.kappa * overlap * vt * ty;
      }
      fx += f * nx;
      fy += f * ny;
    });
    // Contact forces in a dense crowd add up to stiffnesses the explicit step cannot follow;
    // capping the acceleration keeps dt = 0.01 s stable (as crowd codes such as PedSim do).
    const double acc = std::sqrt(fx * fx + fy * fy) / p_.mass;
    if (acc > p_.max_acceleration) {
      fx *= p_.max_acceleration / acc;
      fy *= p_.max_acceleration / acc;
    }
    double vx = vxi + c.dt * fx / p_.mass;
    double vy = vyi + c.dt * fy / p_.mass;
    const double speed = std::sqrt((vx) * (vx) + (vy) * (vy));
    const double vmax = p_.max_speed_factor * std::max(v0, 0.1);
    if (speed > vmax) {
      vx *= vmax / speed;
      vy *= vmax / speed;
    }
    double ex = a.ex[i], ey = a.ey[i];
    if (speed > 1e-6) {
      ex = vx / std::sqrt((vx) * (vx) + (vy) * (vy));
      ey = vy / std::sqrt((vx) * (vx) + (vy) * (vy));
    }
    return {xi + c.dt * vx, yi + c.dt * vy, vx, vy, ex, ey};
  }

 private:
  SfmParameters p_;
};

}  // namespace

std::unique_ptr<OperationalModel> make_csm(const CsmParameters& p) {
  return std::make_unique<Csm>(p);
}
std::unique_ptr<OperationalModel> make_sfm(const SfmParameters& p) {
  return std::make_unique<Sfm>(p);
}

}  // namespace huxiao::evac
