#pragma once
// Writing analysis grids as rasters QGIS opens: Cloud-Optimized GeoTIFF for the values and a
// coloured PNG (with a world file) for a quick look. Added for the evacuation density maps; any
// module with a regular grid can use it. Writes are atomic like every other output.

#include <filesystem>
#include <vector>

#include "geo/crs.hpp"

namespace huxiao::io {

struct HeatmapGrid {
  double x0 = 0.0, y0 = 0.0;  // lower-left corner, in the CRS
  double cell = 1.0;
  int nx = 0, ny = 0;
  std::vector<float> values;  // row-major, row 0 at the bottom (south), as the engine's grids
};

// Float32, DEFLATE, one band; `crs` may be empty (then the file has no CRS). Zero is a value,
// not nodata. Throws Error(kWriteFailed) naming the file.
void write_cog(const std::filesystem::path& file, const HeatmapGrid& grid, const geo::Crs& crs);

// A heat map: 0 transparent, then yellow → red → dark red up to `max_value` (values above
// saturate), with a .pgw world file beside it. Throws Error(kWriteFailed).
void write_heatmap_png(const std::filesystem::path& file, const HeatmapGrid& grid,
                       double max_value);

}  // namespace huxiao::io
