#include "evac/drill.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "io/geopackage.hpp"
#include "io/heatmap_writer.hpp"
#include "model/table.hpp"

namespace huxiao::evac {

Closure parse_closure(std::string_view text) {
  const auto at = text.rfind('@');
  Closure c{std::string(text.substr(0, at)), 0.0};
  if (at != std::string_view::npos) {
    const std::string t(text.substr(at + 1));
    char* end = nullptr;
    c.time = std::strtod(t.c_str(), &end);
    if (t.empty() || end != t.c_str() + t.size() || !(c.time >= 0.0))
      throw Error(
          ErrorCode::kBadParameter, fmt::format("cannot read the closing time in '{}'", text),
          {.fix = "write --close NAME@SECONDS, e.g. --close stair-E@0 or --close exit-W@60"});
  }
  if (c.name.empty())
    throw Error(ErrorCode::kBadParameter, fmt::format("no exit or stair named in '{}'", text),
                {.fix = "write --close NAME@SECONDS with the exit's or stair's name"});
  return c;
}

namespace {

// [SECTION] tables

model::Table agents_table(const Plan& plan, const Population& pop, const Results& r) {
  using model::ColumnType;
  model::Table t{"agents",
                 model::GeometryKind::kNone,
                 {{"id", ColumnType::kInteger},
                  {"class", ColumnType::kText},
                  {"speed", ColumnType::kReal},
                  {"premovement", ColumnType::kReal},
                  {"exit", ColumnType::kText},
                  {"time", ColumnType::kReal}},
                 {}};
  for (std::size_t i = 0; i < pop.agents.size(); ++i) {
    const AgentSpec& a = pop.agents[i];
    model::Row row;
    row.values = {static_cast<std::int64_t>(i + 1),
                  pop.groups[static_cast<std::size_t>(a.group)],
                  a.v0,
                  a.premovement,
                  r.exit_used[i] >= 0
                      ? model::Value(plan.exits[static_cast<std::size_t>(r.exit_used[i])].name)
                      : model::Value(),
                  std::isfinite(r.exit_time[i]) ? model::Value(r.exit_time[i]) : model::Value()};
    t.rows.push_back(std::move(row));
  }
  return t;
}

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const auto k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size()))) - 1;
  return v[std::min(k, v.size() - 1)];
}

model::Table classes_table(const Population& pop, const Results& r) {
  using model::ColumnType;
  model::Table t{"classes",
                 model::GeometryKind::kNone,
                 {{"class", ColumnType::kText},
                  {"students", ColumnType::kInteger},
                  {"out", ColumnType::kInteger},
                  {"first_out", ColumnType::kReal},
                  {"t50", ColumnType::kReal},
                  {"t90", ColumnType::kReal},
                  {"t100", ColumnType::kReal}},
                 {}};
  std::vector<std::vector<double>> times(pop.groups.size());
  std::vector<std::int64_t> count(pop.groups.size(), 0);
  for (std::size_t i = 0; i < pop.agents.size(); ++i) {
    const auto g = static_cast<std::size_t>(pop.agents[i].group);
    ++count[g];
    if (std::isfinite(r.exit_time[i])) times[g].push_back(r.exit_time[i]);
  }
  for (std::size_t g = 0; g < pop.groups.size(); ++g) {
    if (count[g] == 0) continue;
    const bool all = static_cast<std::int64_t>(times[g].size()) == count[g];
    const auto opt = [](double v) { return std::isfinite(v) ? model::Value(v) : model::Value(); };
    model::Row row;
    row.values = {
        pop.groups[g],
        count[g],
        static_cast<std::int64_t>(times[g].size()),
        opt(times[g].empty() ? std::nan("") : *std::min_element(times[g].begin(), times[g].end())),
        opt(quantile(times[g], 0.5)),
        opt(quantile(times[g], 0.9)),
        all ? opt(quantile(times[g], 1.0)) : model::Value()};
    t.rows.push_back(std::move(row));
  }
  return t;
}

