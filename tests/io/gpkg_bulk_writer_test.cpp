#include "io/gpkg_bulk_writer.hpp"

#include <sqlite3.h>

#include <random>

#include <fmt/format.h>

#include <gtest/gtest.h>

#include "io/geopackage.hpp"
#include "support/test_support.hpp"

namespace huxiao::io {
namespace {

using huxiao::testing::ScratchDir;
using model::ColumnType;

const geo::Crs kUtm48{"EPSG:32648", geo::ChineseOffset::kNone};

struct Db {
  explicit Db(const std::filesystem::path& file) {
    EXPECT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  }
  ~Db() { sqlite3_close_v2(db); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  // Every row of `sql` as text, blobs in hex: a byte-exact picture of what a query returns.
  std::vector<std::string> rows(const std::string& sql) const {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sql;
    std::vector<std::string> out;
    while (s != nullptr && sqlite3_step(s) == SQLITE_ROW) {
      std::string row;
      for (int c = 0; c < sqlite3_column_count(s); ++c) {
        const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(s, c));
        const int n = sqlite3_column_bytes(s, c);
        row += std::to_string(sqlite3_column_type(s, c)) + ":";
        if (sqlite3_column_type(s, c) == SQLITE_FLOAT) {  // every bit, not SQLite's 15 digits
          row += fmt::format("{}|", sqlite3_column_double(s, c));
          continue;
        }
        for (int i = 0; i < n; ++i) row += fmt::format("{:02x}", bytes[i]);
        row += "|";
      }
      out.push_back(row);
    }
    sqlite3_finalize(s);
    return out;
  }
  sqlite3* db = nullptr;
};

geo::Polygon square(double x, double y, double side) {
  return {{{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}, {x, y}}, {}};
}

// A store-like file that already knows the CRS, as every huxiao store does.
void make_store(const std::filesystem::path& file) {
  GeoPackage g = GeoPackage::create(file);
  model::Table anchor{"schools", model::GeometryKind::kPoint, {{"id", ColumnType::kText}}, {}};
  anchor.rows.push_back({{std::string("s1")}, geo::Geometry{geo::Point{500000, 3400000}}});
  g.write_table(anchor, kUtm48);
  g.close();
}

std::vector<model::Table> sample_tables() {
  model::Table points{"findings",
                      model::GeometryKind::kPoint,
                      {{"school_name", ColumnType::kText},
                       {"distance_m", ColumnType::kReal},
                       {"count", ColumnType::kInteger}},
                      {}};
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> ux(400000, 600000), uy(3300000, 3500000);
  for (int i = 0; i < 5000; ++i) {
    model::Row& r = points.rows.emplace_back();
    r.values = {std::string(i % 3 ? "成都市第七中学" : "school \"A\", 'quoted'"), i * 0.25,
                std::int64_t{i}};
    const geo::Point p{ux(rng), uy(rng)};
    if (i % 97 == 0) r.values[1] = model::Value{};  // nulls
    if (i % 101 != 0) r.geometry = p;               // else no geometry
  }
  model::Table zones{
      "zones", model::GeometryKind::kMultiPolygon, {{"area_m2", ColumnType::kReal}}, {}};
  geo::Polygon holed = square(500000, 3400000, 400);
  holed.holes.push_back(square(500100, 3400100, 100).outer);
  zones.rows.push_back(
      {{1.0}, geo::Geometry{geo::MultiPolygon{holed, square(501000, 3400000, 50)}}});
  zones.rows.push_back({{2.0}, geo::Geometry{square(502000, 3401000, 10)}});
  zones.rows.push_back({{3.0}, geo::Geometry{geo::MultiPolygon{}}});  // empty
  model::Table lines{"lines", model::GeometryKind::kLineString, {{"name", ColumnType::kText}}, {}};
  lines.rows.push_back({{std::string("人民南路")},
                        geo::Geometry{geo::LineString{{500000, 3400000}, {500500, 3400800}}}});
  model::Table attributes{"notes", model::GeometryKind::kNone, {{"key", ColumnType::kText}}, {}};
  attributes.rows.push_back({{std::string("备注")}, std::nullopt});
  return {points, zones, lines, attributes};
}

void write_bulk(const std::filesystem::path& file, const std::vector<model::Table>& tables) {
  GpkgBulkWriter w(file);
  const auto srs = w.srs_id_for_epsg(32648);
  ASSERT_TRUE(srs.has_value());
  for (const auto& t : tables) w.write_table(t, *srs);
  w.commit();
}

TEST(GpkgBulkWriter, SameRowsAndBlobsAsGdalsDriver) {
  ScratchDir dir;
  const auto tables = sample_tables();
  make_store(dir / "gdal.gpkg");
  make_store(dir / "bulk.gpkg");
  {
    GeoPackage g = GeoPackage::open(dir / "gdal.gpkg", true);
    for (const auto& t : tables) g.write_table(t, kUtm48);
    g.close();
  }
  write_bulk(dir / "bulk.gpkg", tables);
  const Db gdal(dir / "gdal.gpkg"), bulk(dir / "bulk.gpkg");
  for (const auto& t : tables) {
    const std::string all = fmt::format("SELECT * FROM \"{}\" ORDER BY fid", t.name);
    EXPECT_EQ(gdal.rows(all), bulk.rows(all)) << t.name;
    const std::string meta = fmt::format(
        "SELECT data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id FROM "
        "gpkg_contents WHERE table_name = '{0}' UNION ALL SELECT geometry_type_name || srs_id || "
        "z || m, column_name, 0, 0, 0, 0, 0, 0 FROM gpkg_geometry_columns WHERE table_name = '{0}' "
        "UNION ALL SELECT extension_name, definition, scope, 0, 0, 0, 0, 0 FROM gpkg_extensions "
        "WHERE table_name = '{0}' UNION ALL SELECT feature_count, 0, 0, 0, 0, 0, 0, 0 FROM "
        "gpkg_ogr_contents WHERE table_name = '{0}' UNION ALL SELECT type || name, sql, 0, 0, 0, "
        "0, 0, 0 FROM sqlite_master WHERE tbl_name = '{0}' OR tbl_name LIKE 'rtree_{0}_geom%' "
        "ORDER BY 1, 2",
        t.name);
    EXPECT_EQ(gdal.rows(meta), bulk.rows(meta)) << t.name;
  }
}

TEST(GpkgBulkWriter, GdalReadsBackWhatWasWritten) {
  ScratchDir dir;
  const auto tables = sample_tables();
  make_store(dir / "s.gpkg");
  write_bulk(dir / "s.gpkg", tables);
  const GeoPackage g = GeoPackage::open(dir / "s.gpkg", false);
  EXPECT_EQ(g.crs_of("findings")->definition, "EPSG:32648");
  for (const auto& t : tables) {
    ASSERT_EQ(g.feature_count(t.name), static_cast<std::int64_t>(t.rows.size())) << t.name;
    const model::Table back = g.read_table(t.name);
    ASSERT_EQ(back.rows.size(), t.rows.size());
    geo::Box extent;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
      EXPECT_EQ(back.rows[i].values, t.rows[i].values) << t.name << " row " << i;
      if (t.geometry_kind == model::GeometryKind::kNone) continue;
      const auto& want = t.rows[i].geometry;
      if (want && !geo::bounds(*want).empty()) {
        extent.expand(geo::bounds(*want));
        ASSERT_TRUE(back.rows[i].geometry.has_value()) << t.name << " row " << i;
        EXPECT_EQ(geo::bounds(*back.rows[i].geometry).min_x, geo::bounds(*want).min_x);
        if (const auto* p = std::get_if<geo::Point>(&*want)) {
          EXPECT_EQ(std::get<geo::Point>(*back.rows[i].geometry), *p);
        }
      } else {
        EXPECT_FALSE(back.rows[i].geometry.has_value()) << t.name << " row " << i;
      }
    }
    if (t.geometry_kind == model::GeometryKind::kNone) continue;
    const geo::Box e = g.extent_of(t.name);
    // GDAL may answer from the R-tree, whose boxes are floats rounded outwards.
    EXPECT_NEAR(e.min_x, extent.min_x, 0.1);
    EXPECT_NEAR(e.max_y, extent.max_y, 0.1);
  }
  const model::Table zones = g.read_table("zones");
  const auto& holed = std::get<geo::MultiPolygon>(*zones.rows[0].geometry);
  EXPECT_EQ(holed, std::get<geo::MultiPolygon>(*tables[1].rows[0].geometry));
}

TEST(GpkgBulkWriter, PackedSpatialIndexIsValidAndFindsTheRightFeatures) {
  ScratchDir dir;
  const auto tables = sample_tables();
  make_store(dir / "s.gpkg");
  write_bulk(dir / "s.gpkg", tables);
  const Db db(dir / "s.gpkg");
  for (const char* r : {"rtree_findings_geom", "rtree_zones_geom", "rtree_lines_geom"})
    EXPECT_EQ(db.rows(fmt::format("SELECT rtreecheck('{}') = 'ok'", r)),
              std::vector<std::string>{"1:31|"})
        << r;
  // 5000 points need a three-level tree; a window query must give exactly the points inside.
  const geo::Box window{450000, 3350000, 520000, 3420000};
  const auto& rows = tables[0].rows;
  std::vector<std::int64_t> want_ids, got_ids;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (rows[i].geometry && window.contains(std::get<geo::Point>(*rows[i].geometry)))
      want_ids.push_back(static_cast<std::int64_t>(i + 1));
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db.db,
                     "SELECT id FROM rtree_findings_geom WHERE maxx >= 450000 AND minx <= 520000 "
                     "AND maxy >= 3350000 AND miny <= 3420000 ORDER BY id",
                     -1, &s, nullptr);
  while (sqlite3_step(s) == SQLITE_ROW) got_ids.push_back(sqlite3_column_int64(s, 0));
  sqlite3_finalize(s);
  EXPECT_GT(want_ids.size(), 100u);
  EXPECT_EQ(got_ids, want_ids);
  EXPECT_EQ(db.rows("SELECT count(*) FROM rtree_findings_geom"),
            db.rows("SELECT count(*) FROM findings WHERE geom IS NOT NULL"));
  // GDAL's own spatial filter goes through the same index.
  const GeoPackage g = GeoPackage::open(dir / "s.gpkg", false);
  EXPECT_EQ(g.read_table("findings", window).rows.size(), want_ids.size());
}

