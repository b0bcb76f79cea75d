// Stage 1: where things are. The river crosses the county west to east; the county seat (城关镇)
// sits beside it; townships spread out over the county; villages fill the land between, each
// belonging to its nearest township. Which school goes to which place is decided here too,
// because the size of each town's street grid follows from it.
#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include "demo/county.hpp"
#include "demo/shapes.hpp"

namespace huxiao::demo {
namespace {

using model::SchoolLevel;

constexpr double kSeatSpacing = 300.0;  // metres between the seat's streets
constexpr double kTownSpacing = 240.0;
constexpr std::uint64_t kCountyStream = 1, kRiverEdgeStream = 2, kRiverNameStream = 3;

// [SECTION] the river
double river_edge_y(const RegionPlan& plan, std::size_t column, std::size_t row) {
  // Neighbouring counties draw the same number for their shared edge, so the river continues.
  Rng rng(stream_seed(plan.seed, kRiverEdgeStream, column, row));
  return plan.edge_y(row) + kCountyHeight * (0.3 + 0.4 * rng.uniform());
}

std::string river_name(const RegionPlan& plan, std::size_t row) {
  Rng rng(stream_seed(plan.seed, kRiverNameStream, row));
  NameBook book;
  return place_stem(rng, book) + (rng.chance(0.3) ? "江" : "河");
}

void make_river(County& c, Rng& rng) {
  const double width = c.frame.max_x - c.frame.min_x;
  const double low = c.frame.min_y + 4000.0, high = c.frame.max_y - 4000.0;
  const std::size_t n = 30;
  const double amplitude = rng.uniform(1200.0, 3000.0);
  const double cycles = rng.uniform(1.5, 3.5), phase = rng.uniform(0.0, 2 * kPi);
  geo::LineString control;
  control.reserve(n + 1);
  double drift = 0.0;
  for (std::size_t i = 0; i <= n; ++i) {
    const double t = static_cast<double>(i) / static_cast<double>(n);
    drift = 0.8 * drift + rng.normal(0.0, 350.0);
    const double envelope = det_sin(kPi * t);
    double y = c.river_west_y + (c.river_east_y - c.river_west_y) * t +
               envelope * (amplitude * det_sin(2 * kPi * cycles * t + phase) + drift);
    if (i > 0 && i < n) y = std::clamp(y, low, high);
    const double x = i == n ? c.frame.max_x : c.frame.min_x + width * t;
    control.push_back({x, y});
  }
  // Exactly what the neighbour uses, and square to the edge for a control point each side, so
  // the bank polygons of neighbouring counties meet along the edge instead of overlapping it.
  control[0].y = control[1].y = c.river_west_y;
  control[n].y = control[n - 1].y = c.river_east_y;
  c.river = smooth(control, 3);
  c.river_half_width = rng.uniform(22.0, 40.0);
}

// Lowest and highest river y over [x0, x1].
std::pair<double, double> river_band(const County& c, double x0, double x1) {
  double lo = std::min(c.river_y_at(x0), c.river_y_at(x1)),
         hi = std::max(c.river_y_at(x0), c.river_y_at(x1));
  for (const auto& p : c.river) {
    if (p.x > x0 && p.x < x1) {
      lo = std::min(lo, p.y);
      hi = std::max(hi, p.y);
    }
  }
  return {lo, hi};
}

// [SECTION] school levels and where each school goes
std::array<std::size_t, 7> level_counts(std::size_t n, Rng& rng) {
  // Shares in a typical county of the south-west: kindergartens and primary schools dominate.
  constexpr std::array<double, 7> kShare = {0.45, 0.36, 0.08, 0.03, 0.05, 0.012, 0.0};
  std::array<std::size_t, 7> counts{};
  std::size_t sum = 0;
  for (std::size_t l = 0; l < counts.size(); ++l) {
    counts[l] = static_cast<std::size_t>(std::floor(static_cast<double>(n) * kShare[l]));
    if (n >= 6 && l >= 2 && l <= 5) counts[l] = std::max<std::size_t>(counts[l], 1);
    sum += counts[l];
  }
  if (n >= 150 && rng.chance(0.05)) {  // now and then a county hosts a college campus
    counts[6] = 1;
    ++sum;
  }
  for (std::size_t turn = 0; sum < n; ++turn, ++sum) ++counts[turn % 2 == 0 ? 1 : 0];
  for (std::size_t l = 0; sum > n; l = (l + 1) % counts.size()) {
    if (counts[l] > 0) {
      --counts[l];
      --sum;
    }
  }
  return counts;
}

// Places by index: 0 the seat, 1..T-1 the towns, T.. the villages.
class PlaceAssigner {
 public:
  PlaceAssigner(std::size_t towns, std::size_t villages, Rng& rng) : towns_(towns) {
    order_.resize(villages);
    std::iota(order_.begin(), order_.end(), towns);
    for (std::size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[rng.below(i)]);
  }

