#include "viewer/core/scene.hpp"

#include "viewer/core/playback.hpp"

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <numbers>

namespace huxiao::viewer {

namespace {

// [SECTION] GEOS triangulation of polygons (constrained Delaunay keeps concave shapes and holes)

class Triangulator {
 public:
  Triangulator() : ctx_(GEOS_init_r()) {}
  ~Triangulator() { GEOS_finish_r(ctx_); }
  Triangulator(const Triangulator&) = delete;
  Triangulator& operator=(const Triangulator&) = delete;

  // Calls `emit` with each triangle's three corners; false when GEOS could not triangulate.
  bool triangulate(const geo::Polygon& polygon,
                   const std::function<void(const geo::Point*)>& emit) const {
    GEOSGeometry* shell = ring(polygon.outer);
    if (!shell) return false;
    std::vector<GEOSGeometry*> holes;
    for (const auto& h : polygon.holes)
      if (GEOSGeometry* g = ring(h)) holes.push_back(g);
    GEOSGeometry* poly =
        GEOSGeom_createPolygon_r(ctx_, shell, holes.data(), static_cast<unsigned>(holes.size()));
    if (!poly) return false;
    std::unique_ptr<GEOSGeometry, Deleter> owned_poly(poly, Deleter{ctx_});
    std::unique_ptr<GEOSGeometry, Deleter> tris(GEOSConstrainedDelaunayTriangulation_r(ctx_, poly),
                                                Deleter{ctx_});
    if (!tris) return false;
    const int n = GEOSGetNumGeometries_r(ctx_, tris.get());
    for (int i = 0; i < n; ++i) {
      const GEOSGeometry* tri = GEOSGetGeometryN_r(ctx_, tris.get(), i);
      const GEOSGeometry* outer = GEOSGetExteriorRing_r(ctx_, tri);
      const GEOSCoordSequence* seq = outer ? GEOSGeom_getCoordSeq_r(ctx_, outer) : nullptr;
      if (!seq) continue;
      geo::Point corners[3];
      for (unsigned k = 0; k < 3; ++k)
        GEOSCoordSeq_getXY_r(ctx_, seq, k, &corners[k].x, &corners[k].y);
      emit(corners);
    }
    return true;
  }

 private:
  struct Deleter {
    GEOSContextHandle_t ctx;
    void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(ctx, g); }
  };

  GEOSGeometry* ring(const geo::Ring& r) const {
    if (r.size() < 4) return nullptr;
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx_, static_cast<unsigned>(r.size()), 2);
    for (unsigned i = 0; i < r.size(); ++i) GEOSCoordSeq_setXY_r(ctx_, seq, i, r[i].x, r[i].y);
    return GEOSGeom_createLinearRing_r(ctx_, seq);  // takes the sequence
  }

  GEOSContextHandle_t ctx_;
};

Vertex vertex(const geo::Point& p, const geo::Point& origin, double ox, double oy,
              std::uint32_t rgba) {
  return {static_cast<float>(p.x - origin.x), static_cast<float>(p.y - origin.y),
          static_cast<float>(ox), static_cast<float>(oy), rgba};
}

std::uint32_t base(const Mesh& m) {
  return static_cast<std::uint32_t>(m.vertices.size());
}

Rgba with_alpha(Rgba c, std::uint8_t a) {
  c.a = a;
  return c;
}

// A colour for store layers the viewer has no style for, stable per name.
Rgba colour_for_name(std::string_view name) {
  const auto h = std::hash<std::string_view>{}(name);
  return sample(Colormap::kViridis, static_cast<double>(h % 1000) / 1000.0);
}

}  // namespace

// [SECTION] styles

std::uint32_t pack(Rgba c) {
  return static_cast<std::uint32_t>(c.r) | static_cast<std::uint32_t>(c.g) << 8 |
         static_cast<std::uint32_t>(c.b) << 16 | static_cast<std::uint32_t>(c.a) << 24;
}

Rgba school_colour(model::SchoolLevel level) {
  using L = model::SchoolLevel;
  switch (level) {
    case L::kKindergarten:
      return {236, 64, 122};
    case L::kPrimary:
      return {211, 47, 47};
    case L::kJunior:
      return {239, 108, 0};
    case L::kSenior:
      return {123, 31, 162};
    case L::kNineYear:
      return {173, 20, 87};
    case L::kVocational:
      return {109, 76, 65};
    case L::kUniversity:
      return {40, 53, 147};
  }
  return {211, 47, 47};
}

