#include "viewer/core/viewport.hpp"

#include <algorithm>
#include <cmath>

namespace huxiao::viewer {

geo::Point Viewport::to_screen(const geo::Point& world) const {
  return {(world.x - center.x) / metres_per_pixel + width / 2.0,
          height / 2.0 - (world.y - center.y) / metres_per_pixel};
}

geo::Point Viewport::to_world(const geo::Point& screen) const {
  return {center.x + (screen.x - width / 2.0) * metres_per_pixel,
          center.y - (screen.y - height / 2.0) * metres_per_pixel};
}

geo::Box Viewport::visible() const {
  geo::Box b;
  b.expand(to_world({0.0, 0.0}));
  b.expand(to_world({width, height}));
  return b;
}

void Viewport::fit(const geo::Box& box, double margin) {
  if (box.empty()) return;
  center = box.center();
  const double w = std::max(box.max_x - box.min_x, 1.0);
  const double h = std::max(box.max_y - box.min_y, 1.0);
  const double usable = std::max(1.0 - 2.0 * margin, 0.1);
  metres_per_pixel = std::max(w / (width * usable), h / (height * usable));
}

void Viewport::zoom_at(const geo::Point& screen, double factor) {
  if (!(factor > 0.0)) return;
  const geo::Point anchor = to_world(screen);
  metres_per_pixel = std::clamp(metres_per_pixel / factor, 0.01, 1e5);
  const geo::Point moved = to_world(screen);
  center.x += anchor.x - moved.x;
  center.y += anchor.y - moved.y;
}

void Viewport::pan_pixels(double dx, double dy) {
  center.x -= dx * metres_per_pixel;
  center.y += dy * metres_per_pixel;
}

ScaleBar scale_bar(double metres_per_pixel, double max_pixels) {
  const double max_metres = metres_per_pixel * max_pixels;
  double best = 0.0;
  for (double decade = std::pow(10.0, std::floor(std::log10(max_metres))) / 10.0;
       decade <= max_metres; decade *= 10.0)
    for (double step : {1.0, 2.0, 5.0})
      if (step * decade <= max_metres) best = std::max(best, step * decade);
  ScaleBar bar;
  bar.metres = best;
  bar.pixels = best / metres_per_pixel;
  if (best >= 1000.0) {
    const double km = best / 1000.0;
    bar.label = (km == std::floor(km) ? std::to_string(static_cast<long long>(km))
                                      : std::to_string(km).substr(0, 3)) +
                " km";
  } else {
    bar.label = (best >= 1.0 ? std::to_string(static_cast<long long>(best))
                             : std::to_string(best).substr(0, 4)) +
                " m";
  }
  return bar;
}

}  // namespace huxiao::viewer
