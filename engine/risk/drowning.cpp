#include "risk/drowning.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>

#include <fmt/format.h>
#include <tbb/combinable.h>
#include <tbb/parallel_for.h>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include "core/error.hpp"

namespace huxiao::risk {
namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {

using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using Entry = std::pair<BPoint, std::uint32_t>;
using PointTree = bgi::rtree<Entry, bgi::rstar<16>>;
constexpr double kInf = std::numeric_limits<double>::infinity();

// [SECTION] bank segments

// Cuts a polyline into pieces of about `step` metres (the last piece takes the remainder).
void cut(const geo::LineString& line, double step, bool from_waterway, std::size_t water,
         std::vector<BankSegment>& out) {
  const double total = geo::length(line);
  if (total <= 0.0) return;
  const int pieces = std::max(1, static_cast<int>(std::round(total / step)));
  const double piece = total / pieces;
  geo::LineString current{line.front()};
  double filled = 0.0;
  const auto flush = [&] {
    BankSegment s;
    s.from_waterway = from_waterway;
    s.water = water;
    s.line = current;
    s.access = geo::midpoint_along(current);
    out.push_back(std::move(s));
  };
  for (std::size_t i = 1; i < line.size(); ++i) {
    geo::Point a = line[i - 1];
    const geo::Point b = line[i];
    double remaining = geo::distance(a, b);
    while (filled + remaining >= piece - 1e-9) {
      const double take = piece - filled;
      const double t = remaining > 0.0 ? take / remaining : 0.0;
      const geo::Point cut_at{a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
      current.push_back(cut_at);
      flush();
      current = {cut_at};
      remaining -= take;
      a = cut_at;
      filled = 0.0;
      if (remaining <= 1e-9) break;
    }
    if (remaining > 1e-9) {
      current.push_back(b);
      filled += remaining;
    }
  }
  if (current.size() >= 2 && filled > 1e-6) flush();
}

// [SECTION] raster kernels

// Felzenszwalb & Huttenlocher's 1-D squared distance transform (lower envelope of parabolas).
void edt_1d(const std::vector<double>& f, std::vector<double>& d, std::vector<int>& v,
            std::vector<double>& z) {
  const int n = static_cast<int>(f.size());
  int k = 0;
  v[0] = 0;
  z[0] = -kInf;
  z[1] = kInf;
  for (int q = 1; q < n; ++q) {
    if (f[static_cast<std::size_t>(q)] == kInf) continue;
    if (f[static_cast<std::size_t>(v[0])] == kInf) {
      v[0] = q;
      continue;
    }
    double s = 0.0;
    while (true) {
      const int p = v[static_cast<std::size_t>(k)];
      s = ((f[static_cast<std::size_t>(q)] + q * q) - (f[static_cast<std::size_t>(p)] + p * p)) /
          (2.0 * (q - p));
      if (s <= z[static_cast<std::size_t>(k)] && k > 0)
        --k;
      else
        break;
    }
    ++k;
    v[static_cast<std::size_t>(k)] = q;
    z[static_cast<std::size_t>(k)] = s;
    z[static_cast<std::size_t>(k) + 1] = kInf;
  }
  k = 0;
  for (int q = 0; q < n; ++q) {
    while (z[static_cast<std::size_t>(k) + 1] < q) ++k;
    const int p = v[static_cast<std::size_t>(k)];
    d[static_cast<std::size_t>(q)] = f[static_cast<std::size_t>(p)] == kInf
                                         ? kInf
                                         : (q - p) * (q - p) + f[static_cast<std::size_t>(p)];
  }
}

}  // namespace

// [SECTION] model functions

void RiskSettings::validate() const {
  require_in_range("bank segment length (m)", segment_m, 1.0, 10000.0);
  require_in_range("children's walking speed (m/s)", child_speed_mps, 0.1, 3.0);
  require_in_range("walking cutoff (min)", cutoff_min, 0.1, 240.0);
  require_in_range("kernel bandwidth (m)", bandwidth_m, 1.0, 100000.0);
  require_in_range("raster cell size (m)", cell_m, 0.1, 10000.0);
  require_in_range("raster cells at most", max_raster_cells, 1e4, 2e9);
  require_in_range("sign sites", sign_sites, 0, 100000);
  require_in_range("sign coverage (m)", sign_cover_m, 1.0, 100000.0);
  require_in_range("sign spacing (m)", sign_spacing_m, 0.0, 100000.0);
  for (double f : {sign_factor, fence_factor, rescue_factor})
    require_in_range("safeguard factor", f, 0.0, 1.0);
  require_in_range("season factor", season_factor, 0.0, 100.0);
  require_in_range("population weight", population_weight, 0.0, 1000.0);
  require_in_range("patrol stops", patrol_stops, 0, 10000);
  require_in_range("patrol radius (km)", patrol_within_km, 0.0, 10000.0);
}

double decay(double x, Decay kind) {
  if (x < 0.0 || x >= 1.0) return x < 0.0 ? 1.0 : 0.0;
  switch (kind) {
    case Decay::kLinear:
      return 1.0 - x;
    case Decay::kQuartic:
      return (1.0 - x * x) * (1.0 - x * x);
    case Decay::kExponential:
      return std::exp(-3.0 * x);  // 5 % left at the cutoff, then nothing
  }
  return 0.0;
}

double quartic_kernel(double distance, double bandwidth, KdeOutput output) {
  if (distance > bandwidth) return 0.0;
  const double u = distance / bandwidth;
  const double shape = (1.0 - u * u) * (1.0 - u * u);
  if (output == KdeOutput::kRaw) return shape;
  // QGIS's scaled quartic (Wand & Jones 1995, p. 175): 116 / (5 π h²) · 15/16 · (1 − u²)².
  return 116.0 / (5.0 * std::numbers::pi * bandwidth * bandwidth) * (15.0 / 16.0) * shape;
}

double hazard_of(model::WaterKind kind, const model::Safeguards& sg, const RiskSettings& s) {
  const auto it = s.kind_weight.find(kind);
  double h = it == s.kind_weight.end() ? 1.0 : it->second;
  if (sg.warning_sign) h *= s.sign_factor;
  if (sg.fence) h *= s.fence_factor;
  if (sg.rescue_equipment) h *= s.rescue_factor;
  return h * s.season_factor;
}

void EuclideanWalking::from_school(std::size_t school, const std::vector<geo::Point>& targets,
                                   std::vector<double>& seconds, bool& on_network) const {
  const model::School& s = project_.schools[school];
  seconds.assign(targets.size(), kInf);
  on_network = false;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    double best = geo::distance(s.location, targets[i]);
    for (const auto& g : s.gates) best = std::min(best, geo::distance(g.location, targets[i]));
    seconds[i] = best / speed_;
  }
}

std::vector<BankSegment> split_banks(const model::Project& p, double segment_m) {
  std::vector<BankSegment> out;
  for (std::size_t i = 0; i < p.water.size(); ++i) {
    for (const auto& poly : p.water[i].area) {
      cut(poly.outer, segment_m, false, i, out);
      for (const auto& h : poly.holes) cut(h, segment_m, false, i, out);
    }
  }
  for (std::size_t i = 0; i < p.waterways.size(); ++i)
    cut(p.waterways[i].line, segment_m, true, i, out);
  return out;
}

geo::Raster kernel_density(const std::vector<geo::Point>& points,
                           const std::vector<double>& weights, const geo::Box& extent,
                           double bandwidth, double cell, KdeOutput output) {
  geo::Raster r = geo::Raster::covering(extent, cell, 0.0f);
  const int reach = static_cast<int>(std::ceil(bandwidth / cell)) + 1;
  // Rows are independent given all points; parallel over row bands, points filtered per band.
  tbb::parallel_for(
      tbb::blocked_range<int>(0, r.height, 32), [&](const tbb::blocked_range<int>& rows) {
        for (std::size_t k = 0; k < points.size(); ++k) {
          if (weights[k] <= 0.0) continue;
          const geo::Point& p = points[k];
          const int col0 = static_cast<int>(std::floor((p.x - r.min_x) / cell));
          const int row0 = static_cast<int>(std::floor((r.max_y - p.y) / cell));
          const int rlo = std::max(rows.begin(), row0 - reach),
                    rhi = std::min(rows.end() - 1, row0 + reach);
          for (int row = rlo; row <= rhi; ++row)
            for (int col = std::max(0, col0 - reach); col <= std::min(r.width - 1, col0 + reach);
                 ++col) {
              const double d = geo::distance(r.center(col, row), p);
              if (d <= bandwidth)
                r.at(col, row) +=
                    static_cast<float>(weights[k] * quartic_kernel(d, bandwidth, output));
            }
        }
      });
  return r;
}

geo::Raster distance_transform(const geo::Raster& grid, const std::vector<std::uint8_t>& water) {
  geo::Raster out = grid;
  const int w = grid.width, h = grid.height;
  const auto at = [w](int x, int y) {
    return static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x);
  };
  // Pass 1, along columns: for a binary mask the 1-D transform is just the distance to the
  // nearest water cell above or below. Swept row by row over a band of columns, so memory is
  // read in order (a column-by-column sweep would stride through the whole grid).
  std::vector<float> vertical(grid.values.size());
  constexpr int kBand = 64;
  tbb::parallel_for(0, (w + kBand - 1) / kBand, [&](int band) {
    const int x0 = band * kBand, x1 = std::min(w, x0 + kBand);
    std::vector<int> last(static_cast<std::size_t>(x1 - x0), -1);
    for (int y = 0; y < h; ++y)
      for (int x = x0; x < x1; ++x) {
        int& l = last[static_cast<std::size_t>(x - x0)];
        if (water[at(x, y)]) l = y;
        vertical[at(x, y)] =
            l < 0 ? std::numeric_limits<float>::infinity() : static_cast<float>(y - l);
      }
    std::fill(last.begin(), last.end(), -1);
    for (int y = h - 1; y >= 0; --y)
      for (int x = x0; x < x1; ++x) {
        int& l = last[static_cast<std::size_t>(x - x0)];
        if (water[at(x, y)]) l = y;
        if (l >= 0) vertical[at(x, y)] = std::min(vertical[at(x, y)], static_cast<float>(l - y));
      }
  });
  // Pass 2, along rows: the lower envelope of parabolas (Felzenszwalb & Huttenlocher 2012).
  tbb::parallel_for(tbb::blocked_range<int>(0, h, 16), [&](const tbb::blocked_range<int>& rows) {
    std::vector<double> f(static_cast<std::size_t>(w)), d(static_cast<std::size_t>(w)),
        z(static_cast<std::size_t>(w) + 1);
    std::vector<int> v(static_cast<std::size_t>(w));
    for (int y = rows.begin(); y != rows.end(); ++y) {
      for (int x = 0; x < w; ++x) {
        const double g = vertical[at(x, y)];
        f[static_cast<std::size_t>(x)] = g == kInf ? kInf : g * g;
      }
      edt_1d(f, d, v, z);
      for (int x = 0; x < w; ++x) {
        const double cells = d[static_cast<std::size_t>(x)];
        out.values[at(x, y)] =
            cells == kInf ? out.nodata : static_cast<float>(std::sqrt(cells) * grid.cell);
      }
    }
  });
  return out;
}