std::string_view school_level_title(model::SchoolLevel level) {
  using L = model::SchoolLevel;
  switch (level) {
    case L::kKindergarten:
      return "幼儿园";
    case L::kPrimary:
      return "小学";
    case L::kJunior:
      return "初中";
    case L::kSenior:
      return "高中";
    case L::kNineYear:
      return "九年一贯制";
    case L::kVocational:
      return "职业学校";
    case L::kUniversity:
      return "高校";
  }
  return "";
}

Rgba road_colour(model::RoadClass c) {
  using R = model::RoadClass;
  switch (c) {
    case R::kMotorway:
      return {224, 120, 140};
    case R::kTrunk:
      return {240, 150, 120};
    case R::kPrimary:
      return {245, 180, 100};
    case R::kSecondary:
      return {225, 200, 90};
    case R::kTertiary:
      return {160, 160, 160};
    case R::kUnclassified:
    case R::kResidential:
    case R::kLivingStreet:
      return {175, 175, 175};
    case R::kService:
      return {200, 200, 200};
    case R::kPedestrian:
    case R::kFootway:
    case R::kPath:
    case R::kSteps:
    case R::kTrack:
      return {205, 160, 150};
    case R::kCycleway:
      return {120, 150, 220};
  }
  return {180, 180, 180};
}

float road_width_px(model::RoadClass c) {
  using R = model::RoadClass;
  switch (c) {
    case R::kMotorway:
      return 5.0f;
    case R::kTrunk:
      return 4.5f;
    case R::kPrimary:
      return 4.0f;
    case R::kSecondary:
      return 3.5f;
    case R::kTertiary:
      return 2.5f;
    case R::kUnclassified:
    case R::kResidential:
    case R::kLivingStreet:
      return 1.8f;
    default:
      return 1.0f;
  }
}

// [SECTION] mesh building blocks

void add_line(Mesh& mesh, const geo::LineString& line, const geo::Point& origin, float width_px,
              Rgba colour) {
  const std::uint32_t rgba = pack(colour);
  const double half = width_px / 2.0;
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    const geo::Point a = line[i], b = line[i + 1];
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    if (len <= 0.0) continue;
    const double nx = -(b.y - a.y) / len * half, ny = (b.x - a.x) / len * half;
    // Extending each end by half a width closes the gaps at joints without join geometry.
    const double tx = (b.x - a.x) / len * half, ty = (b.y - a.y) / len * half;
    const std::uint32_t k = base(mesh);
    mesh.vertices.push_back(vertex(a, origin, nx - tx, ny - ty, rgba));
    mesh.vertices.push_back(vertex(a, origin, -nx - tx, -ny - ty, rgba));
    mesh.vertices.push_back(vertex(b, origin, nx + tx, ny + ty, rgba));
    mesh.vertices.push_back(vertex(b, origin, -nx + tx, -ny + ty, rgba));
    mesh.indices.insert(mesh.indices.end(), {k, k + 1, k + 2, k + 1, k + 3, k + 2});
  }
}

geo::LineString simplify(const geo::LineString& line, double tolerance) {
  if (line.size() < 3 || tolerance <= 0.0) return line;
  std::vector<char> keep(line.size(), 0);
  keep.front() = keep.back() = 1;
  std::vector<std::pair<std::size_t, std::size_t>> todo{{0, line.size() - 1}};
  while (!todo.empty()) {
    const auto [a, b] = todo.back();
    todo.pop_back();
    const geo::Point p = line[a], q = line[b];
    const double dx = q.x - p.x, dy = q.y - p.y, len = std::hypot(dx, dy);
    double worst = -1.0;
    std::size_t at = a;
    for (std::size_t i = a + 1; i < b; ++i) {
      const double d = len > 0 ? std::abs(dy * (line[i].x - p.x) - dx * (line[i].y - p.y)) / len
                               : std::hypot(line[i].x - p.x, line[i].y - p.y);
      if (d > worst) worst = d, at = i;
    }
    if (worst > tolerance) {
      keep[at] = 1;
      todo.push_back({a, at});
      todo.push_back({at, b});
    }
  }
  geo::LineString out;
  for (std::size_t i = 0; i < line.size(); ++i)
    if (keep[i]) out.push_back(line[i]);
  return out;
}

const Mesh& SceneLayer::mesh_at(double mpp) const {
  const Mesh* m = &mesh;
  for (const auto& lod : lods)
    if (mpp >= lod.min_mpp) m = &lod.mesh;
  return *m;
}

