#pragma once
// OpenGL 3.3 core drawing of the scene: one vertex buffer per map layer (uploaded when the
// document changes, drawn in one call per layer every frame) and one texture per raster overlay.
// Needs a current GL context; every GL object is owned by an RAII holder.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <epoxy/gl.h>

#include "viewer/core/analysis.hpp"
#include "viewer/core/scene.hpp"
#include "viewer/core/viewport.hpp"

namespace huxiao::viewer::gl {

// Owns one GL name; `Deleter` is the matching glDelete*.
template <void (*Deleter)(GLuint)>
class Handle {
 public:
  Handle() = default;
  explicit Handle(GLuint id) : id_(id) {}
  ~Handle() { reset(); }
  Handle(Handle&& o) noexcept : id_(o.id_) { o.id_ = 0; }
  Handle& operator=(Handle&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = o.id_;
      o.id_ = 0;
    }
    return *this;
  }
  GLuint get() const { return id_; }
  void reset() {
    if (id_) Deleter(id_);
    id_ = 0;
  }

 private:
  GLuint id_ = 0;
};

void delete_buffer(GLuint id);
void delete_vertex_array(GLuint id);
void delete_texture(GLuint id);
void delete_program(GLuint id);
void delete_framebuffer(GLuint id);
using Framebuffer = Handle<delete_framebuffer>;
using Buffer = Handle<delete_buffer>;
using VertexArray = Handle<delete_vertex_array>;
using Texture = Handle<delete_texture>;
using Program = Handle<delete_program>;

struct GpuMesh {
  VertexArray vao;
  Buffer vertices, indices;
  GLsizei count = 0;
};

struct GpuRaster {
  Texture texture;
  geo::Box bounds;
  std::uint64_t generation = 0;  // changes with every upload: the map cache's key
};

// The map layer cache: an off-screen colour target the map is drawn into, larger than the
// window, copied to the window shifted by whole pixels while the view only pans.
struct MapTarget {
  Framebuffer fbo;
  Texture colour;
  int width = 0, height = 0;
};

// Whole pixels, x0 ≤ x < x1, y0 ≤ y < y1, y from the top (ImGui's screen coordinates).
struct PixelRect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

class Renderer {
 public:
  Renderer();  // compiles the shaders; throws huxiao::Error(kInternal) with the GL log

  void upload(const Scene& scene);  // replaces every layer mesh
  // Adds or replaces one mesh (positions relative to the last scene's origin): animated layers.
  void set_mesh(const std::string& id, const Mesh& mesh);
  void upload_raster(const std::string& id, const RasterOverlay& raster);
  void remove_raster(const std::string& id);
  bool has_layer(const std::string& id) const { return meshes_.contains(id); }

  void begin_frame(const Viewport& view, const Rgba& background);
  // Like begin_frame, without clearing: layers drawn over what the window already shows.
  void continue_frame(const Viewport& view);
  // Binds the map cache (resized to `view`'s size when it differs) and clears it: the draw_*
  // calls that follow fill it, upside down (see gl_renderer.cpp). end_cache binds the window.
  void begin_cache(const Viewport& view, const Rgba& background);
  void end_cache();
  // Copies the window-sized block of the cache whose lower-left corner is (x, y) pixels from the
  // map's lower-left corner onto the window (`width` × `height`): whole pixels, no filtering.
  void blit_cache(int x, int y, int width, int height);
  // The panel cache: ImGui's windows drawn off-screen (upside down, as the map cache) and copied
  // onto the window rectangle by rectangle. begin_ui binds it (sized to the window); end with
  // end_cache.
  void begin_ui(int width, int height);
  void clear_ui(const PixelRect& r);  // to transparent, before a window is drawn again
  void blit_ui(const PixelRect& r);   // the cached pixels of `r` onto the same place on screen
  // Changes whenever a scene is uploaded: part of the map cache's key.
  std::uint64_t scene_generation() const { return scene_generation_; }
  std::uint64_t raster_generation(const std::string& id) const;
  void draw_layer(const std::string& id, float opacity);
  void draw_raster(const std::string& id, float opacity);

 private:
  void set_view_uniforms(GLuint program) const;
  GpuMesh make_mesh(const Mesh& mesh, GLenum usage) const;

  Program mesh_program_, raster_program_;
  std::map<std::string, GpuMesh> meshes_;
  // Coarser meshes by zoom band (SceneLayer::lods), ascending min_mpp.
  std::map<std::string, std::vector<std::pair<double, GpuMesh>>> lods_;
  std::map<std::string, GpuRaster> rasters_;
  MapTarget cache_, ui_;
  float flip_y_ = 1.0f;  // -1 while drawing into the cache
  std::uint64_t scene_generation_ = 0, next_raster_generation_ = 0;
  VertexArray raster_vao_;
  Buffer raster_vbo_;
  geo::Point origin_;
  Viewport view_;
};

}  // namespace huxiao::viewer::gl
