#include "viewer/backends/app.hpp"

#include <ctime>

#include <epoxy/gl.h>
// GLFW after epoxy: epoxy must provide the GL declarations.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "viewer/backends/font.hpp"
#include "viewer/backends/ui_glyphs.hpp"

namespace huxiao::viewer {

namespace {

constexpr Rgba kBackground{242, 239, 233};

// Layers drawn before raster overlays; everything else draws above them.
bool below_rasters(const std::string& id) {
  return id == "water" || id == "waterways" || id == "roads_minor" || id == "roads" ||
         id == "campuses" || id == "drill_plan";
}

// Beyond these zooms (metres per pixel) a layer is a few pixels of blur yet costs llvmpipe as
// much as when it is legible: minor streets, gates (metres apart), campuses, POIs.
bool shown_at(const std::string& id, double mpp) {
  if (id == "roads_minor") return mpp <= 12.0;
  if (id == "gates") return mpp <= 6.0;
  if (id == "campuses" || id == "pois") return mpp <= 15.0;
  return true;
}

ImU32 im(Rgba c) {
  return IM_COL32(c.r, c.g, c.b, c.a);
}

ImVec2 iv(const geo::Point& p) {
  return {static_cast<float>(p.x), static_cast<float>(p.y)};
}

// The map cache reaches kCacheMargin pixels beyond each window edge. It is centred on a lattice
// point every 2 × kCacheMargin pixels of the zoom's pixel grid (plus the view's sub-pixel phase),
// so a given view always gets the same cache, drawn with the same vertex arithmetic: a cached
// frame panned by whole pixels is the fresh frame of that view pixel for pixel.
constexpr double kCacheMargin = 192.0;

struct CachePlacement {
  Viewport cache;      // what the cache shows
  int blit_x, blit_y;  // the window's lower-left corner in the cache (GL pixels, y up)
  long long lattice_x, lattice_y, phase_x, phase_y;  // phases in micro-pixels
};

CachePlacement place_in_cache(const Viewport& view, const geo::Point& origin) {
  CachePlacement at{};
  const double mpp = view.metres_per_pixel, step = 2.0 * kCacheMargin;
  auto axis = [&](double centre, double o, double& cache_centre, int& blit, long long& lattice,
                  long long& phase) {
    const double p = (centre - o) / mpp;  // the view centre in pixels from the origin
    const double whole = std::round(p);
    const double l = std::round(whole / step) * step;
    cache_centre = o + (l + (p - whole)) * mpp;
    blit = static_cast<int>(kCacheMargin + (whole - l));
    lattice = std::llround(l);
    phase = std::llround((p - whole) * 1e6);
  };
  axis(view.center.x, origin.x, at.cache.center.x, at.blit_x, at.lattice_x, at.phase_x);
  axis(view.center.y, origin.y, at.cache.center.y, at.blit_y, at.lattice_y, at.phase_y);
  at.cache.metres_per_pixel = mpp;
  at.cache.width = view.width + 2.0 * kCacheMargin;
  at.cache.height = view.height + 2.0 * kCacheMargin;
  return at;
}

// [SECTION] panel cache helpers

// What a window's draw list draws, as bytes: equal bytes, equal pixels.
std::vector<unsigned char> draw_list_bytes(const ImDrawList& l) {
  std::vector<unsigned char> b;
  auto add = [&b](const void* p, std::size_t n) {
    const auto* c = static_cast<const unsigned char*>(p);
    b.insert(b.end(), c, c + n);
  };
  add(l.VtxBuffer.Data, static_cast<std::size_t>(l.VtxBuffer.Size) * sizeof(ImDrawVert));
  add(l.IdxBuffer.Data, static_cast<std::size_t>(l.IdxBuffer.Size) * sizeof(ImDrawIdx));
  for (const ImDrawCmd& c : l.CmdBuffer) {  // field by field: the struct has padding
    add(&c.ClipRect, sizeof c.ClipRect);
    add(&c.TextureId, sizeof c.TextureId);
    add(&c.VtxOffset, sizeof c.VtxOffset);
    add(&c.IdxOffset, sizeof c.IdxOffset);
    add(&c.ElemCount, sizeof c.ElemCount);
    const bool callback = c.UserCallback != nullptr;
    add(&callback, sizeof callback);
  }
  return b;
}

// The pixels a window covers: per command, the box of its opaque vertices inside its clip
// rectangle (anti-aliased fringes, alpha 0 at the edge, stay out), whole pixels by their centres.
gl::PixelRect opaque_extent(const ImDrawList& l, int width, int height) {
  float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
  for (const ImDrawCmd& c : l.CmdBuffer) {
    if (c.UserCallback) continue;
    for (unsigned e = c.IdxOffset; e < c.IdxOffset + c.ElemCount; ++e) {
      const ImDrawVert& v =
          l.VtxBuffer[static_cast<int>(c.VtxOffset + l.IdxBuffer[static_cast<int>(e)])];
      if (((v.col >> IM_COL32_A_SHIFT) & 0xFF) != 0xFF) continue;
      x0 = std::min(x0, std::max(v.pos.x, c.ClipRect.x));
      y0 = std::min(y0, std::max(v.pos.y, c.ClipRect.y));
      x1 = std::max(x1, std::min(v.pos.x, c.ClipRect.z));
      y1 = std::max(y1, std::min(v.pos.y, c.ClipRect.w));
    }
  }
  auto px = [](float v, int hi) {
    return std::clamp(static_cast<int>(std::ceil(v - 0.5f)), 0, hi);
  };
  gl::PixelRect r{px(x0, width), px(y0, height), px(x1, width), px(y1, height)};
  if (r.x1 <= r.x0 || r.y1 <= r.y0) return {};
  return r;
}

bool overlap(const gl::PixelRect& a, const gl::PixelRect& b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

bool operator==(const gl::PixelRect& a, const gl::PixelRect& b) {
  return a.x0 == b.x0 && a.y0 == b.y0 && a.x1 == b.x1 && a.y1 == b.y1;
}

void render_lists(std::vector<ImDrawList*> lists, int width, int height) {
  lists.erase(std::remove_if(lists.begin(), lists.end(),
                             [](const ImDrawList* l) {
                               return l->CmdBuffer.Size == 0 || l->IdxBuffer.Size == 0;
                             }),
              lists.end());
  if (lists.empty()) return;
  ImDrawData data;
  data.Valid = true;
  data.CmdLists = lists.data();
  data.CmdListsCount = static_cast<int>(lists.size());
  for (const ImDrawList* l : lists) {
    data.TotalVtxCount += l->VtxBuffer.Size;
    data.TotalIdxCount += l->IdxBuffer.Size;
  }
  data.DisplayPos = ImVec2(0, 0);
  data.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
  data.FramebufferScale = ImVec2(1, 1);
  ImGui_ImplOpenGL3_RenderDrawData(&data);
}

// Upside down, as the caches are stored (gl_renderer.cpp).
void flip(ImDrawList& l, float height) {
  for (ImDrawVert& v : l.VtxBuffer) v.pos.y = height - v.pos.y;
  for (ImDrawCmd& c : l.CmdBuffer)
    c.ClipRect = ImVec4(c.ClipRect.x, height - c.ClipRect.w, c.ClipRect.z, height - c.ClipRect.y);
}

void glfw_error(int code, const char* text) {
  std::fprintf(stderr, "GLFW error %d: %s\n", code, text);
}

std::string fmt_lonlat(const geo::Point& ll) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.6f°E %.6f°N", ll.x, ll.y);
  return buf;
}

// Text with a light halo so it reads over roads and rasters.
void halo_text(ImDrawList* dl, ImVec2 at, const std::string& text) {
  const ImU32 halo = IM_COL32(255, 255, 255, 220);
  // Two offset copies read as a halo at a third of the cost of four (labels dominate the UI).
  for (const ImVec2 d : {ImVec2(1, 1), ImVec2(-1, -1)})
    dl->AddText(ImVec2(at.x + d.x, at.y + d.y), halo, text.c_str());
  dl->AddText(at, IM_COL32(30, 30, 30, 255), text.c_str());
}

}  // namespace

// [SECTION] window and context

App::App(AppOptions options)
    : options_(options), autosaver_(options.autosave_interval), analyses_(builtin_analyses()) {
  glfwSetErrorCallback(glfw_error);
  if (!glfwInit())
    throw Error(ErrorCode::kInternal, "cannot open a window (no display?)",
                {.fix = "run under a desktop session, or headless: xvfb-run -a -s \"-screen 0 "
                        "1280x800x24\" huxiao-viewer …"});
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  window_ =
      glfwCreateWindow(options_.width, options_.height, "huxiao 护校 viewer", nullptr, nullptr);
  if (!window_) {
    glfwTerminate();
    throw Error(ErrorCode::kInternal, "cannot create an OpenGL 3.3 core window",
                {.fix = "install Mesa (libgl1-mesa-dri) or a GPU driver with OpenGL 3.3"});
  }
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(0);  // frame times measure our work, not the display's refresh
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini beside the user's files
  ImGui::StyleColorsLight();
  // Opaque windows and popups: the panel cache copies their rectangles as they are.
  ImGui::GetStyle().Colors[ImGuiCol_WindowBg].w = 1.0f;
  ImGui::GetStyle().Colors[ImGuiCol_PopupBg].w = 1.0f;
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  renderer_ = std::make_unique<gl::Renderer>();
  view_.width = options_.width;
  view_.height = options_.height;
  for (const auto& a : analyses_.all())
    for (const auto& p : a.params) analysis_params_[a.name][p.key] = p.default_value;
  init_font();
}

App::~App() {
  job_.reset();  // cancels and joins before the GL context goes
  autosaver_.wait();
  renderer_.reset();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window_);
  glfwTerminate();
}

