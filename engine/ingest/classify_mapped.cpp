#include "ingest/classify_mapped.hpp"

#include <array>
#include <filesystem>

#include <fmt/format.h>

#include "core/text.hpp"
#include "ingest/classify_tags.hpp"

namespace huxiao::ingest {
namespace {

using quality::Issue;
using quality::Severity;
using scenario::LayerMapping;
using scenario::LayerTarget;

// [SECTION] reading one mapped field

class FieldReader {
 public:
  FieldReader(const io::RawFeature& f, const LayerMapping& m, std::vector<Issue>& problems)
      : f_(f), m_(m), problems_(problems) {}

  // The translated text of a mapped field; nullopt if unmapped or blank.
  std::optional<std::string> text(std::string_view field) const {
    const std::string* column = m_.column(field);
    if (column == nullptr) return std::nullopt;
    const std::string* raw = f_.get(*column);
    if (raw == nullptr) return std::nullopt;
    const std::string value = text::trim(*raw);
    if (value.empty()) return std::nullopt;
    return m_.translate(field, value);
  }

  template <class T, class Parse>
  std::optional<T> parsed(std::string_view field, Parse parse, std::string_view expected) {
    const auto value = text(field);
    if (!value) return std::nullopt;
    if (auto v = parse(*value)) return v;
    problem(Severity::kWarning, "bad_value",
            fmt::format("column '{}' holds '{}', not {}", *m_.column(field), *value, expected),
            "ignored; the default is used");
    return std::nullopt;
  }

  std::optional<int> count(std::string_view field) {
    return parsed<int>(
        field,
        [](const std::string& s) -> std::optional<int> {
          const auto v = text::parse_int(s);
          if (!v || *v < 0 || *v > 10'000'000) return std::nullopt;
          return static_cast<int>(*v);
        },
        "a whole number");
  }

  std::optional<double> number(std::string_view field) {
    return parsed<double>(
        field, [](const std::string& s) { return text::parse_double(s); }, "a number");
  }

  std::optional<bool> boolean(std::string_view field) {
    return parsed<bool>(
        field,
        [](const std::string& s) -> std::optional<bool> {
          const std::string t = text::to_lower_ascii(s);
          for (auto yes : {"yes", "true", "1", "y", "是", "有", "住宿", "寄宿"})
            if (t == yes) return true;
          for (auto no : {"no", "false", "0", "n", "否", "无", "走读"})
            if (t == no) return false;
          return std::nullopt;
        },
        "yes/no (是/否)");
  }

  std::optional<model::TimeOfDay> time(std::string_view field) {
    return parsed<model::TimeOfDay>(
        field, [](const std::string& s) { return model::TimeOfDay::parse(s); },
        "a time like 07:40");
  }

  void problem(Severity severity, std::string code, std::string message, std::string action) {
    Issue i;
    i.severity = severity;
    i.code = std::move(code);
    i.message = std::move(message);
    i.action = std::move(action);
    problems_.push_back(std::move(i));
  }

  const io::RawFeature& feature() const { return f_; }
  const LayerMapping& mapping() const { return m_; }

