#include "deploy/travel_times.hpp"

#include <cmath>

#include <fmt/format.h>

#include "core/error.hpp"

namespace huxiao::deploy {

StraightLineTravelTimes::StraightLineTravelTimes(double peak_speed_kmh, double detour_factor)
    : metres_per_second_(peak_speed_kmh / 3.6), detour_(detour_factor) {
  require_in_range("peak speed (km/h)", peak_speed_kmh, 1, 200,
                   "give a driving speed in km/h, e.g. 20");
  require_in_range("detour factor", detour_factor, 1, 5, "use 1 (straight line) to about 1.5");
}

CostMatrix StraightLineTravelTimes::seconds(std::span<const geo::Point> from,
                                            std::span<const geo::Point> to,
                                            Progress& progress) const {
  ProgressTask task(progress, "straight-line travel times", from.size());
  CostMatrix c(from.size(), to.size());
  for (std::size_t i = 0; i < from.size(); ++i) {
    for (std::size_t j = 0; j < to.size(); ++j) {
      c(i, j) = std::hypot(from[i].x - to[j].x, from[i].y - to[j].y) * detour_ / metres_per_second_;
    }
    if (i % 256 == 0) {
      task.update(i);
      task.check_cancel();
    }
  }
  return c;
}

std::string StraightLineTravelTimes::describe() const {
  return fmt::format(
      "straight line × {:.2f} at {:.0f} km/h peak driving speed (placeholder until road "
      "travel times are available)",
      detour_, metres_per_second_ * 3.6);
}

}  // namespace huxiao::deploy
