#include "ingest/classify_tags.hpp"

#include <array>
#include <filesystem>

#include <fmt/format.h>

#include "core/text.hpp"

namespace huxiao::ingest {
namespace {

using io::RawFeature;

// [SECTION] helpers

bool is_yes(const std::string* v) {
  if (v == nullptr) return false;
  const std::string t = text::to_lower_ascii(*v);
  return t == "yes" || t == "true" || t == "1" || t == "viaduct" || t == "aqueduct";
}

bool one_of(const std::string* v, std::initializer_list<std::string_view> values) {
  if (v == nullptr) return false;
  for (auto x : values)
    if (*v == x) return true;
  return false;
}

std::string feature_id(const RawFeature& f, const model::SourceRef& src, bool from_osm) {
  if (from_osm) {
    const std::string& layer = *f.layer;
    if (layer == "points") return "osm:node/" + f.get_or("osm_id");
    if (layer == "lines") return "osm:way/" + f.get_or("osm_id");
    if (const std::string* way = f.get("osm_way_id"); way && !way->empty())
      return "osm:way/" + *way;
    return "osm:relation/" + f.get_or("osm_id");
  }
  for (const char* key : {"@id", "osm_id", "id", "ID", "fid"}) {
    if (const std::string* v = f.get(key); v && !v->empty()) return *v;
  }
  return fmt::format("{}:{}", std::filesystem::path(src.file).stem().string(), f.row);
}

std::string best_name(const RawFeature& f) {
  std::string name = text::trim(f.get_or("name"));
  if (name.empty()) name = text::trim(f.get_or("name:zh"));
  return name;
}

bool is_areal(const geo::Geometry& g) {
  return std::holds_alternative<geo::Polygon>(g) || std::holds_alternative<geo::MultiPolygon>(g);
}

geo::MultiPolygon as_multipolygon(const geo::Geometry& g) {
  if (const auto* p = std::get_if<geo::Polygon>(&g)) return {*p};
  return std::get<geo::MultiPolygon>(g);
}

// A representative point: the point itself, a line's midpoint, a polygon's centroid.
std::optional<geo::Point> representative_point(const geo::Geometry& g) {
  if (const auto* p = std::get_if<geo::Point>(&g)) return *p;
  if (const auto* l = std::get_if<geo::LineString>(&g)) return geo::midpoint_along(*l);
  if (is_areal(g)) return geo::centroid(as_multipolygon(g));
  if (const auto* ml = std::get_if<geo::MultiLineString>(&g); ml && !ml->empty()) {
    return geo::midpoint_along(ml->front());
  }
  return std::nullopt;
}

std::vector<geo::LineString> lines_of(const geo::Geometry& g) {
  if (const auto* l = std::get_if<geo::LineString>(&g)) return {*l};
  if (const auto* ml = std::get_if<geo::MultiLineString>(&g)) return *ml;
  return {};
}

// [SECTION] schools

std::optional<model::SchoolLevel> level_from_isced(const std::string* isced) {
  if (isced == nullptr) return std::nullopt;
  const std::string& v = *isced;
  const bool has0 = text::contains(v, "0"), has1 = text::contains(v, "1"),
             has2 = text::contains(v, "2"), has3 = text::contains(v, "3");
  if (has1 && has2) return model::SchoolLevel::kNineYear;
  if (has1) return model::SchoolLevel::kPrimary;
  if (has2) return model::SchoolLevel::kJunior;
  if (has3) return model::SchoolLevel::kSenior;
  if (has0) return model::SchoolLevel::kKindergarten;
  return std::nullopt;
}

std::optional<Staged> school_from(const RawFeature& f, const std::string& amenity) {
  model::School s;
  s.name = best_name(f);
  model::SchoolFacts facts;
  if (amenity == "kindergarten")
    facts.level = model::SchoolLevel::kKindergarten;
  else if (amenity == "university")
    facts.level = model::SchoolLevel::kUniversity;
  else if (amenity == "college")
    facts.level = model::level_from_name(s.name).value_or(model::SchoolLevel::kVocational);
  else
    facts.level = level_from_isced(f.get("isced:level"));
  if (const auto cap = text::parse_int(f.get_or("capacity")); cap && *cap > 0 && *cap < 100000) {
    facts.enrollment = static_cast<int>(*cap);
  }
  model::apply_facts_with_defaults(s, facts);
  const geo::Geometry& g = *f.geometry;
  if (is_areal(g)) {
    s.campus = as_multipolygon(g);
    s.defaulted.location_from_campus = true;  // the importer sets the centroid once projected
  }
  const auto p = representative_point(g);
  if (!p) return std::nullopt;
  s.location = *p;
  return s;
}

// [SECTION] water

std::optional<model::WaterKind> water_kind_of_area(const RawFeature& f, bool& inferred) {
  inferred = false;
  const std::string* natural = f.get("natural");
  const std::string* water = f.get("water");
  const std::string* landuse = f.get("landuse");
  const std::string* waterway = f.get("waterway");
  if (one_of(landuse, {"reservoir", "basin"})) return model::WaterKind::kReservoir;
  if (one_of(waterway, {"riverbank"})) return model::WaterKind::kRiver;
  if (waterway != nullptr && one_of(waterway, {"canal", "ditch", "drain", "river", "stream"})) {
    return model::parse_water_kind(*waterway == "drain" ? "ditch" : *waterway);
  }
  if (natural == nullptr || *natural != "water") return std::nullopt;
  if (water == nullptr) {
    inferred = true;  // pond or lake, decided by area after projection
    return model::WaterKind::kLake;
  }
  if (one_of(water, {"fountain", "wastewater", "reflecting_pool", "swimming_pool"}))
    return std::nullopt;
  if (one_of(water, {"lagoon"})) return model::WaterKind::kLake;
  if (one_of(water, {"oxbow", "fishpond", "pond"})) return model::WaterKind::kPond;
  if (one_of(water, {"moat"})) return model::WaterKind::kCanal;
  if (one_of(water, {"basin", "reservoir"})) return model::WaterKind::kReservoir;
  if (const auto k = model::parse_water_kind(*water)) return k;
  inferred = true;
  return model::WaterKind::kLake;
}

std::optional<model::WaterKind> waterway_kind(const std::string& waterway) {
  if (waterway == "river") return model::WaterKind::kRiver;
  if (waterway == "stream" || waterway == "brook") return model::WaterKind::kStream;
  if (waterway == "canal") return model::WaterKind::kCanal;
  if (waterway == "ditch" || waterway == "drain") return model::WaterKind::kDitch;
  return std::nullopt;
}

// [SECTION] roads

std::optional<double> parse_maxspeed(const std::string* v) {
  if (v == nullptr) return std::nullopt;
  std::string t = text::to_lower_ascii(text::trim(*v));
  const bool mph = text::contains(t, "mph");
  const auto space = t.find_first_not_of("0123456789.");
  if (space != std::string::npos) t = t.substr(0, space);
  const auto value = text::parse_double(t);
  if (!value || *value <= 0.0 || *value > 200.0) return std::nullopt;
  return mph ? *value * 1.609344 : *value;
}

std::vector<Staged> roads_from(const RawFeature& f, model::RoadClass road_class) {
  std::vector<Staged> out;
  const auto& d = model::defaults_for(road_class);
  const std::string* oneway = f.get("oneway");
  const bool reverse = one_of(oneway, {"-1", "reverse"});
  const bool is_oneway = reverse || is_yes(oneway) ||
                         one_of(f.get("junction"), {"roundabout", "circular"}) ||
                         (oneway == nullptr && road_class == model::RoadClass::kMotorway);
  const std::string* access = f.get("access");
  const std::string* foot = f.get("foot");
  const bool vehicles_barred =
      one_of(access, {"no", "private"}) || one_of(f.get("motor_vehicle"), {"no", "private"});
  for (auto& line : lines_of(*f.geometry)) {
    model::Road r;
    r.name = best_name(f);
    r.road_class = road_class;
    const auto maxspeed = parse_maxspeed(f.get("maxspeed"));
    r.speed_kmh = maxspeed.value_or(d.speed_kmh);
    r.speed_defaulted = !maxspeed;
    r.oneway = is_oneway;
    r.drivable = d.drivable && !vehicles_barred;
    r.walkable = d.walkable;
    if (one_of(foot, {"no"})) r.walkable = false;
    if (one_of(foot, {"yes", "designated", "permissive"})) r.walkable = true;
    if (one_of(access, {"no"}) && !one_of(foot, {"yes", "designated", "permissive"}))
      r.walkable = false;
    r.bridge = is_yes(f.get("bridge"));
    r.tunnel = is_yes(f.get("tunnel"));
    r.layer = static_cast<int>(text::parse_int(f.get_or("layer")).value_or(0));
    if (reverse) std::reverse(line.begin(), line.end());
    r.line = std::move(line);
    out.emplace_back(std::move(r));
  }
  return out;
}

// [SECTION] points of interest

std::optional<model::PoiCategory> poi_category_of(const RawFeature& f, const std::string& name) {
  const std::string* amenity = f.get("amenity");
  const std::string* shop = f.get("shop");
  const std::string* leisure = f.get("leisure");
  const std::string* tourism = f.get("tourism");
  using model::PoiCategory;
  if (one_of(amenity, {"internet_cafe"}) || text::contains(name, "网吧") ||
      text::contains(name, "网咖")) {
    return PoiCategory::kInternetCafe;
  }
  if (one_of(leisure, {"amusement_arcade", "adult_gaming_centre"}) ||
      text::contains(name, "游戏厅") || text::contains(name, "电玩")) {
    return PoiCategory::kGameArcade;
  }
  if (one_of(amenity, {"gambling", "casino"}) || one_of(shop, {"bookmaker"}))
    return PoiCategory::kGambling;
  if (one_of(amenity, {"bar", "pub", "nightclub", "karaoke_box", "stripclub"}) ||
      text::contains(text::to_lower_ascii(name), "ktv") || text::contains(name, "酒吧")) {
    return PoiCategory::kBarKtv;
  }
  if (one_of(shop, {"tobacco", "e-cigarette"}) || text::contains(name, "烟草") ||
      text::contains(name, "烟酒")) {
    return PoiCategory::kTobacco;
  }
  if (one_of(shop, {"alcohol", "wine", "beverages"})) return PoiCategory::kAlcohol;
  if (one_of(shop, {"lottery"}) || text::contains(name, "彩票")) return PoiCategory::kLottery;
  if (one_of(tourism, {"hotel", "motel", "guest_house", "hostel"})) return PoiCategory::kHotel;
  if (one_of(shop, {"newsagent"})) return PoiCategory::kNewsstand;
  return std::nullopt;
}

}  // namespace

bool has_osm_tags(const RawFeature& f) {
  for (const char* key :
       {"amenity", "highway", "waterway", "natural", "shop", "landuse", "leisure", "tourism"}) {
    if (f.get(key) != nullptr) return true;
  }
  return false;
}

TagClassification classify_tagged(const RawFeature& f, const model::SourceRef& source,
                                  bool from_osm) {
  TagClassification out;
  if (!f.geometry) return out;
  model::SourceRef src = source;
  const std::string id = feature_id(f, src, from_osm);
  src.original_id = id;
  const geo::Geometry& g = *f.geometry;
  const std::string amenity = f.get_or("amenity");
  const std::string name = best_name(f);
  const auto finish = [&](auto item) {
    item.id = id;
    item.source = src;
    if (item.name.empty()) item.name = name;
    out.features.emplace_back(std::move(item));
  };

  if (amenity == "school" || amenity == "kindergarten" || amenity == "college" ||
      amenity == "university") {
    if (auto s = school_from(f, amenity)) {
      std::visit([&](auto& item) { finish(std::move(item)); }, *s);
    }
    return out;
  }
  if (amenity == "police") {
    model::PoliceUnit p;
    p.name = name;
    p.kind =
        model::parse_police_kind(f.get_or("police")).value_or(model::police_kind_from_name(name));
    const auto at = representative_point(g);
    if (!at) return out;
    p.location = *at;
    finish(std::move(p));
    return out;
  }
  if (is_areal(g)) {
    bool inferred = false;
    if (const auto kind = water_kind_of_area(f, inferred)) {
      model::WaterBody w;
      w.name = name;
      w.kind = *kind;
      w.kind_inferred = inferred;
      w.area = as_multipolygon(g);
      finish(std::move(w));
      return out;
    }
  }
  if (const std::string* ww = f.get("waterway"); ww && !is_areal(g)) {
    if (const auto kind = waterway_kind(*ww)) {
      for (auto& line : lines_of(g)) {
        model::Waterway w;
        w.name = name;
        w.kind = *kind;
        w.line = std::move(line);
        finish(std::move(w));
      }
      return out;
    }
  }
  if (const std::string* hw = f.get("highway");
      hw && !is_areal(g) && !one_of(f.get("area"), {"yes"})) {
    if (const auto road_class = model::parse_road_class(*hw)) {
      for (auto& r : roads_from(f, *road_class)) {
        std::visit([&](auto& item) { finish(std::move(item)); }, r);
      }
      if (out.features.empty()) out.note = "highway without a line geometry";
    }
    return out;
  }
  if (const auto category = poi_category_of(f, name)) {
    model::Poi p;
    p.name = name;
    p.category = *category;
    const auto at = representative_point(g);
    if (!at) return out;
    p.location = *at;
    finish(std::move(p));
  }
  return out;
}

}  // namespace huxiao::ingest
