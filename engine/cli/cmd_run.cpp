#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/import_output.hpp"
#include "core/atomic_file.hpp"
#include "deploy/scenario_section.hpp"
#include "evac/scenario_section.hpp"
#include "ingest/importer.hpp"
#include "network/analysis.hpp"
#include "risk/run.hpp"
#include "scenario/scenario.hpp"
#include "zones/run.hpp"

namespace huxiao::cli {
namespace {

struct RunArgs {
  std::string scenario;
  std::string output;
};

void run_scenario(const RunArgs& a, Progress& progress) {
  // Each analysis module parses its own `analyses:` section, with the same strictness.
  scenario::SectionRegistry analyses;
  zones::register_zone_section(analyses);
  risk::register_risk_section(analyses);
  network::register_section(analyses);  // analyses: network:
  evac::register_section(analyses);     // analyses: evac:
  deploy::register_section(analyses);   // analyses: deploy:
  scenario::Scenario s = scenario::load_scenario(a.scenario, analyses);
  if (!a.output.empty()) s.output = std::filesystem::absolute(a.output);
  std::fputs(fmt::format("scenario '{}' ({})\n", s.name, s.file.string()).c_str(), stdout);
  const auto result =
      ingest::import_sources(ingest::requests_for(s), ingest::import_options_for(s), progress);
  save_import(result, {s.store, s.output / "quality.json", s.output / "quality.txt"}, progress);
  nlohmann::json summary = {{"scenario", s.name},
                            {"store", s.store.string()},
                            {"crs", result.project.info.crs.label()},
                            {"counts", result.report.counts()},
                            {"problems",
                             {{"errors", result.report.count(quality::Severity::kError)},
                              {"warnings", result.report.count(quality::Severity::kWarning)}}}};
  // [network] travel-time matrices and isochrones
  if (const auto* net = s.analyses.get<network::NetworkSettings>(network::kSectionName)) {
    const auto notes = network::run_analysis(s, *net, s.store, s.output, progress);
    for (const auto& note : notes) std::fputs((note + "\n").c_str(), stdout);
    summary["network"] = notes;
  }
  // [SECTION] analyses named in the scenario, in dependency order
  if (const auto* zone_settings = s.analyses.get<zones::ZoneSettings>(zones::kSectionName)) {
    summary["zones"] = zones::run_zones(s.store, s.output, *zone_settings, {}, progress);
    std::fputs(fmt::format("safety zones: {} findings at {} schools\n",
                           summary["zones"]["findings"].get<std::int64_t>(),
                           summary["zones"]["schools_with_findings"].get<std::int64_t>())
                   .c_str(),
               stdout);
  }
  if (const auto* risk_settings = s.analyses.get<risk::RiskSettings>(risk::kSectionName)) {
    summary["drowning"] = risk::run_drowning(s.store, s.output, *risk_settings, nullptr, progress);
    std::fputs(fmt::format("drowning risk: {} waters ranked, {} sign sites\n",
                           summary["drowning"]["waters"].get<std::int64_t>(),
                           summary["drowning"]["sign_sites"].get<std::int64_t>())
                   .c_str(),
               stdout);
  }
  // [evac] the evacuation drill, if the scenario has one
  if (const auto* drill = s.analyses.get<evac::EvacSection>(evac::kSectionName)) {
    const evac::DrillReport r = evac::run_section(s, *drill, progress);
    summary["evac"] = {{"folder", (s.output / drill->output).string()},
                       {"students", r.population.agents.size()},
                       {"t90_s", r.t90},
                       {"t100_s", r.t100},
                       {"deadlocked", r.results.stuck.size()}};
    std::fputs(
        fmt::format("evacuation drill: {} students, 90 % out after {:.0f} s, all after {:.0f} s\n",
                    r.population.agents.size(), r.t90, r.t100)
            .c_str(),
        stdout);
  }
  // [SECTION] police deployment (analyses: deploy:)
  if (const auto* d = s.analyses.get<deploy::ScenarioSettings>(deploy::kSectionName)) {
    const auto deploy_summary =
        deploy::run_scenario_deploy(s, *d, s.store, s.output / "deploy", progress);
    summary["deploy"] = {{"output", (s.output / "deploy").string()},
                         {"proven_optimal", deploy_summary["proven_optimal"]},
                         {"gap", deploy_summary["gap"]}};
    std::fputs(
        fmt::format("police deployment: {} with {} new posts on {} travel times, objective "
                    "{}, gap {:.2g} %\n",
                    deploy_summary.value("model", std::string()),
                    deploy_summary.value("new_posts", 0),
                    deploy_summary.value("travel_times_source", std::string()),
                    deploy_summary["objective"].dump(), 100.0 * deploy_summary.value("gap", 0.0))
            .c_str(),
        stdout);
  }
  write_text_file_atomic(s.output / "summary.json", summary.dump(2) + "\n");
  std::fputs(fmt::format("outputs in {}\n", s.output.string()).c_str(), stdout);
}

}  // namespace

void add_run_command(CLI::App& app, Progress& progress) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand(
      "run", "Run a scenario file: import its sources, check data quality, run its analyses");
  cmd->add_option("scenario", args->scenario, "Scenario YAML file")->required();
  cmd->add_option("-o,--output", args->output, "Output folder (default: the scenario's `output`)");
  cmd->callback([args, &progress] { run_scenario(*args, progress); });
}

}  // namespace huxiao::cli
