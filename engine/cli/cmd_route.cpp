// `huxiao route …`: travel times on the road network (engine/network/).

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <random>

#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "cli/commands.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "network/contraction.hpp"
#include "network/graph.hpp"
#include "network/outputs.hpp"
#include "network/query.hpp"
#include "network/snap.hpp"
#include "store/project_store.hpp"

namespace huxiao::cli {
namespace {

void print(const std::string& s) {
  std::fputs(s.c_str(), stdout);
}

class Stopwatch {
 public:
  double lap() {
    const auto now = std::chrono::steady_clock::now();
    const double s = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    return s;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// [SECTION] options every subcommand shares

struct GraphArgs {
  std::string store;
  std::string profile = "walk";
  std::string at;
  double walk_speed = network::kAdultWalkSpeed;
  bool children = false;
  std::string speeds;
};

void add_graph_options(CLI::App* cmd, GraphArgs& a) {
  cmd->add_option("store", a.store, "Project store (.gpkg)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--profile", a.profile, "walk or drive")->capture_default_str();
  cmd->add_option("--at", a.at,
                  "Time of day for driving, e.g. 07:30 (peak factors apply); default free flow");
  cmd->add_option("--walk-speed", a.walk_speed, "Walking speed in m/s")->capture_default_str();
  cmd->add_flag("--children", a.children, "Walk at children's speed (1.0 m/s)");
  cmd->add_option("--speeds", a.speeds, "CSV of measured speeds: road_id,speed_kmh[,from,to]");
}

network::Profile make_profile(const GraphArgs& a) {
  const auto mode = network::parse_mode(a.profile);
  if (!mode) {
    throw Error(ErrorCode::kBadParameter, fmt::format("unknown profile '{}'", a.profile),
                {.fix = "use --profile walk or --profile drive"});
  }
  network::Profile p =
      *mode == network::Mode::kWalk
          ? network::Profile::walking(a.children ? network::kChildWalkSpeed : a.walk_speed)
          : network::Profile::driving();
  if (!a.at.empty()) {
    p.at = model::TimeOfDay::parse(a.at);
    if (!p.at) {
      throw Error(ErrorCode::kBadParameter, fmt::format("'{}' is not a time of day", a.at),
                  {.fix = "give the time as HH:MM, e.g. --at 07:30"});
    }
  }
  if (!a.speeds.empty()) p.measured = network::read_measured_speeds(a.speeds);
  return p;
}

struct SnapArgs {
  double max_snap = network::kDefaultMaxSnap;
  bool main_component = false;
};

void add_snap_options(CLI::App* cmd, SnapArgs& a) {
  cmd->add_option("--max-snap", a.max_snap, "Largest distance (m) from a place to a road")
      ->capture_default_str();
  cmd->add_flag("--main-component", a.main_component,
                "Snap only onto the largest connected part of the network (skips islands such as "
                "campus lanes cut off from the streets)");
}

struct Loaded {
  model::Project project;
  network::Graph graph;
  double load_s = 0.0;
  double build_s = 0.0;
};

Loaded load_graph(const GraphArgs& a, Progress& progress) {
  const network::Profile profile = make_profile(a);
  Stopwatch sw;
  Loaded l;
  l.project = store::read_project(a.store, {}, progress);
  l.load_s = sw.lap();
  l.graph = network::build_graph(l.project.roads, profile, progress);
  l.build_s = sw.lap();
  if (l.graph.edge_count() == 0) {
    throw Error(ErrorCode::kEmptyInput,
                fmt::format("the store has no roads usable for {}", a.profile),
                {.file = a.store, .fix = "import a road layer (OSM highway=*) into the store"});
  }
  return l;
}

network::SnapResult snap_reported(const network::Snapper& snapper,
                                  const std::vector<network::Place>& places,
                                  const std::string& layer, double max_snap) {
  auto r = snapper.snap_all(places, max_snap);
  if (!r.unsnapped.empty()) {
    print(fmt::format("  {} of {} in '{}' are more than {:g} m from any road, not snapped: {}\n",
                      r.unsnapped.size(), places.size(), layer, max_snap,
                      r.unsnapped_summary(places)));
  }
  return r;
}

// [SECTION] route stats / export-graph

void run_stats(const GraphArgs& a, Progress& progress) {
  const Loaded l = load_graph(a, progress);
  const auto s = l.graph.stats();
  print(fmt::format("{} graph of {} ({} roads in the store)\n", a.profile, a.store,
                    l.project.roads.size()));
  print(fmt::format("  nodes {}, edges {}, arcs {}, length {:.1f} km\n", s.nodes, s.edges, s.arcs,
                    s.total_length_km));
  print(fmt::format(
      "  connected components {} (largest {} nodes, {:.1f} %)\n", s.components, s.largest_component,
      s.nodes ? 100.0 * static_cast<double>(s.largest_component) / static_cast<double>(s.nodes)
              : 0.0));
  print(fmt::format("  strongly connected components {} (largest {} nodes)\n", s.strong_components,
                    s.largest_strong_component));
  print(fmt::format("  timing: read store {:.3f} s, build graph {:.3f} s\n", l.load_s, l.build_s));
}

struct ExportArgs {
  GraphArgs graph;
  std::string arcs = "out/graph_arcs.csv";
  std::string nodes;
};

void run_export(const ExportArgs& a, Progress& progress) {
  const Loaded l = load_graph(a.graph, progress);
  const std::string nodes = a.nodes.empty() ? a.arcs + ".nodes.csv" : a.nodes;
  network::export_graph(l.graph, a.arcs, nodes);
  print(fmt::format("wrote {} ({} arcs) and {} ({} nodes)\n", a.arcs, l.graph.arc_count(), nodes,
                    l.graph.node_count()));
}

// [SECTION] route matrix

struct MatrixArgs {
  GraphArgs graph;
  std::string from;
  std::string to;
  std::string output;
  SnapArgs snap;
  std::optional<double> cutoff_min;
  std::string method = "auto";
  std::string hierarchy;  // a prepared hierarchy (route prepare): no preprocessing
};

network::MatrixMethod parse_method(const std::string& text) {
  if (text == "auto") return network::MatrixMethod::kAuto;
  if (text == "dijkstra") return network::MatrixMethod::kDijkstra;
  if (text == "ch") return network::MatrixMethod::kContraction;
  if (text == "core") return network::MatrixMethod::kCoreContraction;
  if (text == "skeleton") return network::MatrixMethod::kSkeleton;
  throw Error(ErrorCode::kBadParameter, fmt::format("unknown matrix method '{}'", text),
              {.fix = "use --method auto, dijkstra, skeleton, ch or core"});
}

double cpu_since(std::clock_t c0) {
  return static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
}

void run_matrix(const MatrixArgs& a, Progress& progress) {
  const Loaded l = load_graph(a.graph, progress);
  Stopwatch sw;
  const auto origins = network::read_places(a.graph.store, a.from);
  const auto destinations = network::read_places(a.graph.store, a.to);
  const network::Snapper snapper(l.graph, 0.0, a.snap.main_component);
  const auto os = snap_reported(snapper, origins, a.from, a.snap.max_snap);
  const auto ds = snap_reported(snapper, destinations, a.to, a.snap.max_snap);
  const double snap_s = sw.lap();
  const double cutoff = a.cutoff_min ? *a.cutoff_min * 60.0 : network::kUnreachable;
  network::MatrixMethod method = parse_method(a.method);
  if (method == network::MatrixMethod::kAuto)
    method =
        network::choose_matrix_method(os.locations, ds.locations, cutoff, l.graph.node_count());
  // The hierarchy is built here rather than inside matrix() so its time shows on its own line.
  std::optional<network::ContractionHierarchy> ch;
  std::string ch_line;
  if (!a.hierarchy.empty()) {
    const std::clock_t c0 = std::clock();
    ch.emplace(network::ContractionHierarchy::load(l.graph, a.hierarchy));
    ch_line =
        fmt::format("  loaded the prepared contraction hierarchy {} in {:.3f} s (CPU {:.3f} s)\n",
                    a.hierarchy, sw.lap(), cpu_since(c0));
  } else if (method == network::MatrixMethod::kContraction ||
             method == network::MatrixMethod::kCoreContraction) {
    const std::clock_t c0 = std::clock();
    ch.emplace(l.graph, progress, network::contraction_options(method));
    ch_line = fmt::format(
        "  contraction hierarchy {:.3f} s (CPU {:.3f} s): {} shortcuts, {} rounds, {} upward and "
        "{} downward arcs, {} core nodes\n",
        sw.lap(), cpu_since(c0), ch->stats().shortcuts, ch->stats().rounds, ch->stats().upward_arcs,
        ch->stats().downward_arcs, ch->stats().core_nodes);
  }
  const std::clock_t c0 = std::clock();
  // The skeleton is built inside matrix(): its time counts in the matrix's.
  const network::Matrix m =
      ch ? network::matrix(*ch, os.locations, ds.locations, cutoff, progress)
         : network::matrix(l.graph, os.locations, ds.locations, cutoff, progress, method);
  const double matrix_s = sw.lap();
  const double matrix_cpu_s = cpu_since(c0);
  if (std::filesystem::path(a.output).extension() == ".bin") {
    network::write_matrix_binary(a.output, m, origins, destinations, os, ds);
  } else {
    network::write_matrix_csv(a.output, m, origins, destinations, os, ds);
  }
  const double write_s = sw.lap();
  std::size_t reached = 0;
  for (double s : m.seconds) reached += s != network::kUnreachable;
  print(fmt::format("{} x {} {} matrix ({} -> {}, {}): {} of {} pairs reachable; wrote {}\n",
                    m.rows, m.cols, a.graph.profile, a.from, a.to,
                    method == network::MatrixMethod::kSkeleton ? "skeleton"
                    : !ch                                      ? "Dijkstra"
                    : ch->stats().core_nodes > 0               ? "contraction hierarchy with a core"
                                                               : "contraction hierarchy",
                    reached, m.seconds.size(), a.output));
  print(ch_line);
  print(
      fmt::format("  timing: read store {:.3f} s, build graph {:.3f} s, snap {:.3f} s, matrix "
                  "{:.4f} s (CPU {:.4f} s, {} threads), write {:.3f} s\n",
                  l.load_s, l.build_s, snap_s, matrix_s, matrix_cpu_s,
                  tbb::this_task_arena::max_concurrency(), write_s));
}

// [SECTION] route prepare

struct PrepareArgs {
  GraphArgs graph;
  std::string output;
  std::string method = "ch";
};

void run_prepare(const PrepareArgs& a, Progress& progress) {
  const network::MatrixMethod method = parse_method(a.method);
  if (method != network::MatrixMethod::kContraction &&
      method != network::MatrixMethod::kCoreContraction) {
    throw Error(ErrorCode::kBadParameter, "route prepare builds a contraction hierarchy",
                {.fix = "use --method ch or core"});
  }
  const Loaded l = load_graph(a.graph, progress);
  Stopwatch sw;
  const std::clock_t c0 = std::clock();
  const network::ContractionHierarchy ch(l.graph, progress, network::contraction_options(method));
  const double build_s = sw.lap();
  const double build_cpu_s = cpu_since(c0);
  ch.save(a.output);
  print(fmt::format(
      "wrote {}: contraction hierarchy of the {} graph, {} shortcuts, {} core nodes; built in "
      "{:.3f} s (CPU {:.3f} s), saved in {:.3f} s\n",
      a.output, a.graph.profile, ch.stats().shortcuts, ch.stats().core_nodes, build_s, build_cpu_s,
      sw.lap()));
}

// [SECTION] route isochrone

struct IsochroneArgs {
  GraphArgs graph;
  std::string from;
  std::vector<double> minutes = {5, 10, 15};
  double buffer = 50.0;
  SnapArgs snap;
  std::string layer;
};

void run_isochrone(const IsochroneArgs& a, Progress& progress) {
  const Loaded l = load_graph(a.graph, progress);
  for (double m : a.minutes)
    require_positive("isochrone minutes", m, "give minutes such as 5,10,15");
  const auto places = network::read_places(a.graph.store, a.from);
  const network::Snapper snapper(l.graph, 0.0, a.snap.main_component);
  const auto snaps = snap_reported(snapper, places, a.from, a.snap.max_snap);
  std::vector<std::pair<std::size_t, double>> jobs;
  for (std::size_t i = 0; i < places.size(); ++i) {
    if (!snaps.locations[i]) continue;
    for (double m : a.minutes) jobs.emplace_back(i, m);
  }
  std::vector<network::IsochroneRow> rows(jobs.size());
  Stopwatch sw;
  {
    ProgressTask task(progress, "isochrones", jobs.size());
    tbb::parallel_for(std::size_t{0}, jobs.size(), [&](std::size_t j) {
      const auto [i, m] = jobs[j];
      rows[j] = {&places[i], network::isochrone(l.graph, *snaps.locations[i], m * 60.0, a.buffer)};
    });
    task.update(jobs.size());
  }
  const double iso_s = sw.lap();
  const std::string layer = a.layer.empty() ? "isochrones_" + a.graph.profile : a.layer;
  store::write_layers(a.graph.store,
                      {network::isochrone_table(layer, l.graph.profile().mode, rows)}, progress);
  print(fmt::format("wrote layer '{}' to {}: {} isochrones ({} places x {} limits) in {:.3f} s\n",
                    layer, a.graph.store, rows.size(), places.size() - snaps.unsnapped.size(),
                    a.minutes.size(), iso_s));
}

// [SECTION] route path: each origin to its nearest destination

struct PathArgs {
  GraphArgs graph;
  std::string from;
  std::string to;
  SnapArgs snap;
  std::string layer;
};

void run_path(const PathArgs& a, Progress& progress) {
  const Loaded l = load_graph(a.graph, progress);
  const auto origins = network::read_places(a.graph.store, a.from);
  const auto destinations = network::read_places(a.graph.store, a.to);
  const network::Snapper snapper(l.graph, 0.0, a.snap.main_component);
  const auto os = snap_reported(snapper, origins, a.from, a.snap.max_snap);
  const auto ds = snap_reported(snapper, destinations, a.to, a.snap.max_snap);
  const network::Matrix m =
      network::matrix(l.graph, os.locations, ds.locations, network::kUnreachable, progress);
  std::vector<std::optional<network::RouteRow>> found(origins.size());
  tbb::parallel_for(std::size_t{0}, origins.size(), [&](std::size_t r) {
    std::size_t best = m.cols;
    for (std::size_t c = 0; c < m.cols; ++c) {
      if (m.at(r, c) != network::kUnreachable && (best == m.cols || m.at(r, c) < m.at(r, best)))
        best = c;
    }
    if (best == m.cols) return;
    auto route = network::route(l.graph, *os.locations[r], *ds.locations[best]);
    if (route) found[r] = network::RouteRow{&origins[r], &destinations[best], std::move(*route)};
  });
  std::vector<network::RouteRow> rows;
  std::vector<std::size_t> unreachable;
  for (std::size_t r = 0; r < found.size(); ++r) {
    if (found[r]) {
      rows.push_back(std::move(*found[r]));
    } else if (os.locations[r]) {
      unreachable.push_back(r);
    }
  }
  const std::string layer = a.layer.empty() ? "routes_" + a.graph.profile : a.layer;
  store::write_layers(a.graph.store, {network::route_table(layer, l.graph.profile().mode, rows)},
                      progress);
  print(fmt::format("wrote layer '{}' to {}: {} routes from '{}' to the nearest of '{}'\n", layer,
                    a.graph.store, rows.size(), a.from, a.to));
  if (!unreachable.empty()) {
    network::SnapResult u;
    u.unsnapped = unreachable;
    print(fmt::format("  {} cannot reach any: {}\n", unreachable.size(),
                      u.unsnapped_summary(origins)));
  }
}

// [SECTION] route one-to-all (timing on random sources)

struct OneToAllArgs {
  GraphArgs graph;
  std::size_t sources = 10;
  std::uint64_t seed = 1;
  std::optional<double> cutoff_min;
};

void run_one_to_all(const OneToAllArgs& a, Progress& progress) {
  const Loaded l = load_graph(a.graph, progress);
  std::mt19937_64 rng(a.seed);
  std::uniform_int_distribution<network::NodeId> pick(
      0, static_cast<network::NodeId>(l.graph.node_count() - 1));
  network::Workspace ws(l.graph);
  const double cutoff = a.cutoff_min ? *a.cutoff_min * 60.0 : network::kUnreachable;
  std::vector<double> times;
  std::size_t settled = 0;
  double cpu_s = 0.0;  // the process's CPU time: less sensitive than wall time to a busy machine
  for (std::size_t i = 0; i < a.sources; ++i) {
    const auto loc = network::location_at_node(l.graph, pick(rng));
    Stopwatch sw;
    const std::clock_t c0 = std::clock();
    network::one_to_all(l.graph, *loc, cutoff, ws);
    cpu_s += static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    times.push_back(sw.lap());
    settled += ws.settled().size();
  }
  std::sort(times.begin(), times.end());
  double total = 0.0;
  for (double t : times) total += t;
  print(fmt::format("{} graph: {} nodes, {} edges, {} arcs (built in {:.3f} s)\n", a.graph.profile,
                    l.graph.node_count(), l.graph.edge_count(), l.graph.arc_count(), l.build_s));
  print(fmt::format(
      "one-to-all from {} random nodes: mean {:.6f} s, median {:.6f} s, min {:.6f} s, mean settled "
      "{:.0f} nodes; CPU mean {:.6f} s\n",
      times.size(), total / static_cast<double>(times.size()), times[times.size() / 2],
      times.front(), static_cast<double>(settled) / static_cast<double>(times.size()),
      cpu_s / static_cast<double>(times.size())));
}

// [SECTION] route node-times (exact node-to-node checks against other tools)

struct NodeTimesArgs {
  GraphArgs graph;
  std::string pairs;
  std::string output;
  std::string method = "auto";
};

std::vector<std::pair<network::NodeId, network::NodeId>> read_node_pairs(const std::string& file,
                                                                         std::size_t node_count) {
  const std::string content = [&] {
    std::ifstream in(file, std::ios::binary);
    if (!in)
      throw Error(ErrorCode::kFileNotFound, "pairs file not found",
                  {.file = file, .fix = "check the path"});
    return std::string(std::istreambuf_iterator<char>(in), {});
  }();
  std::vector<std::pair<network::NodeId, network::NodeId>> pairs;
  int line_no = 0;
  for (const auto& line : text::split(content, '\n')) {
    ++line_no;
    if (line_no == 1 || text::trim(line).empty()) continue;  // header source,target
    const auto cells = text::split(line, ',');
    const auto a = cells.size() == 2 ? text::parse_int(cells[0]) : std::nullopt;
    const auto b = cells.size() == 2 ? text::parse_int(cells[1]) : std::nullopt;
    if (!a || !b || *a < 0 || *b < 0 || static_cast<std::size_t>(*a) >= node_count ||
        static_cast<std::size_t>(*b) >= node_count) {
      throw Error(ErrorCode::kBadValue, "expected two node ids of the graph",
                  {.file = file,
                   .line = line_no,
                   .fix = "rows are source,target node ids from export-graph"});
    }
    pairs.emplace_back(static_cast<network::NodeId>(*a), static_cast<network::NodeId>(*b));
  }
  return pairs;
}

void run_node_times(const NodeTimesArgs& a, Progress& progress) {
  const Loaded l = load_graph(a.graph, progress);
  const auto pairs = read_node_pairs(a.pairs, l.graph.node_count());
  // Through the same matrix code as places: one row per distinct source, one column per target.
  std::map<network::NodeId, std::size_t> rows, cols;
  for (const auto& [s, t] : pairs) {
    rows.emplace(s, rows.size());
    cols.emplace(t, cols.size());
  }
  std::vector<std::optional<network::Location>> origins(rows.size()), targets(cols.size());
  for (const auto& [n, i] : rows) origins[i] = network::location_at_node(l.graph, n);
  for (const auto& [n, i] : cols) targets[i] = network::location_at_node(l.graph, n);
  Stopwatch sw;
  const network::Matrix m = network::matrix(l.graph, origins, targets, network::kUnreachable,
                                            progress, parse_method(a.method));
  const double matrix_s = sw.lap();
  std::string out = "source,target,seconds\n";
  for (const auto& [s, t] : pairs) {
    const double v = m.at(rows.at(s), cols.at(t));
    out += v == network::kUnreachable ? fmt::format("{},{},inf\n", s, t)
                                      : fmt::format("{},{},{:.17g}\n", s, t, v);
  }
  write_text_file_atomic(a.output, out);
  print(fmt::format("wrote {} ({} pairs; {} x {} matrix in {:.3f} s)\n", a.output, pairs.size(),
                    rows.size(), cols.size(), matrix_s));
}

}  // namespace

void add_route_command(CLI::App& app, Progress& progress) {
  CLI::App* route = app.add_subcommand(
      "route", "Travel times on the road network: walking and peak-hour driving");
  route->require_subcommand(1);

  auto stats = std::make_shared<GraphArgs>();
  CLI::App* cmd = route->add_subcommand(
      "stats", "Node, edge and connected-component counts of a profile's graph");
  add_graph_options(cmd, *stats);
  cmd->callback([stats, &progress] { run_stats(*stats, progress); });

  auto exp = std::make_shared<ExportArgs>();
  cmd = route->add_subcommand(
      "export-graph", "Write the graph's arcs and nodes as CSV (for networkx and other checks)");
  add_graph_options(cmd, exp->graph);
  cmd->add_option("-o,--output", exp->arcs, "Arcs CSV: from,to,seconds,metres,edge")
      ->capture_default_str();
  cmd->add_option("--nodes", exp->nodes, "Nodes CSV: node,x,y (default OUTPUT.nodes.csv)");
  cmd->callback([exp, &progress] { run_export(*exp, progress); });

  auto mat = std::make_shared<MatrixArgs>();
  cmd = route->add_subcommand(
      "matrix", "Travel-time matrix between two layers (CSV, or binary for a .bin output)");
  add_graph_options(cmd, mat->graph);
  cmd->add_option("--from", mat->from, "Origin layer, e.g. schools, school_gates, police")
      ->required();
  cmd->add_option("--to", mat->to, "Destination layer")->required();
  cmd->add_option("-o,--output", mat->output,
                  "Output: FILE.csv (origin, destination, seconds) or FILE.bin")
      ->required();
  add_snap_options(cmd, mat->snap);
  cmd->add_option("--cutoff-min", mat->cutoff_min,
                  "Only times up to this many minutes (others unreachable)");
  cmd->add_option("--method", mat->method,
                  "auto (without a cutoff: the skeleton for several origins, a contraction "
                  "hierarchy, full or with a core, for many), dijkstra, skeleton (dead ends, "
                  "bends and small junctions contracted, then swept back in), ch (full "
                  "hierarchy) or core (hierarchy with an uncontracted core: cheaper to build)")
      ->capture_default_str();
  cmd->add_option("--hierarchy", mat->hierarchy,
                  "A contraction hierarchy prepared by `route prepare` for the same store, "
                  "profile and time (replaces --method)")
      ->check(CLI::ExistingFile);
  cmd->callback([mat, &progress] { run_matrix(*mat, progress); });

  auto prep = std::make_shared<PrepareArgs>();
  cmd = route->add_subcommand(
      "prepare", "Build a contraction hierarchy once and save it for `route matrix --hierarchy`");
  add_graph_options(cmd, prep->graph);
  cmd->add_option("-o,--output", prep->output, "Hierarchy file, e.g. drive_0730.hxch")->required();
  cmd->add_option("--method", prep->method, "ch (full hierarchy) or core (with a core)")
      ->capture_default_str();
  cmd->callback([prep, &progress] { run_prepare(*prep, progress); });

  auto iso = std::make_shared<IsochroneArgs>();
  cmd = route->add_subcommand("isochrone",
                              "Areas reachable within T minutes of each place, as a store layer");
  add_graph_options(cmd, iso->graph);
  cmd->add_option("--from", iso->from, "Layer of places, e.g. school_gates or police")->required();
  cmd->add_option("--minutes", iso->minutes, "Time limits in minutes")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--buffer", iso->buffer,
                  "Metres either side of a reached street counted as reached")
      ->capture_default_str();
  add_snap_options(cmd, iso->snap);
  cmd->add_option("--layer", iso->layer, "Output layer name (default isochrones_PROFILE)");
  cmd->callback([iso, &progress] { run_isochrone(*iso, progress); });

