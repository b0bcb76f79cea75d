// Times risk::distance_transform (exact Euclidean distance to water) on a synthetic 50 km × 50 km
// county at 10 m cells (25 M cells) and writes the water mask as a GeoTIFF so the same grid can
// be timed with gdal_proximity.py (scripts/bench/risk_distance_vs_gdal_proximity.sh).
//   usage: bench_distance_to_water MASK.tif [SIZE_KM] [CELL_M]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "geo/crs.hpp"
#include "io/raster_writer.hpp"
#include "risk/drowning.hpp"

int main(int argc, char** argv) {
  using namespace huxiao;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s MASK.tif [SIZE_KM] [CELL_M]\n", argv[0]);
    return 2;
  }
  const double size_m = (argc > 2 ? std::atof(argv[2]) : 50.0) * 1000.0;
  const double cell = argc > 3 ? std::atof(argv[3]) : 10.0;
  geo::Raster grid =
      geo::Raster::covering({500000, 2400000, 500000 + size_m, 2400000 + size_m}, cell);
  // Water: a meandering river, canals and a few hundred ponds, burned directly into the mask.
  std::vector<std::uint8_t> water(grid.values.size(), 0);
  const auto mark = [&](int c, int r) {
    if (c >= 0 && r >= 0 && c < grid.width && r < grid.height)
      water[static_cast<std::size_t>(r) * grid.width + c] = 1;
  };
  for (int r = 0; r < grid.height; ++r) {
    const int c = static_cast<int>(grid.width * (0.5 + 0.2 * std::sin(r * 0.002)));
    for (int k = -3; k <= 3; ++k) mark(c + k, r);
  }
  for (int c = 0; c < grid.width; ++c) mark(c, grid.height / 3), mark(c, 2 * grid.height / 3);
  std::uint64_t state = 12345;
  for (int p = 0; p < 400; ++p) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const int cx = static_cast<int>((state >> 33) % static_cast<std::uint64_t>(grid.width));
    const int cy = static_cast<int>((state >> 13) % static_cast<std::uint64_t>(grid.height));
    for (int dy = -4; dy <= 4; ++dy)
      for (int dx = -4; dx <= 4; ++dx)
        if (dx * dx + dy * dy <= 16) mark(cx + dx, cy + dy);
  }
  const auto t0 = std::chrono::steady_clock::now();
  const geo::Raster d = risk::distance_transform(grid, water);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  geo::Raster mask = grid;
  for (std::size_t i = 0; i < mask.values.size(); ++i)
    mask.values[i] = static_cast<float>(water[i]);
  io::write_cog(argv[1], mask, geo::Crs::parse("EPSG:32647"));
  std::printf("%d x %d cells (%.1f M), exact distance transform: %.3f s (max %.0f m)\n", grid.width,
              grid.height, static_cast<double>(grid.values.size()) / 1e6, seconds,
              *std::max_element(d.values.begin(), d.values.end()));
  return 0;
}
