#include "risk/run.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "io/geopackage.hpp"
#include "io/raster_writer.hpp"
#include "risk/network_walking.hpp"
#include "store/project_store.hpp"

namespace huxiao::risk {
namespace {

using model::ColumnType;
using model::Value;

std::string today() {
  return fmt::format(
      "{:%Y-%m-%d}",
      fmt::gmtime(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now())));
}

std::string hazard_id(bool waterway, const std::string& id) {
  return (waterway ? "waterway:" : "water:") + id;
}

// A water body or a waterway, whichever a segment or ranking entry refers to.
struct WaterRef {
  const std::string& id;
  const std::string& name;
  std::string kind;
  std::string layer;
  geo::Point anchor;  // where to draw it: a waterway's midpoint, a water body's centroid
};

WaterRef water_ref(const model::Project& p, bool waterway, std::size_t i) {
  if (waterway) {
    const auto& w = p.waterways[i];
    return {w.id, w.name, std::string(model::to_string(w.kind)), "waterways",
            geo::midpoint_along(w.line)};
  }
  const auto& w = p.water[i];
  return {w.id, w.name, std::string(model::to_string(w.kind)), "water", geo::centroid(w.area)};
}

// [SECTION] hazard register

struct RegisterEntry {
  model::Safeguards safeguards;
  std::string responsible_unit, status, dates[5];
};

std::map<std::string, RegisterEntry> read_register(const std::filesystem::path& store) {
  std::map<std::string, RegisterEntry> out;
  const auto t = store::read_layer(store, kRegisterLayer);
  if (!t) return out;
  const auto col = [&](std::string_view c) { return t->column_index(c); };
  for (const auto& row : t->rows) {
    RegisterEntry e;
    const auto flag = [&](std::string_view c) {
      return model::value_as_integer(row.values[col(c)]).value_or(0) != 0;
    };
    e.safeguards = {flag("warning_sign"), flag("fence"), flag("rescue_equipment")};
    e.responsible_unit = model::value_as_text(row.values[col("responsible_unit")]);
    e.status = model::value_as_text(row.values[col("status")]);
    for (std::size_t k = 0; k < 5; ++k)
      e.dates[k] = model::value_as_text(row.values[col(register_statuses()[k] + "_date")]);
    out[model::value_as_text(row.values[col("hazard_id")])] = e;
  }
  return out;
}

// The register's word on safeguards wins: teams record signs and fences there after inspection.
void apply_register(model::Project& p, const std::map<std::string, RegisterEntry>& reg) {
  for (auto& w : p.water)
    if (auto it = reg.find(hazard_id(false, w.id)); it != reg.end())
      w.safeguards = it->second.safeguards, w.responsible_unit = it->second.responsible_unit;
  for (auto& w : p.waterways)
    if (auto it = reg.find(hazard_id(true, w.id)); it != reg.end())
      w.safeguards = it->second.safeguards, w.responsible_unit = it->second.responsible_unit;
}

model::Table register_table(const model::Project& p, const DrowningResult& r,
                            std::map<std::string, RegisterEntry> reg) {
  model::Table t{std::string(kRegisterLayer),
                 model::GeometryKind::kPoint,
                 {{"hazard_id", ColumnType::kText},
                  {"layer", ColumnType::kText},
                  {"water_id", ColumnType::kText},
                  {"name", ColumnType::kText},
                  {"kind", ColumnType::kText},
                  {"size", ColumnType::kReal},
                  {"size_unit", ColumnType::kText},
                  {"warning_sign", ColumnType::kInteger},
                  {"fence", ColumnType::kInteger},
                  {"rescue_equipment", ColumnType::kInteger},
                  {"responsible_unit", ColumnType::kText},
                  {"status", ColumnType::kText}},
                 {}};
  for (const auto& s : register_statuses()) t.columns.push_back({s + "_date", ColumnType::kText});
  for (auto c : {"in_source", "rank"}) t.columns.push_back({c, ColumnType::kInteger});
  for (auto c : {"risk_sum", "risk_max"}) t.columns.push_back({c, ColumnType::kReal});
  const std::string now = today();
  for (const auto& w : r.waters) {
    const bool ww = w.from_waterway;
    const WaterRef ref = water_ref(p, ww, w.water);
    const std::string key = hazard_id(ww, ref.id);
    RegisterEntry e;
    if (auto it = reg.find(key); it != reg.end()) {
      e = it->second;
      reg.erase(it);
    } else {
      e.safeguards = ww ? p.waterways[w.water].safeguards : p.water[w.water].safeguards;
      e.responsible_unit =
          ww ? p.waterways[w.water].responsible_unit : p.water[w.water].responsible_unit;
      e.status = "found";
      e.dates[0] = now;
    }
    model::Row row;
    row.values = {key,
                  ref.layer,
                  ref.id,
                  ref.name,
                  ref.kind,
                  ww ? geo::length(p.waterways[w.water].line) : geo::area(p.water[w.water].area),
                  std::string(ww ? "m" : "m2"),
                  std::int64_t{e.safeguards.warning_sign},
                  std::int64_t{e.safeguards.fence},
                  std::int64_t{e.safeguards.rescue_equipment},
                  e.responsible_unit,
                  e.status};
    for (const auto& d : e.dates) row.values.emplace_back(d);
    row.values.insert(row.values.end(),
                      {std::int64_t{1}, std::int64_t{w.rank}, w.risk_sum, w.risk_max});
    row.geometry = geo::Geometry{ref.anchor};
    t.rows.push_back(std::move(row));
  }
  // Hazards gone from the source stay registered (a filled-in pond is closed by a person, not a
  // re-import).
  for (const auto& [key, e] : reg) {
    model::Row row;
    row.values = {key,
                  std::string(),
                  std::string(),
                  std::string(),
                  std::string(),
                  Value{},
                  std::string(),
                  std::int64_t{e.safeguards.warning_sign},
                  std::int64_t{e.safeguards.fence},
                  std::int64_t{e.safeguards.rescue_equipment},
                  e.responsible_unit,
                  e.status};
    for (const auto& d : e.dates) row.values.emplace_back(d);
    row.values.insert(row.values.end(), {std::int64_t{0}, Value{}, Value{}, Value{}});
    t.rows.push_back(std::move(row));
  }
  return t;
}

// [SECTION] result layers

model::Table segments_table(const model::Project& p, const DrowningResult& r) {
  model::Table t{"bank_segments",
                 model::GeometryKind::kLineString,
                 {{"water_id", ColumnType::kText},
                  {"layer", ColumnType::kText},
                  {"name", ColumnType::kText},
                  {"kind", ColumnType::kText},
                  {"length_m", ColumnType::kReal},
                  {"hazard", ColumnType::kReal},
                  {"exposure", ColumnType::kReal},
                  {"risk", ColumnType::kReal},
                  {"schools", ColumnType::kInteger}},
                 {}};
  for (const auto& g : r.segments) {
    const WaterRef w = water_ref(p, g.from_waterway, g.water);
    t.rows.push_back({{w.id, w.layer, w.name, w.kind, geo::length(g.line), g.hazard, g.exposure,
                       g.risk, std::int64_t{g.schools}},
                      geo::Geometry{g.line}});
  }
  return t;
}

model::Table waters_table(const model::Project& p, const DrowningResult& r) {
  model::Table t{"water_risk",
                 model::GeometryKind::kPoint,
                 {{"rank", ColumnType::kInteger},
                  {"water_id", ColumnType::kText},
                  {"layer", ColumnType::kText},
                  {"name", ColumnType::kText},
                  {"kind", ColumnType::kText},
                  {"hazard", ColumnType::kReal},
                  {"risk_sum", ColumnType::kReal},
                  {"risk_max", ColumnType::kReal},
                  {"segments", ColumnType::kInteger}},
                 {}};
  for (const auto& w : r.waters) {
    const WaterRef ref = water_ref(p, w.from_waterway, w.water);
    t.rows.push_back({{std::int64_t{w.rank}, ref.id, ref.layer, ref.name, ref.kind, w.hazard,
                       w.risk_sum, w.risk_max, std::int64_t{w.segments}},
                      geo::Geometry{ref.anchor}});
  }
  return t;
}

model::Table signs_table(const model::Project& p, const DrowningResult& r) {
  model::Table t{"sign_sites",
                 model::GeometryKind::kPoint,
                 {{"order", ColumnType::kInteger},
                  {"water_id", ColumnType::kText},
                  {"name", ColumnType::kText},
                  {"covered_risk", ColumnType::kReal},
                  {"cumulative_share", ColumnType::kReal}},
                 {}};
  for (std::size_t i = 0; i < r.signs.size(); ++i) {
    const BankSegment& g = r.segments[r.signs[i].segment];
    const WaterRef ref = water_ref(p, g.from_waterway, g.water);
    t.rows.push_back({{static_cast<std::int64_t>(i + 1), ref.id, ref.name, r.signs[i].covered_risk,
                       r.signs[i].cumulative_share},
                      geo::Geometry{g.access}});
  }
  return t;
}

}  // namespace

