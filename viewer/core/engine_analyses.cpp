#include "viewer/core/engine_analyses.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/error.hpp"
#include "deploy/deployment.hpp"
#include "deploy/travel_times.hpp"
#include "evac/building_template.hpp"
#include "evac/drill.hpp"
#include "model/time_of_day.hpp"
#include "risk/run.hpp"
#include "store/project_store.hpp"
#include "zones/run.hpp"

namespace huxiao::viewer {

namespace {

// [SECTION] helpers

// The engine's store-based runs need a store on disk; the open store is never touched, so a run
// on unsaved edits sees the edits and a cancelled run leaves nothing behind.
class ScratchFolder {
 public:
  ScratchFolder() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("huxiao-viewer-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~ScratchFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

std::filesystem::path scratch_store(const Document& doc, const ScratchFolder& dir,
                                    Progress& progress) {
  const auto store = dir / "project.gpkg";
  save_document(doc, store, progress);
  return store;
}

void add_layer(AnalysisOutput& out, const std::filesystem::path& store, std::string_view name) {
  if (auto t = store::read_layer(store, name)) {
    t->name = std::string(name);
    out.layers.push_back(std::move(*t));
  }
}

void require_project(const Document& doc, const std::string& analysis) {
  if (doc.project.schools.empty())
    throw Error(ErrorCode::kEmptyInput, "the open document has no schools",
                {.feature = analysis, .fix = "open a project store (huxiao import) first"});
}

int param_int(const AnalysisParams& p, const Analysis& a, const std::string& key, double lo,
              double hi) {
  const double v = param_number(p, a, key);
  require_in_range(key, v, lo, hi);
  if (v != std::floor(v))
    throw Error(ErrorCode::kBadParameter, "parameter '" + key + "' must be a whole number",
                {.feature = a.name, .fix = "type e.g. 5"});
  return static_cast<int>(v);
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, ',')) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::string trimmed_number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// [SECTION] drill plan as layers

model::Table plan_layer(const evac::Plan& plan) {
  using model::ColumnType;
  model::Table t{std::string(kDrillPlanLayer),
                 model::GeometryKind::kMultiPolygon,
                 {{"role", ColumnType::kText}, {"name", ColumnType::kText}},
                 {}};
  const auto add = [&t](const char* role, const std::string& name, const geo::Polygon& area) {
    t.rows.push_back({{std::string(role), name}, geo::Geometry(geo::MultiPolygon{area})});
  };
  for (const auto& w : plan.walkable) add("walkable", "", w.area);
  for (const auto& r : plan.rooms) add("room", r.name, r.area);
  for (const auto& s : plan.stairs) add("stair", s.name, s.area);
  for (const auto& a : plan.assembly) add("assembly", a.name, a.area);
  for (std::size_t i = 0; i < plan.obstacles.size(); ++i)
    add("obstacle", i < plan.obstacle_names.size() ? plan.obstacle_names[i] : "",
        plan.obstacles[i]);
  return t;
}

model::Table exits_layer(const evac::Plan& plan, const std::vector<evac::Closure>& closures) {
  using model::ColumnType;
  model::Table t{std::string(kDrillExitsLayer),
                 model::GeometryKind::kLineString,
                 {{"name", ColumnType::kText},
                  {"width_m", ColumnType::kReal},
                  {"closed", ColumnType::kInteger},
                  {"closed_at_s", ColumnType::kReal}},
                 {}};
  for (const auto& e : plan.exits) {
    const auto c = std::find_if(closures.begin(), closures.end(),
                                [&](const evac::Closure& x) { return x.name == e.name; });
    model::Row row{{e.name, e.width, std::int64_t{c != closures.end()},
                    c != closures.end() ? model::Value{c->time} : model::Value{}},
                   geo::Geometry(geo::LineString{e.a, e.b})};
    t.rows.push_back(std::move(row));
  }
  return t;
}

evac::Plan drill_plan(const AnalysisParams& p, const Analysis& a) {
  if (const auto file = param(p, a, "plan"); !file.empty()) return evac::read_plan(file);
  evac::BuildingTemplate b;
  b.floors = param_int(p, a, "floors", 1, 30);
  b.classrooms_per_floor = param_int(p, a, "classes", 1, 40);
  b.class_size = param_int(p, a, "class_size", 1, 80);
  b.exits = param_int(p, a, "exits", 1, 10);
  b.stairwells = param_int(p, a, "stairwells", 1, 2);
  const auto age = evac::parse_age_group(param(p, a, "age"));
  if (!age)
    throw Error(ErrorCode::kBadParameter, "unknown age group '" + param(p, a, "age") + "'",
                {.feature = a.name, .fix = "use primary, junior, senior, adult"});
  b.age = *age;
  if (const auto at = split_list(param(p, a, "at")); !at.empty()) {
    double lon = 0, lat = 0;
    const auto ok = [](const std::string& s, double& v) {
      return std::from_chars(s.data(), s.data() + s.size(), v).ec == std::errc();
    };
    if (at.size() != 2 || !ok(at[0], lon) || !ok(at[1], lat) || std::abs(lon) > 180 ||
        std::abs(lat) > 85)
      throw Error(ErrorCode::kBadParameter, "cannot read at='" + param(p, a, "at") + "'",
                  {.feature = a.name, .fix = "write at=LON,LAT in WGS84, e.g. at=104.07,30.66"});
    b.origin = geo::Point{lon, lat};
  }
  return evac::make_teaching_building(b);
}

bool same_crs(const geo::Crs& a, const geo::Crs& b) {
  if (a.empty() || b.empty()) return false;
  const auto ea = a.epsg(), eb = b.epsg();
  return ea && eb ? *ea == *eb : a.definition == b.definition;
}

}  // namespace

// [SECTION] zones

Analysis zones_analysis() {
  Analysis a{"zones", "安全区 (zones)", {{"radius", "半径 (m)", "200"}}, {}};
  a.run = [a](const Document& doc, const AnalysisParams& p, Progress& progress) {
    require_project(doc, a.name);
    zones::ZoneSettings s;
    s.radius_m = param_number(p, a, "radius");
    require_in_range("radius", s.radius_m, 10, 5000, "zones are 10 m to 5 km");
    ScratchFolder dir;
    const auto store = scratch_store(doc, dir, progress);
    const auto totals = zones::run_zones(store, dir / "out", s, {}, progress);
    AnalysisOutput out;
    add_layer(out, store, kZonesLayer);
    add_layer(out, store, "zone_findings");
    out.summary = "安全区 " + std::to_string(totals.value("zones", 0)) + " 个, 发现问题 " +
                  std::to_string(totals.value("findings", 0)) + " 处";
    return out;
  };
  return a;
}

// [SECTION] drowning risk

Analysis drowning_analysis() {
  Analysis a{"drowning",
             "溺水风险 (drowning)",
             {{"season", "季节系数", "1.0"},
              {"cutoff", "步行上限 (分钟)", "15"},
              {"signs", "警示牌位置数", "10"}},
             {}};
  a.run = [a](const Document& doc, const AnalysisParams& p, Progress& progress) {
    require_project(doc, a.name);
    risk::RiskSettings s;
    s.season_factor = param_number(p, a, "season");
    s.cutoff_min = param_number(p, a, "cutoff");
    s.sign_sites = param_int(p, a, "signs", 0, 1000);
    s.validate();
    ScratchFolder dir;
    const auto store = scratch_store(doc, dir, progress);
    const auto summary = risk::run_drowning(store, dir / "out", s, nullptr, progress);
    AnalysisOutput out;
    add_layer(out, store, "water_risk");
    add_layer(out, store, "sign_sites");
    RasterOverlay risk;
    risk.grid = io::read_raster(dir / "out" / "drowning_risk.tif");
    risk.grid.name = "drowning_risk";
    // Zero risk (far from water, or beyond the walking cutoff) stays transparent, so the map
    // shows through wherever there is nothing to warn about.
    if (!risk.grid.nodata) risk.grid.nodata = -9999.0f;
    for (float& v : risk.grid.values)
      if (v == 0.0f) v = *risk.grid.nodata;
    const auto [lo, hi] = risk.grid.value_range();
    risk.scale = {Colormap::kRisk, 0.0, hi};
    risk.opacity = 0.6;
    risk.units = "风险";
    out.rasters.push_back(std::move(risk));
    out.summary = "溺水风险: " + std::to_string(summary.value("waters", 0)) + " 处水域, " +
                  std::to_string(summary.value("sign_sites", 0)) + " 个警示牌位置";
    return out;
  };
  return a;
}

// [SECTION] deployment

Analysis deploy_analysis() {
  Analysis a{"deploy",
             "警力部署 (deploy)",
             {{"posts", "新增岗位数 P", "10"},
              {"threshold", "到达时限 (分钟)", "3"},
              {"officers", "警员数 (0 = 按需)", "0"},
              {"model", "模型 (mclp/pmedian/pcenter/lscp)", "mclp"},
              {"at", "高峰时刻 (HH:MM)", "07:30"}},
             {}};
  a.run = [a](const Document& doc, const AnalysisParams& p, Progress& progress) {
    require_project(doc, a.name);
    deploy::TravelTimeOptions travel_options;
    const auto at = model::TimeOfDay::parse(param(p, a, "at"));
    if (!at)
      throw Error(ErrorCode::kBadParameter, "'at' is not a time of day",
                  {.feature = a.name, .fix = "write the peak time as HH:MM, e.g. 07:30"});
    travel_options.at = *at;
    deploy::DeploySettings s;
    s.new_posts = param_int(p, a, "posts", 0, 1000);
    s.max_new_posts = s.new_posts;
    s.coverage_threshold_min = param_number(p, a, "threshold");
    s.thresholds_min = {1, 3, 5};
    if (std::find(s.thresholds_min.begin(), s.thresholds_min.end(), s.coverage_threshold_min) ==
        s.thresholds_min.end()) {
      s.thresholds_min.push_back(s.coverage_threshold_min);
      std::sort(s.thresholds_min.begin(), s.thresholds_min.end());
    }
    s.officers = param_int(p, a, "officers", 0, 100000);
    s.model = param(p, a, "model");
    s.time_limit_s = 30;
    deploy::validate(s);
    // The same choice as `huxiao deploy`: peak-hour road times whenever the project has
    // drivable roads, so the viewer and the command line place the same posts.
    const deploy::TravelChoice travel =
        deploy::make_travel_times(doc.project, travel_options, progress);
    auto r = deploy::run_deployment(doc.project, *travel.times, s, progress);
    AnalysisOutput out;
    out.layers.push_back(std::move(r.assignments));
    out.layers.push_back(std::move(r.posts));
    const auto key = trimmed_number(s.coverage_threshold_min) + "min";
    int within = 0;
    if (r.summary.contains("within") && r.summary["within"].contains(key))
      within = r.summary["within"][key].value("schools", 0);
    out.summary = "部署 " + std::to_string(s.new_posts) + " 个新岗位: " + std::to_string(within) +
                  " 所学校在 " + trimmed_number(s.coverage_threshold_min) + " 分钟内";
    return out;
  };
  return a;
}

// [SECTION] evacuation drill

Analysis evac_analysis() {
  Analysis a{"evac",
             "疏散演练 (evac)",
             {{"plan", "平面图文件 (空 = 教学楼模板)", ""},
              {"floors", "楼层", "4"},
              {"classes", "每层教室", "6"},
              {"class_size", "每班人数", "45"},
              {"exits", "出口数", "2"},
              {"stairwells", "楼梯间 (1/2)", "2"},
              {"age", "年龄组", "primary"},
              {"at", "位置 LON,LAT (可空)", ""},
              {"close", "关闭出口 NAME@秒, …", ""},
              {"model", "模型 (csm/sfm)", "csm"},
              {"fps", "轨迹帧率 (1/s)", "2"}},
             {}};
  a.run = [a](const Document& doc, const AnalysisParams& p, Progress& progress) {
    const evac::Plan plan = drill_plan(p, a);
    evac::DrillOptions o;
    const auto model = evac::parse_model(param(p, a, "model"));
    if (!model)
      throw Error(ErrorCode::kBadParameter, "unknown model '" + param(p, a, "model") + "'",
                  {.feature = a.name, .fix = "use csm or sfm"});
    o.simulation.model = *model;
    o.simulation.threads = 1;  // the other core keeps the window drawing
    for (const auto& c : split_list(param(p, a, "close")))
      o.simulation.closures.push_back(evac::parse_closure(c));
    o.trajectory_fps = param_number(p, a, "fps");
    require_in_range("fps", o.trajectory_fps, 0.1, 25);
    ScratchFolder dir;
    const auto report = evac::run_drill(plan, o, dir / "drill", progress);

    AnalysisOutput out;
    if (!same_crs(doc.project.info.crs, plan.crs)) {
      // A plan in its own plane (the template without `at`) gets a document of its own.
      out.document.emplace();
      out.document->project.info.name = plan.name;
      out.document->project.info.crs = plan.crs;
    }
    out.layers.push_back(plan_layer(plan));
    out.layers.push_back(exits_layer(plan, o.simulation.closures));
    const auto traj = dir / "drill" / "trajectories.txt";
    std::ifstream in(traj);
    std::stringstream text;
    text << in.rdbuf();
    out.layers.push_back(
        trajectory_layer_from_text(text.str(), std::string(kDrillTrajectoriesLayer), traj));
    RasterOverlay density;
    density.grid = io::read_raster(dir / "drill" / "density_peak.tif");
    density.grid.name = "density_peak";
    if (!density.grid.nodata) density.grid.nodata = -9999.0f;
    for (float& v : density.grid.values)
      if (v == 0.0f) v = *density.grid.nodata;  // nobody ever there: the plan shows through
    const auto [lo, hi] = density.grid.value_range();
    (void)lo;
    density.scale = {Colormap::kInferno, 0.0, std::max(2.0, static_cast<double>(hi))};
    density.opacity = 0.7;
    density.units = "P/m²";
    out.rasters.push_back(std::move(density));
    const auto n = report.population.agents.size();
    out.summary = "演练 " + plan.name + ": " + std::to_string(report.results.evacuated()) + "/" +
                  std::to_string(n) + " 人撤出, 90 % 用时 " +
                  trimmed_number(std::round(report.t90)) + " s";
    return out;
  };
  return a;
}

model::Table trajectory_layer_from_text(const std::string& text, const std::string& name,
                                        const std::string& source) {
  using model::ColumnType;
  model::Table t{
      name,
      model::GeometryKind::kPoint,
      {{"agent", ColumnType::kInteger}, {"time", ColumnType::kReal}, {"z", ColumnType::kReal}},
      {}};
  double fps = 0.0;
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (const auto k = line.find("framerate:"); k != std::string::npos)
        fps = std::strtod(line.c_str() + k + 10, nullptr);
      continue;
    }
    std::istringstream row(line);
    std::int64_t id = 0, frame = 0;
    double x = 0, y = 0, z = 0;
    if (!(row >> id >> frame >> x >> y >> z) || !(fps > 0))
      throw Error(ErrorCode::kBadValue, "cannot read trajectory line " + std::to_string(n),
                  {.file = source + ":" + std::to_string(n),
                   .fix = "the file needs '# framerate: F' and lines 'id frame x y z'"});
    t.rows.push_back({{id, static_cast<double>(frame) / fps, z}, geo::Geometry(geo::Point{x, y})});
  }
  return t;
}

std::vector<std::string> drill_exit_names(const Document& doc) {
  std::vector<std::string> names;
  if (const auto* t = doc.extra_layer(kDrillExitsLayer)) {
    const auto col = t->column_index("name");
    for (const auto& r : t->rows) names.push_back(model::value_as_text(r.values[col]));
  }
  return names;
}

bool closes(const std::string& close_param, const std::string& exit_name) {
  const auto items = split_list(close_param);
  return std::any_of(items.begin(), items.end(), [&](const std::string& c) {
    return c == exit_name || c.rfind(exit_name + "@", 0) == 0;
  });
}

std::string toggle_closure(const std::string& close_param, const std::string& exit_name) {
  std::string out;
  bool removed = false;
  for (const auto& c : split_list(close_param)) {
    if (c == exit_name || c.rfind(exit_name + "@", 0) == 0) {
      removed = true;
      continue;
    }
    out += (out.empty() ? "" : ",") + c;
  }
  if (!removed) out += (out.empty() ? "" : ",") + exit_name + "@0";
  return out;
}

}  // namespace huxiao::viewer
