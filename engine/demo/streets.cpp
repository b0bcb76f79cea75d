// Stage 2: the road network before schools join it. Town streets are grids whose lines share
// their crossing vertices; every road between places starts and ends on a vertex of the
// streets it joins (RoadBuilder::attach), so the network is connected from the start.
#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "demo/county.hpp"
#include "demo/shapes.hpp"

namespace huxiao::demo {
namespace {

using model::RoadClass;

// [SECTION] town grids
RoadClass street_class(const Place& p, std::size_t k, std::size_t n) {
  if (k == n / 2) return p.kind == PlaceKind::kSeat ? RoadClass::kPrimary : RoadClass::kTertiary;
  if (k == 0 || k == n)
    return p.kind == PlaceKind::kSeat ? RoadClass::kTertiary : RoadClass::kResidential;
  return RoadClass::kResidential;
}

void build_grid(County& c, Place& p, Rng& rng) {
  StreetGrid& g = p.grid;
  const std::size_t n = g.blocks;
  const std::size_t names = rng.below(40);
  // The seat has one pedestrian shopping street and one living street, as most county towns do.
  const bool seat = p.kind == PlaceKind::kSeat;
  const std::size_t pedestrian = seat && n >= 4 ? (n / 2 + 1 + rng.below(n / 2 - 1)) : kNone;
  const std::size_t living = seat && n >= 4 ? 1 + rng.below(n / 2 - 1) : kNone;
  for (std::size_t j = 0; j <= n; ++j) {
    geo::LineString line;
    for (std::size_t i = 0; i <= n; ++i) line.push_back({g.x(i), g.y(j)});
    RoadClass cls = j == pedestrian ? RoadClass::kPedestrian : street_class(p, j, n);
    std::string name = street_name(names + j, true);
    if (j == pedestrian) name = street_name(names + j, true).substr(0, 6) + "步行街";
    const bool oneway = seat && cls == RoadClass::kResidential && rng.chance(0.25);
    if (oneway && rng.chance(0.5)) std::reverse(line.begin(), line.end());
    g.rows.push_back(c.roads.add(cls, std::move(name), std::move(line), oneway));
  }
  for (std::size_t i = 0; i <= n; ++i) {
    geo::LineString line;
    for (std::size_t j = 0; j <= n; ++j) line.push_back({g.x(i), g.y(j)});
    const RoadClass cls = i == living ? RoadClass::kLivingStreet : street_class(p, i, n);
    const bool oneway = seat && cls == RoadClass::kResidential && rng.chance(0.25);
    if (oneway && rng.chance(0.5)) std::reverse(line.begin(), line.end());
    g.columns.push_back(
        c.roads.add(cls, street_name(names + n + 1 + i, false), std::move(line), oneway));
  }
}

// Where the ray from the grid's centre towards `target` leaves the grid, made a street vertex.
geo::Point grid_exit(County& c, const Place& p, const geo::Point& target) {
  const StreetGrid& g = p.grid;
  const Vec d = target - p.centre;
  const double half = g.half_size();
  if (std::fabs(d.x) >= std::fabs(d.y)) {
    const auto street = d.x > 0 ? g.columns.back() : g.columns.front();
    return c.roads.attach(street, p.centre + (half / std::fabs(d.x)) * d);
  }
  const auto street = d.y > 0 ? g.rows.back() : g.rows.front();
  return c.roads.attach(street, p.centre + (half / std::fabs(d.y)) * d);
}

// [SECTION] roads between places
void add_link(County& c, RoadClass cls, std::string name, const geo::Point& a, const geo::Point& b,
              double step, double wobble, Rng& rng) {
  const double amplitude = std::min(wobble, 0.08 * dist(a, b));
  geo::LineString line = wander(a, b, step, amplitude, rng);
  const geo::Box box = geo::bounds(line);
  c.links.push_back({c.roads.add(cls, std::move(name), std::move(line)), box});
}

void add_trunks(County& c, Rng& rng) {
  // National and provincial roads run through the county to the middle of each edge, where
  // the neighbouring county's roads start from the very same point.
  for (int side = 0; side < 4; ++side) {
    const bool east_west = side % 2 == 0;
    const geo::Point edge = c.edge_midpoint(side);
    const geo::Point exit = grid_exit(c, c.places.front(), edge);
    add_link(c, east_west ? RoadClass::kTrunk : RoadClass::kPrimary,
             east_west ? fmt::format("国道示{}线", 101 + c.row)
                       : fmt::format("省道示{}线", 201 + c.column),
             exit, edge, 450.0, 1500.0, rng);
  }
}

// A monotone stand-in for the angle around a centre (no atan2, whose last bits vary).
double pseudo_angle(const Vec& d) {
  const double s = std::fabs(d.x) + std::fabs(d.y);
  if (s == 0.0) return 0.0;
  const double a = d.y / s;  // [-1, 1]
  return d.x >= 0 ? (d.y >= 0 ? a : 4 + a) : 2 - a;
}

void add_arterials(County& c, Rng& rng) {
  const Place& seat = c.places.front();
  std::vector<std::size_t> towns(c.towns - 1);
  std::iota(towns.begin(), towns.end(), 1);
  // Ties broken by index: std::sort is not stable and differs between libraries.
  std::sort(towns.begin(), towns.end(), [&](std::size_t a, std::size_t b) {
    return std::pair(dist(c.places[a].centre, seat.centre), a) <
           std::pair(dist(c.places[b].centre, seat.centre), b);
  });
  for (std::size_t k = 0; k < towns.size(); ++k) {
    const Place& town = c.places[towns[k]];
    const bool provincial = static_cast<double>(k) < 0.4 * static_cast<double>(towns.size());
    const geo::Point a = grid_exit(c, seat, town.centre);
    const geo::Point b = grid_exit(c, town, seat.centre);
    add_link(c, provincial ? RoadClass::kPrimary : RoadClass::kSecondary,
             provincial ? fmt::format("省道示{}线", 301 + k) : fmt::format("县道X{:03}线", 1 + k),
             a, b, 350.0, 900.0, rng);
  }
  // County roads between neighbouring townships close the ring around the seat.
  std::sort(towns.begin(), towns.end(), [&](std::size_t a, std::size_t b) {
    return std::pair(pseudo_angle(c.places[a].centre - seat.centre), a) <
           std::pair(pseudo_angle(c.places[b].centre - seat.centre), b);
  });
  for (std::size_t k = 0; towns.size() >= 3 && k < towns.size(); ++k) {
    const Place& a = c.places[towns[k]];
    const Place& b = c.places[towns[(k + 1) % towns.size()]];
    if (dist(a.centre, b.centre) > 16000.0) continue;
    const geo::Point pa = grid_exit(c, a, b.centre);
    const geo::Point pb = grid_exit(c, b, a.centre);
    add_link(c, RoadClass::kSecondary, fmt::format("县道X{:03}线", 101 + k), pa, pb, 350.0, 700.0,
             rng);
  }
}

// [SECTION] villages
void add_village_roads(County& c, Place& v, Rng& rng) {
  // Each lane is mapped as two ways meeting at the village centre, as OSM ways split at
  // junctions; every lane so has an end on the network.
  const Vec u = heading(v.angle), w = perp(u);
  const double l = v.lane_half;
  const geo::Point west = v.centre + (-l) * u, east = v.centre + l * u;
  v.lanes.push_back(c.roads.add(RoadClass::kResidential, v.stem + "村主街", {west, v.centre}));
  v.lanes.push_back(c.roads.add(RoadClass::kResidential, v.stem + "村主街", {v.centre, east}));
  std::vector<geo::Point> ends = {west, east};
  if (!c.compact()) {
    const double l2 = l * rng.uniform(0.45, 0.75);
    const geo::Point south = v.centre + (-l2) * w, north = v.centre + l2 * w;
    v.lanes.push_back(c.roads.add(RoadClass::kResidential, {}, {south, v.centre}));
    v.lanes.push_back(c.roads.add(RoadClass::kResidential, {}, {v.centre, north}));
    ends.push_back(south);
    ends.push_back(north);
  }
  const Place& town = c.places[v.town];
  const geo::Point start = *std::min_element(
      ends.begin(), ends.end(),
      [&](const auto& a, const auto& b) { return dist(a, town.centre) < dist(b, town.centre); });
  const geo::Point end = grid_exit(c, town, start);
  const bool tertiary = v.schools > 0 && rng.chance(0.5);
  add_link(c, tertiary ? RoadClass::kTertiary : RoadClass::kUnclassified,
           fmt::format("{}至{}公路", town.stem, v.stem), start, end, 300.0, 500.0, rng);
}

model::Road to_model(DraftRoad&& d) {
  model::Road r;
  r.name = std::move(d.name);
  r.road_class = d.road_class;
  const auto& defaults = model::defaults_for(d.road_class);
  r.speed_kmh = defaults.speed_kmh;
  r.speed_defaulted = true;  // the class default, not a posted limit
  r.oneway = d.oneway;
  r.drivable = defaults.drivable;
  r.walkable = defaults.walkable;
  r.bridge = d.bridge;
  r.layer = d.bridge ? 1 : 0;
  r.line = std::move(d.line);
  return r;
}

}  // namespace

void build_streets(County& c) {
  Rng rng = c.rng(Stage::kStreets);
  for (std::size_t t = 0; t < c.towns; ++t) build_grid(c, c.places[t], rng);
  add_trunks(c, rng);
  add_arterials(c, rng);
  for (std::size_t v = c.towns; v < c.places.size(); ++v) {
    // Large runs keep only the roads schools need (see Detail).
    if (c.compact() && c.places[v].schools == 0) continue;
    add_village_roads(c, c.places[v], rng);
  }
}

// [SECTION] stage 4: the finished network
void finish_roads(County& c) {
  c.roads.node_crossings();
  c.roads.add_bridges(c.river, c.river_half_width, c.river_name);
  auto drafts = c.roads.take();
  c.out.roads.reserve(drafts.size());
  for (auto& d : drafts) c.out.roads.push_back(to_model(std::move(d)));
}

}  // namespace huxiao::demo
