#pragma once
// RAII over GEOS's reentrant C API. One GeosContext per thread; geometries never outlive it.

#include <memory>
#include <string>

#include "geo/geometry.hpp"

namespace huxiao::geo {

struct ValidityReport {
  bool valid = true;
  std::string reason;  // GEOS's words, e.g. "Self-intersection[10 20]"
};

class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;

  ValidityReport check(const MultiPolygon& polygons) const;
  ValidityReport check(const LineString& line) const;
  // GEOS MakeValid (structure method, keeping collapsed parts out): the areal part only.
  MultiPolygon make_valid(const MultiPolygon& polygons) const;
  // Union of polygons (used to merge touching parts after repair).
  MultiPolygon unite(const MultiPolygon& polygons) const;

  // Display outline of everything within `distance` of the geometry (round joins,
  // `quadrant_segments` segments per quarter circle). Buffers are for drawing; distance tests use
  // exact distances.
  MultiPolygon buffer(const Geometry& geometry, double distance, int quadrant_segments = 32) const;
  // Exact planar distance between two geometries (GEOSDistance), 0 if they touch or overlap.
  double distance(const Geometry& a, const Geometry& b) const;
  bool intersects(const MultiPolygon& a, const MultiPolygon& b) const;

  const std::string& last_error() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace huxiao::geo

namespace huxiao::geo {

// [SECTION] added by the network module (isochrone areas)
// The union of `distance`-metre buffers around `lines`, with round caps. Runs in a GEOS context
// of its own, so any thread may call it. Throws Error(kBadGeometry) if GEOS fails.
MultiPolygon buffer_lines(const MultiLineString& lines, double distance, int quadrant_segments = 4);

}  // namespace huxiao::geo
