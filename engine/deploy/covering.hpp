#pragma once
// The covering family on a Coverage (which candidates reach each demand within the threshold):
//  * LSCP, location set covering (Toregas et al.): fewest posts so every demand is covered
//    `level` times (2 = backup coverage), optionally with capacities (a post serves at most
//    capacity[j] demands, each demand assigned to one covering post);
//  * MCLP, maximal covering (Church & ReVelle): p posts covering the most demand weight, with an
//    optional backup term (β · weight covered twice, Hogan & ReVelle);
//  * p-center: least worst cost with p posts, as a search over the distinct costs, each step an
//    exact LSCP.
// Fixed (existing) posts stay open and count towards p. Demands no candidate covers are listed
// in Solution::uncoverable and left out of the model, never silently counted as covered.

#include <functional>
#include <vector>

#include "core/progress.hpp"
#include "deploy/problem.hpp"

namespace huxiao::deploy {

struct LscpOptions {
  double time_limit_s = 600.0;
  int level = 1;  // 2: every demand covered twice (backup)
};
// objective = posts open (fixed included); infeasible (feasible = false, note says why) when the
// capacities cannot serve all coverable demands.
Solution solve_lscp(const Coverage& coverage, const Instance& instance,
                    const LscpOptions& options = {});

struct MclpOptions {
  double time_limit_s = 600.0;
  bool exact = true;           // CBC on the reduced model after the heuristic
  double backup_weight = 0.0;  // β: also reward demand covered twice
  double target_gap = 0.0;
  double heuristic_seconds = -1;  // ILS + neighbourhood search budget; < 0: half the limit
  unsigned seed = 12345;          // the searches' random choices; same seed, same moves
  // Large models: ILS runs before the LNS (0: as many as start in the first 40 % of the
  // budget). A fixed count makes the answer independent of the machine's speed.
  int ils_runs = 0;
  // Large models: the best ILS runs' solutions each given the LNS and the region search (0: as
  // many as the budget gives about four minutes each, at least one; 600 s gives one).
  int deepen_runs = 0;
  // Large models: ILS runs at once (0: the cores this process may use). The neighbourhood
  // search and the MIP after them use one.
  int threads = 0;
  // Large models: after the ILS, the neighbourhood searches (LNS, region search, merging).
  // Off for sub-models that are themselves a neighbourhood (deploy/mclp_region).
  bool neighbourhood_search = true;
  // Large models: called with each deepened start's solution and objective, in start order,
  // once all are deepened (for studying the search: where the starts' basins lie).
  std::function<void(const std::vector<int>& open, double objective)> on_deepened;
};
// objective = demand weight covered (+ β · weight covered twice); bound = proven upper bound.
Solution solve_mclp(const Coverage& coverage, const Instance& instance, int p,
                    const MclpOptions& options = {}, Progress& progress = no_progress());

// The same model written as spopt builds it (binary y and z, no reduction, no start), for
// timing CBC on the full MIP.
class MipModel;
MipModel full_mclp_model(const Coverage& coverage, const Instance& instance, int p);

struct PCenterOptions {
  double time_limit_s = 600.0;
};
// objective = the largest cost from a demand to its nearest open post.
Solution solve_p_center(const CostMatrix& cost, const Instance& instance, int p,
                        const PCenterOptions& options = {});

}  // namespace huxiao::deploy
