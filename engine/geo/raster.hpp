#pragma once
// A single-band raster grid in the project CRS: the engine's own type for heatmaps and distance
// surfaces. io/ writes it as a Cloud-Optimized GeoTIFF; nothing here knows about GDAL.

#include <cmath>
#include <cstddef>
#include <vector>

#include "geo/geometry.hpp"

namespace huxiao::geo {

struct Raster {
  double min_x = 0.0;  // west edge
  double max_y = 0.0;  // north edge (row 0 is the northernmost)
  double cell = 10.0;  // square cells, metres
  int width = 0;
  int height = 0;
  float nodata = -9999.0f;
  std::vector<float> values;  // row-major, width × height

  static Raster covering(const Box& box, double cell_size, float fill = 0.0f) {
    Raster r;
    r.cell = cell_size;
    r.min_x = std::floor(box.min_x / cell_size) * cell_size;
    r.max_y = std::ceil(box.max_y / cell_size) * cell_size;
    r.width = std::max(1, static_cast<int>(std::ceil((box.max_x - r.min_x) / cell_size)));
    r.height = std::max(1, static_cast<int>(std::ceil((r.max_y - box.min_y) / cell_size)));
    r.values.assign(static_cast<std::size_t>(r.width) * static_cast<std::size_t>(r.height), fill);
    return r;
  }
  float& at(int col, int row) {
    return values[static_cast<std::size_t>(row) * static_cast<std::size_t>(width) +
                  static_cast<std::size_t>(col)];
  }
  float at(int col, int row) const {
    return values[static_cast<std::size_t>(row) * static_cast<std::size_t>(width) +
                  static_cast<std::size_t>(col)];
  }
  Point center(int col, int row) const {
    return {min_x + (col + 0.5) * cell, max_y - (row + 0.5) * cell};
  }
  Box box() const { return {min_x, max_y - height * cell, min_x + width * cell, max_y}; }
};

}  // namespace huxiao::geo
