#include <cmath>
#include <set>
#include <tuple>

#include <geodesic.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "geo/crs.hpp"
#include "geo/geos.hpp"
#include "ingest/importer.hpp"
#include "store/project_store.hpp"
#include "support/test_support.hpp"
#include "zones/network_walking.hpp"
#include "zones/run.hpp"
#include "zones/safety_zones.hpp"

namespace huxiao::zones {
namespace {

using huxiao::testing::ScratchDir;

const model::Project& chengdu() {
  static const model::Project p = [] {
    ingest::SourceRequest r;
    r.path = huxiao::testing::shared_data("osm/chengdu-center.osm");
    return ingest::import_sources({r}, {}).project;
  }();
  return p;
}

using Pair =
    std::tuple<std::size_t, std::size_t, int, std::size_t>;  // school, rule, layer, feature

std::set<Pair> pairs_of(const ZonesResult& r) {
  std::set<Pair> s;
  for (const auto& f : r.findings)
    s.insert({f.school, f.rule, static_cast<int>(f.layer), f.feature});
  return s;
}

// The independent reference: every (school, feature) pair, distance by GEOS, no index.
std::set<Pair> brute_force(const model::Project& p, const RuleTable& rules) {
  geo::GeosContext geos;
  std::set<Pair> s;
  for (std::size_t i = 0; i < p.schools.size(); ++i) {
    const model::School& sch = p.schools[i];
    const geo::Geometry base =
        sch.campus ? geo::Geometry{*sch.campus} : geo::Geometry{sch.location};
    for (std::size_t r = 0; r < rules.rules.size(); ++r) {
      const AuditRule& rule = rules.rules[r];
      if (!rule.applies_to(sch.level)) continue;
      const auto check = [&](FeatureLayer layer, std::size_t k, const geo::Geometry& g) {
        if (geos.distance(base, g) <= rule.distance_m) s.insert({i, r, static_cast<int>(layer), k});
      };
      switch (rule.feature) {
        case FeatureLayer::kPois:
          for (std::size_t k = 0; k < p.pois.size(); ++k)
            if (rule.matches(p.pois[k].category)) check(rule.feature, k, p.pois[k].location);
          break;
        case FeatureLayer::kWater:
          for (std::size_t k = 0; k < p.water.size(); ++k)
            if (rule.matches(p.water[k].kind)) check(rule.feature, k, p.water[k].area);
          break;
        case FeatureLayer::kWaterways:
          for (std::size_t k = 0; k < p.waterways.size(); ++k)
            if (rule.matches(p.waterways[k].kind)) check(rule.feature, k, p.waterways[k].line);
          break;
        case FeatureLayer::kRoads:
          for (std::size_t k = 0; k < p.roads.size(); ++k)
            if (rule.matches(p.roads[k].road_class)) check(rule.feature, k, p.roads[k].line);
          break;
      }
    }
  }
  return s;
}

TEST(SafetyZones, ChengduZoneForEverySchoolAndFindingsEqualBruteForceGeos) {
  const ZoneSettings settings;
  const ZonesResult r = compute_zones(chengdu(), {}, settings);
  EXPECT_EQ(r.zones.size(), chengdu().schools.size());
  EXPECT_FALSE(r.geodesic);
  const auto ours = pairs_of(r);
  const auto reference = brute_force(chengdu(), settings.rules);
  EXPECT_GT(reference.size(), 100u);
  EXPECT_EQ(ours, reference);
  // Distances agree with GEOS too, not just the pair sets.
  geo::GeosContext geos;
  for (const auto& f : r.findings) {
    if (f.layer != FeatureLayer::kPois) continue;
    const auto& sch = chengdu().schools[f.school];
    const geo::Geometry base =
        sch.campus ? geo::Geometry{*sch.campus} : geo::Geometry{sch.location};
    EXPECT_NEAR(f.distance_m, geos.distance(base, chengdu().pois[f.feature].location), 1e-6);
  }
}

TEST(SafetyZones, ZonesFromCampusAreBufferedFromTheBoundary) {
  const ZonesResult r = compute_zones(chengdu(), {}, ZoneSettings{});
  for (const auto& z : r.zones) {
    const auto& s = chengdu().schools[z.school];
    if (!z.from_campus) {
      // a 64-gon inscribed in the 200 m circle
      EXPECT_NEAR(geo::area(z.area), 0.5 * 64 * 200.0 * 200.0 * std::sin(2 * std::numbers::pi / 64),
                  1.0)
          << s.name;
    } else {
      EXPECT_GT(geo::area(z.area), geo::area(*s.campus));
    }
  }
}

TEST(SafetyZones, ClustersJoinOverlappingZonesOnly) {
  model::Project p;
  p.info.crs = geo::Crs::parse("EPSG:32648");
  const auto school = [](std::string id, double x) {
    model::School s;
    s.id = id;
    s.name = id;
    s.level = model::SchoolLevel::kPrimary;
    s.location = {400000 + x, 3390000};
    return s;
  };
  p.schools = {school("a", 0), school("b", 399),
               school("c", 1000)};  // a–b overlap (399 < 400), c alone
  const ZonesResult r = compute_zones(p, {}, ZoneSettings{});
  ASSERT_EQ(r.clusters.size(), 2u);
  EXPECT_EQ(r.zones[0].cluster, r.zones[1].cluster);
  EXPECT_NE(r.zones[0].cluster, r.zones[2].cluster);
  EXPECT_EQ(r.clusters[static_cast<std::size_t>(r.zones[0].cluster)].area.size(), 1u)
      << "dissolved into one polygon";
}

TEST(SafetyZones, OverrideChangesItsSchoolOnly) {
  const model::Project& p = chengdu();
  const ZoneSettings settings;
  const ZonesResult before = compute_zones(p, {}, settings);
  // The school with the most findings gets a tiny hand-drawn zone: a 20 m square at its point.
  std::vector<std::size_t> count(p.schools.size(), 0);
  for (const auto& f : before.findings) ++count[f.school];
  const std::size_t target =
      static_cast<std::size_t>(std::max_element(count.begin(), count.end()) - count.begin());
  ASSERT_GT(count[target], 0u);
  const geo::Point c = p.schools[target].location;
  const ZoneOverride drawn{p.schools[target].id,
                           {{{{c.x - 10, c.y - 10},
                              {c.x + 10, c.y - 10},
                              {c.x + 10, c.y + 10},
                              {c.x - 10, c.y + 10},
                              {c.x - 10, c.y - 10}},
                             {}}}};
  const ZonesResult after = compute_zones(p, {drawn}, settings);
  std::set<Pair> b_other, a_other, b_target, a_target;
  for (const auto& x : pairs_of(before)) (std::get<0>(x) == target ? b_target : b_other).insert(x);
  for (const auto& x : pairs_of(after)) (std::get<0>(x) == target ? a_target : a_other).insert(x);
  EXPECT_EQ(b_other, a_other) << "other schools' findings must not change";
  EXPECT_NE(b_target, a_target);
  EXPECT_LT(a_target.size(), b_target.size());
  const auto z = std::find_if(after.zones.begin(), after.zones.end(),
                              [&](const SafetyZone& s) { return s.school == target; });
  EXPECT_TRUE(z->overridden);
  EXPECT_NEAR(geo::area(z->area), 400.0, 1e-6);
}

TEST(SafetyZones, LargeExtentsMeasureOnTheEllipsoid) {
  // Two schools 1 500 km apart in one equal-area projection: planar metres are off by up to a
  // few percent there, so the audit switches to each school's local metric.
  model::Project p;
  p.info.crs = geo::Crs{"+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +datum=WGS84 +units=m +no_defs",
                        geo::ChineseOffset::kNone};
  const geo::Transformer fwd(geo::Crs::wgs84(), p.info.crs);
  const geo::Point school_ll[2] = {{87.6, 43.8}, {100.8, 22.0}};  // Ürümqi, Jinghong
  for (int i = 0; i < 2; ++i) {
    model::School s;
    s.id = "s" + std::to_string(i);
    s.name = s.id;
    s.level = model::SchoolLevel::kPrimary;
    s.location = *fwd.apply(school_ll[i]);
    p.schools.push_back(s);
    model::Poi poi;
    poi.id = "cafe" + std::to_string(i);
    poi.category = model::PoiCategory::kInternetCafe;
    poi.location = *fwd.apply({school_ll[i].x + 0.0012, school_ll[i].y + 0.0009});  // ~150 m away
    p.pois.push_back(poi);
  }
  const ZonesResult r = compute_zones(p, {}, ZoneSettings{});
  EXPECT_TRUE(r.geodesic);
  ASSERT_EQ(r.findings.size(), 2u);
  geod_geodesic g;
  geod_init(&g, 6378137.0, 1.0 / 298.257223563);
  for (const auto& f : r.findings) {
    double s12 = 0, az1 = 0, az2 = 0;
    geod_inverse(&g, school_ll[f.school].y, school_ll[f.school].x, school_ll[f.school].y + 0.0009,
                 school_ll[f.school].x + 0.0012, &s12, &az1, &az2);
    EXPECT_NEAR(f.distance_m, s12, 0.01) << "school " << f.school;  // the geodesic, to 1 cm
  }
}

// [SECTION] bad input

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(SafetyZones, NonsenseRadiusIsRejectedAndNothingWritten) {
  ScratchDir dir;
  store::write_project(dir / "c.gpkg", chengdu());
  for (double radius : {-200.0, 0.0, 1e6}) {
    ZoneSettings s;
    s.radius_m = radius;
    const std::string m = message_of([&] { run_zones(dir / "c.gpkg", dir / "out", s); });
    EXPECT_NE(m.find("safety zone radius (m) must lie in [1, 5000]"), std::string::npos) << m;
  }
  EXPECT_EQ(store::inspect(dir / "c.gpkg").layer_counts.count("safety_zones"), 0u);
  EXPECT_FALSE(std::filesystem::exists(dir / "out"));
}

TEST(SafetyZones, RuleTableTyposAreErrorsWithLine) {
  const std::string unknown_category =
      "rules:\n  - id: cafe\n    feature: pois\n    categories: [internet_caf]\n    levels: "
      "[primary]\n    distance_m: 200\n";
  std::string m = message_of([&] { parse_rules(unknown_category, "county_rules.yaml"); });
  EXPECT_NE(m.find("county_rules.yaml:4"), std::string::npos) << m;
  EXPECT_NE(m.find("'internet_caf' is not one of"), std::string::npos) << m;
  const std::string unknown_level =
      "rules:\n  - id: cafe\n    feature: pois\n    categories: [internet_cafe]\n    levels: "
      "[primery]\n    distance_m: 200\n";
  m = message_of([&] { parse_rules(unknown_level, "county_rules.yaml"); });
  EXPECT_NE(m.find("county_rules.yaml:5"), std::string::npos) << m;
  EXPECT_NE(m.find("'primery'"), std::string::npos) << m;
  const std::string typo_key =
      "rules:\n  - id: cafe\n    feature: pois\n    categories: [internet_cafe]\n    levels: "
      "[primary]\n    distanse_m: 200\n";
  m = message_of([&] { parse_rules(typo_key, "county_rules.yaml"); });
  EXPECT_NE(m.find("distance_m"), std::string::npos) << m;
  EXPECT_EQ(default_rules().rules.size(), 6u);
}

TEST(SafetyZones, SchoolWithoutLocationIsNamed) {
  model::Project p;
  p.info.crs = geo::Crs::parse("EPSG:32648");
  model::School s;
  s.id = "x:7";
  s.name = "无坐标小学";
  s.location = {std::nan(""), std::nan("")};
  p.schools.push_back(s);
  const std::string m = message_of([&] { compute_zones(p, {}, ZoneSettings{}); });
  EXPECT_NE(m.find("school x:7 (无坐标小学)"), std::string::npos) << m;
  EXPECT_NE(m.find("has no location"), std::string::npos) << m;
}

TEST(SafetyZones, WalkingRuleWithoutNetworkSaysWhatIsMissing) {
  ZoneSettings s;
  s.rules.rules.front().measure = MeasureMode::kWalking;
  const std::string m = message_of([&] { s.validate(); });
  EXPECT_NE(m.find("needs the pedestrian road network"), std::string::npos) << m;
}

TEST(SafetyZones, RunWritesLayersCsvAndSummary) {
  ScratchDir dir;
  store::write_project(dir / "c.gpkg", chengdu());
  const auto totals = run_zones(dir / "c.gpkg", dir / "out", ZoneSettings{});
  const auto info = store::inspect(dir / "c.gpkg");
  EXPECT_EQ(info.layer_counts.at("safety_zones"),
            static_cast<std::int64_t>(chengdu().schools.size()));
  EXPECT_EQ(info.layer_counts.at("zone_findings"), totals["findings"].get<std::int64_t>());
  const std::string csv = huxiao::testing::read_file(dir / "out" / "zone_findings.csv");
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.find("open_waterway"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "zones_summary.json"));
}

}  // namespace
}  // namespace huxiao::zones

