#include "viewer/backends/gl_renderer.hpp"

#include <cstddef>

#include "core/error.hpp"

namespace huxiao::viewer::gl {

void delete_buffer(GLuint id) {
  glDeleteBuffers(1, &id);
}
void delete_vertex_array(GLuint id) {
  glDeleteVertexArrays(1, &id);
}
void delete_texture(GLuint id) {
  glDeleteTextures(1, &id);
}
void delete_program(GLuint id) {
  glDeleteProgram(id);
}
void delete_framebuffer(GLuint id) {
  glDeleteFramebuffers(1, &id);
}

namespace {

// [SECTION] shaders

// Positions are metres from the scene origin; offsets are pixels (line widths, marker sizes),
// so markers keep their size at every zoom.
constexpr const char* kMeshVertex = R"(#version 330 core
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_offset;
layout(location = 2) in vec4 a_colour;
uniform vec2 u_center;
uniform float u_mpp;
uniform vec2 u_size;
uniform float u_opacity;
uniform float u_flip_y;
out vec4 v_colour;
void main() {
  vec2 px = (a_pos - u_center) / u_mpp + a_offset;
  gl_Position = vec4(px * 2.0 / u_size * vec2(1.0, u_flip_y), 0.0, 1.0);
  v_colour = vec4(a_colour.rgb, a_colour.a * u_opacity);
}
)";
constexpr const char* kMeshFragment = R"(#version 330 core
in vec4 v_colour;
out vec4 o_colour;
void main() { o_colour = v_colour; }
)";
constexpr const char* kRasterVertex = R"(#version 330 core
layout(location = 0) in vec2 a_corner;  // 0..1
uniform vec2 u_center;
uniform float u_mpp;
uniform vec2 u_size;
uniform vec4 u_bounds;  // min x, min y, max x, max y (metres from the origin)
uniform float u_flip_y;
out vec2 v_uv;
void main() {
  vec2 pos = mix(u_bounds.xy, u_bounds.zw, a_corner);
  vec2 px = (pos - u_center) / u_mpp;
  gl_Position = vec4(px * 2.0 / u_size * vec2(1.0, u_flip_y), 0.0, 1.0);
  v_uv = vec2(a_corner.x, 1.0 - a_corner.y);  // texture row 0 is the north edge
}
)";
constexpr const char* kRasterFragment = R"(#version 330 core
in vec2 v_uv;
uniform sampler2D u_texture;
uniform float u_opacity;
out vec4 o_colour;
void main() {
  vec4 c = texture(u_texture, v_uv);
  if (c.a == 0.0) discard;  // nodata / zero risk: no blend, no write (llvmpipe pays per pixel)
  o_colour = vec4(c.rgb, c.a * u_opacity);
}
)";

GLuint compile(GLenum kind, const char* source) {
  const GLuint shader = glCreateShader(kind);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[2048];
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    glDeleteShader(shader);
    throw Error(ErrorCode::kInternal, std::string("shader does not compile: ") + log,
                {.fix = "the viewer needs OpenGL 3.3 core (Mesa llvmpipe is enough)"});
  }
  return shader;
}

Program link(const char* vertex, const char* fragment) {
  const GLuint vs = compile(GL_VERTEX_SHADER, vertex);
  const GLuint fs = compile(GL_FRAGMENT_SHADER, fragment);
  Program p(glCreateProgram());
  glAttachShader(p.get(), vs);
  glAttachShader(p.get(), fs);
  glLinkProgram(p.get());
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(p.get(), GL_LINK_STATUS, &ok);
  if (!ok) throw Error(ErrorCode::kInternal, "shader program does not link");
  return p;
}

GLuint gen_buffer() {
  GLuint id = 0;
  glGenBuffers(1, &id);
  return id;
}
GLuint gen_vertex_array() {
  GLuint id = 0;
  glGenVertexArrays(1, &id);
  return id;
}

const void* offset_of(std::size_t bytes) {
  return reinterpret_cast<const void*>(bytes);
}

}  // namespace

// [SECTION] renderer

Renderer::Renderer()
    : mesh_program_(link(kMeshVertex, kMeshFragment)),
      raster_program_(link(kRasterVertex, kRasterFragment)),
      raster_vao_(gen_vertex_array()),
      raster_vbo_(gen_buffer()) {
  const float corners[] = {0, 0, 1, 0, 0, 1, 1, 1};
  glBindVertexArray(raster_vao_.get());
  glBindBuffer(GL_ARRAY_BUFFER, raster_vbo_.get());
  glBufferData(GL_ARRAY_BUFFER, sizeof corners, corners, GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float), nullptr);
  glBindVertexArray(0);
}

