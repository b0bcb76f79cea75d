#pragma once
// p-median: open p candidates (fixed ones included) minimising Σ weight·cost of each demand to
// its nearest open candidate — the least total (or average) response time.
//
// Method, in order, each step only if the previous did not close the gap:
//  1. greedy construction + best-improvement vertex substitution (Teitz–Bart swaps evaluated
//     with Whitaker's closest/second-closest bookkeeping, O(n·m) per neighbourhood scan);
//  2. Lagrangian relaxation of the assignment constraints, subgradient ascent: a proven lower
//     bound, plus Lagrangian heuristic restarts of the swap search; with integral costs the
//     optimum is proven when ⌈LB⌉ = UB;
//  3. reduced-cost fixing from the best multipliers (candidates that cannot be in any solution
//     better than the incumbent are closed, those that must be are opened), then CBC on the
//     much smaller classical formulation with the incumbent as MIP start.
// The result always carries the bound, so gap() is honest when the time budget ends first.

#include "core/progress.hpp"
#include "deploy/problem.hpp"

namespace huxiao::deploy {

struct PMedianOptions {
  double time_limit_s = 600.0;
  bool exact = true;  // run CBC when the Lagrangian bound does not close the gap
  int max_lagrangian_iterations = 10000;
  double target_gap = 0.0;  // stop early when proven within this relative gap
};

// Objective of a given set of open candidates (each demand to its nearest); kUnreachable if a
// demand reaches none of them. Fills `assignment` when given.
double p_median_cost(const CostMatrix& cost, const Instance& instance, const std::vector<int>& open,
                     std::vector<int>* assignment = nullptr);

// Throws Error(kBadParameter) for p ≤ 0, p > candidates, p < fixed facilities, and
// Error(kBadValue) for a demand no candidate reaches (naming it).
Solution solve_p_median(const CostMatrix& cost, const Instance& instance, int p,
                        const PMedianOptions& options = {}, Progress& progress = no_progress());

// Capacitated p-median (a candidate serves at most instance.capacity[j] demands, single
// sourcing), solved with CBC on the classical formulation. Reports infeasibility as such.
Solution solve_p_median_capacitated(const CostMatrix& cost, const Instance& instance, int p,
                                    const PMedianOptions& options = {});

// Checks shared by the models: p within [max(1, fixed), candidates], every fixed index valid.
void check_p(int p, std::size_t candidates, const Instance& instance);

}  // namespace huxiao::deploy
