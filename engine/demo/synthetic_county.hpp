#pragma once
// `huxiao demo`: a synthetic but realistic county (or, for large runs, a region of many counties
// side by side) to try the engine without real data. Everything is labelled synthetic — the
// project's info says so and every id starts with "demo:" — and a seed fixes every bit of it.

#include <cstddef>
#include <cstdint>

#include "core/progress.hpp"
#include "model/project.hpp"

namespace huxiao::demo {

struct DemoOptions {
  std::uint64_t seed = 1;
  std::size_t schools = 120;      // 1 .. 5 000 000; above one county's worth, counties are tiled
  double pois_per_school = 10.0;  // 0 .. 100; the total is round(schools × pois_per_school)
};

// Cost, roughly: 500 000 schools with 5 million POIs take about 8 s of one core and 2.5 GB.
// schools × pois_per_school is capped at 50 million.

// Same options give a bit-identical project on every platform. Throws Error(kBadParameter) for
// options out of range and Error(kCancelled) when `progress` asks to stop.
model::Project make_demo_project(const DemoOptions& options, Progress& progress = no_progress());

}  // namespace huxiao::demo
