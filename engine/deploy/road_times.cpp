#include "deploy/road_times.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include "core/error.hpp"
#include "network/profile.hpp"
#include "network/query.hpp"

namespace huxiao::deploy {
namespace {

// Seconds to `target` given the labels of its edge's ends, or directly from a post on the same
// edge: network's own arrival rules, with the posts as one merged source.
double arrive(const network::Graph& g, const std::vector<double>& node_s,
              const std::vector<std::optional<network::Location>>& posts,
              const network::Location& target) {
  double best = network::kUnreachable;
  for (const network::Seed& seed : network::arrival_seeds_of(g, target))
    best = std::min(best, node_s[seed.node] + seed.seconds);
  for (const auto& p : posts)
    if (p) best = std::min(best, network::direct_seconds(g, *p, target));
  return best;
}

}  // namespace

RoadTravelTimes::RoadTravelTimes(const std::vector<model::Road>& roads, model::TimeOfDay at,
                                 double max_snap_m, Progress& progress)
    : at_(at), max_snap_m_(max_snap_m) {
  require_positive("maximum snap distance (m)", max_snap_m, "give metres, e.g. 250");
  graph_ = std::make_unique<network::Graph>(
      network::build_graph(roads, network::Profile::driving(at), progress));
  if (graph_->edge_count() == 0) {
    throw Error(ErrorCode::kEmptyInput, "no drivable road for road travel times",
                {.fix = "import roads, or use --travel-times straight"});
  }
  snapper_ = std::make_unique<network::Snapper>(*graph_, 0.0, /*largest_component_only=*/true);
}

std::vector<std::optional<network::Location>> RoadTravelTimes::locate(
    std::span<const geo::Point> points, double max_distance) const {
  std::vector<std::optional<network::Location>> out(points.size());
  tbb::parallel_for(std::size_t{0}, points.size(),
                    [&](std::size_t i) { out[i] = snapper_->snap(points[i], max_distance); });
  return out;
}

CostMatrix RoadTravelTimes::run(std::span<const geo::Point> from, std::span<const geo::Point> to,
                                double cutoff_s, Progress& progress) const {
  const network::Matrix m = network::matrix(*graph_, locate(from, max_snap_m_),
                                            locate(to, max_snap_m_), cutoff_s, progress);
  CostMatrix c(from.size(), to.size());
  for (std::size_t i = 0; i < from.size(); ++i) {
    for (std::size_t j = 0; j < to.size(); ++j) c(i, j) = m.at(i, j);
  }
  return c;
}

CostMatrix RoadTravelTimes::seconds(std::span<const geo::Point> from,
                                    std::span<const geo::Point> to, Progress& progress) const {
  return run(from, to, network::kUnreachable, progress);
}

CostMatrix RoadTravelTimes::seconds_within(std::span<const geo::Point> from,
                                           std::span<const geo::Point> to, double cutoff_s,
                                           Progress& progress) const {
  return run(from, to, cutoff_s, progress);
}

std::vector<double> RoadTravelTimes::placement_distances(std::span<const geo::Point> points) const {
  const auto loc = locate(points, max_snap_m_);
  std::vector<double> d(points.size(), kUnreachable);
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (loc[i]) d[i] = loc[i]->snap_distance;
  }
  return d;
}

std::vector<double> RoadTravelTimes::node_times(
    const std::vector<std::optional<network::Location>>& posts, Progress& progress) const {
  // The time from the nearest post: one search seeded from every post, not one per post.
  ProgressTask task(progress, "drive times from the posts", 1);
  std::vector<network::Location> sources;
  for (const auto& p : posts) {
    if (p) sources.push_back(*p);
  }
  if (sources.empty()) return std::vector<double>(graph_->node_count(), kUnreachable);
  auto t = network::nearest_of(*graph_, sources);
  task.update(1);
  return t;
}

geo::Raster RoadTravelTimes::response_raster(std::span<const geo::Point> posts,
                                             const HeatmapGrid& grid, Progress& progress) const {
  require_positive("heatmap cell size (m)", grid.cell_m, "give metres, e.g. 25");
  require_positive("heatmap maximum road distance (m)", grid.max_road_distance_m,
                   "give metres, e.g. 100");
  const auto post_loc = locate(posts, max_snap_m_);
  const std::vector<double> node_s = node_times(post_loc, progress);
  geo::Raster r = geo::Raster::covering(grid.extent, grid.cell_m, 0.0f);
  const double cells = static_cast<double>(r.width) * static_cast<double>(r.height);
  if (cells > 64e6) {
    throw Error(
        ErrorCode::kBadParameter,
        fmt::format("the response-time raster would have {:.0f} million cells", cells / 1e6),
        {.fix = "use a coarser heatmap cell (heatmap_cell_m / --heatmap-cell)"});
  }
  std::fill(r.values.begin(), r.values.end(), r.nodata);
  ProgressTask task(progress, "response-time raster", static_cast<std::uint64_t>(r.height));
  tbb::parallel_for(0, r.height, [&](int row) {
    for (int col = 0; col < r.width; ++col) {
      const auto loc = snapper_->snap(r.center(col, row), grid.max_road_distance_m);
      if (!loc) continue;
      const double s = arrive(*graph_, node_s, post_loc, *loc);
      if (std::isfinite(s)) r.at(col, row) = static_cast<float>(s);
    }
  });
  task.update(static_cast<std::uint64_t>(r.height));
  return r;
}

std::string RoadTravelTimes::describe() const {
  return fmt::format(
      "road network, peak-hour driving at {} ({} nodes, {} edges; points snapped within {:g} m "
      "onto the largest strongly connected part)",
      at_.str(), graph_->node_count(), graph_->edge_count(), max_snap_m_);
}

}  // namespace huxiao::deploy
