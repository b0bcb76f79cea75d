#include "scenario/mapping_file.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/text.hpp"
#include "model/poi.hpp"
#include "model/police.hpp"
#include "model/road.hpp"
#include "model/school.hpp"
#include "model/time_of_day.hpp"
#include "model/water.hpp"
#include "scenario/common_keys.hpp"
#include "scenario/section.hpp"

namespace huxiao::scenario {
namespace fs = std::filesystem;

// [SECTION] targets and fields
std::string_view to_string(LayerTarget target) {
  switch (target) {
    case LayerTarget::kSchools:
      return "schools";
    case LayerTarget::kWater:
      return "water";
    case LayerTarget::kWaterways:
      return "waterways";
    case LayerTarget::kRoads:
      return "roads";
    case LayerTarget::kPois:
      return "pois";
    case LayerTarget::kPolice:
      return "police";
  }
  return "schools";
}

const std::vector<LayerTarget>& all_layer_targets() {
  static const std::vector<LayerTarget> targets = {LayerTarget::kSchools,   LayerTarget::kWater,
                                                   LayerTarget::kWaterways, LayerTarget::kRoads,
                                                   LayerTarget::kPois,      LayerTarget::kPolice};
  return targets;
}

std::optional<LayerTarget> parse_layer_target(std::string_view text) {
  const std::string t = text::to_lower_ascii(text::trim(text));
  for (LayerTarget target : all_layer_targets()) {
    if (t == to_string(target)) return target;
  }
  return std::nullopt;
}

namespace {

std::vector<FieldSpec> with_common(std::initializer_list<FieldSpec> own) {
  std::vector<FieldSpec> specs = {{"id", FieldType::kText},        {"name", FieldType::kText},
                                  {"lon", FieldType::kCoordinate}, {"lat", FieldType::kCoordinate},
                                  {"x", FieldType::kCoordinate},   {"y", FieldType::kCoordinate}};
  specs.insert(specs.end(), own);
  return specs;
}

std::vector<FieldSpec> water_fields() {
  return with_common({{"kind", FieldType::kWaterKind},
                      {"warning_sign", FieldType::kBool},
                      {"fence", FieldType::kBool},
                      {"rescue_equipment", FieldType::kBool},
                      {"responsible_unit", FieldType::kText}});
}

}  // namespace

const std::vector<FieldSpec>& field_specs(LayerTarget target) {
  static const std::vector<FieldSpec> kSchools =
      with_common({{"level", FieldType::kSchoolLevel},
                   {"enrollment", FieldType::kCount},
                   {"boarding", FieldType::kBool},
                   {"morning_bell", FieldType::kTime},
                   {"dismissal", FieldType::kTime},
                   {"gate_lon", FieldType::kCoordinate},
                   {"gate_lat", FieldType::kCoordinate}});
  static const std::vector<FieldSpec> kWater = water_fields();
  static const std::vector<FieldSpec> kRoads = with_common({{"class", FieldType::kRoadClass},
                                                            {"speed_kmh", FieldType::kNumber},
                                                            {"oneway", FieldType::kBool},
                                                            {"walkable", FieldType::kBool},
                                                            {"drivable", FieldType::kBool}});
  static const std::vector<FieldSpec> kPois = with_common({{"category", FieldType::kPoiCategory}});
  static const std::vector<FieldSpec> kPolice =
      with_common({{"kind", FieldType::kPoliceKind}, {"officers", FieldType::kCount}});
  switch (target) {
    case LayerTarget::kSchools:
      return kSchools;
    case LayerTarget::kWater:
      return kWater;
    case LayerTarget::kWaterways:
      return kWater;
    case LayerTarget::kRoads:
      return kRoads;
    case LayerTarget::kPois:
      return kPois;
    case LayerTarget::kPolice:
      return kPolice;
  }
  return kSchools;
}

std::optional<FieldType> field_type(LayerTarget target, std::string_view field) {
  for (const FieldSpec& spec : field_specs(target)) {
    if (spec.name == field) return spec.type;
  }
  return std::nullopt;
}

// [SECTION] LayerMapping and Mapping
bool LayerMapping::applies_to(std::string_view layer) const {
  return source_layer == "*" || source_layer == layer;
}

const std::string* LayerMapping::column(std::string_view field) const {
  const auto it = fields.find(field);
  return it == fields.end() ? nullptr : &it->second;
}

std::string LayerMapping::translate(std::string_view field, std::string_view source_value) const {
  const auto table = values.find(field);
  if (table == values.end()) return std::string(source_value);
  if (const auto it = table->second.find(source_value); it != table->second.end()) {
    return it->second;
  }
  // Spreadsheet cells often carry stray spaces that the author of the table did not see.
  if (const auto it = table->second.find(text::trim(source_value)); it != table->second.end()) {
    return it->second;
  }
  return std::string(source_value);
}

const LayerMapping* Mapping::for_layer(std::string_view layer) const {
  const auto exact = std::find_if(layers.begin(), layers.end(),
                                  [&](const LayerMapping& m) { return m.source_layer == layer; });
  if (exact != layers.end()) return &*exact;
  const auto any = std::find_if(layers.begin(), layers.end(),
                                [](const LayerMapping& m) { return m.source_layer == "*"; });
  return any == layers.end() ? nullptr : &*any;
}

std::vector<const LayerMapping*> Mapping::all_for_layer(std::string_view layer) const {
  std::vector<const LayerMapping*> out;
  for (const auto& m : layers) {
    if (m.applies_to(layer)) out.push_back(&m);
  }
  return out;
}

// [SECTION] reading
namespace {

template <class E, class ToString>
std::vector<std::string> names_of(const std::vector<E>& all, ToString to_str) {
  std::vector<std::string> out;
  for (E e : all) out.emplace_back(to_str(e));
  return out;
}

std::vector<std::string> target_names() {
  return names_of(all_layer_targets(), [](LayerTarget t) { return to_string(t); });
}

std::vector<std::string> field_names(LayerTarget target) {
  std::vector<std::string> out;
  for (const FieldSpec& spec : field_specs(target)) out.emplace_back(spec.name);
  return out;
}

// A translated value in the model's canonical spelling, or nullopt if the model cannot read it.
struct Canonical {
  std::string_view what;             // "a school level"
  std::vector<std::string> choices;  // for suggestions; empty for free values
  std::optional<std::string> value;
};

template <class E, class Parse>
Canonical canonical_enum(std::string_view what, std::vector<std::string> choices,
                         std::string_view text, Parse parse) {
  const auto parsed = parse(text);
  return {what, std::move(choices),
          parsed ? std::optional<std::string>(std::string(to_string(E(*parsed)))) : std::nullopt};
}

std::optional<std::string> canonical_bool(std::string_view text) {
  const std::string t = text::to_lower_ascii(text::trim(text));
  if (t == "true" || t == "yes") return "true";
  if (t == "false" || t == "no") return "false";
  return std::nullopt;
}

std::vector<std::string> police_kind_names() {
  return {std::string(to_string(model::PoliceKind::kStation)),
          std::string(to_string(model::PoliceKind::kPost)),
          std::string(to_string(model::PoliceKind::kKiosk))};
}

Canonical canonical_value(FieldType type, std::string_view text) {
  switch (type) {
    case FieldType::kText:
      return {"text", {}, std::string(text)};
    case FieldType::kCoordinate:
      return {"a coordinate", {}, std::nullopt};
    case FieldType::kNumber: {
      const auto d = text::parse_double(text);
      return {"a number", {}, d ? std::optional<std::string>(fmt::format("{}", *d)) : std::nullopt};
    }
    case FieldType::kCount: {
      const auto n = text::parse_int(text);
      return {"a whole number >= 0",
              {},
              n && *n >= 0 ? std::optional<std::string>(std::to_string(*n)) : std::nullopt};
    }
    case FieldType::kBool:
      return {"true or false", {"true", "false"}, canonical_bool(text)};
    case FieldType::kTime: {
      const auto t = model::TimeOfDay::parse(text);
      return {"a time of day like \"07:40\"",
              {},
              t ? std::optional<std::string>(t->str()) : std::nullopt};
    }
    case FieldType::kSchoolLevel:
      return canonical_enum<model::SchoolLevel>(
          "a school level",
          names_of(model::all_school_levels(), [](auto v) { return model::to_string(v); }), text,
          model::parse_school_level);
    case FieldType::kWaterKind:
      return canonical_enum<model::WaterKind>(
          "a water kind",
          names_of(model::all_water_kinds(), [](auto v) { return model::to_string(v); }), text,
          model::parse_water_kind);
    case FieldType::kRoadClass:
      return canonical_enum<model::RoadClass>(
          "a road class",
          names_of(model::all_road_classes(), [](auto v) { return model::to_string(v); }), text,
          model::parse_road_class);
    case FieldType::kPoiCategory:
      return canonical_enum<model::PoiCategory>(
          "a POI category",
          names_of(model::all_poi_categories(), [](auto v) { return model::to_string(v); }), text,
          model::parse_poi_category);
    case FieldType::kPoliceKind:
      return canonical_enum<model::PoliceKind>("a police unit kind", police_kind_names(), text,
                                               model::parse_police_kind);
  }
  return {"a value", {}, std::nullopt};
}

std::string quoted(const std::vector<std::string>& words) {
  std::vector<std::string> q;
  for (const auto& w : words) q.push_back(fmt::format("'{}'", w));
  return fmt::format("{}", fmt::join(q, ", "));
}

// Coordinates only make sense as both halves: a lon without a lat places nothing.
void check_pair(Section& fields, const StringMap& mapped, std::string_view a, std::string_view b) {
  const bool has_a = mapped.contains(a);
  const bool has_b = mapped.contains(b);
  if (has_a == has_b) return;
  const std::string_view present = has_a ? a : b;
  const std::string_view absent = has_a ? b : a;
  fields.fail(
      present,
      fmt::format("'{}' is mapped but '{}' is not; coordinates come as a pair", present, absent),
      fmt::format("add '{}: <column>' under fields, or remove '{}'", absent, present));
}

StringMap read_fields(Section& fields, LayerTarget target) {
  const std::vector<std::string> names = field_names(target);
  fields.allow(names);
  StringMap mapped;
  for (const std::string& key : fields.keys()) {
    if (field_type(target, key)) mapped.emplace(key, fields.required_string(key));
  }
  fields.finish();  // a misspelt model field ("enrolment") is reported here
  check_pair(fields, mapped, "lon", "lat");
  check_pair(fields, mapped, "x", "y");
  check_pair(fields, mapped, "gate_lon", "gate_lat");
  if (mapped.contains("lon") && mapped.contains("x")) {
    fields.fail("x", "coordinates are mapped twice, as lon/lat and as x/y",
                "keep either lon/lat (degrees) or x/y (in the layer's crs)");
  }
  return mapped;
}

StringMap read_translations(Section& table, FieldType type) {
  StringMap out;
  for (const std::string& source_value : table.keys()) {
    const std::string model_value = table.required_string(source_value);
    Canonical c = canonical_value(type, model_value);
    if (!c.value) {
      std::string problem = fmt::format("'{}' is not {}", model_value, c.what);
      const std::string suggestion = text::closest_match(model_value, c.choices);
      if (!suggestion.empty()) problem += fmt::format(" (did you mean '{}'?)", suggestion);
      table.fail(source_value, problem,
                 c.choices.empty() ? fmt::format("write {}", c.what)
                                   : fmt::format("use one of {}", quoted(c.choices)));
    }
    out.emplace(source_value, std::move(*c.value));
  }
  return out;
}

std::map<std::string, StringMap, std::less<>> read_values(Section& values, LayerTarget target,
                                                          const StringMap& mapped) {
  std::map<std::string, StringMap, std::less<>> out;
  for (const std::string& field : values.keys()) {
    const auto type = field_type(target, field);
    if (!type) values.reject_key(field, field_names(target), "field");
    if (!mapped.contains(field)) {
      values.fail(field, fmt::format("'{}' has value translations but no source column", field),
                  fmt::format("add '{}: <column>' under fields", field));
    }
    if (*type == FieldType::kCoordinate) {
      values.fail(field, "coordinates are numbers and cannot be translated",
                  fmt::format("remove '{}' from values", field));
    }
    Section table = values.required_section(field);
    out.emplace(field, read_translations(table, *type));
  }
  values.finish();
  return out;
}

LayerMapping read_layer(Section& layer) {
  layer.allow({"source_layer", "target", "crs", "encoding", "fields", "values"});
  LayerMapping m;
  m.line = layer.line();
  m.source_layer = layer.optional_string("source_layer").value_or("*");
  m.target = *parse_layer_target(layer.required_choice("target", target_names()));
  m.crs = optional_crs(layer, "crs");
  m.encoding = optional_encoding(layer, "encoding");
  if (auto fields = layer.optional_section("fields")) m.fields = read_fields(*fields, m.target);
  if (auto values = layer.optional_section("values")) {
    m.values = read_values(*values, m.target, m.fields);
  }
  layer.finish();
  return m;
}

// The same layer mapped twice to the same target is two competing column lists: refuse it
// rather than guess which one the author meant.
void check_unique(Section& layer, const LayerMapping& m, const std::vector<LayerMapping>& earlier) {
  for (const auto& e : earlier) {
    if (e.source_layer == m.source_layer && e.target == m.target) {
      layer.fail("target",
                 fmt::format("source layer '{}' is already mapped to {} on line {}", m.source_layer,
                             to_string(m.target), e.line),
                 "merge the two entries into one");
    }
  }
}

}  // namespace

Mapping load_mapping(const fs::path& file) {
  Section root = Section::from_file(file);
  Mapping mapping;
  std::error_code ec;
  mapping.file = fs::absolute(file, ec).lexically_normal();
  for (Section& layer : root.required_section_list("layers", 1)) {
    LayerMapping m = read_layer(layer);
    check_unique(layer, m, mapping.layers);
    mapping.layers.push_back(std::move(m));
  }
  root.finish();
  return mapping;
}

}  // namespace huxiao::scenario
