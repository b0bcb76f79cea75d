#pragma once
// Kernel windows for the MCLP: a neighbourhood that is large in posts but narrow in candidates.
// AILS New York's better solutions lie behind chains of 28-57 posts, each moving a little; the
// smallest window of posts that holds such a chain holds about 60, and with every candidate
// around them CBC does not solve it in 10 minutes (1 355 candidates). Good local optima,
// however, already use almost every post of the better solution or one that covers nearly the
// same demands: restricted to the kernel — the posts of a pool of local optima and the
// candidates whose demands overlap one of them closely — the same 62-post window has about
// 900 candidates and CBC solves it outright in under a minute (docs/deploy.md).

#include <chrono>
#include <cstddef>
#include <functional>
#include <vector>

#include "core/progress.hpp"
#include "deploy/mclp_lns.hpp"

namespace huxiao::deploy {

struct KernelWindowOptions {
  // A candidate joins the kernel when it shares at least this share of the demands of a pool
  // post, and of its own (the share of the larger of the two).
  double overlap = 0.7;
  int window = 62;            // open posts freed per window
  double time_limit_s = 180;  // per window (CBC with its cuts and heuristics)
  int max_windows = 0;        // in all (0: no limit)
  // Sweeps: each until every open post was in a window's core; the next one, laid out on the
  // improved solution, only after a sweep that improved it.
  int sweeps = 1;
};

struct KernelWindowResult;
// Called after each window with the result so far, for progress reports.
using KernelWindowReport = std::function<void(const KernelWindowResult&)>;

struct KernelWindowResult {
  std::vector<int> open;
  double covered = 0;
  int windows = 0, improving = 0;
  std::size_t kernel = 0;  // candidates in the kernel
};

// The kernel of `pool` (solutions of the model): their posts and the candidates that overlap
// one of them by `overlap`, sorted.
std::vector<int> mclp_kernel(const CoverModel& model, const std::vector<std::vector<int>>& pool,
                             double overlap);

// Open posts that can compete for a demand: some candidate covers a demand of each. Indexed
// like `open`; each list sorted.
std::vector<std::vector<int>> post_neighbours(const CoverModel& model,
                                              const std::vector<int>& open);

// Posts in breadth-first order from `centre` over `neighbours` (indices into `open`), at most
// `size` of them. A part of the map that has fewer posts is joined by the next one (lowest index
// first): posts that share no demand can still trade a post.
std::vector<int> nearest_posts(const std::vector<std::vector<int>>& neighbours, int centre,
                               std::size_t size);

// Sweeps windows over `current`: a window is the `window` open posts nearest (breadth first
// over post_neighbours) to a centre; its posts are freed and CBC places them among the kernel's
// candidates that cover one of their demands. Centres are taken farthest first from the earlier
// ones among the posts not yet in a window's core (its nearer half), so one sweep looks at every
// part of the map. Improvements are kept at once. Never worse than `current`.
KernelWindowResult kernel_windows(const CoverModel& model, const std::vector<int>& fixed,
                                  const std::vector<int>& current,
                                  const std::vector<std::vector<int>>& pool,
                                  const KernelWindowOptions& options,
                                  std::chrono::steady_clock::time_point deadline,
                                  const ProgressTask* task = nullptr,
                                  const KernelWindowReport& report = {});

}  // namespace huxiao::deploy
