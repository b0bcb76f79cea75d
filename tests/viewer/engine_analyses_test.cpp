// The engine's analyses as viewer panels: each runs on the worker, through the same registry the
// panels and `run NAME` use, and comes back as layers the document can take.

#include <algorithm>
#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "viewer/core/analysis.hpp"
#include "viewer/core/edit_model.hpp"
#include "viewer/core/engine_analyses.hpp"
#include "viewer/core/playback.hpp"
#include "viewer_test_support.hpp"

namespace huxiao::viewer {
namespace {

AnalysisOutput run_on_worker(const std::string& name, const Document& doc, AnalysisParams p) {
  const AnalysisRegistry registry = builtin_analyses();
  const Analysis* a = registry.find(name);
  EXPECT_NE(a, nullptr) << name;
  Job job(*a, doc, std::move(p));
  return job.take();
}

const model::Table* layer(const AnalysisOutput& out, std::string_view name) {
  for (const auto& t : out.layers)
    if (t.name == name) return &t;
  return nullptr;
}

TEST(EngineAnalyses, AllFourArePanels) {
  const AnalysisRegistry r = builtin_analyses();
  for (const char* name : {"zones", "drowning", "evac", "deploy"}) EXPECT_NE(r.find(name), nullptr);
  EXPECT_EQ(r.find("deploy")->params.front().key, "posts");
}

TEST(EngineAnalyses, ZonesRadiusReachesTheEngineAndTheZonesBecomeTheDocuments) {
  const Document& doc = testing::small_county();
  const AnalysisOutput out = run_on_worker("zones", doc, {{"radius", "150"}});
  const model::Table* zones = layer(out, kZonesLayer);
  ASSERT_NE(zones, nullptr);
  EXPECT_EQ(zones->rows.size(), doc.project.schools.size());
  // A zone measured from a school point is a disc of the radius: its area tells the radius.
  EditModel model{Document(doc)};
  model.set_extra_layer(*zones);
  ASSERT_EQ(model.document().zones.size(), doc.project.schools.size());
  double smallest = 1e18;
  for (const auto& z : model.document().zones) smallest = std::min(smallest, geo::area(z.area));
  EXPECT_NEAR(smallest, std::numbers::pi * 150 * 150, 0.03 * std::numbers::pi * 150 * 150);
}

TEST(EngineAnalyses, DeployPostsParameterIsTheNumberOfNewPosts) {
  const Document& doc = testing::small_county();
  const AnalysisOutput out =
      run_on_worker("deploy", doc, {{"posts", "2"}, {"threshold", "4"}, {"officers", "3"}});
  const model::Table* posts = layer(out, "deploy_posts");
  ASSERT_NE(posts, nullptr);
  ASSERT_NE(layer(out, "deploy_assignments"), nullptr);
  const auto status = posts->column_index("status");
  const auto fresh = std::count_if(posts->rows.begin(), posts->rows.end(), [&](const auto& r) {
    return model::value_as_text(r.values[status]) == "new";
  });
  EXPECT_EQ(fresh, 2);
  EXPECT_NE(out.summary.find("4 分钟"), std::string::npos) << out.summary;
}

TEST(EngineAnalyses, DrillWithAClosedExitPlaysBackAndMarksTheExit) {
  const AnalysisOutput out = run_on_worker(
      "evac", {}, {{"floors", "1"}, {"classes", "2"}, {"class_size", "8"}, {"close", "exit-E@0"}});
  ASSERT_TRUE(out.document.has_value());  // the template's own plane: a document of its own
  const model::Table* exits = layer(out, kDrillExitsLayer);
  ASSERT_NE(exits, nullptr);
  Document drill = *out.document;
  for (const auto& t : out.layers) drill.extra_layers.push_back(t);
  const auto names = drill_exit_names(drill);
  ASSERT_EQ(names.size(), 2u);
  const auto closed = exits->column_index("closed");
  for (const auto& row : exits->rows) {
    const bool is_e = model::value_as_text(row.values[0]) == "exit-E";
    EXPECT_EQ(model::value_as_integer(row.values[closed]).value_or(-1), is_e ? 1 : 0);
  }
  const model::Table* traj = layer(out, kDrillTrajectoriesLayer);
  ASSERT_NE(traj, nullptr);
  const Playback pb = Playback::from_table(*traj);
  EXPECT_EQ(pb.positions(pb.start()).size(), 16u);  // everyone is in at the start
  EXPECT_TRUE(pb.positions(pb.end() + 1).empty());
  ASSERT_EQ(out.rasters.size(), 1u);
  EXPECT_EQ(out.rasters[0].grid.name, "density_peak");
}

TEST(EngineAnalyses, ExitTicksEditTheCloseParameter) {
  EXPECT_EQ(toggle_closure("", "exit-W"), "exit-W@0");
  EXPECT_EQ(toggle_closure("exit-W@0, stair-E@60", "exit-W"), "stair-E@60");
  EXPECT_TRUE(closes("stair-E@60,exit-W", "exit-W"));
  EXPECT_FALSE(closes("exit-W2@0", "exit-W"));
}

TEST(EngineAnalyses, TrajectoryTextBecomesALayerWithSeconds) {
  const auto t = trajectory_layer_from_text(
      "# framerate: 4\n# id frame x y z\n1\t0\t1.0\t2.0\t0\n1\t8\t3.0\t2.0\t0\n", "tr", "t.txt");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_DOUBLE_EQ(*model::value_as_real(t.rows[1].values[1]), 2.0);
  EXPECT_THROW(trajectory_layer_from_text("1 0 1 2 0\n", "tr", "t.txt"), Error);
}

TEST(EngineAnalyses, ACancelledRunIsDroppedEvenIfTheEngineFinishes) {
  const AnalysisRegistry registry = builtin_analyses();
  Job job(*registry.find("zones"), testing::small_county(), {});
  job.cancel();
  try {
    job.take();
    ADD_FAILURE() << "a cancelled job returned a result";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kCancelled) << e.what();
  }
}

TEST(EngineAnalyses, BadParameterIsACleanError) {
  EXPECT_THROW(run_on_worker("zones", testing::small_county(), {{"radius", "-5"}}), Error);
  EXPECT_THROW(run_on_worker("zones", {}, {}), Error);  // no schools
}

}  // namespace
}  // namespace huxiao::viewer