void add_fill(Mesh& mesh, const geo::Polygon& polygon, const geo::Point& origin, Rgba colour) {
  const std::uint32_t rgba = pack(colour);
  auto emit = [&](const geo::Point* c) {
    const std::uint32_t k = base(mesh);
    for (int i = 0; i < 3; ++i) mesh.vertices.push_back(vertex(c[i], origin, 0, 0, rgba));
    mesh.indices.insert(mesh.indices.end(), {k, k + 1, k + 2});
  };
  const auto& r = polygon.outer;
  // Small convex-enough shapes (campus rectangles, drawn quads) skip GEOS: a fan is exact.
  if (polygon.holes.empty() && r.size() == 5) {
    const geo::Point a[3] = {r[0], r[1], r[2]}, b[3] = {r[0], r[2], r[3]};
    const double cross =
        (r[1].x - r[0].x) * (r[2].y - r[1].y) - (r[1].y - r[0].y) * (r[2].x - r[1].x);
    const double cross2 =
        (r[2].x - r[1].x) * (r[3].y - r[2].y) - (r[2].y - r[1].y) * (r[3].x - r[2].x);
    if ((cross > 0) == (cross2 > 0)) {
      emit(a);
      emit(b);
      return;
    }
  }
  thread_local Triangulator triangulator;  // one GEOS context per thread (GEOS's rule)
  triangulator.triangulate(polygon, emit);
}

void add_disc(Mesh& mesh, const geo::Point& at, const geo::Point& origin, float radius_px,
              Rgba colour, int sides) {
  const std::uint32_t rgba = pack(colour);
  const std::uint32_t k = base(mesh);
  mesh.vertices.push_back(vertex(at, origin, 0, 0, rgba));
  for (int i = 0; i < sides; ++i) {
    const double a = 2.0 * std::numbers::pi * i / sides;
    mesh.vertices.push_back(
        vertex(at, origin, radius_px * std::cos(a), radius_px * std::sin(a), rgba));
  }
  for (std::uint32_t i = 0; i < static_cast<std::uint32_t>(sides); ++i)
    mesh.indices.insert(mesh.indices.end(),
                        {k, k + 1 + i, k + 1 + (i + 1) % static_cast<std::uint32_t>(sides)});
}

// [SECTION] layers

