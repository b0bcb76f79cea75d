#include "io/chart_writer.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>
#include <stb/stb_easy_font.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "io/gdal_handles.hpp"

namespace huxiao::io {
namespace fs = std::filesystem;

namespace {

using Rgb = std::array<std::uint8_t, 3>;

// Colour-blind-safe (Okabe–Ito) line colours.
constexpr std::array<Rgb, 6> kLineColours{
    {{0, 114, 178}, {213, 94, 0}, {0, 158, 115}, {204, 121, 167}, {230, 159, 0}, {86, 180, 233}}};

class Canvas {
 public:
  Canvas(int w, int h)
      : w_(w), h_(h), rgb_(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3, 255) {}
  int width() const { return w_; }
  int height() const { return h_; }
  const std::vector<std::uint8_t>& pixels() const { return rgb_; }

  void set(int x, int y, Rgb c) {
    if (x < 0 || y < 0 || x >= w_ || y >= h_) return;
    const std::size_t i =
        (static_cast<std::size_t>(y) * static_cast<std::size_t>(w_) + static_cast<std::size_t>(x)) *
        3;
    std::copy(c.begin(), c.end(), rgb_.begin() + static_cast<std::ptrdiff_t>(i));
  }
  void fill(int x0, int y0, int x1, int y1, Rgb c) {
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) set(x, y, c);
  }
  // A line `thick` pixels wide, by stamping squares along it.
  void line(double x0, double y0, double x1, double y1, int thick, Rgb c) {
    const int steps = std::max(1, static_cast<int>(std::ceil(std::hypot(x1 - x0, y1 - y0))));
    for (int k = 0; k <= steps; ++k) {
      const double t = static_cast<double>(k) / steps;
      const int x = static_cast<int>(std::lround(x0 + t * (x1 - x0)));
      const int y = static_cast<int>(std::lround(y0 + t * (y1 - y0)));
      fill(x - thick / 2, y - thick / 2, x - thick / 2 + thick, y - thick / 2 + thick, c);
    }
  }
  // ASCII text (stb_easy_font's vector font scaled up); returns its width in pixels.
  int text(int x, int y, const std::string& s, int scale, Rgb c = {30, 30, 30}) {
    std::vector<char> buffer(s.size() * 300 + 64);
    const int quads = stb_easy_font_print(0, 0, const_cast<char*>(s.c_str()), nullptr,
                                          buffer.data(), static_cast<int>(buffer.size()));
    const float* v = reinterpret_cast<const float*>(buffer.data());
    for (int q = 0; q < quads; ++q) {
      const float* quad = v + q * 16;  // 4 vertices × (x, y, z, colour)
      fill(x + static_cast<int>(quad[0] * static_cast<float>(scale)),
           y + static_cast<int>(quad[1] * static_cast<float>(scale)),
           x + static_cast<int>(quad[8] * static_cast<float>(scale)),
           y + static_cast<int>(quad[9] * static_cast<float>(scale)), c);
    }
    return text_width(s, scale);
  }
  static int text_width(const std::string& s, int scale) {
    return stb_easy_font_width(const_cast<char*>(s.c_str())) * scale;
  }

 private:
  int w_, h_;
  std::vector<std::uint8_t> rgb_;
};

// A "nice" axis maximum and tick step (1, 2 or 5 × 10^k) for data up to `hi`.
std::pair<double, double> nice_axis(double hi) {
  if (!(hi > 0)) return {1.0, 0.2};
  const double raw = hi / 5.0;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double f : {1.0, 2.0, 5.0, 10.0}) {
    step = f * mag;
    if (step >= raw) break;
  }
  return {std::ceil(hi / step - 1e-9) * step, step};
}

std::string tick_label(double v) {
  return fmt::format("{:.10g}", v);
}

