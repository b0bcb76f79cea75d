#include "network/analysis.hpp"

#include <map>

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include "core/error.hpp"
#include "network/graph.hpp"
#include "network/outputs.hpp"
#include "network/query.hpp"
#include "network/snap.hpp"
#include "store/project_store.hpp"

namespace huxiao::network {
namespace {

const std::vector<std::string> kModes = {"walk", "drive"};

Mode read_mode(scenario::Section& s, Mode fallback) {
  const auto m = s.optional_choice("profile", kModes);
  return m ? *parse_mode(*m) : fallback;
}

}  // namespace

NetworkSettings parse_settings(scenario::Section& section) {
  NetworkSettings out;
  out.walk_speed = section.optional_double("walk_speed", scenario::NumberRange::between(0.1, 5.0))
                       .value_or(out.walk_speed);
  out.children = section.optional_bool("children").value_or(false);
  out.measured_speeds = section.optional_path("measured_speeds", true);
  out.max_snap_m = section.optional_double("max_snap_m", scenario::NumberRange::positive())
                       .value_or(out.max_snap_m);
  out.main_component = section.optional_bool("main_component").value_or(true);
  for (auto& m : section.optional_section_list("matrices")) {
    MatrixJob job;
    job.line = m.line();
    job.from = m.required_string("from");
    job.to = m.required_string("to");
    job.mode = read_mode(m, Mode::kDrive);
    job.at = m.optional_time("at");
    job.cutoff_min = m.optional_double("cutoff_min", scenario::NumberRange::non_negative());
    job.output = m.optional_string("output").value_or(
        fmt::format("matrix_{}_{}_{}.csv", job.from, job.to, to_string(job.mode)));
    const auto ext = std::filesystem::path(job.output).extension();
    if (ext != ".csv" && ext != ".bin")
      m.fail("output", "the matrix file must end in .csv or .bin");
    out.matrices.push_back(std::move(job));
  }
  for (auto& i : section.optional_section_list("isochrones")) {
    IsochroneJob job;
    job.line = i.line();
    job.from = i.required_string("from");
    job.mode = read_mode(i, Mode::kWalk);
    job.at = i.optional_time("at");
    if (auto minutes = i.optional_double_list("minutes")) {
      if (minutes->empty())
        i.fail("minutes", "give at least one time limit", "e.g. minutes: [5, 10, 15]");
      for (double v : *minutes) {
        if (!(v > 0.0)) i.fail("minutes", fmt::format("{} is not a positive number of minutes", v));
      }
      job.minutes = *minutes;
    }
    job.buffer_m =
        i.optional_double("buffer_m", scenario::NumberRange::positive()).value_or(job.buffer_m);
    out.isochrones.push_back(std::move(job));
  }
  return out;
}

void register_section(scenario::SectionRegistry& registry) {
  registry.add(std::string(kSectionName), [](scenario::Section& s) { return parse_settings(s); });
}

std::vector<std::string> run_analysis(const scenario::Scenario& scenario,
                                      const NetworkSettings& settings,
                                      const std::filesystem::path& store,
                                      const std::filesystem::path& output_dir, Progress& progress) {
  const model::Project project = store::read_project(store, {}, progress);
  std::vector<MeasuredSpeed> measured;
  if (settings.measured_speeds) measured = read_measured_speeds(*settings.measured_speeds);

  // One graph (and snapping index) per profile and time of day the jobs ask for.
  struct Built {
    Graph graph;
    std::unique_ptr<Snapper> snapper;
  };
  std::map<std::pair<Mode, int>, Built> graphs;
  auto graph_for = [&](Mode mode, std::optional<model::TimeOfDay> at) -> Built& {
    const auto key = std::make_pair(mode, at ? at->minutes : -1);
    auto it = graphs.find(key);
    if (it == graphs.end()) {
      Profile p = mode == Mode::kWalk
                      ? Profile::walking(settings.children ? kChildWalkSpeed : settings.walk_speed)
                      : Profile::driving(at);
      p.measured = measured;
      it = graphs.emplace(key, Built{build_graph(project.roads, p, progress), nullptr}).first;
      // The snapper keeps a pointer to the graph: build it once the graph sits in the map.
      it->second.snapper =
          std::make_unique<Snapper>(it->second.graph, 0.0, settings.main_component);
    }
    return it->second;
  };

  std::vector<std::string> notes;
  auto snap = [&](const Built& b, const std::vector<Place>& places, const std::string& layer) {
    SnapResult r = b.snapper->snap_all(places, settings.max_snap_m);
    if (!r.unsnapped.empty()) {
      notes.push_back(fmt::format("network: {} of {} in '{}' farther than {:g} m from a road: {}",
                                  r.unsnapped.size(), places.size(), layer, settings.max_snap_m,
                                  r.unsnapped_summary(places)));
    }
    return r;
  };

  for (const MatrixJob& job : settings.matrices) {
    Built& b = graph_for(job.mode, job.at);
    const auto origins = read_places(store, job.from);
    const auto destinations = read_places(store, job.to);
    const auto os = snap(b, origins, job.from);
    const auto ds = snap(b, destinations, job.to);
    const double cutoff = job.cutoff_min ? *job.cutoff_min * 60.0 : kUnreachable;
    const Matrix m = matrix(b.graph, os.locations, ds.locations, cutoff, progress);
    const auto file = output_dir / job.output;
    if (file.extension() == ".bin") {
      write_matrix_binary(file, m, origins, destinations, os, ds);
    } else {
      write_matrix_csv(file, m, origins, destinations, os, ds);
    }
    std::size_t reached = 0;
    for (double s : m.seconds) reached += s != kUnreachable;
    notes.push_back(fmt::format(
        "network: {} x {} {} matrix {} -> {}: {} of {} pairs reachable ({})", m.rows, m.cols,
        to_string(job.mode), job.from, job.to, reached, m.seconds.size(), file.string()));
  }

  std::map<Mode, std::vector<IsochroneRow>> iso_rows;
  std::vector<std::vector<Place>> keep_places;  // rows point into these
  keep_places.reserve(settings.isochrones.size());
  for (const IsochroneJob& job : settings.isochrones) {
    Built& b = graph_for(job.mode, job.at);
    keep_places.push_back(read_places(store, job.from));
    const auto& places = keep_places.back();
    const auto snaps = snap(b, places, job.from);
    std::vector<std::pair<std::size_t, double>> work;
    for (std::size_t i = 0; i < places.size(); ++i) {
      for (double minutes : job.minutes) {
        if (snaps.locations[i]) work.emplace_back(i, minutes);
      }
    }
    std::vector<IsochroneRow> rows(work.size());
    ProgressTask task(progress, fmt::format("isochrones from {}", job.from), work.size());
    tbb::parallel_for(std::size_t{0}, work.size(), [&](std::size_t k) {
      const auto [i, minutes] = work[k];
      rows[k] = {&places[i], isochrone(b.graph, *snaps.locations[i], minutes * 60.0, job.buffer_m)};
    });
    task.update(work.size());
    auto& all = iso_rows[job.mode];
    all.insert(all.end(), std::make_move_iterator(rows.begin()),
               std::make_move_iterator(rows.end()));
  }
  std::vector<model::Table> tables;
  for (const auto& [mode, rows] : iso_rows) {
    tables.push_back(isochrone_table(fmt::format("isochrones_{}", to_string(mode)), mode, rows));
    notes.push_back(fmt::format("network: {} {} isochrones in layer {}", rows.size(),
                                to_string(mode), tables.back().name));
  }
  if (!tables.empty()) store::write_layers(store, tables, progress);
  if (!notes.empty())
    notes.insert(notes.begin(), fmt::format("network analysis of scenario '{}'", scenario.name));
  return notes;
}

}  // namespace huxiao::network