model::Table flow_table(const Plan& plan, const Results& r, double bin) {
  using model::ColumnType;
  model::Table t{"exit_flow",
                 model::GeometryKind::kNone,
                 {{"exit", ColumnType::kText},
                  {"t_start", ColumnType::kReal},
                  {"t_end", ColumnType::kReal},
                  {"persons", ColumnType::kInteger},
                  {"flow", ColumnType::kReal},
                  {"specific_flow", ColumnType::kReal}},
                 {}};
  const int bins = std::max(1, static_cast<int>(std::ceil(r.end_time / bin)));
  for (std::size_t e = 0; e < plan.exits.size(); ++e) {
    std::vector<std::int64_t> n(static_cast<std::size_t>(bins), 0);
    for (const Crossing& c : r.exit_crossings[e])
      if (c.direction > 0) ++n[std::min(static_cast<std::size_t>(c.time / bin), n.size() - 1)];
    for (int b = 0; b < bins; ++b) {
      const double flow = static_cast<double>(n[static_cast<std::size_t>(b)]) / bin;
      model::Row row;
      row.values = {
          plan.exits[e].name,        b * bin, (b + 1) * bin, n[static_cast<std::size_t>(b)], flow,
          flow / plan.exits[e].width};
      t.rows.push_back(std::move(row));
    }
  }
  return t;
}

// [SECTION] jam spots

std::string nearest_feature(const Plan& plan, geo::Point p) {
  std::string best;
  double best_d = 1e300;
  const auto consider = [&](const std::string& name, geo::Point q, double bonus) {
    const double d = geo::distance(p, q) - bonus;
    if (d < best_d) {
      best_d = d;
      best = name;
    }
  };
  for (const Stair& s : plan.stairs)
    consider("stair " + s.name, geo::centroid(geo::MultiPolygon{s.area}), 2.0);
  for (const Exit& e : plan.exits)
    consider("exit " + e.name, {(e.a.x + e.b.x) / 2, (e.a.y + e.b.y) / 2}, 2.0);
  for (const Room& r : plan.rooms)
    if (geo::contains(r.area, p)) consider("room " + r.name, p, 0.0);
  return best;
}

std::vector<JamSpot> find_jams(const Plan& plan, const Navigation& nav, const DensityGrid& d,
                               double threshold_density) {
  std::vector<std::size_t> order;
  for (std::size_t c = 0; c < d.peak.size(); ++c)
    if (d.peak[c] >= threshold_density) order.push_back(c);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return d.integrated[a] > d.integrated[b]; });
  std::vector<JamSpot> jams;
  for (std::size_t c : order) {
    const geo::Point p{
        d.x0 + (static_cast<double>(c % static_cast<std::size_t>(d.nx)) + 0.5) * d.cell,
        d.y0 + (static_cast<double>(c / static_cast<std::size_t>(d.nx)) + 0.5) * d.cell};
    // One spot per place: skip cells within 5 m of a stronger one.
    if (std::any_of(jams.begin(), jams.end(),
                    [&](const JamSpot& j) { return geo::distance(j.at, p) < 5.0; }))
      continue;
    jams.push_back({p, nav.z_at(p.x, p.y), d.peak[c], d.integrated[c] * d.cell * d.cell,
                    nearest_feature(plan, p)});
    if (jams.size() == 5) break;
  }
  return jams;
}

// [SECTION] files

io::HeatmapGrid raster_of(const DensityGrid& d, const std::vector<float>& values) {
  return {d.x0, d.y0, d.cell, d.nx, d.ny, values};
}

nlohmann::json summary_json(const Plan& plan, const DrillOptions& o, const DrillReport& r,
                            const Simulation& sim) {
  using nlohmann::json;
  const auto num = [](double v) {
    return std::isfinite(v) ? json(std::round(v * 100.0) / 100.0) : json(nullptr);
  };
  json exits = json::array();
  for (std::size_t e = 0; e < plan.exits.size(); ++e) {
    std::int64_t n = 0;
    double first = 1e300, last = 0;
    for (const Crossing& c : r.results.exit_crossings[e])
      if (c.direction > 0) {
        ++n;
        first = std::min(first, c.time);
        last = std::max(last, c.time);
      }
    const bool closed = std::any_of(o.simulation.closures.begin(), o.simulation.closures.end(),
                                    [&](const Closure& c) { return c.name == plan.exits[e].name; });
    exits.push_back(
        {{"name", plan.exits[e].name},
         {"width_m", plan.exits[e].width},
         {"persons", n},
         {"closed", closed},
         {"mean_flow_p_per_s",
          n > 1 ? num(static_cast<double>(n - 1) / std::max(1e-9, last - first)) : json(nullptr)}});
  }
  json jams = json::array();
  for (const JamSpot& j : r.jams)
    jams.push_back({{"x", num(j.at.x)},
                    {"y", num(j.at.y)},
                    {"z", num(j.z)},
                    {"near", j.near},
                    {"peak_density_p_per_m2", num(j.peak_density)},
                    {"person_seconds", num(j.person_seconds)}});
  json closures = json::array();
  for (const Closure& c : o.simulation.closures)
    closures.push_back({{"name", c.name}, {"time_s", c.time}});
  const Results& res = r.results;
  return {{"plan", plan.name},
          {"model", res.model},
          {"dt_s", res.dt},
          {"seed", o.simulation.seed},
          {"students", r.population.agents.size()},
          {"evacuated", res.evacuated()},
          {"deadlocked", res.stuck.size()},
          {"trapped_by_closures", res.trapped.size()},
          {"t50_s", num(r.t50)},
          {"t90_s", num(r.t90)},
          {"t100_s", num(r.t100)},
          {"simulated_s", num(res.end_time)},
          {"closures", closures},
          {"exits", exits},
          {"jams", jams},
          {"target", sim.navigation().targets_are_exits() ? "exits" : "assembly areas"},
          {"agent_steps", res.agent_steps},
          {"wall_clock_s", num(r.wall_seconds)},
          {"realtime_factor", num(res.end_time / std::max(1e-9, r.wall_seconds))},
          {"wall_blocks", res.wall_blocks},
          {"plan_notes", plan.notes}};
}

}  // namespace

