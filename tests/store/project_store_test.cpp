#include <filesystem>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "ingest/importer.hpp"
#include "io/geopackage.hpp"
#include "store/project_store.hpp"
#include "support/test_support.hpp"

namespace huxiao::store {
namespace {

using huxiao::testing::ScratchDir;
namespace fs = std::filesystem;

model::Project chengdu() {
  ingest::SourceRequest r;
  r.path = huxiao::testing::shared_data("osm/chengdu-center.osm");
  return ingest::import_sources({r}, {}).project;
}

TEST(ProjectStore, RoundTripKeepsEveryClassAndAttribute) {
  ScratchDir dir;
  const model::Project p = chengdu();
  write_project(dir / "c.gpkg", p);
  const model::Project back = read_project(dir / "c.gpkg");
  EXPECT_EQ(back.info.crs.definition, "EPSG:32648");
  EXPECT_EQ(back.info.attribution, p.info.attribution);
  ASSERT_EQ(back.schools.size(), p.schools.size());
  EXPECT_EQ(back.water.size(), p.water.size());
  EXPECT_EQ(back.waterways.size(), p.waterways.size());
  EXPECT_EQ(back.roads.size(), p.roads.size());
  EXPECT_EQ(back.pois.size(), p.pois.size());
  EXPECT_EQ(back.police.size(), p.police.size());
  for (std::size_t i = 0; i < p.schools.size(); ++i) {
    const auto& a = p.schools[i];
    const auto& b = back.schools[i];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.level, b.level);
    EXPECT_EQ(a.enrollment, b.enrollment);
    EXPECT_EQ(a.morning_bell, b.morning_bell);
    EXPECT_EQ(a.defaulted.str(), b.defaulted.str());
    EXPECT_EQ(a.location, b.location);
    EXPECT_EQ(a.campus.has_value(), b.campus.has_value());
  }
  for (std::size_t i = 0; i < p.roads.size(); ++i) {
    EXPECT_EQ(p.roads[i].oneway, back.roads[i].oneway);
    EXPECT_EQ(p.roads[i].road_class, back.roads[i].road_class);
    EXPECT_EQ(p.roads[i].line, back.roads[i].line);
  }
}

TEST(ProjectStore, RegionLimitsWhatIsRead) {
  ScratchDir dir;
  write_project(dir / "c.gpkg", chengdu());
  const auto all = read_project(dir / "c.gpkg");
  const auto part =
      read_project(dir / "c.gpkg", geo::Region::parse_lonlat_box("104.06,30.66,104.09,30.69"));
  EXPECT_GT(part.schools.size(), 0u);
  EXPECT_LT(part.schools.size(), all.schools.size());
  EXPECT_LT(part.roads.size(), all.roads.size());
}

class CancelAfter final : public Progress {
 public:
  void begin(std::string_view, std::uint64_t) override {}
  void update(std::uint64_t) override { ++updates_; }
  void end() override {}
  bool cancel_requested() const override { return updates_ > 0; }

 private:
  int updates_ = 0;
};

TEST(ProjectStore, InterruptedWriteLeavesThePreviousStore) {
  ScratchDir dir;
  const fs::path store = dir / "c.gpkg";
  model::Project small;
  small.info.crs = geo::Crs::parse("EPSG:32648");
  small.info.name = "before";
  small.schools.push_back({.id = "a", .name = "第一小学", .location = {400000, 3390000}});
  write_project(store, small);
  const std::size_t before = std::hash<std::string>()(huxiao::testing::read_file(store));

  CancelAfter cancel;  // stops the big write part-way through the roads layer
  EXPECT_THROW(write_project(store, chengdu(), nullptr, cancel), Error);
  EXPECT_EQ(std::hash<std::string>()(huxiao::testing::read_file(store)), before) << "store changed";
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), {}), 1)
      << "temporary file left behind";
  EXPECT_EQ(read_project(store).info.name, "before");
}

TEST(ProjectStore, AnalysisLayersAreAllOrNothing) {
  ScratchDir dir;
  write_project(dir / "c.gpkg", chengdu());
  model::Table good{
      "zone_summary", model::GeometryKind::kNone, {{"school_id", model::ColumnType::kText}}, {}};
  good.rows.push_back({{std::string("osm:way/1")}, {}});
  model::Table big{
      "zone_findings", model::GeometryKind::kNone, {{"n", model::ColumnType::kInteger}}, {}};
  for (std::int64_t i = 0; i < 5000; ++i) big.rows.push_back({{i}, {}});
  CancelAfter cancel;  // interrupts the second layer
  EXPECT_THROW(write_layers(dir / "c.gpkg", {good, big}, cancel), Error);
  EXPECT_EQ(inspect(dir / "c.gpkg").layer_counts.count("zone_summary"), 0u)
      << "first layer must roll back";
  write_layers(dir / "c.gpkg", {good});
  EXPECT_EQ(inspect(dir / "c.gpkg").layer_counts.at("zone_summary"), 1);
}

// The national project CRS is an Albers projection without an EPSG code; analysis layers must
// land in the very CRS of the store's own layers.
TEST(ProjectStore, AnalysisLayersShareTheStoresCrsWithoutAnEpsgCode) {
  ScratchDir dir;
  model::Project p;
  // As `huxiao demo` makes it for a national run.
  p.info.crs = geo::Crs{"+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +datum=WGS84 +units=m +no_defs",
                        geo::ChineseOffset::kNone};
  p.schools.push_back({.id = "a", .name = "第一小学", .location = {100000, 3000000}});
  write_project(dir / "n.gpkg", p);
  model::Table zones{"safety_zones",
                     model::GeometryKind::kMultiPolygon,
                     {{"school_id", model::ColumnType::kText}},
                     {}};
  zones.rows.push_back(
      {{std::string("a")},
       geo::Geometry{geo::Polygon{
           {{99800, 2999800}, {100200, 2999800}, {100200, 3000200}, {99800, 2999800}}, {}}}});
  write_layers(dir / "n.gpkg", {zones});
  const auto gpkg = io::GeoPackage::open(dir / "n.gpkg", false);
  EXPECT_EQ(gpkg.crs_of("safety_zones")->definition, gpkg.crs_of("schools")->definition);
  EXPECT_EQ(gpkg.feature_count("safety_zones"), 1);
  EXPECT_EQ(gpkg.extent_of("safety_zones").max_y, 3000200);
  EXPECT_EQ(read_layer(dir / "n.gpkg", "safety_zones")->rows.at(0).values.at(0),
            model::Value{std::string("a")});
}

TEST(ProjectStore, PlainGeoPackageIsNotAStore) {
  ScratchDir dir;
  {
    auto gpkg = io::GeoPackage::create(dir / "plain.gpkg");
    gpkg.write_table({"x", model::GeometryKind::kNone, {{"a", model::ColumnType::kText}}, {}},
                     geo::Crs::wgs84());
    gpkg.close();
  }
  try {
    read_project(dir / "plain.gpkg");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not a huxiao project store"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("huxiao import"), std::string::npos);
  }
}

}  // namespace
}  // namespace huxiao::store
