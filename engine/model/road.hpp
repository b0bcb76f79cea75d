#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "geo/geometry.hpp"
#include "model/source_ref.hpp"

namespace huxiao::model {

// OSM highway classes, grouped the way traffic police and planners speak of them.
enum class RoadClass {
  kMotorway,
  kTrunk,
  kPrimary,
  kSecondary,
  kTertiary,
  kUnclassified,
  kResidential,
  kLivingStreet,
  kService,
  kPedestrian,
  kFootway,
  kPath,
  kSteps,
  kCycleway,
  kTrack,
};
std::string_view to_string(RoadClass road_class);
std::optional<RoadClass> parse_road_class(
    std::string_view osm_highway);  // "primary_link" → primary
const std::vector<RoadClass>& all_road_classes();

struct RoadClassDefaults {
  double speed_kmh;  // free-flow urban speed by class; peak factors live in network/
  bool drivable;
  bool walkable;
};
const RoadClassDefaults& defaults_for(RoadClass road_class);
// Arterials a 200 m safety zone audit flags for traffic calming.
bool is_arterial(RoadClass road_class);

struct Road {
  std::string id;
  std::string name;
  RoadClass road_class = RoadClass::kResidential;
  double speed_kmh = 0.0;
  bool speed_defaulted = true;
  bool oneway = false;  // in the direction of the line's vertex order
  bool drivable = true;
  bool walkable = true;
  bool bridge = false;
  bool tunnel = false;
  int layer = 0;
  geo::LineString line;
  SourceRef source;
};

}  // namespace huxiao::model
