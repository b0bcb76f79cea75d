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
