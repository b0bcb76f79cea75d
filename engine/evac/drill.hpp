#pragma once
// A whole drill from a plan to the files a school hands in: the simulation with its population,
// then summary.json, per-agent, per-class and per-exit tables (CSV), density rasters (COG + PNG)
// and trajectories in the Jülich/PedPy text format. Used by `huxiao evac` and `huxiao run`.

#include <filesystem>
#include <string>
#include <vector>

#include "core/progress.hpp"
#include "evac/simulation.hpp"

namespace huxiao::evac {

struct DrillOptions {
  SimulationOptions simulation;
  PopulationOptions population;
  double trajectory_fps = 4.0;  // frames per second written; 0: no trajectory file
  double flow_bin = 10.0;       // s, width of the per-exit flow time series
  double jam_density = 2.0;     // P/m²: a cell this crowded for long is a jam spot
};

struct JamSpot {
  geo::Point at;
  double z = 0.0;
  double peak_density = 0.0;    // P/m²
  double person_seconds = 0.0;  // time-integrated density × cell area
  std::string near;             // nearest stair, exit or room
};

struct DrillReport {
  Results results;
  Population population;
  double t50 = 0, t90 = 0, t100 = 0;
  std::vector<JamSpot> jams;
  double wall_seconds = 0.0;
  std::vector<std::filesystem::path> files;
};

// Runs the drill and writes its files into `out_dir` (created if needed). Throws huxiao::Error
// for a bad plan (validate(), unreachable rooms) before anything is written.
DrillReport run_drill(const Plan& plan, const DrillOptions& options,
                      const std::filesystem::path& out_dir, Progress& progress = no_progress());

// Closures from the command line: "NAME@SECONDS" (or just NAME for t = 0).
Closure parse_closure(std::string_view text);

}  // namespace huxiao::evac
