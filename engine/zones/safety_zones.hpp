#pragma once
// The 200-metre student safety zone (学校周边200米学生安全区域) of every school and the audit of
// what lies inside it, by the rule table (rules.hpp).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/progress.hpp"
#include "geo/geometry.hpp"
#include "model/project.hpp"
#include "model/table.hpp"
#include "zones/distance.hpp"
#include "zones/rules.hpp"

namespace huxiao::zones {

// A zone drawn by planners (store layer `zone_overrides`): it replaces the computed one.
struct ZoneOverride {
  std::string school_id;
  geo::MultiPolygon area;
};
std::vector<ZoneOverride> overrides_from_table(const model::Table& table);

// Walking distance from a school's gates to a point along the pedestrian network; the road
// network module provides it. nullopt: not reachable on foot.
class WalkingDistances {
 public:
  virtual ~WalkingDistances() = default;
  virtual std::optional<double> from_school(std::size_t school, const geo::Point& p) const = 0;
};

struct ZoneSettings {
  double radius_m = 200.0;
  std::map<model::SchoolLevel, double> radius_by_level;  // 0: no zone for that level
  RuleTable rules = default_rules();
  const WalkingDistances* walking = nullptr;
  int quadrant_segments = 16;       // display outline: 64-gon circles
  bool measure_from_campus = true;  // false: every school from its point, campus or not
  // Extents wider than this use each school's local ellipsoidal metric instead of planar metres.
  double geodesic_extent_km = 300.0;

  double radius_for(model::SchoolLevel level) const;
  // Throws Error(kBadParameter) for nonsense; walking rules need `walking` (or the caller's
  // promise, `walking_will_be_provided`, that it builds one from the store's roads).
  void validate(bool walking_will_be_provided = false) const;
};

struct SafetyZone {
  std::size_t school = 0;
  double radius_m = 0.0;
  bool from_campus = false;  // false: measured from the school point (flagged)
  bool overridden = false;
  geo::MultiPolygon area;
  int cluster = -1;
};

struct ZoneCluster {
  int id = 0;
  std::vector<std::size_t> schools;
  geo::MultiPolygon area;
};

struct Finding {
  std::size_t school = 0;
  std::size_t rule = 0;
  FeatureLayer layer = FeatureLayer::kPois;
  std::size_t feature = 0;  // index into the project's vector for `layer`
  double distance_m = 0.0;
  MeasureMode measured = MeasureMode::kStraight;
  geo::Point at;  // where to draw it: the feature's point or its vertex nearest the school
};

struct ZonesResult {
  std::vector<SafetyZone> zones;  // one per school with a radius > 0
  std::vector<ZoneCluster> clusters;
  std::vector<Finding> findings;  // sorted by school, rule, distance
  bool geodesic = false;          // local ellipsoidal metric used (large extent)
  std::string metric;             // "planar EPSG:32648" or "ellipsoidal (local metric) ..."
  // Wall-clock seconds per stage; the audit (index + pairs) is the job GIS peers are timed on.
  struct Seconds {
    double index = 0.0, audit = 0.0, zones = 0.0, clusters = 0.0;
  } seconds;
};

ZonesResult compute_zones(const model::Project& project, const std::vector<ZoneOverride>& overrides,
                          const ZoneSettings& settings, Progress& progress = no_progress());

// The output layers: safety_zones, zone_clusters, zone_findings, zone_summary.
std::vector<model::Table> zone_tables(const model::Project& project, const ZonesResult& result,
                                      const ZoneSettings& settings);
nlohmann::json zone_totals(const model::Project& project, const ZonesResult& result,
                           const ZoneSettings& settings);

}  // namespace huxiao::zones