// Glyphs: Latin, the common Simplified Chinese set, and every character the document uses
// (rare characters in school and place names included).
void App::init_font() {
  labels_stale_ = true;  // label sizes depend on the font
  ++font_generation_;
  ImGuiIO& io = ImGui::GetIO();
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  io.Fonts->Clear();
  const auto font = find_cjk_font();
  if (!font) {
    font_status_ = kNoCjkFontHelp;
    std::fprintf(stderr, "huxiao-viewer: %s\n", kNoCjkFontHelp);
    io.Fonts->AddFontDefault();
  } else {
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(io.Fonts->GetGlyphRangesChineseSimplifiedCommon());
    const auto& d = model_.document();
    for (const auto& s : d.project.schools) builder.AddText(s.name.c_str());
    for (const auto& w : d.project.water) builder.AddText(w.name.c_str());
    for (const auto& p : d.project.police) builder.AddText(p.name.c_str());
    for (const auto& z : d.zones) builder.AddText(z.name.c_str());
    builder.AddText(kUiGlyphs);
    ImVector<ImWchar> ranges;
    builder.BuildRanges(&ranges);
    glyph_ranges_.assign(ranges.begin(), ranges.end());
    ImFontConfig config;
    config.FontNo = font->index;
    config.OversampleH = 1;  // CJK glyphs are dense; oversampling only grows the atlas
    if (!io.Fonts->AddFontFromFileTTF(font->path.c_str(), 16.0f, &config, glyph_ranges_.data())) {
      font_status_ = "cannot read " + font->path.string();
      io.Fonts->AddFontDefault();
    } else {
      font_status_ = font->path.filename().string();
    }
  }
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

// [SECTION] document and scene

void App::load(Document doc) {
  const bool new_crs =
      doc.project.info.crs.definition != model_.document().project.info.crs.definition;
  model_.replace_document(std::move(doc));
  selected_.reset();
  drawing_.clear();
  const auto& crs = model_.document().project.info.crs;
  if (new_crs || !to_project_) {
    to_project_.reset();
    to_lonlat_.reset();
    if (!crs.empty()) {
      to_project_.emplace(geo::Crs::wgs84(), crs);
      to_lonlat_.emplace(crs, geo::Crs::wgs84());
    }
  }
  sync_scene();
  view_.fit(scene_.extent);
  init_font();
}

void App::sync_scene() {
  if (scene_revision_ == model_.revision()) return;
  scene_ = build_scene(model_.document());
  renderer_->upload(scene_);
  scene_revision_ = model_.revision();
  if (playback_ && !model_.document().extra_layer(playback_->layer())) playback_.reset();
  shown_time_ = -1.0;  // the upload dropped the agent mesh
  labels_stale_ = true;
  sync_layers();
}

// The panel's layer list follows the scene (new analysis layers appear) and keeps the user's
// visibility and opacity choices for layers it already had.
void App::sync_layers() {
  std::vector<LayerState> next;
  auto keep = [&](const std::string& id, const std::string& title, bool raster) {
    if (const LayerState* old = find_layer(id)) {
      next.push_back(*old);
    } else {
      next.push_back({id, title, id != "pois", raster ? 0.7f : 1.0f, raster});
    }
  };
  for (const auto& l : layers_)  // existing order first
    if ((l.raster && rasters_.contains(l.id)) || (!l.raster && scene_.find(l.id)))
      keep(l.id, l.title, l.raster);
  for (const auto& l : scene_.layers)
    if (std::none_of(next.begin(), next.end(), [&](const LayerState& s) { return s.id == l.id; }))
      keep(l.id, l.title, false);
  for (const auto& [id, r] : rasters_)
    if (std::none_of(next.begin(), next.end(), [&](const LayerState& s) { return s.id == id; })) {
      keep(id, id, true);
      next.back().opacity = static_cast<float>(r.opacity);
    }
  layers_ = std::move(next);
}

LayerState* App::find_layer(const std::string& id) {
  for (auto& l : layers_)
    if (l.id == id) return &l;
  return nullptr;
}

// [SECTION] analyses on the worker

void App::run(const std::string& analysis, const std::map<std::string, std::string>& params) {
  const Analysis* a = analyses_.find(analysis);
  if (!a)
    throw Error(ErrorCode::kBadParameter, "no analysis '" + analysis + "' in this viewer",
                {.fix = "available: " + analyses_.names()});
  if (job_)
    throw Error(ErrorCode::kBadParameter, "an analysis is already running (" + job_->name() + ")",
                {.fix = "wait for it, or cancel it"});
  AnalysisParams p = analysis_params_[analysis];
  for (const auto& [k, v] : params) p[k] = v;
  job_ = std::make_unique<Job>(*a, model_.document(), p);
  status_ = "运行 " + a->title + " …";
}

void App::poll_job() {
  if (!job_ || !job_->finished()) return;
  auto job = std::move(job_);
  try {
    apply(job->take());
  } catch (const Error& e) {
    status_ = std::string("失败: ") + e.what();
    throw;
  }
}

void App::apply(AnalysisOutput out) {
  if (out.document) load(std::move(*out.document));
  for (auto& t : out.layers) model_.set_extra_layer(std::move(t));
  for (auto& r : out.rasters) {
    const std::string id = r.grid.name;
    renderer_->upload_raster(id, r);
    rasters_.insert_or_assign(id, std::move(r));
    scene_revision_ = static_cast<std::uint64_t>(-1);  // refresh the layer list
  }
  if (scene_.extent.empty() && !rasters_.empty()) view_.fit(rasters_.begin()->second.grid.bounds());
  status_ = out.summary;
  sync_scene();
}

void App::wait() {
  // Frames keep coming while waiting, so the progress bar moves; a failed analysis throws.
  while (job_) {
    frame();
    poll_job();
  }
}

// [SECTION] ScriptHost

geo::Point App::to_project(const geo::Point& lonlat) {
  if (!to_project_)
    throw Error(ErrorCode::kBadParameter, "no project is open",
                {.fix = "open a store first (open PATH)"});
  const auto p = to_project_->apply(lonlat);
  if (!p)
    throw Error(ErrorCode::kBadValue, "position outside the project's CRS",
                {.fix = "give lon/lat in WGS84"});
  return *p;
}

void App::open(const std::filesystem::path& path) {
  load(load_document(path));
  status_ = "打开 " + path.string();
  // A newer autosave means the last session ended without saving: say where it is.
  const auto autosave = AutoSaver::path_for(path);
  std::error_code ec;
  if (std::filesystem::exists(autosave, ec) &&
      std::filesystem::last_write_time(autosave, ec) > std::filesystem::last_write_time(path, ec))
    status_ += "  (较新的自动保存: " + autosave.filename().string() + "，可打开恢复)";
}

void App::view(const geo::Box& ll) {
  geo::Box box;
  for (const geo::Point& c : {geo::Point{ll.min_x, ll.min_y}, geo::Point{ll.max_x, ll.min_y},
                              geo::Point{ll.min_x, ll.max_y}, geo::Point{ll.max_x, ll.max_y}})
    box.expand(to_project(c));
  view_.fit(box, 0.0);
}

void App::pan(double dx, double dy) {
  frame();
  view_.pan_pixels(dx, dy);
}

void App::layer(const std::string& name, bool on) {
  sync_scene();
  LayerState* l = find_layer(name);
  if (!l) {
    std::string all;
    for (const auto& s : layers_) all += (all.empty() ? "" : ", ") + s.id;
    throw Error(ErrorCode::kBadParameter, "no layer '" + name + "'", {.fix = "layers are: " + all});
  }
  l->visible = on;
}

void App::opacity(const std::string& name, double value) {
  sync_scene();
  layer(name, find_layer(name) ? find_layer(name)->visible : true);
  find_layer(name)->opacity = static_cast<float>(value);
}

void App::select(const geo::Point& p) {
  selected_ = pick(model_.document(), p, 8.0 * view_.metres_per_pixel);
}

// [SECTION] drill playback

void App::playback(const std::string& layer, double time, double density_cell) {
  const model::Table* t = model_.document().extra_layer(layer);
  if (!t)
    throw Error(ErrorCode::kBadParameter, "no layer '" + layer + "' in the store",
                {.fix = "open a store with drill trajectories"});
  if (!playback_ || playback_->layer() != layer) playback_ = Playback::from_table(*t);
  play_time_ = std::clamp(time, playback_->start(), playback_->end());
  density_cell_ = static_cast<float>(density_cell);
  playing_ = false;
  shown_time_ = -1.0;
  update_playback(0.0);
}

void App::update_playback(double seconds) {
  if (!playback_) return;
  if (playing_) {
    play_time_ += seconds * play_speed_;
    if (play_time_ >= playback_->end()) {
      play_time_ = playback_->end();
      playing_ = false;
    }
  }
  if (play_time_ == shown_time_) return;
  shown_time_ = play_time_;
  Mesh agents;
  for (const auto& p : playback_->positions(play_time_)) {
    add_disc(agents, p, scene_.origin, 3.5f, {255, 255, 255}, 8);
    add_disc(agents, p, scene_.origin, 2.5f, {0, 121, 107}, 8);
  }
  renderer_->set_mesh("drill_agents", agents);
  const std::string density_id = playback_->layer() + "_density";
  if (density_cell_ > 0.0f) {
    RasterOverlay overlay;
    overlay.grid = playback_->density(play_time_, density_cell_);
    // A fixed 0–2 P/m² scale (Fruin level of service F starts near 2) keeps colours comparable from
    // frame to frame.
    overlay.scale = {Colormap::kInferno, 0.0, 2.0};
    overlay.units = "人/m²";
    renderer_->upload_raster(density_id, overlay);
    const bool fresh = !rasters_.contains(density_id);
    rasters_.insert_or_assign(density_id, std::move(overlay));
    if (fresh) sync_layers();
  } else if (rasters_.erase(density_id)) {
    renderer_->remove_raster(density_id);
    sync_layers();
  }
}

void App::panel_playback() {
  std::vector<const model::Table*> layers;
  for (const auto& t : model_.document().extra_layers)
    if (Playback::is_trajectory_layer(t)) layers.push_back(&t);
  if (layers.empty()) return;
  if (!ImGui::CollapsingHeader("演练回放", ImGuiTreeNodeFlags_DefaultOpen)) return;
  const std::string current = playback_ ? playback_->layer() : "";
  if (ImGui::BeginCombo("轨迹", current.c_str())) {
    for (const auto* t : layers)
      if (ImGui::Selectable(t->name.c_str(), t->name == current))
        try_edit([&] {
          playback(t->name, 0.0, density_cell_);
          return CommandPtr{};
        });
    ImGui::EndCombo();
  }
  if (!playback_) return;
  float t = static_cast<float>(play_time_);
  if (ImGui::SliderFloat("时间 (s)", &t, static_cast<float>(playback_->start()),
                         static_cast<float>(playback_->end()), "%.1f"))
    play_time_ = t;
  if (ImGui::Button(playing_ ? "暂停" : "播放")) {
    if (!playing_ && play_time_ >= playback_->end()) play_time_ = playback_->start();
    playing_ = !playing_;
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110);
  ImGui::SliderFloat("倍速", &play_speed_, 1.0f, 60.0f, "%.0f×");
  bool density = density_cell_ > 0.0f;
  if (ImGui::Checkbox("密度图", &density)) {
    density_cell_ = density ? 2.0f : 0.0f;
    shown_time_ = -1.0;
  }
  if (density) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(90);
    // Rebuilt only when the cell changes: a new density raster also redraws the cached map.
    if (ImGui::SliderFloat("格 (m)", &density_cell_, 1.0f, 10.0f, "%.0f")) shown_time_ = -1.0;
  }
  ImGui::Text("%zu 人在场 / 共 %zu 人", playback_->positions(play_time_).size(),
              playback_->agent_count());
}

