#include "geo/geos.hpp"

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include <cstdarg>
#include <cstdio>

#include "core/error.hpp"

namespace huxiao::geo {

struct GeosContext::Impl {
  GEOSContextHandle_t handle = nullptr;
  std::string last_error;
};

namespace {

void on_geos_message(const char* message, void* userdata) {
  static_cast<std::string*>(userdata)->assign(message ? message : "");
}

struct GeomDeleter {
  GEOSContextHandle_t h;
  void operator()(GEOSGeometry* g) const {
    if (g) GEOSGeom_destroy_r(h, g);
  }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

GEOSGeometry* make_ring(GEOSContextHandle_t h, const Ring& ring) {
  Ring closed = ring;
  if (!closed.empty() && !(closed.front() == closed.back())) closed.push_back(closed.front());
  while (closed.size() < 4 && !closed.empty()) closed.push_back(closed.front());
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(closed.size()), 2);
  for (unsigned i = 0; i < closed.size(); ++i) {
    GEOSCoordSeq_setXY_r(h, seq, i, closed[i].x, closed[i].y);
  }
  return GEOSGeom_createLinearRing_r(h, seq);
}

GeomPtr to_geos(GEOSContextHandle_t h, const MultiPolygon& polygons) {
  std::vector<GEOSGeometry*> parts;
  for (const auto& poly : polygons) {
    GEOSGeometry* shell = make_ring(h, poly.outer);
    std::vector<GEOSGeometry*> holes;
    for (const auto& hole : poly.holes) holes.push_back(make_ring(h, hole));
    parts.push_back(
        GEOSGeom_createPolygon_r(h, shell, holes.data(), static_cast<unsigned>(holes.size())));
  }
  return GeomPtr(GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts.data(),
                                             static_cast<unsigned>(parts.size())),
                 GeomDeleter{h});
}

Ring ring_from(GEOSContextHandle_t h, const GEOSGeometry* ring) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(h, seq, &n);
  Ring out(n);
  for (unsigned i = 0; i < n; ++i) GEOSCoordSeq_getXY_r(h, seq, i, &out[i].x, &out[i].y);
  return out;
}

void collect_polygons(GEOSContextHandle_t h, const GEOSGeometry* g, MultiPolygon& out) {
  const int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_POLYGON) {
    if (GEOSisEmpty_r(h, g) == 1) return;
    Polygon p;
    p.outer = ring_from(h, GEOSGetExteriorRing_r(h, g));
    const int holes = GEOSGetNumInteriorRings_r(h, g);
    for (int i = 0; i < holes; ++i)
      p.holes.push_back(ring_from(h, GEOSGetInteriorRingN_r(h, g, i)));
    out.push_back(std::move(p));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < n; ++i) collect_polygons(h, GEOSGetGeometryN_r(h, g, i), out);
  }
}

ValidityReport validity_of(GEOSContextHandle_t h, const GEOSGeometry* g) {
  char* reason = nullptr;
  GEOSGeometry* location = nullptr;
  const char valid = GEOSisValidDetail_r(h, g, 0, &reason, &location);
  ValidityReport r;
  r.valid = valid == 1;
  if (!r.valid && reason != nullptr) r.reason = reason;
  if (reason) GEOSFree_r(h, reason);
  if (location) GEOSGeom_destroy_r(h, location);
  return r;
}

GeomPtr line_to_geos(GEOSContextHandle_t h, const LineString& line) {
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(line.size()), 2);
  for (unsigned i = 0; i < line.size(); ++i) GEOSCoordSeq_setXY_r(h, seq, i, line[i].x, line[i].y);
  return GeomPtr(GEOSGeom_createLineString_r(h, seq), GeomDeleter{h});
}

GeomPtr to_geos(GEOSContextHandle_t h, const Geometry& g) {
  return std::visit(
      [h](const auto& v) -> GeomPtr {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Point>) {
          return GeomPtr(GEOSGeom_createPointFromXY_r(h, v.x, v.y), GeomDeleter{h});
        } else if constexpr (std::is_same_v<T, LineString>) {
          return line_to_geos(h, v);
        } else if constexpr (std::is_same_v<T, Polygon>) {
          return to_geos(h, MultiPolygon{v});
        } else if constexpr (std::is_same_v<T, MultiLineString>) {
          std::vector<GEOSGeometry*> parts;
          for (const auto& l : v) parts.push_back(line_to_geos(h, l).release());
          return GeomPtr(GEOSGeom_createCollection_r(h, GEOS_MULTILINESTRING, parts.data(),
                                                     static_cast<unsigned>(parts.size())),
                         GeomDeleter{h});
        } else {
          return to_geos(h, v);
        }
      },
      g);
}

}  // namespace

MultiPolygon GeosContext::buffer(const Geometry& geometry, double distance,
                                 int quadrant_segments) const {
  auto g = to_geos(impl_->handle, geometry);
  GeomPtr b(GEOSBuffer_r(impl_->handle, g.get(), distance, quadrant_segments),
            GeomDeleter{impl_->handle});
  if (!b) throw Error(ErrorCode::kBadGeometry, "GEOS buffer failed: " + impl_->last_error);
  MultiPolygon out;
  collect_polygons(impl_->handle, b.get(), out);
  return out;
}

