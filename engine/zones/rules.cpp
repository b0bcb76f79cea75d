#include "zones/rules.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "scenario/section.hpp"

namespace huxiao::zones {

std::string_view to_string(FeatureLayer layer) {
  switch (layer) {
    case FeatureLayer::kPois:
      return "pois";
    case FeatureLayer::kWater:
      return "water";
    case FeatureLayer::kWaterways:
      return "waterways";
    case FeatureLayer::kRoads:
      return "roads";
  }
  return "pois";
}

std::string_view to_string(MeasureMode mode) {
  return mode == MeasureMode::kWalking ? "walking" : "straight";
}

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::kHigh:
      return "high";
    case Severity::kMedium:
      return "medium";
    case Severity::kLow:
      return "low";
  }
  return "medium";
}

bool AuditRule::applies_to(model::SchoolLevel level) const {
  return std::find(levels.begin(), levels.end(), level) != levels.end();
}
bool AuditRule::matches(model::PoiCategory c) const {
  return feature == FeatureLayer::kPois &&
         std::find(poi_categories.begin(), poi_categories.end(), c) != poi_categories.end();
}
bool AuditRule::matches(model::WaterKind k) const {
  return (feature == FeatureLayer::kWater || feature == FeatureLayer::kWaterways) &&
         std::find(water_kinds.begin(), water_kinds.end(), k) != water_kinds.end();
}
bool AuditRule::matches(model::RoadClass c) const {
  return feature == FeatureLayer::kRoads &&
         std::find(road_classes.begin(), road_classes.end(), c) != road_classes.end();
}

double RuleTable::max_distance(FeatureLayer layer) const {
  double d = 0.0;
  for (const auto& r : rules)
    if (r.feature == layer) d = std::max(d, r.distance_m);
  return d;
}

namespace {

template <class E>
std::vector<std::string> names_of(const std::vector<E>& all) {
  std::vector<std::string> out;
  for (E e : all) out.emplace_back(model::to_string(e));
  return out;
}

// Reads a list of enum words, rejecting unknown ones with the list of valid words.
template <class E, class Parse>
std::vector<E> read_enum_list(scenario::Section& s, std::string_view key, const std::vector<E>& all,
                              Parse parse) {
  const auto words = s.required_string_list(key);
  std::vector<E> out;
  for (const auto& w : words) {
    const auto v = parse(w);
    if (!v) {
      s.fail(key, fmt::format("'{}' is not one of: {}", w, fmt::join(names_of(all), ", ")),
             fmt::format("use one of: {}", fmt::join(names_of(all), ", ")));
    }
    out.push_back(*v);
  }
  return out;
}

AuditRule read_rule(scenario::Section& s) {
  AuditRule r;
  r.line = s.line();
  r.id = s.required_string("id");
  r.description = s.optional_string("description").value_or("");
  const std::string feature = s.required_choice("feature", {"pois", "water", "waterways", "roads"});
  r.feature = feature == "pois"        ? FeatureLayer::kPois
              : feature == "water"     ? FeatureLayer::kWater
              : feature == "waterways" ? FeatureLayer::kWaterways
                                       : FeatureLayer::kRoads;
  switch (r.feature) {
    case FeatureLayer::kPois:
      r.poi_categories =
          read_enum_list(s, "categories", model::all_poi_categories(),
                         [](const std::string& w) { return model::parse_poi_category(w); });
      break;
    case FeatureLayer::kWater:
    case FeatureLayer::kWaterways:
      r.water_kinds =
          read_enum_list(s, "categories", model::all_water_kinds(),
                         [](const std::string& w) { return model::parse_water_kind(w); });
      break;
    case FeatureLayer::kRoads:
      r.road_classes =
          read_enum_list(s, "categories", model::all_road_classes(), [](const std::string& w) {
            const auto c = model::parse_road_class(w);
            return c && w == model::to_string(*c)
                       ? c
                       : std::nullopt;  // no "_link" aliases in a rule table
          });
      break;
  }
  r.levels = read_enum_list(s, "levels", model::all_school_levels(), [](const std::string& w) {
    for (auto l : model::all_school_levels())
      if (w == model::to_string(l)) return std::optional<model::SchoolLevel>(l);
    return std::optional<model::SchoolLevel>();
  });
  r.distance_m = s.required_double(
      "distance_m", scenario::NumberRange{.min = 0.0, .max = 5000.0, .min_exclusive = true});
  r.measure =
      s.optional_choice("measure", {"straight", "walking"}).value_or("straight") == "walking"
          ? MeasureMode::kWalking
          : MeasureMode::kStraight;
  const std::string severity =
      s.optional_choice("severity", {"high", "medium", "low"}).value_or("medium");
  r.severity = severity == "high"  ? Severity::kHigh
               : severity == "low" ? Severity::kLow
                                   : Severity::kMedium;
  r.legal_basis = s.optional_string("legal_basis").value_or("");
  return r;
}

RuleTable read_table(scenario::Section root) {
  RuleTable table;
  table.file = root.file();
  std::set<std::string> ids;
  for (auto& rs : root.required_section_list("rules")) {
    AuditRule rule = read_rule(rs);
    if (!ids.insert(rule.id).second)
      rs.fail("id", fmt::format("rule id '{}' is used twice", rule.id),
              "give every rule its own id");
    table.rules.push_back(std::move(rule));
  }
  root.finish();
  return table;
}

}  // namespace

RuleTable parse_rules(std::string_view yaml, std::string label) {
  return read_table(scenario::Section::from_text(yaml, std::move(label)));
}

RuleTable default_rules() {
  return parse_rules(default_rules_yaml(), "built-in default rules");
}

RuleTable load_rules(const std::filesystem::path& file) {
  return read_table(scenario::Section::from_file(file));
}

}  // namespace huxiao::zones
