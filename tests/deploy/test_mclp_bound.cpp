// The Lagrangian bound against what it bounds: enumerated optima (it may never fall below
// them), the LP relaxation solved by CLP (its limit: the relaxation has the integrality
// property, so the Lagrangian dual equals the LP), and the deadline (an answer, still valid).

#include <gtest/gtest.h>

#include <numeric>

#include "deploy/covering.hpp"
#include "deploy/mclp_bound.hpp"
#include "deploy/mip.hpp"
#include "mclp_support.hpp"

namespace huxiao::deploy {
namespace {

using Clock = std::chrono::steady_clock;
using test_support::random_model;

Clock::time_point in_seconds(double s) {
  return Clock::now() +
         std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

TEST(MclpLagrangianBound, NeverBelowTheEnumeratedOptimum) {
  for (unsigned seed = 1; seed <= 5; ++seed) {
    const auto r = random_model(80, 14, 260, seed);
    const auto model = r.model();
    // Post 0 is an existing post that stays: the bound must count it among the p.
    const auto best = test_support::enumerated_best(model, 4, 0);
    const double optimum = covered_weight(model, best);
    const LagrangianBound b = mclp_lagrangian_bound(model, {0}, 4, optimum, in_seconds(30));
    EXPECT_GE(b.value, optimum - 1e-6) << "seed " << seed;
    EXPECT_GT(b.iterations, 0);
  }
}

TEST(MclpLagrangianBound, ReachesTheLpRelaxation) {
  const auto r = random_model(600, 80, 140, 7);
  const auto model = r.model();
  const int p = 8;
  const Coverage coverage{r.m, r.sets};
  const Instance instance{.name = "random", .weight = r.weight};
  const LpResult lp = full_mclp_model(coverage, instance, p).solve_relaxation(60);
  ASSERT_TRUE(lp.optimal);
  const double lp_bound = -lp.objective;
  // A poor incumbent on purpose: the step size must not need a good one.
  const double total = std::accumulate(r.weight.begin(), r.weight.end(), 0.0);
  const LagrangianBound b = mclp_lagrangian_bound(model, {}, p, 0.5 * lp_bound, in_seconds(60));
  EXPECT_GE(b.value, lp_bound - 1e-6);
  EXPECT_LE(b.value, lp_bound * 1.005) << "LP " << lp_bound << ", all demands " << total;
}

// Candidate 0 (fixed) covers nothing: one free post is left, and the best one covers 5.
// A bound that forgot the fixed post would open two and say 8.
TEST(MclpLagrangianBound, FixedPostsUseUpTheirShareOfP) {
  const std::vector<std::vector<int>> sets{{1}, {2}, {3}};
  const std::vector<double> weight{5, 3, 1};
  const CoverModel model{sets, weight, 4};
  const LagrangianBound b = mclp_lagrangian_bound(model, {0}, 2, 5, in_seconds(30));
  EXPECT_GE(b.value, 5 - 1e-9);
  EXPECT_NEAR(b.value, 5, 0.05);
}

TEST(MclpLagrangianBound, PastItsDeadlineStillAnswersWithAValidBound) {
  const auto r = random_model(200, 30, 200, 3);
  const LagrangianBound b =
      mclp_lagrangian_bound(r.model(), {}, 5, 1, Clock::now() - std::chrono::seconds(1));
  EXPECT_EQ(b.iterations, 0);
  EXPECT_DOUBLE_EQ(b.value, std::accumulate(r.weight.begin(), r.weight.end(), 0.0));
}

}  // namespace
}  // namespace huxiao::deploy
