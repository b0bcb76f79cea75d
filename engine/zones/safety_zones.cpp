#include "zones/safety_zones.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numbers>
#include <numeric>

#include <fmt/format.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include "core/error.hpp"
#include "geo/crs.hpp"
#include "geo/geos.hpp"

namespace huxiao::zones {
namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {

using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BBox = bg::model::box<BPoint>;
using Entry = std::pair<BBox, std::uint32_t>;
using RTree = bgi::rtree<Entry, bgi::rstar<16>>;

BBox bbox_of(const geo::Box& b) {
  return {BPoint(b.min_x, b.min_y), BPoint(b.max_x, b.max_y)};
}
BBox bbox_of(const geo::Point& a, const geo::Point& b) {
  return {BPoint(std::min(a.x, b.x), std::min(a.y, b.y)),
          BPoint(std::max(a.x, b.x), std::max(a.y, b.y))};
}

// [SECTION] settings

void check_school_location(const model::School& s) {
  if (!std::isfinite(s.location.x) || !std::isfinite(s.location.y)) {
    throw Error(ErrorCode::kBadValue, "the school has no location, so it has no safety zone",
                {.feature = fmt::format("school {} ({})", s.id, s.name),
                 .fix = "give the school coordinates in the source and import again"});
  }
}

// [SECTION] local metric for large extents

// Semi-axis and eccentricity of WGS84: the ground metres of a degree of longitude and latitude.
constexpr double kA = 6378137.0;
constexpr double kE2 = 0.00669437999014;

std::vector<LocalMetric> local_metrics(const std::vector<model::School>& schools,
                                       const geo::Crs& crs) {
  constexpr double kStepDeg = 1e-3;  // ~100 m: curvature of the projection over it is negligible
  const geo::Transformer to_wgs84(crs, geo::Crs::wgs84());
  const geo::Transformer to_local(geo::Crs::wgs84(), crs);
  std::vector<LocalMetric> out(schools.size());
  for (std::size_t i = 0; i < schools.size(); ++i) {
    const geo::Point p = schools[i].location;
    const auto ll = to_wgs84.apply(p);
    if (!ll) continue;
    geo::Point probes[4] = {{ll->x + kStepDeg, ll->y},
                            {ll->x - kStepDeg, ll->y},
                            {ll->x, ll->y + kStepDeg},
                            {ll->x, ll->y - kStepDeg}};
    if (!to_local.apply_in_place(probes)) continue;
    const double phi = ll->y * std::numbers::pi / 180.0;
    const double w = 1.0 - kE2 * std::sin(phi) * std::sin(phi);
    const double step_rad = 2.0 * kStepDeg * std::numbers::pi / 180.0;
    const double east_m = step_rad * kA / std::sqrt(w) * std::cos(phi);
    const double north_m = step_rad * kA * (1.0 - kE2) / (w * std::sqrt(w));
    // Jacobian: projected metres per ground metre east / north; A is its inverse.
    const double j11 = (probes[0].x - probes[1].x) / east_m,
                 j21 = (probes[0].y - probes[1].y) / east_m;
    const double j12 = (probes[2].x - probes[3].x) / north_m,
                 j22 = (probes[2].y - probes[3].y) / north_m;
    const double det = j11 * j22 - j12 * j21;
    LocalMetric m;
    m.origin = p;
    m.identity = false;
    m.a11 = j22 / det;
    m.a12 = -j12 / det;
    m.a21 = -j21 / det;
    m.a22 = j11 / det;
    out[i] = m;
  }
  return out;
}

// Smallest singular value of A: ground distance d needs at most d / this in projected metres.
double min_stretch(const LocalMetric& m) {
  if (m.identity) return 1.0;
  const double p = m.a11 * m.a11 + m.a21 * m.a21, q = m.a12 * m.a12 + m.a22 * m.a22,
               r = m.a11 * m.a12 + m.a21 * m.a22;
  return std::sqrt(
      std::max(0.0, (p + q) / 2.0 - std::sqrt(((p - q) / 2.0) * ((p - q) / 2.0) + r * r)));
}

// Projected point at ground offset (east, north) from the metric's origin: A⁻¹ · v.
geo::Point ground_offset(const LocalMetric& m, double east, double north) {
  if (m.identity) return {m.origin.x + east, m.origin.y + north};
  const double det = m.a11 * m.a22 - m.a12 * m.a21;
  return {m.origin.x + (m.a22 * east - m.a12 * north) / det,
          m.origin.y + (-m.a21 * east + m.a11 * north) / det};
}

// [SECTION] feature indexes

struct Indexes {
  RTree pois, water, waterway_segments, road_segments;
  std::vector<std::uint32_t> waterway_of_segment, road_of_segment;
};

template <class Keep>
void index_segments(const std::vector<geo::LineString>& lines, Keep keep, RTree& tree,
                    std::vector<std::uint32_t>& owner) {
  std::vector<Entry> entries;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!keep(i)) continue;
    for (std::size_t k = 1; k < lines[i].size(); ++k) {
      entries.emplace_back(bbox_of(lines[i][k - 1], lines[i][k]),
                           static_cast<std::uint32_t>(owner.size()));
      owner.push_back(static_cast<std::uint32_t>(i));
    }
  }
  tree = RTree(entries.begin(), entries.end());  // bulk loading (packing) builds a balanced tree
}

