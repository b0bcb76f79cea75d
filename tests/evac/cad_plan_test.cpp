// Floor plans from CAD drawings (DXF through GDAL's driver) with a layer → role mapping.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "evac/cad_mapping.hpp"
#include "evac/plan.hpp"
#include "evac/scenario_section.hpp"
#include "scenario/section.hpp"
#include "support/test_support.hpp"

namespace huxiao::evac {
namespace {

using huxiao::testing::read_file;
using huxiao::testing::run_cli;
using huxiao::testing::ScratchDir;
using huxiao::testing::write_file;

// An ASCII DXF as AutoCAD writes it, in millimetres: a 20 × 10 m floor, a classroom outline with
// its label, a wall line and an exit line on the east side.
struct Dxf {
  std::string header;
  std::string entities;

  void code(int c, const std::string& v) { entities += std::to_string(c) + "\n" + v + "\n"; }
  void polyline(const std::string& layer, std::vector<std::pair<double, double>> pts,
                bool closed = true) {
    code(0, "LWPOLYLINE");
    code(8, layer);
    code(90, std::to_string(pts.size()));
    code(70, closed ? "1" : "0");
    for (const auto& [x, y] : pts) {
      code(10, std::to_string(x));
      code(20, std::to_string(y));
    }
  }
  void line(const std::string& layer, double x1, double y1, double x2, double y2) {
    code(0, "LINE");
    code(8, layer);
    code(10, std::to_string(x1));
    code(20, std::to_string(y1));
    code(11, std::to_string(x2));
    code(21, std::to_string(y2));
  }
  void text(const std::string& layer, double x, double y, const std::string& t) {
    code(0, "TEXT");
    code(8, layer);
    code(10, std::to_string(x));
    code(20, std::to_string(y));
    code(40, "300");
    code(1, t);
  }
  std::string str() const {
    return "0\nSECTION\n2\nHEADER\n" + header + "0\nENDSEC\n0\nSECTION\n2\nENTITIES\n" + entities +
           "0\nENDSEC\n0\nEOF\n";
  }
};

Dxf school_floor(const std::string& header, const std::string& label, bool room_closed = true) {
  Dxf d;
  d.header = header;
  d.polyline("A-FLOOR", {{0, 0}, {20000, 0}, {20000, 10000}, {0, 10000}});
  d.polyline("A-ROOM", {{1000, 1000}, {8000, 1000}, {8000, 8000}, {1000, 8000}}, room_closed);
  d.line("A-WALL-INNER", 9000, 0, 9000, 4000);
  d.line("A-EXIT", 20000, 4000, 20000, 6000);
  d.text("A-ROOM-TEXT", 4000, 4000, label);
  d.line("DIM", 0, -1000, 20000, -1000);
  return d;
}

const std::string kUtf8Millimetres = "9\n$ACADVER\n1\nAC1021\n9\n$INSUNITS\n70\n4\n";

CadMapping mapping(const std::string& yaml) {
  scenario::Section s = scenario::Section::from_text(yaml, "mapping.yaml");
  return parse_cad_mapping(s);
}

const char* kMapping = R"(
layers:
  - {layer: A-FLOOR, role: walkable}
  - {layer: "a-wall*", role: obstacle}
  - {layer: A-EXIT, role: exit, name: east gate}
  - {layer: A-ROOM, role: room, age: primary, premovement: "uniform:5:10"}
  - {layer: A-ROOM-TEXT, role: label}
)";

TEST(CadPlan, MapsLayersToRolesInMetresWithLabelledHeadCounts) {
  ScratchDir dir;
  write_file(dir / "floor.dxf", school_floor(kUtf8Millimetres, "三年级2班 45人").str());
  const CadMapping m = mapping(kMapping);
  const Plan plan = read_plan(dir / "floor.dxf", &m);
  ASSERT_EQ(plan.walkable.size(), 1u);
  ASSERT_EQ(plan.rooms.size(), 1u);
  EXPECT_EQ(plan.rooms[0].name, "三年级2班");  // AutoCAD 2007+ text is UTF-8
  EXPECT_EQ(plan.rooms[0].students, 45);
  ASSERT_EQ(plan.exits.size(), 1u);
  EXPECT_EQ(plan.exits[0].name, "east gate");
  EXPECT_NEAR(plan.exits[0].width, 2.0, 1e-9);  // 2 000 mm
  ASSERT_EQ(plan.walls.size(), 1u);             // the pattern matched case-insensitively
  EXPECT_NEAR(plan.walls[0].back().y, 4.0, 1e-9);
  EXPECT_NO_THROW(validate(plan));
  ASSERT_EQ(plan.notes.size(), 2u);
  EXPECT_NE(plan.notes[0].find("$INSUNITS 4"), std::string::npos);
  EXPECT_NE(plan.notes[1].find("DIM (1)"), std::string::npos);
}

TEST(CadPlan, OldDrawingsInTheGbkCodePageKeepTheirChineseNames) {
  ScratchDir dir;
  // AutoCAD 2000 file with $DWGCODEPAGE ANSI_936: 三年级 in GBK bytes.
  const std::string gbk_name = "\xC8\xFD\xC4\xEA\xBC\xB6";
  const Dxf d =
      school_floor("9\n$ACADVER\n1\nAC1015\n9\n$DWGCODEPAGE\n3\nANSI_936\n9\n$INSUNITS\n70\n4\n",
                   gbk_name + " 40\xC8\xCB");  // 40人
  write_file(dir / "old.dxf", d.str());
  const CadMapping m = mapping(kMapping);
  const Plan plan = read_plan(dir / "old.dxf", &m);
  ASSERT_EQ(plan.rooms.size(), 1u);
  EXPECT_EQ(plan.rooms[0].name, "三年级");
  EXPECT_EQ(plan.rooms[0].students, 40);
}

TEST(CadPlan, TheDrillRunsOnTheMappedDrawing) {
  ScratchDir dir;
  write_file(dir / "floor.dxf", school_floor(kUtf8Millimetres, "三年级2班 45人").str());
  write_file(dir / "mapping.yaml", kMapping);
  const auto r =
      run_cli({"evac", (dir / "floor.dxf").string(), "--cad", (dir / "mapping.yaml").string(),
               "--fps", "0", "-o", (dir / "out").string()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto summary = nlohmann::json::parse(read_file(dir / "out" / "summary.json"));
  EXPECT_EQ(summary["students"], 45);
  EXPECT_EQ(summary["evacuated"], 45);
  EXPECT_EQ(summary["plan_notes"].size(), 2u);
}

TEST(CadPlan, ScenarioSectionCarriesTheMapping) {
  ScratchDir dir;
  write_file(dir / "floor.dxf", school_floor(kUtf8Millimetres, "三年级2班 45人").str());
  write_file(dir / "schools.csv", "name,lon,lat\n实验小学,104.07,30.66\n");
  std::string yaml =
      "name: drill\nsources:\n  - path: schools.csv\n    input_crs: WGS84\n"
      "analyses:\n  evac:\n    plan: floor.dxf\n    trajectory_fps: 0\n    cad:\n";
  for (const char* line :
       {"      layers:", "        - {layer: A-FLOOR, role: walkable}",
        "        - {layer: A-EXIT, role: exit}", "        - {layer: A-ROOM, role: room}",
        "        - {layer: A-ROOM-TEXT, role: label}"})
    yaml += std::string(line) + "\n";
  write_file(dir / "s.yaml", yaml);
  scenario::SectionRegistry registry;
  register_section(registry);
  const scenario::Scenario s = scenario::load_scenario(dir / "s.yaml", registry);
  const auto* section = s.analyses.get<EvacSection>(kSectionName);
  ASSERT_NE(section, nullptr);
  ASSERT_TRUE(section->cad.has_value());
  EXPECT_EQ(run_section(s, *section).results.evacuated(), 45u);
}

TEST(CadPlan, ADrawingWithoutAMappingListsItsLayers) {
  ScratchDir dir;
  write_file(dir / "floor.dxf", school_floor(kUtf8Millimetres, "45").str());
  try {
    read_plan(dir / "floor.dxf");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("A-ROOM (1)"), std::string::npos) << what;
    EXPECT_NE(what.find("--cad"), std::string::npos) << what;
  }
  // The command says the same and writes nothing.
  const auto r = run_cli({"evac", (dir / "floor.dxf").string(), "-o", (dir / "out").string()});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("A-ROOM (1)"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "out"));
}

TEST(CadPlan, UnitlessDrawingsNeedUnitsInTheMapping) {
  ScratchDir dir;
  write_file(dir / "floor.dxf", school_floor("9\n$ACADVER\n1\nAC1021\n", "45人").str());
  const CadMapping without = mapping(kMapping);
  try {
    read_plan(dir / "floor.dxf", &without);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("units: mm"), std::string::npos) << e.what();
  }
  const CadMapping with = mapping(std::string("units: mm\n") + kMapping);
  EXPECT_NEAR(read_plan(dir / "floor.dxf", &with).exits[0].width, 2.0, 1e-9);
}

