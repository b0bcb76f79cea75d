#pragma once
// Guided local search (Voudouris & Tsang) for the MCLP: a fast way from a poor solution (even
// p random posts) to a good one, for independent restarts. A plain swap descent stops at the
// first local optimum; here each demand left uncovered at a local optimum is a "feature" with
// a penalty, and the descent runs on search weights (the demand's weight plus its penalties),
// so the local optimum stops being one and the search moves on, while the coverage it keeps
// is always the true one. The demand penalised is the one of most utility, weight over one
// plus its penalties: heavy demands first, but none penalised for ever.
// AILS New York from the greedy solution: 1 569 004-1 573 749 after 6-9 s, depending on how
// ties fall (the iterated local search: 1 572 405 after 8.7 s); the neighbourhood search from
// the 1 573 749 reached 1 574 229 in 19 s. Its use here: cheap, independent local optima.
// Deterministic: ties are broken by index, and the steps do not read the clock.

#include <chrono>
#include <cstdint>
#include <vector>

#include "core/progress.hpp"
#include "deploy/mclp_lns.hpp"

namespace huxiao::deploy {

struct GlsOptions {
  // A penalty adds this share of the mean demand weight to the demand's search weight.
  double penalty = 0.1;
  std::int64_t max_steps = 0;  // swaps and penalties; 0: until the deadline
  // Returns after this many steps without a better solution (0: only at the deadline).
  std::int64_t patience = 0;
};

struct GlsResult {
  std::vector<int> open;  // the best solution met (p posts, sorted)
  double covered = 0;     // its true covered weight
  std::int64_t steps = 0, swaps = 0, penalties = 0;
  int improvements = 0;
  std::chrono::steady_clock::time_point found;  // when `open` was first reached
};

// Searches from `open` (p posts, `fixed` among them: never closed) until `deadline`.
GlsResult mclp_gls(const CoverModel& model, const std::vector<int>& fixed,
                   const std::vector<int>& open, std::chrono::steady_clock::time_point deadline,
                   const GlsOptions& options = {}, const ProgressTask* task = nullptr);

}  // namespace huxiao::deploy
