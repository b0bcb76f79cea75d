#pragma once
// Where peak-hour travel times come from. The deployment models only ever see a CostMatrix of
// seconds; this interface is the one seam through which they get it.
//
// ROAD TRAVEL TIMES PLUG IN HERE: the road-network module (engine/network/) implements
// TravelTimes with peak-hour shortest paths over the project's roads. Until it does, the CLI
// uses StraightLineTravelTimes — a documented placeholder (straight line × detour factor at a
// peak urban driving speed) that is clearly labelled as such in every output.

#include <span>
#include <string>

#include "core/progress.hpp"
#include "deploy/problem.hpp"
#include "geo/geometry.hpp"

namespace huxiao::deploy {

class TravelTimes {
 public:
  virtual ~TravelTimes() = default;
  // Peak travel seconds from each origin (rows) to each destination (columns), in the
  // project's metric CRS; kUnreachable where there is no route.
  virtual CostMatrix seconds(std::span<const geo::Point> from, std::span<const geo::Point> to,
                             Progress& progress = no_progress()) const = 0;
  // One line for reports and summary.json ("straight line × 1.3 at 20 km/h (placeholder)").
  virtual std::string describe() const = 0;
  // True for placeholders, so outputs can warn that the times are not road times.
  virtual bool is_placeholder() const { return false; }
};

// Placeholder: Euclidean distance × detour factor / peak speed. Defaults: 20 km/h, a typical
// Chinese city-centre peak driving speed, and 1.3, a common urban road circuity factor.
class StraightLineTravelTimes final : public TravelTimes {
 public:
  static constexpr double kDefaultPeakSpeedKmh = 20.0;
  static constexpr double kDefaultDetourFactor = 1.3;

  explicit StraightLineTravelTimes(double peak_speed_kmh = kDefaultPeakSpeedKmh,
                                   double detour_factor = kDefaultDetourFactor);
  CostMatrix seconds(std::span<const geo::Point> from, std::span<const geo::Point> to,
                     Progress& progress = no_progress()) const override;
  std::string describe() const override;
  bool is_placeholder() const override { return true; }

 private:
  double metres_per_second_;
  double detour_;
};

}  // namespace huxiao::deploy
