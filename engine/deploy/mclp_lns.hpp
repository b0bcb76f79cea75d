#pragma once
// MIP-based large neighbourhood search for the MCLP. The swap local search and the iterated
// local search stall where improving needs several posts to move together (AILS New York:
// −0.12 % after seconds, then nothing for minutes). Here a cluster of neighbouring posts is
// freed, and the sub-MCLP "place these k posts among the candidates around them, the other
// posts staying where they are" is solved exactly by CBC: a move of up to k posts at once, the
// best one, found in milliseconds because the sub-model has a few hundred columns.
// Deterministic for a given seed: sub-MIPs are limited by nodes, not by time; only the overall
// deadline depends on the clock.

#include <chrono>
#include <cstddef>
#include <vector>

#include "core/progress.hpp"
#include "deploy/mip.hpp"

namespace huxiao::deploy {

// A (reduced) MCLP: for each demand its weight and the candidates covering it.
struct CoverModel {
  const std::vector<std::vector<int>>& sets;
  const std::vector<double>& weight;
  std::size_t candidates = 0;
};

struct LnsOptions {
  unsigned seed = 12345;
  int min_free = 6;              // posts freed per neighbourhood at the start
  int max_free = 40;             // the largest size (lower once a sub-MIP needs the time net)
  int max_subproblems = 0;       // 0: until the deadline or max_free is exhausted
  int max_nodes = 5000;          // branch-and-bound nodes per sub-MIP
  double sub_time_limit_s = 20;  // safety net only; nodes are the real limit
  // When every neighbourhood of every size fails (a neighbourhood is solved again only when a
  // move changed something near it): a plateau pass — one neighbourhood of the third size
  // around every post, each sub-MIP's candidates with a tiny random objective bonus (less than
  // half the lightest demand in all), so CBC picks one of several equally good placements at
  // random, and a different placement of equal coverage is accepted. Then the sizes again from
  // the smallest, where only the neighbourhoods the moves touched are solved. The search thus
  // drifts across plateaus of equal coverage instead of stopping at the first local optimum.
  bool plateau = false;
  // A size is left for the next one after this fraction of the posts failed in a row; its
  // untried neighbourhoods wait for the next round. Large neighbourhoods are where the last
  // improvements are (AILS New York: 28 posts and more) and each costs seconds, so reaching them
  // early pays. A round without improvement is always run with whole passes (1.0) before the
  // search counts as stuck.
  double pass_fraction = 1.0;
  int max_plateau_passes = -1;  // -1: until the deadline
  // Returns once this long, and as long as the last improvement took to find, has passed
  // without a better solution (0: never), leaving the rest of the budget to a search of another
  // kind (solution merging).
  double stall_seconds = 0;
};

struct LnsResult {
  std::vector<int> open;
  double covered = 0;
  int subproblems = 0, improvements = 0, last_free = 0;
  int rounds = 0;  // passes through the sizes, smallest to largest
  int plateau_passes = 0, plateau_moves = 0;
  int sizes = 0;         // neighbourhood sizes, min_free ×1.5 … max_free
  bool stalled = false;  // returned after stall_seconds without a better solution
  std::chrono::steady_clock::time_point found;  // when `open` was first reached
};

// For each candidate, the demands it covers (the model stores the other direction).
std::vector<std::vector<int>> demands_by_candidate(const CoverModel& model);

// Every candidate covering a demand that one of `posts` covers — where those posts could move
// to — sorted, without repeats (`by_candidate` from demands_by_candidate).
std::vector<int> alternatives_of(const CoverModel& model,
                                 const std::vector<std::vector<int>>& by_candidate,
                                 const std::vector<int>& posts);

// Covered weight of `open` in the model.
double covered_weight(const CoverModel& model, const std::vector<int>& open);

// One neighbourhood move: the posts in `freed` (a subset of `open`, never a fixed one) and the
// candidates in `free_candidates` compete for |freed| posts; every other open post stays. Returns
// the best such solution (CBC, limited by `max_nodes`), or `open` itself when nothing is better.
std::vector<int> solve_neighbourhood(const CoverModel& model, const std::vector<int>& open,
                                     const std::vector<int>& freed,
                                     const std::vector<int>& free_candidates, int max_nodes,
                                     double time_limit_s);

// The same move with CBC's own settings (cuts, heuristics, a time instead of a node limit): for
// restricted models larger than a neighbourhood, such as the union of several solutions.
std::vector<int> solve_restricted(const CoverModel& model, const std::vector<int>& open,
                                  const std::vector<int>& freed,
                                  const std::vector<int>& free_candidates,
                                  const MipOptions& mip_options);

// Improves `open` (p posts, `fixed` among them) until `deadline`.
LnsResult mclp_lns(const CoverModel& model, const std::vector<int>& fixed, std::vector<int> open,
                   std::chrono::steady_clock::time_point deadline, const LnsOptions& options = {},
                   const ProgressTask* task = nullptr);

}  // namespace huxiao::deploy
