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
#include "io/raster_warp.hpp"
#include "io/raster_writer.hpp"
#include "risk/network_walking.hpp"
#include "risk/patrol.hpp"
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

// Only the banks someone can reach by default: at national scale the zero-risk segments are most
// of tens of millions of rows and would take the store writer past the machine's memory.
model::Table segments_table(const model::Project& p, const DrowningResult& r, bool all) {
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
    if (!all && !(g.risk > 0.0)) continue;
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

// [SECTION] patrol

struct Patrol {
  std::vector<PatrolStop> stops;  // [0] is the start
  std::vector<std::string> water_names;
  PatrolPlan plan;
};

std::optional<Patrol> patrol_of(const model::Project& p, const DrowningResult& r,
                                const RiskSettings& s) {
  if (!s.patrol || r.signs.empty()) return std::nullopt;
  std::vector<PatrolStop> sites;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < r.signs.size(); ++i) {
    const BankSegment& g = r.segments[r.signs[i].segment];
    const WaterRef ref = water_ref(p, g.from_waterway, g.water);
    sites.push_back({fmt::format("sign site {} ({})", i + 1,
                                 ref.name.empty() ? ref.kind + " " + ref.id : ref.name),
                     g.access});
    names.push_back(ref.name);
  }
  const std::size_t k =
      s.patrol_stops == 0 ? sites.size() : static_cast<std::size_t>(s.patrol_stops);
  std::optional<PatrolStop> start;
  if (s.patrol_within_km > 0.0) {
    // Region-wide runs: one local patrol around the highest-risk site (or the named start),
    // not a tour across counties.
    start = patrol_start(p, {sites.front()}, s.patrol_start);
    if (!start) return std::nullopt;
    std::vector<PatrolStop> near;
    std::vector<std::string> near_names;
    for (std::size_t i = 0; i < sites.size(); ++i)
      if (geo::distance(sites[i].point, start->point) <= s.patrol_within_km * 1000.0) {
        near.push_back(sites[i]);
        near_names.push_back(names[i]);
      }
    sites = std::move(near);
    names = std::move(near_names);
  }
  if (sites.size() > k) sites.resize(k), names.resize(k);
  if (!start) start = patrol_start(p, sites, s.patrol_start);
  if (!start) return std::nullopt;
  Patrol out;
  out.stops.push_back(*start);
  out.water_names.emplace_back();
  out.stops.insert(out.stops.end(), sites.begin(), sites.end());
  out.water_names.insert(out.water_names.end(), names.begin(), names.end());
  out.plan = plan_patrol(p, out.stops, {.mode = s.patrol_mode});
  return out;
}

model::Table patrol_route_table(const Patrol& t) {
  model::Table tab{"patrol_route",
                   model::GeometryKind::kLineString,
                   {{"start", ColumnType::kText},
                    {"mode", ColumnType::kText},
                    {"stops", ColumnType::kInteger},
                    {"length_m", ColumnType::kReal},
                    {"seconds", ColumnType::kReal},
                    {"unreachable", ColumnType::kInteger}},
                   {}};
  if (t.plan.line.size() >= 2)
    tab.rows.push_back({{t.stops[0].name, std::string(network::to_string(t.plan.mode)),
                         static_cast<std::int64_t>(t.plan.order.size()), t.plan.length_m,
                         t.plan.seconds, static_cast<std::int64_t>(t.plan.unreachable.size())},
                        geo::Geometry{t.plan.line}});
  return tab;
}

// Stops in visiting order; the leg columns are those of the leg that arrives at the stop (the
// start's row carries the leg back to it, which closes the tour).
model::Table patrol_stops_table(const Patrol& t) {
  model::Table tab{"patrol_stops",
                   model::GeometryKind::kPoint,
                   {{"visit", ColumnType::kInteger},
                    {"name", ColumnType::kText},
                    {"water", ColumnType::kText},
                    {"x", ColumnType::kReal},
                    {"y", ColumnType::kReal},
                    {"leg_length_m", ColumnType::kReal},
                    {"leg_seconds", ColumnType::kReal},
                    {"cumulative_m", ColumnType::kReal},
                    {"cumulative_s", ColumnType::kReal}},
                   {}};
  double cm = 0.0, cs = 0.0;
  const auto& plan = t.plan;
  for (std::size_t k = 0; k <= plan.order.size() && !plan.order.empty(); ++k) {
    const std::size_t stop = plan.order[k % plan.order.size()];
    Value len{}, sec{};
    if (k > 0 && k - 1 < plan.legs.size()) {
      cm += plan.legs[k - 1].length_m;
      cs += plan.legs[k - 1].seconds;
      len = plan.legs[k - 1].length_m;
      sec = plan.legs[k - 1].seconds;
    }
    const geo::Point& pt = t.stops[stop].point;
    tab.rows.push_back({{static_cast<std::int64_t>(k), t.stops[stop].name, t.water_names[stop],
                         pt.x, pt.y, len, sec, cm, cs},
                        geo::Geometry{pt}});
  }
  return tab;
}

