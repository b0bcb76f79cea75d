#include <cstdio>
#include <limits>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "zones/run.hpp"

namespace huxiao::cli {
namespace {

struct ZonesArgs {
  std::string store;
  std::string output = "out/zones";
  std::string rules;
  double radius = 200.0;
  std::string region;
  bool from_points = false;
  bool planar = false;
};

void print_totals(const nlohmann::json& t) {
  std::string out = fmt::format(
      "{} safety zones ({} drawn by planners, {} measured from a point), {} clusters ({} shared by "
      "several schools)\n",
      t["zones"].get<std::int64_t>(), t["zones_overridden"].get<std::int64_t>(),
      t["zones_measured_from_point"].get<std::int64_t>(), t["clusters"].get<std::int64_t>(),
      t["clusters_with_several_schools"].get<std::int64_t>());
  out +=
      fmt::format("{} findings at {} schools ({})\n", t["findings"].get<std::int64_t>(),
                  t["schools_with_findings"].get<std::int64_t>(), t["metric"].get<std::string>());
  for (const auto& [rule, n] : t["findings_by_rule"].items())
    out += fmt::format("  {:<26} {:>8}\n", rule, n.get<std::int64_t>());
  const auto& sec = t["seconds"];
  out += fmt::format("time: read {:.2f} s, zones and audit {:.2f} s, write {:.2f} s\n",
                     sec["read"].get<double>(), sec["zones_and_audit"].get<double>(),
                     sec["write"].get<double>());
  std::fputs(out.c_str(), stdout);
}

}  // namespace

void add_zones_command(CLI::App& app, Progress& progress) {
  auto args = std::make_shared<ZonesArgs>();
  CLI::App* cmd = app.add_subcommand(
      "zones", "Draw the student safety zone of every school and audit what lies inside it");
  cmd->add_option("store", args->store, "Project store (.gpkg)")->required();
  cmd->add_option("-o,--output", args->output, "Folder for CSV copies and zones_summary.json")
      ->capture_default_str();
  cmd->add_option("--rules", args->rules, "Audit rule table (YAML); default: the built-in rules");
  cmd->add_option("--radius", args->radius, "Zone radius in metres")->capture_default_str();
  cmd->add_option("--region", args->region, "Only MINLON,MINLAT,MAXLON,MAXLAT (degrees)");
  cmd->add_flag(
      "--planar", args->planar,
      "Planar metres of the project CRS even across a large extent (default there: ellipsoidal)");
  cmd->add_flag("--from-points", args->from_points,
                "Measure from school points even where a campus polygon is mapped");
  cmd->callback([args, &progress] {
    zones::ZoneSettings settings;
    settings.radius_m = args->radius;
    settings.measure_from_campus = !args->from_points;
    if (args->planar) settings.geodesic_extent_km = std::numeric_limits<double>::infinity();
    if (!args->rules.empty()) settings.rules = zones::load_rules(args->rules);
    const geo::Region region =
        args->region.empty() ? geo::Region{} : geo::Region::parse_lonlat_box(args->region);
    print_totals(zones::run_zones(args->store, args->output, settings, region, progress));
    std::fputs(fmt::format("layers safety_zones, zone_clusters, zone_findings, zone_summary "
                           "written to {}; CSV in {}\n",
                           args->store, args->output)
                   .c_str(),
               stdout);
  });
}

}  // namespace huxiao::cli