RiskSettings parse_risk_section(scenario::Section& s) {
  RiskSettings r;
  using scenario::NumberRange;
  r.segment_m = s.optional_double("segment_m", NumberRange::positive()).value_or(r.segment_m);
  r.child_speed_mps = s.optional_double("child_speed_mps", NumberRange{.min = 0.1, .max = 3.0})
                          .value_or(r.child_speed_mps);
  r.cutoff_min = s.optional_double("cutoff_min", NumberRange::positive()).value_or(r.cutoff_min);
  if (auto d = s.optional_choice("decay", {"linear", "quartic", "exponential"})) {
    r.decay = *d == "linear"        ? Decay::kLinear
              : *d == "exponential" ? Decay::kExponential
                                    : Decay::kQuartic;
  }
  r.season_factor =
      s.optional_double("season_factor", NumberRange::non_negative()).value_or(r.season_factor);
  r.sign_factor =
      s.optional_double("sign_factor", NumberRange::between(0, 1)).value_or(r.sign_factor);
  r.fence_factor =
      s.optional_double("fence_factor", NumberRange::between(0, 1)).value_or(r.fence_factor);
  r.rescue_factor =
      s.optional_double("rescue_factor", NumberRange::between(0, 1)).value_or(r.rescue_factor);
  r.bandwidth_m = s.optional_double("bandwidth_m", NumberRange::positive()).value_or(r.bandwidth_m);
  r.cell_m = s.optional_double("cell_m", NumberRange::positive()).value_or(r.cell_m);
  r.sign_sites =
      s.optional_int("sign_sites", NumberRange::between(0, 100000)).value_or(r.sign_sites);
  r.sign_cover_m =
      s.optional_double("sign_cover_m", NumberRange::positive()).value_or(r.sign_cover_m);
  r.sign_spacing_m =
      s.optional_double("sign_spacing_m", NumberRange::non_negative()).value_or(r.sign_spacing_m);
  return r;
}