bool any_rule_for(const RuleTable& rules, FeatureLayer layer) {
  return std::any_of(rules.rules.begin(), rules.rules.end(),
                     [&](const AuditRule& r) { return r.feature == layer; });
}

template <class T>
bool matched_by_any(const RuleTable& rules, T value) {
  return std::any_of(rules.rules.begin(), rules.rules.end(),
                     [&](const AuditRule& r) { return r.matches(value); });
}

Indexes build_indexes(const model::Project& p, const RuleTable& rules) {
  Indexes ix;
  if (any_rule_for(rules, FeatureLayer::kPois)) {
    std::vector<Entry> e;
    for (std::size_t i = 0; i < p.pois.size(); ++i) {
      if (matched_by_any(rules, p.pois[i].category))
        e.emplace_back(bbox_of(p.pois[i].location, p.pois[i].location),
                       static_cast<std::uint32_t>(i));
    }
    ix.pois = RTree(e.begin(), e.end());
  }
  if (any_rule_for(rules, FeatureLayer::kWater)) {
    std::vector<Entry> e;
    for (std::size_t i = 0; i < p.water.size(); ++i) {
      if (matched_by_any(rules, p.water[i].kind))
        e.emplace_back(bbox_of(geo::bounds(p.water[i].area)), static_cast<std::uint32_t>(i));
    }
    ix.water = RTree(e.begin(), e.end());
  }
  std::vector<geo::LineString> lines;
  if (any_rule_for(rules, FeatureLayer::kWaterways)) {
    for (const auto& w : p.waterways) lines.push_back(w.line);
    index_segments(
        lines, [&](std::size_t i) { return matched_by_any(rules, p.waterways[i].kind); },
        ix.waterway_segments, ix.waterway_of_segment);
  }
  if (any_rule_for(rules, FeatureLayer::kRoads)) {
    lines.clear();
    for (const auto& r : p.roads) lines.push_back(r.line);
    index_segments(
        lines, [&](std::size_t i) { return matched_by_any(rules, p.roads[i].road_class); },
        ix.road_segments, ix.road_of_segment);
  }
  return ix;
}

// [SECTION] per-school audit

struct SchoolFrame {
  LocalMetric metric;
  Base base;
  geo::MultiPolygon mapped_campus;  // storage for base.campus in a non-identity metric
  geo::Box search;  // projected box holding everything within the largest rule distance
};

SchoolFrame frame_for(const model::School& s, const LocalMetric& metric, double reach_m,
                      bool use_campus) {
  SchoolFrame f;
  f.metric = metric;
  f.base.point = metric.map(s.location);
  geo::Box b;
  b.expand(s.location);
  if (s.campus && use_campus) {
    b = geo::bounds(*s.campus);
    if (metric.identity) {
      f.base.campus = &*s.campus;
    } else {
      f.mapped_campus = map_polygons(*s.campus, metric);
      f.base.campus = &f.mapped_campus;
    }
  }
  const double pad = reach_m / min_stretch(metric);
  f.search = {b.min_x - pad, b.min_y - pad, b.max_x + pad, b.max_y + pad};
  return f;
}

