#include <gtest/gtest.h>

#include "core/error.hpp"
#include "network/analysis.hpp"
#include "store/project_store.hpp"
#include "support/test_support.hpp"

namespace huxiao::network {
namespace {

NetworkSettings parse(const std::string& yaml) {
  auto section = scenario::Section::from_text(yaml, "scenario.yaml", "/base");
  NetworkSettings s = parse_settings(section);
  section.finish();
  return s;
}

TEST(NetworkAnalysis, ParsesJobsWithDefaults) {
  const auto s = parse(
      "matrices:\n"
      "  - {from: schools, to: police, profile: drive, at: \"07:30\", cutoff_min: 10}\n"
      "isochrones:\n"
      "  - {from: police, minutes: [1, 3]}\n");
  ASSERT_EQ(s.matrices.size(), 1U);
  EXPECT_EQ(s.matrices[0].mode, Mode::kDrive);
  EXPECT_EQ(s.matrices[0].at, model::TimeOfDay::hm(7, 30));
  EXPECT_EQ(s.matrices[0].cutoff_min, 10.0);
  EXPECT_EQ(s.matrices[0].output, "matrix_schools_police_drive.csv");
  ASSERT_EQ(s.isochrones.size(), 1U);
  EXPECT_EQ(s.isochrones[0].mode, Mode::kWalk);
  EXPECT_EQ(s.isochrones[0].minutes, (std::vector<double>{1, 3}));
  EXPECT_TRUE(s.main_component);
}

TEST(NetworkAnalysis, TyposAndNonsenseAreLocatedErrors) {
  try {
    parse("matrices:\n  - {from: schools, to: police, profil: drive}\n");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kScenario);
    EXPECT_EQ(e.context().line, 2);
    EXPECT_NE(std::string(e.what()).find("profile"), std::string::npos)
        << e.what();  // did you mean
  }
  EXPECT_THROW(parse("isochrones:\n  - {from: police, minutes: [0]}\n"), Error);
  EXPECT_THROW(parse("matrices:\n  - {from: a, to: b, profile: bike}\n"), Error);
  EXPECT_THROW(parse("max_snap_m: -5\n"), Error);
}

TEST(NetworkAnalysis, RunsMatricesAndIsochronesOnAStore) {
  testing::ScratchDir dir;
  model::Project p;
  p.info.crs = geo::Crs::parse("EPSG:32648");
  p.info.name = "town";
  model::Road r;
  r.id = "main";
  r.line = {{400000, 3390000}, {400600, 3390000}};
  p.roads.push_back(r);
  p.schools.push_back({.id = "s1", .name = "第一小学", .location = {400500, 3390010}});
  p.police.push_back({.id = "p1", .name = "城关派出所", .location = {400020, 3389995}});
  const auto store = dir / "town.gpkg";
  store::write_project(store, p);
  const auto settings = parse(
      "matrices:\n  - {from: schools, to: police, profile: walk, output: m.csv}\n"
      "isochrones:\n  - {from: police, minutes: [2]}\n");
  scenario::Scenario sc;
  sc.name = "town";
  const auto notes = run_analysis(sc, settings, store, dir.path(), no_progress());
  EXPECT_TRUE(std::filesystem::exists(dir / "m.csv"));
  EXPECT_EQ(store::inspect(store).layer_counts.at("isochrones_walk"), 1);
  ASSERT_GE(notes.size(), 2U);
  EXPECT_NE(notes[1].find("1 of 1 pairs reachable"), std::string::npos) << notes[1];
}

}  // namespace
}  // namespace huxiao::network
