#include "io/heatmap_writer.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "io/gdal_handles.hpp"

namespace huxiao::io {

namespace {

DatasetPtr memory_dataset(int nx, int ny, int bands, GDALDataType type) {
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  if (!mem) throw Error(ErrorCode::kInternal, "GDAL has no MEM driver");
  return DatasetPtr(mem->Create("", nx, ny, bands, type, nullptr));
}

void set_georeference(GDALDataset& ds, const HeatmapGrid& g, const geo::Crs& crs) {
  // North-up: the top row starts at y0 + ny·cell.
  std::array<double, 6> gt{g.x0, g.cell, 0.0, g.y0 + g.ny * g.cell, 0.0, -g.cell};
  ds.SetGeoTransform(gt.data());
  if (!crs.empty()) {
    OGRSpatialReference srs;
    if (srs.SetFromUserInput(crs.definition.c_str()) == OGRERR_NONE) ds.SetSpatialRef(&srs);
  }
}

void copy_to(GDALDataset& src, const char* driver_name, const std::filesystem::path& file,
             CSLConstList options) {
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
  if (!driver) throw Error(ErrorCode::kInternal, fmt::format("GDAL has no {} driver", driver_name));
  AtomicOutput out(file);
  GdalErrorCapture errors;
  {
    DatasetPtr copy(driver->CreateCopy(out.temp_path().c_str(), &src, FALSE,
                                       const_cast<char**>(options), nullptr, nullptr));
    if (!copy || errors.failed())
      throw Error(ErrorCode::kWriteFailed,
                  fmt::format("cannot write {}: {}", file.string(), errors.messages()),
                  {.file = file.string(), .fix = "check that the folder exists and is writable"});
  }
  // GDAL may leave an .aux.xml beside the temporary name; nothing of value is in it.
  std::error_code ec;
  std::filesystem::remove(out.temp_path().string() + ".aux.xml", ec);
  out.commit();
}

}  // namespace

void write_cog(const std::filesystem::path& file, const HeatmapGrid& g, const geo::Crs& crs) {
  ensure_gdal();
  if (g.nx <= 0 || g.ny <= 0 ||
      g.values.size() != static_cast<std::size_t>(g.nx) * static_cast<std::size_t>(g.ny))
    throw Error(ErrorCode::kInternal, "raster grid size does not match its values");
  DatasetPtr ds = memory_dataset(g.nx, g.ny, 1, GDT_Float32);
  set_georeference(*ds, g, crs);
  std::vector<float> row(static_cast<std::size_t>(g.nx));
  GDALRasterBand* band = ds->GetRasterBand(1);
  for (int r = 0; r < g.ny; ++r) {
    const auto src = g.values.begin() + static_cast<std::ptrdiff_t>(g.ny - 1 - r) * g.nx;
    std::copy(src, src + g.nx, row.begin());
    if (band->RasterIO(GF_Write, 0, r, g.nx, 1, row.data(), g.nx, 1, GDT_Float32, 0, 0) != CE_None)
      throw Error(ErrorCode::kInternal, "cannot fill the in-memory raster");
  }
  const char* options[] = {"COMPRESS=DEFLATE", "BLOCKSIZE=256", nullptr};
  copy_to(*ds, "COG", file, options);
}

void write_heatmap_png(const std::filesystem::path& file, const HeatmapGrid& g, double max_value) {
  ensure_gdal();
  DatasetPtr ds = memory_dataset(g.nx, g.ny, 4, GDT_Byte);
  const std::size_t n = static_cast<std::size_t>(g.nx);
  std::array<std::vector<std::uint8_t>, 4> rgba;
  for (auto& c : rgba) c.resize(n);
  for (int r = 0; r < g.ny; ++r) {
    for (int x = 0; x < g.nx; ++x) {
      const double v =
          g.values[static_cast<std::size_t>(g.ny - 1 - r) * n + static_cast<std::size_t>(x)];
      const double t = max_value > 0.0 ? std::clamp(v / max_value, 0.0, 1.0) : 0.0;
      // Yellow (255,255,160) → red (230,30,30) → dark red (110,0,0).
      double cr, cg, cb;
      if (t < 0.5) {
        const double u = t / 0.5;
        cr = 255 - 25 * u, cg = 255 - 225 * u, cb = 160 - 130 * u;
      } else {
        const double u = (t - 0.5) / 0.5;
        cr = 230 - 120 * u, cg = 30 - 30 * u, cb = 30 - 30 * u;
      }
      const auto k = static_cast<std::size_t>(x);
      rgba[0][k] = static_cast<std::uint8_t>(cr);
      rgba[1][k] = static_cast<std::uint8_t>(cg);
      rgba[2][k] = static_cast<std::uint8_t>(cb);
      rgba[3][k] = v > 0.0 ? 220 : 0;
    }
    for (int b = 0; b < 4; ++b)
      if (ds->GetRasterBand(b + 1)->RasterIO(GF_Write, 0, r, g.nx, 1,
                                             rgba[static_cast<std::size_t>(b)].data(), g.nx, 1,
                                             GDT_Byte, 0, 0) != CE_None)
        throw Error(ErrorCode::kInternal, "cannot fill the in-memory image");
  }
  std::array<double, 6> gt{g.x0, g.cell, 0.0, g.y0 + g.ny * g.cell, 0.0, -g.cell};
  ds->SetGeoTransform(gt.data());
  const char* options[] = {"WORLDFILE=NO", nullptr};
  copy_to(*ds, "PNG", file, options);
  // World file: pixel size, rotation, rotation, -pixel size, centre of the top-left pixel.
  std::filesystem::path world = file;
  world.replace_extension(".pgw");
  write_text_file_atomic(world, fmt::format("{}\n0\n0\n{}\n{}\n{}\n", g.cell, -g.cell,
                                            g.x0 + 0.5 * g.cell, g.y0 + (g.ny - 0.5) * g.cell));
}

}  // namespace huxiao::io
