// `huxiao evac`: an evacuation drill from a floor plan or the teaching-building template, and
// `huxiao evac-bench`: the simulator's speed on a crowded hall of any size.

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "evac/building_template.hpp"
#include "evac/cad_mapping.hpp"
#include "evac/drill.hpp"

namespace huxiao::cli {
namespace {

struct EvacArgs {
  std::string plan;
  std::string cad;
  std::string output = "out/evac";
  std::string model = "csm";
  std::vector<std::string> close;
  std::uint64_t seed = 1;
  double dt = 0.0;
  double max_time = 1800.0;
  double fps = 4.0;
  double cell = 0.1;
  int threads = 0;
  std::string premovement;
  bool use_template = false;
  evac::BuildingTemplate building;
  std::string age = "primary";
  std::string at;
  std::string write_plan;
};

evac::ModelKind model_of(const std::string& text) {
  const auto m = evac::parse_model(text);
  if (!m)
    throw Error(ErrorCode::kBadParameter, fmt::format("unknown model '{}'", text),
                {.fix = "use --model csm or --model sfm"});
  return *m;
}

evac::Plan plan_of(EvacArgs& a) {
  if (a.use_template == !a.plan.empty())
    throw Error(
        ErrorCode::kBadParameter,
        a.use_template ? "give a plan file or --template, not both" : "no plan given",
        {.fix = "huxiao evac PLAN.gpkg -o DIR, or huxiao evac --template [--floors 4 ...] -o DIR"});
  if (!a.use_template) {
    std::optional<evac::CadMapping> cad;
    if (!a.cad.empty()) cad = evac::load_cad_mapping(a.cad);
    evac::Plan plan = evac::read_plan(a.plan, cad ? &*cad : nullptr);
    for (const std::string& note : plan.notes) std::fputs((note + "\n").c_str(), stderr);
    return plan;
  }
  const auto age = evac::parse_age_group(a.age);
  if (!age)
    throw Error(ErrorCode::kBadParameter, fmt::format("unknown age group '{}'", a.age),
                {.fix = "use primary, junior, senior, adult, elderly or impaired"});
  a.building.age = *age;
  if (!a.at.empty()) {
    double lon = 0, lat = 0;
    if (std::sscanf(a.at.c_str(), "%lf,%lf", &lon, &lat) != 2 || lon < -180 || lon > 180 ||
        lat < -85 || lat > 85)
      throw Error(ErrorCode::kBadParameter, fmt::format("cannot read --at '{}'", a.at),
                  {.fix = "write --at LON,LAT in WGS84, e.g. --at 104.07,30.66"});
    a.building.origin = geo::Point{lon, lat};
  }
  return evac::make_teaching_building(a.building);
}

void run_evac(EvacArgs& a, Progress& progress) {
  evac::DrillOptions o;
  o.simulation.model = model_of(a.model);
  o.simulation.seed = a.seed;
  o.simulation.dt = a.dt;
  o.simulation.max_time = a.max_time;
  o.simulation.threads = a.threads;
  o.simulation.navigation.cell = a.cell;
  o.population.seed = a.seed;
  o.trajectory_fps = a.fps;
  if (!a.premovement.empty()) {
    const auto d = evac::parse_distribution(a.premovement);
    if (!d)
      throw Error(
          ErrorCode::kBadParameter, fmt::format("cannot read --premovement '{}'", a.premovement),
          {.fix = "write e.g. 30, uniform:20:60, normal:45:10 or lognormal:40:0.4 (seconds)"});
    o.population.premovement = *d;
  }
  for (const std::string& c : a.close) o.simulation.closures.push_back(evac::parse_closure(c));
  const evac::Plan plan = plan_of(a);
  if (!a.write_plan.empty()) {
    evac::write_plan(plan, a.write_plan);
    std::fputs(fmt::format("wrote the plan to {}\n", a.write_plan).c_str(), stdout);
  }
  const evac::DrillReport r = evac::run_drill(plan, o, a.output, progress);
  const evac::Results& res = r.results;
  std::string text = fmt::format("{}: {} students, model {}, dt {} s\n", plan.name,
                                 r.population.agents.size(), res.model, res.dt);
  text +=
      fmt::format("  out: {} of {}; 50 % after {:.1f} s, 90 % after {:.1f} s, all after {:.1f} s\n",
                  res.evacuated(), r.population.agents.size(), r.t50, r.t90, r.t100);
  if (!res.stuck.empty())
    text += fmt::format("  DEADLOCK: {} students could not get out (see summary.json)\n",
                        res.stuck.size());
  if (!res.trapped.empty())
    text += fmt::format("  {} students were on a stair when it closed\n", res.trapped.size());
  for (const evac::JamSpot& j : r.jams)
    text += fmt::format(
        "  jam near {} ({:.0f}, {:.0f}, z {:.1f}): peak {:.1f} P/m², {:.0f} person-seconds\n",
        j.near, j.at.x, j.at.y, j.z, j.peak_density, j.person_seconds);
  text += fmt::format("  simulated {:.0f} s in {:.2f} s ({:.0f}× real time); files in {}\n",
                      res.end_time, r.wall_seconds, res.end_time / std::max(1e-9, r.wall_seconds),
                      a.output);
  std::fputs(text.c_str(), stdout);
}

struct BenchArgs {
  std::size_t agents = 1000;
  std::string model = "csm";
  int threads = 1;
  double seconds = 20.0;
};

// A hall at RiMEA 9's density (1000 people in 30 × 20 m) scaled to the number of agents, with
// an exit in each wall; everyone walks from t = 0. Reports agent-steps per second.
void run_bench(const BenchArgs& a) {
  require_in_range("agents", static_cast<double>(a.agents), 1, 5'000'000);
  const double scale = std::sqrt(static_cast<double>(a.agents) / 1000.0);
  const double w = 30.0 * scale, h = 20.0 * scale;
  evac::Plan plan;
  plan.name = fmt::format("bench hall {:.0f} × {:.0f} m", w, h);
  plan.walkable.push_back({{{{0, 0}, {w, 0}, {w, h}, {0, h}, {0, 0}}, {}}});
  plan.exits = {{"w", {0, h / 2 - 1}, {0, h / 2 + 1}, 2},
                {"e", {w, h / 2 - 1}, {w, h / 2 + 1}, 2},
                {"s", {w / 2 - 1, 0}, {w / 2 + 1, 0}, 2},
                {"n", {w / 2 - 1, h}, {w / 2 + 1, h}, 2}};
  evac::Room room;
  room.name = "hall";
  room.area = {{{0.5, 0.5}, {w - 0.5, 0.5}, {w - 0.5, h - 0.5}, {0.5, h - 0.5}, {0.5, 0.5}}, {}};
  room.students = static_cast<int>(a.agents);
  room.age = evac::AgeGroup::kAdult;
  room.premovement = evac::Distribution{};
  plan.rooms.push_back(room);
  evac::SimulationOptions o;
  o.model = model_of(a.model);
  o.threads = a.threads;
  o.max_time = a.seconds;
  o.navigation.cell = std::max(0.1, scale * 0.1 / 3.0);
  const auto t0 = std::chrono::steady_clock::now();
  evac::Simulation sim(plan, o);
  sim.add_agents(evac::populate(plan, sim.navigation(), {}));
  const auto t1 = std::chrono::steady_clock::now();
  const evac::Results r = sim.run();
  const auto t2 = std::chrono::steady_clock::now();
  const double setup = std::chrono::duration<double>(t1 - t0).count();
  const double run = std::chrono::duration<double>(t2 - t1).count();
  std::fputs(fmt::format("{} agents, model {}, dt {} s, threads {}: {:.0f} s simulated in {:.2f} s "
                         "(set-up {:.2f} s); "
                         "{} agent-steps, {:.0f} agent-steps/s\n",
                         a.agents, r.model, r.dt, a.threads, r.end_time, run, setup, r.agent_steps,
                         static_cast<double>(r.agent_steps) / run)
                 .c_str(),
             stdout);
}

}  // namespace

void add_evac_command(CLI::App& app, Progress& progress) {
  auto a = std::make_shared<EvacArgs>();
  CLI::App* cmd = app.add_subcommand(
      "evac", "Evacuation drill: simulate students leaving a school building (RiMEA-verified)");
  cmd->add_option(
      "plan", a->plan,
      "Floor plan (GeoPackage, GeoJSON, ...): features with a `role` property, see docs/evac.md");
  cmd->add_option("--cad", a->cad,
                  "For a DXF plan: YAML mapping of CAD layers to roles (docs/evac.md, CAD plans)");
  cmd->add_option("-o,--output", a->output, "Output folder")->capture_default_str();
  cmd->add_option("--model", a->model,
                  "Operational model: csm (collision-free speed) or sfm (social force)")
      ->capture_default_str();
  cmd->add_option("--close", a->close,
                  "Close an exit or stair at a time: NAME@SECONDS (repeatable; stair-E closes a "
                  "whole stairwell)");
  cmd->add_option("--seed", a->seed, "Random seed: the same seed gives the same drill")
      ->capture_default_str();
  cmd->add_option("--dt", a->dt, "Time step, s (0: the model's default)")->capture_default_str();
  cmd->add_option("--max-time", a->max_time, "Stop after this many simulated seconds")
      ->capture_default_str();
  cmd->add_option("--fps", a->fps, "Trajectory frames per second (0: no trajectory file)")
      ->capture_default_str();
  cmd->add_option("--cell", a->cell, "Navigation grid cell, m")->capture_default_str();
  cmd->add_option("--threads", a->threads, "Worker threads (0: all cores)")->capture_default_str();
  cmd->add_option(
      "--premovement", a->premovement,
      "Pre-movement time distribution, e.g. uniform:20:60, normal:45:10, lognormal:40:0.4");
  cmd->add_flag("--template", a->use_template,
                "Use the teaching-building template instead of a plan file");
  cmd->add_option("--floors", a->building.floors, "Template: floors")->capture_default_str();
  cmd->add_option("--classes-per-floor", a->building.classrooms_per_floor,
                  "Template: classrooms per floor")
      ->capture_default_str();
  cmd->add_option("--class-size", a->building.class_size, "Template: students per class")
      ->capture_default_str();
  cmd->add_option("--corridor-width", a->building.corridor_width, "Template: corridor width, m")
      ->capture_default_str();
  cmd->add_option("--stairwells", a->building.stairwells, "Template: stairwells (1 or 2)")
      ->capture_default_str();
  cmd->add_option("--stair-width", a->building.stair_width, "Template: stair flight width, m")
      ->capture_default_str();
  cmd->add_option("--exits", a->building.exits, "Template: ground-floor exits")
      ->capture_default_str();
  cmd->add_option("--exit-width", a->building.exit_width, "Template: exit width, m")
      ->capture_default_str();
  cmd->add_option("--release-per-floor", a->building.release_per_floor,
                  "Template: staged release, s per floor")
      ->capture_default_str();
  cmd->add_option("--age", a->age, "Template: age group (primary, junior, senior, adult)")
      ->capture_default_str();
  cmd->add_option("--at", a->at,
                  "Template: place the building at LON,LAT (WGS84; output in that UTM zone)");
  cmd->add_option("--write-plan", a->write_plan,
                  "Also write the plan as a GeoPackage that QGIS opens and `evac` reads");
  cmd->callback([a, &progress] { run_evac(*a, progress); });

  auto b = std::make_shared<BenchArgs>();
  CLI::App* bench = app.add_subcommand(
      "evac-bench", "Speed of the evacuation simulator: agent-steps per second on a crowded hall");
  bench->add_option("--agents", b->agents, "Number of agents")->capture_default_str();
  bench->add_option("--model", b->model, "csm or sfm")->capture_default_str();
  bench->add_option("--threads", b->threads, "Worker threads (0: all cores)")
      ->capture_default_str();
  bench->add_option("--seconds", b->seconds, "Simulated seconds")->capture_default_str();
  bench->callback([b] { run_bench(*b); });
}

}  // namespace huxiao::cli
