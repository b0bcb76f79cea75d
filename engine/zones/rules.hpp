#pragma once
// The audit rule table: which features may not lie how close to which schools, and why.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/poi.hpp"
#include "model/road.hpp"
#include "model/school.hpp"
#include "model/water.hpp"

namespace huxiao::zones {

enum class FeatureLayer { kPois, kWater, kWaterways, kRoads };
std::string_view to_string(FeatureLayer layer);

// How a distance is measured: the straight line in the project CRS, or the walk along the
// pedestrian network from the school gates (several provinces define the internet-café distance
// "along the shortest pedestrian path").
enum class MeasureMode { kStraight, kWalking };
std::string_view to_string(MeasureMode mode);

enum class Severity { kHigh, kMedium, kLow };
std::string_view to_string(Severity severity);

struct AuditRule {
  std::string id;
  std::string description;
  FeatureLayer feature = FeatureLayer::kPois;
  // Exactly one of these is used, by `feature`.
  std::vector<model::PoiCategory> poi_categories;
  std::vector<model::WaterKind> water_kinds;
  std::vector<model::RoadClass> road_classes;
  std::vector<model::SchoolLevel> levels;
  double distance_m = 200.0;
  MeasureMode measure = MeasureMode::kStraight;
  Severity severity = Severity::kMedium;
  std::string legal_basis;
  int line = 0;  // in the rule file

  bool applies_to(model::SchoolLevel level) const;
  bool matches(model::PoiCategory c) const;
  bool matches(model::WaterKind k) const;
  bool matches(model::RoadClass c) const;
};

struct RuleTable {
  std::string file;  // where the rules came from ("built-in default rules" or a path)
  std::vector<AuditRule> rules;
  double max_distance(FeatureLayer layer) const;  // 0 if no rule for the layer
};

std::string_view default_rules_yaml();
RuleTable default_rules();
// Strict: unknown keys, categories or levels are errors with file:line and a suggestion.
RuleTable load_rules(const std::filesystem::path& file);
RuleTable parse_rules(std::string_view yaml, std::string label);

}  // namespace huxiao::zones