GpuMesh Renderer::make_mesh(const Mesh& mesh, GLenum usage) const {
  GpuMesh m{VertexArray(gen_vertex_array()), Buffer(gen_buffer()), Buffer(gen_buffer()),
            static_cast<GLsizei>(mesh.indices.size())};
  glBindVertexArray(m.vao.get());
  glBindBuffer(GL_ARRAY_BUFFER, m.vertices.get());
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(mesh.vertices.size() * sizeof(Vertex)),
               mesh.vertices.data(), usage);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, m.indices.get());
  glBufferData(GL_ELEMENT_ARRAY_BUFFER,
               static_cast<GLsizeiptr>(mesh.indices.size() * sizeof(std::uint32_t)),
               mesh.indices.data(), usage);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(Vertex), offset_of(offsetof(Vertex, x)));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(Vertex), offset_of(offsetof(Vertex, ox)));
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(Vertex),
                        offset_of(offsetof(Vertex, rgba)));
  glBindVertexArray(0);
  return m;
}

void Renderer::upload(const Scene& scene) {
  ++scene_generation_;
  origin_ = scene.origin;
  meshes_.clear();
  lods_.clear();
  for (const auto& layer : scene.layers) {
    meshes_.emplace(layer.id, make_mesh(layer.mesh, GL_STATIC_DRAW));
    for (const auto& lod : layer.lods)
      lods_[layer.id].emplace_back(lod.min_mpp, make_mesh(lod.mesh, GL_STATIC_DRAW));
  }
}

void Renderer::set_mesh(const std::string& id, const Mesh& mesh) {
  meshes_.insert_or_assign(id, make_mesh(mesh, GL_STREAM_DRAW));
}

void Renderer::upload_raster(const std::string& id, const RasterOverlay& raster) {
  GLuint tex = 0;
  glGenTextures(1, &tex);
  GpuRaster r{Texture(tex), raster.grid.bounds(), ++next_raster_generation_};
  const auto texels = colorize(raster.grid, raster.scale);
  glBindTexture(GL_TEXTURE_2D, tex);
  // Nearest: every cell shows its own value's colour, as in QGIS; no invented gradients.
  // Zoomed out, a mip level is read instead of the full grid: a 4096² raster shown on 1000
  // pixels would otherwise sample 64 MiB scattered across memory every frame (llvmpipe).
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST_MIPMAP_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, static_cast<GLsizei>(raster.grid.width),
               static_cast<GLsizei>(raster.grid.height), 0, GL_RGBA, GL_UNSIGNED_BYTE,
               texels.data());
  glGenerateMipmap(GL_TEXTURE_2D);
  glBindTexture(GL_TEXTURE_2D, 0);
  rasters_.insert_or_assign(id, std::move(r));
}

void Renderer::remove_raster(const std::string& id) {
  rasters_.erase(id);
}

std::uint64_t Renderer::raster_generation(const std::string& id) const {
  const auto it = rasters_.find(id);
  return it == rasters_.end() ? 0 : it->second.generation;
}

// [SECTION] map cache and panel cache
//
// The cache is drawn upside down (row 0 the map's top row), as the window's back buffer is laid
// out in memory; the blit then flips back and, with the window's BGRA format too, llvmpipe
// copies rows instead of running a texturing shader over every pixel (5.3 → 0.3 ms a frame).
// The panel cache is stored the same way.

namespace {

void make_target(MapTarget& target, int width, int height) {
  GLuint tex = 0, fbo = 0;
  glGenTextures(1, &tex);
  target.colour = Texture(tex);
  glBindTexture(GL_TEXTURE_2D, tex);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  // Unsized RGBA with BGRA texels: Mesa stores it as B8G8R8A8, the window's format.
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_BGRA, GL_UNSIGNED_BYTE, nullptr);
  glBindTexture(GL_TEXTURE_2D, 0);
  glGenFramebuffers(1, &fbo);
  target.fbo = Framebuffer(fbo);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex, 0);
  const bool complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  if (!complete) {
    target = MapTarget{};
    throw Error(ErrorCode::kInternal,
                "cannot draw into an off-screen " + std::to_string(width) + "x" +
                    std::to_string(height) + " texture",
                {.fix = "a smaller window, or a driver with OpenGL 3.3 framebuffers"});
  }
  target.width = width;
  target.height = height;
}

}  // namespace

