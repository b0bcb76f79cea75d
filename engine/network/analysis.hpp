#pragma once
// The network analysis as a scenario section (`analyses: network:`), run by `huxiao run`:
// travel-time matrices between store layers (CSV or binary in the output folder) and isochrones
// (a store layer per profile). Keys, with defaults:
//
//   analyses:
//     network:
//       walk_speed: 1.2          # m/s, adults; `children: true` uses 1.0
//       children: false
//       measured_speeds: speeds.csv   # optional: road_id,speed_kmh[,from,to]
//       max_snap_m: 500          # places farther from any road are reported, not snapped
//       main_component: true     # snap onto the largest strongly connected part only
//       matrices:
//         - {from: schools, to: police, profile: drive, at: "07:30", cutoff_min: 10,
//            output: schools_police.csv}        # .bin for the binary layout
//       isochrones:
//         - {from: police, profile: drive, at: "07:30", minutes: [1, 3, 5], buffer_m: 50}

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/progress.hpp"
#include "network/profile.hpp"
#include "scenario/scenario.hpp"
#include "scenario/section.hpp"

namespace huxiao::network {

inline constexpr std::string_view kSectionName = "network";

struct MatrixJob {
  std::string from;
  std::string to;
  Mode mode = Mode::kDrive;
  std::optional<model::TimeOfDay> at;
  std::optional<double> cutoff_min;
  std::string output;  // file name in the output folder
  int line = 0;
};

struct IsochroneJob {
  std::string from;
  Mode mode = Mode::kWalk;
  std::optional<model::TimeOfDay> at;
  std::vector<double> minutes = {5, 10, 15};
  double buffer_m = 50.0;
  int line = 0;
};

struct NetworkSettings {
  double walk_speed = kAdultWalkSpeed;
  bool children = false;
  std::optional<std::filesystem::path> measured_speeds;
  double max_snap_m = 500.0;
  bool main_component = true;
  std::vector<MatrixJob> matrices;
  std::vector<IsochroneJob> isochrones;
};

// Parses `analyses: network:` (strictly: unknown keys and bad values are located errors).
NetworkSettings parse_settings(scenario::Section& section);
void register_section(scenario::SectionRegistry& registry);

// Runs every job on the store; matrices go to `output_dir`, isochrones into the store as
// layers isochrones_walk / isochrones_drive (all in one transaction). Unsnappable and
// unreachable places are counted and named in the returned lines (for the run summary).
std::vector<std::string> run_analysis(const scenario::Scenario& scenario,
                                      const NetworkSettings& settings,
                                      const std::filesystem::path& store,
                                      const std::filesystem::path& output_dir, Progress& progress);

}  // namespace huxiao::network