namespace huxiao::zones {
namespace {

TEST(SafetyZones, WalkingDistanceIsNeverShorterThanTheStraightLine) {
  const model::Project& p = chengdu();
  ZoneSettings s;
  s.rules = parse_rules(
      "rules:\n"
      "  - {id: straight, feature: pois, categories: [hotel, bar_ktv, alcohol, lottery], levels: "
      "[kindergarten, primary, junior, senior, nine_year, vocational, university], distance_m: "
      "400}\n"
      "  - {id: walking, feature: pois, categories: [hotel, bar_ktv, alcohol, lottery], levels: "
      "[kindergarten, primary, junior, senior, nine_year, vocational, university], distance_m: "
      "400, measure: walking}\n",
      "walk.yaml");
  const NetworkWalking walking(p, 400.0);
  s.walking = &walking;
  const ZonesResult r = compute_zones(p, {}, s);
  std::map<std::pair<std::size_t, std::size_t>, double> straight;
  for (const auto& f : r.findings)
    if (f.rule == 0) straight[{f.school, f.feature}] = f.distance_m;
  std::size_t walked = 0;
  double ratio_sum = 0.0;
  for (const auto& f : r.findings) {
    if (f.rule != 1) continue;
    ++walked;
    ASSERT_EQ(f.measured, MeasureMode::kWalking);
    const auto it = straight.find({f.school, f.feature});
    ASSERT_NE(it, straight.end()) << "a walk within 400 m is also within 400 m in a straight line";
    EXPECT_GE(f.distance_m, it->second - 1e-6);
    ratio_sum += f.distance_m / std::max(1.0, it->second);
  }
  EXPECT_GT(walked, 10u);
  EXPECT_LT(walked, straight.size()) << "some places are near in a line but far on foot";
  EXPECT_GT(ratio_sum / static_cast<double>(walked), 1.05);
}

}  // namespace
}  // namespace huxiao::zones