void Renderer::begin_cache(const Viewport& view, const Rgba& background) {
  const int w = static_cast<int>(view.width), h = static_cast<int>(view.height);
  if (!cache_.fbo.get() || cache_.width != w || cache_.height != h) make_target(cache_, w, h);
  glBindFramebuffer(GL_FRAMEBUFFER, cache_.fbo.get());
  begin_frame(view, background);
  flip_y_ = -1.0f;
}

void Renderer::end_cache() {
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  flip_y_ = 1.0f;
}

void Renderer::blit_cache(int x, int y, int width, int height) {
  const int top = cache_.height - y - height;  // the stored row of the block's top edge
  glBindFramebuffer(GL_READ_FRAMEBUFFER, cache_.fbo.get());
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
  glBlitFramebuffer(x, top, x + width, top + height, 0, height, width, 0, GL_COLOR_BUFFER_BIT,
                    GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void Renderer::begin_ui(int width, int height) {
  if (!ui_.fbo.get() || ui_.width != width || ui_.height != height) make_target(ui_, width, height);
  glBindFramebuffer(GL_FRAMEBUFFER, ui_.fbo.get());
  glViewport(0, 0, width, height);
}

void Renderer::clear_ui(const PixelRect& r) {
  glEnable(GL_SCISSOR_TEST);
  glScissor(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);  // stored upside down: y from the top
  glClearColor(0, 0, 0, 0);
  glClear(GL_COLOR_BUFFER_BIT);
  glDisable(GL_SCISSOR_TEST);
}

void Renderer::blit_ui(const PixelRect& r) {
  glBindFramebuffer(GL_READ_FRAMEBUFFER, ui_.fbo.get());
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
  glBlitFramebuffer(r.x0, r.y0, r.x1, r.y1, r.x0, ui_.height - r.y0, r.x1, ui_.height - r.y1,
                    GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void Renderer::begin_frame(const Viewport& view, const Rgba& bg) {
  continue_frame(view);
  glClearColor(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
}

void Renderer::continue_frame(const Viewport& view) {
  view_ = view;
  flip_y_ = 1.0f;
  glViewport(0, 0, static_cast<GLsizei>(view.width), static_cast<GLsizei>(view.height));
  glEnable(GL_BLEND);
  glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glDisable(GL_SCISSOR_TEST);
}

void Renderer::set_view_uniforms(GLuint program) const {
  glUniform2f(glGetUniformLocation(program, "u_center"),
              static_cast<float>(view_.center.x - origin_.x),
              static_cast<float>(view_.center.y - origin_.y));
  glUniform1f(glGetUniformLocation(program, "u_mpp"), static_cast<float>(view_.metres_per_pixel));
  glUniform2f(glGetUniformLocation(program, "u_size"), static_cast<float>(view_.width),
              static_cast<float>(view_.height));
  glUniform1f(glGetUniformLocation(program, "u_flip_y"), flip_y_);
}

void Renderer::draw_layer(const std::string& id, float opacity) {
  const auto it = meshes_.find(id);
  if (it == meshes_.end()) return;
  const GpuMesh* mesh = &it->second;
  if (const auto lod = lods_.find(id); lod != lods_.end())
    for (const auto& [min_mpp, m] : lod->second)
      if (view_.metres_per_pixel >= min_mpp) mesh = &m;
  if (mesh->count == 0) return;
  glUseProgram(mesh_program_.get());
  set_view_uniforms(mesh_program_.get());
  glUniform1f(glGetUniformLocation(mesh_program_.get(), "u_opacity"), opacity);
  glBindVertexArray(mesh->vao.get());
  glDrawElements(GL_TRIANGLES, mesh->count, GL_UNSIGNED_INT, nullptr);
  glBindVertexArray(0);
}

void Renderer::draw_raster(const std::string& id, float opacity) {
  const auto it = rasters_.find(id);
  if (it == rasters_.end()) return;
  const geo::Box& b = it->second.bounds;
  glUseProgram(raster_program_.get());
  set_view_uniforms(raster_program_.get());
  glUniform1f(glGetUniformLocation(raster_program_.get(), "u_opacity"), opacity);
  glUniform4f(glGetUniformLocation(raster_program_.get(), "u_bounds"),
              static_cast<float>(b.min_x - origin_.x), static_cast<float>(b.min_y - origin_.y),
              static_cast<float>(b.max_x - origin_.x), static_cast<float>(b.max_y - origin_.y));
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, it->second.texture.get());
  glUniform1i(glGetUniformLocation(raster_program_.get(), "u_texture"), 0);
  glBindVertexArray(raster_vao_.get());
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  glBindVertexArray(0);
  glBindTexture(GL_TEXTURE_2D, 0);
}

}  // namespace huxiao::viewer::gl
