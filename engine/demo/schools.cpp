// Stage 3: the schools. Town schools take a block of their town's grid; village schools stand
// beside the village's main lane; a rare college sits on the seat's outskirts. Each gets a campus
// (most of them), gates on the campus edge and a short service road, footway, path or track from
// each gate to the street — which is how pupils really reach the school gate.
#include <algorithm>
#include <array>
#include <cmath>

#include "demo/county.hpp"
#include "demo/shapes.hpp"

namespace huxiao::demo {
namespace {

using model::RoadClass;
using model::SchoolLevel;
using model::TimeOfDay;

constexpr double kBlockMargin = 20.0;  // between a campus and its block's streets

// [SECTION] names
std::string numbered(const std::string& prefix, std::size_t n, const char* suffix) {
  return prefix + "第" + chinese_number(n) + suffix;
}

std::string kindergarten_name(County& c, const SchoolSite& s, const Place& p, Rng& rng) {
  if (p.kind == PlaceKind::kVillage)
    return c.names.claim(c.places[p.town].name + p.name + "幼儿园", "分园");
  if (s.rank == 0) return c.names.claim(p.name + "中心幼儿园", "分园");
  if (p.kind == PlaceKind::kSeat && s.rank == 1)
    return c.names.claim(c.name + "机关幼儿园", "分园");
  if (p.kind == PlaceKind::kSeat && s.rank % 2 == 0) {
    return c.names.claim(numbered(c.name, s.rank / 2, "幼儿园"), "分园");
  }
  // Private kindergartens carry a brand; the NameBook turns a repeat into "…二分园".
  return c.names.claim(kindergarten_brand(rng) + "幼儿园", "分园");
}

std::string school_name(County& c, const SchoolSite& s, std::size_t& seniors, Rng& rng) {
  const Place& p = c.places[s.place];
  const std::string town_village = c.places[p.town].name + p.name;
  const bool village = p.kind == PlaceKind::kVillage;
  const bool seat = p.kind == PlaceKind::kSeat;
  switch (s.level) {
    case SchoolLevel::kKindergarten:
      return kindergarten_name(c, s, p, rng);
    case SchoolLevel::kPrimary:
      if (village) return c.names.claim(town_village + "小学", "分校");
      if (seat)
        return c.names.claim(s.rank == 0 ? c.name + "实验小学" : numbered(c.name, s.rank, "小学"),
                             "分校");
      return c.names.claim(s.rank == 0 ? p.name + "中心小学" : numbered(p.name, s.rank + 1, "小学"),
                           "分校");
    case SchoolLevel::kJunior:
      if (village) return c.names.claim(town_village + "初级中学", "分校");
      if (seat) return c.names.claim(numbered(c.name, s.rank + 1, "初级中学"), "分校");
      return c.names.claim(
          s.rank == 0 ? p.name + "初级中学" : numbered(p.name, s.rank + 1, "初级中学"), "分校");
    case SchoolLevel::kSenior:
      return c.names.claim(numbered(c.name, ++seniors, "高级中学"), "分校");
    case SchoolLevel::kNineYear:
      return c.names.claim((village ? town_village : p.name) + "九年一贯制学校", "分校");
    case SchoolLevel::kVocational:
      if (s.rank == 0) return c.names.claim(c.name + "职业高级中学", "分校");
      if (s.rank == 1) return c.names.claim(c.name + "中等职业技术学校", "分校");
      return c.names.claim(numbered(c.name, s.rank - 1, "职业中学"), "分校");
    case SchoolLevel::kUniversity:
      return c.names.claim(c.prefix + "师范学院", "分校");
  }
  return c.names.claim(p.name + "学校", "分校");
}

// [SECTION] facts: size, boarding, timetable
struct Size {
  double half_w;
  double half_h;
};

Size campus_size(SchoolLevel level, bool village, Rng& rng) {
  switch (level) {
    case SchoolLevel::kKindergarten:
      return {rng.uniform(25, 45), rng.uniform(20, 35)};
    case SchoolLevel::kPrimary:
      return village ? Size{rng.uniform(40, 60), rng.uniform(30, 50)}
                     : Size{rng.uniform(60, 95), rng.uniform(50, 80)};
    case SchoolLevel::kJunior:
      return {rng.uniform(75, 110), rng.uniform(60, 90)};
    case SchoolLevel::kNineYear:
      return {rng.uniform(70, 100), rng.uniform(55, 85)};
    case SchoolLevel::kSenior:
    case SchoolLevel::kVocational:
      return {rng.uniform(100, 125), rng.uniform(80, 115)};
    case SchoolLevel::kUniversity:
      return {rng.uniform(250, 300), rng.uniform(150, 190)};
  }
  return {50, 40};
}

double campus_mapped_share(SchoolLevel level, bool village) {
  if (level == SchoolLevel::kKindergarten) return 0.8;
  if (level == SchoolLevel::kPrimary && village) return 0.85;
  return 0.97;
}

int enrollment(SchoolLevel level, PlaceKind kind, Rng& rng) {
  const double place_factor = kind == PlaceKind::kSeat ? 1.3 : kind == PlaceKind::kTown ? 1.0 : 0.4;
  const double spread = std::clamp(1.0 + 0.25 * rng.normal(), 0.4, 1.8);
  const double n = model::defaults_for(level).enrollment * place_factor * spread;
  return std::max(15, static_cast<int>(std::lround(n)));
}

bool boarding(SchoolLevel level, PlaceKind kind, Rng& rng) {
  const bool village = kind == PlaceKind::kVillage, seat = kind == PlaceKind::kSeat;
  switch (level) {
    case SchoolLevel::kKindergarten:
      return false;
    case SchoolLevel::kPrimary:
      return rng.chance(village ? 0.15 : seat ? 0.02 : 0.25);
    case SchoolLevel::kJunior:
      return rng.chance(village ? 0.6 : seat ? 0.1 : 0.45);
    case SchoolLevel::kNineYear:
      return rng.chance(village ? 0.7 : 0.4);
    case SchoolLevel::kSenior:
      return rng.chance(0.85);
    case SchoolLevel::kVocational:
      return rng.chance(0.8);
    case SchoolLevel::kUniversity:
      return true;
  }
  return false;
}

void set_timetable(model::School& s, Rng& rng) {
  // Level defaults stagger the bells (kindergartens last, seniors first); each school shifts
  // them by up to ten minutes, boarding seniors start with morning reading ten minutes earlier.
  const auto& d = model::defaults_for(s.level);
  const int early = s.boarding && s.level == SchoolLevel::kSenior ? 10 : 0;
  s.morning_bell = TimeOfDay{d.morning_bell.minutes + 5 * rng.between(-2, 2) - early};
  s.dismissal = TimeOfDay{d.dismissal.minutes + 5 * rng.between(-2, 3)};
}

// [SECTION] campus shapes and gates
geo::Ring campus_ring(const Campus& k, Rng& rng) {
  geo::Ring ring = rectangle(k.centre, k.half_w, k.half_h, k.angle);
  if (!rng.chance(0.3)) return ring;
  // A cut corner (an old building, a neighbour's plot) makes the outline less schematic; the cut
  // stays away from the side midpoints where gates go and from the school point.
  const std::size_t corner = rng.below(4);
  const geo::Point at = ring[corner];
  const geo::Point prev = ring[(corner + 3) % 4], next = ring[corner + 1];
  const double f = rng.uniform(0.15, 0.3);
  ring[corner] = at + f * (next - at);
  ring.insert(ring.begin() + static_cast<std::ptrdiff_t>(corner), at + f * (prev - at));
  ring.back() = ring.front();
  return ring;
}

// The midpoint of a campus side (0 east, 1 north, 2 west, 3 south), shifted along it by `shift`
// (a fraction of the half side).
geo::Point gate_point(const Campus& k, int side, double shift) {
  const Vec u = heading(k.angle), v = perp(u);
  switch (side) {
    case 0:
      return k.centre + (k.half_w * u + (shift * k.half_h) * v);
    case 1:
      return k.centre + (k.half_h * v + (shift * k.half_w) * u);
    case 2:
      return k.centre + ((-k.half_w) * u + (shift * k.half_h) * v);
    default:
      return k.centre + ((-k.half_h) * v + (shift * k.half_w) * u);
  }
}

void add_gate(County& c, model::School& s, const geo::Point& gate, const char* name,
              RoadBuilder::Handle street, RoadClass access) {
  s.gates.push_back({gate, name});
  const geo::Point foot = c.roads.attach(street, gate);
  if (!(foot == gate)) c.roads.add(access, {}, {gate, foot});
}

int main_gate_side(Rng& rng) {
  // Chinese schools mostly face south.
  static constexpr std::array<double, 4> kWeights = {0.2, 0.15, 0.2, 0.45};
  return static_cast<int>(rng.weighted(kWeights));
}

// [SECTION] placement
geo::Point block_centre(const StreetGrid& g, std::size_t b) {
  return {g.x(b % g.blocks) + g.spacing / 2, g.y(b / g.blocks) + g.spacing / 2};
}

std::size_t free_block(const County& c, StreetGrid& g, Rng& rng) {
  const std::size_t blocks = g.taken.size();
  for (int attempt = 0; attempt < 30; ++attempt) {
    const std::size_t b = rng.below(blocks);
    // A trunk road crossing the town may cut through a block; schools avoid those.
    if (!g.taken[b] && (attempt >= 20 || c.clear_of_links(block_centre(g, b), g.spacing * 0.71)))
      return b;
  }
  const auto it = std::find(g.taken.begin(), g.taken.end(), false);
  return it != g.taken.end() ? static_cast<std::size_t>(it - g.taken.begin()) : rng.below(blocks);
}

void place_in_block(County& c, Place& p, SchoolSite& site, model::School& s, Size size, Rng& rng) {
  StreetGrid& g = p.grid;
  const std::size_t b = free_block(c, g, rng);
  g.taken[b] = true;
  const std::size_t i = b % g.blocks, j = b / g.blocks;
  const double room = g.spacing / 2 - kBlockMargin;
  const double hw = std::min(size.half_w, room - 2), hh = std::min(size.half_h, room - 2);
  const geo::Point block_centre{g.x(i) + g.spacing / 2, g.y(j) + g.spacing / 2};
  site.campus = {
      block_centre + Vec{rng.uniform(hw - room, room - hw), rng.uniform(hh - room, room - hh)}, hw,
      hh, 0.0};
  const std::array<RoadBuilder::Handle, 4> streets = {g.columns[i + 1], g.rows[j + 1], g.columns[i],
                                                      g.rows[j]};
  const int main_side = main_gate_side(rng);
  site.main_gate = gate_point(site.campus, main_side, rng.uniform(-0.25, 0.25));
  add_gate(c, s, site.main_gate, "正门", streets[static_cast<std::size_t>(main_side)],
           RoadClass::kService);
  if (rng.chance(s.level == SchoolLevel::kKindergarten ? 0.2 : 0.55)) {
    const int back = (main_side + 2) % 4;
    add_gate(c, s, gate_point(site.campus, back, rng.uniform(-0.25, 0.25)), "后门",
             streets[static_cast<std::size_t>(back)], RoadClass::kFootway);
  }
  if (s.level != SchoolLevel::kKindergarten && rng.chance(0.25)) {
    const int side = (main_side + 1) % 4;
    add_gate(c, s, gate_point(site.campus, side, rng.uniform(-0.25, 0.25)), "侧门",
             streets[static_cast<std::size_t>(side)], RoadClass::kFootway);
  }
}

// A street and the side of it a campus stands on.
struct Frontage {
  RoadBuilder::Handle street;
  geo::Point origin;  // on the street
  Vec along;          // unit, along the street
  Vec out;            // unit, towards the campus
};

Campus beside(const Frontage& f, double s, double gap, Size size) {
  return {f.origin + (s * f.along + (size.half_h + gap) * f.out), size.half_w, size.half_h, 0.0};
}

void place_by_frontage(County& c, const Frontage& f, SchoolSite& site, model::School& s,
                       const Campus& k, RoadClass access, Rng& rng) {
  site.campus = k;
  // The side facing the street carries the main gate; some schools have a back gate onto a
  // track into the fields.
  const Vec shift = rng.uniform(-0.25, 0.25) * k.half_w * f.along;
  site.main_gate = k.centre + ((-k.half_h) * f.out + shift);
  add_gate(c, s, site.main_gate, "正门", f.street, access);
  if (rng.chance(0.4)) {
    // The back gate opens onto a farm track that runs round the campus to the street.
    const geo::Point back = k.centre + (k.half_h * f.out + (-1.0) * shift);
    s.gates.push_back({back, "后门"});
    const double side = rng.chance(0.5) ? 1.0 : -1.0;
    const geo::Point corner =
        k.centre + ((k.half_h + rng.uniform(25, 60)) * f.out + (side * (k.half_w + 25)) * f.along);
    if (c.frame.contains(corner)) {
      c.roads.add(RoadClass::kTrack, {}, {back, corner, c.roads.attach(f.street, corner)});
    }
  }
}

void place_in_village(County& c, Place& v, SchoolSite& site, model::School& s, Size size,
                      Rng& rng) {
  const Vec u = heading(v.angle), w = perp(u);
  const double smax = std::max(0.0, v.lane_half - size.half_w - 40);
  Campus k;
  Vec out = w;
  double along = 0.0;
  for (int attempt = 0; attempt < 12; ++attempt) {
    out = rng.chance(0.5) ? w : -1.0 * w;
    along = rng.uniform(-smax, smax);
    k = beside({v.lanes.front(), v.centre, u, out}, along, rng.uniform(15, 45), size);
    k.angle = v.angle;
    const bool off_cross = v.lanes.size() < 4 || std::fabs(along) >= size.half_w + 20;
    if (!c.clear_of_links(k.centre, k.radius() + 12)) continue;
    const bool apart = std::none_of(v.campuses.begin(), v.campuses.end(), [&](const Campus& o) {
      return dist(o.centre, k.centre) < o.radius() + k.radius() + 10;
    });
    if (off_cross && apart) break;
  }
  const bool small = s.level == SchoolLevel::kKindergarten || s.level == SchoolLevel::kPrimary;
  const RoadClass access = small && rng.chance(0.4) ? RoadClass::kPath : RoadClass::kService;
  // lanes[0] and lanes[1] are the main lane's halves west and east of the village centre.
  const RoadBuilder::Handle half = v.lanes[along < 0 ? 0 : 1];
  place_by_frontage(c, {half, v.centre, u, out}, site, s, k, access, rng);
}

void place_beside_seat(County& c, SchoolSite& site, model::School& s, Size size, Rng& rng) {
  // A college campus is too big for a block: it takes land at the edge of town.
  const Place& seat = c.places.front();
  const StreetGrid& g = seat.grid;
  const int side = rng.between(0, 3);
  static constexpr std::array<Vec, 4> kOut = {Vec{1, 0}, Vec{0, 1}, Vec{-1, 0}, Vec{0, -1}};
  const Vec out = kOut[static_cast<std::size_t>(side)], along = perp(out);
  const RoadBuilder::Handle street = side == 0   ? g.columns.back()
                                     : side == 1 ? g.rows.back()
                                     : side == 2 ? g.columns.front()
                                                 : g.rows.front();
  const geo::Point origin = seat.centre + g.half_size() * out;
  const double reach = std::max(0.0, g.half_size() - size.half_w);
  Campus k = beside({street, origin, along, out}, rng.uniform(-reach, reach), 60, size);
  k.angle = (side + 1) * (kPi / 2);  // the direction of `along`
  place_by_frontage(c, {street, origin, along, out}, site, s, k, RoadClass::kService, rng);
}

void place_school(County& c, SchoolSite& site, model::School& s, Rng& rng) {
  Place& p = c.places[site.place];
  const bool village = p.kind == PlaceKind::kVillage;
  const Size size = campus_size(site.level, village, rng);
  if (site.level == SchoolLevel::kUniversity) {
    place_beside_seat(c, site, s, size, rng);
  } else if (village && !p.lanes.empty()) {
    place_in_village(c, p, site, s, size, rng);
  } else if (village) {
    site.campus = {p.centre, size.half_w, size.half_h, p.angle};  // no lane to join
  } else {
    place_in_block(c, p, site, s, size, rng);
  }
  const Campus& k = site.campus;
  p.campuses.push_back(k);
  const Vec u = heading(k.angle), v = perp(u);
  s.location =
      k.centre + (rng.uniform(-0.2, 0.2) * k.half_w * u + rng.uniform(-0.2, 0.2) * k.half_h * v);
  if (rng.chance(campus_mapped_share(site.level, village))) {
    s.campus = geo::MultiPolygon{geo::Polygon{campus_ring(k, rng), {}}};
  }
}

}  // namespace

void add_schools(County& c) {
  Rng rng = c.rng(Stage::kSchools);
  c.out.schools.reserve(c.sites.size());
  std::size_t seniors = 0;
  for (SchoolSite& site : c.sites) {
    model::School s;
    s.level = site.level;
    s.name = school_name(c, site, seniors, rng);
    const PlaceKind kind = c.places[site.place].kind;
    s.enrollment = enrollment(site.level, kind, rng);
    s.boarding = boarding(site.level, kind, rng);
    set_timetable(s, rng);
    place_school(c, site, s, rng);
    c.out.schools.push_back(std::move(s));
  }
}

}  // namespace huxiao::demo
