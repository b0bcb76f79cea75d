#include "evac/plan.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "evac/cad_mapping.hpp"
#include "geo/crs.hpp"
#include "io/geopackage.hpp"
#include "io/vector_source.hpp"
#include "model/table.hpp"

namespace huxiao::evac {

// [SECTION] plan queries

geo::Box Plan::bounds() const {
  geo::Box box;
  for (const Walkable& w : walkable) box.expand(geo::bounds(geo::Geometry{w.area}));
  for (const Stair& s : stairs) box.expand(geo::bounds(geo::Geometry{s.area}));
  for (const Exit& e : exits) {
    box.expand(e.a);
    box.expand(e.b);
  }
  return box;
}

int Plan::total_students() const {
  int n = 0;
  for (const Room& r : rooms) n += r.students;
  return n;
}

int Plan::exit_index(std::string_view n) const {
  for (std::size_t k = 0; k < exits.size(); ++k)
    if (exits[k].name == n) return static_cast<int>(k);
  return -1;
}

int Plan::stair_index(std::string_view n) const {
  for (std::size_t k = 0; k < stairs.size(); ++k)
    if (stairs[k].name == n) return static_cast<int>(k);
  return -1;
}

const char* age_group_name(AgeGroup age) {
  switch (age) {
    case AgeGroup::kPrimary:
      return "primary";
    case AgeGroup::kJunior:
      return "junior";
    case AgeGroup::kSenior:
      return "senior";
    case AgeGroup::kAdult:
      return "adult";
    case AgeGroup::kElderly:
      return "elderly";
    case AgeGroup::kImpaired:
      return "impaired";
  }
  return "adult";
}

std::optional<AgeGroup> parse_age_group(std::string_view text) {
  for (AgeGroup g : {AgeGroup::kPrimary, AgeGroup::kJunior, AgeGroup::kSenior, AgeGroup::kAdult,
                     AgeGroup::kElderly, AgeGroup::kImpaired})
    if (text == age_group_name(g)) return g;
  return std::nullopt;
}

namespace {

std::optional<double> to_number(std::string_view text) {
  double v = 0.0;
  const auto* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || p != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t k = 0; k <= text.size(); ++k) {
    if (k == text.size() || text[k] == sep) {
      parts.push_back(text.substr(start, k - start));
      start = k + 1;
    }
  }
  return parts;
}

}  // namespace

std::optional<Distribution> parse_distribution(std::string_view text) {
  const auto parts = split(text, ':');
  std::vector<double> v;
  for (std::size_t k = 1; k < parts.size(); ++k) {
    const auto n = to_number(parts[k]);
    if (!n) return std::nullopt;
    v.push_back(*n);
  }
  Distribution d;
  const std::string_view kind = parts[0];
  if (parts.size() == 1) {
    if (const auto n = to_number(kind); n && *n >= 0.0)
      return Distribution{Distribution::Kind::kFixed, *n, 0.0};
    return std::nullopt;
  }
  if (kind == "fixed" && v.size() == 1 && v[0] >= 0.0) {
    d = {Distribution::Kind::kFixed, v[0], 0.0};
  } else if (kind == "uniform" && v.size() == 2 && v[0] >= 0.0 && v[1] >= v[0]) {
    d = {Distribution::Kind::kUniform, v[0], v[1]};
  } else if (kind == "normal" && (v.size() == 2 || v.size() == 4) && v[1] >= 0.0) {
    d = {Distribution::Kind::kNormal, v[0], v[1]};
  } else if (kind == "lognormal" && (v.size() == 2 || v.size() == 4) && v[0] > 0.0 && v[1] >= 0.0) {
    d = {Distribution::Kind::kLognormal, v[0], v[1]};
  } else {
    return std::nullopt;
  }
  if (v.size() == 4) {
    if (v[2] < 0.0 || v[3] < v[2]) return std::nullopt;
    d.min = v[2];
    d.max = v[3];
  }
  return d;
}

std::string describe(const Distribution& d) {
  switch (d.kind) {
    case Distribution::Kind::kFixed:
      return fmt::format("fixed {} s", d.a);
    case Distribution::Kind::kUniform:
      return fmt::format("uniform {}–{} s", d.a, d.b);
    case Distribution::Kind::kNormal:
      return fmt::format("normal mean {} s, sd {} s", d.a, d.b);
    case Distribution::Kind::kLognormal:
      return fmt::format("lognormal median {} s, sigma {}", d.a, d.b);
  }
  return {};
}

