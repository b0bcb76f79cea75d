#include "deploy/deployment.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "deploy/covering.hpp"
#include "deploy/pmedian.hpp"
#include "deploy/roster.hpp"
#include "io/chart_writer.hpp"
#include "io/geopackage.hpp"
#include "io/raster_writer.hpp"

namespace huxiao::deploy {
namespace {

using model::Column;
using model::ColumnType;
using model::Row;
using model::Table;
using model::Value;

// [SECTION] candidate sites

struct Site {
  geo::Point location;
  std::string id, name, kind;  // kind: station / post / kiosk (existing) or candidate
  bool fixed = false;
};

geo::Point gate_of(const model::School& s) {
  return s.gates.empty() ? s.location : s.gates.front().location;
}

// Existing police units first (fixed), then road vertices within the radius of a school, then
// the school gates themselves. Vertices are deduplicated on a 5 m grid.
std::vector<Site> candidate_sites(const model::Project& project, const DeploySettings& st) {
  std::vector<Site> sites;
  for (const auto& u : project.police) {
    sites.push_back({u.location, u.id, u.name, std::string(model::to_string(u.kind)),
                     st.existing_police_fixed});
  }
  const double r = st.candidate_radius_m;
  std::unordered_map<long long, std::vector<std::size_t>> grid;
  auto cell = [r](double x, double y) {
    return (static_cast<long long>(std::floor(x / r)) << 32) ^
           (static_cast<long long>(std::floor(y / r)) & 0xffffffffLL);
  };
  for (std::size_t k = 0; k < project.schools.size(); ++k) {
    const geo::Point g = gate_of(project.schools[k]);
    grid[cell(g.x, g.y)].push_back(k);
  }
  auto near_school = [&](const geo::Point& p) {
    for (int dx = -1; dx <= 1; ++dx) {
      for (int dy = -1; dy <= 1; ++dy) {
        const auto it = grid.find(cell(p.x + dx * r, p.y + dy * r));
        if (it == grid.end()) continue;
        for (std::size_t k : it->second) {
          const geo::Point g = gate_of(project.schools[k]);
          if (std::hypot(g.x - p.x, g.y - p.y) <= r) return true;
        }
      }
    }
    return false;
  };
  std::set<std::pair<long long, long long>> seen;
  auto add_unique = [&](const geo::Point& p, std::string id, std::string name) {
    const auto key = std::make_pair(std::llround(p.x / 5), std::llround(p.y / 5));
    if (!seen.insert(key).second) return;
    sites.push_back({p, std::move(id), std::move(name), "candidate", false});
  };
  for (const auto& road : project.roads) {
    if (!road.drivable) continue;
    for (std::size_t v = 0; v < road.line.size(); ++v) {
      const auto& p = road.line[v];
      if (near_school(p)) add_unique(p, fmt::format("{}#{}", road.id, v), road.name);
    }
  }
  for (const auto& s : project.schools) add_unique(gate_of(s), "gate:" + s.id, s.name + " 校门");
  return sites;
}

// [SECTION] evaluation helpers

struct Evaluated {
  std::vector<int> nearest;     // per school: nearest open site
  std::vector<double> seconds;  // per school: its response time
};

Evaluated evaluate(const CostMatrix& cost, const std::vector<int>& open) {
  Evaluated e;
  e.nearest.assign(cost.demands(), -1);
  e.seconds.assign(cost.demands(), kUnreachable);
  for (std::size_t i = 0; i < cost.demands(); ++i) {
    for (int j : open) {
      const double t = cost(i, static_cast<std::size_t>(j));
      if (t < e.seconds[i]) {
        e.seconds[i] = t;
        e.nearest[i] = j;
      }
    }
  }
  return e;
}

double students_within(const Evaluated& e, const Instance& inst, double seconds) {
  double s = 0;
  for (std::size_t i = 0; i < e.seconds.size(); ++i) {
    if (e.seconds[i] <= seconds) s += inst.weight_of(i);
  }
  return s;
}

std::size_t schools_within(const Evaluated& e, double seconds) {
  return static_cast<std::size_t>(
      std::count_if(e.seconds.begin(), e.seconds.end(), [&](double t) { return t <= seconds; }));
}

std::vector<int> fixed_sites(const std::vector<Site>& sites) {
  std::vector<int> f;
  for (std::size_t j = 0; j < sites.size(); ++j) {
    if (sites[j].fixed) f.push_back(static_cast<int>(j));
  }
  return f;
}

Solution solve_model(const std::string& model, const CostMatrix& cost, const Instance& inst, int p,
                     const DeploySettings& st, Progress& progress) {
  const double threshold = st.coverage_threshold_min * 60;
  if (model == "mclp") {
    return solve_mclp(coverage_within(cost, threshold), inst, p,
                      {.time_limit_s = st.time_limit_s, .backup_weight = st.backup_weight},
                      progress);
  }
  if (model == "pmedian") {
    if (st.capacity > 0) {
      Instance capped = inst;
      capped.capacity.assign(cost.candidates(), st.capacity);
      return solve_p_median_capacitated(cost, capped, p, {.time_limit_s = st.time_limit_s});
    }
    return solve_p_median(cost, inst, p, {.time_limit_s = st.time_limit_s}, progress);
  }
  if (model == "pcenter") return solve_p_center(cost, inst, p, {.time_limit_s = st.time_limit_s});
  Instance capped = inst;
  if (st.capacity > 0) capped.capacity.assign(cost.candidates(), st.capacity);
  return solve_lscp(coverage_within(cost, threshold), capped,
                    {.time_limit_s = st.time_limit_s, .level = st.backup_weight > 0 ? 2 : 1});
}

// [SECTION] tables

Table posts_table(const std::vector<Site>& sites, const std::vector<int>& open, const Evaluated& e,
                  const Instance& inst) {
  Table t{.name = "deploy_posts",
          .geometry_kind = model::GeometryKind::kPoint,
          .columns = {{"post_id", ColumnType::kText},
                      {"name", ColumnType::kText},
                      {"kind", ColumnType::kText},
                      {"status", ColumnType::kText},
                      {"schools", ColumnType::kInteger},
                      {"students", ColumnType::kInteger},
                      {"mean_response_s", ColumnType::kReal}}};
  for (int j : open) {
    const Site& s = sites[static_cast<std::size_t>(j)];
    std::int64_t schools = 0;
    double students = 0, sum_t = 0;
    for (std::size_t i = 0; i < e.nearest.size(); ++i) {
      if (e.nearest[i] != j) continue;
      ++schools;
      students += inst.weight_of(i);
      sum_t += e.seconds[i];
    }
    t.rows.push_back({{s.id, s.name, s.kind, std::string(s.fixed ? "existing" : "new"), schools,
                       static_cast<std::int64_t>(std::llround(students)),
                       schools > 0 ? Value(sum_t / static_cast<double>(schools)) : Value()},
                      geo::Geometry(s.location)});
  }
  return t;
}

Table assignments_table(const model::Project& project, const std::vector<Site>& sites,
                        const Evaluated& e, const std::vector<double>& thresholds_min) {
  Table t{.name = "deploy_assignments",
          .geometry_kind = model::GeometryKind::kLineString,
          .columns = {{"school_id", ColumnType::kText},
                      {"school", ColumnType::kText},
                      {"level", ColumnType::kText},
                      {"enrollment", ColumnType::kInteger},
                      {"post_id", ColumnType::kText},
                      {"response_s", ColumnType::kReal}}};
  for (double m : thresholds_min)
    t.columns.push_back({fmt::format("within_{:g}min", m), ColumnType::kInteger});
  for (std::size_t i = 0; i < project.schools.size(); ++i) {
    const auto& s = project.schools[i];
    Row row;
    const int j = e.nearest[i];
    row.values = {s.id,
                  s.name,
                  std::string(model::to_string(s.level)),
                  static_cast<std::int64_t>(s.enrollment),
                  j >= 0 ? Value(sites[static_cast<std::size_t>(j)].id) : Value(),
                  std::isfinite(e.seconds[i]) ? Value(e.seconds[i]) : Value()};
    for (double m : thresholds_min)
      row.values.emplace_back(static_cast<std::int64_t>(e.seconds[i] <= m * 60 ? 1 : 0));
    if (j >= 0)
      row.geometry =
          geo::Geometry(geo::LineString{sites[static_cast<std::size_t>(j)].location, gate_of(s)});
    t.rows.push_back(std::move(row));
  }
  return t;
}

// [SECTION] roster

struct RosterTables {
  Table roster, curve;
  nlohmann::json summary;
};

RosterTables roster_for(const model::Project& project, const TravelTimes& travel,
                        const DeploySettings& st, Progress& progress) {
  std::vector<geo::Point> gates;
  for (const auto& s : project.schools) gates.push_back(gate_of(s));
  const CostMatrix between = travel.seconds(gates, gates, progress);
  std::vector<GateWindow> windows;
  std::vector<std::string> peak;
  for (std::size_t k = 0; k < project.schools.size(); ++k) {
    const auto& s = project.schools[k];
    for (const auto& [bell, name] :
         {std::pair{s.morning_bell, "morning"}, std::pair{s.dismissal, "afternoon"}}) {
      windows.push_back({static_cast<int>(k), static_cast<int>(k),
                         (bell.minutes - st.window_before_min) * 60.0,
                         (bell.minutes + st.window_after_min) * 60.0, 1.0});
      peak.emplace_back(name);
    }
  }
  const Roster r = build_roster(windows, between, st.officers);
  RosterTables out;
  out.roster = Table{.name = "deploy_roster",
                     .geometry_kind = model::GeometryKind::kNone,
                     .columns = {{"officer", ColumnType::kInteger},
                                 {"stop", ColumnType::kInteger},
                                 {"peak", ColumnType::kText},
                                 {"start", ColumnType::kText},
                                 {"end", ColumnType::kText},
                                 {"school_id", ColumnType::kText},
                                 {"school", ColumnType::kText},
                                 {"travel_s", ColumnType::kReal}}};
  auto clock = [](double s) {
    return model::TimeOfDay{static_cast<int>(std::lround(s / 60))}.str();
  };
  for (std::size_t o = 0; o < r.routes.size(); ++o) {
    for (std::size_t q = 0; q < r.routes[o].size(); ++q) {
      const auto& stop = r.routes[o][q];
      const GateWindow& w = windows[static_cast<std::size_t>(stop.window)];
      const auto& s = project.schools[static_cast<std::size_t>(w.school)];
      out.roster.rows.push_back(
          {{static_cast<std::int64_t>(o + 1), static_cast<std::int64_t>(q + 1),
            peak[static_cast<std::size_t>(stop.window)], clock(w.start_s), clock(w.end_s), s.id,
            s.name, stop.travel_s},
           std::nullopt});
    }
  }
  out.curve = Table{.name = "deploy_roster_curve",
                    .geometry_kind = model::GeometryKind::kNone,
                    .columns = {{"officers", ColumnType::kInteger},
                                {"windows_staffed", ColumnType::kInteger},
                                {"windows", ColumnType::kInteger}}};
  for (std::size_t k = 0; k < r.staffed_by_officers.size(); ++k) {
    out.curve.rows.push_back({{static_cast<std::int64_t>(k + 1),
                               static_cast<std::int64_t>(std::llround(r.staffed_by_officers[k])),
                               static_cast<std::int64_t>(windows.size())},
                              std::nullopt});
  }
  out.summary = {{"gate_windows", windows.size()},
                 {"window", fmt::format("bell −{} min to bell +{} min", st.window_before_min,
                                        st.window_after_min)},
                 {"officers_one_per_school", project.schools.size()},
                 {"officers_needed_for_every_window", r.officers_for_all},
                 {"officers_rostered", r.routes.size()},
                 {"windows_staffed", r.staffed_windows},
                 {"method", "min-cost flow / minimum path cover (exact)"},
                 {"proven_optimal", r.proven_optimal}};
  return out;
}

// [SECTION] placing on the road network

double largest_threshold_min(const DeploySettings& st) {
  double m = st.coverage_threshold_min;
  for (double t : st.thresholds_min) m = std::max(m, t);
  return m;
}

struct Placed {
  std::vector<Site> sites;
  nlohmann::json schools_off_network = nlohmann::json::array();
  nlohmann::json sites_off_network = nlohmann::json::array();
  std::size_t road_vertices_off_network = 0;
};

// Everything must start from where the times start. Schools that cannot be snapped stay (they
// are reported and count as uncovered); existing police units stay too (reported); candidate
// sites that cannot be snapped — or road vertices that do not snap onto themselves, i.e. that
// are not on the main drive network — are dropped from the candidates and reported.
Placed place_on_network(const model::Project& project, std::vector<Site> sites,
                        const TravelTimes& travel) {
  constexpr double kOnItself = 0.5;  // metres: a road vertex snapped onto its own road
  Placed out;
  std::vector<geo::Point> gates, pts;
  for (const auto& s : project.schools) gates.push_back(gate_of(s));
  const std::vector<double> gate_d = travel.placement_distances(gates);
  for (std::size_t i = 0; i < gates.size(); ++i) {
    if (!std::isfinite(gate_d[i])) {
      out.schools_off_network.push_back(
          {{"school_id", project.schools[i].id}, {"school", project.schools[i].name}});
    }
  }
  for (const auto& s : sites) pts.push_back(s.location);
  const std::vector<double> d = travel.placement_distances(pts);
  for (std::size_t j = 0; j < sites.size(); ++j) {
    const bool road_vertex = sites[j].kind == "candidate" && sites[j].id.rfind("gate:", 0) != 0;
    const bool off = !std::isfinite(d[j]) || (road_vertex && d[j] > kOnItself);
    if (off) {
      out.sites_off_network.push_back({{"site_id", sites[j].id},
                                       {"name", sites[j].name},
                                       {"kind", sites[j].kind},
                                       {"kept", sites[j].fixed}});
      out.road_vertices_off_network += road_vertex ? 1 : 0;
    }
    if (!off || sites[j].fixed) out.sites.push_back(std::move(sites[j]));
  }
  return out;
}

geo::Box heatmap_extent(const std::vector<geo::Point>& gates, const std::vector<Site>& sites,
                        const std::vector<int>& open, double margin) {
  geo::Box b;
  for (const auto& g : gates) b.expand(g);
  for (int j : open) b.expand(sites[static_cast<std::size_t>(j)].location);
  b.min_x -= margin;
  b.min_y -= margin;
  b.max_x += margin;
  b.max_y += margin;
  return b;
}

}  // namespace

void validate(const DeploySettings& st) {
  for (double t : st.thresholds_min)
    require_positive("response threshold (minutes)", t, "give thresholds > 0, e.g. 1, 3, 5");
  require_positive("coverage threshold (minutes)", st.coverage_threshold_min,
                   "give a threshold > 0, e.g. 3");
  require_positive("candidate radius (m)", st.candidate_radius_m, "give a radius > 0, e.g. 400");
  require_positive("time limit (s)", st.time_limit_s, "give a positive number of seconds");
  require_positive("heatmap cell (m)", st.heatmap_cell_m, "give metres, e.g. 25");
  require_positive("heatmap maximum road distance (m)", st.heatmap_max_road_distance_m,
                   "give metres, e.g. 100");
  if (st.heatmap_margin_m < 0) {
    throw Error(ErrorCode::kBadParameter, "the heatmap margin cannot be negative",
                {.fix = "give metres, e.g. 1000"});
  }
  if (st.new_posts < 0 || st.max_new_posts < 0 || st.capacity < 0 || st.officers < 0) {
    throw Error(ErrorCode::kBadParameter, "posts, capacity and officers cannot be negative",
                {.fix = "give 0 or more"});
  }
  if (st.backup_weight < 0) {
    throw Error(ErrorCode::kBadParameter, "backup weight cannot be negative",
                {.fix = "give 0 (off) to 1"});
  }
  static const std::vector<std::string> models{"mclp", "pmedian", "pcenter", "lscp"};
  if (std::find(models.begin(), models.end(), st.model) == models.end()) {
    throw Error(ErrorCode::kBadParameter, fmt::format("unknown deployment model '{}'", st.model),
                {.fix = "use mclp, pmedian, pcenter or lscp"});
  }
}

DeployResult run_deployment(const model::Project& full_project, const TravelTimes& travel,
                            const DeploySettings& st, Progress& progress) {
  validate(st);
  // Universities have no school-gate duty; they are left out unless asked for.
  model::Project project = full_project;
  std::erase_if(project.schools, [&](const model::School& s) {
    return !st.include_universities && s.level == model::SchoolLevel::kUniversity;
  });
  const std::size_t universities_left_out = full_project.schools.size() - project.schools.size();
  if (project.schools.empty()) {
    throw Error(ErrorCode::kEmptyInput, "the project has no schools to deploy police to",
                {.fix = "import schools first (huxiao import …)"});
  }
  Placed placed = place_on_network(project, candidate_sites(project, st), travel);
  const std::vector<Site>& sites = placed.sites;
  const std::vector<int> fixed = fixed_sites(sites);
  std::vector<geo::Point> site_pts, gates;
  for (const auto& s : sites) site_pts.push_back(s.location);
  for (const auto& s : project.schools) gates.push_back(gate_of(s));
  // Response direction: from the post to the school gate. Covering models need nothing beyond
  // the largest threshold, so their searches stop there; the others need every time.
  const bool coverage_only = st.model == "mclp" || st.model == "lscp";
  const double cutoff_s = coverage_only ? 60 * largest_threshold_min(st) : kUnreachable;
  const CostMatrix post_to_school = travel.seconds_within(site_pts, gates, cutoff_s, progress);
  CostMatrix cost(gates.size(), sites.size());
  for (std::size_t i = 0; i < gates.size(); ++i) {
    for (std::size_t j = 0; j < sites.size(); ++j) cost(i, j) = post_to_school(j, i);
  }
  Instance inst;
  inst.name = project.info.name;
  inst.fixed = fixed;
  for (const auto& s : project.schools) inst.weight.push_back(std::max(1, s.enrollment));
  const double threshold_s = st.coverage_threshold_min * 60;

  // Schools no site reaches within the threshold: reported by name, never silently uncovered.
  nlohmann::json unreachable = nlohmann::json::array();
  for (std::size_t i = 0; i < gates.size(); ++i) {
    const double* row = cost.row(i);
    if (std::none_of(row, row + sites.size(), [&](double t) { return t <= threshold_s; })) {
      unreachable.push_back(
          {{"school_id", project.schools[i].id}, {"school", project.schools[i].name}});
    }
  }

  // Main solution.
  const int p_total = static_cast<int>(fixed.size()) + st.new_posts;
  if (st.model != "lscp" &&
      static_cast<std::size_t>(p_total) > sites.size()) {  // lscp chooses its own count
    throw Error(
        ErrorCode::kBadParameter,
        fmt::format(
            "{} new posts asked for, but besides the {} existing police units there are only {} "
            "candidate sites",
            st.new_posts, fixed.size(), sites.size() - fixed.size()),
        {.fix = "lower the number of posts, or widen candidate_radius_m"});
  }
  Solution main = solve_model(st.model, cost, inst, std::max(p_total, 1), st, progress);
  if (!main.feasible) {
    throw Error(ErrorCode::kBadValue, main.note,
                {.fix = "raise the capacity or the threshold, or add candidate sites"});
  }
  const Evaluated e = evaluate(cost, main.open);

  // Coverage curve P = 0 … max at the threshold (maximal covering, exact where CBC proves it).
  Table curve{.name = "deploy_coverage_curve",
              .geometry_kind = model::GeometryKind::kNone,
              .columns = {{"new_posts", ColumnType::kInteger},
                          {"posts_total", ColumnType::kInteger},
                          {"students_covered", ColumnType::kInteger},
                          {"students_bound", ColumnType::kInteger},
                          {"gap_percent", ColumnType::kReal},
                          {"proven_optimal", ColumnType::kInteger},
                          {"schools_covered", ColumnType::kInteger}}};
  for (double m : st.thresholds_min)
    curve.columns.push_back({fmt::format("students_within_{:g}min", m), ColumnType::kInteger});
  const double total = inst.total_weight(gates.size());
  ProgressTask curve_task(progress, "coverage curve",
                          static_cast<std::uint64_t>(st.max_new_posts + 1));
  for (int P = 0; P <= st.max_new_posts; ++P) {
    const int p = static_cast<int>(fixed.size()) + P;
    if (p < 1 || static_cast<std::size_t>(p) > sites.size()) continue;
    Solution s =
        solve_mclp(coverage_within(cost, threshold_s), inst, p, {.time_limit_s = st.time_limit_s});
    const Evaluated ev = evaluate(cost, s.open);
    Row row{{static_cast<std::int64_t>(P), static_cast<std::int64_t>(p),
             static_cast<std::int64_t>(std::llround(s.objective)),
             static_cast<std::int64_t>(std::llround(std::floor(s.bound + 1e-6))), 100 * s.gap(),
             static_cast<std::int64_t>(s.proven_optimal ? 1 : 0),
             static_cast<std::int64_t>(schools_within(ev, threshold_s))},
            std::nullopt};
    for (double m : st.thresholds_min)
      row.values.emplace_back(
          static_cast<std::int64_t>(std::llround(students_within(ev, inst, m * 60))));
    curve.rows.push_back(std::move(row));
    curve_task.update(static_cast<std::uint64_t>(P + 1));
  }

  RosterTables roster = roster_for(project, travel, st, progress);

  DeployResult out;
  out.thresholds_min = st.thresholds_min;
  out.thresholds_max_min = largest_threshold_min(st);
  if (st.heatmap) {
    std::vector<geo::Point> open_pts;
    for (int j : main.open) open_pts.push_back(sites[static_cast<std::size_t>(j)].location);
    out.response_time = travel.response_raster(
        open_pts,
        {.extent = heatmap_extent(gates, sites, main.open, st.heatmap_margin_m),
         .cell_m = st.heatmap_cell_m,
         .max_road_distance_m = st.heatmap_max_road_distance_m},
        progress);
  }
  out.posts = posts_table(sites, main.open, e, inst);
  out.assignments = assignments_table(project, sites, e, st.thresholds_min);
  out.coverage_curve = std::move(curve);
  out.roster = std::move(roster.roster);
  out.roster_curve = std::move(roster.curve);
  nlohmann::json within = nlohmann::json::object();
  for (double m : st.thresholds_min) {
    within[fmt::format("{:g}min", m)] = {
        {"schools", schools_within(e, m * 60)},
        {"students", std::llround(students_within(e, inst, m * 60))}};
  }
  out.summary = {
      {"project", project.info.name},
      {"synthetic_data", project.info.synthetic},
      {"travel_times", travel.describe()},
      {"travel_times_source", travel.source()},
      {"travel_times_placeholder", travel.is_placeholder()},
      {"travel_times_cutoff_s", std::isfinite(cutoff_s) ? nlohmann::json(cutoff_s) : nullptr},
      {"schools_not_on_road_network", placed.schools_off_network},
      {"sites_not_on_road_network", placed.sites_off_network},
      {"road_vertices_not_on_road_network", placed.road_vertices_off_network},
      {"schools", gates.size()},
      {"universities_left_out", universities_left_out},
      {"students", std::llround(total)},
      {"candidate_sites", sites.size()},
      {"existing_posts_fixed", fixed.size()},
      {"model", st.model},
      {"coverage_threshold_min", st.coverage_threshold_min},
      {"new_posts", st.new_posts},
      {"posts_open", main.open.size()},
      {"objective", main.objective},
      {"bound", main.bound},
      {"gap", main.gap()},
      {"proven_optimal", main.proven_optimal},
      {"method", main.method},
      {"solve_seconds", main.seconds},
      {"within", within},
      {"schools_unreachable_within_threshold", unreachable},
      {"roster", roster.summary},
  };
  return out;
}

namespace {

// Students covered against new posts, one line per response circle (from coverage_curve).
io::LineChart coverage_chart(const DeployResult& r) {
  io::LineChart chart{.title = "Students covered vs new duty posts",
                      .x_label = "new posts",
                      .y_label = "students covered",
                      .series = {}};
  const auto column = [&](const std::string& name) {
    const auto& cols = r.coverage_curve.columns;
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (cols[c].name == name) return static_cast<int>(c);
    }
    return -1;
  };
  const int xc = column("new_posts");
  for (double m : r.thresholds_min) {
    const int yc = column(fmt::format("students_within_{:g}min", m));
    if (xc < 0 || yc < 0) continue;
    io::ChartSeries line{.label = fmt::format("within {:g} min", m), .x = {}, .y = {}};
    for (const auto& row : r.coverage_curve.rows) {
      line.x.push_back(
          static_cast<double>(std::get<std::int64_t>(row.values[static_cast<std::size_t>(xc)])));
      line.y.push_back(
          static_cast<double>(std::get<std::int64_t>(row.values[static_cast<std::size_t>(yc)])));
    }
    chart.series.push_back(std::move(line));
  }
  return chart;
}

}  // namespace

