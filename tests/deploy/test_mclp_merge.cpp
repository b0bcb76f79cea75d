// Solution merging for the MCLP: the merged solution is exactly the best choice of p posts
// among the elites' posts (checked by enumeration), never worse than the best elite, and a
// perturbed restart keeps the fixed posts and the share of the others it should.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <iterator>
#include <numeric>
#include <random>

#include "deploy/mclp_merge.hpp"
#include "deploy/mclp_support.hpp"

namespace huxiao::deploy {
namespace {

using test_support::best_within;
using test_support::enumerated_best;
using test_support::Random;
using test_support::random_model;

// A local optimum for one-post swaps from `start` (first improvement, deterministic).
std::vector<int> swap_optimum(const CoverModel& model, std::vector<int> open,
                              const std::vector<int>& fixed) {
  for (bool improved = true; improved;) {
    improved = false;
    for (std::size_t k = 0; k < open.size() && !improved; ++k) {
      if (std::find(fixed.begin(), fixed.end(), open[k]) != fixed.end()) continue;
      for (int c = 0; c < static_cast<int>(model.candidates) && !improved; ++c) {
        if (std::find(open.begin(), open.end(), c) != open.end()) continue;
        std::vector<int> next = open;
        next[k] = c;
        if (covered_weight(model, next) > covered_weight(model, open) + 1e-9) {
          open = std::move(next);
          improved = true;
        }
      }
    }
  }
  std::sort(open.begin(), open.end());
  return open;
}

std::vector<int> union_of(const std::vector<std::vector<int>>& elites) {
  std::vector<int> u;
  for (const auto& e : elites) u.insert(u.end(), e.begin(), e.end());
  std::sort(u.begin(), u.end());
  u.erase(std::unique(u.begin(), u.end()), u.end());
  return u;
}

const MipOptions kExact{.time_limit_s = 60};

TEST(MclpMerge, IsTheBestChoiceAmongTheElitesPosts) {
  int better_than_both = 0;
  for (unsigned seed = 1; seed <= 8; ++seed) {
    const Random r = random_model(150, 36, 130, seed);
    const std::vector<int> fixed{5};
    // Random solutions, each with the fixed post: elites that differ a lot, as merging meets
    // them on large instances (local optima of small ones mostly coincide).
    std::mt19937 rng(seed);
    std::vector<std::vector<int>> elites;
    for (int e = 0; e < 3; ++e) {
      std::vector<int> others(36);
      std::iota(others.begin(), others.end(), 0);
      others.erase(others.begin() + 5);
      std::shuffle(others.begin(), others.end(), rng);
      others.resize(6);
      others.push_back(5);
      std::sort(others.begin(), others.end());
      elites.push_back(others);
    }
    const std::vector<int> merged = merge_elites(r.model(), fixed, elites, kExact);
    const double value = covered_weight(r.model(), merged);
    EXPECT_DOUBLE_EQ(value, best_within(r.model(), union_of(elites), 7, fixed)) << "seed " << seed;
    ASSERT_EQ(merged.size(), 7u);
    EXPECT_TRUE(std::binary_search(merged.begin(), merged.end(), 5)) << "fixed post kept";
    double top = 0;
    for (const auto& e : elites) top = std::max(top, covered_weight(r.model(), e));
    EXPECT_GE(value, top);
    if (value > top + 1e-9) ++better_than_both;
  }
  // Otherwise the test would not show that merging combines anything.
  EXPECT_GT(better_than_both, 0);
}

TEST(MclpMerge, FixingTheCommonPostsKeepsThemOpen) {
  for (unsigned seed = 1; seed <= 6; ++seed) {
    const Random r = random_model(80, 24, 180, seed);
    const std::vector<std::vector<int>> elites{
        {0, 1, 2, 3, 4, 5}, {0, 1, 2, 13, 14, 15}, {0, 1, 7, 8, 9, 10}};
    const std::vector<int> merged = merge_elites(r.model(), {}, elites, kExact, true);
    EXPECT_TRUE(std::binary_search(merged.begin(), merged.end(), 0));
    EXPECT_TRUE(std::binary_search(merged.begin(), merged.end(), 1));
    EXPECT_DOUBLE_EQ(covered_weight(r.model(), merged),
                     best_within(r.model(), union_of(elites), 6, {0, 1}))
        << "seed " << seed;
  }
}

TEST(MclpMerge, NeverReturnsLessThanTheBestElite) {
  const Random r = random_model(60, 16, 220, 3);
  const std::vector<int> best = swap_optimum(r.model(), {0, 1, 2, 3}, {});
  // One elite alone: nothing to combine, the elite itself comes back (ties keep it).
  EXPECT_EQ(merge_elites(r.model(), {}, {best}, kExact), best);
  EXPECT_EQ(merge_elites(r.model(), {}, {best, best}, kExact, true), best);
}

TEST(MclpMerge, PerturbedRestartClosesTheShareAskedAndKeepsFixedPosts) {
  const Random r = random_model(80, 24, 180, 4);
  const std::vector<int> open{1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21};
  std::mt19937 rng(7);
  const std::vector<int> next = perturbed(r.model(), {3}, open, 0.4, rng);
  ASSERT_EQ(next.size(), open.size());
  EXPECT_TRUE(std::binary_search(next.begin(), next.end(), 3));
  std::vector<int> shared;
  std::set_intersection(open.begin(), open.end(), next.begin(), next.end(),
                        std::back_inserter(shared));
  EXPECT_EQ(shared.size(), open.size() - 4);  // 40 % of the 10 movable posts replaced
  std::mt19937 again(7);
  EXPECT_EQ(perturbed(r.model(), {3}, open, 0.4, again), next) << "same seed, same restart";
}

// Relinking by parts with the optimum as guide: the guide's posts of each part are among its
// candidates and the parts' gains add up, so the result is at least the guide, whatever the
// start; and it is never below the start with any guide (here a local optimum).
TEST(MclpMerge, RelinkingWithTheOptimumReachesIt) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  int moved = 0;
  for (unsigned seed = 1; seed <= 8; ++seed) {
    const Random r = random_model(150, 22, 160, seed);
    const CoverModel model = r.model();
    const int p = 6, fixed = 2;
    const std::vector<int> optimum = enumerated_best(model, p, fixed);
    const std::vector<int> start{fixed, 0, 1, 3, 4, 5};
    const RelinkResult with_optimum =
        relink_by_parts(model, {fixed}, start, optimum, 16, 100000, 60, deadline);
    EXPECT_NEAR(with_optimum.covered, covered_weight(model, optimum), 1e-9) << "seed " << seed;
    EXPECT_NEAR(covered_weight(model, with_optimum.open), with_optimum.covered, 1e-9);
    EXPECT_NE(std::find(with_optimum.open.begin(), with_optimum.open.end(), fixed),
              with_optimum.open.end());
    if (with_optimum.improving > 0) ++moved;
    // Any other guide: never worse than the start.
    const std::vector<int> other = swap_optimum(model, {fixed, 17, 18, 19, 20, 21}, {fixed});
    const RelinkResult with_other =
        relink_by_parts(model, {fixed}, start, other, 16, 100000, 60, deadline);
    EXPECT_GE(with_other.covered, covered_weight(model, start) - 1e-9);
  }
  EXPECT_GT(moved, 0);
}

TEST(MclpMerge, SearchReachesTheEnumeratedOptimumAndRepeatsItself) {
  const auto far = std::chrono::steady_clock::now() + std::chrono::hours(1);
  for (unsigned seed = 1; seed <= 4; ++seed) {
    const Random r = random_model(120, 30, 160, seed);
    const std::vector<int> fixed{2};
    std::vector<int> all(30);
    std::iota(all.begin(), all.end(), 0);
    const std::vector<int> start{0, 1, 2, 3, 4, 5};
    const MergeSearchOptions options{
        .seed = seed, .share = 0.5, .max_free = 2, .pool = 4, .max_restarts = 12};
    const MergeSearchResult a = mclp_merge_search(r.model(), fixed, start, far, options);
    EXPECT_DOUBLE_EQ(a.covered, best_within(r.model(), all, 6, fixed)) << "seed " << seed;
    EXPECT_DOUBLE_EQ(a.covered, covered_weight(r.model(), a.open));
    EXPECT_TRUE(std::binary_search(a.open.begin(), a.open.end(), 2)) << "fixed post kept";
    EXPECT_EQ(a.restarts, 12);
    const MergeSearchResult b = mclp_merge_search(r.model(), fixed, start, far, options);
    EXPECT_EQ(a.open, b.open) << "same seed, same answer";
    EXPECT_EQ(a.merges, b.merges);
  }
}

// Elites handed in (the other deepened starts) are merged with the first restart: after one
// restart (nothing closed, a one-post search) the search holds at least the best of them —
// swap optima from other starts, the search starting from the worst — which alone it does not
// always reach.
TEST(MclpMerge, SearchMergesTheElitesHandedIn) {
  const auto far = std::chrono::steady_clock::now() + std::chrono::hours(1);
  int short_alone = 0;
  for (unsigned seed = 1; seed <= 6; ++seed) {
    const Random r = random_model(300, 50, 110, seed);
    const CoverModel model = r.model();
    const int fixed = 2;
    std::vector<std::vector<int>> optima;
    for (int k = 0; k < 4; ++k) {
      std::vector<int> start{fixed};
      for (int j = 0; j < 7; ++j) start.push_back(3 + 6 * j + k);
      optima.push_back(swap_optimum(model, start, {fixed}));
    }
    std::sort(optima.begin(), optima.end(), [&](const auto& a, const auto& b) {
      return covered_weight(model, a) < covered_weight(model, b);
    });
    const std::vector<int> worst = optima.front();
    const double best_elite = covered_weight(model, optima.back());
    MergeSearchOptions options{.seed = seed, .share = 0, .max_free = 1, .max_restarts = 1};
    const MergeSearchResult alone = mclp_merge_search(model, {fixed}, worst, far, options);
    if (alone.covered < best_elite - 1e-9) ++short_alone;
    options.elites.assign(optima.begin() + 1, optima.end());
    const MergeSearchResult with = mclp_merge_search(model, {fixed}, worst, far, options);
    EXPECT_GE(with.covered, best_elite - 1e-9) << "seed " << seed;
    EXPECT_DOUBLE_EQ(with.covered, covered_weight(model, with.open));
    EXPECT_EQ(with.open.size(), 8u);
    EXPECT_TRUE(std::binary_search(with.open.begin(), with.open.end(), fixed)) << "fixed kept";
  }
  EXPECT_GT(short_alone, 0) << "the search alone reached the elites every time: nothing shown";
}

}  // namespace
}  // namespace huxiao::deploy