// [SECTION] validation

namespace {

ErrorContext at(const Plan& plan, std::string feature, std::string fix) {
  return {.file = plan.source, .feature = std::move(feature), .fix = std::move(fix)};
}

bool segments_intersect(geo::Point p1, geo::Point p2, geo::Point q1, geo::Point q2) {
  const auto cross = [](geo::Point o, geo::Point a, geo::Point b) {
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  };
  const double d1 = cross(q1, q2, p1), d2 = cross(q1, q2, p2);
  const double d3 = cross(p1, p2, q1), d4 = cross(p1, p2, q2);
  return ((d1 > 0) != (d2 > 0)) && ((d3 > 0) != (d4 > 0)) && d1 != 0 && d2 != 0 && d3 != 0 &&
         d4 != 0;
}

// Interiors overlap: an edge crossing, or one polygon's interior point inside the other.
bool overlap(const geo::Polygon& a, const geo::Polygon& b) {
  if (!geo::bounds(geo::Geometry{a}).intersects(geo::bounds(geo::Geometry{b}))) return false;
  for (std::size_t i = 0; i + 1 < a.outer.size(); ++i)
    for (std::size_t j = 0; j + 1 < b.outer.size(); ++j)
      if (segments_intersect(a.outer[i], a.outer[i + 1], b.outer[j], b.outer[j + 1])) return true;
  const auto inner_point = [](const geo::Polygon& p) {
    return geo::centroid(geo::MultiPolygon{p});
  };
  return geo::contains(a, inner_point(b)) || geo::contains(b, inner_point(a));
}

}  // namespace

void validate(const Plan& plan) {
  if (plan.walkable.empty())
    throw Error(ErrorCode::kBadGeometry, "the plan has no walkable area",
                at(plan, "", "add polygons with role=walkable (floors, corridors, the yard)"));
  if (plan.exits.empty())
    throw Error(ErrorCode::kBadGeometry, "the plan has no exit",
                at(plan, "", "add a line with role=exit across each door to the outside"));
  for (const Exit& e : plan.exits) {
    if (!(e.width >= 0.5))
      throw Error(
          ErrorCode::kBadValue,
          fmt::format("exit '{}' is {:.2f} m wide, narrower than a person (0.5 m)", e.name,
                      e.width),
          at(plan, fmt::format("exit {}", e.name),
             "draw the exit line across the full clear width of the door, or set `width` (m)"));
  }
  for (std::size_t i = 0; i < plan.obstacles.size(); ++i)
    for (std::size_t j = i + 1; j < plan.obstacles.size(); ++j)
      if (overlap(plan.obstacles[i], plan.obstacles[j]))
        throw Error(
            ErrorCode::kBadGeometry,
            fmt::format("obstacles '{}' and '{}' overlap", plan.obstacle_names[i],
                        plan.obstacle_names[j]),
            at(plan, fmt::format("obstacle {}", plan.obstacle_names[j]),
               "merge overlapping obstacles into one polygon (QGIS: Dissolve) or move them apart"));
  for (const Room& r : plan.rooms) {
    if (r.students < 0)
      throw Error(ErrorCode::kBadValue,
                  fmt::format("room '{}' has {} students", r.name, r.students),
                  at(plan, fmt::format("room {}", r.name), "set `students` to 0 or more"));
    if (r.exit >= static_cast<int>(plan.exits.size()))
      throw Error(
          ErrorCode::kBadValue,
          fmt::format("room '{}' is assigned an exit that does not exist", r.name),
          at(plan, fmt::format("room {}", r.name), "name one of the plan's exits in `exit`"));
  }
  if (plan.total_students() <= 0)
    throw Error(ErrorCode::kEmptyInput, "the plan has no students: nobody to evacuate",
                at(plan, "", "give rooms (role=room) a `students` count above 0"));
  for (const Stair& s : plan.stairs) {
    if (!(s.speed_up > 0.0) || !(s.speed_down > 0.0))
      throw Error(ErrorCode::kBadValue, fmt::format("stair '{}' has a walking speed of 0", s.name),
                  at(plan, fmt::format("stair {}", s.name),
                     "set speed_up and speed_down in m/s (defaults 0.5 and 0.65)"));
  }
}

// [SECTION] reading

