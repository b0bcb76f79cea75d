#pragma once
// Rasters out and in through GDAL: Cloud-Optimized GeoTIFF (QGIS opens it, web maps stream it),
// PNG previews with a colour bar, and burning vector features into a grid.

#include <filesystem>
#include <string>
#include <vector>

#include "geo/crs.hpp"
#include "geo/raster.hpp"

namespace huxiao::io {

// Writes a COG (DEFLATE, float32, nodata set), atomically.
void write_cog(const std::filesystem::path& file, const geo::Raster& raster, const geo::Crs& crs);

// A PNG preview: values through a colour map (low → high: transparent-ish blue → yellow → red),
// a colour bar with the value range and a title. Atomic.
void write_png_preview(const std::filesystem::path& file, const geo::Raster& raster,
                       const std::string& title, bool log_scale = false);

// Cells whose centre lies in one of the polygons, or which a line passes through, become 1
// (GDAL's rasterizer, ALL_TOUCHED for lines so thin ditches are not lost).
std::vector<std::uint8_t> burn(const geo::Raster& grid, const std::vector<geo::MultiPolygon>& areas,
                               const std::vector<geo::LineString>& lines);

}  // namespace huxiao::io
