// The MCLP large neighbourhood search: it reaches the exact optimum (enumeration) on small
// random instances, with and without plateau passes, gives the same answer twice for one seed,
// solves a failed neighbourhood again only after a move near it, and a sub-MIP never moves a
// post it was not allowed to move.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <random>

#include "deploy/mclp_lns.hpp"
#include "deploy/mclp_support.hpp"

namespace huxiao::deploy {
namespace {

using test_support::Random;
using test_support::random_model;

double best_by_enumeration(const CoverModel& model, int p, const std::vector<int>& fixed) {
  double best = 0;
  std::vector<int> pick;
  std::function<void(std::size_t)> rec = [&](std::size_t j) {
    if (static_cast<int>(pick.size()) == p) {
      const bool has_fixed = std::all_of(fixed.begin(), fixed.end(), [&](int f) {
        return std::find(pick.begin(), pick.end(), f) != pick.end();
      });
      if (has_fixed) best = std::max(best, covered_weight(model, pick));
      return;
    }
    if (j == model.candidates) return;
    pick.push_back(static_cast<int>(j));
    rec(j + 1);
    pick.pop_back();
    rec(j + 1);
  };
  rec(0);
  return best;
}

const auto kFar = std::chrono::steady_clock::now() + std::chrono::hours(1);

TEST(MclpLns, ReachesTheEnumeratedOptimumFromAPoorStart) {
  for (unsigned seed = 1; seed <= 5; ++seed) {
    const Random r = random_model(60, 16, 220, seed);
    const std::vector<int> fixed{3};
    const std::vector<int> start{0, 1, 2, 3, 4};  // arbitrary, usually far from optimal
    const LnsResult lns = mclp_lns(r.model(), fixed, start, kFar, {.seed = seed, .min_free = 2});
    EXPECT_DOUBLE_EQ(lns.covered, best_by_enumeration(r.model(), 5, fixed)) << "seed " << seed;
    EXPECT_EQ(lns.open.size(), 5u);
    EXPECT_TRUE(std::binary_search(lns.open.begin(), lns.open.end(), 3)) << "fixed post kept";
    EXPECT_DOUBLE_EQ(lns.covered, covered_weight(r.model(), lns.open));
  }
}

TEST(MclpLns, PlateauAndPartialPassesKeepTheEnumeratedOptimumAndTheFixedPost) {
  for (unsigned seed = 1; seed <= 10; ++seed) {
    const Random r = random_model(60, 16, 220, (seed + 1) / 2);
    const std::vector<int> fixed{3};
    const std::vector<int> start{0, 1, 2, 3, 4};
    // Odd seeds: whole passes; even ones: a size is left after 30 % of the posts failed.
    const LnsResult lns = mclp_lns(r.model(), fixed, start, kFar,
                                   {.seed = seed,
                                    .min_free = 2,
                                    .plateau = true,
                                    .pass_fraction = seed % 2 == 0 ? 0.3 : 1.0,
                                    .max_plateau_passes = 4});
    EXPECT_DOUBLE_EQ(lns.covered, best_by_enumeration(r.model(), 5, fixed)) << "seed " << seed;
    EXPECT_EQ(lns.plateau_passes, 4);
    EXPECT_EQ(lns.open.size(), 5u);
    EXPECT_TRUE(std::binary_search(lns.open.begin(), lns.open.end(), 3)) << "fixed post kept";
    EXPECT_DOUBLE_EQ(lns.covered, covered_weight(r.model(), lns.open));
  }
}

TEST(MclpLns, PlateauMovesCrossEqualCoverage) {
  // Demands 0..3 of weight 1; candidate j < 4 covers demand j only, candidates 4 and 6 both
  // cover {0, 1} and candidate 5 covers {2, 3}. One post: the search moves from post 0 to a
  // post of coverage 2 (optimal); 4, 5 and 6 are a plateau, and the plateau passes move between
  // them (CBC's random bonus decides) without ever losing coverage.
  const std::vector<std::vector<int>> sets{{0, 4, 6}, {1, 4, 6}, {2, 5}, {3, 5}};
  const std::vector<double> weight{1, 1, 1, 1};
  const CoverModel model{sets, weight, 7};
  for (unsigned seed = 1; seed <= 5; ++seed) {
    const LnsResult lns = mclp_lns(
        model, {}, {0}, kFar,
        {.seed = seed, .min_free = 1, .max_free = 1, .plateau = true, .max_plateau_passes = 8});
    EXPECT_DOUBLE_EQ(lns.covered, 2.0) << "seed " << seed;
    ASSERT_EQ(lns.open.size(), 1u);
    EXPECT_GE(lns.open[0], 4);
    EXPECT_GT(lns.plateau_moves, 0) << "seed " << seed;
    EXPECT_EQ(lns.improvements, 1);
  }
}

TEST(MclpLns, AFailedNeighbourhoodIsSolvedAgainOnlyAfterAMoveNearIt) {
  // Real-valued weights: no two placements cover exactly the same weight, so there are no
  // plateau moves. From a local optimum every neighbourhood fails once per size; after that
  // nothing changes, so the rounds that follow solve nothing, and each plateau pass solves one
  // neighbourhood per post.
  Random r = random_model(400, 120, 90, 11);
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> w(1, 100);
  for (double& x : r.weight) x = w(rng);
  std::vector<int> start(12);
  for (int k = 0; k < 12; ++k) start[static_cast<std::size_t>(k)] = 10 * k;
  const LnsResult local = mclp_lns(r.model(), {}, start, kFar, {.seed = 2, .min_free = 3});
  ASSERT_GT(local.improvements, 0);
  const LnsResult again =
      mclp_lns(r.model(), {}, local.open, kFar,
               {.seed = 2, .min_free = 3, .plateau = true, .max_plateau_passes = 3});
  EXPECT_EQ(again.improvements, 0);
  EXPECT_EQ(again.plateau_moves, 0);
  EXPECT_EQ(again.plateau_passes, 3);
  EXPECT_EQ(again.open, local.open);
  EXPECT_EQ(again.sizes, 5);  // 3, 4, 6, 9, 12
  EXPECT_EQ(again.subproblems, again.sizes * 12 + 3 * 12);
}

TEST(MclpLns, SameSeedSameAnswer) {
  const Random r = random_model(400, 120, 90, 7);
  std::vector<int> start(12);
  for (int k = 0; k < 12; ++k) start[static_cast<std::size_t>(k)] = 10 * k;
  const LnsOptions options{.seed = 3, .min_free = 3, .max_subproblems = 25};
  const LnsResult a = mclp_lns(r.model(), {}, start, kFar, options);
  const LnsResult b = mclp_lns(r.model(), {}, start, kFar, options);
  EXPECT_EQ(a.open, b.open);
  EXPECT_EQ(a.subproblems, b.subproblems);
  EXPECT_EQ(a.improvements, b.improvements);
  EXPECT_GT(a.covered, covered_weight(r.model(), start));
  // With plateau passes (random objective bonuses) and partial passes too: the bonuses come
  // from the seed.
  const LnsOptions plateau{
      .seed = 3, .min_free = 3, .max_subproblems = 120, .plateau = true, .pass_fraction = 0.3};
  const LnsResult c = mclp_lns(r.model(), {}, start, kFar, plateau);
  const LnsResult d = mclp_lns(r.model(), {}, start, kFar, plateau);
  EXPECT_EQ(c.open, d.open);
  EXPECT_EQ(c.subproblems, d.subproblems);
  EXPECT_EQ(c.plateau_passes, d.plateau_passes);
  EXPECT_EQ(c.plateau_moves, d.plateau_moves);
}

TEST(MclpLns, NeighbourhoodMovesOnlyTheFreedPosts) {
  // Demands 0..5 on a line; candidate j covers demands j and j+1. Posts {0, 2}: freeing only
  // post 2 with candidates {2, 3, 4} must keep post 0 and put the freed one where it adds most.
  const std::vector<std::vector<int>> sets{{0}, {0, 1}, {1, 2}, {2, 3}, {3, 4}, {4}};
  const std::vector<double> weight{1, 1, 1, 5, 5, 1};
  const CoverModel model{sets, weight, 5};
  const auto moved = solve_neighbourhood(model, {0, 2}, {2}, {2, 3, 4}, 100, 10);
  EXPECT_EQ(moved, (std::vector<int>{0, 3}));  // covers demands 3, 4 (weight 10)
  // Freeing post 0 alone: post 4 stays, and the freed post goes where it adds most beside it.
  const auto kept = solve_neighbourhood(model, {0, 4}, {0}, {0, 1, 2, 3}, 100, 10);
  EXPECT_EQ(kept, (std::vector<int>{2, 4}));
  // Freeing both with every candidate gives the true optimum of two posts.
  const auto both = solve_neighbourhood(model, {0, 3}, {0, 3}, {0, 1, 2, 3, 4}, 100, 10);
  EXPECT_DOUBLE_EQ(covered_weight(model, both), 12.0);  // e.g. {1, 3}: demands 0..4
}

TEST(MclpLns, AlternativesAreTheCandidatesCoveringAFreedPostsDemands) {
  // The line again, with a sixth candidate that covers nothing: post 2 covers demands 2 and 3
  // (candidates 1, 2, 3 cover them), post 4 demands 4 and 5 (candidates 3, 4). Candidate 0
  // shares no demand with either, and post 5 has no alternatives, not even itself.
  const std::vector<std::vector<int>> sets{{0}, {0, 1}, {1, 2}, {2, 3}, {3, 4}, {4}};
  const std::vector<double> weight(6, 1);
  const CoverModel model{sets, weight, 6};
  const auto by_candidate = demands_by_candidate(model);
  EXPECT_EQ(alternatives_of(model, by_candidate, {4, 2}), (std::vector<int>{1, 2, 3, 4}));
  EXPECT_TRUE(alternatives_of(model, by_candidate, {5}).empty());
}

TEST(MclpLns, ReturnsWhenStalled) {
  // A stall limit shorter than any sub-MIP: the search gives up at once, says so, and hands back
  // its start unchanged (the rest of the budget is for solution merging).
  const Random r = random_model(60, 16, 220, 2);
  const std::vector<int> start{0, 1, 2, 3, 4};
  const LnsResult stalled = mclp_lns(r.model(), {}, start, kFar, {.stall_seconds = 1e-9});
  EXPECT_TRUE(stalled.stalled);
  EXPECT_EQ(stalled.subproblems, 0);
  EXPECT_EQ(stalled.open, start);
  const LnsResult free_run = mclp_lns(r.model(), {}, start, kFar, {.min_free = 2});
  EXPECT_FALSE(free_run.stalled);
  EXPECT_GT(free_run.covered, stalled.covered);
}

}  // namespace
}  // namespace huxiao::deploy
