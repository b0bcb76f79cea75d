#pragma once
// Mapping files: how the columns of a county's own spreadsheet or GIS layer feed the model, so a
// school list with Chinese headers (学校名称, 经度, 纬度, 在校人数, 学段) loads as it is, without
// renaming a single column. Read strictly, like scenario files: a misspelt model field is an
// error with a suggestion, never a column that silently stays empty.

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "geo/crs.hpp"

namespace huxiao::scenario {

// Which model collection a source layer feeds.
enum class LayerTarget { kSchools, kWater, kWaterways, kRoads, kPois, kPolice };
std::string_view to_string(LayerTarget target);  // "schools", "water", ...
std::optional<LayerTarget> parse_layer_target(std::string_view text);
const std::vector<LayerTarget>& all_layer_targets();

// How a model field's source values are read; also decides which value translations are valid.
enum class FieldType {
  kText,
  kCoordinate,  // lon/lat in degrees, x/y in the layer's CRS; always mapped in pairs
  kNumber,
  kCount,  // whole number >= 0
  kBool,
  kTime,
  kSchoolLevel,
  kWaterKind,
  kRoadClass,
  kPoiCategory,
  kPoliceKind,
};

struct FieldSpec {
  std::string_view name;
  FieldType type;
};
// The model fields a target accepts: the common ones (id, name, lon, lat, x, y) first.
const std::vector<FieldSpec>& field_specs(LayerTarget target);
std::optional<FieldType> field_type(LayerTarget target, std::string_view field);

using StringMap = std::map<std::string, std::string, std::less<>>;

struct LayerMapping {
  std::string source_layer = "*";  // a layer name, or "*" for every layer of the source
  LayerTarget target = LayerTarget::kSchools;
  std::optional<geo::Crs> crs;          // of the layer's geometry or x/y/lon/lat columns
  std::optional<std::string> encoding;  // of the layer's text attributes
  StringMap fields;                     // model field -> source column (UTF-8)
  // model field -> (source value -> model value). Model values are stored in the model's
  // canonical spelling ("小学: primary" and "小学: 小学" both store "primary").
  std::map<std::string, StringMap, std::less<>> values;
  int line = 0;  // of the entry in the mapping file, for later messages

  bool applies_to(std::string_view layer) const;
  const std::string* column(std::string_view field) const;  // nullptr if the field is unmapped
  // The model value for a source value: its translation if the file gives one, else the source
  // value unchanged (the model's own parsers then read it).
  std::string translate(std::string_view field, std::string_view source_value) const;
};

struct Mapping {
  std::filesystem::path file;  // absolute
  std::vector<LayerMapping> layers;

  // The entry for a layer: the one naming it exactly, else the first "*" entry; nullptr if none.
  const LayerMapping* for_layer(std::string_view layer) const;
  // Every entry that applies to a layer (one layer may feed several targets), in file order.
  std::vector<const LayerMapping*> all_for_layer(std::string_view layer) const;
};

// Throws Error(kFileNotFound) for a missing file and Error(kScenario) with file:line:column,
// the key path and a fix for anything else.
Mapping load_mapping(const std::filesystem::path& file);

}  // namespace huxiao::scenario
