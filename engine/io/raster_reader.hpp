#pragma once
// Single-band rasters (GeoTIFF, COG, anything GDAL reads) as plain grids for display and
// analysis. The viewer reads drowning-risk, distance and density rasters through here; writers
// live beside it (raster_writer) when a module needs one.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "geo/crs.hpp"
#include "geo/geometry.hpp"

namespace huxiao::io {

// A north-up grid: row 0 is the northern edge, values row-major.
struct RasterGrid {
  std::string name;
  std::size_t width = 0;
  std::size_t height = 0;
  double origin_x = 0.0;      // west edge
  double origin_y = 0.0;      // north edge
  double pixel_size_x = 1.0;  // metres (CRS units) per column, > 0
  double pixel_size_y = 1.0;  // metres per row southwards, > 0
  std::vector<float> values;
  std::optional<float> nodata;
  geo::Crs crs;  // empty when the file has none

  geo::Box bounds() const;
  bool is_nodata(float v) const;
  float at(std::size_t col, std::size_t row) const { return values[row * width + col]; }
  // The cell holding a point, or nullopt outside the grid.
  std::optional<std::pair<std::size_t, std::size_t>> cell_of(const geo::Point& p) const;
  // Smallest and largest valid value; {0, 0} when every cell is nodata.
  std::pair<float, float> value_range() const;
};

// Reads band `band` (1-based). Throws kFileNotFound, kUnreadable (not a raster, band missing)
// and kBadValue for rotated grids, which the viewer cannot drape without warping.
RasterGrid read_raster(const std::filesystem::path& path, int band = 1);

}  // namespace huxiao::io
