#pragma once
// Solution merging for the MCLP (construct, merge, solve and adapt: Blum et al. 2016; kernel
// search). The large neighbourhood search ends in local optima that can differ from the best
// known solution in half their posts, spread over the whole map (AILS New York), where no
// spatial neighbourhood gains. Good local optima agree on most demands and disagree where the
// search was unsure; the MCLP restricted to the union of their posts is small enough for CBC to
// solve outright (a few hundred candidates: seconds), and its optimum combines parts of each,
// however far apart. (On New York it has not found more than the LNS: docs/deploy.md.)

#include <chrono>
#include <cstdint>
#include <random>
#include <vector>

#include "core/progress.hpp"
#include "deploy/mclp_kernel.hpp"
#include "deploy/mclp_lns.hpp"
#include "deploy/mip.hpp"

namespace huxiao::deploy {

// The best p posts among the posts of `elites` (each a solution with the same p, `fixed` among
// them), by CBC from the best elite. With `fix_common`, posts open in every elite stay open.
// Never worse than the best elite (ties keep it).
std::vector<int> merge_elites(const CoverModel& model, const std::vector<int>& fixed,
                              const std::vector<std::vector<int>>& elites,
                              const MipOptions& mip_options, bool fix_common = false);

// Path relinking by parts: the posts open in exactly one of `current` and `guide` fall into
// groups joined by common demands, each a place where the two solutions disagree. Each group
// where `current` has 1..`max_free` posts is a neighbourhood: those posts are freed, with
// every candidate covering one of their demands (not only the guide's posts), and CBC solves
// it (`solve_neighbourhood`, limited by `max_nodes`). Such groups follow the shape of the
// disagreement, however long: AILS New York's better solutions lie behind chains of 28-32 posts
// each moving a little, which no compact neighbourhood of that size holds, while the chain
// itself is solved in 3 s. Never worse than `current`.
struct RelinkResult {
  std::vector<int> open;
  double covered = 0;
  int neighbourhoods = 0, improving = 0;
};
RelinkResult relink_by_parts(const CoverModel& model, const std::vector<int>& fixed,
                             const std::vector<int>& current, const std::vector<int>& guide,
                             int max_free, int max_nodes, double time_limit_s,
                             std::chrono::steady_clock::time_point deadline);

struct MergeSearchOptions {
  unsigned seed = 12345;
  double share = 0.3;  // of the movable posts closed for a restart
  int max_free = 13;   // largest neighbourhood of a restart's search (it stops there by itself)
  double restart_seconds = 15;     // at most, per restart's search
  int pool = 8;                    // elites merged: the best and the latest restarts
  int merge_nodes = 20000;         // per merge; deterministic, unlike time
  double merge_time_limit_s = 60;  // safety net only
  int max_restarts = 0;            // 0: until the deadline
  // Independent restarts: p random posts (the fixed ones kept), improved by this many steps of
  // guided local search before the restart's LNS, instead of a perturbed current solution (0).
  // Independent local optima disagree with the current one in long parts, which relinking
  // then solves one by one.
  std::int64_t gls_steps = 0;
  int relink_max_free = 0;  // relink the current solution with each restart (0: do not)
  int relink_nodes = 5000;
  double relink_time_limit_s = 20;  // per part; safety net only
  // After every this many restarts (0: never), kernel windows over the current solution, the
  // kernel built from every restart's local optimum so far.
  int kernel_every = 0;
  KernelWindowOptions kernel{};
  // Other good solutions (the other deepened starts), merged with the first restarts' solutions
  // until these take their place in the pool.
  std::vector<std::vector<int>> elites;
};

struct MergeSearchResult {
  std::vector<int> open;
  double covered = 0;
  int restarts = 0, merges = 0, improving_merges = 0, improving_restarts = 0;
  int plateau_moves = 0;  // the walk moved to a different solution of the best coverage
  int relinked_parts = 0, improving_relinks = 0;
  int kernel_windows = 0, improving_kernel_windows = 0;
  std::size_t largest_union = 0;
  std::chrono::steady_clock::time_point found;  // when `open` was first reached
};

// Construct, merge, solve, adapt, from `open` until `deadline`: a restart is a perturbed copy of
// the current solution improved by the neighbourhood search (sizes up to `max_free`); the pool
// of the current solution and the latest restarts is merged after each. The current solution
// moves to any restart or merge at least as good as the best, so the search walks across
// plateaus of equal coverage; the best is returned. Same seed, same sequence wherever each
// restart's search ends by itself within `restart_seconds` (merges are limited by nodes); the
// number of rounds depends on the clock.
MergeSearchResult mclp_merge_search(const CoverModel& model, const std::vector<int>& fixed,
                                    std::vector<int> open,
                                    std::chrono::steady_clock::time_point deadline,
                                    const MergeSearchOptions& options = {},
                                    const ProgressTask* task = nullptr);

// A restart point near `open`: `share` of its movable posts, drawn at random, closed and
// replaced greedily (most uncovered weight first) by posts other than those closed. The large
// neighbourhood search from there ends in a different local optimum that still shares most of
// `open`: the diversity merging needs, at a fraction of a search from scratch.
std::vector<int> perturbed(const CoverModel& model, const std::vector<int>& fixed,
                           const std::vector<int>& open, double share, std::mt19937& rng);

}  // namespace huxiao::deploy
