#pragma once
// A typical Chinese teaching building (教学楼) made from a few numbers, for the many schools
// without a digital plan: floors with a row of classrooms on one side of a corridor, stairwells
// at the corridor ends, doors to a yard on the ground floor and the playground beyond as the
// assembly area. Floors are laid out unfolded (see plan.hpp): floor f sits north of floor f-1
// and each stair is a strip joining the two corridors, as long as a real two-flight stair
// (walking length about 10 m for a 3.6 m storey).

#include <optional>

#include "evac/plan.hpp"
#include "geo/geometry.hpp"

namespace huxiao::evac {

struct BuildingTemplate {
  int floors = 4;
  int classrooms_per_floor = 6;
  int class_size = 45;
  AgeGroup age = AgeGroup::kPrimary;
  double classroom_width = 9.0;       // along the corridor, m
  double classroom_depth = 8.0;       // m
  double corridor_width = 2.4;        // m
  int stairwells = 2;                 // 1 (west end) or 2 (both ends)
  double stair_width = 1.8;           // clear width of a flight, m
  double stair_length = 10.0;         // walking length per storey along the slope, m
  double storey_height = 3.6;         // m
  int exits = 2;                      // ground-floor doors: at the stairwells first, then between
  double exit_width = 1.8;            // m
  double classroom_door_width = 1.0;  // two doors per classroom (front and back)
  double yard_depth = 20.0;           // from the building to the playground, m
  double playground_width = 60.0;
  double playground_depth = 40.0;
  std::optional<Distribution> premovement;  // nullopt: the population default
  double release_per_floor = 0.0;    // staged release: floor f leaves f × this many seconds later
  std::optional<geo::Point> origin;  // lon/lat of the building's south-west corner
};

// Throws Error(kBadParameter) for nonsense (0 floors, a corridor narrower than 1.2 m, ...).
Plan make_teaching_building(const BuildingTemplate& t);

}  // namespace huxiao::evac
