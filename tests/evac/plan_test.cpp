// Plans from files, bad input, the teaching-building template and the CLI.

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "evac/building_template.hpp"
#include "evac/drill.hpp"
#include "evac/scenario_section.hpp"
#include "rimea_support.hpp"
#include "support/test_support.hpp"

namespace huxiao::evac {
namespace {

using huxiao::testing::read_file;
using huxiao::testing::run_cli;
using huxiao::testing::ScratchDir;
using huxiao::testing::write_file;
using testing::exit_line;
using testing::rect;

// A 10 × 6 m classroom with a 1 m door to a 2 m corridor that leads to an exit, as GeoJSON
// written by hand (the documented `role` properties).
std::string classroom_geojson(const std::string& exit_width_property, int students,
                              bool door_open = true) {
  const std::string wall = door_open ? R"([[0,2],[4,2]],[[5,2],[10,2]])" : R"([[0,2],[10,2]])";
  return R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32648"}},"features":[
 {"type":"Feature","properties":{"role":"walkable"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,8],[0,8],[0,0]]]}},
 {"type":"Feature","properties":{"role":"obstacle","name":"classroom wall"},"geometry":{"type":"MultiLineString","coordinates":[)" +
         wall + R"(]}},
 {"type":"Feature","properties":{"role":"room","name":"三年级二班","students":)" +
         std::to_string(students) +
         R"(,"age":"primary","premovement":"uniform:5:10"},"geometry":{"type":"Polygon","coordinates":[[[0.5,2.5],[9.5,2.5],[9.5,7.5],[0.5,7.5],[0.5,2.5]]]}},
 {"type":"Feature","properties":{"role":"exit","name":"gate")" +
         exit_width_property + R"(},"geometry":{"type":"LineString","coordinates":[[10,0],[10,2]]}}
]})";
}

// [SECTION] reading

TEST(EvacPlan, ReadsGeoJsonWithRoles) {
  ScratchDir dir;
  write_file(dir / "plan.geojson", classroom_geojson("", 30));
  const Plan plan = read_plan(dir / "plan.geojson");
  ASSERT_EQ(plan.walkable.size(), 1u);
  ASSERT_EQ(plan.rooms.size(), 1u);
  EXPECT_EQ(plan.rooms[0].name, "三年级二班");
  EXPECT_EQ(plan.rooms[0].students, 30);
  ASSERT_TRUE(plan.rooms[0].premovement);
  EXPECT_EQ(plan.rooms[0].premovement->kind, Distribution::Kind::kUniform);
  EXPECT_EQ(plan.walls.size(), 2u);
  ASSERT_EQ(plan.exits.size(), 1u);
  EXPECT_DOUBLE_EQ(plan.exits[0].width, 2.0);
  EXPECT_NO_THROW(validate(plan));
  SimulationOptions o;
  o.max_time = 300;
  Simulation sim(plan, o);
  sim.navigation().check_reachable(plan);
  sim.add_agents(populate(plan, sim.navigation(), {}));
  const Results r = sim.run();
  EXPECT_EQ(r.evacuated(), 30u);
}

TEST(EvacPlan, TemplateRoundTripsThroughGeoPackage) {
  ScratchDir dir;
  BuildingTemplate t;
  t.floors = 2;
  t.classrooms_per_floor = 2;
  const Plan plan = make_teaching_building(t);
  write_plan(plan, dir / "plan.gpkg");
  const Plan back = read_plan(dir / "plan.gpkg");
  EXPECT_EQ(back.rooms.size(), plan.rooms.size());
  EXPECT_EQ(back.stairs.size(), plan.stairs.size());
  EXPECT_EQ(back.exits.size(), plan.exits.size());
  EXPECT_EQ(back.walls.size(), plan.walls.size());
  EXPECT_EQ(back.total_students(), plan.total_students());
  ASSERT_FALSE(back.stairs.empty());
  EXPECT_NEAR(back.stairs[0].up.y, 1.0, 1e-9);
  EXPECT_DOUBLE_EQ(back.stairs[0].z_top, plan.stairs[0].z_top);
}

// [SECTION] bad input: every message names the feature and says what to do