void save_png(const Canvas& c, const fs::path& file) {
  ensure_gdal();
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  DatasetPtr ds(mem->Create("", c.width(), c.height(), 3, GDT_Byte, nullptr));
  for (int b = 0; b < 3; ++b) {
    auto* data = const_cast<std::uint8_t*>(c.pixels().data()) + b;
    if (ds->GetRasterBand(b + 1)->RasterIO(GF_Write, 0, 0, c.width(), c.height(), data, c.width(),
                                           c.height(), GDT_Byte, 3,
                                           static_cast<GSpacing>(c.width()) * 3) != CE_None) {
      throw Error(ErrorCode::kWriteFailed, "cannot fill the chart", {.file = file.string()});
    }
  }
  AtomicOutput out(file);
  GdalErrorCapture errors;
  GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
  DatasetPtr written(
      png->CreateCopy(out.temp_path().c_str(), ds.get(), FALSE, nullptr, nullptr, nullptr));
  if (!written || errors.failed()) {
    throw Error(ErrorCode::kWriteFailed,
                fmt::format("cannot write the chart: {}", errors.messages()),
                {.file = file.string(), .fix = "check free disk space and permissions"});
  }
  written.reset();
  std::error_code ec;
  fs::remove(fs::path(out.temp_path().string() + ".aux.xml"), ec);
  out.commit();
}

}  // namespace

void write_line_chart_png(const fs::path& file, const LineChart& chart, int width, int height) {
  Canvas c(width, height);
  const int scale = 2;
  const int left = 110, right = width - 30, top = 80, bottom = height - 80;
  double xmax = 0, ymax = 0;
  for (const auto& s : chart.series) {
    for (double v : s.x) xmax = std::max(xmax, v);
    for (double v : s.y) ymax = std::max(ymax, v);
  }
  const auto [xtop, xstep] = nice_axis(xmax);
  const auto [ytop, ystep] = nice_axis(ymax);
  const auto px = [&](double x) { return left + (right - left) * x / xtop; };
  const auto py = [&](double y) { return bottom - (bottom - top) * y / ytop; };
  const Rgb grid{225, 225, 225}, axis{60, 60, 60};
  for (double y = 0; y <= ytop + 1e-9; y += ystep) {
    const int yy = static_cast<int>(std::lround(py(y)));
    c.line(left, yy, right, yy, 1, grid);
    const std::string l = tick_label(y);
    c.text(left - 10 - Canvas::text_width(l, scale), yy - 6, l, scale);
  }
  for (double x = 0; x <= xtop + 1e-9; x += xstep) {
    const int xx = static_cast<int>(std::lround(px(x)));
    c.line(xx, top, xx, bottom, 1, grid);
    const std::string l = tick_label(x);
    c.text(xx - Canvas::text_width(l, scale) / 2, bottom + 10, l, scale);
  }
  c.line(left, bottom, right, bottom, 2, axis);
  c.line(left, top, left, bottom, 2, axis);
  for (std::size_t k = 0; k < chart.series.size(); ++k) {
    const auto& s = chart.series[k];
    const Rgb col = kLineColours[k % kLineColours.size()];
    for (std::size_t i = 0; i + 1 < std::min(s.x.size(), s.y.size()); ++i)
      c.line(px(s.x[i]), py(s.y[i]), px(s.x[i + 1]), py(s.y[i + 1]), 3, col);
    for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
      const int x = static_cast<int>(std::lround(px(s.x[i]))),
                y = static_cast<int>(std::lround(py(s.y[i])));
      c.fill(x - 4, y - 4, x + 5, y + 5, col);
    }
    // Legend, top left inside the plot (coverage curves rise to the right, leaving it empty).
    const int ly = top + 14 + 24 * static_cast<int>(k);
    const int lx = left + 20;
    c.fill(lx, ly + 4, lx + 30, ly + 8, col);
    c.text(lx + 40, ly, s.label, scale);
  }
  c.text((width - Canvas::text_width(chart.title, scale + 1)) / 2, 12, chart.title, scale + 1);
  c.text((left + right - Canvas::text_width(chart.x_label, scale)) / 2, height - 36, chart.x_label,
         scale);
  c.text(left - 40, top - 30, chart.y_label, scale);
  save_png(c, file);
}

}  // namespace huxiao::io
