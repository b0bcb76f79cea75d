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
  cmd->callback([args, &progress] {
    risk::RiskSettings s;
    s.season_factor = args->season;
    s.cutoff_min = args->cutoff;
    s.sign_sites = args->signs;
    const auto summary = risk::run_drowning(args->store, args->output, s, nullptr, progress);
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
    std::fputs(out.c_str(), stdout);
  });
}

}  // namespace huxiao::cli