template <class F>
Error error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error";
  return Error(ErrorCode::kInternal, "none");
}

TEST(EvacPlan, UnreachableExitNamesTheRoom) {
  ScratchDir dir;
  write_file(dir / "plan.geojson", classroom_geojson("", 30, /*door_open=*/false));
  const Plan plan = read_plan(dir / "plan.geojson");
  Navigation nav(plan, {});
  const Error e = error_of([&] { nav.check_reachable(plan); });
  EXPECT_EQ(e.code(), ErrorCode::kBadGeometry);
  EXPECT_NE(std::string(e.what()).find("三年级二班"), std::string::npos) << e.what();
  EXPECT_FALSE(e.context().fix.empty());
}

TEST(EvacPlan, ExitNarrowerThanAPerson) {
  ScratchDir dir;
  write_file(dir / "plan.geojson", classroom_geojson(R"(,"width":0.3)", 30));
  const Plan plan = read_plan(dir / "plan.geojson");
  const Error e = error_of([&] { validate(plan); });
  EXPECT_EQ(e.code(), ErrorCode::kBadValue);
  EXPECT_NE(std::string(e.what()).find("gate"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("narrower than a person"), std::string::npos);
}

TEST(EvacPlan, OverlappingObstacles) {
  Plan plan;
  plan.walkable.push_back({rect(0, 0, 20, 10)});
  plan.exits.push_back(exit_line("exit", {20, 4}, {20, 6}));
  plan.rooms.push_back({.name = "hall", .area = rect(1, 1, 5, 9), .students = 10});
  plan.obstacles = {rect(8, 2, 12, 6), rect(11, 5, 14, 8)};
  plan.obstacle_names = {"pillar A", "cabinet B"};
  const Error e = error_of([&] { validate(plan); });
  EXPECT_EQ(e.code(), ErrorCode::kBadGeometry);
  EXPECT_NE(std::string(e.what()).find("pillar A"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("cabinet B"), std::string::npos);
  plan.obstacles[1] = rect(13, 5, 14, 8);  // apart: fine
  EXPECT_NO_THROW(validate(plan));
}

TEST(EvacPlan, ZeroStudents) {
  ScratchDir dir;
  write_file(dir / "plan.geojson", classroom_geojson("", 0));
  const Plan plan = read_plan(dir / "plan.geojson");
  const Error e = error_of([&] { validate(plan); });
  EXPECT_EQ(e.code(), ErrorCode::kEmptyInput);
  EXPECT_NE(std::string(e.what()).find("no students"), std::string::npos);
}

TEST(EvacPlan, UnknownRoleAndBadNumbers) {
  ScratchDir dir;
  write_file(
      dir / "a.geojson",
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"role":"stairs"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]})");
  const Error e = error_of([&] { read_plan(dir / "a.geojson"); });
  EXPECT_NE(std::string(e.what()).find("unknown role 'stairs'"), std::string::npos) << e.what();
  EXPECT_NE(e.context().fix.find("stair"), std::string::npos);
  write_file(dir / "b.geojson", classroom_geojson(R"(,"width":"wide")", 30));
  const Error e2 = error_of([&] { read_plan(dir / "b.geojson"); });
  EXPECT_EQ(e2.code(), ErrorCode::kBadValue);
  EXPECT_NE(std::string(e2.what()).find("gate"), std::string::npos) << e2.what();
  EXPECT_FALSE(parse_distribution("uniform:60:10"));  // min above max
  EXPECT_TRUE(parse_distribution("lognormal:40:0.4"));
  EXPECT_THROW(parse_closure("exit@soon"), Error);
  EXPECT_EQ(parse_closure("stair-E@30").time, 30.0);
}

TEST(EvacPlan, TemplateRejectsNonsense) {
  BuildingTemplate t;
  t.floors = 0;
  EXPECT_THROW(make_teaching_building(t), Error);
  t.floors = 4;
  t.exit_width = 0.3;
  EXPECT_THROW(make_teaching_building(t), Error);
}

// [SECTION] the template drill: closing a stairwell slows it down

