#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "deploy/mclp_kernel.hpp"
#include "deploy/mclp_merge.hpp"
#include "mclp_support.hpp"

namespace huxiao::deploy {
namespace {

using test_support::enumerated_best;
using test_support::Random;
using test_support::random_model;

TEST(MclpKernel, HoldsThePoolAndCandidatesThatOverlapItClosely) {
  // Demands 0-9; candidate 0 covers 0-9, 1 covers 0-8 (9 of 10 shared), 2 covers 0-4 (half of
  // candidate 0's), 3 covers nothing of candidate 0's.
  std::vector<std::vector<int>> sets(12);
  for (int i = 0; i < 10; ++i) sets[static_cast<std::size_t>(i)].push_back(0);
  for (int i = 0; i < 9; ++i) sets[static_cast<std::size_t>(i)].push_back(1);
  for (int i = 0; i < 5; ++i) sets[static_cast<std::size_t>(i)].push_back(2);
  sets[10] = {3};
  sets[11] = {3};
  const std::vector<double> weight(12, 1.0);
  const CoverModel model{sets, weight, 4};
  EXPECT_EQ(mclp_kernel(model, {{0}}, 0.7), (std::vector<int>{0, 1}));
  EXPECT_EQ(mclp_kernel(model, {{0}}, 0.4), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(mclp_kernel(model, {{0}, {3}}, 0.95), (std::vector<int>{0, 3}));
}

TEST(MclpKernel, NeighboursAreThePostsThatCompeteForADemand) {
  // A line of demands 0-5; candidate j covers demands j and j+1 (candidates 0-4).
  std::vector<std::vector<int>> sets(6);
  for (int j = 0; j < 5; ++j) {
    sets[static_cast<std::size_t>(j)].push_back(j);
    sets[static_cast<std::size_t>(j + 1)].push_back(j);
  }
  const std::vector<double> weight(6, 1.0);
  const CoverModel model{sets, weight, 5};
  // Posts 0, 2 and 4: candidate 1 covers a demand of 0 and of 2, candidate 3 one of 2 and of 4;
  // nothing covers a demand of both 0 and 4.
  const auto n = post_neighbours(model, {0, 2, 4});
  EXPECT_EQ(n[0], (std::vector<int>{1}));
  EXPECT_EQ(n[1], (std::vector<int>{0, 2}));
  EXPECT_EQ(n[2], (std::vector<int>{1}));
}

TEST(MclpKernel, AWindowOverEveryPostWithTheOptimumInThePoolReachesIt) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  int improved = 0;
  for (unsigned seed = 1; seed <= 8; ++seed) {
    const Random r = random_model(150, 22, 300, seed);
    const CoverModel model = r.model();
    const int p = 6, fixed = 2;
    const std::vector<int> optimum = enumerated_best(model, p, fixed);
    const std::vector<int> start{fixed, 0, 1, 3, 4, 5};
    const KernelWindowResult with_optimum =
        kernel_windows(model, {fixed}, start, {optimum}, {.overlap = 1.0, .window = p}, deadline);
    EXPECT_NEAR(with_optimum.covered, covered_weight(model, optimum), 1e-9) << "seed " << seed;
    EXPECT_NEAR(covered_weight(model, with_optimum.open), with_optimum.covered, 1e-9);
    EXPECT_TRUE(std::binary_search(with_optimum.open.begin(), with_optimum.open.end(), fixed));
    if (with_optimum.improving > 0) ++improved;
    // Small windows and another pool: never worse than the start, every post looked at.
    const KernelWindowResult small = kernel_windows(model, {fixed}, start, {{fixed, 17, 18, 19}},
                                                    {.overlap = 0.5, .window = 2}, deadline);
    EXPECT_GE(small.covered, covered_weight(model, start) - 1e-9);
    EXPECT_GE(small.windows, 2);
    // Later sweeps start where the first one ended, and run only after it improved.
    const KernelWindowResult swept =
        kernel_windows(model, {fixed}, start, {{fixed, 17, 18, 19}},
                       {.overlap = 0.5, .window = 2, .sweeps = 3}, deadline);
    EXPECT_GE(swept.covered, small.covered - 1e-9);
    EXPECT_EQ(swept.windows > small.windows, small.improving > 0) << "seed " << seed;
  }
  EXPECT_GT(improved, 0);
}

TEST(MclpKernel, MergeSearchSweepsKernelWindowsOverItsRestarts) {
  const auto far = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  for (unsigned seed = 1; seed <= 3; ++seed) {
    const Random r = random_model(150, 22, 300, seed);
    const int p = 6, fixed = 2;
    const std::vector<int> optimum = enumerated_best(r.model(), p, fixed);
    const MergeSearchResult out = mclp_merge_search(r.model(), {fixed}, {fixed, 0, 1, 3, 4, 5}, far,
                                                    {.seed = seed,
                                                     .max_free = 2,
                                                     .max_restarts = 4,
                                                     .gls_steps = 50,
                                                     .kernel_every = 2,
                                                     .kernel = {.window = 3}});
    EXPECT_GE(out.kernel_windows, 4) << "two sweeps of at least two windows";
    EXPECT_NEAR(out.covered, covered_weight(r.model(), optimum), 1e-9) << "seed " << seed;
    EXPECT_NEAR(covered_weight(r.model(), out.open), out.covered, 1e-9);
  }
}

}  // namespace
}  // namespace huxiao::deploy
