#include <gtest/gtest.h>

#include "network/outputs.hpp"
#include "store/project_store.hpp"
#include "support/test_support.hpp"

namespace huxiao::network {
namespace {

using huxiao::testing::run_cli;
using huxiao::testing::ScratchDir;

// A street with a school and a police post on it, plus a school on a disconnected lane.
model::Project small_town() {
  model::Project p;
  p.info.crs = geo::Crs::parse("EPSG:32648");
  p.info.name = "town";
  const geo::Point o{400000, 3390000};
  auto road = [&](std::string id, geo::LineString line) {
    model::Road r;
    r.id = std::move(id);
    r.line = std::move(line);
    p.roads.push_back(r);
  };
  road("main", {{o.x, o.y}, {o.x + 600, o.y}});
  road("lane", {{o.x + 3000, o.y}, {o.x + 3100, o.y}});
  p.schools.push_back({.id = "s1", .name = "第一小学", .location = {o.x + 500, o.y + 10}});
  p.schools.push_back({.id = "s2", .name = "孤岛小学", .location = {o.x + 3050, o.y + 10}});
  p.schools.push_back({.id = "s3", .name = "远山小学", .location = {o.x, o.y + 9000}});
  p.police.push_back({.id = "p1", .name = "城关派出所", .location = {o.x + 20, o.y - 5}});
  return p;
}

TEST(RouteCli, MatrixReportsUnreachableAndUnsnappedSchools) {
  ScratchDir dir;
  const auto store = dir / "town.gpkg";
  store::write_project(store, small_town());
  const auto r = run_cli({"route", "matrix", store.string(), "--from", "schools", "--to", "police",
                          "--profile", "walk", "-o", (dir / "m.csv").string()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("远山小学"), std::string::npos) << r.output;  // beyond the snap distance
  const std::string csv = huxiao::testing::read_file(dir / "m.csv");
  EXPECT_NE(csv.find("第一小学,p1,城关派出所,4"), std::string::npos)
      << csv;  // 480 m at 1.2 m/s: 400 s
  EXPECT_NE(csv.find("孤岛小学,p1,城关派出所,,unreachable"), std::string::npos) << csv;
  EXPECT_NE(csv.find("远山小学,p1,城关派出所,,not_snapped"), std::string::npos) << csv;

  const auto b = run_cli({"route", "matrix", store.string(), "--from", "schools", "--to", "police",
                          "--profile", "drive", "--at", "07:30", "-o", (dir / "m.bin").string()});
  ASSERT_EQ(b.exit_code, 0) << b.output;
  const Matrix m = read_matrix_binary(dir / "m.bin");
  ASSERT_EQ(m.rows, 3U);
  ASSERT_EQ(m.cols, 1U);
  EXPECT_NEAR(m.at(0, 0), 480.0 / (25.0 * 0.6 / 3.6),
              1e-9);  // residential at 60 % in the morning peak
  EXPECT_EQ(m.at(1, 0), kUnreachable);
}

TEST(RouteCli, IsochronesAndRoutesBecomeStoreLayers) {
  ScratchDir dir;
  const auto store = dir / "town.gpkg";
  store::write_project(store, small_town());
  auto r = run_cli({"route", "isochrone", store.string(), "--from", "police", "--minutes", "1,3"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = run_cli({"route", "path", store.string(), "--from", "schools", "--to", "police"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("孤岛小学"), std::string::npos)
      << r.output;  // reported, cannot reach any
  const auto s = store::inspect(store);
  EXPECT_EQ(s.layer_counts.at("isochrones_walk"), 2);
  EXPECT_EQ(s.layer_counts.at("routes_walk"), 1);
}

TEST(RouteCli, BadInputNamesTheFix) {
  ScratchDir dir;
  const auto store = dir / "town.gpkg";
  store::write_project(store, small_town());
  auto r = run_cli({"route", "matrix", store.string(), "--from", "schols", "--to", "police", "-o",
                    (dir / "m.csv").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("no layer 'schols'"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("schools"), std::string::npos) << r.output;
  r = run_cli({"route", "stats", store.string(), "--profile", "bike"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("--profile walk"), std::string::npos) << r.output;
  r = run_cli({"route", "stats", store.string(), "--profile", "drive", "--at", "25:99"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("HH:MM"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace huxiao::network
