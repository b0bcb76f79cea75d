#pragma once
// Geometry builders and measurements shared by the RiMEA verification tests.

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "evac/simulation.hpp"

namespace huxiao::evac::testing {

// Debug and sanitizer builds (CI's ASan/UBSan pass runs unoptimised) run the two heaviest cases
// smaller — RiMEA 9 with 250 people in a 15 × 10 m room (same density and exits), RiMEA 4 with
// 30 s of measurement — so each test stays within seconds there; release builds run them at
// full size. HUXIAO_EVAC_LEAN=1 forces the small cases (to check them in a release build).
inline bool lean_build() {
#ifndef NDEBUG
  return true;
#else
  const char* lean = std::getenv("HUXIAO_EVAC_LEAN");
  return lean != nullptr && std::string(lean) == "1";
#endif
}

inline geo::Polygon rect(double x0, double y0, double x1, double y1) {
  return {{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, {}};
}

inline Exit exit_line(std::string name, geo::Point a, geo::Point b) {
  return {std::move(name), a, b, std::hypot(b.x - a.x, b.y - a.y)};
}

inline SimulationOptions options_for(ModelKind model, double max_time = 600.0) {
  SimulationOptions o;
  o.model = model;
  o.max_time = max_time;
  return o;
}

inline const char* model_name(ModelKind m) {
  return m == ModelKind::kCsm ? "csm" : "sfm";
}

// Agents on a regular lattice inside [x0,x1]×[y0,y1], spacing `gap`, at most `count`.
inline std::vector<AgentSpec> lattice(double x0, double y0, double x1, double y1, double gap,
                                      int count, double v0 = 1.34, double radius = 0.2) {
  std::vector<AgentSpec> out;
  for (double y = y0; y <= y1 + 1e-9 && static_cast<int>(out.size()) < count; y += gap)
    for (double x = x0; x <= x1 + 1e-9 && static_cast<int>(out.size()) < count; x += gap) {
      AgentSpec a;
      a.x = x;
      a.y = y;
      a.v0 = v0;
      a.radius = radius;
      out.push_back(a);
    }
  return out;
}

// Flow through a line over the middle of its crossings (P/s): (n_90% - n_10%) / (t_90% - t_10%).
inline double steady_flow(const std::vector<Crossing>& crossings) {
  std::vector<double> t;
  for (const Crossing& c : crossings)
    if (c.direction > 0) t.push_back(c.time);
  if (t.size() < 10) return 0.0;
  const std::size_t a = t.size() / 10, b = t.size() * 9 / 10;
  return static_cast<double>(b - a) / (t[b] - t[a]);
}

}  // namespace huxiao::evac::testing
