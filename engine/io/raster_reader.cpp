#include "io/raster_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "io/gdal_handles.hpp"

namespace huxiao::io {

geo::Box RasterGrid::bounds() const {
  geo::Box b;
  b.expand(geo::Point{origin_x, origin_y});
  b.expand(geo::Point{origin_x + pixel_size_x * static_cast<double>(width),
                      origin_y - pixel_size_y * static_cast<double>(height)});
  return b;
}

bool RasterGrid::is_nodata(float v) const {
  return std::isnan(v) || (nodata && v == *nodata);
}

std::optional<std::pair<std::size_t, std::size_t>> RasterGrid::cell_of(const geo::Point& p) const {
  const double col = std::floor((p.x - origin_x) / pixel_size_x);
  const double row = std::floor((origin_y - p.y) / pixel_size_y);
  if (col < 0 || row < 0 || col >= static_cast<double>(width) || row >= static_cast<double>(height))
    return std::nullopt;
  return std::pair{static_cast<std::size_t>(col), static_cast<std::size_t>(row)};
}

std::pair<float, float> RasterGrid::value_range() const {
  float lo = std::numeric_limits<float>::infinity();
  float hi = -std::numeric_limits<float>::infinity();
  for (float v : values) {
    if (is_nodata(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (lo > hi) return {0.0f, 0.0f};
  return {lo, hi};
}

RasterGrid read_raster(const std::filesystem::path& path, int band) {
  ensure_gdal();
  if (!std::filesystem::exists(path))
    throw Error(
        ErrorCode::kFileNotFound, "raster file not found",
        {.file = path.string(), .fix = "check the path (GeoTIFF or any raster GDAL reads)"});
  GdalErrorCapture capture;
  DatasetPtr ds(static_cast<GDALDataset*>(
      GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
  if (!ds)
    throw Error(ErrorCode::kUnreadable, "not a raster GDAL can read: " + capture.messages(),
                {.file = path.string(), .fix = "give a GeoTIFF (or another GDAL raster format)"});
  if (band < 1 || band > ds->GetRasterCount())
    throw Error(ErrorCode::kUnreadable,
                "band " + std::to_string(band) + " does not exist (the file has " +
                    std::to_string(ds->GetRasterCount()) + ")",
                {.file = path.string(), .fix = "pick a band between 1 and the band count"});
  double gt[6] = {0, 1, 0, 0, 0, -1};
  const bool has_transform = ds->GetGeoTransform(gt) == CE_None;
  if (has_transform && (gt[2] != 0.0 || gt[4] != 0.0 || gt[1] <= 0.0 || gt[5] >= 0.0))
    throw Error(ErrorCode::kBadValue, "the raster is rotated or not north-up",
                {.file = path.string(),
                 .fix = "warp it to a north-up grid first: gdalwarp -t_srs <project CRS> in out"});
  RasterGrid grid;
  grid.name = path.stem().string();
  grid.width = static_cast<std::size_t>(ds->GetRasterXSize());
  grid.height = static_cast<std::size_t>(ds->GetRasterYSize());
  grid.origin_x = gt[0];
  grid.origin_y = gt[3];
  grid.pixel_size_x = gt[1];
  grid.pixel_size_y = -gt[5];
  if (const OGRSpatialReference* srs = ds->GetSpatialRef()) {
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT2", nullptr};
    if (srs->exportToWkt(&wkt, options) == OGRERR_NONE && wkt) grid.crs.definition = wkt;
    CPLFree(wkt);
  }
  GDALRasterBand* b = ds->GetRasterBand(band);
  int has_nodata = 0;
  const double nodata = b->GetNoDataValue(&has_nodata);
  if (has_nodata) grid.nodata = static_cast<float>(nodata);
  grid.values.resize(grid.width * grid.height);
  if (b->RasterIO(GF_Read, 0, 0, ds->GetRasterXSize(), ds->GetRasterYSize(), grid.values.data(),
                  ds->GetRasterXSize(), ds->GetRasterYSize(), GDT_Float32, 0, 0) != CE_None)
    throw Error(ErrorCode::kUnreadable, "reading the raster failed: " + capture.messages(),
                {.file = path.string(), .fix = "check the file is complete"});
  return grid;
}

}  // namespace huxiao::io