void write_deployment(const DeployResult& result, const geo::Crs& crs,
                      const std::filesystem::path& dir, Progress& progress) {
  std::filesystem::create_directories(dir);
  {
    AtomicOutput gpkg(dir / "deploy.gpkg");
    std::filesystem::remove(gpkg.temp_path());
    io::GeoPackage g = io::GeoPackage::create(gpkg.temp_path());
    g.begin();
    for (const Table* t :
         {&result.posts, &result.assignments, &result.roster, &result.coverage_curve}) {
      g.write_table(*t, crs, progress);
    }
    g.commit();
    g.close();
    gpkg.commit();
  }
  io::write_csv(dir / "posts.csv", result.posts, true);
  io::write_csv(dir / "assignments.csv", result.assignments);
  io::write_csv(dir / "coverage_curve.csv", result.coverage_curve);
  io::write_line_chart_png(dir / "coverage_curve.png", coverage_chart(result));
  if (result.response_time) {
    io::write_cog(dir / "response_time.tif", *result.response_time, crs);
    // The preview's colours stop at twice the largest response circle, so a few far dead ends
    // do not wash out the minutes that matter; the COG keeps every value.
    const double cap = 2 * 60 * result.thresholds_max_min;
    geo::Raster preview = *result.response_time;
    for (float& v : preview.values) {
      if (v != preview.nodata) v = std::min(v, static_cast<float>(cap));
    }
    io::write_png_preview(dir / "response_time.png", preview,
                          fmt::format("drive s (cap {:g})", cap));
  }
  io::write_csv(dir / "roster.csv", result.roster);
  io::write_csv(dir / "roster_curve.csv", result.roster_curve);
  write_text_file_atomic(dir / "summary.json", result.summary.dump(2) + "\n");
}

}  // namespace huxiao::deploy
