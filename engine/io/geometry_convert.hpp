#pragma once
// OGR geometry <-> engine geometry. Z and M are dropped: the engine works in 2-D.

#include <optional>
#include <string>

#include "geo/geometry.hpp"
#include "io/gdal_handles.hpp"

namespace huxiao::io {

// nullopt (with `problem` set) for types the engine has no use for, e.g. an empty collection.
std::optional<geo::Geometry> to_engine_geometry(const OGRGeometry& g, std::string& problem);
GeometryPtr to_ogr_geometry(const geo::Geometry& g);

}  // namespace huxiao::io
