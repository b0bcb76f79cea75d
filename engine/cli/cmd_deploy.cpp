// `huxiao deploy STORE -o DIR` (duty posts, coverage curve, gate roster) and
// `huxiao deploy bench FILE --format …` (published location instances).

#include <cstdio>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "deploy/bench.hpp"
#include "deploy/deployment.hpp"
#include "store/project_store.hpp"

namespace huxiao::cli {
namespace {

struct BenchArgs {
  deploy::BenchRequest request;
  std::string file;
  std::string full_lp;
  bool json = false;
  int p = 0;
  double radius = 0;
};

void run_bench_command(BenchArgs& a, Progress& progress) {
  a.request.file = a.file;
  if (a.p != 0) a.request.p = a.p;
  if (a.radius != 0) a.request.radius = a.radius;
  if (!a.full_lp.empty()) a.request.full_lp = a.full_lp;
  const deploy::BenchResult r = deploy::run_bench(a.request, progress);
  const deploy::Solution& s = r.solution;
  if (a.json) {
    nlohmann::json j = {{"instance", r.instance},
                        {"model", r.model},
                        {"p", r.p},
                        {"radius", r.radius},
                        {"demands", r.demands},
                        {"candidates", r.candidates},
                        {"total_weight", r.total_weight},
                        {"objective", s.objective},
                        {"bound", s.bound},
                        {"gap", s.gap()},
                        {"proven_optimal", s.proven_optimal},
                        {"feasible", s.feasible},
                        {"seconds", s.seconds},
                        {"heuristic_objective", s.heuristic_objective},
                        {"ils_objective", s.ils_objective},
                        {"heuristic_best_s", s.heuristic_best_s},
                        {"best_found_s", s.best_found_s},
                        {"read_seconds", r.read_seconds},
                        {"method", s.method},
                        {"open", s.open},
                        {"uncoverable", s.uncoverable.size()},
                        {"note", s.note}};
    std::fputs((j.dump() + "\n").c_str(), stdout);
    return;
  }
  std::fputs(fmt::format("instance   {} ({} demands × {} candidates)\n", r.instance, r.demands,
                         r.candidates)
                 .c_str(),
             stdout);
  std::fputs(fmt::format("model      {}  p={}  radius={}\n", r.model, r.p, r.radius).c_str(),
             stdout);
  if (!s.feasible) {
    std::fputs(fmt::format("infeasible {}\n", s.note).c_str(), stdout);
    return;
  }
  std::fputs(
      fmt::format("objective  {:.10g}\nbound      {:.10g}\ngap        {:.4f} %{}\n", s.objective,
                  s.bound, 100 * s.gap(), s.proven_optimal ? "  (proven optimal)" : "")
          .c_str(),
      stdout);
  if (r.model == "mclp")
    std::fputs(fmt::format("best found {:.3f} s after the start\n", s.best_found_s).c_str(),
               stdout);
  std::fputs(fmt::format("time       {:.3f} s solve + {:.3f} s read\nmethod     {}\n", s.seconds,
                         r.read_seconds, s.method)
                 .c_str(),
             stdout);
  if (!s.uncoverable.empty()) {
    std::fputs(fmt::format("uncoverable {} demand points (no candidate within the radius)\n",
                           s.uncoverable.size())
                   .c_str(),
               stdout);
  }
}

struct DeployArgs {
  std::string store;
  std::string output;
  deploy::DeploySettings settings;
  deploy::TravelTimeOptions travel;
  std::string at = "07:30";
  bool no_fixed = false;
  bool no_heatmap = false;
};

void run_deploy_command(DeployArgs& a, Progress& progress) {
  if (a.store.empty() || a.output.empty()) {
    throw CLI::ValidationError("deploy",
                               "give a project store and -o DIR (or use `huxiao deploy bench`)");
  }
  a.settings.existing_police_fixed = !a.no_fixed;
  a.settings.heatmap = !a.no_heatmap;
  const auto at = model::TimeOfDay::parse(a.at);
  if (!at) throw CLI::ValidationError("--at", fmt::format("'{}' is not a time (HH:MM)", a.at));
  a.travel.at = *at;
  deploy::validate(a.settings);
  const model::Project project = store::read_project(a.store, {}, progress);
  const deploy::TravelChoice choice = deploy::make_travel_times(project, a.travel, progress);
  const deploy::TravelTimes& travel = *choice.times;
  deploy::DeployResult r = deploy::run_deployment(project, travel, a.settings, progress);
  if (!choice.note.empty()) r.summary["travel_times_note"] = choice.note;
  deploy::write_deployment(r, project.info.crs, a.output, progress);
  const auto& s = r.summary;
  std::fputs(fmt::format("{} schools, {} candidate sites ({} existing police units kept)\n",
                         s["schools"].get<int>(), s["candidate_sites"].get<int>(),
                         s["existing_posts_fixed"].get<int>())
                 .c_str(),
             stdout);
  std::fputs(fmt::format("travel times: {}\n", travel.describe()).c_str(), stdout);
  if (!choice.note.empty()) std::fputs(fmt::format("WARNING: {}\n", choice.note).c_str(), stdout);
  for (const char* key : {"schools_not_on_road_network", "sites_not_on_road_network"}) {
    if (!s[key].empty()) {
      std::fputs(fmt::format("note: {} {} (listed in summary.json)\n", s[key].size(),
                             std::string(key) == "schools_not_on_road_network"
                                 ? "schools cannot be placed on the drive network"
                                 : "candidate sites or police units are off the drive network")
                     .c_str(),
                 stdout);
    }
  }
  std::fputs(fmt::format("{} with {} new posts: objective {:.6g}, bound {:.6g}, gap {:.3f} %{}\n",
                         a.settings.model, a.settings.new_posts, s["objective"].get<double>(),
                         s["bound"].get<double>(), 100 * s["gap"].get<double>(),
                         s["proven_optimal"].get<bool>() ? " (proven optimal)" : "")
                 .c_str(),
             stdout);
  for (const auto& [k, v] : s["within"].items()) {
    std::fputs(fmt::format("  within {}: {} schools, {} students\n", k, v["schools"].get<int>(),
                           v["students"].get<long long>())
                   .c_str(),
               stdout);
  }
  const auto& ro = s["roster"];
  std::fputs(fmt::format("roster: {} gate windows; one officer per school = {} officers, staggered "
                         "bells need {}\n",
                         ro["gate_windows"].get<int>(), ro["officers_one_per_school"].get<int>(),
                         ro["officers_needed_for_every_window"].get<int>())
                 .c_str(),
             stdout);
  if (!s["schools_unreachable_within_threshold"].empty()) {
    std::fputs(
        fmt::format(
            "WARNING: {} schools have no candidate site within {} min (listed in summary.json)\n",
            s["schools_unreachable_within_threshold"].size(), a.settings.coverage_threshold_min)
            .c_str(),
        stdout);
  }
  std::fputs(fmt::format("outputs in {}\n", a.output).c_str(), stdout);
}

}  // namespace

void add_deploy_command(CLI::App& app, Progress& progress) {
  CLI::App* cmd = app.add_subcommand("deploy",
                                     "Peak-hour police deployment: duty posts (covering, p-median, "
                                     "p-center) and the gate duty roster");
  auto args = std::make_shared<DeployArgs>();
  auto& st = args->settings;
  cmd->add_option("store", args->store, "Project store (.gpkg)")->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", args->output, "Output folder");
  cmd->add_option("--model", st.model,
                  "mclp (most students within the threshold) | pmedian (least mean time) | "
                  "pcenter (least worst time) | lscp (fewest posts covering every school)")
      ->capture_default_str();
  cmd->add_option("--posts", st.new_posts, "New posts P, added to the existing police units")
      ->capture_default_str();
  cmd->add_option("--max-posts", st.max_new_posts, "Coverage curve for P = 0 … this")
      ->capture_default_str();
  cmd->add_option("--threshold", st.coverage_threshold_min, "Coverage threshold, minutes at peak")
      ->capture_default_str();
  cmd->add_option("--thresholds", st.thresholds_min, "Response circles reported, minutes")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--capacity", st.capacity, "Schools per post (0 = unlimited)")
      ->capture_default_str();
  cmd->add_option("--backup", st.backup_weight, "Weight of schools covered twice (0 = off)")
      ->capture_default_str();
  cmd->add_option("--candidate-radius", st.candidate_radius_m,
                  "Road vertices this close to a school are candidate sites (m)")
      ->capture_default_str();
  cmd->add_flag("--no-fixed", args->no_fixed, "Do not keep existing police units as fixed posts");
  cmd->add_flag("--include-universities", st.include_universities,
                "Also place posts for universities (left out by default)");
  cmd->add_option("--officers", st.officers,
                  "Officers for the gate roster (0 = as many as every window needs)")
      ->capture_default_str();
  cmd->add_option("--window-before", st.window_before_min,
                  "Gate window starts this many minutes before the bell")
      ->capture_default_str();
  cmd->add_option("--window-after", st.window_after_min, "… and ends this many minutes after it")
      ->capture_default_str();
  cmd->add_option("--time-limit", st.time_limit_s, "Seconds per model solve")
      ->capture_default_str();
  cmd->add_option("--travel-times", args->travel.source,
                  "auto (road times when the store has drivable roads) | road | straight")
      ->check(CLI::IsMember({"auto", "road", "straight"}))
      ->capture_default_str();
  cmd->add_option("--at", args->at, "Time of day for peak-hour driving (HH:MM)")
      ->capture_default_str();
  cmd->add_option("--max-snap", args->travel.max_snap_m,
                  "Gates, posts and sites farther from the drive network (m) are reported")
      ->capture_default_str();
  cmd->add_option("--peak-speed", args->travel.peak_speed_kmh,
                  "Straight-line travel times: peak driving speed, km/h")
      ->capture_default_str();
  cmd->add_option("--detour", args->travel.detour_factor,
                  "Straight-line travel times: road/straight-line ratio")
      ->capture_default_str();
  cmd->add_option("--heatmap-cell", st.heatmap_cell_m, "Response-time raster cell (m)")
      ->capture_default_str();
  cmd->add_option("--heatmap-max-road-distance", st.heatmap_max_road_distance_m,
                  "Raster cells farther from the drive network (m) are nodata")
      ->capture_default_str();
  cmd->add_flag("--no-heatmap", args->no_heatmap, "Skip the response-time raster");
  auto bench = std::make_shared<BenchArgs>();
  CLI::App* b = cmd->add_subcommand(
      "bench", "Solve a published location instance and print objective, bound, gap and time");
  b->add_option("file", bench->file,
                "Instance file (for --format synthetic: NxM:SEED, e.g. 2000x5000:1)")
      ->required();
  b->add_option("--format", bench->request.format, "orlib-pmed | sjc | ails | spopt | synthetic")
      ->required()
      ->check(CLI::IsMember({"orlib-pmed", "sjc", "ails", "spopt", "synthetic"}));
  b->add_option(
       "--model", bench->request.model,
       "pmedian | mclp | pcenter | lscp (default: pmedian for orlib-pmed/spopt, mclp for sjc/ails)")
      ->check(CLI::IsMember({"pmedian", "mclp", "pcenter", "lscp"}));
  b->add_option("--p", bench->p, "Number of facilities (default: the file's, for orlib-pmed)");
  b->add_option("--radius", bench->radius,
                "Coverage radius, in the instance's distance unit (metres for sjc/ails)");
  b->add_option("--time-limit", bench->request.time_limit_s,
                "Seconds before the best solution and bound are reported")
      ->capture_default_str();
  b->add_option("--gap", bench->request.target_gap,
                "Stop once proven within this relative gap (e.g. 0.005)")
      ->capture_default_str();
  b->add_option("--heuristic-seconds", bench->request.heuristic_seconds,
                "mclp: iterated local search + neighbourhood search budget before the MIP "
                "(default: half the limit)");
  b->add_option("--seed", bench->request.seed,
                "mclp: seed of the searches' random choices (another seed, another search path)")
      ->capture_default_str();
  b->add_option("--ils-runs", bench->request.ils_runs,
                "mclp, large models: ILS runs before the neighbourhood search (default 0: as many "
                "as start in the first 40 % of the search; a count gives the same answer on any "
                "machine where each run ends by itself)")
      ->check(CLI::Range(0, 10000));
  b->add_option("--deepen-runs", bench->request.deepen_runs,
                "mclp, large models: the best ILS runs' solutions each given the neighbourhood "
                "search (default 0: as many as the budget gives about four minutes each)")
      ->check(CLI::Range(0, 10000));
  b->add_option("--threads", bench->request.threads,
                "mclp, large models: ILS runs at once (default 0: every core this process may "
                "use; the neighbourhood search after them uses one)")
      ->check(CLI::Range(0, 1024));
  b->add_option("--full-lp", bench->full_lp,
                "Also write the unreduced MIP (spopt's formulation) as an LP file");
  b->add_flag("--json", bench->json, "One JSON line instead of text");
  b->callback([bench, &progress] { run_bench_command(*bench, progress); });
  cmd->callback([args, b, &progress] {
    if (!b->parsed()) run_deploy_command(*args, progress);
  });
}

}  // namespace huxiao::cli
