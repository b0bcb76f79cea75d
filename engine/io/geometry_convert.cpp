#include "io/geometry_convert.hpp"

#include <fmt/format.h>

namespace huxiao::io {
namespace {

geo::LineString from_curve(const OGRSimpleCurve& c) {
  geo::LineString out(static_cast<std::size_t>(c.getNumPoints()));
  for (int i = 0; i < c.getNumPoints(); ++i)
    out[static_cast<std::size_t>(i)] = {c.getX(i), c.getY(i)};
  return out;
}

geo::Polygon from_polygon(const OGRPolygon& p) {
  geo::Polygon out;
  if (const OGRLinearRing* r = p.getExteriorRing()) out.outer = from_curve(*r);
  for (int i = 0; i < p.getNumInteriorRings(); ++i)
    out.holes.push_back(from_curve(*p.getInteriorRing(i)));
  return out;
}

void collect(const OGRGeometry& g, geo::MultiPolygon& polys, geo::MultiLineString& lines,
             std::vector<geo::Point>& points) {
  switch (wkbFlatten(g.getGeometryType())) {
    case wkbPoint: {
      const auto& p = *g.toPoint();
      points.push_back({p.getX(), p.getY()});
      break;
    }
    case wkbLineString:
      lines.push_back(from_curve(*g.toLineString()));
      break;
    case wkbPolygon:
      polys.push_back(from_polygon(*g.toPolygon()));
      break;
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
      for (const OGRGeometry* part : *g.toGeometryCollection())
        collect(*part, polys, lines, points);
      break;
    default: {
      // Curves, surfaces, TINs: approximate linearly, then collect what that gives.
      GeometryPtr linear(g.getLinearGeometry());
      if (linear && wkbFlatten(linear->getGeometryType()) != wkbFlatten(g.getGeometryType())) {
        collect(*linear, polys, lines, points);
      }
      break;
    }
  }
}

}  // namespace

std::optional<geo::Geometry> to_engine_geometry(const OGRGeometry& g, std::string& problem) {
  geo::MultiPolygon polys;
  geo::MultiLineString lines;
  std::vector<geo::Point> points;
  collect(g, polys, lines, points);
  // A feature is one thing on the ground: keep its dominant dimension.
  if (!polys.empty()) {
    if (polys.size() == 1 && wkbFlatten(g.getGeometryType()) == wkbPolygon) return polys.front();
    return polys;
  }
  if (!lines.empty()) {
    if (lines.size() == 1) return lines.front();
    return lines;
  }
  if (!points.empty()) {
    if (points.size() > 1)
      problem = fmt::format("multipoint with {} points: the first is used", points.size());
    return points.front();
  }
  problem = fmt::format("geometry type {} has no usable parts", g.getGeometryName());
  return std::nullopt;
}

namespace {

std::unique_ptr<OGRLinearRing> make_ring(const geo::Ring& ring) {
  auto r = std::make_unique<OGRLinearRing>();
  r->setNumPoints(static_cast<int>(ring.size()), FALSE);
  for (std::size_t i = 0; i < ring.size(); ++i)
    r->setPoint(static_cast<int>(i), ring[i].x, ring[i].y);
  return r;
}

std::unique_ptr<OGRPolygon> make_polygon(const geo::Polygon& p) {
  auto poly = std::make_unique<OGRPolygon>();
  // The *Directly calls take ownership, hence release().
  poly->addRingDirectly(make_ring(p.outer).release());
  for (const auto& h : p.holes) poly->addRingDirectly(make_ring(h).release());
  return poly;
}

std::unique_ptr<OGRLineString> make_line(const geo::LineString& l) {
  auto line = std::make_unique<OGRLineString>();
  line->setNumPoints(static_cast<int>(l.size()), FALSE);
  for (std::size_t i = 0; i < l.size(); ++i) line->setPoint(static_cast<int>(i), l[i].x, l[i].y);
  return line;
}

}  // namespace

GeometryPtr to_ogr_geometry(const geo::Geometry& g) {
  return std::visit(
      [](const auto& v) -> GeometryPtr {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, geo::Point>) {
          return GeometryPtr(std::make_unique<OGRPoint>(v.x, v.y).release());
        } else if constexpr (std::is_same_v<T, geo::LineString>) {
          return GeometryPtr(make_line(v).release());
        } else if constexpr (std::is_same_v<T, geo::Polygon>) {
          auto multi = std::make_unique<OGRMultiPolygon>();
          multi->addGeometryDirectly(make_polygon(v).release());
          return GeometryPtr(multi.release());
        } else if constexpr (std::is_same_v<T, geo::MultiLineString>) {
          auto multi = std::make_unique<OGRMultiLineString>();
          for (const auto& l : v) multi->addGeometryDirectly(make_line(l).release());
          return GeometryPtr(multi.release());
        } else {
          auto multi = std::make_unique<OGRMultiPolygon>();
          for (const auto& p : v) multi->addGeometryDirectly(make_polygon(p).release());
          return GeometryPtr(multi.release());
        }
      },
      g);
}

}  // namespace huxiao::io
