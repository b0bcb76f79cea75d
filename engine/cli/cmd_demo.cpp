#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/import_output.hpp"
#include "demo/synthetic_county.hpp"
#include "store/project_store.hpp"

namespace huxiao::cli {
namespace {

struct DemoArgs {
  std::string output = "out/demo.gpkg";
  std::uint64_t seed = 1;
  std::size_t schools = 120;
  double pois_per_school = 10.0;
};

void run_demo(const DemoArgs& a, Progress& progress) {
  demo::DemoOptions options;
  options.seed = a.seed;
  options.schools = a.schools;
  options.pois_per_school = a.pois_per_school;
  const model::Project project = demo::make_demo_project(options, progress);
  store::write_project(a.output, project, nullptr, progress);
  std::fputs(
      fmt::format("wrote {}: {} (CRS {})\n", a.output, project.info.name, project.info.crs.label())
          .c_str(),
      stdout);
  std::fputs(fmt::format("  schools {}, water bodies {}, waterways {}, roads {}, points of "
                         "interest {}, police {}\n",
                         project.schools.size(), project.water.size(), project.waterways.size(),
                         project.roads.size(), project.pois.size(), project.police.size())
                 .c_str(),
             stdout);
  std::fputs("  SYNTHETIC data: not a real place\n", stdout);
}

}  // namespace

void add_demo_command(CLI::App& app, Progress& progress) {
  auto args = std::make_shared<DemoArgs>();
  CLI::App* cmd = app.add_subcommand("demo",
                                     "Generate the synthetic demo county (deterministic; scales to "
                                     "national size) as a project store");
  cmd->add_option("-o,--output", args->output, "Project store to write (.gpkg)")
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "Random seed: the same seed gives the same county")
      ->capture_default_str();
  cmd->add_option("--schools", args->schools, "Number of schools (up to 5 000 000)")
      ->capture_default_str();
  cmd->add_option("--pois-per-school", args->pois_per_school, "Points of interest per school")
      ->capture_default_str();
  cmd->callback([args, &progress] { run_demo(*args, progress); });
}

}  // namespace huxiao::cli