// [SECTION] frame

void App::frame() {
  const auto start = std::chrono::steady_clock::now();
  glfwPollEvents();
  int fw = 0, fh = 0;
  glfwGetFramebufferSize(window_, &fw, &fh);
  if (fw > 0 && fh > 0) {
    view_.width = fw;
    view_.height = fh;
  }
  sync_scene();
  const double since = last_tick_ == std::chrono::steady_clock::time_point{}
                           ? 0.0
                           : std::chrono::duration<double>(start - last_tick_).count();
  last_tick_ = start;
  update_playback(since);
  render();
  glfwSwapBuffers(window_);
  if (options_.autosave && !model_.document().path.empty()) autosaver_.tick(model_, start);
  last_frame_ms_ =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

void App::render() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  if (options_.panels) {
    draw_menu();
    draw_panels();
    handle_map_input();
  }
  draw_overlays();
  ImGui::Render();
  draw_map();
  draw_ui();
}

// The panels from the panel cache: windows whose draw lists are unchanged since the last frame
// are copied from it; changed ones (and those overlapping them) are drawn into it again first.
// The background and foreground lists (overlays that move with the map) are drawn every frame.
void App::draw_ui() {
  ImDrawData* dd = ImGui::GetDrawData();
  ImDrawList* fg = ImGui::GetForegroundDrawList();
  ImDrawList* bg = ImGui::GetBackgroundDrawList();
  const int w = static_cast<int>(view_.width), h = static_cast<int>(view_.height);
  std::vector<ImDrawList*> windows;
  std::vector<CachedWindow> now;
  bool fallback = options_.cache == AppOptions::Cache::kOff;
  for (int i = 0; i < dd->CmdListsCount; ++i) {
    ImDrawList* l = dd->CmdLists[i];
    if (l == fg || l == bg) continue;
    windows.push_back(l);
    now.push_back({draw_list_bytes(*l), opaque_extent(*l, w, h)});
    const gl::PixelRect& r = now.back().rect;
    // A window over (nearly) the whole screen, as a modal's dimming: not a rectangle to copy.
    fallback |= static_cast<double>(r.x1 - r.x0) * (r.y1 - r.y0) > 0.8 * w * h;
  }
  ui_window_frames_ += static_cast<int>(now.size());
  if (fallback) {
    ui_windows_.clear();
    ui_renders_ += static_cast<int>(now.size());
    ImGui_ImplOpenGL3_RenderDrawData(dd);
    return;
  }
  // A new window size or font atlas: nothing in the cache can be trusted.
  bool all = now.size() != ui_windows_.size() || ui_size_ != std::pair(w, h) ||
             ui_fonts_ != font_generation_ || options_.cache == AppOptions::Cache::kRedraw;
  ui_size_ = {w, h};
  ui_fonts_ = font_generation_;
  std::vector<bool> redraw(now.size(), all);
  for (std::size_t i = 0; !all && i < now.size(); ++i)
    if (now[i].bytes != ui_windows_[i].bytes) {
      redraw[i] = true;
      all |= !(now[i].rect == ui_windows_[i].rect);
    }
  // Windows overlapping a redrawn one are redrawn too, in their order.
  for (bool grew = !all; grew;) {
    grew = false;
    for (std::size_t i = 0; i < now.size(); ++i)
      for (std::size_t j = 0; j < now.size(); ++j)
        if (redraw[i] && !redraw[j] && overlap(now[i].rect, now[j].rect)) redraw[j] = grew = true;
  }
  if (all) std::fill(redraw.begin(), redraw.end(), true);
  std::vector<ImDrawList*> lists;
  for (std::size_t i = 0; i < now.size(); ++i)
    if (redraw[i]) lists.push_back(windows[i]);
  if (!lists.empty()) {
    renderer_->begin_ui(w, h);
    if (all) renderer_->clear_ui({0, 0, w, h});
    for (std::size_t i = 0; i < now.size(); ++i)
      if (redraw[i] && !all) renderer_->clear_ui(now[i].rect);
    for (ImDrawList* l : lists) flip(*l, static_cast<float>(h));
    render_lists(lists, w, h);
    renderer_->end_cache();
    ui_renders_ += static_cast<int>(lists.size());
  }
  ui_windows_ = std::move(now);
  render_lists({bg}, w, h);
  for (const auto& c : ui_windows_)
    if (c.rect.x1 > c.rect.x0) renderer_->blit_ui(c.rect);
  render_lists({fg}, w, h);
}

