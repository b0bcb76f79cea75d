#include "evac/population.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "core/error.hpp"
#include "evac/navigation.hpp"

namespace huxiao::evac {

double speed_for_age(double age) {
  // RiMEA test 7's age table after Weidmann (1993): (age, m/s).
  static constexpr std::array<std::pair<double, double>, 5> kKnots{
      {{5.0, 0.58}, {20.0, 1.61}, {30.0, 1.54}, {50.0, 1.41}, {80.0, 0.68}}};
  if (age <= kKnots.front().first) return kKnots.front().second;
  for (std::size_t k = 1; k < kKnots.size(); ++k) {
    if (age <= kKnots[k].first) {
      const auto [a0, v0] = kKnots[k - 1];
      const auto [a1, v1] = kKnots[k];
      return v0 + (v1 - v0) * (age - a0) / (a1 - a0);
    }
  }
  return kKnots.back().second;
}

std::pair<double, double> age_range(AgeGroup group) {
  switch (group) {
    case AgeGroup::kPrimary:
      return {6.0, 12.0};
    case AgeGroup::kJunior:
      return {12.0, 15.0};
    case AgeGroup::kSenior:
      return {15.0, 18.0};
    case AgeGroup::kAdult:
      return {20.0, 50.0};
    case AgeGroup::kElderly:
      return {50.0, 80.0};
    case AgeGroup::kImpaired:
      return {0.0, 0.0};
  }
  return {20.0, 50.0};
}

double sample_speed(AgeGroup group, std::mt19937_64& rng) {
  if (group == AgeGroup::kImpaired) return std::uniform_real_distribution<double>(0.46, 0.76)(rng);
  const auto [lo, hi] = age_range(group);
  return speed_for_age(std::uniform_real_distribution<double>(lo, hi)(rng));
}

double sample(const Distribution& d, std::mt19937_64& rng) {
  double v = d.a;
  switch (d.kind) {
    case Distribution::Kind::kFixed:
      break;
    case Distribution::Kind::kUniform:
      v = std::uniform_real_distribution<double>(d.a, d.b)(rng);
      break;
    case Distribution::Kind::kNormal:
      v = std::normal_distribution<double>(d.a, d.b)(rng);
      break;
    case Distribution::Kind::kLognormal:
      v = std::lognormal_distribution<double>(std::log(d.a), d.b)(rng);
      break;
  }
  return std::clamp(v, d.min, d.max);
}

Population populate(const Plan& plan, const Navigation& nav, const PopulationOptions& options) {
  Population pop;
  std::mt19937_64 rng(options.seed);
  const double cell = 0.5;
  for (const Room& room : plan.rooms) {
    const int group = static_cast<int>(pop.groups.size());
    pop.groups.push_back(room.group.empty() ? room.name : room.group);
    const geo::Box box = geo::bounds(geo::Geometry{room.area});
    const bool child = room.age == AgeGroup::kPrimary || room.age == AgeGroup::kJunior;
    const double r = child ? options.radius_child : options.radius_adult;
    std::uniform_real_distribution<double> ux(box.min_x, box.max_x), uy(box.min_y, box.max_y);
    // Placed agents of this room by 0.5 m cell, for the spacing check.
    const int nx = static_cast<int>((box.max_x - box.min_x) / cell) + 1;
    const int ny = static_cast<int>((box.max_y - box.min_y) / cell) + 1;
    std::vector<std::vector<std::pair<double, double>>> bins(static_cast<std::size_t>(nx * ny));
    const double gap = 2.0 * r + options.min_gap;
    const Distribution& pre = room.premovement ? *room.premovement : options.premovement;
    int placed = 0;
    for (long tries = 0; placed < room.students; ++tries) {
      if (tries > 2000L * room.students + 10000)
        throw Error(ErrorCode::kBadValue,
                    fmt::format("room '{}' cannot hold {} students ({} placed)", room.name,
                                room.students, placed),
                    {.file = plan.source,
                     .feature = fmt::format("room {}", room.name),
                     .fix = "enlarge the room polygon or lower `students`"});
      const double x = ux(rng), y = uy(rng);
      if (!geo::contains(room.area, {x, y}) || !nav.walkable_at(x, y)) continue;
      // Keep clear of walls: all four points at distance r must be walkable too.
      if (!nav.walkable_at(x + r, y) || !nav.walkable_at(x - r, y) || !nav.walkable_at(x, y + r) ||
          !nav.walkable_at(x, y - r))
        continue;
      const int cx = std::min(nx - 1, static_cast<int>((x - box.min_x) / cell));
      const int cy = std::min(ny - 1, static_cast<int>((y - box.min_y) / cell));
      bool clear = true;
      for (int dy = -1; dy <= 1 && clear; ++dy)
        for (int dx = -1; dx <= 1 && clear; ++dx) {
          const int bx = cx + dx, by = cy + dy;
          if (bx < 0 || by < 0 || bx >= nx || by >= ny) continue;
          for (const auto& [px, py] : bins[static_cast<std::size_t>(by * nx + bx)])
            if (std::hypot(px - x, py - y) < gap) {
              clear = false;
              break;
            }
        }
      if (!clear) continue;
      bins[static_cast<std::size_t>(cy * nx + cx)].emplace_back(x, y);
      AgentSpec a;
      a.x = x;
      a.y = y;
      a.radius = r;
      a.v0 = sample_speed(room.age, rng);
      a.premovement = std::max(room.release, 0.0) + std::max(0.0, sample(pre, rng));
      a.group = group;
      a.exit = room.exit;
      pop.agents.push_back(a);
      ++placed;
    }
  }
  return pop;
}

}  // namespace huxiao::evac
