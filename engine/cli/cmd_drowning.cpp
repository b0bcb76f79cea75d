#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "risk/run.hpp"

namespace huxiao::cli {

void add_drowning_command(CLI::App& app, Progress& progress) {
  struct Args {
    std::string store;
    std::string output = "out/drowning";
    double season = 1.0;
    double cutoff = 15.0;
    int signs = 10;
    std::string population;
    std::string patrol_start;
    int patrol_stops = 0;
    std::string patrol_mode = "drive";
    bool no_patrol = false;
    double patrol_within = 0.0;
    bool all_segments = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "drowning",
      "Drowning risk of the waters near schools: register, heatmap, warning-sign sites");
  cmd->add_option("store", args->store, "Project store (.gpkg)")->required();
  cmd->add_option("-o,--output", args->output, "Folder for rasters, previews, CSV and summary")
      ->capture_default_str();
  cmd->add_option("--season", args->season, "Season factor (e.g. 1.5 for the summer holidays)")
      ->capture_default_str();
  cmd->add_option("--cutoff", args->cutoff, "Walking cutoff in minutes")->capture_default_str();
  cmd->add_option("--signs", args->signs, "Number of warning-sign / rescue-equipment sites")
      ->capture_default_str();
  cmd->add_option("--population", args->population,
                  "Population raster (residents per cell, any GDAL raster; warped into the "
                  "project CRS when it is in another)");
  cmd->add_option("--patrol-start", args->patrol_start,
                  "Police unit or school the patrol starts and ends at (default: the police "
                  "station nearest the sign sites)");
  cmd->add_option("--patrol-stops", args->patrol_stops,
                  "Sign sites the patrol visits, highest risk first (0 = all)")
      ->capture_default_str();
  cmd->add_option("--patrol-mode", args->patrol_mode, "Patrol by car or on foot")
      ->check(CLI::IsMember({"drive", "walk"}))
      ->capture_default_str();
  cmd->add_option("--patrol-within", args->patrol_within,
                  "Only sign sites within this many km of the start (0 = no limit; the start is "
                  "then the police station nearest the highest-risk site)")
      ->capture_default_str();
  cmd->add_flag("--all-segments", args->all_segments,
                "Write every bank segment to bank_segments, not only those with risk > 0");
  cmd->add_flag("--no-patrol", args->no_patrol, "Do not plan the patrol route");
  cmd->callback([args, &progress] {
    risk::RiskSettings s;
    s.season_factor = args->season;
    s.cutoff_min = args->cutoff;
    s.sign_sites = args->signs;
    s.population = args->population;
    s.patrol_start = args->patrol_start;
    s.patrol_stops = args->patrol_stops;
    s.patrol_mode = args->patrol_mode == "walk" ? network::Mode::kWalk : network::Mode::kDrive;
    s.patrol = !args->no_patrol;
    s.patrol_within_km = args->patrol_within;
    s.all_segments = args->all_segments;
    const auto summary = risk::run_drowning(args->store, args->output, s, nullptr, progress);
    if (summary.contains("raster_note"))
      std::fprintf(stderr, "note: %s\n", summary["raster_note"].get<std::string>().c_str());
    if (summary.contains("population") && summary["population"].contains("note"))
      std::fprintf(stderr, "note: %s\n", summary["population"]["note"].get<std::string>().c_str());
    std::string out =
        fmt::format("{} bank segments of {} waters; {} sign sites cover {:.0f} % of the risk\n",
                    summary["segments"].get<std::int64_t>(), summary["waters"].get<std::int64_t>(),
                    summary["sign_sites"].get<std::int64_t>(),
                    100.0 * summary["sign_coverage_share"].get<double>());
    out += fmt::format("walking times: {}\n", summary["walking"].get<std::string>());
    for (const auto& w : summary["top_waters"]) {
      out += fmt::format("  {:>3}. {:<24} {:<10} {:>12.1f}\n", w["rank"].get<int>(),
                         w["name"].get<std::string>(), w["kind"].get<std::string>(),
                         w["risk_sum"].get<double>());
    }
    const auto& patrol = summary["patrol"];
    if (patrol["planned"].get<bool>()) {
      out += fmt::format("patrol from {} ({}): {} stops, {:.1f} km, {:.0f} min\n",
                         patrol["start"].get<std::string>(), patrol["mode"].get<std::string>(),
                         patrol["stops"].get<std::int64_t>(),
                         patrol["length_m"].get<double>() / 1000.0,
                         patrol["seconds"].get<double>() / 60.0);
      for (const auto& name : patrol["unreachable"])
        out += fmt::format("  not reachable by road: {}\n", name.get<std::string>());
    }
    std::fputs(out.c_str(), stdout);
  });
}

}  // namespace huxiao::cli
