#include <gtest/gtest.h>

#include "core/error.hpp"
#include "viewer/core/playback.hpp"

namespace huxiao::viewer {
namespace {

// Two agents: a walks east 10 m in 10 s; b stands at (0, 5) from t = 5 to t = 8.
model::Table tracks() {
  model::Table t{"drill",
                 model::GeometryKind::kPoint,
                 {{"agent", model::ColumnType::kInteger}, {"time", model::ColumnType::kReal}},
                 {}};
  auto row = [&](std::int64_t agent, double time, double x, double y) {
    t.rows.push_back({{agent, time}, geo::Geometry{geo::Point{x, y}}});
  };
  row(1, 10.0, 10, 0);  // out of order on purpose
  row(1, 0.0, 0, 0);
  row(1, 5.0, 5, 0);
  row(2, 5.0, 0, 5);
  row(2, 8.0, 0, 5);
  return t;
}

TEST(Playback, RecognisesTrajectoryLayers) {
  EXPECT_TRUE(Playback::is_trajectory_layer(tracks()));
  model::Table other{
      "posts", model::GeometryKind::kPoint, {{"agent", model::ColumnType::kInteger}}, {}};
  EXPECT_FALSE(Playback::is_trajectory_layer(other));
  EXPECT_THROW(Playback::from_table(other), Error);
}

TEST(Playback, InterpolatesAndShowsOnlyAgentsPresent) {
  const Playback pb = Playback::from_table(tracks());
  EXPECT_EQ(pb.agent_count(), 2u);
  EXPECT_DOUBLE_EQ(pb.start(), 0.0);
  EXPECT_DOUBLE_EQ(pb.end(), 10.0);
  auto at = pb.positions(2.5);
  ASSERT_EQ(at.size(), 1u);  // b has not appeared
  EXPECT_DOUBLE_EQ(at[0].x, 2.5);
  at = pb.positions(6.0);
  ASSERT_EQ(at.size(), 2u);
  EXPECT_DOUBLE_EQ(at[0].x, 6.0);
  EXPECT_EQ(at[1], (geo::Point{0, 5}));
  EXPECT_EQ(pb.positions(9.0).size(), 1u);  // b has left
  EXPECT_TRUE(pb.positions(10.5).empty());
}

TEST(Playback, DensityCountsPersonsPerSquareMetre) {
  const Playback pb = Playback::from_table(tracks());
  const auto g = pb.density(6.0, 2.0);
  float total = 0;
  for (float v : g.values) total += v;
  EXPECT_FLOAT_EQ(total, 2 * 0.25f);  // two persons, 4 m² cells
  const auto c = g.cell_of({6.0, 0.0});
  ASSERT_TRUE(c);
  EXPECT_FLOAT_EQ(g.at(c->first, c->second), 0.25f);
  EXPECT_THROW(pb.density(6.0, 0.0), Error);
}

}  // namespace
}  // namespace huxiao::viewer
