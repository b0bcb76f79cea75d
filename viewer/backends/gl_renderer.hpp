#pragma once
// OpenGL 3.3 core drawing of the scene: one vertex buffer per map layer (uploaded when the
// document changes, drawn in one call per layer every frame) and one texture per raster overlay.
// Needs a current GL context; every GL object is owned by an RAII holder.

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
  VertexArray raster_vao_;
  Buffer raster_vbo_;
  geo::Point origin_;
  Viewport view_;
};

}  // namespace huxiao::viewer::gl
