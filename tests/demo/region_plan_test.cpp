// Layout of runs from one county to national scale, checked without generating them.
#include <set>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "demo/region_plan.hpp"
#include "geo/crs.hpp"

namespace huxiao::demo {
namespace {

DemoOptions with_schools(std::size_t n) {
  DemoOptions o;
  o.schools = n;
  return o;
}

TEST(DemoRegionPlan, ACountySizedRunIsOneCountyInUtm47) {
  const auto plan = plan_region(with_schools(120));
  EXPECT_EQ(plan.counties, 1u);
  EXPECT_FALSE(plan.equal_area);
  EXPECT_EQ(plan.crs.definition, "EPSG:32647");
  EXPECT_EQ(plan.detail, Detail::kFull);
  // The county's centre is the anchor, 100.8°E 22.0°N.
  const auto f = plan.frame(0);
  const auto lonlat = geo::Transformer(plan.crs, geo::Crs::wgs84()).apply(f.center());
  ASSERT_TRUE(lonlat);
  EXPECT_NEAR(lonlat->x, 100.8, 0.01);
  EXPECT_NEAR(lonlat->y, 22.0, 0.01);
}

TEST(DemoRegionPlan, LargeRunsTileCountiesAndSwitchToAlbersBeyond800Km) {
  const auto mid = plan_region(with_schools(20'000));
  EXPECT_GT(mid.counties, 100u);
  EXPECT_FALSE(mid.equal_area);
  EXPECT_LE(static_cast<double>(mid.columns) * kCountyWidth, kMaxUtmExtent);

  const auto national = plan_region(with_schools(500'000));
  EXPECT_TRUE(national.equal_area);
  EXPECT_EQ(national.crs.definition, kChinaAlbers);
  EXPECT_EQ(national.detail, Detail::kCompact);
  EXPECT_GE(national.columns * national.rows, national.counties);
  // The region is centred on 105°E 33°N, inside China.
  const geo::Point centre{(national.origin.x + national.edge_x(national.columns)) / 2,
                          (national.origin.y + national.edge_y(national.rows)) / 2};
  const auto lonlat = geo::Transformer(national.crs, geo::Crs::wgs84()).apply(centre);
  ASSERT_TRUE(lonlat);
  EXPECT_NEAR(lonlat->x, 105.0, 0.05);
  EXPECT_NEAR(lonlat->y, 33.0, 0.05);
}

TEST(DemoRegionPlan, SchoolsAndPoisAddUpExactly) {
  DemoOptions o = with_schools(123'457);
  o.pois_per_school = 7.3;
  const auto plan = plan_region(o);
  std::size_t schools = 0, pois = 0;
  for (std::size_t i = 0; i < plan.counties; ++i) {
    EXPECT_GE(plan.schools_in(i), kSchoolsPerCounty / 2);
    EXPECT_LE(plan.schools_in(i), kMaxSchoolsSingleCounty);
    schools += plan.schools_in(i);
    pois += plan.pois_in(i);
  }
  EXPECT_EQ(schools, 123'457u);
  EXPECT_EQ(pois, 901'236u);  // round(123457 × 7.3)
}

TEST(DemoRegionPlan, NeighbouringCountiesShareTheirEdgesExactly) {
  const auto plan = plan_region(with_schools(5000));
  ASSERT_GT(plan.columns, 1u);
  EXPECT_EQ(plan.frame(0).max_x, plan.frame(1).min_x);
  EXPECT_EQ(plan.frame(0).max_y, plan.frame(plan.columns).min_y);
}

TEST(DemoRegionPlan, CountyNamesAreDistinctAndMarkedAsExamples) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < 30'000; ++i) {
    const auto name = county_name(i);
    ASSERT_EQ(name.rfind("示例", 0), 0u) << name;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), 30'000u);
  EXPECT_EQ(county_name(0), "示例县");
}

void expect_bad_parameter(const DemoOptions& o, const std::string& mention) {
  try {
    plan_region(o);
    FAIL() << "accepted " << mention;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kBadParameter);
    EXPECT_NE(std::string(e.what()).find(mention), std::string::npos) << e.what();
  }
}

TEST(DemoRegionPlan, RejectsOptionsOutOfRange) {
  expect_bad_parameter(with_schools(0), "schools");
  expect_bad_parameter(with_schools(5'000'001), "5000000");
  DemoOptions o;
  o.pois_per_school = -1;
  expect_bad_parameter(o, "pois_per_school");
  o.pois_per_school = 100.5;
  expect_bad_parameter(o, "pois_per_school");
  o.pois_per_school = std::numeric_limits<double>::quiet_NaN();
  expect_bad_parameter(o, "pois_per_school");
  EXPECT_NO_THROW(plan_region(with_schools(5'000'000)));
  // Each range alone allows 500 million POIs; together they are capped.
  DemoOptions huge = with_schools(5'000'000);
  huge.pois_per_school = 11;
  expect_bad_parameter(huge, "schools × pois_per_school");
}

}  // namespace
}  // namespace huxiao::demo
