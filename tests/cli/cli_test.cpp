// The command line end to end: every piece of bad input gets a message naming the file, the
// feature and the fix, a non-zero exit code, and leaves no store behind (or the old one intact).
#include <filesystem>

#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace huxiao {
namespace {

using testing::run_cli;
using testing::ScratchDir;
using testing::shared_data;
using testing::write_file;
namespace fs = std::filesystem;

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), {}));
}

TEST(Cli, HelpOnEverySubcommand) {
  for (const char* cmd : {"info", "import", "demo", "run"}) {
    const auto r = run_cli({cmd, "--help"});
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_TRUE(contains(r.output, "Usage")) << cmd;
  }
  EXPECT_EQ(run_cli({"--version"}).exit_code, 0);
  EXPECT_EQ(run_cli({"frobnicate"}).exit_code, 2);
}

TEST(Cli, ImportChengduWritesStoreAndReport) {
  ScratchDir dir;
  const auto r =
      run_cli({"import", shared_data("osm/chengdu-center.osm"), "-o", dir / "chengdu.gpkg"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "EPSG:32648"));
  EXPECT_TRUE(fs::exists(dir / "chengdu.gpkg"));
  EXPECT_TRUE(contains(testing::read_file(dir / "chengdu.quality.json"), "\"schools\""));
  const auto info = run_cli({"info", dir / "chengdu.gpkg"});
  EXPECT_TRUE(contains(info.output, "huxiao project store")) << info.output;
  EXPECT_TRUE(contains(info.output, "© OpenStreetMap contributors"));
}

TEST(Cli, MissingFile) {
  ScratchDir dir;
  const auto r = run_cli({"import", dir / "no-such.osm", "-o", dir / "out.gpkg"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "no-such.osm: the file does not exist")) << r.output;
  EXPECT_TRUE(contains(r.output, "fix:"));
  EXPECT_EQ(entries(dir.path()), 0u);
}

TEST(Cli, UnreadableFile) {
  ScratchDir dir;
  write_file(dir / "schools.geojson", "this is not json");
  const auto r = run_cli({"import", dir / "schools.geojson", "-o", dir / "out.gpkg"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "schools.geojson")) << r.output;
  EXPECT_TRUE(contains(r.output, "opens in QGIS"));
  EXPECT_FALSE(fs::exists(dir / "out.gpkg"));
}

TEST(Cli, CsvWithoutCrsIsAnErrorNamingTheFix) {
  ScratchDir dir;
  write_file(dir / "schools.csv", "学校名称,经度,纬度\n第一小学,104.0652,30.6598\n");
  const auto r = run_cli({"import", dir / "schools.csv", "-o", dir / "out.gpkg"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "schools.csv")) << r.output;
  EXPECT_TRUE(contains(r.output, "has no coordinate reference system"));
  EXPECT_TRUE(contains(r.output, "--input-crs"));
  EXPECT_FALSE(fs::exists(dir / "out.gpkg"));
  const auto ok =
      run_cli({"import", dir / "schools.csv", "--input-crs", "GCJ-02", "-o", dir / "out.gpkg"});
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
}

TEST(Cli, TextInCoordinateColumnIsReportedByRowAndLeavesOldStore) {
  ScratchDir dir;
  write_file(dir / "good.csv", "学校名称,经度,纬度\n第一小学,104.0652,30.6598\n");
  ASSERT_EQ(
      run_cli({"import", dir / "good.csv", "--input-crs", "EPSG:4326", "-o", dir / "county.gpkg"})
          .exit_code,
      0);
  const auto before = fs::last_write_time(dir / "county.gpkg");
  write_file(dir / "bad.csv",
             "学校名称,经度,纬度\n第一小学,104.0652,30.6598\n第二小学,东经104度,30.6621\n");
  const auto r = run_cli({"import", dir / "bad.csv", "--input-crs", "EPSG:4326", "--strict", "-o",
                          dir / "county.gpkg"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(
      contains(r.output, "coordinate column '经度' holds '东经104度', which is not a number"))
      << r.output;
  EXPECT_EQ(fs::last_write_time(dir / "county.gpkg"), before) << "old store must stay";
  // Without --strict the good row is imported and the bad one reported with its row number.
  const auto lenient =
      run_cli({"import", dir / "bad.csv", "--input-crs", "EPSG:4326", "-o", dir / "lenient.gpkg"});
  EXPECT_EQ(lenient.exit_code, 0);
  EXPECT_TRUE(contains(lenient.output, "bad.csv row 2")) << lenient.output;
  EXPECT_TRUE(contains(lenient.output, "schools           1")) << lenient.output;
}

TEST(Cli, EmptyLayerNeverWritesAStore) {
  ScratchDir dir;
  write_file(dir / "empty.geojson", R"({"type":"FeatureCollection","features":[]})");
  const auto r = run_cli({"import", dir / "empty.geojson", "-o", dir / "out.gpkg"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "nothing to import")) << r.output;
  EXPECT_FALSE(fs::exists(dir / "out.gpkg"));
}

TEST(Cli, SelfIntersectingPolygonIsRepairedAndReported) {
  ScratchDir dir;
  write_file(dir / "ponds.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"natural":"water","water":"pond","name":"蝴蝶塘"},
     "geometry":{"type":"Polygon","coordinates":[[[104.060,30.660],[104.062,30.662],[104.062,30.660],[104.060,30.662],[104.060,30.660]]]}},
    {"type":"Feature","properties":{"amenity":"school","name":"第一小学"},
     "geometry":{"type":"Point","coordinates":[104.061,30.663]}}]})");
  const auto r = run_cli({"import", dir / "ponds.geojson", "-o", dir / "out.gpkg"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "invalid_geometry")) << r.output;
  EXPECT_TRUE(contains(r.output, "蝴蝶塘"));
  EXPECT_TRUE(contains(r.output, "Self-intersection"));
  EXPECT_TRUE(contains(r.output, "repaired with GEOS MakeValid"));
}

TEST(Cli, ScenarioTypoNamesFileLineAndSuggestion) {
  ScratchDir dir;
  write_file(dir / "county.yaml", "name: 示例县\nsoures:\n  - path: data.osm\n");
  const auto r = run_cli({"run", dir / "county.yaml"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.output, "county.yaml:2")) << r.output;
  EXPECT_TRUE(contains(r.output, "did you mean 'sources'")) << r.output;
  EXPECT_EQ(entries(dir.path()), 1u);
}

TEST(Cli, RunScenarioImportsAndSummarises) {
  ScratchDir dir;
  write_file(dir / "chengdu.yaml",
             "name: 成都中心城区\nregion:\n  bbox: [104.042, 30.653, 104.130, 30.728]\nsources:\n  "
             "- path: " +
                 shared_data("osm/chengdu-center.osm").string() + "\n");
  const auto r = run_cli({"run", dir / "chengdu.yaml", "-o", dir / "out"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(fs::exists(dir / "out" / "summary.json"));
  EXPECT_TRUE(fs::exists(dir / "out" / "quality.txt"));
  EXPECT_TRUE(contains(testing::read_file(dir / "out" / "summary.json"), "成都中心城区"));
}

}  // namespace
}  // namespace huxiao