namespace {

std::vector<geo::Polygon> polygons_of(const geo::Geometry& g) {
  if (const auto* p = std::get_if<geo::Polygon>(&g)) return {*p};
  if (const auto* m = std::get_if<geo::MultiPolygon>(&g)) return *m;
  return {};
}

std::vector<geo::LineString> lines_of(const geo::Geometry& g) {
  if (const auto* l = std::get_if<geo::LineString>(&g)) return {*l};
  if (const auto* m = std::get_if<geo::MultiLineString>(&g)) return *m;
  return {};
}

void project_to_utm(Plan& plan, geo::Point lonlat) {
  plan.crs = geo::utm_crs_for(lonlat);
  const geo::Transformer t(geo::Crs::wgs84(), plan.crs);
  const auto point = [&](geo::Point& p) {
    const auto q = t.apply(p);
    if (!q)
      throw Error(ErrorCode::kBadCrs, "a plan coordinate cannot be projected",
                  {.file = plan.source});
    p = *q;
  };
  const auto ring = [&](geo::Ring& r) {
    for (auto& p : r) point(p);
  };
  const auto polygon = [&](geo::Polygon& p) {
    ring(p.outer);
    for (auto& h : p.holes) ring(h);
  };
  for (auto& w : plan.walkable) polygon(w.area);
  for (auto& o : plan.obstacles) polygon(o);
  for (auto& w : plan.walls) ring(w);
  for (auto& r : plan.rooms) polygon(r.area);
  for (auto& s : plan.stairs) polygon(s.area);
  for (auto& a : plan.assembly) polygon(a.area);
  for (auto& e : plan.exits) {
    point(e.a);
    point(e.b);
  }
}

struct FeatureReader {
  const Plan& plan;
  const io::RawFeature& f;
  std::string label;

  ErrorContext where(std::string fix) const { return at(plan, label, std::move(fix)); }

  double number(std::string_view key, double fallback) const {
    const std::string* text = f.get(key);
    if (!text || text->empty()) return fallback;
    const auto v = to_number(*text);
    if (!v)
      throw Error(ErrorCode::kBadValue, fmt::format("`{}` is '{}', not a number", key, *text),
                  where(fmt::format("write `{}` as a plain number", key)));
    return *v;
  }
};

}  // namespace

