#pragma once
// Colour maps for raster overlays and legends, and the conversion of a raster grid into the
// RGBA texels the GPU draws (nodata becomes transparent).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/raster_reader.hpp"

namespace huxiao::viewer {

struct Rgba {
  std::uint8_t r = 0, g = 0, b = 0, a = 255;
  friend bool operator==(const Rgba&, const Rgba&) = default;
};

enum class Colormap { kRisk, kViridis, kInferno, kBlues, kGray };
std::string_view to_string(Colormap map);
std::optional<Colormap> parse_colormap(std::string_view text);
const std::vector<Colormap>& all_colormaps();

// t in [0, 1] (clamped).
Rgba sample(Colormap map, double t);

struct ColorScale {
  Colormap map = Colormap::kRisk;
  double min = 0.0;
  double max = 1.0;
};

// One RGBA texel per cell, rows north to south (the order the grid holds them).
std::vector<Rgba> colorize(const io::RasterGrid& grid, const ColorScale& scale);

}  // namespace huxiao::viewer
