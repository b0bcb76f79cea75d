#pragma once
// A region of the project: a bounding box or an administrative polygon, in the project's CRS.
// Every analysis can be limited to one, so a national run splits by county across machines.

#include <optional>
#include <string>

#include "geo/crs.hpp"
#include "geo/geometry.hpp"

namespace huxiao::geo {

class Region {
 public:
  Region() = default;  // the whole project
  static Region from_box(const Box& box, std::string name = {});
  static Region from_polygon(MultiPolygon polygon, std::string name = {});
  // "minlon,minlat,maxlon,maxlat" in WGS84 degrees. Throws kBadParameter with the fix.
  static Region parse_lonlat_box(std::string_view text);

  bool whole() const { return !box_.has_value(); }
  bool contains(const Point& p) const;
  bool intersects(const Box& b) const;
  const Box& box() const { return *box_; }
  const std::optional<MultiPolygon>& polygon() const { return polygon_; }
  const std::string& name() const { return name_; }

  // The same region in another CRS (densified box edges so curved projections stay faithful).
  Region transformed(const Transformer& t) const;

 private:
  std::optional<Box> box_;
  std::optional<MultiPolygon> polygon_;
  std::string name_;
};

}  // namespace huxiao::geo
