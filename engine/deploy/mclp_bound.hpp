#pragma once
// An upper bound on the MCLP's optimum that is valid at every moment of its computation:
// the Lagrangian relaxation of the coverage rows (z_i ≤ Σ_{j covers i} y_j), its multipliers
// improved by subgradient steps. CBC's bound is its root LP, which it cannot interrupt (34 s on
// the reduced AILS San Francisco p=90 model); this one reaches within about a percent of that
// in a few seconds and stops at any deadline, so a short time limit still reports a real gap.

#include <chrono>
#include <vector>

#include "deploy/mclp_lns.hpp"

namespace huxiao::deploy {

struct LagrangianBound {
  double value = 0;  // upper bound on the weight any p posts cover (fixed ones among them)
  int iterations = 0;
  double seconds = 0;
};

struct LagrangianOptions {
  int max_iterations = 50000;
  // The step shrinks by half after this many iterations without a better bound. Longer windows
  // converge further (San Francisco p=90: window 20 stops 0.56 % above the LP bound, 400 within
  // 0.03 %) at a few thousand more iterations of a few tenths of a millisecond.
  int halving_window = 300;
  // Stop once the bound is within this fraction of the incumbent: the rest is CBC's job.
  double relative_gap = 1e-9;
};

// `fixed`: posts that are open whatever happens, and count towards p. `incumbent`: the weight a
// known solution covers (steers the step size; the bound never goes below the optimum anyway).
LagrangianBound mclp_lagrangian_bound(const CoverModel& model, const std::vector<int>& fixed, int p,
                                      double incumbent,
                                      std::chrono::steady_clock::time_point deadline,
                                      const LagrangianOptions& options = {});

}  // namespace huxiao::deploy