geo::Point nearest_vertex(const geo::Point& to, const std::vector<geo::Point>& pts) {
  geo::Point best = pts.front();
  for (const auto& p : pts)
    if (geo::distance(p, to) < geo::distance(best, to)) best = p;
  return best;
}

template <class Visit>
void for_each_line_candidate(const RTree& tree, const std::vector<std::uint32_t>& owner,
                             const geo::Box& box, Visit visit) {
  std::vector<Entry> hits;
  tree.query(bgi::intersects(bbox_of(box)), std::back_inserter(hits));
  std::vector<std::uint32_t> owners;
  owners.reserve(hits.size());
  for (const auto& h : hits) owners.push_back(owner[h.second]);
  std::sort(owners.begin(), owners.end());
  owners.erase(std::unique(owners.begin(), owners.end()), owners.end());
  for (auto o : owners) visit(o);
}

class Auditor {
 public:
  Auditor(const model::Project& p, const ZoneSettings& s, const Indexes& ix,
          const std::vector<const ZoneOverride*>& overrides)
      : p_(p), s_(s), ix_(ix), overrides_(overrides) {}

  std::vector<Finding> audit(std::size_t school, const LocalMetric& metric) const {
    const model::School& sch = p_.schools[school];
    std::vector<std::size_t> rules;
    double reach = 0.0;
    for (std::size_t r = 0; r < s_.rules.rules.size(); ++r) {
      if (!s_.rules.rules[r].applies_to(sch.level)) continue;
      rules.push_back(r);
      reach = std::max(reach, s_.rules.rules[r].distance_m);
    }
    std::vector<Finding> out;
    if (rules.empty()) return out;
    SchoolFrame f = frame_for(sch, metric, reach, s_.measure_from_campus);
    const ZoneOverride* ov = overrides_[school];
    if (ov != nullptr) f.search.expand(geo::bounds(ov->area));
    const LocalMetric planar;
    const Base drawn{sch.location, ov != nullptr ? &ov->area : nullptr};
    // `distance_from(base, metric)` measures the feature from any base: the school's, or the
    // planners' drawn zone (only "inside or not" matters there, which no metric changes).
    const auto consider = [&](FeatureLayer layer, std::size_t feature, const geo::Point& at,
                              auto matches, auto distance_from) {
      bool relevant = false;
      for (std::size_t r : rules)
        relevant = relevant || (s_.rules.rules[r].feature == layer && matches(s_.rules.rules[r]));
      if (!relevant) return;
      const double d = distance_from(f.base, metric);
      const bool in_drawn_zone = ov != nullptr && distance_from(drawn, planar) == 0.0;
      for (std::size_t r : rules) {
        const AuditRule& rule = s_.rules.rules[r];
        if (rule.feature != layer || !matches(rule)) continue;
        if (!within(rule, school, d, ov, in_drawn_zone)) continue;
        double reported = d;
        MeasureMode how = MeasureMode::kStraight;
        if (rule.measure == MeasureMode::kWalking) {
          const auto walk = s_.walking->from_school(school, at);
          if (!walk || *walk > rule.distance_m) continue;
          reported = *walk;
          how = MeasureMode::kWalking;
        }
        out.push_back({school, r, layer, feature, reported, how, at});
      }
    };
    std::vector<Entry> hits;
    ix_.pois.query(bgi::intersects(bbox_of(f.search)), std::back_inserter(hits));
    for (const auto& h : hits) {
      const model::Poi& poi = p_.pois[h.second];
      consider(
          FeatureLayer::kPois, h.second, poi.location,
          [&](const AuditRule& r) { return r.matches(poi.category); },
          [&](const Base& b, const LocalMetric& m) {
            return distance_to_point(b, poi.location, m);
          });
    }
    hits.clear();
    ix_.water.query(bgi::intersects(bbox_of(f.search)), std::back_inserter(hits));
    for (const auto& h : hits) {
      const model::WaterBody& w = p_.water[h.second];
      consider(
          FeatureLayer::kWater, h.second, nearest_vertex(sch.location, w.area.front().outer),
          [&](const AuditRule& r) { return r.matches(w.kind); },
          [&](const Base& b, const LocalMetric& m) { return distance_to_area(b, w.area, m); });
    }
    for_each_line_candidate(
        ix_.waterway_segments, ix_.waterway_of_segment, f.search, [&](std::uint32_t i) {
          const model::Waterway& w = p_.waterways[i];
          consider(
              FeatureLayer::kWaterways, i, nearest_vertex(sch.location, w.line),
              [&](const AuditRule& r) { return r.matches(w.kind); },
              [&](const Base& b, const LocalMetric& m) { return distance_to_line(b, w.line, m); });
        });
    for_each_line_candidate(ix_.road_segments, ix_.road_of_segment, f.search, [&](std::uint32_t i) {
      const model::Road& road = p_.roads[i];
      consider(
          FeatureLayer::kRoads, i, nearest_vertex(sch.location, road.line),
          [&](const AuditRule& r) { return r.matches(road.road_class); },
          [&](const Base& b, const LocalMetric& m) { return distance_to_line(b, road.line, m); });
    });
    std::sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
      return std::tie(a.rule, a.distance_m, a.layer, a.feature) <
             std::tie(b.rule, b.distance_m, b.layer, b.feature);
    });
    return out;
  }

 private:
  // A planner-drawn zone is the school's zone: a rule reaching as far as the zone radius counts
  // what lies in the drawn zone; a shorter rule (100 m for tobacco) still needs its distance too.
  bool within(const AuditRule& rule, std::size_t school, double d, const ZoneOverride* ov,
              bool in_drawn_zone) const {
    if (ov == nullptr) return d <= rule.distance_m;
    if (!in_drawn_zone) return false;
    return rule.distance_m >= s_.radius_for(p_.schools[school].level) || d <= rule.distance_m;
  }

  const model::Project& p_;
  const ZoneSettings& s_;
  const Indexes& ix_;
  const std::vector<const ZoneOverride*>& overrides_;
};