  // The k-th school of a level. Every township first gets its own (中心幼儿园, 中心小学,
  // 初级中学); the rest go where real counties put them: kindergartens and village primaries
  // spread over the villages, extra juniors and seniors in the seat, vocational schools and
  // colleges only there, nine-year schools in remote villages (the end of the village order).
  std::size_t place(SchoolLevel level, std::size_t k) {
    switch (level) {
      case SchoolLevel::kKindergarten:
        return k < towns_ ? k : kindergarten(k - towns_);
      case SchoolLevel::kPrimary:
        return k < towns_ ? k : ((k - towns_) % 8 == 0 ? 0 : village(primary_));
      case SchoolLevel::kJunior:
        return k < towns_ ? k : ((k - towns_) % 2 == 0 ? 0 : town(k));
      case SchoolLevel::kSenior:
        return k % 2 == 0 ? 0 : town(k / 2);
      case SchoolLevel::kNineYear:
        return order_.empty() ? town(k) : order_[order_.size() - 1 - k % order_.size()];
      case SchoolLevel::kVocational:
      case SchoolLevel::kUniversity:
        return 0;
    }
    return 0;
  }

 private:
  std::size_t town(std::size_t k) const { return towns_ > 1 ? 1 + k % (towns_ - 1) : 0; }
  std::size_t village(std::size_t& next) {
    if (order_.empty()) return town(next++);
    return order_[next++ % order_.size()];
  }
  std::size_t kindergarten(std::size_t r) {
    if (r % 10 < 3) return 0;
    if (r % 10 == 3) return town(r / 10);
    return village(kindergarten_);
  }

