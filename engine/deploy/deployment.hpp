#pragma once
// The police deployment analysis on a project: candidate post sites near schools, existing
// police units as fixed posts, peak travel times from a TravelTimes source, then
//  * the chosen posts for P new posts (maximal covering by default; p-median, p-center or set
//    covering on request), with capacity and backup coverage options;
//  * the coverage-vs-posts curve for P = 0 … max_new_posts at the coverage threshold, each
//    point with its proven bound and gap, and the students within every response threshold;
//  * the gate duty roster for the schools' bell times (exact, see roster.hpp).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/progress.hpp"
#include "deploy/travel_times.hpp"
#include "geo/raster.hpp"
#include "model/project.hpp"
#include "model/table.hpp"

namespace huxiao::deploy {

struct DeploySettings {
  std::vector<double> thresholds_min{1, 3, 5};  // response circles reported
  double coverage_threshold_min = 3;            // the one the posts are chosen for
  int new_posts = 10;                           // P: posts added to the existing ones
  int max_new_posts = 10;                       // the coverage curve runs P = 0 … this
  std::string model = "mclp";                   // mclp | pmedian | pcenter | lscp
  int capacity = 0;                             // schools per post, 0 = unlimited (lscp, pmedian)
  double backup_weight = 0;           // > 0: reward schools covered twice (mclp, lscp level 2)
  double candidate_radius_m = 400;    // road vertices this close to a school are sites
  bool existing_police_fixed = true;  // police stations/posts/kiosks stay and count
  int officers = 0;                   // roster: 0 = as many as full coverage needs
  int window_before_min = 20;         // gate window: bell − this …
  int window_after_min = 10;          // … to bell + this
  double time_limit_s = 60;           // per model solve
  bool include_universities = false;  // gate duty is for K-12 schools and kindergartens
  bool heatmap = true;                // the response-time raster of the chosen posts
  double heatmap_cell_m = 25;
  double heatmap_max_road_distance_m = 100;  // cells farther from the drive network: nodata
  double heatmap_margin_m = 1000;            // around the schools and posts
};

// Throws Error(kBadParameter) for thresholds ≤ 0, negative counts, an unknown model.
void validate(const DeploySettings& settings);

struct DeployResult {
  model::Table posts, assignments, coverage_curve, roster, roster_curve;
  std::optional<geo::Raster> response_time;  // seconds from the nearest open post
  std::vector<double> thresholds_min;        // the coverage curve's circles (for its chart)
  double thresholds_max_min = 5;             // the largest response circle
  nlohmann::json summary;
};

// Throws Error(kEmptyInput) for a project without schools, Error(kBadParameter) for P larger
// than the candidate sites.
DeployResult run_deployment(const model::Project& project, const TravelTimes& travel,
                            const DeploySettings& settings, Progress& progress = no_progress());

// DIR/deploy.gpkg (layers deploy_posts, deploy_assignments, deploy_roster), DIR/posts.csv,
// assignments.csv, coverage_curve.csv (+ coverage_curve.png), roster.csv, roster_curve.csv,
// response_time.tif (COG) + response_time.png, summary.json — each written atomically.
void write_deployment(const DeployResult& result, const geo::Crs& crs,
                      const std::filesystem::path& dir, Progress& progress = no_progress());

}  // namespace huxiao::deploy