// [SECTION] zone outlines and clusters

geo::MultiPolygon circle(const LocalMetric& m, double r, int quadrant_segments) {
  const int n = 4 * std::max(2, quadrant_segments);
  geo::Ring ring;
  ring.reserve(static_cast<std::size_t>(n) + 1);
  for (int k = 0; k < n; ++k) {
    const double t = 2.0 * std::numbers::pi * k / n;
    ring.push_back(ground_offset(m, r * std::cos(t), r * std::sin(t)));
  }
  ring.push_back(ring.front());
  return {geo::Polygon{std::move(ring), {}}};
}

SafetyZone make_zone(const model::School& s, std::size_t index, double r, const LocalMetric& m,
                     const ZoneOverride* ov, const geo::GeosContext& geos,
                     const ZoneSettings& settings) {
  SafetyZone z;
  z.school = index;
  z.radius_m = r;
  z.from_campus = s.campus.has_value() && settings.measure_from_campus;
  if (ov != nullptr) {
    z.overridden = true;
    z.area = ov->area;
  } else if (z.from_campus) {
    // Display outline; the scale at the school keeps it faithful in a national projection.
    z.area = geos.buffer(*s.campus, r / min_stretch(m), settings.quadrant_segments);
  } else {
    LocalMetric centred = m;
    centred.origin = s.location;
    z.area = circle(centred, r, settings.quadrant_segments);
  }
  return z;
}

struct UnionFind {
  std::vector<std::size_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) {
    std::iota(parent.begin(), parent.end(), std::size_t{0});
  }
  std::size_t find(std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void join(std::size_t a, std::size_t b) { parent[find(a)] = find(b); }
};

// Two computed zones overlap exactly when their bases are closer than the two radii together.
bool zones_overlap(const model::Project& p, const SafetyZone& a, const SafetyZone& b,
                   const geo::GeosContext& geos) {
  if (a.overridden || b.overridden) return geos.intersects(a.area, b.area);
  const model::School& sa = p.schools[a.school];
  const model::School& sb = p.schools[b.school];
  const LocalMetric identity;
  const Base base{sa.location, a.from_campus ? &*sa.campus : nullptr};
  const double d = b.from_campus ? distance_to_area(base, *sb.campus, identity)
                                 : distance_to_point(base, sb.location, identity);
  return d < a.radius_m + b.radius_m;
}

