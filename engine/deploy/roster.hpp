#pragma once
// The school-gate duty roster (护学岗排班). Schools open and close at staggered times, so one
// officer can staff several gates in one peak: a gate window k (an interval, by default bell
// −20 min to bell +10 min) can follow window l on the same officer's route when
//     end(l) + peak travel time(gate l → gate k) ≤ start(k).
// Officers must stay for the whole window. Routes are vertex-disjoint paths in this DAG, so:
//  * the fewest officers that staff every window ("one police officer per school" done with
//    fewer officers) is a minimum path cover = windows − maximum matching (exact);
//  * the most window weight K officers can staff is a min-cost flow of value K through the
//    split-node network (exact: the LP is totally unimodular). Successive shortest paths give
//    the optimum for every K = 1, 2, … in one run: the officers-vs-staffed curve.
// Officers are assumed to be at their first gate by its window (they start from their posts
// before the peak); travel between gates uses the peak travel-time matrix given.

#include <string>
#include <vector>

#include "deploy/problem.hpp"

namespace huxiao::deploy {

struct GateWindow {
  int school = 0;      // caller's index (for reports)
  int location = 0;    // row/column of the travel matrix
  double start_s = 0;  // seconds after midnight
  double end_s = 0;
  double weight = 1;  // 1 = count windows; enrollment to favour big schools
};

struct RosterStop {
  int window = 0;
  double travel_s = 0;  // from the previous stop on this route (0 for the first)
};

struct Roster {
  std::vector<std::vector<RosterStop>> routes;  // one per officer used, in time order
  std::vector<double> staffed_by_officers;      // [k-1] = best staffed weight with k officers
  double staffed_weight = 0;
  std::size_t staffed_windows = 0;
  std::size_t officers_for_all = 0;  // minimum path cover: officers to staff every window
  bool proven_optimal = true;        // exact algorithms; false only if cut short
};

// `travel` is square (locations × locations), seconds; kUnreachable forbids the move.
// officers ≤ 0: as many as needed for every window. Throws Error(kBadParameter) for windows
// that end before they start or locations outside the matrix.
Roster build_roster(const std::vector<GateWindow>& windows, const CostMatrix& travel, int officers);

// Minimum number of officers to staff every window (exact, Hopcroft–Karp matching).
std::size_t officers_for_all_windows(const std::vector<GateWindow>& windows,
                                     const CostMatrix& travel);

}  // namespace huxiao::deploy
