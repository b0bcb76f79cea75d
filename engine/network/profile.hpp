#pragma once
// How fast one travels on each road: the walking and driving profiles, the school-run peak
// hours, and measured speeds that override the defaults.
//
// Walking: every walkable way, both directions, one speed (1.2 m/s adults, 1.0 m/s children by
// default). Driving: every drivable way, one-way respected, the way's own speed (OSM maxspeed)
// or its class default, times the peak factor of its class when `at` falls in a peak window,
// unless a measured speed for that way (and time) overrides it.

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/road.hpp"
#include "model/time_of_day.hpp"

namespace huxiao::network {

enum class Mode { kWalk, kDrive };
std::string_view to_string(Mode mode);
std::optional<Mode> parse_mode(std::string_view text);  // "walk" / "drive"

inline constexpr double kAdultWalkSpeed = 1.2;  // m/s
inline constexpr double kChildWalkSpeed = 1.0;  // m/s

// One peak window [from, to) with a multiplier of free-flow speed per road class.
struct PeakWindow {
  std::string name;  // "morning", "afternoon"
  model::TimeOfDay from;
  model::TimeOfDay to;
  std::array<double, 15> factor{};  // indexed by model::RoadClass; 1 = free flow
  bool contains(model::TimeOfDay t) const { return from <= t && t < to; }
};
// The school run: 07:00–08:30 and 16:00–18:00 with the documented factors (docs/network.md).
std::vector<PeakWindow> default_peaks();

// A measured speed for one way (model::Road::id), optionally only within a time window.
struct MeasuredSpeed {
  std::string road_id;
  double speed_kmh = 0.0;
  std::optional<model::TimeOfDay> from;
  std::optional<model::TimeOfDay> to;
};

struct Profile {
  Mode mode = Mode::kWalk;
  double walk_speed_mps = kAdultWalkSpeed;
  std::optional<model::TimeOfDay> at;  // time of day for driving; none = free flow
  std::vector<PeakWindow> peaks = default_peaks();
  std::vector<MeasuredSpeed> measured;

  static Profile walking(double speed_mps = kAdultWalkSpeed);
  static Profile driving(std::optional<model::TimeOfDay> at = std::nullopt);

  bool uses(const model::Road& road) const;
  bool oneway(const model::Road& road) const;  // respected only when driving
  // Travel speed on `road` in m/s (> 0) for this profile at `at`.
  double speed_mps(const model::Road& road) const;
  // The same with the measurements for this road already picked out (graph building indexes
  // them by road id once instead of scanning the list per road).
  double speed_mps(const model::Road& road,
                   const std::vector<const MeasuredSpeed*>& measured_for_road) const;
  // Throws Error(kBadParameter) for a non-positive speed or factor, or overlapping windows.
  void validate() const;
};

// Reads measured speeds from a CSV with header `road_id,speed_kmh[,from,to]` (times as "07:30").
// Throws Error(kFileNotFound / kBadValue) naming the file, line and the fix.
std::vector<MeasuredSpeed> read_measured_speeds(const std::filesystem::path& csv);

}  // namespace huxiao::network
