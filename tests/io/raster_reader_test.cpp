#include <gdal_priv.h>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "io/gdal_handles.hpp"
#include "io/raster_reader.hpp"
#include "support/test_support.hpp"

namespace huxiao::io {
namespace {

using huxiao::testing::ScratchDir;

// A 4 × 3 GeoTIFF in UTM 48N with value = 10·row + col and one nodata cell.
void write_grid(const std::filesystem::path& path) {
  ensure_gdal();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  DatasetPtr ds(drv->Create(path.c_str(), 4, 3, 1, GDT_Float32, nullptr));
  double gt[6] = {400000, 25, 0, 3400000, 0, -25};
  ds->SetGeoTransform(gt);
  OGRSpatialReference srs;
  srs.importFromEPSG(32648);
  ds->SetSpatialRef(&srs);
  float v[12];
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 4; ++c) v[r * 4 + c] = static_cast<float>(10 * r + c);
  v[5] = -1;
  GDALRasterBand* b = ds->GetRasterBand(1);
  b->SetNoDataValue(-1);
  ASSERT_EQ(b->RasterIO(GF_Write, 0, 0, 4, 3, v, 4, 3, GDT_Float32, 0, 0), CE_None);
}

TEST(RasterReader, ReadsGridGeoreferenceAndNodata) {
  ScratchDir dir;
  write_grid(dir / "risk.tif");
  const RasterGrid g = read_raster(dir / "risk.tif");
  EXPECT_EQ(g.width, 4u);
  EXPECT_EQ(g.height, 3u);
  EXPECT_EQ(g.name, "risk");
  EXPECT_DOUBLE_EQ(g.bounds().min_y, 3400000 - 75);
  EXPECT_EQ(g.crs.epsg(), 32648);
  EXPECT_FLOAT_EQ(g.at(3, 2), 23.0f);
  EXPECT_TRUE(g.is_nodata(g.at(1, 1)));
  const auto cell = g.cell_of({400000 + 60, 3400000 - 30});
  ASSERT_TRUE(cell);
  EXPECT_EQ(cell->first, 2u);
  EXPECT_EQ(cell->second, 1u);
  EXPECT_FALSE(g.cell_of({399999, 3400000 - 1}));
  EXPECT_EQ(g.value_range(), (std::pair{0.0f, 23.0f}));
}

TEST(RasterReader, MissingFileAndWrongBandAreClear) {
  EXPECT_THROW(read_raster("/nonexistent/risk.tif"), Error);
  ScratchDir dir;
  write_grid(dir / "r.tif");
  try {
    read_raster(dir / "r.tif", 2);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("band 2"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace huxiao::io
