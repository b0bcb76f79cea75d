#include <gtest/gtest.h>

#include "core/error.hpp"
#include "geo/crs.hpp"
#include "geo/region.hpp"

namespace huxiao::geo {
namespace {

TEST(Crs, ParsesUserSpellings) {
  EXPECT_EQ(Crs::parse("GCJ-02").offset, ChineseOffset::kGcj02);
  EXPECT_EQ(Crs::parse("bd09").offset, ChineseOffset::kBd09);
  EXPECT_EQ(Crs::parse("WGS84").definition, "EPSG:4326");
  EXPECT_EQ(Crs::parse("4547").definition, "EPSG:4547");
  EXPECT_EQ(Crs::parse("CGCS2000").epsg(), 4490);
  EXPECT_TRUE(Crs::parse("EPSG:4326").is_geographic());
  EXPECT_FALSE(Crs::parse("EPSG:32648").is_geographic());
}

TEST(Crs, RejectsUnknownWithFix) {
  try {
    Crs::parse("EPSG:999999");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kBadCrs);
    EXPECT_NE(std::string(e.what()).find("EPSG:999999"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("GCJ-02"), std::string::npos);
  }
}

TEST(Crs, UtmZoneOfDataCentre) {
  EXPECT_EQ(utm_crs_for({104.07, 30.67}).definition, "EPSG:32648");  // Chengdu
  EXPECT_EQ(utm_crs_for({116.35, 40.0}).definition, "EPSG:32650");   // Beijing
  EXPECT_EQ(utm_crs_for({151.2, -33.9}).definition, "EPSG:32756");   // Sydney
}

TEST(Crs, UtmMatchesPublishedValues) {
  // On the central meridian easting is exactly 500 000 m and northing is k0 times the meridian
  // arc: 0.9996 × 3 320 113.398 m at 30°N on WGS84 (GeographicLib's TransverseMercatorExact).
  const Transformer t(Crs::wgs84(), Crs::parse("EPSG:32648"));
  const auto p = t.apply({105.0, 30.0});
  ASSERT_TRUE(p);
  EXPECT_NEAR(p->x, 500000.0, 1e-6);
  EXPECT_NEAR(p->y, 3318785.353, 0.01);
  const auto origin = t.apply({105.0, 0.0});
  EXPECT_NEAR(origin->y, 0.0, 1e-6);
}

TEST(Crs, CgcsGaussKrugerZone) {
  // EPSG:4547 is CGCS2000 / 3-degree Gauss-Kruger CM 114E: a point on 114E has easting 500 km.
  const Transformer t(Crs::wgs84(), Crs::parse("EPSG:4547"));
  const auto p = t.apply({114.0, 30.0});
  ASSERT_TRUE(p);
  EXPECT_NEAR(p->x, 500000.0, 0.01);
}

TEST(Crs, RoundTrip) {
  const Transformer there(Crs::wgs84(), Crs::parse("EPSG:32648"));
  const Transformer back(Crs::parse("EPSG:32648"), Crs::wgs84());
  const Point p{104.0652, 30.6598};
  const auto q = back.apply(*there.apply(p));
  EXPECT_NEAR(q->x, p.x, 1e-9);
  EXPECT_NEAR(q->y, p.y, 1e-9);
}

TEST(Region, ParsesBoxAndRejectsNonsense) {
  const Region r = Region::parse_lonlat_box("104.04,30.65,104.13,30.73");
  EXPECT_TRUE(r.contains({104.07, 30.7}));
  EXPECT_FALSE(r.contains({104.2, 30.7}));
  EXPECT_THROW(Region::parse_lonlat_box("104.04,30.65,104.13"), Error);
  EXPECT_THROW(Region::parse_lonlat_box("104.2,30.65,104.13,30.73"), Error);
  try {
    Region::parse_lonlat_box("104.04,abc,104.13,30.73");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'abc' is not a number"), std::string::npos);
  }
}

TEST(Region, ProjectedRegionKeepsContainment) {
  const Region r = Region::parse_lonlat_box("104.04,30.65,104.13,30.73");
  const Transformer t(Crs::wgs84(), Crs::parse("EPSG:32648"));
  const Region local = r.transformed(t);
  EXPECT_TRUE(local.contains(*t.apply({104.05, 30.66})));
  EXPECT_FALSE(local.contains(*t.apply({104.03, 30.66})));
}

}  // namespace
}  // namespace huxiao::geo