std::vector<ZoneCluster> cluster_zones(const model::Project& p, std::vector<SafetyZone>& zones) {
  geo::GeosContext geos;
  std::vector<Entry> e;
  for (std::size_t i = 0; i < zones.size(); ++i)
    e.emplace_back(bbox_of(geo::bounds(zones[i].area)), static_cast<std::uint32_t>(i));
  const RTree tree(e.begin(), e.end());
  UnionFind uf(zones.size());
  for (std::size_t i = 0; i < zones.size(); ++i) {
    std::vector<Entry> hits;
    tree.query(bgi::intersects(e[i].first), std::back_inserter(hits));
    for (const auto& h : hits) {
      if (h.second > i && uf.find(i) != uf.find(h.second) &&
          zones_overlap(p, zones[i], zones[h.second], geos))
        uf.join(i, h.second);
    }
  }
  std::vector<ZoneCluster> clusters;
  std::vector<int> id_of_root(zones.size(), -1);
  for (std::size_t i = 0; i < zones.size(); ++i) {
    const std::size_t root = uf.find(i);
    if (id_of_root[root] < 0) {
      id_of_root[root] = static_cast<int>(clusters.size());
      clusters.push_back({static_cast<int>(clusters.size()), {}, {}});
    }
    zones[i].cluster = id_of_root[root];
    clusters[static_cast<std::size_t>(zones[i].cluster)].schools.push_back(zones[i].school);
  }
  std::vector<std::vector<std::size_t>> members(clusters.size());
  for (std::size_t i = 0; i < zones.size(); ++i)
    members[static_cast<std::size_t>(zones[i].cluster)].push_back(i);
  tbb::enumerable_thread_specific<geo::GeosContext> contexts;
  tbb::parallel_for(std::size_t{0}, clusters.size(), [&](std::size_t c) {
    if (members[c].size() == 1) {
      clusters[c].area = zones[members[c].front()].area;
      return;
    }
    geo::MultiPolygon all;
    for (std::size_t z : members[c])
      all.insert(all.end(), zones[z].area.begin(), zones[z].area.end());
    clusters[c].area = contexts.local().unite(all);
  });
  return clusters;
}

}  // namespace

// [SECTION] public API

double ZoneSettings::radius_for(model::SchoolLevel level) const {
  const auto it = radius_by_level.find(level);
  return it == radius_by_level.end() ? radius_m : it->second;
}

void ZoneSettings::validate(bool walking_will_be_provided) const {
  require_in_range(
      "safety zone radius (m)", radius_m, 1.0, 5000.0,
      "give the zone radius in metres, e.g. 200 for the 200-metre student safety zone");
  for (const auto& [level, r] : radius_by_level) {
    require_in_range(fmt::format("safety zone radius of {} schools (m)", model::to_string(level)),
                     r, 0.0, 5000.0, "give a radius in metres between 0 (no zone) and 5000");
  }
  require_in_range("display quadrant segments", quadrant_segments, 2, 256);
  for (const auto& rule : rules.rules) {
    if (rule.measure == MeasureMode::kWalking && walking == nullptr && !walking_will_be_provided) {
      throw Error(
          ErrorCode::kBadParameter,
          fmt::format(
              "rule '{}' measures walking distance, which needs the pedestrian road network",
              rule.id),
          {.file = rules.file,
           .line = rule.line,
           .fix = "import roads into the store and run with the road network, or set measure: "
                  "straight"});
    }
    if (rule.measure == MeasureMode::kWalking && rule.feature != FeatureLayer::kPois) {
      throw Error(ErrorCode::kBadParameter,
                  fmt::format("rule '{}': walking distance is measured to points of interest only",
                              rule.id),
                  {.file = rules.file,
                   .line = rule.line,
                   .fix = "set measure: straight for water and roads"});
    }
  }
}

std::vector<ZoneOverride> overrides_from_table(const model::Table& table) {
  std::vector<ZoneOverride> out;
  const std::size_t id_col = table.column_index("school_id");
  for (const auto& row : table.rows) {
    if (!row.geometry) continue;
    geo::MultiPolygon area;
    if (const auto* mp = std::get_if<geo::MultiPolygon>(&*row.geometry))
      area = *mp;
    else if (const auto* pg = std::get_if<geo::Polygon>(&*row.geometry))
      area = {*pg};
    else
      continue;
    out.push_back({model::value_as_text(row.values[id_col]), std::move(area)});
  }
  return out;
}

