// The MCLP large neighbourhood search: it reaches the exact optimum (enumeration) on small
// random instances, gives the same answer twice for one seed, and a sub-MIP never moves a post
// it was not allowed to move.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <random>

#include "deploy/mclp_lns.hpp"

namespace huxiao::deploy {
namespace {

struct Random {
  std::vector<std::vector<int>> sets;
  std::vector<double> weight;
  std::size_t m = 0;
  CoverModel model() const { return {sets, weight, m}; }
};

// n demands, m candidates uniform in a 1 km square, covered within `radius`.
Random random_model(std::size_t n, std::size_t m, double radius, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1000), w(1, 100);
  std::vector<std::pair<double, double>> cand(m);
  for (auto& c : cand) c = {u(rng), u(rng)};
  Random r;
  r.m = m;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = u(rng), y = u(rng);
    std::vector<int> set;
    for (std::size_t j = 0; j < m; ++j) {
      if (std::hypot(x - cand[j].first, y - cand[j].second) <= radius)
        set.push_back(static_cast<int>(j));
    }
    r.sets.push_back(set);
    r.weight.push_back(std::round(w(rng)));
  }
  return r;
}

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

}  // namespace
}  // namespace huxiao::deploy
