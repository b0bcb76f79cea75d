// The deployment analysis on a small hand-made project, the scenario section, and the CLI on
// real Chengdu data (road travel times).

#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "deploy/deployment.hpp"
#include "deploy/scenario_section.hpp"
#include "support/test_support.hpp"

namespace huxiao::deploy {
namespace {

using huxiao::testing::run_cli;
using huxiao::testing::ScratchDir;

model::School school(std::string id, double x, double y, int bell_h, int bell_m, int enrollment) {
  model::School s;
  s.id = id;
  s.name = id;
  s.location = {x, y};
  s.enrollment = enrollment;
  s.morning_bell = model::TimeOfDay::hm(bell_h, bell_m);
  s.dismissal = model::TimeOfDay::hm(bell_h + 8, bell_m);
  return s;
}

// Three schools in a row 2 km apart and one 30 km away; a police station at the first.
model::Project small_project() {
  model::Project p;
  p.info.name = "test";
  p.schools = {school("a", 0, 0, 8, 0, 1000), school("b", 2000, 0, 8, 40, 500),
               school("c", 4000, 0, 7, 15, 1500), school("far", 30000, 0, 8, 0, 100)};
  model::PoliceUnit u;
  u.id = "station";
  u.name = "派出所";
  u.location = {0, 10};
  p.police = {u};
  return p;
}

TEST(Deployment, ChoosesPostsKeepsTheStationAndReportsTheFarSchool) {
  DeploySettings st;
  st.new_posts = 1;
  st.max_new_posts = 2;
  st.candidate_radius_m = 100;
  const StraightLineTravelTimes travel(20, 1.0);  // 2 km in 6 min, 1 km in 3 min
  const DeployResult r = run_deployment(small_project(), travel, st);
  EXPECT_EQ(r.summary["existing_posts_fixed"], 1);
  EXPECT_EQ(r.posts.rows.size(), 2u);
  EXPECT_EQ(model::value_as_text(r.posts.rows[0].values[3]), "existing");
  // One new post at 3 min covers one school more: the biggest uncovered one, c (1500).
  EXPECT_EQ(r.summary["objective"].get<double>(), 2500.0);
  EXPECT_TRUE(r.summary["proven_optimal"].get<bool>());
  ASSERT_EQ(r.summary["schools_unreachable_within_threshold"].size(),
            0u);  // "far" has its own gate site
  // Curve: P = 0 covers a (1000); P = 1 adds c; P = 2 adds b.
  ASSERT_EQ(r.coverage_curve.rows.size(), 3u);
  EXPECT_EQ(model::value_as_integer(r.coverage_curve.rows[0].values[2]), 1000);
  EXPECT_EQ(model::value_as_integer(r.coverage_curve.rows[2].values[2]), 3000);
}

TEST(Deployment, RosterUsesStaggeredBells) {
  DeploySettings st;
  st.new_posts = 0;
  st.max_new_posts = 0;
  const StraightLineTravelTimes travel(20, 1.0);
  const DeployResult r = run_deployment(small_project(), travel, st);
  // Windows c 06:55–07:25, a 07:40–08:10, b 08:20–08:50; c→a is 12 min, a→b 6 min, so one
  // officer does c → a → b (and the same in the afternoon); "far" (90 min away) needs its own.
  EXPECT_EQ(r.summary["roster"]["officers_one_per_school"], 4);
  EXPECT_EQ(r.summary["roster"]["officers_needed_for_every_window"], 2);
  EXPECT_EQ(r.summary["roster"]["windows_staffed"], 8);
}

TEST(Deployment, BadSettingsAreRejected) {
  const StraightLineTravelTimes travel;
  DeploySettings st;
  st.thresholds_min = {1, 0, 5};
  EXPECT_THROW(run_deployment(small_project(), travel, st), Error);
  st = {};
  st.coverage_threshold_min = -3;
  EXPECT_THROW(run_deployment(small_project(), travel, st), Error);
  st = {};
  st.model = "pmedain";
  EXPECT_THROW(run_deployment(small_project(), travel, st), Error);
  model::Project empty;
  EXPECT_THROW(run_deployment(empty, travel, DeploySettings{}), Error);
}

TEST(Deployment, PLargerThanTheCandidatesIsReported) {
  DeploySettings st;
  st.new_posts = 50;
  st.candidate_radius_m = 10;
  try {
    run_deployment(small_project(), StraightLineTravelTimes(), st);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kBadParameter);
    EXPECT_NE(std::string(e.what()).find("candidate sites"), std::string::npos);
  }
}

TEST(Deployment, CapacitiesThatCannotCoverAreReportedAsSuch) {
  DeploySettings st;
  st.model = "lscp";
  st.capacity = 1;
  st.coverage_threshold_min = 0.01;  // each gate site covers only its own school …
  st.candidate_radius_m = 1;
  model::Project p = small_project();
  p.schools.push_back(school("a2", 0, 0, 8, 0, 100));  // … and two schools share one gate
  try {
    run_deployment(p, StraightLineTravelTimes(), st);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("capacities"), std::string::npos);
  }
}

