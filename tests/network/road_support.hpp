#pragma once
// A road for the network tests: the class's default access, its id as its name.

#include <string>
#include <utility>

#include "model/road.hpp"

namespace huxiao::network::test_support {

inline model::Road road(std::string id, geo::LineString line,
                        model::RoadClass cls = model::RoadClass::kResidential) {
  model::Road r;
  r.id = std::move(id);
  r.name = r.id;
  r.road_class = cls;
  r.drivable = model::defaults_for(cls).drivable;
  r.walkable = model::defaults_for(cls).walkable;
  r.line = std::move(line);
  return r;
}

}  // namespace huxiao::network::test_support
