#include <gtest/gtest.h>

#include "geo/geometry.hpp"
#include "geo/geos.hpp"

namespace huxiao::geo {
namespace {

Polygon square(double x0, double y0, double size) {
  return {{{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}, {x0, y0}}, {}};
}

TEST(Geometry, AreaCentroidContains) {
  Polygon p = square(0, 0, 10);
  p.holes.push_back({{2, 2}, {4, 2}, {4, 4}, {2, 4}, {2, 2}});
  EXPECT_DOUBLE_EQ(area(p), 96.0);
  const Point c = centroid(MultiPolygon{square(10, 20, 4)});
  EXPECT_NEAR(c.x, 12.0, 1e-12);
  EXPECT_NEAR(c.y, 22.0, 1e-12);
  EXPECT_TRUE(contains(p, {1, 1}));
  EXPECT_FALSE(contains(p, {3, 3}));  // in the hole
  EXPECT_FALSE(contains(p, {11, 1}));
}

TEST(Geometry, MidpointAlongLine) {
  const LineString l{{0, 0}, {10, 0}, {10, 10}};
  EXPECT_DOUBLE_EQ(length(l), 20.0);
  EXPECT_EQ(midpoint_along(l), (Point{10, 0}));
}

TEST(Geos, BowtieIsInvalidAndRepaired) {
  // A self-intersecting "bow tie": GEOS reports it and MakeValid splits it into two triangles.
  const MultiPolygon bowtie{{{{0, 0}, {10, 10}, {10, 0}, {0, 10}, {0, 0}}, {}}};
  GeosContext geos;
  const ValidityReport v = geos.check(bowtie);
  EXPECT_FALSE(v.valid);
  EXPECT_NE(v.reason.find("Self-intersection"), std::string::npos);
  const MultiPolygon fixed = geos.make_valid(bowtie);
  EXPECT_EQ(fixed.size(), 2u);
  EXPECT_NEAR(area(fixed), 50.0, 1e-9);
  EXPECT_TRUE(geos.check(fixed).valid);
}

TEST(Geos, ValidPolygonUntouched) {
  GeosContext geos;
  EXPECT_TRUE(geos.check(MultiPolygon{square(0, 0, 1)}).valid);
  EXPECT_NEAR(area(geos.unite(MultiPolygon{square(0, 0, 2), square(1, 0, 2)})), 6.0, 1e-9);
}

}  // namespace
}  // namespace huxiao::geo