// Layers that change from frame to frame are drawn over the cached map, not into it: the density
// of a playing drill (the agents are never in a layer list).
bool App::live(const LayerState& l) const {
  return playing_ && playback_ && l.id == playback_->layer() + "_density";
}

// The map comes from the cache, redrawn only when what it shows changed (document, layers,
// rasters, fonts, zoom, window size) or the view panned off its lattice cell.
void App::draw_map() {
  if (options_.cache == AppOptions::Cache::kOff) {
    renderer_->begin_frame(view_, kBackground);
    draw_map_layers();
    draw_labels(view_, false);
    ++map_renders_;
  } else {
    draw_cached_map();
  }
  for (const auto& l : layers_)
    if (l.visible && live(l)) renderer_->draw_raster(l.id, l.opacity);
  if (playback_) renderer_->draw_layer("drill_agents", 1.0f);
}

void App::draw_cached_map() {
  const CachePlacement at = place_in_cache(view_, scene_.origin);
  MapKey key{renderer_->scene_generation(),
             font_generation_,
             {},
             view_.metres_per_pixel,
             static_cast<int>(view_.width),
             static_cast<int>(view_.height),
             at.lattice_x,
             at.lattice_y,
             at.phase_x,
             at.phase_y};
  for (const auto& l : layers_)
    if (!live(l))
      key.layers.emplace_back(l.id, l.visible, l.opacity,
                              l.raster ? renderer_->raster_generation(l.id) : 0);
  if (options_.cache == AppOptions::Cache::kRedraw || map_key_ != key) {
    renderer_->begin_cache(at.cache, kBackground);
    draw_map_layers();
    draw_labels(at.cache, true);
    renderer_->end_cache();
    map_key_ = std::move(key);
    ++map_renders_;
  }
  renderer_->blit_cache(at.blit_x, at.blit_y, static_cast<int>(view_.width),
                        static_cast<int>(view_.height));
  renderer_->continue_frame(view_);
}

void App::draw_map_layers() {
  const double mpp = view_.metres_per_pixel;
  // Base layers, then rasters, then everything drawn on top, each group in panel order.
  for (const auto& l : layers_)
    if (l.visible && !l.raster && below_rasters(l.id) && shown_at(l.id, mpp))
      renderer_->draw_layer(l.id, l.opacity);
  for (const auto& l : layers_)
    if (l.visible && l.raster && !live(l)) renderer_->draw_raster(l.id, l.opacity);
  for (const auto& l : layers_)
    if (l.visible && !l.raster && !below_rasters(l.id) && shown_at(l.id, mpp))
      renderer_->draw_layer(l.id, l.opacity);
}

