#pragma once
// The project: everything one county (or one region of a national run) holds, in one local
// metric CRS. The store persists it; every analysis reads it.

#include <map>
#include <string>
#include <vector>

#include "geo/crs.hpp"
#include "model/poi.hpp"
#include "model/police.hpp"
#include "model/road.hpp"
#include "model/school.hpp"
#include "model/water.hpp"

namespace huxiao::model {

struct ProjectInfo {
  std::string name;
  geo::Crs crs;                          // the local metric CRS all geometries are in
  std::vector<std::string> sources;      // files imported
  std::vector<std::string> attribution;  // e.g. "© OpenStreetMap contributors, ODbL 1.0"
  bool synthetic = false;                // true for `huxiao demo` output
  std::string created_utc;
  std::map<std::string, std::string> extra;  // free key/value metadata
};

struct Project {
  ProjectInfo info;
  std::vector<School> schools;
  std::vector<WaterBody> water;
  std::vector<Waterway> waterways;
  std::vector<Road> roads;
  std::vector<Poi> pois;
  std::vector<PoliceUnit> police;

  std::size_t feature_count() const {
    return schools.size() + water.size() + waterways.size() + roads.size() + pois.size() +
           police.size();
  }
  geo::Box extent() const;
};

}  // namespace huxiao::model
