#pragma once
// Peak-hour road travel times for the deployment models: the drive graph of the project's roads
// at a time of day (network::Profile::driving), points snapped onto its largest strongly
// connected component (so every snapped point reaches every other, one-way streets included),
// matrices by network::matrix, and the response-time heatmap by a search from every post.

#include <memory>
#include <optional>
#include <vector>

#include "deploy/travel_times.hpp"
#include "network/graph.hpp"
#include "network/snap.hpp"

namespace huxiao::deploy {

class RoadTravelTimes final : public TravelTimes {
 public:
  // Throws Error(kEmptyInput) when no road is drivable.
  RoadTravelTimes(const std::vector<model::Road>& roads, model::TimeOfDay at, double max_snap_m,
                  Progress& progress = no_progress());

  CostMatrix seconds(std::span<const geo::Point> from, std::span<const geo::Point> to,
                     Progress& progress = no_progress()) const override;
  CostMatrix seconds_within(std::span<const geo::Point> from, std::span<const geo::Point> to,
                            double cutoff_s, Progress& progress = no_progress()) const override;
  std::vector<double> placement_distances(std::span<const geo::Point> points) const override;
  // A cell takes the time of the nearest point of the network (within max_road_distance_m of
  // its centre): the drive from the nearest post to that point, nothing added for the last
  // metres off the road (a cell on the road is where the car stops).
  geo::Raster response_raster(std::span<const geo::Point> posts, const HeatmapGrid& grid,
                              Progress& progress = no_progress()) const override;
  std::string describe() const override;
  std::string source() const override { return "road"; }

  const network::Graph& graph() const { return *graph_; }
  std::vector<std::optional<network::Location>> locate(std::span<const geo::Point> points,
                                                       double max_distance) const;

 private:
  CostMatrix run(std::span<const geo::Point> from, std::span<const geo::Point> to, double cutoff_s,
                 Progress& progress) const;
  // Seconds from the nearest post to every node (multi-source: minimum over one search each).
  std::vector<double> node_times(const std::vector<std::optional<network::Location>>& posts,
                                 Progress& progress) const;

  model::TimeOfDay at_;
  double max_snap_m_;
  // On the heap: the snapper refers to the graph, which must not move.
  std::unique_ptr<network::Graph> graph_;
  std::unique_ptr<network::Snapper> snapper_;
};

}  // namespace huxiao::deploy
