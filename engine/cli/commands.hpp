#pragma once
// The subcommands of `huxiao`. Each registers its options on the CLI11 app and runs with a
// progress sink; all of them are thin faces over the engine API.

#include <CLI/CLI.hpp>

#include "core/progress.hpp"

namespace huxiao::cli {

// Exit codes (also in `huxiao --help` and the README).
inline constexpr int kExitOk = 0;
inline constexpr int kExitDataError = 1;  // bad input: file, CRS, values, scenario
inline constexpr int kExitUsage = 2;      // wrong command-line arguments
inline constexpr int kExitInternal = 3;   // a bug: please report it
inline constexpr int kExitCancelled = 130;

void add_info_command(CLI::App& app, Progress& progress);
void add_import_command(CLI::App& app, Progress& progress);
void add_demo_command(CLI::App& app, Progress& progress);
void add_run_command(CLI::App& app, Progress& progress);
void add_zones_command(CLI::App& app, Progress& progress);
void add_drowning_command(CLI::App& app, Progress& progress);
void add_route_command(CLI::App& app, Progress& progress);
void add_evac_command(CLI::App& app, Progress& progress);
void add_deploy_command(CLI::App& app, Progress& progress);

}  // namespace huxiao::cli