TEST(EvacDrill, ClosingAStairwellSlowsTheDrill) {
  BuildingTemplate t;
  t.floors = 3;
  t.classrooms_per_floor = 2;
  t.class_size = 15;
  const Plan plan = make_teaching_building(t);
  validate(plan);
  EXPECT_EQ(plan.total_students(), 90);
  EXPECT_EQ(plan.stairs.size(), 4u);
  const auto drill = [&](std::vector<Closure> closures) {
    SimulationOptions o;
    o.closures = std::move(closures);
    Simulation sim(plan, o);
    sim.navigation().check_reachable(plan);
    PopulationOptions po;
    po.premovement = Distribution{Distribution::Kind::kUniform, 0.0, 10.0};
    sim.add_agents(populate(plan, sim.navigation(), po));
    return sim.run();
  };
  const Results open = drill({});
  const Results closed = drill({{"stair-E", 0.0}});
  ASSERT_EQ(open.evacuated(), 90u);
  ASSERT_EQ(closed.evacuated(), 90u);
  EXPECT_GT(closed.time_to_fraction(1.0), 1.05 * open.time_to_fraction(1.0));
  std::printf("template 3×2×15: all out %.1f s, east stairwell closed %.1f s\n",
              open.time_to_fraction(1.0), closed.time_to_fraction(1.0));
}

// [SECTION] CLI

TEST(EvacCli, TemplateDrillWritesAllOutputs) {
  ScratchDir dir;
  const auto r = run_cli({"evac", "--template", "--floors", "2", "--classes-per-floor", "2",
                          "--class-size", "20", "--at", "104.07,30.66", "--premovement",
                          "uniform:0:10", "-o", (dir / "out").string(), "--write-plan",
                          (dir / "plan.gpkg").string(), "--close", "exit-E@30"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* f :
       {"summary.json", "agents.csv", "classes.csv", "exit_flow.csv", "density_peak.tif",
        "density_time.tif", "density_peak.png", "trajectories.txt"})
    EXPECT_TRUE(std::filesystem::exists(dir / "out" / f)) << f;
  const auto summary = nlohmann::json::parse(read_file(dir / "out" / "summary.json"));
  EXPECT_EQ(summary["students"], 80);
  EXPECT_EQ(summary["evacuated"], 80);
  EXPECT_EQ(summary["closures"][0]["name"], "exit-E");
  EXPECT_LE(summary["t50_s"].get<double>(), summary["t100_s"].get<double>());
  const std::string traj = read_file(dir / "out" / "trajectories.txt");
  EXPECT_NE(traj.find("# id frame x y z"), std::string::npos);
  // The plan it wrote reads back and runs again.
  const auto again = run_cli({"evac", (dir / "plan.gpkg").string(), "--fps", "0", "--premovement",
                              "0", "-o", (dir / "again").string()});
  EXPECT_EQ(again.exit_code, 0) << again.output;
}

TEST(EvacCli, BadInputExitsWithOne) {
  ScratchDir dir;
  write_file(dir / "plan.geojson", classroom_geojson("", 30, /*door_open=*/false));
  const auto r = run_cli({"evac", (dir / "plan.geojson").string(), "-o", (dir / "out").string()});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("三年级二班"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "out" / "summary.json"));
  const auto m = run_cli({"evac", "--template", "--model", "abm", "-o", (dir / "out").string()});
  EXPECT_EQ(m.exit_code, 1) << m.output;
  const auto c =
      run_cli({"evac", "--template", "--close", "stair-X@0", "-o", (dir / "out").string()});
  EXPECT_EQ(c.exit_code, 1) << c.output;
  EXPECT_NE(c.output.find("stair-X"), std::string::npos);
}

}  // namespace
}  // namespace huxiao::evac

