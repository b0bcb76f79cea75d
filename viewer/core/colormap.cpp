#include "viewer/core/colormap.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace huxiao::viewer {

namespace {

using Stop = std::array<double, 3>;

// Control points sampled from the published maps (matplotlib viridis/inferno, ColorBrewer),
// linearly interpolated: close enough for a legend, and no table to ship.
const std::vector<Stop>& stops(Colormap map) {
  static const std::vector<Stop> risk{{26, 152, 80},  {145, 207, 96}, {254, 224, 139},
                                      {252, 141, 89}, {215, 48, 39},  {165, 0, 38}};
  static const std::vector<Stop> viridis{
      {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
  static const std::vector<Stop> inferno{
      {0, 0, 4}, {87, 16, 110}, {188, 55, 84}, {249, 142, 9}, {252, 255, 164}};
  static const std::vector<Stop> blues{
      {239, 243, 255}, {189, 215, 231}, {107, 174, 214}, {49, 130, 189}, {8, 81, 156}};
  static const std::vector<Stop> gray{{0, 0, 0}, {255, 255, 255}};
  switch (map) {
    case Colormap::kRisk:
      return risk;
    case Colormap::kViridis:
      return viridis;
    case Colormap::kInferno:
      return inferno;
    case Colormap::kBlues:
      return blues;
    case Colormap::kGray:
      return gray;
  }
  return gray;
}

std::uint8_t channel(double v) {
  return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
}

}  // namespace

std::string_view to_string(Colormap map) {
  switch (map) {
    case Colormap::kRisk:
      return "risk";
    case Colormap::kViridis:
      return "viridis";
    case Colormap::kInferno:
      return "inferno";
    case Colormap::kBlues:
      return "blues";
    case Colormap::kGray:
      return "gray";
  }
  return "gray";
}

const std::vector<Colormap>& all_colormaps() {
  static const std::vector<Colormap> all{Colormap::kRisk, Colormap::kViridis, Colormap::kInferno,
                                         Colormap::kBlues, Colormap::kGray};
  return all;
}

std::optional<Colormap> parse_colormap(std::string_view text) {
  for (Colormap m : all_colormaps())
    if (to_string(m) == text) return m;
  return std::nullopt;
}

Rgba sample(Colormap map, double t) {
  const auto& s = stops(map);
  t = std::isfinite(t) ? std::clamp(t, 0.0, 1.0) : 0.0;
  const double pos = t * static_cast<double>(s.size() - 1);
  const std::size_t i = std::min(static_cast<std::size_t>(pos), s.size() - 2);
  const double f = pos - static_cast<double>(i);
  Rgba c;
  c.r = channel(s[i][0] + (s[i + 1][0] - s[i][0]) * f);
  c.g = channel(s[i][1] + (s[i + 1][1] - s[i][1]) * f);
  c.b = channel(s[i][2] + (s[i + 1][2] - s[i][2]) * f);
  return c;
}

std::vector<Rgba> colorize(const io::RasterGrid& grid, const ColorScale& scale) {
  // A 256-entry palette: a 4096 × 4096 grid is 16 M lookups, not 16 M interpolations.
  std::array<Rgba, 256> palette;
  for (std::size_t i = 0; i < palette.size(); ++i)
    palette[i] = sample(scale.map, static_cast<double>(i) / 255.0);
  const double span = scale.max > scale.min ? scale.max - scale.min : 1.0;
  std::vector<Rgba> texels(grid.values.size());
  for (std::size_t i = 0; i < grid.values.size(); ++i) {
    const float v = grid.values[i];
    if (grid.is_nodata(v)) {
      texels[i] = Rgba{0, 0, 0, 0};
      continue;
    }
    const double t = std::clamp((static_cast<double>(v) - scale.min) / span, 0.0, 1.0);
    texels[i] = palette[static_cast<std::size_t>(std::lround(t * 255.0))];
  }
  return texels;
}

}  // namespace huxiao::viewer
