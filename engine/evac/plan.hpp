#pragma once
// A floor plan for an evacuation drill, in metres in the plane. Multi-storey buildings are laid
// out "unfolded": every floor is its own region of the plane and a stair is a walkable strip
// joining two floors, with a direction of ascent and slower walking. This is how 2-D simulators
// such as JuPedSim encode RiMEA's stair tests, and it lets one distance field cover the building.
//
// Authoring rules (also in docs/evac.md): walkable polygons are merged; walls inside the walkable
// area are obstacle lines or polygons; a door is a gap in a wall. Exits are lines across a door
// or on the outline of the walkable area. With assembly areas present the assembly areas are the
// targets and exits are doors that are counted and can be closed; without, the exits are targets.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "geo/crs.hpp"
#include "geo/geometry.hpp"

namespace huxiao::evac {

struct Walkable {
  geo::Polygon area;
  double z = 0.0;  // floor height, for trajectories
};

struct Exit {
  std::string name;
  geo::Point a, b;
  double width = 0.0;  // clear width; the line's length unless the plan says otherwise
};

// Pre-movement (reaction) time distribution, seconds.
struct Distribution {
  enum class Kind { kFixed, kUniform, kNormal, kLognormal };
  Kind kind = Kind::kFixed;
  double a = 0.0;  // fixed value / uniform min / mean / lognormal median
  double b = 0.0;  // uniform max / standard deviation / lognormal sigma (of log)
  double min = 0.0;
  double max = 1e9;
};

// Walking-speed groups by age (Weidmann 1993 as tabulated in RiMEA test 7); see population.hpp.
enum class AgeGroup { kPrimary, kJunior, kSenior, kAdult, kElderly, kImpaired };

struct Room {
  std::string name;
  geo::Polygon area;
  int students = 0;
  std::string group;                        // class name; defaults to the room's name
  AgeGroup age = AgeGroup::kPrimary;        // Weidmann speed group
  std::optional<Distribution> premovement;  // overrides the population's default
  double release = 0.0;                     // staged release: nobody moves before this time
  int exit = -1;                            // assigned exit (RiMEA 10), -1: nearest
};

struct Stair {
  std::string name;
  geo::Polygon area;
  geo::Point up{0.0, 1.0};  // unit vector of ascent in the plane
  double speed_up = 0.5;    // m/s
  double speed_down = 0.65;
  double z_bottom = 0.0;
  double z_top = 0.0;
};

struct Assembly {
  std::string name;
  geo::Polygon area;
};

struct Plan {
  std::string name;
  std::string source;  // file it came from, for messages
  std::vector<Walkable> walkable;
  std::vector<geo::Polygon> obstacles;
  std::vector<std::string> obstacle_names;
  std::vector<geo::LineString> walls;
  std::vector<Exit> exits;
  std::vector<Room> rooms;
  std::vector<Stair> stairs;
  std::vector<Assembly> assembly;
  geo::Crs crs;                    // of the source, passed on to the outputs; empty if unknown
  std::vector<std::string> notes;  // what reading the file left out or assumed, for the user

  geo::Box bounds() const;
  int total_students() const;
  int exit_index(std::string_view name) const;  // -1 if absent
  int stair_index(std::string_view name) const;
};

// [SECTION] checks shared by every way a plan is made
// Throws Error(kBadValue / kBadGeometry) naming the feature and the fix: no walkable area, no
// exit, an exit narrower than a person (0.5 m), obstacles that overlap, a room without students
// or outside the walkable area, a plan with no students at all. Reachability is checked later,
// on the navigation grid (Navigation::check_reachable).
void validate(const Plan& plan);

// [SECTION] files: GeoJSON, GeoPackage or anything GDAL reads with a `role` property per feature,
// or a CAD drawing (DXF) whose layers a CadMapping assigns to roles (evac/cad_mapping.hpp).
struct CadMapping;
// A DXF without a mapping is an error that lists the drawing's layers and shows a mapping.
Plan read_plan(const std::filesystem::path& file, const CadMapping* cad = nullptr);
// Writes the plan as one GeoPackage layer `plan` that read_plan reads back (for the template).
void write_plan(const Plan& plan, const std::filesystem::path& file);

const char* age_group_name(AgeGroup age);
std::optional<AgeGroup> parse_age_group(std::string_view text);
std::optional<Distribution> parse_distribution(std::string_view text);  // "uniform:10:100"
std::string describe(const Distribution& d);

}  // namespace huxiao::evac