namespace huxiao::evac {
namespace {

// [SECTION] scenario section

TEST(EvacScenario, SectionParsesAndRuns) {
  ScratchDir dir;
  write_file(dir / "schools.csv", "name,lon,lat\n实验小学,104.07,30.66\n");
  write_file(dir / "s.yaml", R"(name: drill
sources:
  - path: schools.csv
    input_crs: WGS84
analyses:
  evac:
    template: {floors: 2, classes_per_floor: 2, class_size: 10}
    model: sfm
    close: [exit-E@0]
    premovement: uniform:0:5
    trajectory_fps: 0
)");
  scenario::SectionRegistry registry;
  register_section(registry);
  const scenario::Scenario s = scenario::load_scenario(dir / "s.yaml", registry);
  const auto* section = s.analyses.get<EvacSection>(kSectionName);
  ASSERT_NE(section, nullptr);
  EXPECT_EQ(section->drill.simulation.model, ModelKind::kSfm);
  ASSERT_EQ(section->drill.simulation.closures.size(), 1u);
  const DrillReport r = run_section(s, *section);
  EXPECT_EQ(r.results.evacuated(), 40u);
  EXPECT_TRUE(std::filesystem::exists(s.output / "evac" / "summary.json"));
  // A typo in a key is a located error.
  write_file(dir / "bad.yaml", R"(name: drill
sources:
  - path: schools.csv
analyses:
  evac:
    template: {floors: 2}
    modle: sfm
)");
  try {
    scenario::load_scenario(dir / "bad.yaml", registry);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("modle"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace huxiao::evac

namespace huxiao::evac {
namespace {

// Generational update: the same seed gives the same drill on one thread or many.
TEST(EvacDrill, DeterministicForASeedWhateverTheThreads) {
  Plan plan;
  plan.walkable.push_back({rect(0, 0, 20, 15)});
  plan.exits.push_back(exit_line("door", {20, 7}, {20, 8}));
  plan.rooms.push_back({.name = "hall",
                        .area = rect(0.5, 0.5, 15, 14.5),
                        .students = 300});  // ≥ 256: the parallel path
  const auto run = [&](ModelKind model, int threads, std::uint64_t seed) {
    SimulationOptions o;
    o.model = model;
    o.threads = threads;
    o.max_time = 8;
    Simulation sim(plan, o);
    PopulationOptions po;
    po.seed = seed;
    po.premovement = Distribution{};
    sim.add_agents(populate(plan, sim.navigation(), po));
    sim.run();
    return sim.agents().x;
  };
  for (ModelKind m : {ModelKind::kCsm, ModelKind::kSfm}) {
    const auto one = run(m, 1, 3);
    EXPECT_EQ(one, run(m, 0, 3));
    EXPECT_NE(one, run(m, 1, 4));
  }
}

}  // namespace
}  // namespace huxiao::evac

namespace huxiao::evac {
namespace {

// A plan drawn in QGIS on a web map (WGS84 degrees) is projected to its UTM zone.
TEST(EvacPlan, LonLatPlanIsProjectedToUtm) {
  ScratchDir dir;
  // About 20 × 11 m at Chengdu; the exit line is ≈ 1.9 m long.
  write_file(dir / "p.geojson", R"({"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"role":"walkable"},"geometry":{"type":"Polygon","coordinates":[[[104.07,30.66],[104.0702,30.66],[104.0702,30.6601],[104.07,30.6601],[104.07,30.66]]]}},
 {"type":"Feature","properties":{"role":"room","name":"r","students":5},"geometry":{"type":"Polygon","coordinates":[[[104.07002,30.66002],[104.07008,30.66002],[104.07008,30.66008],[104.07002,30.66008],[104.07002,30.66002]]]}},
 {"type":"Feature","properties":{"role":"exit","name":"e"},"geometry":{"type":"LineString","coordinates":[[104.0702,30.66004],[104.0702,30.66006]]}}]})");
  const Plan plan = read_plan(dir / "p.geojson");
  ASSERT_TRUE(plan.crs.epsg()) << "crs [" << plan.crs.definition << "] bounds "
                               << plan.bounds().min_x;
  EXPECT_EQ(*plan.crs.epsg(), 32648);
  const geo::Box b = plan.bounds();
  EXPECT_NEAR(b.max_x - b.min_x, 19.2, 0.5);
  EXPECT_NEAR(b.max_y - b.min_y, 11.1, 0.5);
  EXPECT_NEAR(plan.exits[0].width, 2.2, 0.3);
}

}  // namespace
}  // namespace huxiao::evac
