#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "io/gdal_handles.hpp"
#include "io/geopackage.hpp"
#include "io/vector_source.hpp"
#include "support/test_support.hpp"

namespace huxiao::io {
namespace {

using huxiao::testing::ScratchDir;
using huxiao::testing::write_file;

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(VectorSource, MissingFileNamesPathAndFix) {
  const std::string m = message_of([] { VectorSource::open("/nonexistent/schools.csv"); });
  EXPECT_NE(m.find("/nonexistent/schools.csv"), std::string::npos) << m;
  EXPECT_NE(m.find("does not exist"), std::string::npos) << m;
  EXPECT_NE(m.find("fix:"), std::string::npos) << m;
}

TEST(VectorSource, UnreadableFileSaysWhichFormatsWork) {
  ScratchDir dir;
  write_file(dir / "broken.geojson", "{\"type\": \"FeatureCollection\", \"features\": [ {oops");
  const std::string m = message_of([&] { VectorSource::open(dir / "broken.geojson"); });
  EXPECT_NE(m.find("broken.geojson"), std::string::npos) << m;
  EXPECT_NE(m.find("GeoPackage, Shapefile, GeoJSON"), std::string::npos) << m;
}

TEST(VectorSource, UnknownLayerListsTheRealOnes) {
  const std::string m = message_of([] {
    VectorSource::open(huxiao::testing::shared_data("osm/chengdu-center.osm"),
                       {.layers = {"schools"}});
  });
  EXPECT_NE(m.find("no layer 'schools'"), std::string::npos) << m;
  EXPECT_NE(m.find("multipolygons"), std::string::npos) << m;
}

TEST(VectorSource, OsmTagsBecomeAttributes) {
  const auto src = VectorSource::open(huxiao::testing::shared_data("osm/chengdu-center.osm"));
  EXPECT_TRUE(src.is_osm());
  std::size_t schools = 0, zh_names = 0;
  src.for_each([&](const RawFeature& f) {
    if (f.get_or("amenity") == "school") ++schools;
    if (f.get("name:zh")) ++zh_names;
  });
  EXPECT_EQ(schools, 55u);  // 27 nodes + 28 ways (osmium)
  EXPECT_GT(zh_names, 0u);
}

TEST(VectorSource, CsvColumnsStayText) {
  ScratchDir dir;
  write_file(dir / "s.csv", "学校名称,经度,纬度\n第一小学,104.0652,30.6598\n");
  const auto src = VectorSource::open(dir / "s.csv");
  EXPECT_TRUE(src.is_attribute_table());
  src.for_each([&](const RawFeature& f) {
    EXPECT_EQ(f.get_or("学校名称"), "第一小学");
    EXPECT_EQ(f.get_or("经度"), "104.0652");
    EXPECT_EQ(f.row, 1);
  });
}

TEST(VectorSource, GbkCsvIsRecoded) {
  ScratchDir dir;
  // "学校名称,经度,纬度\n第一小学,..." in GBK bytes.
  write_file(dir / "gbk.csv", "name,lon,lat\n\xB5\xDA\xD2\xBB\xD0\xA1\xD1\xA7,104.0652,30.6598\n");
  const auto src = VectorSource::open(dir / "gbk.csv");
  std::string name;
  src.for_each([&](const RawFeature& f) { name = f.get_or("name"); });
  EXPECT_EQ(name, "第一小学");
  EXPECT_TRUE(src.recoded_from_gb18030());
}

// A Shapefile written in GBK, as county GIS departments still send them.
void write_gbk_shapefile(const std::filesystem::path& shp, bool keep_cpg) {
  ensure_gdal();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
  DatasetPtr ds(drv->Create(shp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  OGRSpatialReference srs;
  srs.importFromEPSG(4326);
  const char* lco[] = {"ENCODING=GBK", nullptr};
  OGRLayer* layer = ds->CreateLayer("schools", &srs, wkbPoint, const_cast<char**>(lco));
  OGRFieldDefn name("name", OFTString);
  layer->CreateField(&name);
  OGRFieldDefn amenity("amenity", OFTString);
  layer->CreateField(&amenity);
  const char* names[] = {"第一小学", "第二小学", "实验幼儿园", "城关中学", "民族中学", "职业中学"};
  double x = 104.06;
  for (const char* n : names) {
    FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    f->SetField("name", n);
    f->SetField("amenity", "school");
    OGRPoint p(x += 0.003, 30.66);
    f->SetGeometry(&p);
    ASSERT_EQ(layer->CreateFeature(f.get()), OGRERR_NONE);
  }
  ds.reset();
  if (!keep_cpg) std::filesystem::remove(std::filesystem::path(shp).replace_extension(".cpg"));
}

TEST(VectorSource, ShapefileCpgGbkReadsAsUtf8) {
  ScratchDir dir;
  write_gbk_shapefile(dir / "schools.shp", true);
  std::vector<std::string> names;
  VectorSource::open(dir / "schools.shp").for_each([&](const RawFeature& f) {
    names.push_back(f.get_or("name"));
  });
  ASSERT_EQ(names.size(), 6u);
  EXPECT_EQ(names[0], "第一小学");
  // Without the .cpg, the user says --encoding GBK.
  write_gbk_shapefile(dir / "nocpg.shp", false);
  names.clear();
  VectorSource::open(dir / "nocpg.shp", {.encoding = "GBK"}).for_each([&](const RawFeature& f) {
    names.push_back(f.get_or("name"));
  });
  EXPECT_EQ(names[2], "实验幼儿园");
}

TEST(GeoPackage, TablesRoundTripAndCsvHasBom) {
  ScratchDir dir;
  model::Table t{"things",
                 model::GeometryKind::kPoint,
                 {{"name", model::ColumnType::kText},
                  {"n", model::ColumnType::kInteger},
                  {"x", model::ColumnType::kReal}},
                 {}};
  t.rows.push_back(
      {{std::string("锦江"), std::int64_t{3}, 2.5}, geo::Geometry{geo::Point{400000, 3390000}}});
  t.rows.push_back({{model::Value{}, std::int64_t{4}, model::Value{}},
                    geo::Geometry{geo::Point{400100, 3390000}}});
  {
    auto gpkg = GeoPackage::create(dir / "t.gpkg");
    gpkg.write_table(t, geo::Crs::parse("EPSG:32648"));
    gpkg.close();
  }
  const auto gpkg = GeoPackage::open(dir / "t.gpkg", false);
  const auto back = gpkg.read_table("things");
  ASSERT_EQ(back.rows.size(), 2u);
  EXPECT_EQ(std::get<std::string>(back.rows[0].values[0]), "锦江");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(back.rows[1].values[0]));
  EXPECT_EQ(std::get<geo::Point>(*back.rows[1].geometry), (geo::Point{400100, 3390000}));
  EXPECT_EQ(gpkg.crs_of("things")->definition, "EPSG:32648");
  EXPECT_EQ(gpkg.read_table("things", geo::Box{400050, 3389000, 401000, 3391000}).rows.size(), 1u);
  write_csv(dir / "t.csv", t);
  const std::string csv = huxiao::testing::read_file(dir / "t.csv");
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.find("锦江,3,2.5"), std::string::npos);
}

}  // namespace
}  // namespace huxiao::io