  auto path = std::make_shared<PathArgs>();
  cmd = route->add_subcommand(
      "path", "Route from each origin to its nearest destination, as a store layer");
  add_graph_options(cmd, path->graph);
  cmd->add_option("--from", path->from, "Origin layer")->required();
  cmd->add_option("--to", path->to, "Destination layer")->required();
  add_snap_options(cmd, path->snap);
  cmd->add_option("--layer", path->layer, "Output layer name (default routes_PROFILE)");
  cmd->callback([path, &progress] { run_path(*path, progress); });

  auto nt = std::make_shared<NodeTimesArgs>();
  cmd = route->add_subcommand("node-times",
                              "Travel times between node ids of export-graph (for verification)");
  add_graph_options(cmd, nt->graph);
  cmd->add_option("--pairs", nt->pairs, "CSV source,target of node ids")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", nt->output,
                  "Output CSV source,target,seconds (inf if unreachable)")
      ->required();
  cmd->add_option("--method", nt->method,
                  "auto, dijkstra, skeleton, ch (contraction hierarchy) or core (one with a core)")
      ->capture_default_str();
  cmd->callback([nt, &progress] { run_node_times(*nt, progress); });

  auto ota = std::make_shared<OneToAllArgs>();
  cmd = route->add_subcommand("one-to-all",
                              "Time one-to-all Dijkstra from random nodes (benchmarking)");
  add_graph_options(cmd, ota->graph);
  cmd->add_option("--sources", ota->sources, "Number of random source nodes")
      ->capture_default_str();
  cmd->add_option("--seed", ota->seed, "Random seed")->capture_default_str();
  cmd->add_option("--cutoff-min", ota->cutoff_min, "Stop at this many minutes");
  cmd->callback([ota, &progress] { run_one_to_all(*ota, progress); });
}

}  // namespace huxiao::cli
