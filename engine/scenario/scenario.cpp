#include "scenario/scenario.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/text.hpp"
#include "scenario/common_keys.hpp"

namespace huxiao::scenario {
namespace fs = std::filesystem;

namespace {

const std::string kBboxFix =
    "write the box as [min_lon, min_lat, max_lon, max_lat] in degrees, e.g. "
    "[104.04, 30.65, 104.13, 30.73]";

// "auto" defers the choice to the data; anything else must be a CRS PROJ can build now.
std::optional<geo::Crs> read_crs(Section& root) {
  const auto text = root.optional_string("crs");
  if (!text || text::to_lower_ascii(text::trim(*text)) == "auto") return std::nullopt;
  return required_crs(root, "crs");
}

geo::Box read_bbox(Section& region) {
  const std::vector<double> v = *region.optional_double_list("bbox");
  if (v.size() != 4) {
    region.fail("bbox", fmt::format("bbox needs 4 numbers, got {}", v.size()), kBboxFix);
  }
  if (v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90) {
    region.fail("bbox", "bbox lies outside lon -180..180 / lat -90..90 degrees",
                "give longitude and latitude in degrees (WGS84), longitude first");
  }
  if (!(v[0] < v[2]) || !(v[1] < v[3])) {
    region.fail("bbox",
                fmt::format("bbox minimum must be below maximum (min_lon {} vs max_lon {}, "
                            "min_lat {} vs max_lat {})",
                            v[0], v[2], v[1], v[3]),
                kBboxFix);
  }
  return geo::Box{v[0], v[1], v[2], v[3]};
}

RegionSpec read_region(Section& region) {
  region.allow({"bbox", "polygon", "name"});
  RegionSpec spec;
  spec.line = region.line();
  const bool has_bbox = region.has("bbox");
  const bool has_polygon = region.has("polygon");
  if (has_bbox == has_polygon) {
    region.fail_here(
        has_bbox ? "region has both bbox and polygon" : "region needs a bbox or a polygon",
        "give either 'bbox: [min_lon, min_lat, max_lon, max_lat]' or 'polygon: "
        "<boundary file>'");
  }
  if (has_bbox) spec.bbox = read_bbox(region);
  spec.polygon = region.optional_path("polygon", true);
  spec.name = region.optional_string("name").value_or("");
  region.finish();
  return spec;
}

SourceSpec read_source(Section& source) {
  source.allow({"path", "mapping", "input_crs", "encoding", "layers"});
  SourceSpec spec;
  spec.line = source.line();
  spec.path = source.required_path("path", false);
  spec.mapping_file = source.optional_path("mapping", true);
  if (spec.mapping_file) spec.mapping = load_mapping(*spec.mapping_file);
  spec.input_crs = optional_crs(source, "input_crs");
  spec.encoding = optional_encoding(source, "encoding");
  if (source.has("layers")) spec.layers = source.required_string_list("layers", 1);
  source.finish();
  return spec;
}

std::vector<std::string> level_names() {
  std::vector<std::string> out;
  for (model::SchoolLevel level : model::all_school_levels()) {
    out.emplace_back(model::to_string(level));
  }
  return out;
}

LevelOverride read_level_override(Section& s, model::SchoolLevel level) {
  s.allow({"enrollment", "boarding", "morning_bell", "dismissal"});
  LevelOverride o;
  o.line = s.line();
  o.enrollment = s.optional_int("enrollment", NumberRange::positive());
  o.boarding = s.optional_bool("boarding");
  o.morning_bell = s.optional_time("morning_bell");
  o.dismissal = s.optional_time("dismissal");
  s.finish();
  // Compared after merging, so an override of only one bell is checked against the default.
  const model::LevelDefaults& d = model::defaults_for(level);
  const model::TimeOfDay bell = o.morning_bell.value_or(d.morning_bell);
  const model::TimeOfDay out = o.dismissal.value_or(d.dismissal);
  if (!(bell < out)) {
    s.fail(o.dismissal ? "dismissal" : "morning_bell",
           fmt::format("dismissal {} is not after the morning bell {}", out.str(), bell.str()),
           "give times as \"HH:MM\" in 24-hour form, e.g. dismissal: \"16:20\"");
  }
  return o;
}

// Keys are levels, so they are data rather than schema: checked here with a suggestion.
// Chinese level names (小学) are accepted too, as the county's staff write them.
std::map<model::SchoolLevel, LevelOverride> read_school_defaults(Section& defaults) {
  std::map<model::SchoolLevel, LevelOverride> out;
  std::map<model::SchoolLevel, std::string> key_of;
  for (const std::string& key : defaults.keys()) {
    const auto level = model::parse_school_level(key);
    if (!level) defaults.reject_key(key, level_names(), "school level");
    if (const auto it = key_of.find(*level); it != key_of.end()) {
      defaults.fail(key,
                    fmt::format("'{}' and '{}' are the same level ({})", it->second, key,
                                model::to_string(*level)),
                    "keep one entry per level");
    }
    key_of.emplace(*level, key);
    Section s = defaults.required_section(key);
    out.emplace(*level, read_level_override(s, *level));
  }
  defaults.finish();
  return out;
}

QualityOptions read_quality(Section& quality) {
  QualityOptions q;
  q.duplicate_distance_m = quality.optional_double("duplicate_distance_m", NumberRange::positive())
                               .value_or(q.duplicate_distance_m);
  q.isolated_distance_km = quality.optional_double("isolated_distance_km", NumberRange::positive())
                               .value_or(q.isolated_distance_km);
  quality.finish();
  return q;
}

AnalysisSections read_analyses(Section& analyses, const SectionRegistry& registry) {
  AnalysisSections out;
  for (const std::string& name : analyses.keys()) {
    if (registry.names().empty()) {
      analyses.fail(
          name, fmt::format("unknown analysis section '{}': this command runs no analyses", name),
          "remove the 'analyses' section, or run a command that performs analyses");
    }
    if (!registry.contains(name)) analyses.reject_key(name, registry.names(), "analysis section");
    Section section = analyses.required_section(name);
    out.put(name, registry.parse(name, section), section.line());
  }
  analyses.finish();
  return out;
}

}  // namespace

model::LevelDefaults Scenario::level_defaults(model::SchoolLevel level) const {
  model::LevelDefaults d = model::defaults_for(level);
  const auto it = school_defaults.find(level);
  if (it == school_defaults.end()) return d;
  const LevelOverride& o = it->second;
  d.enrollment = o.enrollment.value_or(d.enrollment);
  d.boarding = o.boarding.value_or(d.boarding);
  d.morning_bell = o.morning_bell.value_or(d.morning_bell);
  d.dismissal = o.dismissal.value_or(d.dismissal);
  return d;
}

Scenario load_scenario(const fs::path& file, const SectionRegistry& analyses) {
  Section root = Section::from_file(file);
  root.allow({"name", "store", "output", "crs", "region", "sources", "school_defaults", "quality",
              "analyses"});
  Scenario s;
  std::error_code ec;
  s.file = fs::absolute(file, ec).lexically_normal();
  s.name = root.required_string("name");
  s.output = root.optional_path("output", false).value_or(s.folder() / "out");
  s.store =
      root.optional_path("store", false).value_or(s.output / (s.file.stem().string() + ".gpkg"));
  s.crs = read_crs(root);
  if (auto region = root.optional_section("region")) s.region = read_region(*region);
  for (Section& source : root.required_section_list("sources", 1)) {
    s.sources.push_back(read_source(source));
  }
  if (auto defaults = root.optional_section("school_defaults")) {
    s.school_defaults = read_school_defaults(*defaults);
  }
  if (auto quality = root.optional_section("quality")) s.quality = read_quality(*quality);
  if (auto section = root.optional_section("analyses")) {
    s.analyses = read_analyses(*section, analyses);
  }
  root.finish();
  return s;
}

}  // namespace huxiao::scenario
