// Home-based exposure from a population raster, rasters in another CRS or none, and waters
// mapped only as lines.
#include <cmath>
#include <filesystem>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "io/geopackage.hpp"
#include "io/raster_warp.hpp"
#include "risk/drowning.hpp"
#include "risk/run.hpp"
#include "support/test_support.hpp"

namespace huxiao::risk {
namespace {

namespace fs = std::filesystem;

// A 40 m × 40 m pond at the origin-relative position `at`; bank segments of 40 m.
model::Project pond_at(geo::Point at) {
  model::Project p;
  p.info.crs = geo::Crs::parse("EPSG:32648");
  model::WaterBody pond;
  pond.id = "pond";
  pond.kind = model::WaterKind::kPond;
  const double x = at.x, y = at.y;
  pond.area = {{{{x, y}, {x + 40, y}, {x + 40, y + 40}, {x, y + 40}, {x, y}}, {}}};
  p.water.push_back(pond);
  return p;
}

RiskSettings settings() {
  RiskSettings s;
  s.segment_m = 40.0;
  s.cutoff_min = 15.0;  // 900 s at 1 m/s: 900 m
  s.decay = Decay::kLinear;
  s.population_weight = 0.15;
  return s;
}

TEST(Population, OneCellByHand) {
  const model::Project p = pond_at({0, 0});
  const RiskSettings s = settings();
  PopulationCells pop{{{20, -300}, {5000, 5000}}, {200.0, 1e6}};  // the second is out of reach
  const DrowningResult r = assess(p, s, EuclideanWalking(p, 1.0), no_progress(), &pop);
  ASSERT_EQ(r.segments.size(), 4u);
  for (const auto& g : r.segments) {
    const double d = geo::distance({20, -300}, g.access);
    const double expected = 200.0 * (1.0 - d / 900.0) * 0.15;
    EXPECT_NEAR(g.home_exposure, expected, 1e-9);
    EXPECT_NEAR(g.exposure, expected, 1e-9) << "no school: the residents are all the exposure";
    EXPECT_NEAR(g.risk, expected * 1.0, 1e-9);
  }
  EXPECT_NEAR(r.segments[0].home_exposure, 200.0 * (2.0 / 3.0) * 0.15, 1e-9) << "south bank";
}

// Residents per 50 m cell: a smooth hill around the pond (people live near the river).
io::RasterGrid population_hill(geo::Point centre) {
  io::RasterGrid g;
  g.name = "hill";
  g.width = g.height = 80;
  g.pixel_size_x = g.pixel_size_y = 50.0;
  g.origin_x = centre.x - 2000.0;
  g.origin_y = centre.y + 2000.0;
  g.crs = geo::Crs::parse("EPSG:32648");
  for (std::size_t row = 0; row < g.height; ++row)
    for (std::size_t col = 0; col < g.width; ++col) {
      const double x = g.origin_x + (static_cast<double>(col) + 0.5) * 50.0 - centre.x;
      const double y = g.origin_y - (static_cast<double>(row) + 0.5) * 50.0 - centre.y;
      g.values.push_back(
          static_cast<float>(100.0 * std::exp(-(x * x + y * y) / (2 * 700.0 * 700.0))));
    }
  return g;
}

double home_total(const io::RasterGrid& grid, const model::Project& p, const RiskSettings& s) {
  auto segs = split_banks(p, s.segment_m);
  add_home_exposure(population_cells(grid), s, segs);
  double total = 0.0;
  for (const auto& g : segs) total += g.home_exposure;
  return total;
}

TEST(Population, RasterInLonLatGivesTheSameExposureAndIsReportedAsReprojected) {
  const geo::Point centre{410000.0, 3393000.0};  // central Chengdu in UTM 48N
  const model::Project p = pond_at({centre.x - 20, centre.y - 20});
  const RiskSettings s = settings();
  const fs::path dir = fs::temp_directory_path() / "huxiao_risk_population_test";
  fs::create_directories(dir);
  const io::RasterGrid local = population_hill(centre);
  io::write_raster(dir / "local.tif", local);
  io::write_raster(dir / "lonlat.tif",
                   io::reproject(local, geo::Crs::wgs84(), {.preserve_sum = true}));

  const auto same = io::read_raster_in_crs(dir / "local.tif", p.info.crs, {.preserve_sum = true});
  EXPECT_FALSE(same.reprojected);
  const auto warped =
      io::read_raster_in_crs(dir / "lonlat.tif", p.info.crs, {.preserve_sum = true});
  EXPECT_TRUE(warped.reprojected);
  EXPECT_EQ(warped.source_crs, "EPSG:4326");

  const double expected = home_total(same.grid, p, s);
  const double got = home_total(warped.grid, p, s);
  ASSERT_GT(expected, 0.0);
  // Two bilinear resamplings (there and back) of a smooth surface: within 2 %.
  EXPECT_NEAR(got / expected, 1.0, 0.02) << got << " vs " << expected;
  fs::remove_all(dir);
}

TEST(Population, RasterWithoutCrsIsAClearError) {
  const fs::path dir = fs::temp_directory_path() / "huxiao_risk_nocrs_test";
  fs::create_directories(dir);
  io::RasterGrid g = population_hill({0, 0});
  g.crs = {};
  io::write_raster(dir / "no_crs.tif", g);
  try {
    io::read_raster_in_crs(dir / "no_crs.tif", geo::Crs::parse("EPSG:32648"), {});
    FAIL() << "a raster without a CRS must not be guessed";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kMissingCrs);
    EXPECT_NE(e.context().file.find("no_crs.tif"), std::string::npos);
    EXPECT_NE(e.context().fix.find("gdal_edit.py -a_srs"), std::string::npos);
  }
  fs::remove_all(dir);
}

TEST(Population, CommandStopsOnARasterWithoutCrsAndWritesNothing) {
  huxiao::testing::ScratchDir dir;
  const auto store = dir / "county.gpkg";
  ASSERT_EQ(huxiao::testing::run_cli({"demo", "--schools", "20", "-o", store.string()}).exit_code,
            0);
  io::RasterGrid g = population_hill({0, 0});
  g.crs = {};
  io::write_raster(dir / "no_crs.tif", g);
  const auto r =
      huxiao::testing::run_cli({"drowning", store.string(), "--population",
                                (dir / "no_crs.tif").string(), "-o", (dir / "out").string()});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("no_crs.tif"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("gdal_edit.py -a_srs"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "out" / "drowning_summary.json"));
  EXPECT_FALSE(fs::exists(dir / "out" / "drowning_risk.tif"));
  EXPECT_FALSE(io::GeoPackage::open(store, false).has_layer("water_risk"));
}

TEST(Population, WaterLayerWithNoPolygonsStillAssessesTheWaterways) {
  model::Project p = pond_at({0, 0});
  p.water.clear();  // the water layer held no polygons
  model::Waterway ditch;
  ditch.id = "ditch";
  ditch.kind = model::WaterKind::kDitch;
  ditch.line = {{0, 0}, {200, 0}};
  p.waterways.push_back(ditch);
  model::School school;
  school.level = model::SchoolLevel::kPrimary;
  school.enrollment = 100;
  school.location = {100, -90};
  p.schools.push_back(school);
  const DrowningResult r = assess(p, settings(), EuclideanWalking(p, 1.0));
  ASSERT_EQ(r.segments.size(), 5u);
  for (const auto& g : r.segments) EXPECT_TRUE(g.from_waterway);
  ASSERT_EQ(r.waters.size(), 1u);
  EXPECT_GT(r.waters[0].risk_sum, 0.0);
  EXPECT_DOUBLE_EQ(r.waters[0].hazard, 0.9) << "a ditch";
}

}  // namespace
}  // namespace huxiao::risk