void App::screenshot(const std::filesystem::path& png) {
  // Auto-sized ImGui windows appear on their second frame: draw a few before reading back.
  for (int i = 0; i < 3; ++i) frame();
  sync_scene();
  render();
  glFinish();
  const int w = static_cast<int>(view_.width), h = static_cast<int>(view_.height);
  std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  // GL's rows start at the bottom; PNG's at the top.
  std::vector<unsigned char> flipped(pixels.size());
  const std::size_t row = static_cast<std::size_t>(w) * 3;
  for (int y = 0; y < h; ++y)
    std::copy_n(
        pixels.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(h - 1 - y) * row),
        row, flipped.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(y) * row));
  glfwSwapBuffers(window_);
  if (!stbi_write_png(png.c_str(), w, h, 3, flipped.data(), static_cast<int>(row)))
    throw Error(ErrorCode::kWriteFailed, "cannot write the screenshot",
                {.file = png.string(), .fix = "choose a writable path"});
}

namespace {
// CPU time of the whole process (every thread, llvmpipe's rasteriser threads included): on a
// shared machine it says what a frame costs, where wall time also says how busy the others are.
double process_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}
}  // namespace

App::FrameStats App::measure(int frames, double pan_step) {
  std::vector<double> ms;
  FrameStats s;
  const int renders_before = map_renders_, ui_before = ui_renders_;
  const int windows_before = ui_window_frames_;
  const double cpu_start = process_cpu_ms();
  for (int i = 0; i < frames; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const bool running = job_ != nullptr;
    frame();
    glFinish();  // count the GPU's (llvmpipe's) work too
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
    if (running) {
      ++s.frames_with_analysis_running;
      s.running_mean_ms += ms.back();
      s.running_max_ms = std::max(s.running_max_ms, ms.back());
    }
    poll_job();  // applying a result is not a frame: it is timed by the next one
    view_.pan_pixels(pan_step, 0.0);  // a moving view, as while dragging the map
  }
  s.map_renders = map_renders_ - renders_before;
  s.panel_renders = ui_renders_ - ui_before;
  s.panel_windows = ui_window_frames_ - windows_before;
  if (s.frames_with_analysis_running > 0) s.running_mean_ms /= s.frames_with_analysis_running;
  if (ms.empty()) return s;
  s.cpu_ms = (process_cpu_ms() - cpu_start) / static_cast<double>(ms.size());
  for (double m : ms) s.mean_ms += m / static_cast<double>(ms.size());
  std::sort(ms.begin(), ms.end());
  s.p95_ms = ms[std::min(ms.size() - 1, ms.size() * 95 / 100)];
  s.max_ms = ms.back();
  return s;
}

void App::run_interactive() {
  while (!glfwWindowShouldClose(window_)) {
    frame();
    try {
      poll_job();
    } catch (const Error&) {
      // status_ already says what failed; the viewer stays open
    }
  }
  autosaver_.wait();
}

// [SECTION] labels and overlays (ImGui draw lists over the map)

// Labels go into the map cache, placed over all of it (`at`), so panning reveals the labels
// already placed. The candidates are sorted and measured once per scene (text measuring walks
// every glyph); each cache render only places the visible ones.
void App::draw_labels(const Viewport& at, bool upside_down) {
  if (labels_stale_) {
    labels_.clear();
    for (const auto& layer : scene_.layers)
      for (const auto& label : layer.labels)
        if (!label.text.empty())
          labels_.push_back({&label, layer.id, ImGui::CalcTextSize(label.text.c_str())});
    std::stable_sort(labels_.begin(), labels_.end(), [](const auto& a, const auto& b) {
      return a.label->priority > b.label->priority;
    });
    labels_stale_ = false;
  }
  if (!label_list_) label_list_ = std::make_unique<ImDrawList>(ImGui::GetDrawListSharedData());
  ImDrawList* dl = label_list_.get();
  const ImVec2 size(static_cast<float>(at.width), static_cast<float>(at.height));
  dl->_ResetForNewFrame();
  dl->PushTextureID(ImGui::GetIO().Fonts->TexID);
  dl->PushClipRect(ImVec2(0, 0), size);
  taken_.clear();  // placed label boxes: no overlaps
  const std::string* last_layer = nullptr;
  bool layer_shown = false;
  for (const PlacedLabel& c : labels_) {
    if (!last_layer || *last_layer != c.layer) {
      const LayerState* l = find_layer(c.layer);
      layer_shown = l && l->visible;
      last_layer = &c.layer;
    }
    if (!layer_shown) continue;
    const geo::Point s = at.to_screen(c.label->at);
    if (s.x < -50 || s.y < -20 || s.x > at.width || s.y > at.height) continue;
    const ImVec4 box(static_cast<float>(s.x) + 9, static_cast<float>(s.y) - c.size.y / 2,
                     static_cast<float>(s.x) + 9 + c.size.x,
                     static_cast<float>(s.y) + c.size.y / 2);
    const bool overlaps = std::any_of(taken_.begin(), taken_.end(), [&](const ImVec4& t) {
      return !(box.z < t.x || box.x > t.z || box.w < t.y || box.y > t.w);
    });
    if (overlaps) continue;
    taken_.push_back(box);
    halo_text(dl, ImVec2(box.x, box.y), c.label->text);
    if (taken_.size() > 300) break;
  }
  // The cache is stored upside down (gl_renderer.cpp): so are the labels.
  if (upside_down)
    for (ImDrawVert& v : dl->VtxBuffer) v.pos.y = size.y - v.pos.y;
  ImDrawList* lists[] = {dl};
  ImDrawData data;
  data.Valid = true;
  data.CmdLists = lists;
  data.CmdListsCount = 1;
  data.TotalVtxCount = dl->VtxBuffer.Size;
  data.TotalIdxCount = dl->IdxBuffer.Size;
  data.DisplayPos = ImVec2(0, 0);
  data.DisplaySize = size;
  data.FramebufferScale = ImVec2(1, 1);
  ImGui_ImplOpenGL3_RenderDrawData(&data);
}