namespace {

using PendingExits = std::vector<std::pair<std::size_t, std::string>>;

// One feature with a `role` (and that role's properties as attributes) into the plan.
void add_feature(Plan& plan, const io::RawFeature& f, PendingExits& pending_exits) {
  const std::string name = f.get_or("name");
  FeatureReader r{plan, f,
                  fmt::format("layer {}, feature {}{}", f.layer ? *f.layer : "", f.row,
                              name.empty() ? "" : " (" + name + ")")};
  const std::string role = f.get_or("role");
  if (!f.geometry)
    throw Error(ErrorCode::kBadGeometry, "feature without geometry",
                r.where("give every plan feature a geometry"));
  const geo::Geometry& g = *f.geometry;
  const auto polys = polygons_of(g);
  const auto lines = lines_of(g);
  const auto need_polygon = [&](std::string_view what) {
    if (polys.empty())
      throw Error(ErrorCode::kBadGeometry, fmt::format("a {} must be a polygon", what),
                  r.where("draw it as a polygon"));
  };
  const auto label = [&](std::string_view kind, std::size_t index) {
    return name.empty() ? fmt::format("{} {}", kind, index + 1) : name;
  };
  if (role == "walkable") {
    need_polygon("walkable area");
    for (const auto& p : polys) plan.walkable.push_back({p, r.number("z", 0.0)});
  } else if (role == "obstacle" || role == "wall") {
    for (const auto& p : polys) {
      plan.obstacles.push_back(p);
      plan.obstacle_names.push_back(label("obstacle", plan.obstacles.size() - 1));
    }
    for (const auto& l : lines) plan.walls.push_back(l);
  } else if (role == "exit" || role == "door") {
    if (lines.empty() || lines.front().size() < 2)
      throw Error(ErrorCode::kBadGeometry, "an exit must be a line across the door",
                  r.where("draw the exit as a line"));
    const geo::LineString& l = lines.front();
    Exit e{label("exit", plan.exits.size()), l.front(), l.back(), 0.0};
    e.width = r.number("width", -1.0);  // -1: the line's length, measured in metres below
    plan.exits.push_back(e);
  } else if (role == "room") {
    need_polygon("room");
    Room room;
    room.name = label("room", plan.rooms.size());
    room.area = polys.front();
    const double students = r.number("students", 0.0);
    if (students != std::floor(students))
      throw Error(ErrorCode::kBadValue, "`students` is not a whole number",
                  r.where("give a head count"));
    room.students = static_cast<int>(students);
    room.group = f.get_or("class", room.name);
    if (const std::string* age = f.get("age")) {
      const auto a = parse_age_group(*age);
      if (!a)
        throw Error(ErrorCode::kBadValue, fmt::format("unknown age group '{}'", *age),
                    r.where("use primary, junior, senior, adult, elderly or impaired"));
      room.age = *a;
    }
    if (const std::string* pre = f.get("premovement")) {
      room.premovement = parse_distribution(*pre);
      if (!room.premovement)
        throw Error(ErrorCode::kBadValue, fmt::format("cannot read premovement '{}'", *pre),
                    r.where("write e.g. 30, uniform:10:60, normal:45:10 or lognormal:40:0.4"));
    }
    room.release = r.number("release", 0.0);
    room.exit = -1;
    if (const std::string* ex = f.get("exit"); ex && !ex->empty())
      pending_exits.emplace_back(plan.rooms.size(), *ex);
    plan.rooms.push_back(std::move(room));
  } else if (role == "assembly") {
    need_polygon("assembly area");
    plan.assembly.push_back({label("assembly", plan.assembly.size()), polys.front()});
  } else if (role == "stair") {
    need_polygon("stair");
    Stair s;
    s.name = label("stair", plan.stairs.size());
    s.area = polys.front();
    const double bearing = r.number("up_bearing", 0.0) * std::numbers::pi / 180.0;
    s.up = {std::sin(bearing), std::cos(bearing)};
    s.speed_up = r.number("speed_up", 0.5);
    s.speed_down = r.number("speed_down", 0.65);
    s.z_bottom = r.number("z_bottom", 0.0);
    s.z_top = r.number("z_top", s.z_bottom + 3.0);
    plan.stairs.push_back(s);
  } else {
    throw Error(ErrorCode::kBadValue,
                role.empty() ? std::string("feature without a `role`")
                             : fmt::format("unknown role '{}'", role),
                r.where("set `role` to walkable, obstacle, exit, room, assembly or stair"));
  }
}

// Everything after the features are in: longitude/latitude plans projected, exit widths measured,
// exits named by rooms resolved.
void finish_plan(Plan& plan, bool metric, const PendingExits& pending_exits) {
  const geo::Box extent = plan.bounds();
  const bool lonlat = !metric && !extent.empty() && extent.max_x - extent.min_x < 0.1 &&
                      extent.max_y - extent.min_y < 0.1 && extent.min_x >= -180 &&
                      extent.max_x <= 180 && extent.min_y >= -85 && extent.max_y <= 85;
  if (lonlat) project_to_utm(plan, extent.center());
  for (Exit& e : plan.exits)
    if (e.width < 0.0) e.width = geo::distance(e.a, e.b);
  // Exits named by rooms are resolved once every exit is known.
  for (const auto& [index, exit] : pending_exits) {
    Room& room = plan.rooms[index];
    room.exit = plan.exit_index(exit);
    if (room.exit < 0)
      throw Error(
          ErrorCode::kBadValue,
          fmt::format("room '{}' is assigned exit '{}', which the plan lacks", room.name, exit),
          at(plan, fmt::format("room {}", room.name),
             "name an exit line's `name` in the room's `exit`"));
  }
}

}  // namespace

Plan read_plan(const std::filesystem::path& file, const CadMapping* cad) {
  const bool is_dxf = text::to_lower_ascii(file.extension().string()) == ".dxf";
  if (is_dxf && cad == nullptr) throw_unmapped_cad(file);
  io::VectorSource source = io::VectorSource::open(file);
  Plan plan;
  plan.source = file.string();
  plan.name = file.stem().string();
  PendingExits pending_exits;
  // A plan drawn in longitude/latitude (QGIS on a web map) is projected to its UTM zone. A
  // GeoJSON without a `crs` member is WGS84 by the standard, yet plans written by hand are in
  // local metres: a "geographic" extent wider than 0.1° cannot be one building, so it is read
  // as metres without a CRS.
  bool metric = false;
  for (const io::LayerInfo& layer : source.layers()) {
    if (layer.crs && !layer.crs->is_geographic()) metric = true;
    if (layer.crs && plan.crs.empty() && !layer.crs->is_geographic()) plan.crs = *layer.crs;
  }
  if (cad != nullptr) {
    CadFeatures features = read_cad_features(source, *cad);
    plan.notes = std::move(features.notes);
    for (const io::RawFeature& f : features.features) add_feature(plan, f, pending_exits);
    metric = true;  // drawing units were scaled to metres
  } else {
    source.for_each([&](const io::RawFeature& f) { add_feature(plan, f, pending_exits); });
  }
  finish_plan(plan, metric, pending_exits);
  return plan;
}