namespace huxiao::risk {
namespace {

TEST(Population, ScenarioKeysForPopulationAndPatrol) {
  const fs::path dir = fs::temp_directory_path() / "huxiao_risk_section_test";
  fs::create_directories(dir);
  io::RasterGrid g = population_hill({0, 0});
  io::write_raster(dir / "pop.tif", g);
  auto s = scenario::Section::from_text(
      "population: pop.tif\npopulation_weight: 0.2\npatrol_stops: 5\npatrol_start: 东城派出所\n"
      "patrol_mode: walk\npatrol_within_km: 15\n",
      "inline.yaml", dir);
  const RiskSettings r = parse_risk_section(s);
  s.finish();
  EXPECT_EQ(r.population, dir / "pop.tif") << "relative to the scenario file";
  EXPECT_DOUBLE_EQ(r.population_weight, 0.2);
  EXPECT_EQ(r.patrol_stops, 5);
  EXPECT_EQ(r.patrol_start, "东城派出所");
  EXPECT_EQ(r.patrol_mode, network::Mode::kWalk);
  EXPECT_DOUBLE_EQ(r.patrol_within_km, 15.0);
  auto missing = scenario::Section::from_text("population: nowhere.tif\n", "inline.yaml", dir);
  EXPECT_THROW(parse_risk_section(missing), Error);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace huxiao::risk
