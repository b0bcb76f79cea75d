#pragma once
// Drill playback: agents' recorded positions replayed at any time, and the crowd density they
// make, as the viewer's time slider moves. Reads a store layer, so whatever writes trajectories
// (evac/, or any simulator exported to GeoPackage) can be played.
//
// The layer contract: point geometry (project CRS) and two columns, `agent` (an id, integer or
// text) and `time` (seconds, real). One row per agent per recorded frame.

#include <string>
#include <vector>

#include "io/raster_reader.hpp"
#include "model/table.hpp"

namespace huxiao::viewer {

class Playback {
 public:
  static bool is_trajectory_layer(const model::Table& table);
  // Throws Error(kBadValue) naming the layer and the missing column or bad row.
  static Playback from_table(const model::Table& table);

  const std::string& layer() const { return layer_; }
  double start() const { return start_; }
  double end() const { return end_; }
  std::size_t agent_count() const { return tracks_.size(); }
  geo::Box bounds() const { return bounds_; }

  // Agents present at `t` (between their first and last sample), linearly interpolated.
  std::vector<geo::Point> positions(double t) const;
  // Persons per m² in square cells of `cell` metres over bounds(), at time `t`.
  io::RasterGrid density(double t, double cell) const;

 private:
  struct Sample {
    double t;
    geo::Point p;
  };
  std::string layer_;
  std::vector<std::vector<Sample>> tracks_;  // per agent, by time
  double start_ = 0.0, end_ = 0.0;
  geo::Box bounds_;
};

}  // namespace huxiao::viewer