// [SECTION] writing

void write_plan(const Plan& plan, const std::filesystem::path& file) {
  using model::ColumnType;
  const std::vector<model::Column> columns{
      {"role", ColumnType::kText},        {"name", ColumnType::kText},
      {"students", ColumnType::kInteger}, {"class", ColumnType::kText},
      {"age", ColumnType::kText},         {"premovement", ColumnType::kText},
      {"release", ColumnType::kReal},     {"z", ColumnType::kReal},
      {"width", ColumnType::kReal},       {"up_bearing", ColumnType::kReal},
      {"speed_up", ColumnType::kReal},    {"speed_down", ColumnType::kReal},
      {"z_bottom", ColumnType::kReal},    {"z_top", ColumnType::kReal}};
  model::Table areas{"plan_areas", model::GeometryKind::kMultiPolygon, columns, {}};
  model::Table lines{"plan_lines", model::GeometryKind::kLineString, columns, {}};
  const auto row = [&](std::string role, std::string name) {
    model::Row r;
    r.values.assign(columns.size(), std::monostate{});
    r.values[0] = std::move(role);
    r.values[1] = std::move(name);
    return r;
  };
  for (const Walkable& w : plan.walkable) {
    auto r = row("walkable", "");
    r.values[7] = w.z;
    r.geometry = geo::MultiPolygon{w.area};
    areas.rows.push_back(std::move(r));
  }
  for (std::size_t k = 0; k < plan.obstacles.size(); ++k) {
    auto r = row("obstacle", plan.obstacle_names[k]);
    r.geometry = geo::MultiPolygon{plan.obstacles[k]};
    areas.rows.push_back(std::move(r));
  }
  for (const Room& room : plan.rooms) {
    auto r = row("room", room.name);
    r.values[2] = static_cast<std::int64_t>(room.students);
    r.values[3] = room.group;
    r.values[4] = std::string(age_group_name(room.age));
    if (room.premovement) {
      const Distribution& d = *room.premovement;
      const char* kinds[] = {"fixed", "uniform", "normal", "lognormal"};
      r.values[5] = d.kind == Distribution::Kind::kFixed
                        ? fmt::format("{}", d.a)
                        : fmt::format("{}:{}:{}", kinds[static_cast<int>(d.kind)], d.a, d.b);
    }
    r.values[6] = room.release;
    r.geometry = geo::MultiPolygon{room.area};
    areas.rows.push_back(std::move(r));
  }
  for (const Assembly& a : plan.assembly) {
    auto r = row("assembly", a.name);
    r.geometry = geo::MultiPolygon{a.area};
    areas.rows.push_back(std::move(r));
  }
  for (const Stair& s : plan.stairs) {
    auto r = row("stair", s.name);
    r.values[9] = std::fmod(std::atan2(s.up.x, s.up.y) * 180.0 / std::numbers::pi + 360.0, 360.0);
    r.values[10] = s.speed_up;
    r.values[11] = s.speed_down;
    r.values[12] = s.z_bottom;
    r.values[13] = s.z_top;
    r.geometry = geo::MultiPolygon{s.area};
    areas.rows.push_back(std::move(r));
  }
  for (const geo::LineString& w : plan.walls) {
    auto r = row("obstacle", "");
    r.geometry = w;
    lines.rows.push_back(std::move(r));
  }
  for (const Exit& e : plan.exits) {
    auto r = row("exit", e.name);
    r.values[8] = e.width;
    r.geometry = geo::LineString{e.a, e.b};
    lines.rows.push_back(std::move(r));
  }
  const geo::Crs crs =
      plan.crs.empty() ? geo::Crs{"EPSG:32648", geo::ChineseOffset::kNone} : plan.crs;
  AtomicOutput out(file);
  {
    io::GeoPackage gpkg = io::GeoPackage::create(out.temp_path());
    gpkg.write_table(areas, crs);
    gpkg.write_table(lines, crs);
    gpkg.close();
  }
  out.commit();
}

}  // namespace huxiao::evac