DrillReport run_drill(const Plan& plan, const DrillOptions& options,
                      const std::filesystem::path& out_dir, Progress& progress) {
  validate(plan);
  require_in_range("trajectory_fps", options.trajectory_fps, 0.0, 100.0);
  require_positive("flow_bin", options.flow_bin);
  Simulation sim(plan, options.simulation);
  sim.navigation().check_reachable(plan);
  DrillReport report;
  report.population = populate(plan, sim.navigation(), options.population);
  sim.add_agents(report.population);
  std::filesystem::create_directories(out_dir);

  // Trajectories stream to a temporary file during the run and appear only when complete.
  std::unique_ptr<AtomicOutput> traj_out;
  std::ofstream traj;
  if (options.trajectory_fps > 0.0) {
    traj_out = std::make_unique<AtomicOutput>(out_dir / "trajectories.txt");
    traj.open(traj_out->temp_path());
    const int every =
        std::max(1, static_cast<int>(std::lround(1.0 / (options.trajectory_fps * sim.dt()))));
    const double fps = 1.0 / (every * sim.dt());
    traj << fmt::format(
        "# huxiao evacuation drill: {}\n# framerate: {}\n# unit: m\n# model: {}\n# id frame x y "
        "z\n",
        plan.name, fps,
        sim.dt() > 0 ? options.simulation.model == ModelKind::kCsm ? "csm" : "sfm" : "");
    sim.on_frame(every, [&traj](const FrameView& f) {
      const Agents& a = f.agents;
      for (std::size_t i = 0; i < a.size(); ++i)
        if (a.present[i])
          traj << fmt::format("{}\t{}\t{:.3f}\t{:.3f}\t{:.2f}\n", i + 1, f.frame, a.x[i], a.y[i],
                              f.navigation.z_at(a.x[i], a.y[i]));
    });
  }
  const auto start = std::chrono::steady_clock::now();
  report.results = sim.run(progress);
  report.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.t50 = report.results.time_to_fraction(0.5);
  report.t90 = report.results.time_to_fraction(0.9);
  report.t100 = report.results.time_to_fraction(1.0);
  report.jams = find_jams(plan, sim.navigation(), report.results.density, options.jam_density);

  const DensityGrid& d = report.results.density;
  const auto file = [&](const char* name) {
    report.files.push_back(out_dir / name);
    return out_dir / name;
  };
  io::write_csv(file("agents.csv"), agents_table(plan, report.population, report.results));
  io::write_csv(file("classes.csv"), classes_table(report.population, report.results));
  io::write_csv(file("exit_flow.csv"), flow_table(plan, report.results, options.flow_bin));
  io::write_cog(file("density_peak.tif"), raster_of(d, d.peak), plan.crs);
  io::write_cog(file("density_time.tif"), raster_of(d, d.integrated), plan.crs);
  io::write_heatmap_png(file("density_peak.png"), raster_of(d, d.peak), 5.0);
  const float most =
      d.integrated.empty() ? 1.0f : *std::max_element(d.integrated.begin(), d.integrated.end());
  io::write_heatmap_png(file("density_time.png"), raster_of(d, d.integrated),
                        std::max(1.0, static_cast<double>(most)));
  if (traj_out) {
    traj.close();
    if (!traj)
      throw Error(ErrorCode::kWriteFailed, "cannot write the trajectories",
                  {.file = traj_out->target().string()});
    traj_out->commit();
    report.files.push_back(out_dir / "trajectories.txt");
  }
  write_text_file_atomic(file("summary.json"),
                         summary_json(plan, options, report, sim).dump(2) + "\n");
  return report;
}

}  // namespace huxiao::evac
