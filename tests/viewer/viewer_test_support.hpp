#pragma once
// A small synthetic county shared by the viewer tests, built once per test executable.

#include "demo/synthetic_county.hpp"
#include "viewer/core/document.hpp"

namespace huxiao::viewer::testing {

inline const Document& small_county() {
  static const Document doc = [] {
    Document d;
    d.project = demo::make_demo_project({.seed = 7, .schools = 12, .pois_per_school = 1.0});
    return d;
  }();
  return doc;
}

// A square of side 2·half around c, closed.
inline geo::MultiPolygon square(const geo::Point& c, double half) {
  return {geo::Polygon{{{c.x - half, c.y - half},
                        {c.x + half, c.y - half},
                        {c.x + half, c.y + half},
                        {c.x - half, c.y + half},
                        {c.x - half, c.y - half}},
                       {}}};
}

}  // namespace huxiao::viewer::testing