namespace {

void add_area(Mesh& mesh, const geo::MultiPolygon& area, const geo::Point& o, Rgba fill,
              Rgba outline, float outline_px) {
  for (const auto& poly : area) add_fill(mesh, poly, o, fill);
  for (const auto& poly : area) {
    add_line(mesh, poly.outer, o, outline_px, outline);
    for (const auto& h : poly.holes) add_line(mesh, h, o, outline_px, outline);
  }
}

// The zoom bands of the coarser meshes: each simplifies to half a pixel of its band.
constexpr double kLodBands[] = {4.0, 16.0, 64.0};

void add_outline(Mesh& mesh, const geo::MultiPolygon& area, const geo::Point& o, float px,
                 Rgba colour, double tolerance) {
  for (const auto& poly : area) {
    add_line(mesh, simplify(poly.outer, tolerance), o, px, colour);
    for (const auto& h : poly.holes) add_line(mesh, simplify(h, tolerance), o, px, colour);
  }
}

SceneLayer water_layer(const Document& d, const geo::Point& o) {
  SceneLayer l{"water", "水域", {}, {}};
  const Rgba fill{166, 206, 240}, edge{90, 150, 210};
  for (const auto& w : d.project.water) {
    for (const auto& poly : w.area) add_fill(l.mesh, poly, o, fill);
    if (!w.name.empty()) l.labels.push_back({geo::centroid(w.area), w.name, 1});
  }
  // Fills are triangulated once; only the outlines change with the zoom band.
  const Mesh fills = l.mesh;
  for (const auto& w : d.project.water) add_outline(l.mesh, w.area, o, 1.0f, edge, 0.0);
  for (const double band : kLodBands) {
    LodMesh lod{band, fills};
    for (const auto& w : d.project.water) add_outline(lod.mesh, w.area, o, 1.0f, edge, band / 2);
    l.lods.push_back(std::move(lod));
  }
  return l;
}

Mesh waterways_mesh(const Document& d, const geo::Point& o, double tolerance) {
  Mesh m;
  for (const auto& w : d.project.waterways) {
    const bool big = w.kind == model::WaterKind::kRiver || w.kind == model::WaterKind::kCanal;
    add_line(m, simplify(w.line, tolerance), o, big ? 3.0f : 1.5f, {90, 150, 210});
  }
  return m;
}

SceneLayer waterways_layer(const Document& d, const geo::Point& o) {
  SceneLayer l{"waterways", "河渠", waterways_mesh(d, o, 0.0), {}};
  for (const double band : kLodBands) l.lods.push_back({band, waterways_mesh(d, o, band / 2)});
  return l;
}

// Major classes (tertiary and up) and the rest apart: zoomed out, the minor streets are
// hidden (App::kMinorRoadsMaxMpp), which keeps llvmpipe's frame time flat on big regions.
bool is_major(model::RoadClass c) {
  return road_width_px(c) >= road_width_px(model::RoadClass::kTertiary);
}

SceneLayer roads_layer(const Document& d, const geo::Point& o, bool major) {
  SceneLayer l{major ? "roads" : "roads_minor", major ? "道路" : "次要道路", {}, {}};
  // Narrow classes first so wider ones draw over them at crossings.
  std::vector<const model::Road*> order;
  for (const auto& r : d.project.roads)
    if (is_major(r.road_class) == major) order.push_back(&r);
  std::stable_sort(order.begin(), order.end(), [](const model::Road* a, const model::Road* b) {
    return road_width_px(a->road_class) < road_width_px(b->road_class);
  });
  const auto mesh = [&](double tolerance) {
    Mesh m;
    for (const auto* r : order) {
      const geo::LineString line = simplify(r->line, tolerance);
      // A street shorter than a pixel is hidden under the streets it joins.
      const geo::Box b = geo::bounds(line);
      if (tolerance > 0 && std::hypot(b.max_x - b.min_x, b.max_y - b.min_y) < 2 * tolerance)
        continue;
      add_line(m, line, o, road_width_px(r->road_class), road_colour(r->road_class));
    }
    return m;
  };
  l.mesh = mesh(0.0);
  for (const double band : kLodBands) l.lods.push_back({band, mesh(band / 2)});
  return l;
}

SceneLayer campuses_layer(const Document& d, const geo::Point& o) {
  SceneLayer l{"campuses", "校园", {}, {}};
  for (const auto& s : d.project.schools)
    if (s.campus)
      add_area(l.mesh, *s.campus, o, with_alpha(school_colour(s.level), 60), school_colour(s.level),
               1.0f);
  return l;
}

SceneLayer zones_layer(const Document& d, const geo::Point& o) {
  SceneLayer l{std::string(kZonesLayer), "安全区", {}, {}};
  for (const auto& z : d.zones) add_area(l.mesh, z.area, o, {255, 152, 0, 70}, {230, 81, 0}, 2.0f);
  return l;
}

SceneLayer pois_layer(const Document& d, const geo::Point& o) {
  SceneLayer l{"pois", "重点场所", {}, {}};
  for (const auto& p : d.project.pois) {
    add_disc(l.mesh, p.location, o, 4.0f, {255, 255, 255}, 8);
    add_disc(l.mesh, p.location, o, 3.0f, {142, 36, 170}, 8);
  }
  return l;
}

SceneLayer police_layer(const Document& d, const geo::Point& o) {
  SceneLayer l{"police", "警务", {}, {}};
  for (const auto& p : d.project.police) {
    const bool post = p.kind != model::PoliceKind::kStation;
    if (d.fixed_posts.contains(p.id)) add_disc(l.mesh, p.location, o, 11.0f, {0, 0, 0}, 4);
    add_disc(l.mesh, p.location, o, post ? 8.0f : 9.0f, {255, 255, 255}, 4);
    add_disc(l.mesh, p.location, o, post ? 6.0f : 7.0f, {21, 101, 192}, 4);
    l.labels.push_back({p.location, p.name, 2});
  }
  return l;
}

SceneLayer gates_layer(const Document& d, const geo::Point& o) {
  SceneLayer l{"gates", "校门", {}, {}};
  for (const auto& s : d.project.schools)
    for (const auto& g : s.gates) {
      add_disc(l.mesh, g.location, o, 4.0f, {255, 255, 255}, 4);
      add_disc(l.mesh, g.location, o, 3.0f, {33, 33, 33}, 4);
    }
  return l;
}

SceneLayer schools_layer(const Document& d, const geo::Point& o) {
  SceneLayer l{"schools", "学校", {}, {}};
  for (const auto& s : d.project.schools) {
    add_disc(l.mesh, s.location, o, 7.0f, {255, 255, 255});
    add_disc(l.mesh, s.location, o, 5.5f, school_colour(s.level));
    l.labels.push_back({s.location, s.name, 3});
  }
  return l;
}

// Analysis outputs and other store layers, drawn by geometry type.
// How an analysis layer is drawn: the engine's known outputs get a style of their own, any
// other layer a colour from its name.
struct TableStyle {
  Rgba colour;
  float point_px = 4.0f;
  int sides = 6;
  float line_px = 2.0f;
  std::uint8_t fill_alpha = 70;
};

TableStyle style_for(std::string_view name) {
  if (name == "deploy_posts") return {{194, 24, 91}, 8.0f, 4};
  if (name == "deploy_assignments") return {{120, 144, 156}, 4.0f, 6, 1.5f};
  if (name == "zone_findings") return {{229, 57, 53}, 3.5f, 8};
  if (name == "sign_sites") return {{251, 192, 45}, 6.0f, 3};
  if (name == "water_risk") return {{183, 28, 28}, 4.0f, 6, 2.0f, 30};
  if (name == "drill_exits") return {{46, 125, 50}, 4.0f, 6, 4.0f};
  if (name == "drill_plan") return {{158, 158, 158}, 4.0f, 6, 1.0f, 255};
  return {colour_for_name(name)};
}

// Drill plans colour their areas by role; a set `closed` column (a closed exit) draws red.
Rgba row_colour(const model::Table& t, const model::Row& row, Rgba normal) {
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    if (t.columns[i].name == "closed" && model::value_as_integer(row.values[i]).value_or(0) != 0)
      return {211, 47, 47};
    if (t.name == "drill_plan" && t.columns[i].name == "role") {
      const auto role = model::value_as_text(row.values[i]);
      if (role == "walkable") return {224, 224, 224};
      if (role == "room") return {255, 224, 178};
      if (role == "stair") return {179, 157, 219};
      if (role == "assembly") return {200, 230, 201};
      if (role == "obstacle") return {97, 97, 97};
    }
  }
  return normal;
}

