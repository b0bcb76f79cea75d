#pragma once
// Drowning risk (防溺水): which banks of which waters, near which schools, most need warning signs,
// rescue equipment and patrols. The model (README "Drowning risk"):
//   banks are split into segments (default 50 m) from water polygon boundaries and waterway lines;
//   exposure(segment) = Σ_schools  level weight × enrollment × decay(walking time from the school's
//                                   gates to the segment's access point, cutoff default 15 min);
//   hazard(water)    = kind weight × Π safeguard reductions (sign, fence, rescue gear) × season;
//   risk(segment)    = hazard × exposure; per water body: max and sum;
//   heatmap          = quartic kernel density of segment risk (QGIS's definition), plus the exact
//                      Euclidean distance to water.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/progress.hpp"
#include "geo/raster.hpp"
#include "model/project.hpp"
#include "network/profile.hpp"

namespace huxiao::risk {

enum class Decay { kLinear, kQuartic, kExponential };
enum class KdeOutput { kScaled, kRaw };  // as QGIS's heatmap: scaled density, or raw kernel sums

struct RiskSettings {
  double segment_m = 50.0;
  double child_speed_mps = 1.0;  // children walk slower than the 1.2 m/s of adults
  double cutoff_min = 15.0;
  Decay decay = Decay::kQuartic;
  std::map<model::SchoolLevel, double> level_weight = {
      {model::SchoolLevel::kKindergarten, 0.5}, {model::SchoolLevel::kPrimary, 1.0},
      {model::SchoolLevel::kJunior, 1.0},       {model::SchoolLevel::kNineYear, 1.0},
      {model::SchoolLevel::kSenior, 0.6},       {model::SchoolLevel::kVocational, 0.4},
      {model::SchoolLevel::kUniversity, 0.1}};
  std::map<model::WaterKind, double> kind_weight = {
      {model::WaterKind::kPond, 1.0},      {model::WaterKind::kDitch, 0.9},
      {model::WaterKind::kReservoir, 0.8}, {model::WaterKind::kRiver, 0.8},
      {model::WaterKind::kCanal, 0.7},     {model::WaterKind::kStream, 0.6},
      {model::WaterKind::kLake, 0.6}};
  double sign_factor = 0.8;    // a warning sign leaves 80 % of the hazard
  double fence_factor = 0.5;   // a fence halves it
  double rescue_factor = 0.8;  // rescue equipment (ring buoys, poles, ropes)
  double season_factor = 1.0;  // e.g. 1.5 for the summer holidays
  double bandwidth_m = 300.0;
  double cell_m = 10.0;
  // A region-wide run would need billions of 10 m cells: above this many the cells are made
  // coarser (whole metres) until the grid fits, and the result says so.
  double max_raster_cells = 5e7;
  bool all_segments = false;  // the bank_segments layer: every segment, or those with risk > 0
  KdeOutput kde_output = KdeOutput::kScaled;
  int sign_sites = 10;
  double sign_cover_m = 150.0;
  double sign_spacing_m = 200.0;
  // Home-based exposure from a population raster (residents per cell), optional: each cell's
  // residents within the cutoff of a bank, walking straight at the children's speed, times the
  // decay, times this weight (default: the school-age share of the population, about 15 %).
  std::filesystem::path population;
  double population_weight = 0.15;
  // The patrol past the first `patrol_stops` sign sites (0 = all of them), from the police
  // unit or school named `patrol_start` (empty: the police station nearest the sites).
  bool patrol = true;
  int patrol_stops = 0;
  std::string patrol_start;
  double patrol_within_km = 0.0;  // > 0: only sign sites this close to the start (region runs)
  network::Mode patrol_mode = network::Mode::kDrive;

  void validate() const;
};

// Walking time from a school's gates to points; the road network provides it. The fallback
// (EuclideanWalking) walks straight at the children's speed and is flagged in the outputs.
class WalkingTimes {
 public:
  virtual ~WalkingTimes() = default;
  // seconds[i] for targets[i]; +inf where unreachable. `on_network` false: a straight-line
  // estimate.
  virtual void from_school(std::size_t school, const std::vector<geo::Point>& targets,
                           std::vector<double>& seconds, bool& on_network) const = 0;
};

class EuclideanWalking final : public WalkingTimes {
 public:
  EuclideanWalking(const model::Project& project, double speed_mps)
      : project_(project), speed_(speed_mps) {}
  void from_school(std::size_t school, const std::vector<geo::Point>& targets,
                   std::vector<double>& seconds, bool& on_network) const override;

 private:
  const model::Project& project_;
  double speed_;
};

struct BankSegment {
  bool from_waterway = false;  // else a water body's boundary
  std::size_t water = 0;       // index into project.water or project.waterways
  geo::LineString line;
  geo::Point access;  // where a child reaches the bank: the segment's midpoint
  double hazard = 0.0;
  double exposure = 0.0;       // schools' plus residents'
  double home_exposure = 0.0;  // the residents' part (population raster), already in exposure
  double risk = 0.0;
  int schools = 0;  // schools within the cutoff
};

// Residents per cell, at the cell centres, in the project CRS (io/ reads and warps the raster).
struct PopulationCells {
  std::vector<geo::Point> centres;
  std::vector<double> people;
};

struct WaterRisk {
  bool from_waterway = false;
  std::size_t water = 0;
  double hazard = 0.0;
  double risk_max = 0.0;
  double risk_sum = 0.0;
  int segments = 0;
  int rank = 0;  // 1 = highest risk_sum
};

struct SignSite {
  std::size_t segment = 0;
  double covered_risk = 0.0;
  double cumulative_share = 0.0;  // of all segment risk, after this site
};

struct DrowningResult {
  std::vector<BankSegment> segments;
  std::vector<WaterRisk> waters;  // ranked
  std::vector<SignSite> signs;
  geo::Raster risk_density;
  double raster_cell_m = 0.0;  // cell_m, or coarser where the extent needed it
  geo::Raster distance_to_water;
  std::vector<std::size_t> schools_walking_estimated;  // no network access: straight-line fallback
};

double decay(double t_over_cutoff, Decay kind);
double quartic_kernel(double distance, double bandwidth, KdeOutput output);
double hazard_of(model::WaterKind kind, const model::Safeguards& safeguards, const RiskSettings& s);

std::vector<BankSegment> split_banks(const model::Project& project, double segment_m);
geo::Raster kernel_density(const std::vector<geo::Point>& points,
                           const std::vector<double>& weights, const geo::Box& extent,
                           double bandwidth, double cell, KdeOutput output);
// Exact Euclidean distance (metres) from every cell centre to the nearest water cell centre.
geo::Raster distance_transform(const geo::Raster& grid,
                               const std::vector<std::uint8_t>& water_cells);

// Adds Σ_cells people × decay(straight distance / child speed / cutoff) × population_weight to
// each segment's exposure and home_exposure.
void add_home_exposure(const PopulationCells& population, const RiskSettings& settings,
                       std::vector<BankSegment>& segments);

DrowningResult assess(const model::Project& project, const RiskSettings& settings,
                      const WalkingTimes& walking, Progress& progress = no_progress(),
                      const PopulationCells* population = nullptr);

}  // namespace huxiao::risk
