#include "geo/region.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/text.hpp"

namespace huxiao::geo {

Region Region::from_box(const Box& box, std::string name) {
  Region r;
  r.box_ = box;
  r.name_ = std::move(name);
  return r;
}

Region Region::from_polygon(MultiPolygon polygon, std::string name) {
  Region r;
  r.box_ = bounds(polygon);
  r.polygon_ = std::move(polygon);
  r.name_ = std::move(name);
  return r;
}

Region Region::parse_lonlat_box(std::string_view text) {
  const auto parts = text::split(text, ',');
  const std::string fix =
      "write the region as MINLON,MINLAT,MAXLON,MAXLAT in degrees, "
      "e.g. 104.04,30.65,104.13,30.73";
  if (parts.size() != 4) {
    throw Error(ErrorCode::kBadParameter,
                fmt::format("region '{}' needs 4 numbers, got {}", text, parts.size()),
                {.fix = fix});
  }
  double v[4];
  for (int i = 0; i < 4; ++i) {
    const auto d = text::parse_double(parts[i]);
    if (!d) {
      throw Error(ErrorCode::kBadParameter,
                  fmt::format("region value '{}' is not a number", text::trim(parts[i])),
                  {.fix = fix});
    }
    v[i] = *d;
  }
  if (v[0] >= v[2] || v[1] >= v[3] || v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90) {
    throw Error(ErrorCode::kBadParameter, fmt::format("region '{}' is not a valid box", text),
                {.fix = fix});
  }
  return from_box(Box{v[0], v[1], v[2], v[3]});
}

bool Region::contains(const Point& p) const {
  if (!box_) return true;
  if (!box_->contains(p)) return false;
  return !polygon_ || geo::contains(*polygon_, p);
}

bool Region::intersects(const Box& b) const {
  return !box_ || box_->intersects(b);
}

Region Region::transformed(const Transformer& t) const {
  if (!box_) return *this;
  Region out;
  out.name_ = name_;
  if (polygon_) {
    MultiPolygon poly = *polygon_;
    Geometry g = poly;
    for_each_point(g, [&](Point& p) {
      if (auto q = t.apply(p)) p = *q;
    });
    out.polygon_ = std::get<MultiPolygon>(g);
    out.box_ = bounds(*out.polygon_);
    return out;
  }
  // A lon/lat box is curved in a projected CRS: keep its densified outline as the polygon so
  // containment matches the box the user typed.
  constexpr int kSteps = 16;
  const Box& b = *box_;
  const Point corners[5] = {{b.min_x, b.min_y},
                            {b.max_x, b.min_y},
                            {b.max_x, b.max_y},
                            {b.min_x, b.max_y},
                            {b.min_x, b.min_y}};
  Ring outline;
  for (int side = 0; side < 4; ++side) {
    for (int i = 0; i < kSteps; ++i) {
      const double f = static_cast<double>(i) / kSteps;
      const Point p{corners[side].x + f * (corners[side + 1].x - corners[side].x),
                    corners[side].y + f * (corners[side + 1].y - corners[side].y)};
      if (auto q = t.apply(p)) outline.push_back(*q);
    }
  }
  if (outline.size() < 3) {
    throw Error(ErrorCode::kBadParameter, "the region cannot be expressed in the project's CRS",
                {.fix = "choose a region inside the project's area"});
  }
  outline.push_back(outline.front());
  out.box_ = bounds(outline);
  out.polygon_ = MultiPolygon{Polygon{std::move(outline), {}}};
  return out;
}

}  // namespace huxiao::geo
