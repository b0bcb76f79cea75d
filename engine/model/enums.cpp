// String forms of the model's enumerations: the English keys are what the store and scenario
// files hold; Chinese words are accepted on input because county spreadsheets use them.
#include <array>

#include "core/text.hpp"
#include "model/poi.hpp"
#include "model/police.hpp"
#include "model/project.hpp"
#include "model/road.hpp"
#include "model/water.hpp"

namespace huxiao::model {
namespace {

template <class E, std::size_t N>
std::optional<E> lookup(std::string_view text,
                        const std::array<std::pair<std::string_view, E>, N>& table) {
  const std::string t = text::to_lower_ascii(text::trim(text));
  for (const auto& [word, value] : table) {
    if (t == word) return value;
  }
  return std::nullopt;
}

}  // namespace

// [SECTION] water
std::string_view to_string(WaterKind kind) {
  switch (kind) {
    case WaterKind::kReservoir:
      return "reservoir";
    case WaterKind::kLake:
      return "lake";
    case WaterKind::kPond:
      return "pond";
    case WaterKind::kRiver:
      return "river";
    case WaterKind::kStream:
      return "stream";
    case WaterKind::kCanal:
      return "canal";
    case WaterKind::kDitch:
      return "ditch";
  }
  return "pond";
}

const std::vector<WaterKind>& all_water_kinds() {
  static const std::vector<WaterKind> kinds = {
      WaterKind::kReservoir, WaterKind::kLake,  WaterKind::kPond, WaterKind::kRiver,
      WaterKind::kStream,    WaterKind::kCanal, WaterKind::kDitch};
  return kinds;
}

std::optional<WaterKind> parse_water_kind(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, WaterKind>, 22> kTable = {{
      {"reservoir", WaterKind::kReservoir},
      {"水库", WaterKind::kReservoir},
      {"basin", WaterKind::kReservoir},
      {"lake", WaterKind::kLake},
      {"湖", WaterKind::kLake},
      {"湖泊", WaterKind::kLake},
      {"pond", WaterKind::kPond},
      {"坝塘", WaterKind::kPond},
      {"池塘", WaterKind::kPond},
      {"塘", WaterKind::kPond},
      {"river", WaterKind::kRiver},
      {"河", WaterKind::kRiver},
      {"河流", WaterKind::kRiver},
      {"riverbank", WaterKind::kRiver},
      {"stream", WaterKind::kStream},
      {"溪", WaterKind::kStream},
      {"canal", WaterKind::kCanal},
      {"渠", WaterKind::kCanal},
      {"ditch", WaterKind::kDitch},
      {"drain", WaterKind::kDitch},
      {"沟", WaterKind::kDitch},
      {"oxbow", WaterKind::kPond},
  }};
  return lookup(text, kTable);
}

// [SECTION] roads
std::string_view to_string(RoadClass c) {
  switch (c) {
    case RoadClass::kMotorway:
      return "motorway";
    case RoadClass::kTrunk:
      return "trunk";
    case RoadClass::kPrimary:
      return "primary";
    case RoadClass::kSecondary:
      return "secondary";
    case RoadClass::kTertiary:
      return "tertiary";
    case RoadClass::kUnclassified:
      return "unclassified";
    case RoadClass::kResidential:
      return "residential";
    case RoadClass::kLivingStreet:
      return "living_street";
    case RoadClass::kService:
      return "service";
    case RoadClass::kPedestrian:
      return "pedestrian";
    case RoadClass::kFootway:
      return "footway";
    case RoadClass::kPath:
      return "path";
    case RoadClass::kSteps:
      return "steps";
    case RoadClass::kCycleway:
      return "cycleway";
    case RoadClass::kTrack:
      return "track";
  }
  return "residential";
}

const std::vector<RoadClass>& all_road_classes() {
  static const std::vector<RoadClass> classes = {
      RoadClass::kMotorway,    RoadClass::kTrunk,        RoadClass::kPrimary,
      RoadClass::kSecondary,   RoadClass::kTertiary,     RoadClass::kUnclassified,
      RoadClass::kResidential, RoadClass::kLivingStreet, RoadClass::kService,
      RoadClass::kPedestrian,  RoadClass::kFootway,      RoadClass::kPath,
      RoadClass::kSteps,       RoadClass::kCycleway,     RoadClass::kTrack};
  return classes;
}

std::optional<RoadClass> parse_road_class(std::string_view osm_highway) {
  std::string t = text::to_lower_ascii(text::trim(osm_highway));
  if (t.ends_with("_link")) t.resize(t.size() - 5);
  for (RoadClass c : all_road_classes()) {
    if (t == to_string(c)) return c;
  }
  if (t == "road") return RoadClass::kUnclassified;
  if (t == "bridleway" || t == "corridor") return RoadClass::kPath;
  return std::nullopt;  // construction, proposed, platform, ...: not a usable road
}

const RoadClassDefaults& defaults_for(RoadClass c) {
  // Urban free-flow speeds used when a way has no maxspeed (km/h).
  static const std::array<RoadClassDefaults, 15> kDefaults = {{
      {80, true, false},  // motorway
      {60, true, true},   // trunk
      {50, true, true},   // primary
      {40, true, true},   // secondary
      {35, true, true},   // tertiary
      {30, true, true},   // unclassified
      {25, true, true},   // residential
      {10, true, true},   // living_street
      {15, true, true},   // service
      {5, false, true},   // pedestrian
      {5, false, true},   // footway
      {5, false, true},   // path
      {3, false, true},   // steps
      {15, false, true},  // cycleway
      {15, true, true},   // track
  }};
  return kDefaults[static_cast<std::size_t>(c)];
}

bool is_arterial(RoadClass c) {
  return c == RoadClass::kMotorway || c == RoadClass::kTrunk || c == RoadClass::kPrimary ||
         c == RoadClass::kSecondary;
}

// [SECTION] points of interest
std::string_view to_string(PoiCategory c) {
  switch (c) {
    case PoiCategory::kInternetCafe:
      return "internet_cafe";
    case PoiCategory::kGameArcade:
      return "game_arcade";
    case PoiCategory::kBarKtv:
      return "bar_ktv";
    case PoiCategory::kTobacco:
      return "tobacco";
    case PoiCategory::kAlcohol:
      return "alcohol";
    case PoiCategory::kLottery:
      return "lottery";
    case PoiCategory::kHotel:
      return "hotel";
    case PoiCategory::kGambling:
      return "gambling";
    case PoiCategory::kNewsstand:
      return "newsstand";
  }
  return "internet_cafe";
}

const std::vector<PoiCategory>& all_poi_categories() {
  static const std::vector<PoiCategory> categories = {
      PoiCategory::kInternetCafe, PoiCategory::kGameArcade, PoiCategory::kBarKtv,
      PoiCategory::kTobacco,      PoiCategory::kAlcohol,    PoiCategory::kLottery,
      PoiCategory::kHotel,        PoiCategory::kGambling,   PoiCategory::kNewsstand};
  return categories;
}

std::optional<PoiCategory> parse_poi_category(std::string_view text) {
  const std::string t = text::to_lower_ascii(text::trim(text));
  for (PoiCategory c : all_poi_categories()) {
    if (t == to_string(c)) return c;
  }
  static constexpr std::array<std::pair<std::string_view, PoiCategory>, 14> kTable = {{
      {"网吧", PoiCategory::kInternetCafe},
      {"互联网上网服务营业场所", PoiCategory::kInternetCafe},
      {"游戏厅", PoiCategory::kGameArcade},
      {"电子游戏", PoiCategory::kGameArcade},
      {"酒吧", PoiCategory::kBarKtv},
      {"ktv", PoiCategory::kBarKtv},
      {"歌舞厅", PoiCategory::kBarKtv},
      {"烟草", PoiCategory::kTobacco},
      {"电子烟", PoiCategory::kTobacco},
      {"酒类", PoiCategory::kAlcohol},
      {"彩票", PoiCategory::kLottery},
      {"宾馆", PoiCategory::kHotel},
      {"旅馆", PoiCategory::kHotel},
      {"酒店", PoiCategory::kHotel},
  }};
  return lookup(t, kTable);
}

// [SECTION] police
std::string_view to_string(PoliceKind k) {
  switch (k) {
    case PoliceKind::kStation:
      return "station";
    case PoliceKind::kPost:
      return "post";
    case PoliceKind::kKiosk:
      return "kiosk";
  }
  return "station";
}

std::optional<PoliceKind> parse_police_kind(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, PoliceKind>, 6> kTable = {{
      {"station", PoliceKind::kStation},
      {"派出所", PoliceKind::kStation},
      {"post", PoliceKind::kPost},
      {"警务室", PoliceKind::kPost},
      {"kiosk", PoliceKind::kKiosk},
      {"岗亭", PoliceKind::kKiosk},
  }};
  return lookup(text, kTable);
}

PoliceKind police_kind_from_name(std::string_view name) {
  if (text::contains(name, "岗亭") || text::contains(name, "警务亭") ||
      text::contains(text::to_lower_ascii(name), "kiosk")) {
    return PoliceKind::kKiosk;
  }
  if (text::contains(name, "警务室") || text::contains(name, "警务站") ||
      text::contains(name, "执勤点") || text::contains(name, "护学岗")) {
    return PoliceKind::kPost;
  }
  return PoliceKind::kStation;
}

// [SECTION] project
geo::Box Project::extent() const {
  geo::Box b;
  for (const auto& s : schools) b.expand(s.location);
  for (const auto& w : water) b.expand(geo::bounds(w.area));
  for (const auto& w : waterways) b.expand(geo::bounds(w.line));
  for (const auto& r : roads) b.expand(geo::bounds(r.line));
  for (const auto& p : pois) b.expand(p.location);
  for (const auto& p : police) b.expand(p.location);
  return b;
}

}  // namespace huxiao::model
