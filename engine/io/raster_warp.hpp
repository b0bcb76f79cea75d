#pragma once
// Rasters in the project's CRS: a raster made in another CRS (population grids usually come in
// WGS84 lon/lat) is warped with GDAL into the project CRS before an analysis uses it, and the
// caller is told so; a raster with no CRS at all is an error, since guessing would misplace it.

#include <filesystem>
#include <string>
#include <string_view>

#include "geo/crs.hpp"
#include "io/raster_reader.hpp"

namespace huxiao::io {

struct WarpOptions {
  std::string resampling = "bilinear";  // gdalwarp's -r
  // Rescale the warped values so that their sum equals the source's (counts such as residents
  // per cell: cells change area when they change CRS).
  bool preserve_sum = false;
};

// `grid` warped into `target` at the resolution gdalwarp would choose (square cells).
RasterGrid reproject(const RasterGrid& grid, const geo::Crs& target, const WarpOptions& options);

struct ProjectRaster {
  RasterGrid grid;  // in the project CRS
  bool reprojected = false;
  std::string source_crs;  // short label of the file's own CRS ("EPSG:4326")
};

// Reads band `band` of `path` and warps it into `target` when its CRS differs. Throws
// Error(kMissingCrs) naming the file and the fix when the raster has no CRS.
ProjectRaster read_raster_in_crs(const std::filesystem::path& path, const geo::Crs& target,
                                 const WarpOptions& options, int band = 1);

// Writes `grid` (with its CRS, if any) as a plain GeoTIFF, atomically.
void write_raster(const std::filesystem::path& path, const RasterGrid& grid);

}  // namespace huxiao::io
