#include "io/raster_writer.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <gdal_alg.h>
#include <stb/stb_easy_font.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "io/gdal_handles.hpp"
#include "io/geometry_convert.hpp"

namespace huxiao::io {
namespace fs = std::filesystem;

namespace {

DatasetPtr memory_dataset(int width, int height, int bands, GDALDataType type) {
  ensure_gdal();
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  return DatasetPtr(mem->Create("", width, height, bands, type, nullptr));
}

void set_georeference(GDALDataset& ds, const geo::Raster& r, const geo::Crs& crs) {
  double gt[6] = {r.min_x, r.cell, 0.0, r.max_y, 0.0, -r.cell};
  ds.SetGeoTransform(gt);
  OGRSpatialReference srs;
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (const auto code = crs.epsg())
    srs.importFromEPSG(*code);
  else
    srs.SetFromUserInput(crs.definition.c_str());
  ds.SetSpatialRef(&srs);
}

void copy_to(GDALDataset& src, const char* driver_name, const fs::path& target,
             const std::vector<const char*>& options) {
  AtomicOutput out(target);
  GdalErrorCapture errors;
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver_name);
  std::vector<const char*> opts = options;
  opts.push_back(nullptr);
  DatasetPtr written(drv->CreateCopy(out.temp_path().c_str(), &src, FALSE,
                                     const_cast<char**>(opts.data()), nullptr, nullptr));
  if (!written || errors.failed()) {
    throw Error(ErrorCode::kWriteFailed,
                fmt::format("cannot write the raster: {}", errors.messages()),
                {.file = target.string(), .fix = "check free disk space and permissions"});
  }
  written.reset();
  // GDAL may leave a sidecar (.aux.xml) next to the temporary name; it belongs to the target.
  std::error_code ec;
  fs::remove(fs::path(out.temp_path().string() + ".aux.xml"), ec);
  out.commit();
}

// Low → high: deep blue, cyan, yellow, red (a perceptually ordered ramp readable on grey maps).
void ramp(double t, std::uint8_t rgb[3]) {
  static const double stops[5][3] = {
      {20, 40, 120}, {30, 150, 200}, {250, 230, 80}, {240, 120, 30}, {200, 20, 20}};
  t = std::clamp(t, 0.0, 1.0) * 4.0;
  const int i = std::min(3, static_cast<int>(t));
  const double f = t - i;
  for (int c = 0; c < 3; ++c)
    rgb[c] = static_cast<std::uint8_t>(stops[i][c] + f * (stops[i + 1][c] - stops[i][c]));
}

// Draws ASCII text with stb_easy_font (a built-in vector font: no font file needed).
void draw_text(std::vector<std::uint8_t>& rgba, int w, int h, int x, int y, const std::string& text,
               int scale) {
  // Up to 16 quads of 64 bytes a glyph; stb_easy_font stops silently when the buffer is full.
  std::vector<char> buffer(text.size() * 16 * 64 + 64);
  const int quads = stb_easy_font_print(0, 0, const_cast<char*>(text.c_str()), nullptr,
                                        buffer.data(), static_cast<int>(buffer.size()));
  const float* v = reinterpret_cast<const float*>(buffer.data());
  for (int q = 0; q < quads; ++q) {
    const float* quad = v + q * 16;  // 4 vertices × (x, y, z, colour)
    const int x0 = x + static_cast<int>(quad[0] * static_cast<float>(scale)),
              y0 = y + static_cast<int>(quad[1] * static_cast<float>(scale));
    const int x1 = x + static_cast<int>(quad[8] * static_cast<float>(scale)),
              y1 = y + static_cast<int>(quad[9] * static_cast<float>(scale));
    for (int yy = std::max(0, y0); yy < std::min(h, y1); ++yy)
      for (int xx = std::max(0, x0); xx < std::min(w, x1); ++xx) {
        std::uint8_t* p = &rgba[(static_cast<std::size_t>(yy) * static_cast<std::size_t>(w) +
                                 static_cast<std::size_t>(xx)) *
                                4];
        p[0] = p[1] = p[2] = 20;
        p[3] = 255;
      }
  }
}

}  // namespace

void write_cog(const fs::path& file, const geo::Raster& r, const geo::Crs& crs) {
  DatasetPtr ds = memory_dataset(r.width, r.height, 1, GDT_Float32);
  set_georeference(*ds, r, crs);
  GDALRasterBand* band = ds->GetRasterBand(1);
  band->SetNoDataValue(r.nodata);
  if (band->RasterIO(GF_Write, 0, 0, r.width, r.height, const_cast<float*>(r.values.data()),
                     r.width, r.height, GDT_Float32, 0, 0) != CE_None) {
    throw Error(ErrorCode::kWriteFailed, "cannot fill the raster", {.file = file.string()});
  }
  copy_to(*ds, "COG", file,
          {"COMPRESS=DEFLATE", "PREDICTOR=YES", "BLOCKSIZE=512", "OVERVIEWS=AUTO"});
}

