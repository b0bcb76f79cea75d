#pragma once
// The viewer window: GLFW + OpenGL 3.3 + Dear ImGui over the core (edit model, scene, scripts).
// Interactive use and scripted runs share all of it; a script is replayed through ScriptHost.

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <functional>
#include <map>

#include <imgui.h>

#include "geo/crs.hpp"
#include "viewer/backends/gl_renderer.hpp"
#include "viewer/core/analysis.hpp"
#include "viewer/core/edit_model.hpp"
#include "viewer/core/engine_analyses.hpp"
#include "viewer/core/pick.hpp"
#include "viewer/core/playback.hpp"
#include "viewer/core/script.hpp"

struct GLFWwindow;

namespace huxiao::viewer {

struct AppOptions {
  int width = 1280;
  int height = 800;
  bool panels = true;  // false: map only (pixel tests)
  bool autosave = true;
  // The map and panel caches: on; redrawn every frame (the reference a cached frame is checked
  // against); off (map and panels drawn straight into the window, as before the caches).
  enum class Cache { kOn, kRedraw, kOff };
  Cache cache = Cache::kOn;
  std::chrono::milliseconds autosave_interval{10000};
};

struct LayerState {
  std::string id;
  std::string title;
  bool visible = true;
  float opacity = 1.0f;
  bool raster = false;
};

enum class Tool { kSelect, kAddSchool, kAddGate, kDrawZone, kDrawWater, kAddPost };

class App final : public ScriptHost {
 public:
  explicit App(AppOptions options);  // opens the window; throws huxiao::Error on failure
  ~App() override;
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  void load(Document doc);                            // replaces the document and fits the view
  void run_interactive();                             // until the window closes
  void frame();                                       // one frame: events, UI, draw, swap
  void screenshot(const std::filesystem::path& png);  // renders a frame and writes it
  struct FrameStats {
    double mean_ms = 0, p95_ms = 0, max_ms = 0;
    double cpu_ms = 0;  // process CPU time per frame, all threads
    int frames_with_analysis_running = 0;
    double running_mean_ms = 0, running_max_ms = 0;  // over those frames
    int map_renders = 0;  // frames that drew the map layers rather than reusing the cache
    // Panel windows drawn afresh (not copied from the panel cache), of all those shown, summed
    // over the frames.
    int panel_renders = 0, panel_windows = 0;
  };
  // Draws `frames` frames, the view panning `pan_step` pixels right after each.
  FrameStats measure(int frames, double pan_step = 1.0);

  // [SECTION] ScriptHost
  EditModel& model() override { return model_; }
  geo::Point to_project(const geo::Point& lonlat) override;
  void open(const std::filesystem::path& path) override;
  void view(const geo::Box& lonlat) override;
  void pan(double dx, double dy) override;
  void layer(const std::string& name, bool on) override;
  void opacity(const std::string& name, double value) override;
  void run(const std::string& analysis, const std::map<std::string, std::string>& params) override;
  void wait() override;
  void select(const geo::Point& project_point) override;
  void playback(const std::string& layer, double time, double density_cell) override;

 private:
  void init_font();
  void sync_scene();
  void sync_layers();
  void poll_job();
  void apply(AnalysisOutput out);
  void draw_map();
  void draw_cached_map();
  void draw_map_layers();
  void draw_labels(const Viewport& at, bool upside_down);
  bool live(const LayerState& layer) const;
  void draw_overlays();
  void draw_panels();
  void draw_ui();
  void panel_layers();
  void panel_tools();
  void panel_analyses();
  void panel_drill_exits();
  void panel_inspector();
  void panel_playback();
  void update_playback(double seconds);  // advances a playing drill, refreshes agents/density
  void draw_menu();
  void handle_map_input();
  void finish_drawing();
  void try_edit(const std::function<CommandPtr()>& make);
  void render();
  LayerState* find_layer(const std::string& id);

  AppOptions options_;
  GLFWwindow* window_ = nullptr;
  std::unique_ptr<gl::Renderer> renderer_;
  EditModel model_;
  AutoSaver autosaver_;
  AnalysisRegistry analyses_;
  std::map<std::string, AnalysisParams> analysis_params_;
  std::unique_ptr<Job> job_;
  std::map<std::string, RasterOverlay> rasters_;
  Scene scene_;
  std::uint64_t scene_revision_ = static_cast<std::uint64_t>(-1);
  std::vector<LayerState> layers_;
  Viewport view_;
  std::optional<geo::Transformer> to_project_, to_lonlat_;
  std::optional<FeatureRef> selected_;
  Tool tool_ = Tool::kSelect;
  std::vector<geo::Point> drawing_;  // corners of the zone/water being drawn
  struct Drag {
    FeatureRef ref;
    std::optional<std::size_t> vertex;  // a zone corner
    geo::Point start, now;
    bool moved = false;
  };
  std::optional<Drag> drag_;
  bool panning_ = false;
  std::string status_;
  std::string font_status_;
  std::vector<ImWchar> glyph_ranges_;
  double last_frame_ms_ = 0;
  struct PlacedLabel {
    const Label* label;
    std::string layer;
    ImVec2 size;
  };
  std::vector<PlacedLabel> labels_;  // every label, highest priority first, measured
  bool labels_stale_ = true;
  std::vector<ImVec4> taken_;
  // Map layer cache: the key of what the cache holds; labels are drawn into it through a draw
  // list of their own.
  struct MapKey {
    std::uint64_t scene = 0, fonts = 0;
    std::vector<std::tuple<std::string, bool, float, std::uint64_t>> layers;  // in drawing order
    double metres_per_pixel = 0;
    int width = 0, height = 0;
    long long lattice_x = 0, lattice_y = 0, phase_x = 0, phase_y = 0;
    bool operator==(const MapKey&) const = default;
  };
  std::optional<MapKey> map_key_;
  std::unique_ptr<ImDrawList> label_list_;
  std::uint64_t font_generation_ = 0;
  int map_renders_ = 0;
  // Panel cache: each ImGui window's draw list as last drawn (vertices, indices, commands) and
  // the rectangle it covers.
  struct CachedWindow {
    std::vector<unsigned char> bytes;
    gl::PixelRect rect;
  };
  std::vector<CachedWindow> ui_windows_;
  std::pair<int, int> ui_size_{0, 0};
  std::uint64_t ui_fonts_ = 0;
  int ui_renders_ = 0, ui_window_frames_ = 0;
  // Drill playback
  std::optional<Playback> playback_;
  double play_time_ = 0.0;
  double shown_time_ = -1.0;  // the time the agent mesh and density were built for
  bool playing_ = false;
  float play_speed_ = 10.0f;
  float density_cell_ = 0.0f;  // 0: no density overlay
  std::chrono::steady_clock::time_point last_tick_{};
  char path_buffer_[1024] = {};
  char name_buffer_[256] = "新建学校";
};

}  // namespace huxiao::viewer