 private:
  const io::RawFeature& f_;
  const LayerMapping& m_;
  std::vector<Issue>& problems_;
};

// [SECTION] geometry from columns or from the feature

// Reads a coordinate pair from columns; nullopt (with a problem) if it is missing or not numeric.
std::optional<geo::Point> point_from_columns(FieldReader& r, std::string_view fx,
                                             std::string_view fy) {
  const std::string* cx = r.mapping().column(fx);
  const std::string* cy = r.mapping().column(fy);
  const std::string* vx = r.feature().get(*cx);
  const std::string* vy = r.feature().get(*cy);
  if (vx == nullptr || vy == nullptr || text::trim(*vx).empty() || text::trim(*vy).empty()) {
    r.problem(Severity::kError, "missing_coordinates",
              fmt::format("no coordinates in columns '{}'/'{}'", *cx, *cy), "dropped");
    return std::nullopt;
  }
  const auto x = text::parse_double(*vx);
  const auto y = text::parse_double(*vy);
  if (!x || !y) {
    const std::string& bad_column = x ? *cy : *cx;
    const std::string& bad_value = x ? *vy : *vx;
    r.problem(Severity::kError, "bad_coordinate_value",
              fmt::format("coordinate column '{}' holds '{}', which is not a number", bad_column,
                          text::trim(bad_value)),
              "dropped; fix the cell (decimal degrees such as 104.0652)");
    return std::nullopt;
  }
  return geo::Point{*x, *y};
}

std::optional<geo::Geometry> geometry_of(FieldReader& r) {
  const LayerMapping& m = r.mapping();
  if (m.column("lon") && m.column("lat")) {
    if (auto p = point_from_columns(r, "lon", "lat")) return geo::Geometry{*p};
    return std::nullopt;
  }
  if (m.column("x") && m.column("y")) {
    if (auto p = point_from_columns(r, "x", "y")) return geo::Geometry{*p};
    return std::nullopt;
  }
  if (r.feature().geometry) return r.feature().geometry;
  r.problem(Severity::kError, "missing_geometry",
            r.feature().geometry_problem.empty() ? "the feature has no geometry"
                                                 : r.feature().geometry_problem,
            "dropped");
  return std::nullopt;
}

bool is_areal(const geo::Geometry& g) {
  return std::holds_alternative<geo::Polygon>(g) || std::holds_alternative<geo::MultiPolygon>(g);
}

geo::MultiPolygon as_multipolygon(const geo::Geometry& g) {
  if (const auto* p = std::get_if<geo::Polygon>(&g)) return {*p};
  return std::get<geo::MultiPolygon>(g);
}

std::optional<geo::Point> point_of(const geo::Geometry& g) {
  if (const auto* p = std::get_if<geo::Point>(&g)) return *p;
  if (is_areal(g)) return geo::centroid(as_multipolygon(g));
  if (const auto* l = std::get_if<geo::LineString>(&g)) return geo::midpoint_along(*l);
  return std::nullopt;
}

std::vector<geo::LineString> lines_of(const geo::Geometry& g) {
  if (const auto* l = std::get_if<geo::LineString>(&g)) return {*l};
  if (const auto* ml = std::get_if<geo::MultiLineString>(&g)) return *ml;
  if (is_areal(g)) {
    std::vector<geo::LineString> rings;
    for (const auto& poly : as_multipolygon(g)) rings.push_back(poly.outer);
    return rings;
  }
  return {};
}

// [SECTION] one builder per target

void build_school(FieldReader& r, const geo::Geometry& g, MappedClassification& out) {
  model::School s;
  s.name = r.text("name").value_or("");
  model::SchoolFacts facts;
  facts.level = r.parsed<model::SchoolLevel>(
      "level", [](const std::string& v) { return model::parse_school_level(v); },
      "a school level (幼儿园/小学/初中/高中/九年一贯制/...)");
  facts.enrollment = r.count("enrollment");
  facts.boarding = r.boolean("boarding");
  facts.morning_bell = r.time("morning_bell");
  facts.dismissal = r.time("dismissal");
  model::apply_facts_with_defaults(s, facts);
  if (is_areal(g)) {
    s.campus = as_multipolygon(g);
    s.defaulted.location_from_campus = true;
  }
  const auto p = point_of(g);
  if (!p) {
    r.problem(Severity::kError, "wrong_geometry", "a school needs a point or a polygon", "dropped");
    return;
  }
  s.location = *p;
  if (r.mapping().column("gate_lon") && r.mapping().column("gate_lat") && r.text("gate_lon") &&
      r.text("gate_lat")) {
    if (auto gate = point_from_columns(r, "gate_lon", "gate_lat"))
      s.gates.push_back({*gate, "gate"});
  }
  out.features.emplace_back(std::move(s));
}

model::Safeguards safeguards_of(FieldReader& r) {
  model::Safeguards sg;
  sg.warning_sign = r.boolean("warning_sign").value_or(false);
  sg.fence = r.boolean("fence").value_or(false);
  sg.rescue_equipment = r.boolean("rescue_equipment").value_or(false);
  return sg;
}

void build_water(FieldReader& r, const geo::Geometry& g, bool as_waterway,
                 MappedClassification& out) {
  const auto kind = r.parsed<model::WaterKind>(
      "kind", [](const std::string& v) { return model::parse_water_kind(v); },
      "a water kind (水库/河流/坝塘/...)");
  if (!as_waterway) {
    if (!is_areal(g)) {
      r.problem(Severity::kError, "wrong_geometry", "a water body needs a polygon", "dropped");
      return;
    }
    model::WaterBody w;
    w.name = r.text("name").value_or("");
    w.kind = kind.value_or(model::WaterKind::kLake);
    w.kind_inferred = !kind;
    w.area = as_multipolygon(g);
    w.safeguards = safeguards_of(r);
    w.responsible_unit = r.text("responsible_unit").value_or("");
    out.features.emplace_back(std::move(w));
    return;
  }
  for (auto& line : lines_of(g)) {
    model::Waterway w;
    w.name = r.text("name").value_or("");
    w.kind = kind.value_or(model::WaterKind::kRiver);
    w.line = std::move(line);
    w.safeguards = safeguards_of(r);
    w.responsible_unit = r.text("responsible_unit").value_or("");
    out.features.emplace_back(std::move(w));
  }
}

void build_road(FieldReader& r, const geo::Geometry& g, MappedClassification& out) {
  const auto cls = r.parsed<model::RoadClass>(
      "class", [](const std::string& v) { return model::parse_road_class(v); },
      "a road class (primary/secondary/residential/...)");
  const model::RoadClass road_class = cls.value_or(model::RoadClass::kUnclassified);
  const auto& d = model::defaults_for(road_class);
  const auto speed = r.number("speed_kmh");
  for (auto& line : lines_of(g)) {
    model::Road road;
    road.name = r.text("name").value_or("");
    road.road_class = road_class;
    road.speed_kmh = speed.value_or(d.speed_kmh);
    road.speed_defaulted = !speed;
    road.oneway = r.boolean("oneway").value_or(false);
    road.drivable = r.boolean("drivable").value_or(d.drivable);
    road.walkable = r.boolean("walkable").value_or(d.walkable);
    road.line = std::move(line);
    out.features.emplace_back(std::move(road));
  }
}

void build_poi(FieldReader& r, const geo::Geometry& g, MappedClassification& out) {
  const auto category = r.parsed<model::PoiCategory>(
      "category", [](const std::string& v) { return model::parse_poi_category(v); },
      "a category (网吧/游戏厅/KTV/烟草/彩票/宾馆/...)");
  if (!category) {
    r.problem(Severity::kError, "missing_category", "the point of interest has no known category",
              "dropped");
    return;
  }
  model::Poi p;
  p.name = r.text("name").value_or("");
  p.category = *category;
  p.location = *point_of(g);
  out.features.emplace_back(std::move(p));
}

void build_police(FieldReader& r, const geo::Geometry& g, MappedClassification& out) {
  model::PoliceUnit p;
  p.name = r.text("name").value_or("");
  p.kind = r.parsed<model::PoliceKind>(
                "kind", [](const std::string& v) { return model::parse_police_kind(v); },
                "station/post/kiosk (派出所/警务室/岗亭)")
               .value_or(model::police_kind_from_name(p.name));
  p.officers = r.count("officers").value_or(0);
  p.location = *point_of(g);
  out.features.emplace_back(std::move(p));
}

// [SECTION] column-name guessing

const std::string* find_column(const io::LayerInfo& layer,
                               std::initializer_list<std::string_view> names) {
  for (auto wanted : names) {
    for (const auto& f : layer.fields) {
      if (text::to_lower_ascii(text::trim(f)) == wanted) return &f;
    }
  }
  return nullptr;
}

}  // namespace

MappedClassification classify_mapped(const io::RawFeature& feature, const LayerMapping& mapping,
                                     const model::SourceRef& source) {
  MappedClassification out;
  FieldReader r(feature, mapping, out.problems);
  const auto geometry = geometry_of(r);
  if (!geometry) return out;

  // A table of OSM-tagged rows with coordinate columns (e.g. an export of OSM points).
  if (mapping.target == LayerTarget::kSchools && mapping.line == 0 && has_osm_tags(feature)) {
    io::RawFeature with_geometry = feature;
    with_geometry.geometry = geometry;
    for (auto& s : classify_tagged(with_geometry, source, false).features)
      out.features.push_back(std::move(s));
    return out;
  }
  switch (mapping.target) {
    case LayerTarget::kSchools:
      build_school(r, *geometry, out);
      break;
    case LayerTarget::kWater:
      build_water(r, *geometry, false, out);
      break;
    case LayerTarget::kWaterways:
      build_water(r, *geometry, true, out);
      break;
    case LayerTarget::kRoads:
      build_road(r, *geometry, out);
      break;
    case LayerTarget::kPois:
      build_poi(r, *geometry, out);
      break;
    case LayerTarget::kPolice:
      build_police(r, *geometry, out);
      break;
  }
  const auto id = r.text("id");
  for (auto& s : out.features) {
    std::visit(
        [&](auto& item) {
          item.source = source;
          item.id = id ? *id
                       : fmt::format("{}:{}", std::filesystem::path(source.file).stem().string(),
                                     source.row);
          item.source.original_id = id.value_or("");
        },
        s);
  }
  return out;
}

std::optional<LayerMapping> guess_mapping(const io::LayerInfo& layer) {
  LayerMapping m;
  m.source_layer = layer.name;
  m.target = LayerTarget::kSchools;
  m.line = 0;  // marks a guessed mapping
  const std::string* lon = find_column(layer, {"lon", "lng", "longitude", "long", "经度", "x"});
  const std::string* lat = find_column(layer, {"lat", "latitude", "纬度", "y"});
  if (lon == nullptr || lat == nullptr) return std::nullopt;
  m.fields["lon"] = *lon;
  m.fields["lat"] = *lat;
  const auto add = [&](std::string_view field, std::initializer_list<std::string_view> names) {
    if (const std::string* c = find_column(layer, names)) m.fields[std::string(field)] = *c;
  };
  add("name", {"name", "学校名称", "名称", "学校", "school", "school_name"});
  add("id", {"id", "编号", "学校代码", "school_id"});
  add("level", {"level", "学段", "办学类型", "学校类型"});
  add("enrollment", {"enrollment", "students", "在校人数", "在校生数", "学生数", "人数"});
  add("boarding", {"boarding", "住宿", "寄宿"});
  add("morning_bell", {"morning_bell", "上学时间", "到校时间"});
  add("dismissal", {"dismissal", "放学时间"});
  return m;
}

const LayerMapping* mapping_for(const scenario::Mapping* mapping, std::string_view layer) {
  return mapping ? mapping->for_layer(layer) : nullptr;
}

std::optional<geo::Crs> mapping_crs(const scenario::Mapping* mapping, std::string_view layer) {
  const LayerMapping* m = mapping_for(mapping, layer);
  return m ? m->crs : std::nullopt;
}

std::optional<std::string> mapping_encoding(const scenario::Mapping* mapping) {
  if (mapping == nullptr) return std::nullopt;
  for (const auto& l : mapping->layers)
    if (l.encoding) return l.encoding;
  return std::nullopt;
}

bool mapping_has_coordinates(const scenario::Mapping* mapping, std::string_view layer) {
  const LayerMapping* m = mapping_for(mapping, layer);
  return m && ((m->column("lon") && m->column("lat")) || (m->column("x") && m->column("y")));
}

}  // namespace huxiao::ingest
