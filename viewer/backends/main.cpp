// huxiao-viewer: look at a project store, edit it, run analyses; or replay a script headless.
//
//   huxiao-viewer [STORE.gpkg]                       (no store: the synthetic demo county)
//   huxiao-viewer --script FILE --screenshot OUT.png [--size 1280x800] [--no-panels]
//   huxiao-viewer STORE.gpkg --frames 300             (prints frame times)

#include <CLI/CLI.hpp>

#include <cstdio>

#include "core/error.hpp"
#include "demo/synthetic_county.hpp"
#include "viewer/backends/app.hpp"

namespace {

using namespace huxiao;

int run(int argc, char** argv) {
  CLI::App cli{"huxiao-viewer: map viewer and editor for huxiao project stores"};
  std::string store, script, screenshot, size = "1280x800";
  int frames = 0;
  double pan = 1.0;
  bool no_panels = false;
  std::string cache = "on";
  cli.add_option("store", store, "project store (.gpkg); default: the synthetic demo county");
  cli.add_option("--script", script, "replay the actions in FILE (one a line), then exit");
  cli.add_option("--screenshot", screenshot, "write a PNG of the window at the end");
  cli.add_option("--size", size, "window size WIDTHxHEIGHT")->capture_default_str();
  cli.add_option("--frames", frames, "render N frames, print frame times (ms), then exit");
  cli.add_option("--pan", pan, "pixels the view pans after each of the --frames")
      ->capture_default_str();
  cli.add_flag("--no-panels", no_panels, "map only, without panels (for pixel tests)");
  cli.add_option("--cache", cache,
                 "map and panel caches: on; redraw (every frame, the reference for the caches' "
                 "pixel tests); off (drawn straight into the window, the peer in benchmarks)")
      ->check(CLI::IsMember({"on", "redraw", "off"}))
      ->capture_default_str();
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  viewer::AppOptions options;
  if (std::sscanf(size.c_str(), "%dx%d", &options.width, &options.height) != 2 ||
      options.width < 200 || options.height < 200) {
    std::fprintf(stderr, "huxiao-viewer: --size wants WIDTHxHEIGHT, at least 200x200 (got '%s')\n",
                 size.c_str());
    return 2;
  }
  options.panels = !no_panels;
  options.cache = cache == "off"      ? viewer::AppOptions::Cache::kOff
                  : cache == "redraw" ? viewer::AppOptions::Cache::kRedraw
                                      : viewer::AppOptions::Cache::kOn;
  const bool batch = !script.empty() || !screenshot.empty() || frames > 0;
  options.autosave = !batch;  // scripts save explicitly; no stray autosave files from tests
  try {
    // Parse the whole script before opening anything: a typo stops the run at once.
    const auto actions =
        script.empty() ? std::vector<viewer::ScriptAction>{} : viewer::read_script(script);
    viewer::App app(options);
    if (!store.empty()) {
      app.open(store);
    } else {
      viewer::Document demo;
      demo.project = demo::make_demo_project({});
      app.load(std::move(demo));
    }
    for (const auto& a : actions) viewer::run_action(a, app);
    // Measured before waiting, so a script ending in `run` (without `wait`) times the frames
    // drawn while the analysis works on its thread.
    if (frames > 0) {
      const auto s = app.measure(frames, pan);
      std::printf("frames %d  mean %.2f ms  p95 %.2f ms  max %.2f ms  cpu %.2f ms/frame\n", frames,
                  s.mean_ms, s.p95_ms, s.max_ms, s.cpu_ms);
      std::printf("map drawn afresh in %d of the %d frames (panning %g px a frame)\n",
                  s.map_renders, frames, pan);
      std::printf("panel windows drawn afresh: %d of %d over the frames\n", s.panel_renders,
                  s.panel_windows);
      if (s.frames_with_analysis_running > 0)
        std::printf("while the analysis ran: %d frames, mean %.2f ms, max %.2f ms\n",
                    s.frames_with_analysis_running, s.running_mean_ms, s.running_max_ms);
    }
    app.wait();
    if (!screenshot.empty()) app.screenshot(screenshot);
    if (!batch) app.run_interactive();
    return 0;
  } catch (const Error& e) {
    std::fprintf(stderr, "huxiao-viewer: %s\n", e.what());
    return e.code() == ErrorCode::kInternal ? 3 : 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  return run(argc, argv);
}
