#pragma once
// Where peak-hour travel times come from. The deployment models only ever see a CostMatrix of
// seconds; this interface is the one seam through which they get it.
//
// Two sources: RoadTravelTimes (deploy/road_times.hpp, peak-hour shortest paths on the drive
// graph of the project's roads — the default whenever the store has drivable roads) and
// StraightLineTravelTimes (straight line × detour factor at a peak speed), kept as an explicit
// option and as the flagged fallback for stores without roads.

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/progress.hpp"
#include "deploy/problem.hpp"
#include "geo/geometry.hpp"
#include "geo/raster.hpp"
#include "model/project.hpp"
#include "model/time_of_day.hpp"

namespace huxiao::deploy {

// The response-time heatmap's grid: cells over `extent`, each the travel time from the nearest
// post; cells farther than `max_road_distance_m` from the network are nodata.
struct HeatmapGrid {
  geo::Box extent;
  double cell_m = 25;
  double max_road_distance_m = 100;
};

class TravelTimes {
 public:
  virtual ~TravelTimes() = default;
  // Peak travel seconds from each origin (rows) to each destination (columns), in the
  // project's metric CRS; kUnreachable where there is no route.
  virtual CostMatrix seconds(std::span<const geo::Point> from, std::span<const geo::Point> to,
                             Progress& progress = no_progress()) const = 0;
  // The same, except that times above `cutoff_s` may come back as kUnreachable: a source whose
  // searches can stop there (coverage needs nothing beyond the largest threshold) overrides it.
  virtual CostMatrix seconds_within(std::span<const geo::Point> from,
                                    std::span<const geo::Point> to, double cutoff_s,
                                    Progress& progress = no_progress()) const;
  // Per point: metres to where its travel starts (its snapped road point), kUnreachable when
  // it cannot be placed on the network at all (too far from it). 0 for straight lines.
  virtual std::vector<double> placement_distances(std::span<const geo::Point> points) const;
  // Per cell of `grid`: seconds from the nearest of `posts`, nodata where undefined.
  virtual geo::Raster response_raster(std::span<const geo::Point> posts, const HeatmapGrid& grid,
                                      Progress& progress = no_progress()) const = 0;
  // One line for reports and summary.json.
  virtual std::string describe() const = 0;
  // "road" or "straight" (summary.json's travel_times_source).
  virtual std::string source() const = 0;
  // True for the straight-line model, so outputs can warn that the times are not road times.
  virtual bool is_placeholder() const { return false; }
};

// Straight-line model: Euclidean distance × detour factor / peak speed. Defaults: 20 km/h, a
// typical Chinese city-centre peak driving speed, and 1.3, a common urban road circuity factor.
class StraightLineTravelTimes final : public TravelTimes {
 public:
  static constexpr double kDefaultPeakSpeedKmh = 20.0;
  static constexpr double kDefaultDetourFactor = 1.3;

  explicit StraightLineTravelTimes(double peak_speed_kmh = kDefaultPeakSpeedKmh,
                                   double detour_factor = kDefaultDetourFactor);
  CostMatrix seconds(std::span<const geo::Point> from, std::span<const geo::Point> to,
                     Progress& progress = no_progress()) const override;
  geo::Raster response_raster(std::span<const geo::Point> posts, const HeatmapGrid& grid,
                              Progress& progress = no_progress()) const override;
  std::string describe() const override;
  std::string source() const override { return "straight"; }
  bool is_placeholder() const override { return true; }

 private:
  double metres_per_second_;
  double detour_;
};

// How the CLI and `huxiao run` pick the source.
struct TravelTimeOptions {
  std::string source = "auto";  // auto (road when the store has drivable roads) | road | straight
  model::TimeOfDay at = model::TimeOfDay::hm(7, 30);  // peak-hour driving profile
  double max_snap_m = 250;  // gates, posts and sites farther from the drive network: reported
  double peak_speed_kmh = StraightLineTravelTimes::kDefaultPeakSpeedKmh;  // straight only
  double detour_factor = StraightLineTravelTimes::kDefaultDetourFactor;   // straight only
};

struct TravelChoice {
  std::unique_ptr<TravelTimes> times;
  std::string note;  // why the straight-line model was used, if it was not asked for
};

bool has_drivable_roads(const model::Project& project);

// Throws Error(kBadParameter) for an unknown source, and for "road" without drivable roads.
TravelChoice make_travel_times(const model::Project& project, const TravelTimeOptions& options,
                               Progress& progress = no_progress());

}  // namespace huxiao::deploy
