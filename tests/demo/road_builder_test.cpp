// The network rules of RoadBuilder on hand-made cases: joins share bits, crossings become
// vertices of both roads, and rivers get bridges joined to their approaches.
#include <gtest/gtest.h>

#include "demo/road_builder.hpp"

namespace huxiao::demo {
namespace {

using model::RoadClass;

bool has_vertex(const geo::LineString& line, const geo::Point& p) {
  return std::find(line.begin(), line.end(), p) != line.end();
}

TEST(DemoRoadBuilder, AttachMakesTheFootAVertex) {
  RoadBuilder roads;
  const auto street = roads.add(RoadClass::kResidential, "人民路", {{0, 0}, {300, 0}});
  const geo::Point foot = roads.attach(street, {120.3, 35});
  EXPECT_NEAR(foot.x, 120.3, 1e-9);
  EXPECT_EQ(foot.y, 0.0);
  EXPECT_EQ(roads.line(street).size(), 3u);
  EXPECT_TRUE(has_vertex(roads.line(street), foot));
  // Within a metre of a vertex, that vertex is reused rather than a sliver made.
  EXPECT_EQ(roads.attach(street, {299.6, -20}), (geo::Point{300, 0}));
  EXPECT_EQ(roads.line(street).size(), 3u);
}

TEST(DemoRoadBuilder, CrossingsBecomeSharedVertices) {
  RoadBuilder roads;
  roads.add(RoadClass::kPrimary, "a", {{0, 0}, {1000, 1000}});
  roads.add(RoadClass::kSecondary, "b", {{0, 1000}, {400, 600}, {1000, 0}});
  roads.add(RoadClass::kTertiary, "c", {{2000, 0}, {3000, 0}});  // far away: untouched
  roads.node_crossings();
  const auto out = roads.take();
  ASSERT_EQ(out.size(), 3u);
  ASSERT_EQ(out[0].line.size(), 3u);
  const geo::Point node = out[0].line[1];
  EXPECT_NEAR(node.x, 500, 1e-9);
  EXPECT_NEAR(node.y, 500, 1e-9);
  EXPECT_TRUE(has_vertex(out[1].line, node));
  EXPECT_EQ(out[1].line.size(), 4u);
  EXPECT_EQ(out[2].line.size(), 2u);
}

TEST(DemoRoadBuilder, ACrossingNearAVertexReusesIt) {
  RoadBuilder roads;
  roads.add(RoadClass::kPrimary, "a", {{0, 0}, {500, 0.2}, {1000, 0}});
  roads.add(RoadClass::kSecondary, "b", {{500.1, -300}, {500.1, 300}});
  roads.node_crossings();
  const auto out = roads.take();
  EXPECT_EQ(out[0].line.size(), 3u);  // no sliver next to (500, 0.2)
  EXPECT_TRUE(has_vertex(out[1].line, geo::Point{500, 0.2}));
}

TEST(DemoRoadBuilder, RoadsOverTheRiverGetABridgeJoinedToTheirApproaches) {
  RoadBuilder roads;
  roads.add(RoadClass::kTertiary, "河口至石桥公路", {{100, -500}, {100, 500}});
  roads.add(RoadClass::kResidential, "dry", {{0, 200}, {300, 200}});
  const geo::LineString river = {{-1000, 0}, {0, 10}, {1000, 0}};
  roads.add_bridges(river, 30, "南溪河");
  const auto out = roads.take();
  ASSERT_EQ(out.size(), 4u);
  const DraftRoad& before = out[0];
  const DraftRoad& bridge = out[1];
  const DraftRoad& after = out[2];
  EXPECT_FALSE(before.bridge);
  EXPECT_TRUE(bridge.bridge);
  EXPECT_FALSE(after.bridge);
  EXPECT_EQ(bridge.name, "河口至石桥公路桥");
  EXPECT_EQ(before.line.back(), bridge.line.front());
  EXPECT_EQ(bridge.line.back(), after.line.front());
  EXPECT_EQ(before.line.front(), (geo::Point{100, -500}));
  EXPECT_EQ(after.line.back(), (geo::Point{100, 500}));
  // Long enough to span the water (60 m) with abutments on both banks.
  EXPECT_GT(bridge.line.back().y - bridge.line.front().y, 60.0);
  EXPECT_LT(bridge.line.back().y - bridge.line.front().y, 120.0);
  EXPECT_FALSE(out[3].bridge);
}

}  // namespace
}  // namespace huxiao::demo