nlohmann::json patrol_summary(const std::optional<Patrol>& t, const RiskSettings& s) {
  if (!t) return {{"planned", false}, {"why", s.patrol ? "no sign sites or no start" : "off"}};
  nlohmann::json unreachable = nlohmann::json::array();
  for (auto i : t->plan.unreachable) unreachable.push_back(t->stops[i].name);
  return {{"planned", true},
          {"start", t->stops[0].name},
          {"mode", network::to_string(t->plan.mode)},
          {"stops", t->plan.order.size() > 0 ? t->plan.order.size() - 1 : 0},
          {"length_m", t->plan.length_m},
          {"seconds", t->plan.seconds},
          {"unreachable", unreachable},
          {"stops_from", "the sign sites in the order they were chosen (highest risk first)"}};
}

// [SECTION] population

struct Population {
  PopulationCells cells;
  nlohmann::json summary;
};

std::optional<Population> read_population(const model::Project& p, const RiskSettings& s) {
  if (s.population.empty()) return std::nullopt;
  const io::ProjectRaster pr = io::read_raster_in_crs(
      s.population, p.info.crs, {.resampling = "bilinear", .preserve_sum = true});
  Population out;
  out.cells = population_cells(pr.grid);
  double people = 0.0;
  for (double v : out.cells.people) people += v;
  out.summary = {{"file", s.population.string()},
                 {"crs", pr.source_crs},
                 {"reprojected", pr.reprojected},
                 {"populated_cells", out.cells.people.size()},
                 {"people", people},
                 {"weight", s.population_weight},
                 {"reach", "straight line at the children's speed within the cutoff"}};
  if (pr.reprojected)
    out.summary["note"] = fmt::format(
        "population raster {} is in {}, reprojected (gdalwarp, bilinear, sum kept) into the "
        "project CRS {}",
        s.population.filename().string(), pr.source_crs, p.info.crs.label());
  return out;
}

}  // namespace

