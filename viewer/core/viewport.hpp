#pragma once
// The map view: which part of the project (metres, project CRS) the canvas shows. Screen
// coordinates are pixels from the canvas's top-left corner, y downwards.

#include <string>

#include "geo/geometry.hpp"

namespace huxiao::viewer {

struct Viewport {
  geo::Point center;
  double metres_per_pixel = 1.0;
  double width = 1.0;  // canvas size in pixels
  double height = 1.0;

  geo::Point to_screen(const geo::Point& world) const;
  geo::Point to_world(const geo::Point& screen) const;
  geo::Box visible() const;

  // Shows all of `box` with a margin, centred.
  void fit(const geo::Box& box, double margin = 0.05);
  // Zooms by `factor` (> 1 zooms in) keeping the world point under `screen` where it is.
  void zoom_at(const geo::Point& screen, double factor);
  void pan_pixels(double dx, double dy);
};

// A scale bar of a round length (1, 2 or 5 × 10^n metres) no longer than `max_pixels`.
struct ScaleBar {
  double metres = 0.0;
  double pixels = 0.0;
  std::string label;  // "500 m", "2 km"
};
ScaleBar scale_bar(double metres_per_pixel, double max_pixels);

}  // namespace huxiao::viewer
