// Stage 5: water, the drowning risks the engine maps. The river (centre line and bank polygons),
// streams into it, irrigation canals and ditches, a reservoir, a lake, and the 坝塘 — small
// dammed ponds — around villages, some of them within 200 m of a school. Safeguards (signs,
// fences, rescue gear) are set on a fraction, more often where people are.
#include <algorithm>
#include <cmath>

#include "demo/county.hpp"
#include "demo/shapes.hpp"

namespace huxiao::demo {
namespace {

using model::WaterKind;

constexpr double kRoughness = 0.25;  // of blob(): the shape stays within 1.5 × radius × elongation

// [SECTION] helpers
std::string committee(const Place& p) {
  return p.kind == PlaceKind::kVillage ? p.stem + "村委会" : p.name + "人民政府";
}

const Place& nearest_place(const County& c, const geo::Point& p) {
  const Place* best = &c.places.front();
  for (const Place& q : c.places) {
    if (dist(p, q.centre) < dist(p, best->centre)) best = &q;
  }
  return *best;
}

model::Safeguards safeguards(double sign, double fence, double rescue, Rng& rng) {
  model::Safeguards s;
  s.warning_sign = rng.chance(sign);
  s.fence = rng.chance(fence);
  s.rescue_equipment = rng.chance(rescue);
  return s;
}

void add_body(County& c, WaterKind kind, std::string name, geo::Ring ring, model::Safeguards guards,
              std::string responsible) {
  model::WaterBody w;
  w.name = std::move(name);
  w.kind = kind;
  w.area = {geo::Polygon{std::move(ring), {}}};
  w.safeguards = guards;
  w.responsible_unit = std::move(responsible);
  c.out.water.push_back(std::move(w));
}

void add_way(County& c, WaterKind kind, std::string name, geo::LineString line,
             model::Safeguards guards, std::string responsible) {
  model::Waterway w;
  w.name = std::move(name);
  w.kind = kind;
  w.line = std::move(line);
  w.safeguards = guards;
  w.responsible_unit = std::move(responsible);
  c.out.waterways.push_back(std::move(w));
}

bool inside_frame(const County& c, const geo::Point& p, double margin) {
  return p.x >= c.frame.min_x + margin && p.x <= c.frame.max_x - margin &&
         p.y >= c.frame.min_y + margin && p.y <= c.frame.max_y - margin;
}

geo::Point nearest_river_vertex(const County& c, const geo::Point& p) {
  return *std::min_element(c.river.begin(), c.river.end(),
                           [&](const auto& a, const auto& b) { return dist(a, p) < dist(b, p); });
}

// [SECTION] river, lakes, streams, canals, ditches
void add_river(County& c, Rng& rng) {
  add_way(c, WaterKind::kRiver, c.river_name, c.river, safeguards(0.5, 0.0, 0.2, rng),
          c.name + "水务局");
  // The bank polygons come in reaches of about ten kilometres, as mapped rivers usually do.
  constexpr std::size_t kReach = 40;
  for (std::size_t first = 0; first + 1 < c.river.size(); first += kReach) {
    const std::size_t last = std::min(first + kReach, c.river.size() - 1);
    const geo::Point& mid = c.river[(first + last) / 2];
    const bool by_seat = dist(mid, c.seat().centre) < 5000.0;
    add_body(c, WaterKind::kRiver, c.river_name, ribbon(c.river, first, last, c.river_half_width),
             by_seat ? safeguards(0.9, 0.3, 0.6, rng) : safeguards(0.35, 0.05, 0.15, rng),
             committee(nearest_place(c, mid)));
  }
}

void add_lakes(County& c, Rng& rng) {
  for (std::size_t k = 0; k < c.lakes.size(); ++k) {
    const Lake& l = c.lakes[k];
    geo::Ring ring =
        blob(l.centre, l.radius, l.elongation, l.angle, k == 0 ? 40 : 28, kRoughness, rng);
    const std::string stem = place_stem(rng, c.names);
    if (k == 0) {
      // The reservoir's outlet stream runs from the dam — the shore point nearest the river.
      const geo::Point dam =
          *std::min_element(ring.begin(), ring.end() - 1, [&](const auto& a, const auto& b) {
            return std::fabs(a.y - c.river_y_at(a.x)) < std::fabs(b.y - c.river_y_at(b.x));
          });
      add_body(c, WaterKind::kReservoir, stem + "水库", std::move(ring),
               safeguards(1.0, 0.5, 0.7, rng), stem + "水库管理所");
      const geo::Point mouth = nearest_river_vertex(c, dam);
      add_way(c, WaterKind::kStream, stem + "河",
              wander(dam, mouth, 250, std::min(500.0, 0.1 * dist(dam, mouth)), rng),
              safeguards(0.3, 0.0, 0.0, rng), stem + "水库管理所");
    } else {
      add_body(c, WaterKind::kLake, stem + (rng.chance(0.5) ? "湖" : "海"), std::move(ring),
               safeguards(0.8, 0.1, 0.5, rng), c.name + "水务局");
    }
  }
}

void add_streams(County& c, Rng& rng) {
  const int n = c.compact() ? rng.between(2, 4) : rng.between(5, 8);
  for (int k = 0; k < n; ++k) {
    geo::Point source;
    for (int attempt = 0; attempt < 30; ++attempt) {
      source = {rng.uniform(c.frame.min_x + 1500, c.frame.max_x - 1500),
                rng.uniform(c.frame.min_y + 1500, c.frame.max_y - 1500)};
      const bool dry = std::all_of(c.lakes.begin(), c.lakes.end(), [&](const Lake& l) {
        return dist(source, l.centre) > l.keep_out() + 100;
      });
      if (dry && c.river_distance(source, 2500) > 2500) break;
    }
    const geo::Point mouth = nearest_river_vertex(c, source);
    const double len = dist(source, mouth);
    static constexpr std::array<const char*, 3> kSuffix = {"沟", "溪", "箐"};
    add_way(c, WaterKind::kStream, place_stem(rng, c.names) + kSuffix[rng.below(3)],
            smooth(wander(source, mouth, 300, std::min(700.0, 0.12 * len), rng), 1),
            safeguards(0.2, 0.0, 0.0, rng), committee(nearest_place(c, source)));
  }
}

void add_canals(County& c, Rng& rng) {
  // Trunk irrigation canals leave the river and run along the valley side.
  const int n = c.compact() ? 1 : 2;
  const std::size_t count = c.river.size();
  for (int k = 0; k < n && count > 40; ++k) {
    const std::size_t start = count / 6 + rng.below(count / 3);
    const std::size_t span = 15 + rng.below(16);
    const double offset = (rng.chance(0.5) ? 1.0 : -1.0) * rng.uniform(500, 1200);
    geo::LineString line = {c.river[start]};
    for (std::size_t j = start + 3; j <= start + span && j + 1 < count; ++j) {
      const Vec n_j = perp(unit(c.river[j + 1] - c.river[j - 1]));
      const double ramp = std::min(1.0, static_cast<double>(j - start) / 5.0);
      line.push_back(c.river[j] + (offset * ramp) * n_j);
    }
    if (line.size() < 2) continue;
    const std::string stem = place_stem(rng, c.names);
    add_way(c, WaterKind::kCanal, stem + "干渠", std::move(line), safeguards(0.4, 0.1, 0.05, rng),
            c.name + "水务局");
  }
}

void add_ditches(County& c, Rng& rng) {
  const double share = c.compact() ? 0.15 : 0.5;
  for (std::size_t v = c.towns; v < c.places.size(); ++v) {
    const Place& village = c.places[v];
    if (!rng.chance(share)) continue;
    const geo::Point a = village.centre + rng.uniform(village.reach + 50, village.reach + 250) *
                                              heading(rng.uniform(0, 2 * kPi));
    const geo::Point b = a + rng.uniform(300, 700) * heading(rng.uniform(0, 2 * kPi));
    if (!inside_frame(c, a, 100) || !inside_frame(c, b, 100)) continue;
    add_way(c, WaterKind::kDitch, rng.chance(0.5) ? village.stem + "村排水沟" : std::string{},
            wander(a, b, 100, 25, rng), safeguards(0.1, 0.0, 0.0, rng), committee(village));
  }
}

// [SECTION] ponds
struct PondSpot {
  geo::Point centre;
  double radius;
  double elongation;
  double bound() const { return 1.5 * radius * elongation; }
};

bool pond_fits(const County& c, const Place& v, const PondSpot& p) {
  if (!inside_frame(c, p.centre, p.bound() + 10)) return false;
  if (!c.clear_of_links(p.centre, p.bound() + 10)) return false;
  for (const auto lane : v.lanes) {
    if (distance_to_line(p.centre, c.roads.line(lane)) < p.bound() + 12) return false;
  }
  for (const Campus& k : v.campuses) {
    if (dist(p.centre, k.centre) < p.bound() + k.radius() + 10) return false;
  }
  const bool dry = std::all_of(c.lakes.begin(), c.lakes.end(), [&](const Lake& l) {
    return dist(p.centre, l.centre) > l.keep_out() + p.bound();
  });
  return dry && c.river_distance(p.centre, p.bound() + c.river_half_width + 30) ==
                    std::numeric_limits<double>::infinity();
}

void add_pond(County& c, const Place& v, const PondSpot& p, std::string name, double care,
              Rng& rng) {
  geo::Ring ring = blob(p.centre, p.radius, p.elongation, rng.uniform(0, kPi), 10, kRoughness, rng);
  add_body(c, WaterKind::kPond, std::move(name), std::move(ring),
           safeguards(0.25 + care, 0.08 + care / 2, 0.1 + care / 2, rng), committee(v));
}

void add_village_ponds(County& c, Rng& rng) {
  for (std::size_t v = c.towns; v < c.places.size(); ++v) {
    const Place& village = c.places[v];
    const int n = c.compact() ? rng.between(0, 1) : rng.between(1, 3);
    for (int k = 0; k < n; ++k) {
      for (int attempt = 0; attempt < 8; ++attempt) {
        const PondSpot p{village.centre + rng.uniform(60, village.reach + 350) *
                                              heading(rng.uniform(0, 2 * kPi)),
                         rng.uniform(12, 45), rng.uniform(1.0, 1.5)};
        if (!pond_fits(c, village, p)) continue;
        add_pond(c, village, p,
                 k == 0 ? village.stem + "坝塘"
                        : village.stem + chinese_number(static_cast<std::size_t>(k) + 1) + "号坝塘",
                 0.0, rng);
        break;
      }
    }
  }
}

void add_ponds_by_schools(County& c, Rng& rng) {
  // The cases a 200 m audit is for: a pond a child passes on the way to school.
  const double share = c.compact() ? 0.25 : 0.3;
  for (std::size_t i = 0; i < c.sites.size(); ++i) {
    const SchoolSite& site = c.sites[i];
    const Place& village = c.places[site.place];
    if (village.kind != PlaceKind::kVillage || !rng.chance(share)) continue;
    const geo::Point& school = c.out.schools[i].location;
    for (int attempt = 0; attempt < 8; ++attempt) {
      PondSpot p{{}, rng.uniform(10, 30), rng.uniform(1.0, 1.4)};
      const double lo = site.campus.radius() * 1.25 + p.bound() + 10;
      if (lo > 185) break;
      p.centre = school + rng.uniform(lo, 190 - p.bound()) * heading(rng.uniform(0, 2 * kPi));
      if (!pond_fits(c, village, p)) continue;
      add_pond(c, village, p, village.stem + syllable(rng) + "塘", 0.25, rng);
      break;
    }
  }
}

}  // namespace

void add_water(County& c) {
  Rng rng = c.rng(Stage::kWater);
  add_river(c, rng);
  add_lakes(c, rng);
  add_streams(c, rng);
  add_canals(c, rng);
  add_ditches(c, rng);
  add_village_ponds(c, rng);
  add_ponds_by_schools(c, rng);
}

}  // namespace huxiao::demo
