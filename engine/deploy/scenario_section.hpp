#pragma once
// `analyses: deploy:` in a scenario file, and running it from `huxiao run`.
//
//   analyses:
//     deploy:
//       model: mclp            # mclp | pmedian | pcenter | lscp
//       posts: 10              # new posts P, added to the existing police units
//       max_posts: 10          # coverage curve for P = 0 … this
//       threshold_min: 3       # coverage threshold, minutes at peak
//       thresholds_min: [1, 3, 5]
//       capacity: 0            # schools per post, 0 = unlimited
//       backup_weight: 0       # > 0: reward schools covered twice
//       candidate_radius_m: 400
//       keep_existing_police: true
//       include_universities: false
//       officers: 0            # roster; 0 = as many as every gate window needs
//       window_before_min: 20
//       window_after_min: 10
//       time_limit_s: 60
//       travel_times: auto     # auto (road when the store has drivable roads) | road | straight
//       at: "07:30"            # peak-hour driving profile
//       max_snap_m: 250        # gates/sites farther from the drive network are reported
//       peak_speed_kmh: 20     # straight-line travel times only
//       detour_factor: 1.3
//       heatmap: true          # response-time raster (COG + PNG)
//       heatmap_cell_m: 25
//       heatmap_max_road_distance_m: 100

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/progress.hpp"
#include "deploy/deployment.hpp"
#include "scenario/scenario.hpp"
#include "scenario/section.hpp"

namespace huxiao::deploy {

inline constexpr std::string_view kSectionName = "deploy";

struct ScenarioSettings {
  DeploySettings settings;
  TravelTimeOptions travel;
};

ScenarioSettings parse_section(scenario::Section& section);
void register_section(scenario::SectionRegistry& registry);

// Reads the store, runs the analysis, writes DIR (see write_deployment); returns summary.json.
nlohmann::json run_scenario_deploy(const scenario::Scenario& scenario,
                                   const ScenarioSettings& settings,
                                   const std::filesystem::path& store,
                                   const std::filesystem::path& out_dir,
                                   Progress& progress = no_progress());

}  // namespace huxiao::deploy
