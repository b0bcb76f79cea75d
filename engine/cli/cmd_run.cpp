#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/import_output.hpp"
#include "core/atomic_file.hpp"
#include "evac/scenario_section.hpp"
#include "ingest/importer.hpp"
#include "scenario/scenario.hpp"

namespace huxiao::cli {
namespace {

struct RunArgs {
  std::string scenario;
  std::string output;
};

void run_scenario(const RunArgs& a, Progress& progress) {
  scenario::SectionRegistry analyses;
  evac::register_section(analyses);  // [evac] analyses: evac:
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
  // [evac] the evacuation drill, if the scenario has one
  if (const auto* drill = s.analyses.get<evac::EvacSection>(evac::kSectionName)) {
    const evac::DrillReport r = evac::run_section(s, *drill, progress);
    summary["evac"] = {{"folder", (s.output / drill->output).string()},
                       {"students", r.population.agents.size()},
                       {"t90_s", r.t90},
                       {"t100_s", r.t100},
                       {"deadlocked", r.results.stuck.size()}};
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