TEST(GpkgBulkWriter, ReplacesALayerAndGdalCanStillWriteTheFile) {
  ScratchDir dir;
  auto tables = sample_tables();
  make_store(dir / "s.gpkg");
  write_bulk(dir / "s.gpkg", tables);
  tables[0].rows.resize(10);
  write_bulk(dir / "s.gpkg", {tables[0]});
  {
    GeoPackage g = GeoPackage::open(dir / "s.gpkg", true);
    EXPECT_EQ(g.feature_count("findings"), 10);
    // The triggers GDAL relies on are in place: its own insert grows count and index.
    model::Table more = tables[2];
    more.name = "findings_more";
    g.write_table(more, kUtm48);
    g.close();
  }
  const Db db(dir / "s.gpkg");
  EXPECT_EQ(db.rows("SELECT count(*) FROM rtree_findings_geom"),
            db.rows("SELECT count(*) FROM findings WHERE geom IS NOT NULL"));
  EXPECT_EQ(db.rows("SELECT rtreecheck('rtree_findings_geom') = 'ok'"),
            std::vector<std::string>{"1:31|"});
}

TEST(GpkgBulkWriter, NothingIsWrittenWithoutCommit) {
  ScratchDir dir;
  make_store(dir / "s.gpkg");
  {
    GpkgBulkWriter w(dir / "s.gpkg");
    w.write_table(sample_tables()[1], *w.srs_id_for_epsg(32648));
  }  // destroyed as if an error had been thrown
  const GeoPackage g = GeoPackage::open(dir / "s.gpkg", false);
  EXPECT_FALSE(g.has_layer("zones"));
  EXPECT_TRUE(g.has_layer("schools"));
}

}  // namespace
}  // namespace huxiao::io