PopulationCells population_cells(const io::RasterGrid& g) {
  PopulationCells out;
  for (std::size_t row = 0; row < g.height; ++row)
    for (std::size_t col = 0; col < g.width; ++col) {
      const float v = g.at(col, row);
      if (g.is_nodata(v) || !(v > 0.0f)) continue;
      out.centres.push_back({g.origin_x + (static_cast<double>(col) + 0.5) * g.pixel_size_x,
                             g.origin_y - (static_cast<double>(row) + 0.5) * g.pixel_size_y});
      out.people.push_back(v);
    }
  return out;
}

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
  r.max_raster_cells =
      s.optional_double("max_raster_cells", NumberRange::positive()).value_or(r.max_raster_cells);
  r.sign_sites =
      s.optional_int("sign_sites", NumberRange::between(0, 100000)).value_or(r.sign_sites);
  r.sign_cover_m =
      s.optional_double("sign_cover_m", NumberRange::positive()).value_or(r.sign_cover_m);
  r.sign_spacing_m =
      s.optional_double("sign_spacing_m", NumberRange::non_negative()).value_or(r.sign_spacing_m);
  if (auto f = s.optional_path("population", true)) r.population = *f;
  r.population_weight = s.optional_double("population_weight", NumberRange::non_negative())
                            .value_or(r.population_weight);
  r.patrol = s.optional_bool("patrol").value_or(r.patrol);
  r.all_segments = s.optional_bool("all_segments").value_or(r.all_segments);
  r.patrol_stops =
      s.optional_int("patrol_stops", NumberRange::between(0, 10000)).value_or(r.patrol_stops);
  r.patrol_start = s.optional_string("patrol_start").value_or(r.patrol_start);
  r.patrol_within_km = s.optional_double("patrol_within_km", NumberRange::non_negative())
                           .value_or(r.patrol_within_km);
  if (auto m = s.optional_choice("patrol_mode", {"drive", "walk"}))
    r.patrol_mode = *network::parse_mode(*m);
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
  store::LayerSelection layers;
  layers.pois = false;  // the drowning model never looks at points of interest
  model::Project p = store::read_project(store_path, {}, progress, layers);
  auto reg = read_register(store_path);
  apply_register(p, reg);
  // Walking times along the store's own pedestrian network unless the caller brings its own;
  // with no walkable roads at all, the straight line (flagged per school in the summary).
  const bool has_walkable =
      std::any_of(p.roads.begin(), p.roads.end(), [](const model::Road& r) { return r.walkable; });
  std::unique_ptr<WalkingTimes> own;
  if (walking == nullptr) {
    ProgressTask task(progress, "walking network", 1);
    if (has_walkable)
      own = std::make_unique<NetworkWalkingTimes>(p, settings);
    else
      own = std::make_unique<EuclideanWalking>(p, settings.child_speed_mps);
    walking = own.get();
    task.update(1);
  }
  const auto population = read_population(p, settings);
  DrowningResult r =
      assess(p, settings, *walking, progress, population ? &population->cells : nullptr);
  {
    ProgressTask task(progress, "distance to water", 1);
    std::vector<geo::MultiPolygon> areas;
    std::vector<geo::LineString> lines;
    for (const auto& w : p.water) areas.push_back(w.area);
    for (const auto& w : p.waterways) lines.push_back(w.line);
    r.distance_to_water =
        distance_transform(r.risk_density, io::burn(r.risk_density, areas, lines));
    task.update(1);
  }
  std::optional<Patrol> patrol;
  {
    ProgressTask task(progress, "patrol route", 1);
    patrol = patrol_of(p, r, settings);
    task.update(1);
  }
  std::vector<model::Table> tables = {segments_table(p, r, settings.all_segments),
                                      waters_table(p, r), signs_table(p, r),
                                      register_table(p, r, std::move(reg))};
  // Written empty when there is no patrol, so a previous run's route does not linger.
  const Patrol& shown = patrol ? *patrol : Patrol{};
  tables.push_back(patrol_route_table(shown));
  tables.push_back(patrol_stops_table(shown));
  store::write_layers(store_path, tables, progress);
  ProgressTask rasters(progress, "writing rasters and previews", 1);
  io::write_cog(out / "drowning_risk.tif", r.risk_density, p.info.crs);
  io::write_cog(out / "distance_to_water.tif", r.distance_to_water, p.info.crs);
  io::write_png_preview(out / "drowning_risk.png", r.risk_density,
                        "drowning risk (kernel density)");
  io::write_png_preview(out / "distance_to_water.png", r.distance_to_water,
                        "distance to water (m)");
  rasters.update(1);
  io::write_csv(out / "water_risk.csv", tables[1]);
  io::write_csv(out / "sign_sites.csv", tables[2]);
  io::write_csv(out / "hazard_register.csv", tables[3]);
  if (patrol) io::write_csv(out / "patrol_stops.csv", tables[5]);

  nlohmann::json top = nlohmann::json::array();
  for (std::size_t i = 0; i < std::min<std::size_t>(10, r.waters.size()); ++i) {
    const auto& w = r.waters[i];
    const WaterRef ref = water_ref(p, w.from_waterway, w.water);
    top.push_back(
        {{"rank", w.rank}, {"name", ref.name}, {"kind", ref.kind}, {"risk_sum", w.risk_sum}});
  }
  nlohmann::json summary = {
      {"segments", r.segments.size()},
      {"segments_in_layer", tables[0].rows.size()},
      {"waters", r.waters.size()},
      {"sign_sites", r.signs.size()},
      {"sign_coverage_share", r.signs.empty() ? 0.0 : r.signs.back().cumulative_share},
      {"schools_walking_estimated", r.schools_walking_estimated.size()},
      {"walking",
       has_walkable
           ? "pedestrian network from the store's roads (straight line for schools with no road "
             "access, flagged)"
           : "straight line at children's speed (no walkable roads in the store): flagged"},
      {"raster_cell_m", r.raster_cell_m},
      {"raster_size", {r.risk_density.width, r.risk_density.height}},
      {"top_waters", top},
      {"patrol", patrol_summary(patrol, settings)}};
  if (population) summary["population"] = population->summary;
  if (r.raster_cell_m > settings.cell_m)
    summary["raster_note"] =
        fmt::format("the area needs more than {:.0f} cells of {} m: rasters written at {} m cells",
                    settings.max_raster_cells, settings.cell_m, r.raster_cell_m);
  write_text_file_atomic(out / "drowning_summary.json", summary.dump(2) + "\n");
  return summary;
}

}  // namespace huxiao::risk
