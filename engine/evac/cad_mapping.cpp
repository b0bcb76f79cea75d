#include "evac/cad_mapping.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/text.hpp"
#include "io/cad.hpp"

namespace huxiao::evac {

namespace {

// [SECTION] roles and the properties each takes (the plan format's attributes)

struct RoleSpec {
  const char* role;
  std::vector<std::string> properties;
  bool area;  // needs polygons: closed outlines or hatches
};

const std::vector<RoleSpec>& role_specs() {
  static const std::vector<RoleSpec> specs{
      {"walkable", {"z"}, true},
      {"obstacle", {}, false},
      {"exit", {"name", "width"}, false},
      {"room", {"students", "class", "age", "premovement", "release", "exit"}, true},
      {"assembly", {"name"}, true},
      {"stair", {"name", "up_bearing", "speed_up", "speed_down", "z_bottom", "z_top"}, true},
      {"label", {}, false},
      {"ignore", {}, false}};
  return specs;
}

const RoleSpec* spec_of(std::string_view role) {
  for (const RoleSpec& s : role_specs())
    if (role == s.role) return &s;
  return nullptr;
}

std::vector<std::string> role_names() {
  std::vector<std::string> names;
  for (const RoleSpec& s : role_specs()) names.emplace_back(s.role);
  return names;
}

const std::map<std::string, double, std::less<>>& units() {
  static const std::map<std::string, double, std::less<>> table{
      {"mm", 0.001}, {"cm", 0.01}, {"dm", 0.1}, {"m", 1.0}, {"inch", 0.0254}, {"foot", 0.3048}};
  return table;
}

CadLayerRule parse_rule(scenario::Section& s) {
  CadLayerRule rule;
  rule.layer = s.required_string("layer");
  rule.role = s.required_choice("role", role_names());
  const RoleSpec& spec = *spec_of(rule.role);
  s.allow(spec.properties);
  for (const std::string& key : spec.properties)
    if (auto value = s.optional_string(key)) rule.properties.emplace_back(key, std::move(*value));
  s.finish();
  return rule;
}

}  // namespace

const CadLayerRule* CadMapping::rule_for(std::string_view cad_layer) const {
  const std::string name(cad_layer);
  for (const CadLayerRule& r : layers)
    if (fnmatch(r.layer.c_str(), name.c_str(), FNM_CASEFOLD) == 0) return &r;
  return nullptr;
}

CadMapping parse_cad_mapping(scenario::Section& section) {
  CadMapping mapping;
  mapping.origin = section.path().empty() ? section.file()
                                          : fmt::format("{} ({})", section.file(), section.path());
  if (const auto unit = section.optional_string("units")) {
    const auto found = units().find(*unit);
    if (found == units().end())
      section.fail("units", fmt::format("unknown drawing unit '{}'", *unit),
                   "use mm, cm, dm, m, inch or foot");
    mapping.metres_per_unit = found->second;
  }
  for (scenario::Section& rule : section.required_section_list("layers"))
    mapping.layers.push_back(parse_rule(rule));
  section.finish();
  return mapping;
}

CadMapping load_cad_mapping(const std::filesystem::path& file) {
  scenario::Section top = scenario::Section::from_file(file);
  return parse_cad_mapping(top);
}

// [SECTION] labels

RoomLabel parse_room_label(std::string_view text) {
  const std::string t = text::trim(text);
  if (!t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return {"", std::stoi(t)};
  // The last run of digits followed (after spaces) by 人 or 名 is the head count.
  std::optional<int> students;
  std::size_t cut_from = std::string::npos, cut_to = 0;
  for (std::size_t k = 0; k < t.size();) {
    if (t[k] < '0' || t[k] > '9') {
      ++k;
      continue;
    }
    std::size_t end = k;
    while (end < t.size() && t[end] >= '0' && t[end] <= '9') ++end;
    std::size_t after = end;
    while (after < t.size() && t[after] == ' ') ++after;
    const std::string_view rest = std::string_view(t).substr(after);
    if (rest.starts_with("人") || rest.starts_with("名")) {
      students = std::stoi(t.substr(k, end - k));
      cut_from = k;
      cut_to = after + std::string_view("人").size();
    }
    k = end;
  }
  std::string name = t;
  if (students) name = t.substr(0, cut_from) + t.substr(std::min(cut_to, t.size()));
  // Brackets and separators left around the removed count: "三年级2班（45人）".
  for (const char* junk : {"（）", "()", "（", "）", "(", ")", ",", "，", ":", "："}) {
    const std::string j(junk);
    while (name.size() >= j.size() && name.ends_with(j)) name.resize(name.size() - j.size());
  }
  return {text::trim(name), students};
}

// [SECTION] reading a drawing

namespace {

struct Label {
  geo::Point at;
  RoomLabel text;
};

double metres_per_unit(const io::VectorSource& source, const CadMapping& mapping,
                       std::vector<std::string>& notes) {
  if (mapping.metres_per_unit) {
    notes.push_back(
        fmt::format("drawing units from the mapping: {} m per unit", *mapping.metres_per_unit));
    return *mapping.metres_per_unit;
  }
  const io::DxfHeader header = io::read_dxf_header(source.file());
  const auto scale = io::metres_per_insunit(header.insunits);
  if (!scale)
    throw Error(
        ErrorCode::kBadValue,
        fmt::format("the drawing does not say its units ($INSUNITS {})", header.insunits),
        {.file = source.file().string(),
         .fix = fmt::format("add `units: mm` (or cm, m) to the CAD mapping {}", mapping.origin)});
  notes.push_back(
      fmt::format("drawing units from $INSUNITS {}: {} m per unit", header.insunits, *scale));
  return *scale;
}

geo::Geometry scaled(geo::Geometry g, double k) {
  const auto point = [k](geo::Point& p) { p = {p.x * k, p.y * k}; };
  const auto line = [&](std::vector<geo::Point>& l) { std::for_each(l.begin(), l.end(), point); };
  const auto polygon = [&](geo::Polygon& p) {
    line(p.outer);
    for (auto& h : p.holes) line(h);
  };
  std::visit(
      [&](auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, geo::Point>) point(v);
        if constexpr (std::is_same_v<T, geo::LineString>) line(v);
        if constexpr (std::is_same_v<T, geo::Polygon>) polygon(v);
        if constexpr (std::is_same_v<T, geo::MultiLineString>)
          std::for_each(v.begin(), v.end(), line);
        if constexpr (std::is_same_v<T, geo::MultiPolygon>)
          std::for_each(v.begin(), v.end(), polygon);
      },
      g);
  return g;
}

bool closed(const geo::LineString& l) {
  return l.size() >= 4 && l.front().x == l.back().x && l.front().y == l.back().y;
}

// Area roles take hatches (polygons) as they are and closed polylines as their outline.
geo::Geometry as_area(const geo::Geometry& g, const std::string& cad_layer, std::int64_t row,
                      const std::string& file) {
  if (const auto* l = std::get_if<geo::LineString>(&g)) {
    if (!closed(*l))
      throw Error(ErrorCode::kBadGeometry, "an area outline is an open polyline",
                  {.file = file,
                   .feature = fmt::format("CAD layer {}, entity {}", cad_layer, row),
                   .fix = "close the polyline in CAD (PEDIT, Close) or map the layer to a line "
                          "role (obstacle, exit)"});
    return geo::Polygon{*l, {}};
  }
  return g;
}

void attach_labels(CadFeatures& out, const std::vector<Label>& labels) {
  std::size_t outside = 0;
  for (const Label& label : labels) {
    io::RawFeature* room = nullptr;
    for (io::RawFeature& f : out.features) {
      const auto* p = f.geometry ? std::get_if<geo::Polygon>(&*f.geometry) : nullptr;
      if (p != nullptr && f.get_or("role") == "room" && geo::contains(*p, label.at)) {
        room = &f;
        break;
      }
    }
    if (room == nullptr) {
      ++outside;
      continue;
    }
    const auto set = [room](const std::string& key, const std::string& value) {
      for (auto& [k, v] : room->attributes)
        if (k == key) {
          v = value;
          return;
        }
      room->attributes.emplace_back(key, value);
    };
    if (!label.text.name.empty() && room->get("name") == nullptr) set("name", label.text.name);
    if (label.text.students) set("students", std::to_string(*label.text.students));
  }
  if (outside > 0)
    out.notes.push_back(
        fmt::format("{} room label(s) lie outside every room and were left out", outside));
}

// Exits and stairs are closed by name (--close NAME@T): a name given to a whole layer is numbered.
void name_apart(std::vector<io::RawFeature>& features) {
  std::map<std::string, int> uses;
  for (const io::RawFeature& f : features)
    if (const std::string* n = f.get("name")) ++uses[*n];
  std::map<std::string, int> seen;
  for (io::RawFeature& f : features)
    for (auto& [key, value] : f.attributes)
      if (key == "name" && uses[value] > 1) value += fmt::format("-{}", ++seen[value]);
}

}  // namespace

CadFeatures read_cad_features(const io::VectorSource& source, const CadMapping& mapping) {
  CadFeatures out;
  const double k = metres_per_unit(source, mapping, out.notes);
  const std::string file = source.file().string();
  std::map<std::string, int> unmapped;
  std::vector<Label> labels;
  source.for_each([&](const io::RawFeature& f) {
    const std::string cad_layer = f.get_or("Layer");
    const CadLayerRule* rule = mapping.rule_for(cad_layer);
    if (rule == nullptr) {
      ++unmapped[cad_layer];
      return;
    }
    if (rule->role == "ignore" || !f.geometry) return;
    const geo::Geometry g = scaled(*f.geometry, k);
    const std::string* text = f.get("Text");
    const bool is_text = text != nullptr && std::holds_alternative<geo::Point>(g);
    // Text on a room layer names its room, as on a label layer.
    if (rule->role == "label" || (rule->role == "room" && is_text)) {
      if (is_text) labels.push_back({std::get<geo::Point>(g), parse_room_label(*text)});
      return;
    }
    if (std::holds_alternative<geo::Point>(g)) return;  // blocks' insertion points, dimensions
    io::RawFeature mapped;
    out.layer_names.push_back(cad_layer);
    mapped.layer = &out.layer_names.back();
    mapped.row = f.row;
    mapped.attributes.emplace_back("role", rule->role);
    for (const auto& property : rule->properties) mapped.attributes.push_back(property);
    mapped.geometry = spec_of(rule->role)->area ? as_area(g, cad_layer, f.row, file) : g;
    out.features.push_back(std::move(mapped));
  });
  attach_labels(out, labels);
  name_apart(out.features);
  if (!unmapped.empty()) {
    std::string list;
    for (const auto& [layer, count] : unmapped)
      list += fmt::format("{}{} ({})", list.empty() ? "" : ", ", layer, count);
    out.notes.push_back(fmt::format("CAD layers not in the mapping, left out: {}", list));
  }
  return out;
}

void throw_unmapped_cad(const std::filesystem::path& file) {
  const io::VectorSource source = io::VectorSource::open(file);
  std::map<std::string, int> layers;
  source.for_each([&](const io::RawFeature& f) { ++layers[f.get_or("Layer")]; });
  std::string list;
  for (const auto& [layer, count] : layers)
    list += fmt::format("{}{} ({})", list.empty() ? "" : ", ", layer, count);
  throw Error(ErrorCode::kBadValue,
              fmt::format("a CAD drawing needs its layers mapped to plan roles; its layers: {}",
                          list.empty() ? "none" : list),
              {.file = file.string(),
               .fix = "write a mapping (docs/evac.md, \"CAD plans\"), e.g. cad: {units: mm, "
                      "layers: [{layer: WALL, role: obstacle}, {layer: ROOM, role: room}, "
                      "{layer: EXIT, role: exit}, {layer: FLOOR, role: walkable}]}, and give it as "
                      "`cad:` in the scenario's evac section or `--cad MAPPING.yaml`"});
}

}  // namespace huxiao::evac