void App::draw_overlays() {
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  // Scale bar, bottom left.
  const ScaleBar bar = scale_bar(view_.metres_per_pixel, 160.0);
  // Right of the legend window when panels show, so neither hides the other.
  const float x0 = options_.panels ? 200.0f : 16.0f;
  const float y0 = static_cast<float>(view_.height) - (options_.panels ? 44.0f : 20.0f);
  const float x1 = x0 + static_cast<float>(bar.pixels);
  dl->AddRectFilled(ImVec2(x0 - 4, y0 - 22), ImVec2(x1 + 4, y0 + 6), IM_COL32(255, 255, 255, 200));
  dl->AddLine(ImVec2(x0, y0), ImVec2(x1, y0), IM_COL32(0, 0, 0, 255), 2.0f);
  dl->AddLine(ImVec2(x0, y0 - 6), ImVec2(x0, y0), IM_COL32(0, 0, 0, 255), 2.0f);
  dl->AddLine(ImVec2(x1, y0 - 6), ImVec2(x1, y0), IM_COL32(0, 0, 0, 255), 2.0f);
  dl->AddText(ImVec2(x0, y0 - 21), IM_COL32(0, 0, 0, 255), bar.label.c_str());

  // The selection, the polygon being drawn, and a drag in progress.
  const auto& d = model_.document();
  auto ring_at = [&](const geo::Point& p) {
    dl->AddCircle(iv(view_.to_screen(p)), 11.0f, IM_COL32(0, 180, 255, 255), 16, 2.5f);
  };
  auto outline = [&](const geo::MultiPolygon& area, double dx, double dy, ImU32 colour,
                     bool handles) {
    for (const auto& poly : area) {
      std::vector<ImVec2> pts;
      for (const auto& p : poly.outer) pts.push_back(iv(view_.to_screen({p.x + dx, p.y + dy})));
      dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), colour, ImDrawFlags_None, 2.5f);
      if (handles)
        for (std::size_t i = 0; i + 1 < pts.size(); ++i)
          dl->AddRectFilled(ImVec2(pts[i].x - 4, pts[i].y - 4), ImVec2(pts[i].x + 4, pts[i].y + 4),
                            colour);
    }
  };
  if (selected_) {
    const FeatureRef& s = *selected_;
    for (const auto& school : d.project.schools)
      if (school.id == s.id)
        ring_at(s.kind == FeatureKind::kGate && s.index < school.gates.size()
                    ? school.gates[s.index].location
                    : school.location);
    for (const auto& p : d.project.police)
      if (p.id == s.id) ring_at(p.location);
    if (s.kind == FeatureKind::kZone)
      for (const auto& z : d.zones)
        if (z.id == s.id) outline(z.area, 0, 0, IM_COL32(0, 180, 255, 255), true);
    if (s.kind == FeatureKind::kWater)
      for (const auto& w : d.project.water)
        if (w.id == s.id) outline(w.area, 0, 0, IM_COL32(0, 180, 255, 255), false);
  }
  if (drag_ && drag_->moved) {
    const double dx = drag_->now.x - drag_->start.x, dy = drag_->now.y - drag_->start.y;
    if (drag_->ref.kind == FeatureKind::kZone && !drag_->vertex) {
      for (const auto& z : d.zones)
        if (z.id == drag_->ref.id) outline(z.area, dx, dy, IM_COL32(230, 81, 0, 255), false);
    } else {
      dl->AddCircle(iv(view_.to_screen(drag_->now)), 8.0f, IM_COL32(230, 81, 0, 255), 16, 2.5f);
    }
  }
  if (!drawing_.empty()) {
    std::vector<ImVec2> pts;
    for (const auto& p : drawing_) pts.push_back(iv(view_.to_screen(p)));
    pts.push_back(ImGui::GetMousePos());
    dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), IM_COL32(230, 81, 0, 255),
                    ImDrawFlags_None, 2.0f);
  }
}

// [SECTION] panels

