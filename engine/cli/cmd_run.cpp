#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/import_output.hpp"
#include "core/atomic_file.hpp"
#include "deploy/scenario_section.hpp"
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
  deploy::register_section(analyses);
  scenario::Scenario s = scenario::load_scenario(a.scenario, analyses);
  if (!a.output.empty()) s.output = std::filesystem::absolute(a.output);
  std::fputs(fmt::format("scenario '{}' ({})\n", s.name, s.file.string()).c_str(), stdout);
  const auto result = ingest::import_sources(ingest::requests_for(s), ingest::import_options_for(s), progress);
  save_import(result, {s.store, s.output / "quality.json", s.output / "quality.txt"}, progress);
  nlohmann::json summary = {{"scenario", s.name},
                            {"store", s.store.string()},
                            {"crs", result.project.info.crs.label()},
                            {"counts", result.report.counts()},
                            {"problems",
                             {{"errors", result.report.count(quality::Severity::kError)},
                              {"warnings", result.report.count(quality::Severity::kWarning)}}}};
  // [SECTION] police deployment (analyses: deploy:)
  if (const auto* d = s.analyses.get<deploy::ScenarioSettings>(deploy::kSectionName)) {
    const auto deploy_summary = deploy::run_scenario_deploy(s, *d, s.store, s.output / "deploy", progress);
    summary["deploy"] = {{"output", (s.output / "deploy").string()},
                         {"proven_optimal", deploy_summary["proven_optimal"]},
                         {"gap", deploy_summary["gap"]}};
  }
  write_text_file_atomic(s.output / "summary.json", summary.dump(2) + "\n");
  std::fputs(fmt::format("outputs in {}\n", s.output.string()).c_str(), stdout);
}

}  // namespace

void add_run_command(CLI::App& app, Progress& progress) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run a scenario file: import its sources, check data quality, run its analyses");
  cmd->add_option("scenario", args->scenario, "Scenario YAML file")->required();
  cmd->add_option("-o,--output", args->output, "Output folder (default: the scenario's `output`)");
  cmd->callback([args, &progress] { run_scenario(*args, progress); });
}

}  // namespace huxiao::cli