TEST(CadPlan, AnOpenRoomOutlineIsNamedWithItsLayer) {
  ScratchDir dir;
  write_file(dir / "floor.dxf", school_floor(kUtf8Millimetres, "45人", false).str());
  const CadMapping m = mapping(kMapping);
  try {
    read_plan(dir / "floor.dxf", &m);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("CAD layer A-ROOM"), std::string::npos) << what;
    EXPECT_NE(what.find("close the polyline"), std::string::npos) << what;
  }
}

TEST(CadPlan, MappingTyposAreRejectedAtTheirKey) {
  EXPECT_THROW(mapping("layers:\n  - {layer: W, role: wal}\n"), Error);
  EXPECT_THROW(mapping("layers:\n  - {layer: E, role: exit, students: 4}\n"), Error);
  EXPECT_THROW(mapping("units: furlong\nlayers:\n  - {layer: W, role: obstacle}\n"), Error);
  EXPECT_THROW(mapping("layers: []\n"), Error);
}

TEST(CadPlan, RoomLabels) {
  EXPECT_EQ(parse_room_label("三年级2班 45人").name, "三年级2班");
  EXPECT_EQ(parse_room_label("三年级2班 45人").students, 45);
  EXPECT_EQ(parse_room_label("301（42人）").name, "301");
  EXPECT_EQ(parse_room_label("301（42人）").students, 42);
  EXPECT_EQ(parse_room_label("38").students, 38);
  EXPECT_EQ(parse_room_label("教师办公室").name, "教师办公室");
  EXPECT_FALSE(parse_room_label("教师办公室").students);
  EXPECT_FALSE(parse_room_label("Room 204").students);  // a room number is not a head count
}

}  // namespace
}  // namespace huxiao::evac
