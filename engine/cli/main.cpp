// huxiao — school-safety GIS engine, command-line face.

#include <clocale>
#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/progress_bar.hpp"
#include "core/error.hpp"

int main(int argc, char** argv) {
  std::setlocale(LC_ALL, "C.UTF-8");
  huxiao::cli::ProgressBar progress;
  CLI::App app{
      "huxiao (护校) — school-safety GIS: safety zones, drowning risk, evacuation drills, "
      "police posts.\nEvery subcommand has --help."};
  app.footer(
      "Exit codes: 0 ok, 1 bad input (file, CRS, values, scenario), 2 wrong arguments, 3 internal "
      "error, 130 cancelled.");
  app.set_version_flag("--version", std::string("huxiao ") + HUXIAO_VERSION);
  app.require_subcommand(1);
  huxiao::cli::add_info_command(app, progress);
  huxiao::cli::add_import_command(app, progress);
  huxiao::cli::add_demo_command(app, progress);
  huxiao::cli::add_run_command(app, progress);
  huxiao::cli::add_zones_command(app, progress);
  huxiao::cli::add_drowning_command(app, progress);
  huxiao::cli::add_route_command(app, progress);
  huxiao::cli::add_evac_command(app, progress);
  huxiao::cli::add_deploy_command(app, progress);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? huxiao::cli::kExitOk : huxiao::cli::kExitUsage;
  } catch (const huxiao::Error& e) {
    std::fprintf(stderr, "\nhuxiao: error: %s\n", e.what());
    if (e.code() == huxiao::ErrorCode::kCancelled) return huxiao::cli::kExitCancelled;
    return e.code() == huxiao::ErrorCode::kInternal ? huxiao::cli::kExitInternal
                                                    : huxiao::cli::kExitDataError;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "\nhuxiao: internal error: %s (please report this)\n", e.what());
    return huxiao::cli::kExitInternal;
  }
  return huxiao::cli::kExitOk;
}