  std::size_t towns_;
  std::vector<std::size_t> order_;
  std::size_t primary_ = 0, kindergarten_ = 0;
};

void plan_schools(County& c, Rng& rng) {
  const auto counts = level_counts(c.school_count, rng);
  PlaceAssigner assign(c.towns, c.places.size() - c.towns, rng);
  std::vector<std::size_t> per_place_level(c.places.size() * counts.size(), 0);
  for (std::size_t l = 0; l < counts.size(); ++l) {
    const auto level = static_cast<SchoolLevel>(l);
    for (std::size_t k = 0; k < counts[l]; ++k) {
      SchoolSite site;
      site.level = level;
      site.place = assign.place(level, k);
      site.rank = per_place_level[site.place * counts.size() + l]++;
      ++c.places[site.place].schools;
      c.sites.push_back(site);
    }
  }
}

void name_places(County& c, std::size_t villages, Rng& rng) {
  c.places.resize(c.towns + villages);
  for (std::size_t i = 0; i < c.places.size(); ++i) {
    Place& p = c.places[i];
    p.kind = i == 0 ? PlaceKind::kSeat : i < c.towns ? PlaceKind::kTown : PlaceKind::kVillage;
    p.stem = i == 0 ? c.names.claim("城关") : place_stem(rng, c.names);
    p.name = p.stem + (p.kind == PlaceKind::kVillage ? "村"
                       : (rng.chance(0.3) && i > 0)  ? "乡"
                                                     : "镇");
    p.town = i;
  }
}

// [SECTION] positions
bool clear_of_river(const County& c, const geo::Point& p, double r) {
  return c.river_distance(p, r) > r;
}

bool clear_of_lakes(const County& c, const geo::Point& p, double margin) {
  return std::all_of(c.lakes.begin(), c.lakes.end(),
                     [&](const Lake& l) { return dist(p, l.centre) >= l.keep_out() + margin; });
}

geo::Point random_point(const County& c, double margin, Rng& rng) {
  return {rng.uniform(c.frame.min_x + margin, c.frame.max_x - margin),
          rng.uniform(c.frame.min_y + margin, c.frame.max_y - margin)};
}

void size_grid(Place& p, double spacing) {
  // Homes, shops and offices fill most blocks: about one block in four holds a school.
  const double needed =
      static_cast<double>(p.schools + 2) * (p.kind == PlaceKind::kSeat ? 3.5 : 3.0);
  p.grid.blocks = std::max<std::size_t>(p.kind == PlaceKind::kSeat ? 3 : 2,
                                        static_cast<std::size_t>(std::ceil(std::sqrt(needed))));
  p.grid.spacing = spacing;
  p.grid.taken.assign(p.grid.blocks * p.grid.blocks, false);
  p.reach = p.grid.half_size() * 1.4143;
}

void anchor_grid(Place& p) {
  // Whole metres keep the grid's vertices tidy; the grid is built around them in build_streets.
  const double half = p.grid.half_size();
  p.grid.origin = {std::round(p.centre.x - half), std::round(p.centre.y - half)};
  p.centre = {p.grid.origin.x + half, p.grid.origin.y + half};
}

void place_seat(County& c, Rng& rng) {
  Place& seat = c.places.front();
  size_grid(seat, kSeatSpacing);
  const double half = seat.grid.half_size();
  const double x = c.frame.min_x + (c.frame.max_x - c.frame.min_x) * rng.uniform(0.38, 0.62);
  const auto [lo, hi] = river_band(c, x - half - 300, x + half + 300);
  const double gap = rng.uniform(180.0, 400.0);
  const double north_room = c.frame.max_y - (hi + gap + 2 * half);
  const double south_room = (lo - gap - 2 * half) - c.frame.min_y;
  const bool north =
      (north_room > 4000 && south_room > 4000) ? rng.chance(0.5) : north_room >= south_room;
  seat.centre = {x, north ? hi + gap + half : lo - gap - half};
  anchor_grid(seat);
}

void place_towns(County& c, Rng& rng) {
  for (std::size_t t = 1; t < c.towns; ++t) {
    Place& town = c.places[t];
    size_grid(town, kTownSpacing);
    double separation = 6500.0;
    geo::Point p;
    for (int attempt = 0; attempt < 400; ++attempt) {
      if (attempt % 40 == 39) separation *= 0.85;
      p = random_point(c, 3000.0 + town.reach, rng);
      const bool apart =
          std::all_of(c.places.begin(), c.places.begin() + static_cast<std::ptrdiff_t>(t),
                      [&](const Place& o) { return dist(p, o.centre) >= separation + o.reach; });
      bool off_trunks = true;
      for (int side = 0; side < 4; ++side)
        off_trunks = off_trunks && dist(p, c.edge_midpoint(side)) > 2000 + town.reach;
      if (apart && off_trunks && clear_of_river(c, p, town.reach + 300)) break;
    }
    town.centre = p;
    anchor_grid(town);
  }
}

bool clear_of_corridors(const County& c, const geo::Point& p, double r) {
  const geo::Point& seat = c.seat().centre;
  for (int side = 0; side < 4; ++side) {
    if (distance_to_segment(p, seat, c.edge_midpoint(side)) < r) return false;
  }
  for (std::size_t t = 1; t < c.towns; ++t) {
    if (distance_to_segment(p, seat, c.places[t].centre) < r) return false;
  }
  return true;
}

void place_lakes(County& c, Rng& rng) {
  // A reservoir (larger, elongated along its valley) and a natural lake.
  for (int k = 0; k < 2; ++k) {
    Lake lake;
    lake.radius = k == 0 ? rng.uniform(800.0, 1300.0) : rng.uniform(400.0, 800.0);
    lake.elongation = k == 0 ? rng.uniform(1.3, 1.7) : rng.uniform(1.05, 1.35);
    lake.angle = rng.uniform(0.0, kPi);
    for (int attempt = 0; attempt < 300; ++attempt) {
      if (attempt % 60 == 59) lake.radius *= 0.85;
      const double r = lake.keep_out();
      lake.centre = random_point(c, r + 1500.0, rng);
      const bool away = std::all_of(
          c.places.begin(), c.places.begin() + static_cast<std::ptrdiff_t>(c.towns),
          [&](const Place& t) { return dist(lake.centre, t.centre) >= r + t.reach + 1500; });
      if (away && clear_of_river(c, lake.centre, r + 600) &&
          clear_of_lakes(c, lake.centre, r + 1500) && clear_of_corridors(c, lake.centre, r + 300)) {
        break;
      }
    }
    c.lakes.push_back(lake);
  }
}

std::size_t nearest_town(const County& c, const geo::Point& p) {
  std::size_t best = 0;
  for (std::size_t t = 1; t < c.towns; ++t) {
    if (dist(p, c.places[t].centre) - c.places[t].reach <
        dist(p, c.places[best].centre) - c.places[best].reach)
      best = t;
  }
  return best;
}

bool good_village_site(const County& c, const geo::Point& p, std::size_t placed, double reach) {
  for (std::size_t t = 0; t < c.towns; ++t) {
    if (dist(p, c.places[t].centre) < c.places[t].reach + reach + 500) return false;
  }
  for (std::size_t v = c.towns; v < placed; ++v) {
    if (dist(p, c.places[v].centre) < c.places[v].reach + reach + 200) return false;
  }
  // Lanes, campuses and ponds reach up to `reach` from the centre; keep all of them dry.
  if (!clear_of_lakes(c, p, reach + 200) || !clear_of_river(c, p, reach + 200)) return false;
  // The village's road to its township must not run through a lake.
  const geo::Point& town = c.places[nearest_town(c, p)].centre;
  return std::all_of(c.lakes.begin(), c.lakes.end(), [&](const Lake& l) {
    return distance_to_segment(l.centre, p, town) >= l.keep_out() + 100;
  });
}

void place_villages(County& c, Rng& rng) {
  // Stratified: one village per randomly chosen cell of a grid 2.5× as fine as needed, so
  // villages spread like real ones instead of clumping.
  const std::size_t villages = c.places.size() - c.towns;
  const double margin = 1000.0;
  const double w = c.frame.max_x - c.frame.min_x - 2 * margin,
               h = c.frame.max_y - c.frame.min_y - 2 * margin;
  const double cells = 2.5 * static_cast<double>(villages);
  const auto columns = static_cast<std::size_t>(std::ceil(std::sqrt(cells * w / h)));
  const auto rows = static_cast<std::size_t>(std::ceil(cells / static_cast<double>(columns)));
  std::vector<std::size_t> order(columns * rows);
  std::iota(order.begin(), order.end(), 0);
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  const double cw = w / static_cast<double>(columns), ch = h / static_cast<double>(rows);
  std::size_t next = c.towns, cell = 0;
  for (; next < c.places.size(); ++next) {
    Place& v = c.places[next];
    v.lane_half = 220.0 + 110.0 * static_cast<double>(v.schools) + rng.uniform(0.0, 80.0);
    v.reach = v.lane_half;
    geo::Point p;
    bool found = false;
    for (int attempt = 0; !found && attempt < 4 * 200; ++attempt) {
      const std::size_t k = cell < order.size() ? order[cell] : rng.below(order.size());
      if (attempt % 4 == 3) ++cell;
      p = {c.frame.min_x + margin +
               cw * (static_cast<double>(k % columns) + 0.5 + rng.uniform(-0.35, 0.35)),
           c.frame.min_y + margin +
               ch * (static_cast<double>(k / columns) + 0.5 + rng.uniform(-0.35, 0.35))};
      found = good_village_site(c, p, next, v.reach);
    }
    if (found) ++cell;
    v.centre = p;
    v.town = nearest_town(c, p);
    v.angle = rng.uniform(0.0, kPi);
  }
}

}  // namespace

// [SECTION] County
double Campus::radius() const {
  return std::sqrt(half_w * half_w + half_h * half_h);
}

County::County(const RegionPlan& plan, std::size_t i)
    : seed(plan.seed),
      index(i),
      column(i % plan.columns),
      row(i / plan.columns),
      frame(plan.frame(i)),
      school_count(plan.schools_in(i)),
      poi_count(plan.pois_in(i)),
      detail(plan.detail),
      name(county_name(i)),
      prefix(name.substr(0, name.size() - std::string_view("县").size())),
      river_name(demo::river_name(plan, row)),
      river_west_y(river_edge_y(plan, column, row)),
      river_east_y(river_edge_y(plan, column + 1, row)) {}

Rng County::rng(Stage stage) const {
  return Rng(stream_seed(seed, kCountyStream, index, static_cast<std::uint64_t>(stage)));
}

double County::river_y_at(double x) const {
  auto it = std::lower_bound(river.begin(), river.end(), x,
                             [](const geo::Point& p, double v) { return p.x < v; });
  if (it == river.begin()) return river.front().y;
  if (it == river.end()) return river.back().y;
  const geo::Point& b = *it;
  const geo::Point& a = *(it - 1);
  return a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x);
}

