#pragma once
// Small line charts as PNG (axes, ticks, labels, legend) for reports such as the
// coverage-vs-posts curve: no plotting library, text from stb_easy_font, written through GDAL.

#include <filesystem>
#include <string>
#include <vector>

namespace huxiao::io {

struct ChartSeries {
  std::string label;
  std::vector<double> x, y;  // same length; drawn in order
};

struct LineChart {
  std::string title, x_label, y_label;
  std::vector<ChartSeries> series;
};

// Writes the chart, atomically. Axes start at 0 and end at a rounded maximum of the data.
// Throws Error(kWriteFailed) if the file cannot be written.
void write_line_chart_png(const std::filesystem::path& file, const LineChart& chart,
                          int width = 900, int height = 600);

}  // namespace huxiao::io
