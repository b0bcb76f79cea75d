#pragma once
// Coordinate reference systems. Anything PROJ knows is accepted, plus the two offset systems of
// Chinese map services (GCJ-02, BD-09), which PROJ does not model: they are WGS84 lon/lat with a
// non-linear shift, undone in geo/chinese_offsets before PROJ sees the coordinates.

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "geo/geometry.hpp"

namespace huxiao::geo {

enum class ChineseOffset { kNone, kGcj02, kBd09 };

struct Crs {
  std::string definition;  // what PROJ is given: "EPSG:4326", WKT or a PROJ string
  ChineseOffset offset = ChineseOffset::kNone;

  static Crs wgs84() { return {"EPSG:4326", ChineseOffset::kNone}; }
  // Parses what a user types: "GCJ-02", "BD-09", "WGS84", "CGCS2000", "EPSG:4547", WKT, PROJ.
  // Throws Error(kBadCrs) for anything PROJ cannot build.
  static Crs parse(std::string_view user_text);

  bool empty() const { return definition.empty(); }
  std::string label() const;  // short, human: "EPSG:32648", "GCJ-02"
  bool is_geographic() const;
  std::optional<int> epsg() const;
  std::string wkt() const;  // WKT2 of the PROJ CRS (for GCJ/BD: of WGS84)
};

// The UTM zone of a WGS84 position (EPSG:326zz north, 327zz south): the default local metric CRS.
Crs utm_crs_for(const Point& lonlat);

// RAII holder of one PROJ context and one transformation. Not shared between threads: build one
// per thread (that is PROJ's threading rule, and it keeps the engine free of global state).
class Transformer {
 public:
  Transformer(const Crs& from, const Crs& to);
  ~Transformer();
  Transformer(Transformer&&) noexcept;
  Transformer& operator=(Transformer&&) noexcept;

  // Returns nullopt where the point cannot be transformed (outside the CRS's domain).
  std::optional<Point> apply(const Point& p) const;
  // Transforms in place; returns false if any point failed (those become NaN).
  bool apply_in_place(std::span<Point> points) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace huxiao::geo