TEST(ScenarioSection, ParsesAndRejectsTypos) {
  auto s = scenario::Section::from_text(
      "model: pmedian\nposts: 4\nthresholds_min: [1, 3]\npeak_speed_kmh: 15\n", "inline.yaml");
  const ScenarioSettings st = parse_section(s);
  s.finish();
  EXPECT_EQ(st.settings.model, "pmedian");
  EXPECT_EQ(st.settings.new_posts, 4);
  EXPECT_EQ(st.settings.thresholds_min, (std::vector<double>{1, 3}));
  EXPECT_DOUBLE_EQ(st.travel.peak_speed_kmh, 15);
  auto bad = scenario::Section::from_text("threshold_min: 0\n", "inline.yaml");
  EXPECT_THROW(parse_section(bad), Error);
  auto typo = scenario::Section::from_text("postz: 4\n", "inline.yaml");
  EXPECT_THROW(
      {
        parse_section(typo);
        typo.finish();
      },
      Error);
}

TEST(DeployCli, ChengduPostsCurveAndRoster) {
  const auto osm = huxiao::testing::shared_data("osm/chengdu-center.osm");
  if (!std::filesystem::exists(osm)) GTEST_SKIP() << "shared data missing";
  ScratchDir dir;
  ASSERT_EQ(run_cli({"import", osm.string(), "-o", (dir / "cd.gpkg").string()}).exit_code, 0);
  const auto r = run_cli({"deploy", (dir / "cd.gpkg").string(), "-o", (dir / "out").string(),
                          "--max-posts", "3", "--time-limit", "20"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("road network, peak-hour driving at 07:30"), std::string::npos);
  for (const char* f :
       {"deploy.gpkg", "posts.csv", "assignments.csv", "coverage_curve.csv", "coverage_curve.png",
        "roster.csv", "response_time.tif", "response_time.png", "summary.json"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / "out" / f)) << f;
  }
  std::ifstream in(dir / "out" / "summary.json");
  const auto j = nlohmann::json::parse(in);
  EXPECT_FALSE(j["travel_times_placeholder"].get<bool>());
  EXPECT_EQ(j["travel_times_source"], "road");
  EXPECT_GT(j["schools"].get<int>(), 40);
  EXPECT_LE(j["roster"]["officers_needed_for_every_window"].get<int>(), j["schools"].get<int>());
}

TEST(DeployCli, BadInputExitsWithCodeOneAndNoOutput) {
  const auto osm = huxiao::testing::shared_data("osm/chengdu-center.osm");
  if (!std::filesystem::exists(osm)) GTEST_SKIP() << "shared data missing";
  ScratchDir dir;
  ASSERT_EQ(run_cli({"import", osm.string(), "-o", (dir / "cd.gpkg").string()}).exit_code, 0);
  const auto r = run_cli(
      {"deploy", (dir / "cd.gpkg").string(), "-o", (dir / "out").string(), "--threshold", "0"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("threshold"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "out" / "summary.json"));
  const auto b = run_cli({"deploy", "bench", osm.string(), "--format", "orlib-pmed"});
  EXPECT_EQ(b.exit_code, 1) << b.output;
  // A negative run count is refused before anything is read or written.
  const auto runs = run_cli({"deploy", "bench", osm.string(), "--format", "ails", "--ils-runs",
                             "-1", "--full-lp", (dir / "full.lp").string()});
  EXPECT_NE(runs.exit_code, 0) << runs.output;
  EXPECT_NE(runs.output.find("--ils-runs"), std::string::npos) << runs.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "full.lp"));
  // So is a negative thread count.
  const auto threads = run_cli({"deploy", "bench", osm.string(), "--format", "ails", "--threads",
                                "-1", "--full-lp", (dir / "full.lp").string()});
  EXPECT_NE(threads.exit_code, 0) << threads.output;
  EXPECT_NE(threads.output.find("--threads"), std::string::npos) << threads.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "full.lp"));
}

}  // namespace
}  // namespace huxiao::deploy