void App::draw_menu() {
  if (!ImGui::BeginMainMenuBar()) return;
  const char* popup = nullptr;
  if (ImGui::BeginMenu("文件")) {
    if (ImGui::MenuItem("打开…")) popup = "打开项目";
    if (ImGui::MenuItem("另存为…")) popup = "另存为";
    if (ImGui::MenuItem("保存", "Ctrl+S", false, !model_.document().path.empty()))
      try_edit([&] {
        model_.save();
        status_ = "已保存";
        return CommandPtr{};
      });
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("编辑")) {
    if (ImGui::MenuItem(("撤销 " + model_.undo_label()).c_str(), "Ctrl+Z", false,
                        model_.can_undo()))
      model_.undo();
    if (ImGui::MenuItem(("重做 " + model_.redo_label()).c_str(), "Ctrl+Y", false,
                        model_.can_redo()))
      model_.redo();
    ImGui::EndMenu();
  }
  // No native file dialog in GLFW: a path field (paths may hold Chinese characters).
  if (popup) {
    std::snprintf(path_buffer_, sizeof path_buffer_, "%s", model_.document().path.string().c_str());
    ImGui::OpenPopup(popup);
  }
  for (const char* name : {"打开项目", "另存为"}) {
    if (!ImGui::BeginPopupModal(name, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) continue;
    ImGui::SetNextItemWidth(420);
    const bool enter = ImGui::InputText("GeoPackage", path_buffer_, sizeof path_buffer_,
                                        ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::Button("确定") || enter) {
      const std::filesystem::path path(path_buffer_);
      try_edit([&] {
        if (std::string_view(name) == "打开项目")
          open(path);
        else {
          model_.save_as(path);
          status_ = "已保存 " + path.string();
        }
        return CommandPtr{};
      });
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("取消")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }

  const auto& info = model_.document().project.info;
  ImGui::TextDisabled("%s%s  %s", info.name.c_str(), model_.dirty() ? " *" : "",
                      info.crs.label().c_str());
  ImGui::EndMainMenuBar();

  // Status bar: cursor position, what happened last, frame time.
  const float h = ImGui::GetFrameHeight();
  ImGui::SetNextWindowPos(ImVec2(0, static_cast<float>(view_.height) - h));
  ImGui::SetNextWindowSize(ImVec2(static_cast<float>(view_.width), h));
  ImGui::Begin(
      "##status", nullptr,
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  const ImVec2 mouse = ImGui::GetMousePos();
  const geo::Point w = view_.to_world({mouse.x, mouse.y});
  std::string where = "";
  if (to_lonlat_) {
    if (const auto ll = to_lonlat_->apply(w)) where = fmt_lonlat(*ll);
  }
  ImGui::Text("%s  (%.0f, %.0f m)  |  %.1f ms  |  %s  %s", where.c_str(), w.x, w.y, last_frame_ms_,
              status_.c_str(), font_status_.c_str());
  ImGui::End();
}

void App::draw_panels() {
  const float top = ImGui::GetFrameHeight();
  ImGui::SetNextWindowPos(ImVec2(8, top + 8), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(250, 0), ImGuiCond_Always);
  // It ends above the legend and scrolls when analyses have added many layers.
  ImGui::SetNextWindowSizeConstraints(ImVec2(250, 0),
                                      ImVec2(250, static_cast<float>(view_.height) - top - 270));
  ImGui::Begin("图层与工具", nullptr, ImGuiWindowFlags_NoSavedSettings);
  panel_tools();
  ImGui::Separator();
  panel_layers();
  ImGui::End();

  ImGui::SetNextWindowPos(ImVec2(static_cast<float>(view_.width) - 298, top + 8),
                          ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(290, 0), ImGuiCond_Always);
  ImGui::Begin("分析", nullptr, ImGuiWindowFlags_NoSavedSettings);
  panel_analyses();
  panel_playback();
  ImGui::End();

  if (selected_) {
    ImGui::SetNextWindowPos(
        ImVec2(static_cast<float>(view_.width) - 298, static_cast<float>(view_.height) - 360),
        ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(290, 0), ImGuiCond_Always);
    ImGui::Begin("属性", nullptr, ImGuiWindowFlags_NoSavedSettings);
    panel_inspector();
    ImGui::End();
  }

  // Legend: school levels, and each visible raster's colour ramp.
  // Anchored by its bottom edge above the status bar, however many ramps it holds: a window
  // overlapping the status bar (redrawn every frame) would be redrawn with it (panel cache).
  ImGui::SetNextWindowPos(ImVec2(8, static_cast<float>(view_.height) - ImGui::GetFrameHeight() - 8),
                          ImGuiCond_Always, ImVec2(0, 1));
  ImGui::Begin("图例", nullptr,
               ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (const auto level : model::all_school_levels()) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    dl->AddCircleFilled(ImVec2(p.x + 7, p.y + 9), 5.5f, im(school_colour(level)));
    ImGui::Dummy(ImVec2(16, 16));
    ImGui::SameLine();
    ImGui::TextUnformatted(std::string(school_level_title(level)).c_str());
  }
  for (const auto& l : layers_) {
    if (!l.raster || !l.visible) continue;
    const auto& r = rasters_.at(l.id);
    ImGui::Text("%s%s", l.title.c_str(), r.units.empty() ? "" : (" (" + r.units + ")").c_str());
    const ImVec2 p = ImGui::GetCursorScreenPos();
    for (int i = 0; i < 160; ++i)
      dl->AddRectFilled(ImVec2(p.x + static_cast<float>(i), p.y),
                        ImVec2(p.x + static_cast<float>(i) + 1, p.y + 12),
                        im(sample(r.scale.map, i / 159.0)));
    ImGui::Dummy(ImVec2(160, 12));
    ImGui::Text("%.3g", r.scale.min);
    ImGui::SameLine(140);
    ImGui::Text("%.3g", r.scale.max);
  }
  ImGui::End();
}

void App::panel_tools() {
  const std::pair<Tool, const char*> tools[] = {
      {Tool::kSelect, "选择/拖动"},   {Tool::kAddSchool, "添加学校"},
      {Tool::kAddGate, "添加校门"},   {Tool::kDrawZone, "绘制安全区"},
      {Tool::kDrawWater, "绘制水域"}, {Tool::kAddPost, "设置护学岗"}};
  int i = 0;
  for (const auto& [tool, name] : tools) {
    if (i++ % 2) ImGui::SameLine(125);
    if (ImGui::RadioButton(name, tool_ == tool)) {
      tool_ = tool;
      drawing_.clear();
    }
  }
  if (tool_ == Tool::kAddSchool) ImGui::InputText("名称", name_buffer_, sizeof name_buffer_);
  if (tool_ == Tool::kDrawZone || tool_ == Tool::kDrawWater)
    ImGui::TextWrapped("单击加点，双击或右键闭合，Esc 取消");
  if (tool_ == Tool::kAddGate) ImGui::TextWrapped("先选中学校，再单击放置校门");
}

void App::panel_layers() {
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    auto& l = layers_[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::Checkbox("##v", &l.visible);
    ImGui::SameLine();
    ImGui::TextUnformatted(l.title.c_str());
    ImGui::SameLine(150);
    if (ImGui::ArrowButton("##up", ImGuiDir_Up) && i > 0) std::swap(layers_[i], layers_[i - 1]);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(56);
    ImGui::SliderFloat("##o", &layers_[i].opacity, 0.0f, 1.0f, "%.1f");
    if (layers_[i].raster) {
      auto& r = rasters_.at(layers_[i].id);
      ImGui::SetNextItemWidth(120);
      if (ImGui::BeginCombo("##cm", std::string(to_string(r.scale.map)).c_str())) {
        for (Colormap m : all_colormaps())
          if (ImGui::Selectable(std::string(to_string(m)).c_str(), m == r.scale.map)) {
            r.scale.map = m;
            renderer_->upload_raster(layers_[i].id, r);
          }
        ImGui::EndCombo();
      }
    }
    ImGui::PopID();
  }
}

void App::panel_analyses() {
  for (const auto& a : analyses_.all()) {
    if (!ImGui::CollapsingHeader(a.title.c_str())) continue;
    ImGui::PushID(a.name.c_str());
    for (const auto& p : a.params) {
      std::string& value = analysis_params_[a.name][p.key];
      char buf[512];
      std::snprintf(buf, sizeof buf, "%s", value.c_str());
      if (ImGui::InputText(p.label.c_str(), buf, sizeof buf)) value = buf;
    }
    if (a.name == "evac") panel_drill_exits();
    ImGui::BeginDisabled(job_ != nullptr);
    if (ImGui::Button("运行"))
      try_edit([&] {
        run(a.name, {});
        return CommandPtr{};
      });
    ImGui::EndDisabled();
    ImGui::PopID();
  }
  if (job_) {
    ImGui::Separator();
    ImGui::Text("%s: %s", job_->name().c_str(), job_->progress().task().c_str());
    ImGui::ProgressBar(job_->progress().fraction());
    if (ImGui::Button("取消")) job_->cancel();
  }
}

// The drill on screen has exits: tick one to close it in the next run (the `close` parameter).
void App::panel_drill_exits() {
  const auto names = drill_exit_names(model_.document());
  if (names.empty()) return;
  ImGui::TextUnformatted("关闭出口 (下次运行):");
  std::string& close = analysis_params_["evac"]["close"];
  for (const auto& name : names) {
    bool closed = closes(close, name);
    if (ImGui::Checkbox(name.c_str(), &closed)) close = toggle_closure(close, name);
    ImGui::SameLine();
  }
  ImGui::NewLine();
}

void App::panel_inspector() {
  const auto& d = model_.document();
  const auto attrs = attributes(d, *selected_);
  if (attrs.empty()) {
    selected_.reset();
    return;
  }
  if (ImGui::BeginTable("attrs", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
    for (const auto& [k, v] : attrs) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(k.c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", v.c_str());
    }
    ImGui::EndTable();
  }
  const FeatureRef ref = *selected_;
  switch (ref.kind) {
    case FeatureKind::kSchool:
      for (const auto& s : d.project.schools)
        if (s.id == ref.id) {
          int enrollment = s.enrollment;
          if (ImGui::InputInt("在校人数", &enrollment, 50, 500,
                              ImGuiInputTextFlags_EnterReturnsTrue))
            try_edit([&] { return set_enrollment(d, ref.id, enrollment); });
          if (ImGui::BeginCombo("学段", std::string(school_level_title(s.level)).c_str())) {
            for (const auto level : model::all_school_levels())
              if (ImGui::Selectable(std::string(school_level_title(level)).c_str(),
                                    level == s.level))
                try_edit([&] { return set_school_level(d, ref.id, level); });
            ImGui::EndCombo();
          }
          break;
        }
      if (ImGui::Button("删除学校")) try_edit([&] { return delete_school(d, ref.id); });
      break;
    case FeatureKind::kGate:
      if (ImGui::Button("删除校门")) try_edit([&] { return delete_gate(d, ref.id, ref.index); });
      break;
    case FeatureKind::kPolice:
      for (const auto& p : d.project.police)
        if (p.id == ref.id) {
          int officers = p.officers;
          if (ImGui::InputInt("警力", &officers, 1, 5, ImGuiInputTextFlags_EnterReturnsTrue))
            try_edit([&] { return set_officers(d, ref.id, officers); });
          bool fixed = d.fixed_posts.contains(ref.id);
          if (ImGui::Checkbox("固定位置", &fixed))
            try_edit([&] { return set_post_fixed(d, ref.id, fixed); });
          break;
        }
      if (ImGui::Button("删除")) try_edit([&] { return delete_police(d, ref.id); });
      break;
    case FeatureKind::kWater:
      for (const auto& w : d.project.water)
        if (w.id == ref.id) {
          model::Safeguards g = w.safeguards;
          bool changed = ImGui::Checkbox("警示牌", &g.warning_sign);
          changed |= ImGui::Checkbox("围栏", &g.fence);
          changed |= ImGui::Checkbox("救生设备", &g.rescue_equipment);
          if (changed) try_edit([&] { return set_safeguards(d, ref.id, g); });
          break;
        }
      if (ImGui::Button("删除水域")) try_edit([&] { return delete_water(d, ref.id); });
      break;
    case FeatureKind::kZone:
      if (ImGui::Button("删除安全区")) try_edit([&] { return delete_zone(d, ref.id); });
      break;
    default:
      break;
  }
}

// Runs an edit from the UI: a rejected one shows its message instead of closing the viewer.
void App::try_edit(const std::function<CommandPtr()>& make) {
  try {
    if (CommandPtr c = make()) {
      status_ = c->label();
      model_.execute(std::move(c));
    }
  } catch (const Error& e) {
    status_ = e.what();
  }
}

// [SECTION] mouse and keyboard on the map

void App::finish_drawing() {
  if (drawing_.size() < 3) {
    status_ = "至少需要三个点";
    drawing_.clear();
    return;
  }
  geo::Polygon poly{drawing_, {}};
  poly.outer.push_back(drawing_.front());
  const auto& d = model_.document();
  if (tool_ == Tool::kDrawZone) {
    Zone z;
    z.id = fresh_id(d, "zone:");
    if (selected_ && selected_->kind == FeatureKind::kSchool) z.school_id = selected_->id;
    z.area = {poly};
    try_edit([&] { return add_zone(d, z); });
  } else {
    model::WaterBody w;
    w.id = fresh_id(d, "water:");
    w.kind = model::WaterKind::kPond;
    w.area = {poly};
    try_edit([&] { return add_water(d, w); });
  }
  drawing_.clear();
}

void App::handle_map_input() {
  ImGuiIO& io = ImGui::GetIO();
  const auto& d = model_.document();
  if (!io.WantCaptureKeyboard) {
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Z)) io.KeyShift ? model_.redo() : model_.undo();
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Y)) model_.redo();
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_S) && !d.path.empty())
      try_edit([&] {
        model_.save();
        status_ = "已保存";
        return CommandPtr{};
      });
    if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE)) drawing_.clear();
    if (ImGui::IsKeyPressed(GLFW_KEY_ENTER) && !drawing_.empty()) finish_drawing();
    if (ImGui::IsKeyPressed(GLFW_KEY_DELETE) && selected_) {
      const FeatureRef r = *selected_;
      if (r.kind == FeatureKind::kSchool) try_edit([&] { return delete_school(d, r.id); });
      if (r.kind == FeatureKind::kZone) try_edit([&] { return delete_zone(d, r.id); });
      if (r.kind == FeatureKind::kPolice) try_edit([&] { return delete_police(d, r.id); });
    }
  }
  if (io.WantCaptureMouse) return;
  const ImVec2 m = io.MousePos;
  const geo::Point world = view_.to_world({m.x, m.y});
  const double tolerance = 8.0 * view_.metres_per_pixel;
  if (io.MouseWheel != 0.0f)
    view_.zoom_at({m.x, m.y}, std::pow(1.2, static_cast<double>(io.MouseWheel)));
  if (ImGui::IsMouseDragging(ImGuiMouseButton_Right) ||
      ImGui::IsMouseDragging(ImGuiMouseButton_Middle))
    view_.pan_pixels(io.MouseDelta.x, io.MouseDelta.y);

  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    switch (tool_) {
      case Tool::kSelect: {
        // A corner of the selected zone wins, then whatever is under the cursor.
        std::optional<std::size_t> vertex;
        if (selected_ && selected_->kind == FeatureKind::kZone)
          for (const auto& z : d.zones)
            if (z.id == selected_->id && !z.area.empty())
              for (std::size_t i = 0; i + 1 < z.area[0].outer.size(); ++i)
                if (geo::distance(z.area[0].outer[i], world) <= tolerance) vertex = i;
        if (!vertex) selected_ = pick(d, world, tolerance);
        const bool draggable =
            selected_ &&
            (selected_->kind == FeatureKind::kSchool || selected_->kind == FeatureKind::kGate ||
             selected_->kind == FeatureKind::kPolice || selected_->kind == FeatureKind::kZone);
        if (draggable)
          drag_ = Drag{*selected_, vertex, world, world, false};
        else
          panning_ = true;
        break;
      }
      case Tool::kAddSchool: {
        model::School s;
        model::apply_facts_with_defaults(s, {});
        s.name = name_buffer_;
        s.location = world;
        s.source.file = "viewer";
        try_edit([&] { return add_school(d, s); });
        break;
      }
      case Tool::kAddGate:
        if (selected_ && selected_->kind == FeatureKind::kSchool) {
          const std::string id = selected_->id;
          try_edit([&] { return add_gate(d, id, {world, ""}); });
        } else {
          status_ = "先选中一所学校";
        }
        break;
      case Tool::kAddPost: {
        model::PoliceUnit u;
        u.kind = model::PoliceKind::kPost;
        u.location = world;
        u.source.file = "viewer";
        try_edit([&] { return add_police(d, u); });
        break;
      }
      case Tool::kDrawZone:
      case Tool::kDrawWater:
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left))
          finish_drawing();
        else
          drawing_.push_back(world);
        break;
    }
  }
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Right) && !drawing_.empty()) finish_drawing();
  if (ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    if (drag_) {
      drag_->now = world;
      drag_->moved |= ImGui::IsMouseDragging(ImGuiMouseButton_Left);
    } else if (panning_) {
      view_.pan_pixels(io.MouseDelta.x, io.MouseDelta.y);
    }
  }
  if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
    if (drag_ && drag_->moved) {
      const Drag g = *drag_;
      const double dx = g.now.x - g.start.x, dy = g.now.y - g.start.y;
      switch (g.ref.kind) {
        case FeatureKind::kSchool: {
          for (const auto& s : d.project.schools)
            if (s.id == g.ref.id) {
              const geo::Point to{s.location.x + dx, s.location.y + dy};
              try_edit([&] { return move_school(d, g.ref.id, to); });
              break;
            }
          break;
        }
        case FeatureKind::kGate:
          for (const auto& s : d.project.schools)
            if (s.id == g.ref.id && g.ref.index < s.gates.size()) {
              const geo::Point to{s.gates[g.ref.index].location.x + dx,
                                  s.gates[g.ref.index].location.y + dy};
              try_edit([&] { return move_gate(d, g.ref.id, g.ref.index, to); });
              break;
            }
          break;
        case FeatureKind::kPolice:
          for (const auto& p : d.project.police)
            if (p.id == g.ref.id) {
              const geo::Point to{p.location.x + dx, p.location.y + dy};
              try_edit([&] { return move_police(d, g.ref.id, to); });
              break;
            }
          break;
        case FeatureKind::kZone:
          if (g.vertex)
            try_edit([&] { return move_zone_vertex(d, g.ref.id, 0, *g.vertex, g.now); });
          else
            try_edit([&] { return translate_zone(d, g.ref.id, dx, dy); });
          break;
        default:
          break;
      }
    }
    drag_.reset();
    panning_ = false;
  }
}

}  // namespace huxiao::viewer
