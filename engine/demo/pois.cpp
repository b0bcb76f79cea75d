// Stage 6: the places a safety-zone audit looks for (网吧, 烟酒店, 彩票站, 棋牌室, ...) and the
// police. Shops line town streets; a share stands deliberately within 200 m of a school, as
// they do in real towns. Every town has a 派出所; some schools a 警务室 or a 护学岗亭 at the gate.
#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "demo/county.hpp"
#include "demo/shapes.hpp"

namespace huxiao::demo {
namespace {

using model::PoiCategory;
using model::PoliceKind;
using model::SchoolLevel;

constexpr double kNearSchoolShare = 0.12;

// [SECTION] where shops stand
bool inside_campus(const Campus& k, const geo::Point& p, double margin) {
  const Vec u = heading(k.angle), v = perp(u);
  const Vec d = p - k.centre;
  return std::fabs(d.x * u.x + d.y * u.y) < k.half_w + margin &&
         std::fabs(d.x * v.x + d.y * v.y) < k.half_h + margin;
}

// A point on a shop front: 8–16 m off a street of the grid (campuses keep 20 m from streets).
geo::Point street_front(const StreetGrid& g, Rng& rng) {
  const double along = rng.uniform(0.0, 2 * g.half_size());
  const double across = static_cast<double>(rng.below(g.blocks + 1)) * g.spacing +
                        (rng.chance(0.5) ? 1.0 : -1.0) * rng.uniform(8, 16);
  if (rng.chance(0.5)) return {g.origin.x + along, g.origin.y + across};
  return {g.origin.x + across, g.origin.y + along};
}

std::size_t pick_place(const County& c, Rng& rng) {
  // Half the shops are in the seat, most of the rest in townships, a few in villages.
  const double r = rng.uniform();
  if (c.places.size() > c.towns && r >= 0.85) return c.towns + rng.below(c.places.size() - c.towns);
  if (c.towns > 1 && r >= 0.45) return 1 + rng.below(c.towns - 1);
  return 0;
}

std::optional<geo::Point> near_school(const County& c, Rng& rng) {
  if (c.sites.empty()) return std::nullopt;
  const std::size_t i = rng.below(c.sites.size());
  const Campus& k = c.sites[i].campus;
  const geo::Point& school = c.out.schools[i].location;
  for (int attempt = 0; attempt < 4; ++attempt) {
    const geo::Point p = school + rng.uniform(std::min(k.radius() * 0.6, 150.0), 195.0) *
                                      heading(rng.uniform(0, 2 * kPi));
    if (!inside_campus(k, p, 5.0)) return p;
  }
  return std::nullopt;
}

geo::Point shop_location(const County& c, std::size_t place, Rng& rng) {
  const Place& p = c.places[place];
  if (p.kind != PlaceKind::kVillage) return street_front(p.grid, rng);
  return p.centre + rng.uniform(20, 150) * heading(rng.uniform(0, 2 * kPi));
}

PoiCategory pick_category(Rng& rng) {
  // Tobacco and alcohol counters are everywhere; gambling dens (棋牌室) are few.
  static constexpr std::array<double, 9> kWeights = {0.10, 0.05, 0.08, 0.25, 0.15,
                                                     0.10, 0.13, 0.04, 0.10};
  return model::all_poi_categories()[rng.weighted(kWeights)];
}

// [SECTION] police
void add_unit(County& c, std::string name, PoliceKind kind, int officers, const geo::Point& at) {
  model::PoliceUnit u;
  u.name = std::move(name);
  u.kind = kind;
  u.officers = officers;
  u.location = at;
  c.out.police.push_back(std::move(u));
}

void add_stations(County& c, Rng& rng) {
  for (std::size_t t = 0; t < c.towns; ++t) {
    const Place& p = c.places[t];
    const StreetGrid& g = p.grid;
    const bool seat = p.kind == PlaceKind::kSeat;
    // On the main street, between two crossings.
    const geo::Point at{g.x(rng.below(g.blocks)) + g.spacing * rng.uniform(0.2, 0.8),
                        g.y(g.blocks / 2) + (rng.chance(0.5) ? 15.0 : -15.0)};
    add_unit(c, c.name + "公安局" + p.stem + "派出所", PoliceKind::kStation,
             seat ? rng.between(40, 80) : rng.between(12, 30), at);
    if (seat) {
      const geo::Point traffic{g.x(0) + g.spacing * rng.uniform(0.2, 0.8), g.y(0) + 15.0};
      add_unit(c, c.name + "公安局交通警察大队", PoliceKind::kStation, rng.between(25, 50),
               traffic);
    }
  }
}

double post_share(SchoolLevel level, PlaceKind kind) {
  switch (level) {
    case SchoolLevel::kSenior:
    case SchoolLevel::kVocational:
    case SchoolLevel::kUniversity:
      return 0.8;
    case SchoolLevel::kJunior:
    case SchoolLevel::kNineYear:
      return 0.4;
    case SchoolLevel::kPrimary:
      return kind == PlaceKind::kVillage ? 0.1 : 0.3;
    case SchoolLevel::kKindergarten:
      return 0.12;
  }
  return 0.1;
}

void add_school_police(County& c, Rng& rng) {
  for (std::size_t i = 0; i < c.sites.size(); ++i) {
    const SchoolSite& site = c.sites[i];
    const model::School& s = c.out.schools[i];
    const PlaceKind kind = c.places[site.place].kind;
    const Vec out = unit(site.main_gate - site.campus.centre), side = perp(out);
    if (rng.chance(post_share(site.level, kind))) {
      const geo::Point at =
          site.main_gate + (rng.uniform(10, 25) * out + rng.uniform(-15, 15) * side);
      add_unit(c, s.name + "警务室", PoliceKind::kPost, rng.between(2, 5), at);
    }
    const bool town = kind != PlaceKind::kVillage;
    const bool young =
        site.level == SchoolLevel::kPrimary || site.level == SchoolLevel::kKindergarten;
    if (town && rng.chance(kind == PlaceKind::kSeat && young ? 0.25 : 0.15)) {
      const geo::Point at =
          site.main_gate + (rng.uniform(6, 12) * out + rng.uniform(12, 20) * side);
      add_unit(c, s.name + "护学岗亭", PoliceKind::kKiosk, rng.between(1, 2), at);
    }
  }
}

void add_village_posts(County& c, Rng& rng) {
  for (std::size_t v = c.towns; v < c.places.size(); ++v) {
    const Place& p = c.places[v];
    if (p.schools < 2 || !rng.chance(0.3)) continue;
    add_unit(c, p.stem + "村警务室", PoliceKind::kPost, rng.between(1, 2),
             p.centre + rng.uniform(20, 40) * heading(rng.uniform(0, 2 * kPi)));
  }
}

}  // namespace

void add_pois(County& c) {
  Rng rng = c.rng(Stage::kPois);
  const auto& categories = model::all_poi_categories();
  c.out.pois.reserve(c.poi_count);
  for (std::size_t k = 0; k < c.poi_count; ++k) {
    // The first few cover every category, so even a small county has one of each.
    const PoiCategory category = k < categories.size() && c.poi_count >= categories.size()
                                     ? categories[k]
                                     : pick_category(rng);
    const std::size_t place = pick_place(c, rng);
    std::optional<geo::Point> at;
    if (rng.chance(kNearSchoolShare)) at = near_school(c, rng);
    model::Poi poi;
    poi.category = category;
    poi.location = at ? *at : shop_location(c, place, rng);
    poi.name = poi_name(category, c.places[place].stem, rng);
    c.out.pois.push_back(std::move(poi));
  }
}

void add_police(County& c) {
  Rng rng = c.rng(Stage::kPolice);
  add_stations(c, rng);
  add_school_police(c, rng);
  add_village_posts(c, rng);
}

}  // namespace huxiao::demo
