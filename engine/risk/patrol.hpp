#pragma once
// The daily patrol (每日巡查) past the recommended sign sites: a closed tour from a police station
// (or a school) along the road network. Stops are snapped to the road nearest them; the tour is
// ordered by travel time (nearest neighbour from several starts, improved by 2-opt and Or-opt),
// then each leg is routed and the geometry stitched.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "geo/geometry.hpp"
#include "model/project.hpp"
#include "network/profile.hpp"

namespace huxiao::risk {

// [SECTION] tours on a cost matrix

// A square travel-cost matrix, row-major; it may be asymmetric (one-way streets when driving).
struct CostMatrix {
  std::size_t n = 0;
  std::vector<double> cost;
  double at(std::size_t from, std::size_t to) const { return cost[from * n + to]; }
};

// A closed tour: order[0] is the start, the tour returns to it after order.back().
double tour_cost(const CostMatrix& m, const std::vector<std::size_t>& order);
std::vector<std::size_t> nearest_neighbour_tour(const CostMatrix& m, std::size_t first);
// Local search until no move improves: 2-opt (reverse a stretch) and Or-opt (move a run of 1–3
// stops elsewhere). Moves are judged on the whole tour's cost, so asymmetric costs are right.
void improve_tour(const CostMatrix& m, std::vector<std::size_t>& order);
// Nearest neighbour from up to `starts` different first hops, each improved; the best tour,
// rotated to begin at stop 0.
std::vector<std::size_t> solve_tour(const CostMatrix& m, std::size_t starts = 12);
// Every permutation (stop 0 fixed): the optimum, for checking the heuristic on small cases.
std::vector<std::size_t> brute_force_tour(const CostMatrix& m);

// [SECTION] the patrol on the road network

struct PatrolStop {
  std::string name;  // what reports show
  geo::Point point;
};

struct PatrolLeg {
  std::size_t from = 0;  // indices into the stops given to plan_patrol (0 = the start)
  std::size_t to = 0;
  double length_m = 0.0;
  double seconds = 0.0;
};

struct PatrolPlan {
  network::Mode mode = network::Mode::kDrive;
  std::vector<std::size_t> order;  // visiting order of the reachable stops, starting at 0
  std::vector<PatrolLeg> legs;     // order.size() legs, the last one back to the start
  geo::LineString line;            // the legs' routes stitched together
  double length_m = 0.0;           // Σ legs
  double seconds = 0.0;
  std::vector<std::size_t> unreachable;  // stops too far from the roads or cut off from them
};

struct PatrolSettings {
  network::Mode mode = network::Mode::kDrive;
  double max_snap_m = 500.0;  // a stop farther than this from a usable road is unreachable
};

// stops[0] is the start (police station or school). Throws Error(kEmptyInput) when the project
// has no road the mode can use, or the start is not near one.
PatrolPlan plan_patrol(const model::Project& project, const std::vector<PatrolStop>& stops,
                       const PatrolSettings& settings);

// The start: the police unit or school named `name` (exact name first, then a name containing
// it); with no name, the police station nearest the centre of `sites` (any police unit when
// there is no station, the nearest school when there is no police at all). nullopt: nothing.
// Throws Error(kBadParameter) listing a few names when `name` matches nothing.
std::optional<PatrolStop> patrol_start(const model::Project& project,
                                       const std::vector<PatrolStop>& sites,
                                       const std::string& name);

}  // namespace huxiao::risk