ZonesResult compute_zones(const model::Project& project, const std::vector<ZoneOverride>& overrides,
                          const ZoneSettings& settings, Progress& progress) {
  settings.validate();
  for (const auto& s : project.schools) check_school_location(s);
  ZonesResult result;
  const geo::Box extent = project.extent();
  const double extent_km =
      extent.empty()
          ? 0.0
          : std::hypot(extent.max_x - extent.min_x, extent.max_y - extent.min_y) / 1000.0;
  result.geodesic = extent_km > settings.geodesic_extent_km;
  result.metric =
      result.geodesic
          ? fmt::format("ellipsoidal metres (local metric of {} at each school; extent {:.0f} km)",
                        project.info.crs.label(), extent_km)
          : fmt::format("planar metres in {}", project.info.crs.label());
  std::vector<LocalMetric> metrics = result.geodesic
                                         ? local_metrics(project.schools, project.info.crs)
                                         : std::vector<LocalMetric>(project.schools.size());

  std::unordered_map<std::string, const ZoneOverride*> override_by_id;
  for (const auto& o : overrides) override_by_id[o.school_id] = &o;
  std::vector<const ZoneOverride*> override_of(project.schools.size(), nullptr);
  for (std::size_t i = 0; i < project.schools.size(); ++i) {
    if (auto it = override_by_id.find(project.schools[i].id); it != override_by_id.end())
      override_of[i] = it->second;
  }
  for (const auto& o : overrides) {
    if (std::none_of(project.schools.begin(), project.schools.end(),
                     [&](const model::School& s) { return s.id == o.school_id; })) {
      throw Error(
          ErrorCode::kBadValue,
          fmt::format("zone_overrides names school '{}', which is not in the store", o.school_id),
          {.feature = "layer zone_overrides",
           .fix = "set school_id to the id of a school in the schools layer"});
    }
  }

  using Clock = std::chrono::steady_clock;
  const auto seconds_since = [](Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
  };
  const auto check_cancel = [&progress] {
    if (progress.cancel_requested()) throw Error(ErrorCode::kCancelled, "cancelled by the user");
  };
  ProgressTask task(progress, "safety zones", 2 * project.schools.size());
  auto t0 = Clock::now();
  const Indexes ix = build_indexes(project, settings.rules);
  result.seconds.index = seconds_since(t0);

  t0 = Clock::now();
  const Auditor auditor(project, settings, ix, override_of);
  std::vector<std::vector<Finding>> per_school(project.schools.size());
  std::atomic<std::uint64_t> done{0};
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, project.schools.size(), 256),
                    [&](const auto& range) {
                      for (std::size_t i = range.begin(); i != range.end(); ++i)
                        per_school[i] = auditor.audit(i, metrics[i]);
                      done += range.size();
                      check_cancel();
                    });
  for (auto& f : per_school) result.findings.insert(result.findings.end(), f.begin(), f.end());
  result.seconds.audit = seconds_since(t0);
  task.update(done);

  // The zone outlines are for display and for the clusters; the audit above never uses them.
  t0 = Clock::now();
  std::vector<std::optional<SafetyZone>> zone_of(project.schools.size());
  tbb::enumerable_thread_specific<geo::GeosContext> contexts;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, project.schools.size(), 256),
                    [&](const auto& range) {
                      for (std::size_t i = range.begin(); i != range.end(); ++i) {
                        const double r = settings.radius_for(project.schools[i].level);
                        if (r > 0.0 || override_of[i] != nullptr)
                          zone_of[i] = make_zone(project.schools[i], i, r, metrics[i],
                                                 override_of[i], contexts.local(), settings);
                      }
                      done += range.size();
                      check_cancel();
                    });
  task.update(done);
  for (auto& z : zone_of)
    if (z) result.zones.push_back(std::move(*z));
  result.seconds.zones = seconds_since(t0);
  t0 = Clock::now();
  result.clusters = cluster_zones(project, result.zones);
  result.seconds.clusters = seconds_since(t0);
  return result;
}

}  // namespace huxiao::zones
