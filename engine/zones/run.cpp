#include "zones/run.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <limits>
#include <memory>

#include <fmt/format.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "io/geopackage.hpp"
#include "store/project_store.hpp"
#include "zones/network_walking.hpp"

namespace huxiao::zones {

ZoneSettings parse_zone_section(scenario::Section& s) {
  ZoneSettings z;
  z.radius_m =
      s.optional_double("radius_m",
                        scenario::NumberRange{.min = 0.0, .max = 5000.0, .min_exclusive = true})
          .value_or(z.radius_m);
  if (auto by_level = s.optional_section("radius_by_level")) {
    for (const auto& key : by_level->keys()) {
      std::optional<model::SchoolLevel> level;
      for (auto l : model::all_school_levels())
        if (key == model::to_string(l)) level = l;
      if (!level) {
        std::vector<std::string> names;
        for (auto l : model::all_school_levels()) names.emplace_back(model::to_string(l));
        by_level->reject_key(key, names, "school level");
      }
      z.radius_by_level[*level] =
          by_level->required_double(key, scenario::NumberRange::between(0.0, 5000.0));
    }
  }
  if (auto rules = s.optional_path("rules", true)) z.rules = load_rules(*rules);
  if (s.optional_bool("planar").value_or(false))
    z.geodesic_extent_km = std::numeric_limits<double>::infinity();
  z.measure_from_campus = s.optional_bool("measure_from_campus").value_or(true);
  z.quadrant_segments = s.optional_int("quadrant_segments", scenario::NumberRange::between(2, 256))
                            .value_or(z.quadrant_segments);
  return z;
}

void register_zone_section(scenario::SectionRegistry& registry) {
  registry.add(std::string(kSectionName),
               [](scenario::Section& s) { return parse_zone_section(s); });
}

namespace {

// Only the layers the rules look at; arterial-road rules read only their road classes unless
// walking rules need the whole pedestrian network.
store::LayerSelection layers_needed(const ZoneSettings& settings) {
  store::LayerSelection l;
  const auto& rules = settings.rules.rules;
  const auto any = [&](auto pred) { return std::any_of(rules.begin(), rules.end(), pred); };
  const bool walking = any([](const AuditRule& r) { return r.measure == MeasureMode::kWalking; });
  const auto uses = [&](FeatureLayer f) {
    return any([f](const AuditRule& r) { return r.feature == f; });
  };
  l.police = false;
  l.gates = walking;
  l.campus = settings.measure_from_campus;
  l.pois = uses(FeatureLayer::kPois);
  l.water = uses(FeatureLayer::kWater);
  l.waterways = uses(FeatureLayer::kWaterways);
  if (walking) return l;  // every road: the pedestrian network
  for (const AuditRule& r : rules)
    if (r.feature == FeatureLayer::kRoads)
      l.road_classes.insert(l.road_classes.end(), r.road_classes.begin(), r.road_classes.end());
  l.roads = !l.road_classes.empty();  // a road rule matches only the classes it lists
  return l;
}

}  // namespace

nlohmann::json run_zones(const std::filesystem::path& store_path,
                         const std::filesystem::path& output_dir, const ZoneSettings& settings,
                         const geo::Region& region, Progress& progress) {
  settings.validate(true);  // before any reading: a nonsense radius costs nothing
  using Clock = std::chrono::steady_clock;
  const auto seconds_since = [](Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
  };
  auto t0 = Clock::now();
  const model::Project project =
      store::read_project(store_path, region, progress, layers_needed(settings));
  std::vector<ZoneOverride> overrides;
  if (const auto table = store::read_layer(store_path, kOverridesLayer, region))
    overrides = overrides_from_table(*table);
  const double read_s = seconds_since(t0);
  t0 = Clock::now();
  // Walking rules measure along the pedestrian network built from the store's own roads.
  ZoneSettings effective = settings;
  std::unique_ptr<NetworkWalking> walking;
  double walk_reach = 0.0;
  for (const auto& r : settings.rules.rules)
    if (r.measure == MeasureMode::kWalking) walk_reach = std::max(walk_reach, r.distance_m);
  if (walk_reach > 0.0 && settings.walking == nullptr) {
    walking = std::make_unique<NetworkWalking>(project, walk_reach);
    effective.walking = walking.get();
  }
  const ZonesResult result = compute_zones(project, overrides, effective, progress);
  const double audit_s = seconds_since(t0);
  t0 = Clock::now();
  const auto tables = zone_tables(project, result, settings);
  const double rows_s = seconds_since(t0);
  // The CSV copies are written while SQLite writes the store: two independent files, two cores.
  auto csv = std::async(std::launch::async, [&] {
    for (const auto& t : tables) io::write_csv(output_dir / (t.name + ".csv"), t);
  });
  try {
    store::write_layers(store_path, tables, progress);
  } catch (...) {
    csv.wait();
    throw;
  }
  const double store_s = seconds_since(t0) - rows_s;
  csv.get();
  nlohmann::json totals = zone_totals(project, result, settings);
  totals["store"] = store_path.string();
  totals["seconds"] = {{"read", read_s},
                       {"zones_and_audit", audit_s},
                       {"index", result.seconds.index},
                       {"audit", result.seconds.audit},
                       {"zone_outlines", result.seconds.zones},
                       {"clusters", result.seconds.clusters},
                       {"write", seconds_since(t0)},
                       {"write_rows", rows_s},
                       {"write_store", store_s}};
  write_text_file_atomic(output_dir / "zones_summary.json", totals.dump(2) + "\n");
  return totals;
}

}  // namespace huxiao::zones
