#pragma once
// One county of the synthetic region while it is being generated. The stages run in order,
// each from its own random stream (see Stage): layout → streets → schools → water → roads →
// POIs and police. Internal to demo/; the public entry point is synthetic_county.hpp.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "demo/names.hpp"
#include "demo/random.hpp"
#include "demo/region_plan.hpp"
#include "demo/road_builder.hpp"
#include "model/project.hpp"

namespace huxiao::demo {

inline constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

enum class Stage : std::uint64_t {
  kLayout = 1,
  kStreets,
  kSchools,
  kRoads,
  kWater,
  kPois,
  kPolice
};

enum class PlaceKind { kSeat, kTown, kVillage };

// A town's streets: (blocks + 1) straight streets each way, vertices at every crossing.
struct StreetGrid {
  geo::Point origin;  // south-west corner
  double spacing = 0.0;
  std::size_t blocks = 0;                    // per side
  std::vector<RoadBuilder::Handle> rows;     // east–west streets, south to north
  std::vector<RoadBuilder::Handle> columns;  // north–south streets, west to east
  std::vector<bool> taken;                   // blocks already holding a school

  double x(std::size_t i) const { return origin.x + static_cast<double>(i) * spacing; }
  double y(std::size_t j) const { return origin.y + static_cast<double>(j) * spacing; }
  double half_size() const { return spacing * static_cast<double>(blocks) / 2; }
};

struct Campus {
  geo::Point centre;
  double half_w = 0.0;  // along `angle`
  double half_h = 0.0;
  double angle = 0.0;
  double radius() const;  // half diagonal
};

struct Place {
  PlaceKind kind = PlaceKind::kVillage;
  std::string stem;      // 河口
  std::string name;      // 河口镇 / 河口村
  std::size_t town = 0;  // the township a village belongs to; itself for seat and towns
  geo::Point centre;
  double reach = 0.0;  // how far the built-up area extends from the centre
  double angle = 0.0;  // villages: direction of the main lane
  double lane_half = 0.0;
  std::size_t schools = 0;                 // planned
  StreetGrid grid;                         // seat and towns
  std::vector<RoadBuilder::Handle> lanes;  // villages: main lane's halves, then the cross lane's
  std::vector<Campus> campuses;            // of the schools placed here so far
};

// A school while its county is built: where it is, beside the model record in the output.
struct SchoolSite {
  model::SchoolLevel level = model::SchoolLevel::kPrimary;
  std::size_t place = 0;
  std::size_t rank = 0;  // index among schools of this level in this place (names, numbering)
  Campus campus;
  geo::Point main_gate;
};

// A reservoir or lake before it is drawn: villages and roads keep out of keep_out().
struct Lake {
  geo::Point centre;
  double radius = 0.0;
  double elongation = 1.0;
  double angle = 0.0;
  double keep_out() const { return radius * elongation * 1.6; }  // blob() stays within 1.5×
};

struct CountyOutput {
  std::vector<model::School> schools;
  std::vector<model::WaterBody> water;
  std::vector<model::Waterway> waterways;
  std::vector<model::Road> roads;
  std::vector<model::Poi> pois;
  std::vector<model::PoliceUnit> police;
};

struct County {
  County(const RegionPlan& plan, std::size_t index);

  Rng rng(Stage stage) const;
  bool compact() const { return detail == Detail::kCompact; }
  const Place& seat() const { return places.front(); }
  std::size_t town_count() const { return towns; }
  // Distance from p to the river centre line, or +inf when more than `within` away.
  double river_distance(const geo::Point& p, double within) const;
  double river_y_at(double x) const;
  geo::Point edge_midpoint(int side) const;  // 0 east, 1 north, 2 west, 3 south
  // Whether p is at least r from every road between places (campuses and ponds keep off them).
  bool clear_of_links(const geo::Point& p, double r) const;

  std::uint64_t seed = 0;
  std::size_t index = 0, column = 0, row = 0;
  geo::Box frame;
  std::size_t school_count = 0, poi_count = 0;
  Detail detail = Detail::kFull;
  std::string name;    // 示例县
  std::string prefix;  // 示例 (the county's name without 县), for 师范学院 etc.
  NameBook names;

  geo::LineString river;  // west edge to east edge, x strictly increasing
  double river_half_width = 30.0;
  std::string river_name;
  double river_west_y = 0.0, river_east_y = 0.0;

  std::vector<Place> places;  // [0] the seat, [1, towns) towns, then villages
  std::size_t towns = 1;
  std::vector<Lake> lakes;  // reservoir first, then the lake
  RoadBuilder roads;
  struct Link {
    RoadBuilder::Handle road;
    geo::Box box;
  };
  std::vector<Link> links;        // trunks, arterials and village roads, with their bounds
  std::vector<SchoolSite> sites;  // parallel to out.schools
  CountyOutput out;
};

// [SECTION] stages, in order
void lay_out_county(County& county);  // river, places, lakes; plans which school goes where
void build_streets(County& county);   // town grids, arterials, village lanes and links
void add_schools(County& county);     // schools, campuses, gates and their access roads
void finish_roads(County& county);    // crossings, bridges → out.roads
void add_water(County& county);       // river areas, reservoir, lake, streams, canals, ponds
void add_pois(County& county);
void add_police(County& county);

}  // namespace huxiao::demo