// [SECTION] assessment

namespace {

void compute_exposure(const model::Project& p, const RiskSettings& s, const WalkingTimes& walking,
                      std::vector<BankSegment>& segs, std::vector<std::size_t>& estimated,
                      Progress& progress) {
  std::vector<Entry> entries;
  for (std::size_t i = 0; i < segs.size(); ++i)
    entries.emplace_back(BPoint(segs[i].access.x, segs[i].access.y), static_cast<std::uint32_t>(i));
  const PointTree tree(entries.begin(), entries.end());
  const double cutoff_s = s.cutoff_min * 60.0;
  // Walking is never faster than the straight line at walking speed: that bounds the search.
  const double reach_m = cutoff_s * s.child_speed_mps;
  tbb::combinable<std::vector<double>> exposure(
      [&] { return std::vector<double>(segs.size(), 0.0); });
  tbb::combinable<std::vector<int>> counts([&] { return std::vector<int>(segs.size(), 0); });
  tbb::combinable<std::vector<std::size_t>> flagged;
  ProgressTask task(progress, "drowning exposure", p.schools.size());
  tbb::parallel_for(std::size_t{0}, p.schools.size(), [&](std::size_t si) {
    const model::School& school = p.schools[si];
    const auto w = s.level_weight.find(school.level);
    const double weight = (w == s.level_weight.end() ? 1.0 : w->second) * school.enrollment;
    if (weight <= 0.0) return;
    std::vector<Entry> near;
    const BPoint lo(school.location.x - reach_m, school.location.y - reach_m),
        hi(school.location.x + reach_m, school.location.y + reach_m);
    tree.query(bgi::intersects(bg::model::box<BPoint>(lo, hi)), std::back_inserter(near));
    if (near.empty()) return;
    std::vector<geo::Point> targets;
    for (const auto& e : near) targets.push_back(segs[e.second].access);
    std::vector<double> seconds;
    bool on_network = true;
    walking.from_school(si, targets, seconds, on_network);
    if (!on_network) flagged.local().push_back(si);
    auto& ex = exposure.local();
    auto& cn = counts.local();
    for (std::size_t k = 0; k < near.size(); ++k) {
      const double f = decay(seconds[k] / cutoff_s, s.decay);
      if (f <= 0.0) continue;
      ex[near[k].second] += weight * f;
      ++cn[near[k].second];
    }
  });
  exposure.combine_each([&](const std::vector<double>& ex) {
    for (std::size_t i = 0; i < segs.size(); ++i) segs[i].exposure += ex[i];
  });
  counts.combine_each([&](const std::vector<int>& cn) {
    for (std::size_t i = 0; i < segs.size(); ++i) segs[i].schools += cn[i];
  });
  flagged.combine_each([&](const std::vector<std::size_t>& f) {
    estimated.insert(estimated.end(), f.begin(), f.end());
  });
  std::sort(estimated.begin(), estimated.end());
  task.update(p.schools.size());
}

// Straight-line reach: a raster cell has no gates and no network position of its own.
PointTree segment_tree(const std::vector<BankSegment>& segs) {
  std::vector<Entry> entries;
  for (std::size_t i = 0; i < segs.size(); ++i)
    entries.emplace_back(BPoint(segs[i].access.x, segs[i].access.y), static_cast<std::uint32_t>(i));
  return PointTree(entries.begin(), entries.end());
}

std::vector<WaterRisk> rank_waters(const model::Project& p, const std::vector<BankSegment>& segs) {
  std::vector<WaterRisk> bodies(p.water.size()), ways(p.waterways.size());
  for (std::size_t i = 0; i < bodies.size(); ++i) bodies[i] = {false, i, 0, 0, 0, 0, 0};
  for (std::size_t i = 0; i < ways.size(); ++i) ways[i] = {true, i, 0, 0, 0, 0, 0};
  for (const auto& sgm : segs) {
    WaterRisk& w = sgm.from_waterway ? ways[sgm.water] : bodies[sgm.water];
    w.hazard = sgm.hazard;
    w.risk_max = std::max(w.risk_max, sgm.risk);
    w.risk_sum += sgm.risk;
    ++w.segments;
  }
  std::vector<WaterRisk> all = std::move(bodies);
  all.insert(all.end(), ways.begin(), ways.end());
  std::stable_sort(all.begin(), all.end(),
                   [](const WaterRisk& a, const WaterRisk& b) { return a.risk_sum > b.risk_sum; });
  for (std::size_t i = 0; i < all.size(); ++i) all[i].rank = static_cast<int>(i) + 1;
  return all;
}

// Greedy maximal covering: each site covers the bank within `cover` of it; sites keep `spacing`.
std::vector<SignSite> place_signs(const std::vector<BankSegment>& segs, const RiskSettings& s) {
  std::vector<SignSite> out;
  double total = 0.0;
  for (const auto& g : segs) total += g.risk;
  if (total <= 0.0 || s.sign_sites == 0) return out;
  std::vector<Entry> entries;
  for (std::size_t i = 0; i < segs.size(); ++i)
    entries.emplace_back(BPoint(segs[i].access.x, segs[i].access.y), static_cast<std::uint32_t>(i));
  const PointTree tree(entries.begin(), entries.end());
  std::vector<std::vector<std::uint32_t>> covers(segs.size());
  for (std::size_t i = 0; i < segs.size(); ++i) {
    if (segs[i].risk <= 0.0) continue;
    const geo::Point c = segs[i].access;
    std::vector<Entry> near;
    tree.query(bgi::satisfies([&](const Entry& e) {
                 return std::hypot(bg::get<0>(e.first) - c.x, bg::get<1>(e.first) - c.y) <=
                        s.sign_cover_m;
               }) &&
                   bgi::intersects(
                       bg::model::box<BPoint>(BPoint(c.x - s.sign_cover_m, c.y - s.sign_cover_m),
                                              BPoint(c.x + s.sign_cover_m, c.y + s.sign_cover_m))),
               std::back_inserter(near));
    for (const auto& e : near) covers[i].push_back(e.second);
  }
  std::vector<bool> covered(segs.size(), false);
  std::vector<geo::Point> chosen;
  double cumulative = 0.0;
  for (int m = 0; m < s.sign_sites; ++m) {
    double best_gain = 0.0;
    std::size_t best = segs.size();
    for (std::size_t i = 0; i < segs.size(); ++i) {
      if (covers[i].empty()) continue;
      if (std::any_of(chosen.begin(), chosen.end(), [&](const geo::Point& c) {
            return geo::distance(c, segs[i].access) < s.sign_spacing_m;
          }))
        continue;
      double gain = 0.0;
      for (auto j : covers[i])
        if (!covered[j]) gain += segs[j].risk;
      if (gain > best_gain) best_gain = gain, best = i;
    }
    if (best == segs.size()) break;
    for (auto j : covers[best]) covered[j] = true;
    chosen.push_back(segs[best].access);
    cumulative += best_gain;
    out.push_back({best, best_gain, cumulative / total});
  }
  return out;
}

}  // namespace