double GeosContext::distance(const Geometry& a, const Geometry& b) const {
  auto ga = to_geos(impl_->handle, a);
  auto gb = to_geos(impl_->handle, b);
  double d = 0.0;
  if (GEOSDistance_r(impl_->handle, ga.get(), gb.get(), &d) != 1) {
    throw Error(ErrorCode::kBadGeometry, "GEOS distance failed: " + impl_->last_error);
  }
  return d;
}

bool GeosContext::intersects(const MultiPolygon& a, const MultiPolygon& b) const {
  auto ga = to_geos(impl_->handle, a);
  auto gb = to_geos(impl_->handle, b);
  const char r = GEOSIntersects_r(impl_->handle, ga.get(), gb.get());
  if (r == 2) throw Error(ErrorCode::kBadGeometry, "GEOS intersects failed: " + impl_->last_error);
  return r == 1;
}

GeosContext::GeosContext() : impl_(std::make_unique<Impl>()) {
  impl_->handle = GEOS_init_r();
  GEOSContext_setErrorMessageHandler_r(impl_->handle, on_geos_message, &impl_->last_error);
}

GeosContext::~GeosContext() {
  if (impl_ && impl_->handle) GEOS_finish_r(impl_->handle);
}

const std::string& GeosContext::last_error() const {
  return impl_->last_error;
}

ValidityReport GeosContext::check(const MultiPolygon& polygons) const {
  auto g = to_geos(impl_->handle, polygons);
  if (!g) return {false, impl_->last_error};
  return validity_of(impl_->handle, g.get());
}

ValidityReport GeosContext::check(const LineString& line) const {
  if (line.size() < 2) return {false, "a line needs at least two points"};
  GEOSCoordSequence* seq =
      GEOSCoordSeq_create_r(impl_->handle, static_cast<unsigned>(line.size()), 2);
  for (unsigned i = 0; i < line.size(); ++i) {
    GEOSCoordSeq_setXY_r(impl_->handle, seq, i, line[i].x, line[i].y);
  }
  GeomPtr g(GEOSGeom_createLineString_r(impl_->handle, seq), GeomDeleter{impl_->handle});
  return validity_of(impl_->handle, g.get());
}

MultiPolygon GeosContext::make_valid(const MultiPolygon& polygons) const {
  auto g = to_geos(impl_->handle, polygons);
  GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(impl_->handle);
  GEOSMakeValidParams_setMethod_r(impl_->handle, params, GEOS_MAKE_VALID_STRUCTURE);
  GEOSMakeValidParams_setKeepCollapsed_r(impl_->handle, params, 0);
  GeomPtr fixed(GEOSMakeValidWithParams_r(impl_->handle, g.get(), params),
                GeomDeleter{impl_->handle});
  GEOSMakeValidParams_destroy_r(impl_->handle, params);
  if (!fixed) {
    throw Error(ErrorCode::kBadGeometry, "GEOS could not repair the polygon: " + impl_->last_error);
  }
  MultiPolygon out;
  collect_polygons(impl_->handle, fixed.get(), out);
  return out;
}

MultiPolygon GeosContext::unite(const MultiPolygon& polygons) const {
  auto g = to_geos(impl_->handle, polygons);
  GeomPtr u(GEOSUnaryUnion_r(impl_->handle, g.get()), GeomDeleter{impl_->handle});
  if (!u) throw Error(ErrorCode::kBadGeometry, "GEOS union failed: " + impl_->last_error);
  MultiPolygon out;
  collect_polygons(impl_->handle, u.get(), out);
  return out;
}

}  // namespace huxiao::geo

namespace huxiao::geo {

// [SECTION] added by the network module (isochrone areas)

MultiPolygon buffer_lines(const MultiLineString& lines, double distance, int quadrant_segments) {
  struct Handle {
    GEOSContextHandle_t h = GEOS_init_r();
    std::string error;
    Handle() { GEOSContext_setErrorMessageHandler_r(h, on_geos_message, &error); }
    ~Handle() { GEOS_finish_r(h); }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
  } ctx;
  std::vector<GEOSGeometry*> parts;
  for (const auto& line : lines) {
    if (line.empty()) continue;
    const LineString& l = line.size() == 1 ? LineString{line.front(), line.front()} : line;
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx.h, static_cast<unsigned>(l.size()), 2);
    for (unsigned i = 0; i < l.size(); ++i) GEOSCoordSeq_setXY_r(ctx.h, seq, i, l[i].x, l[i].y);
    parts.push_back(GEOSGeom_createLineString_r(ctx.h, seq));
  }
  GeomPtr collection(GEOSGeom_createCollection_r(ctx.h, GEOS_MULTILINESTRING, parts.data(),
                                                 static_cast<unsigned>(parts.size())),
                     GeomDeleter{ctx.h});
  if (!collection)
    throw Error(ErrorCode::kBadGeometry, "GEOS could not build the lines: " + ctx.error);
  // Pieces that meet end to end become one line first: fewer, longer lines buffer faster.
  GeomPtr merged(GEOSLineMerge_r(ctx.h, collection.get()), GeomDeleter{ctx.h});
  const GEOSGeometry* input = merged ? merged.get() : collection.get();
  GeomPtr buffered(GEOSBuffer_r(ctx.h, input, distance, quadrant_segments), GeomDeleter{ctx.h});
  if (!buffered) throw Error(ErrorCode::kBadGeometry, "GEOS buffer failed: " + ctx.error);
  MultiPolygon out;
  collect_polygons(ctx.h, buffered.get(), out);
  return out;
}

}  // namespace huxiao::geo
