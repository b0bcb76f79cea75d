#pragma once
// The engine's analyses as viewer panels: zones, drowning risk, evacuation drill and police
// deployment. Each runs the engine's public entry point on a copy of the document (written to a
// scratch store where the engine reads stores) and hands back layers and rasters to show.

#include <string>
#include <vector>

#include "model/table.hpp"
#include "viewer/core/analysis.hpp"

namespace huxiao::viewer {

inline constexpr std::string_view kDrillPlanLayer = "drill_plan";
inline constexpr std::string_view kDrillExitsLayer = "drill_exits";
inline constexpr std::string_view kDrillTrajectoriesLayer = "drill_trajectories";

Analysis zones_analysis();
Analysis drowning_analysis();
Analysis evac_analysis();
Analysis deploy_analysis();

// Jülich/PedPy trajectory text (`# framerate: F`, then `id frame x y z`) as a trajectory layer
// (points with `agent` and `time`, see playback.hpp). Throws huxiao::Error naming the line.
model::Table trajectory_layer_from_text(const std::string& text, const std::string& name,
                                        const std::string& source);

// Exit names of a drill document's exits layer, and which of them a `close` parameter closes.
std::vector<std::string> drill_exit_names(const Document& doc);
bool closes(const std::string& close_param, const std::string& exit_name);
std::string toggle_closure(const std::string& close_param, const std::string& exit_name);

}  // namespace huxiao::viewer