void add_home_exposure(const PopulationCells& pop, const RiskSettings& s,
                       std::vector<BankSegment>& segs) {
  if (segs.empty()) return;
  const PointTree tree = segment_tree(segs);
  const double cutoff_s = s.cutoff_min * 60.0;
  const double reach_m = cutoff_s * s.child_speed_mps;
  std::vector<double> home(segs.size(), 0.0);
  std::vector<Entry> near;
  for (std::size_t c = 0; c < pop.centres.size(); ++c) {
    const double people = pop.people[c];
    if (!(people > 0.0)) continue;  // also skips NaN
    const geo::Point& q = pop.centres[c];
    near.clear();
    tree.query(bgi::intersects(bg::model::box<BPoint>(BPoint(q.x - reach_m, q.y - reach_m),
                                                      BPoint(q.x + reach_m, q.y + reach_m))),
               std::back_inserter(near));
    for (const auto& e : near) {
      const double seconds = geo::distance(q, segs[e.second].access) / s.child_speed_mps;
      home[e.second] += people * decay(seconds / cutoff_s, s.decay) * s.population_weight;
    }
  }
  for (std::size_t i = 0; i < segs.size(); ++i) {
    segs[i].home_exposure += home[i];
    segs[i].exposure += home[i];
  }
}

DrowningResult assess(const model::Project& p, const RiskSettings& s, const WalkingTimes& walking,
                      Progress& progress, const PopulationCells* population) {
  s.validate();
  if (p.water.empty() && p.waterways.empty()) {
    throw Error(ErrorCode::kEmptyInput, "the store has no water bodies and no waterways to assess",
                {.feature = "layers water, waterways",
                 .fix = "import a source with ponds, reservoirs, rivers (OSM natural=water, "
                        "waterway=*) or a water layer with a mapping"});
  }
  DrowningResult r;
  r.segments = split_banks(p, s.segment_m);
  for (auto& g : r.segments) {
    g.hazard = g.from_waterway
                   ? hazard_of(p.waterways[g.water].kind, p.waterways[g.water].safeguards, s)
                   : hazard_of(p.water[g.water].kind, p.water[g.water].safeguards, s);
  }
  compute_exposure(p, s, walking, r.segments, r.schools_walking_estimated, progress);
  if (population) add_home_exposure(*population, s, r.segments);
  for (auto& g : r.segments) g.risk = g.hazard * g.exposure;
  r.waters = rank_waters(p, r.segments);
  r.signs = place_signs(r.segments, s);

  // Rasters over the water and the schools, with one bandwidth of margin.
  geo::Box extent;
  for (const auto& g : r.segments) extent.expand(geo::bounds(g.line));
  for (const auto& sc : p.schools) extent.expand(sc.location);
  extent = {extent.min_x - s.bandwidth_m, extent.min_y - s.bandwidth_m,
            extent.max_x + s.bandwidth_m, extent.max_y + s.bandwidth_m};
  std::vector<geo::Point> pts;
  std::vector<double> weights;
  for (const auto& g : r.segments) {
    pts.push_back(g.access);
    weights.push_back(g.risk);
  }
  r.raster_cell_m = s.cell_m;
  const double cells =
      (extent.max_x - extent.min_x) * (extent.max_y - extent.min_y) / (s.cell_m * s.cell_m);
  if (cells > s.max_raster_cells)
    r.raster_cell_m = std::ceil(s.cell_m * std::sqrt(cells / s.max_raster_cells));
  ProgressTask task(progress, "risk heatmap (kernel density)", 1);
  r.risk_density =
      kernel_density(pts, weights, extent, s.bandwidth_m, r.raster_cell_m, s.kde_output);
  task.update(1);
  return r;
}

}  // namespace huxiao::risk