SceneLayer table_layer(const model::Table& t, const geo::Point& o) {
  SceneLayer l{t.name, t.name, {}, {}};
  const TableStyle st = style_for(t.name);
  for (const auto& row : t.rows) {
    if (!row.geometry) continue;
    const Rgba c = row_colour(t, row, st.colour);
    const Rgba edge = t.name == "drill_plan" ? Rgba{117, 117, 117} : c;
    std::visit(
        [&](const auto& g) {
          using G = std::decay_t<decltype(g)>;
          if constexpr (std::is_same_v<G, geo::Point>) {
            add_disc(l.mesh, g, o, st.point_px + 1.5f, {255, 255, 255}, st.sides);
            add_disc(l.mesh, g, o, st.point_px, c, st.sides);
          } else if constexpr (std::is_same_v<G, geo::LineString>) {
            add_line(l.mesh, g, o, st.line_px, c);
          } else if constexpr (std::is_same_v<G, geo::MultiLineString>) {
            for (const auto& line : g) add_line(l.mesh, line, o, st.line_px, c);
          } else if constexpr (std::is_same_v<G, geo::Polygon>) {
            add_area(l.mesh, {g}, o, with_alpha(c, st.fill_alpha), edge, 1.5f);
          } else {
            add_area(l.mesh, g, o, with_alpha(c, st.fill_alpha), edge, 1.5f);
          }
        },
        *row.geometry);
  }
  return l;
}

}  // namespace

const SceneLayer* Scene::find(std::string_view id) const {
  for (const auto& l : layers)
    if (l.id == id) return &l;
  return nullptr;
}

Scene build_scene(const Document& doc) {
  Scene s;
  s.extent = doc.project.extent();
  for (const auto& z : doc.zones) s.extent.expand(geo::bounds(z.area));
  // A drill plan (or any analysis output) may be all a document holds.
  for (const auto& t : doc.extra_layers)
    if (t.name != "import_issues")
      for (const auto& row : t.rows)
        if (row.geometry && !std::holds_alternative<geo::Point>(*row.geometry))
          s.extent.expand(geo::bounds(*row.geometry));
  s.origin = s.extent.empty() ? geo::Point{} : s.extent.center();
  const auto& o = s.origin;
  s.layers.push_back(water_layer(doc, o));
  s.layers.push_back(waterways_layer(doc, o));
  s.layers.push_back(roads_layer(doc, o, false));
  s.layers.push_back(roads_layer(doc, o, true));
  s.layers.push_back(campuses_layer(doc, o));
  s.layers.push_back(zones_layer(doc, o));
  for (const auto& t : doc.extra_layers)
    // Trajectories are played back, not drawn as a cloud of every recorded position.
    if (t.geometry_kind != model::GeometryKind::kNone && t.name != "import_issues" &&
        !Playback::is_trajectory_layer(t))
      s.layers.push_back(table_layer(t, o));
  s.layers.push_back(pois_layer(doc, o));
  s.layers.push_back(police_layer(doc, o));
  s.layers.push_back(gates_layer(doc, o));
  s.layers.push_back(schools_layer(doc, o));
  return s;
}

}  // namespace huxiao::viewer