void write_png_preview(const fs::path& file, const geo::Raster& r, const std::string& title,
                       bool log_scale) {
  const int scale_down = std::max(1, std::max(r.width, r.height) / 1600);
  const int mw = (r.width + scale_down - 1) / scale_down,
            mh = (r.height + scale_down - 1) / scale_down;
  const int text = std::max(2, std::max(mw, mh) / 400);  // legible at the preview's own size
  float lo = std::numeric_limits<float>::max(), hi = std::numeric_limits<float>::lowest();
  for (float v : r.values)
    if (v != r.nodata && std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (lo > hi) lo = hi = 0.0f;
  // A density's floor is a rounding speck such as 6.1e-09: the bar says 0 for it.
  const auto label = [&](float v) {
    return std::abs(v) < 1e-6f * std::max(std::abs(hi), std::abs(lo)) ? std::string("0")
                                                                      : fmt::format("{:.3g}", v);
  };
  const std::string hi_label = label(hi), lo_label = label(lo);
  // The colour bar strip on the right is wide enough for its longest label (6 px a glyph).
  const int kBar =
      std::max(40, 6 * static_cast<int>(std::max(hi_label.size(), lo_label.size())) + 8) * text;
  const int w = mw + kBar, h = std::max(mh, 220);
  const auto norm = [&](double v) {
    if (hi <= lo) return 0.0;
    if (log_scale)
      return std::log1p(std::max(0.0, v - lo)) / std::log1p(static_cast<double>(hi - lo));
    return (v - lo) / (hi - lo);
  };
  std::vector<std::uint8_t> rgba(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4,
                                 255);
  for (int y = 0; y < mh; ++y)
    for (int x = 0; x < mw; ++x) {
      const float v =
          r.at(std::min(r.width - 1, x * scale_down), std::min(r.height - 1, y * scale_down));
      std::uint8_t* p = &rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(w) +
                               static_cast<std::size_t>(x)) *
                              4];
      if (v == r.nodata || !std::isfinite(v) || (v <= lo && !log_scale && lo == 0.0f)) {
        p[0] = p[1] = p[2] = 235;  // empty: light grey, so the data stands out
        continue;
      }
      ramp(norm(v), p);
    }
  // The colour bar, with its range and the title.
  const int top = 12 * text, bottom = h - 12 * text;
  for (int y = top; y < bottom; ++y) {
    const double t = 1.0 - static_cast<double>(y - top) / std::max(1, bottom - top - 1);
    for (int x = mw + 6 * text; x < mw + 16 * text; ++x)
      ramp(t, &rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(w) +
                     static_cast<std::size_t>(x)) *
                    4]);
  }
  draw_text(rgba, w, h, mw + 4, 8, hi_label, text);
  draw_text(rgba, w, h, mw + 4, h - 10 * text, lo_label, text);
  draw_text(rgba, w, h, 6, 6, title, text + 1);
  DatasetPtr ds = memory_dataset(w, h, 4, GDT_Byte);
  for (int b = 0; b < 4; ++b) {
    if (ds->GetRasterBand(b + 1)->RasterIO(GF_Write, 0, 0, w, h, rgba.data() + b, w, h, GDT_Byte, 4,
                                           static_cast<GSpacing>(w) * 4) != CE_None) {
      throw Error(ErrorCode::kWriteFailed, "cannot fill the preview", {.file = file.string()});
    }
  }
  copy_to(*ds, "PNG", file, {});
}

std::vector<std::uint8_t> burn(const geo::Raster& grid, const std::vector<geo::MultiPolygon>& areas,
                               const std::vector<geo::LineString>& lines) {
  DatasetPtr ds = memory_dataset(grid.width, grid.height, 1, GDT_Byte);
  double gt[6] = {grid.min_x, grid.cell, 0.0, grid.max_y, 0.0, -grid.cell};
  ds->SetGeoTransform(gt);
  int band = 1;
  const auto rasterize = [&](const std::vector<GeometryPtr>& geoms, bool all_touched) {
    if (geoms.empty()) return;
    std::vector<OGRGeometryH> handles;
    for (const auto& g : geoms) handles.push_back(OGRGeometry::ToHandle(g.get()));
    std::vector<double> burn_values(handles.size(), 1.0);
    const char* opts[] = {all_touched ? "ALL_TOUCHED=TRUE" : "ALL_TOUCHED=FALSE", nullptr};
    if (GDALRasterizeGeometries(GDALDataset::ToHandle(ds.get()), 1, &band,
                                static_cast<int>(handles.size()), handles.data(), nullptr, nullptr,
                                burn_values.data(), const_cast<char**>(opts), nullptr,
                                nullptr) != CE_None) {
      throw Error(ErrorCode::kInternal, "GDAL could not rasterize the water features");
    }
  };
  std::vector<GeometryPtr> polys, ls;
  for (const auto& a : areas) polys.push_back(to_ogr_geometry(a));
  for (const auto& l : lines) ls.push_back(to_ogr_geometry(l));
  rasterize(polys, false);
  rasterize(ls, true);
  std::vector<std::uint8_t> out(static_cast<std::size_t>(grid.width) *
                                static_cast<std::size_t>(grid.height));
  if (ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, grid.width, grid.height, out.data(), grid.width,
                                     grid.height, GDT_Byte, 0, 0) != CE_None) {
    throw Error(ErrorCode::kInternal, "cannot read the rasterized water");
  }
  return out;
}

}  // namespace huxiao::io