double County::river_distance(const geo::Point& p, double within) const {
  // The river runs west to east, so only segments overlapping [x - within, x + within] matter.
  auto it = std::lower_bound(river.begin(), river.end(), p.x - within,
                             [](const geo::Point& v, double x) { return v.x < x; });
  std::size_t i = it == river.begin() ? 0 : static_cast<std::size_t>(it - river.begin()) - 1;
  double best = std::numeric_limits<double>::infinity();
  for (; i + 1 < river.size() && river[i].x <= p.x + within; ++i) {
    best = std::min(best, distance_to_segment(p, river[i], river[i + 1]));
  }
  return best <= within ? best : std::numeric_limits<double>::infinity();
}

geo::Point County::edge_midpoint(int side) const {
  const double mx = (frame.min_x + frame.max_x) / 2, my = (frame.min_y + frame.max_y) / 2;
  switch (side) {
    case 0:
      return {frame.max_x, my};
    case 1:
      return {mx, frame.max_y};
    case 2:
      return {frame.min_x, my};
    default:
      return {mx, frame.min_y};
  }
}

bool County::clear_of_links(const geo::Point& p, double r) const {
  return std::none_of(links.begin(), links.end(), [&](const Link& l) {
    const geo::Box& b = l.box;
    if (p.x < b.min_x - r || p.x > b.max_x + r || p.y < b.min_y - r || p.y > b.max_y + r)
      return false;
    return distance_to_line(p, roads.line(l.road)) < r;
  });
}

// [SECTION] stage entry
void lay_out_county(County& c) {
  Rng rng = c.rng(Stage::kLayout);
  make_river(c, rng);
  const double n = static_cast<double>(c.school_count);
  c.towns = static_cast<std::size_t>(std::clamp(std::round(n / 12.0), 1.0, 14.0));
  const auto villages = static_cast<std::size_t>(std::clamp(std::round(n * 0.7), 2.0, 160.0));
  name_places(c, villages, rng);
  plan_schools(c, rng);
  place_seat(c, rng);
  place_towns(c, rng);
  place_lakes(c, rng);
  place_villages(c, rng);
}

}  // namespace huxiao::demo
