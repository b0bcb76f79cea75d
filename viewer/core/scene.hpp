#pragma once
// Turns the document into GPU-ready triangle meshes, one per map layer, on the CPU and without
// any GL, so what is drawn can be tested headless. Every vertex carries a world position
// (relative to the scene origin, as float) plus an offset in screen pixels: lines keep their
// pixel width and markers their pixel size at every zoom, and one shader draws everything.

#include <cstdint>
#include <string>
#include <vector>

#include "viewer/core/colormap.hpp"
#include "viewer/core/document.hpp"

namespace huxiao::viewer {

struct Vertex {
  float x = 0, y = 0;      // metres from Scene::origin
  float ox = 0, oy = 0;    // pixels, y up
  std::uint32_t rgba = 0;  // packed r | g << 8 | b << 16 | a << 24 (GL_UNSIGNED_BYTE × 4)
};

struct Mesh {
  std::vector<Vertex> vertices;
  std::vector<std::uint32_t> indices;  // triangles
  bool empty() const { return indices.empty(); }
};

struct Label {
  geo::Point at;  // project CRS
  std::string text;
  int priority = 0;  // higher first when labels collide
};

// A coarser mesh of a layer for zoomed-out views: lines simplified to half a pixel at
// `min_mpp`. llvmpipe pays per triangle, and at 17 m/px most street segments are sub-pixel.
struct LodMesh {
  double min_mpp = 0.0;  // used from this many metres per pixel up
  Mesh mesh;
};

struct SceneLayer {
  std::string id;     // "roads", "schools", or a store layer's name
  std::string title;  // shown in the layers panel (Chinese)
  Mesh mesh;
  std::vector<Label> labels;
  std::vector<LodMesh> lods;  // ascending min_mpp; empty: `mesh` at every zoom
  const Mesh& mesh_at(double mpp) const;
};

struct Scene {
  geo::Point origin;  // float precision stays at millimetres near it
  geo::Box extent;
  std::vector<SceneLayer> layers;  // default draw order, bottom first
  const SceneLayer* find(std::string_view id) const;
};

Scene build_scene(const Document& doc);

// [SECTION] styles (also used by the legend)
std::uint32_t pack(Rgba c);
Rgba school_colour(model::SchoolLevel level);
std::string_view school_level_title(model::SchoolLevel level);  // 小学
Rgba road_colour(model::RoadClass c);
float road_width_px(model::RoadClass c);

// [SECTION] mesh building blocks
void add_line(Mesh& mesh, const geo::LineString& line, const geo::Point& origin, float width_px,
              Rgba colour);
// Douglas–Peucker: the line within `tolerance` metres, ends kept.
geo::LineString simplify(const geo::LineString& line, double tolerance);
void add_fill(Mesh& mesh, const geo::Polygon& polygon, const geo::Point& origin, Rgba colour);
void add_disc(Mesh& mesh, const geo::Point& at, const geo::Point& origin, float radius_px,
              Rgba colour, int sides = 12);

}  // namespace huxiao::viewer