void register_risk_section(scenario::SectionRegistry& registry) {
  registry.add(std::string(kSectionName),
               [](scenario::Section& s) { return parse_risk_section(s); });
}

nlohmann::json run_drowning(const std::filesystem::path& store_path,
                            const std::filesystem::path& out, const RiskSettings& settings,
                            const WalkingTimes* walking, Progress& progress) {
  settings.validate();
  model::Project p = store::read_project(store_path, {}, progress);
  auto reg = read_register(store_path);
  apply_register(p, reg);
  // Walking times along the store's own pedestrian network unless the caller brings its own;
  // with no walkable roads at all, the straight line (flagged per school in the summary).
  const bool has_walkable =
      std::any_of(p.roads.begin(), p.roads.end(), [](const model::Road& r) { return r.walkable; });
  std::unique_ptr<WalkingTimes> own;
  if (walking == nullptr) {
    if (has_walkable)
      own = std::make_unique<NetworkWalkingTimes>(p, settings);
    else
      own = std::make_unique<EuclideanWalking>(p, settings.child_speed_mps);
    walking = own.get();
  }
  DrowningResult r = assess(p, settings, *walking, progress);
  std::vector<geo::MultiPolygon> areas;
  std::vector<geo::LineString> lines;
  for (const auto& w : p.water) areas.push_back(w.area);
  for (const auto& w : p.waterways) lines.push_back(w.line);
  r.distance_to_water = distance_transform(r.risk_density, io::burn(r.risk_density, areas, lines));

  const std::vector<model::Table> tables = {segments_table(p, r), waters_table(p, r),
                                            signs_table(p, r),
                                            register_table(p, r, std::move(reg))};
  store::write_layers(store_path, tables, progress);
  io::write_cog(out / "drowning_risk.tif", r.risk_density, p.info.crs);
  io::write_cog(out / "distance_to_water.tif", r.distance_to_water, p.info.crs);
  io::write_png_preview(out / "drowning_risk.png", r.risk_density,
                        "drowning risk (kernel density)");
  io::write_png_preview(out / "distance_to_water.png", r.distance_to_water,
                        "distance to water (m)");
  io::write_csv(out / "water_risk.csv", tables[1]);
  io::write_csv(out / "sign_sites.csv", tables[2]);
  io::write_csv(out / "hazard_register.csv", tables[3]);

  nlohmann::json top = nlohmann::json::array();
  for (std::size_t i = 0; i < std::min<std::size_t>(10, r.waters.size()); ++i) {
    const auto& w = r.waters[i];
    const WaterRef ref = water_ref(p, w.from_waterway, w.water);
    top.push_back(
        {{"rank", w.rank}, {"name", ref.name}, {"kind", ref.kind}, {"risk_sum", w.risk_sum}});
  }
  nlohmann::json summary = {
      {"segments", r.segments.size()},
      {"waters", r.waters.size()},
      {"sign_sites", r.signs.size()},
      {"sign_coverage_share", r.signs.empty() ? 0.0 : r.signs.back().cumulative_share},
      {"schools_walking_estimated", r.schools_walking_estimated.size()},
      {"walking",
       has_walkable
           ? "pedestrian network from the store's roads (straight line for schools with no road "
             "access, flagged)"
           : "straight line at children's speed (no walkable roads in the store): flagged"},
      {"top_waters", top}};
  write_text_file_atomic(out / "drowning_summary.json", summary.dump(2) + "\n");
  return summary;
}

}  // namespace huxiao::risk
