#include "deploy/travel_times.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/error.hpp"
#include "deploy/road_times.hpp"

namespace huxiao::deploy {

CostMatrix TravelTimes::seconds_within(std::span<const geo::Point> from,
                                       std::span<const geo::Point> to, double /*cutoff_s*/,
                                       Progress& progress) const {
  return seconds(from, to, progress);
}

std::vector<double> TravelTimes::placement_distances(std::span<const geo::Point> points) const {
  return std::vector<double>(points.size(), 0.0);
}

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

geo::Raster StraightLineTravelTimes::response_raster(std::span<const geo::Point> posts,
                                                     const HeatmapGrid& grid,
                                                     Progress& progress) const {
  geo::Raster r = geo::Raster::covering(grid.extent, grid.cell_m, 0.0f);
  ProgressTask task(progress, "response-time raster", static_cast<std::uint64_t>(r.height));
  for (int row = 0; row < r.height; ++row) {
    for (int col = 0; col < r.width; ++col) {
      const geo::Point c = r.center(col, row);
      double best = kUnreachable;
      for (const auto& p : posts) best = std::min(best, std::hypot(c.x - p.x, c.y - p.y));
      r.at(col, row) =
          std::isfinite(best) ? static_cast<float>(best * detour_ / metres_per_second_) : r.nodata;
    }
    task.update(static_cast<std::uint64_t>(row + 1));
  }
  return r;
}

std::string StraightLineTravelTimes::describe() const {
  return fmt::format("straight line × {:.2f} at {:.0f} km/h peak driving speed (not road times)",
                     detour_, metres_per_second_ * 3.6);
}

bool has_drivable_roads(const model::Project& project) {
  return std::any_of(project.roads.begin(), project.roads.end(),
                     [](const model::Road& r) { return r.drivable && r.line.size() >= 2; });
}

TravelChoice make_travel_times(const model::Project& project, const TravelTimeOptions& o,
                               Progress& progress) {
  if (o.source != "auto" && o.source != "road" && o.source != "straight") {
    throw Error(ErrorCode::kBadParameter, fmt::format("unknown travel-time source '{}'", o.source),
                {.fix = "use auto, road or straight"});
  }
  require_positive("maximum snap distance (m)", o.max_snap_m, "give metres, e.g. 250");
  const bool roads = has_drivable_roads(project);
  if (o.source == "road" && !roads) {
    throw Error(ErrorCode::kBadParameter,
                "road travel times asked for, but the store has no "
                "drivable roads",
                {.fix = "import roads (huxiao import …) or use --travel-times straight"});
  }
  TravelChoice out;
  if (o.source == "straight" || !roads) {
    out.times = std::make_unique<StraightLineTravelTimes>(o.peak_speed_kmh, o.detour_factor);
    if (o.source != "straight")
      out.note = "the store has no drivable roads: straight-line travel times used instead";
    return out;
  }
  out.times = std::make_unique<RoadTravelTimes>(project.roads, o.at, o.max_snap_m, progress);
  return out;
}

}  // namespace huxiao::deploy
