// The MIP wrapper against hand-solved models: the relaxation's optimum and reduced costs, and
// the integer optimum below it.

#include <gtest/gtest.h>

#include <array>

#include "deploy/mip.hpp"

namespace huxiao::deploy {
namespace {

// max x + y  s.t.  x + 2y ≤ 4,  3x + y ≤ 6,  0 ≤ x, y ≤ 10: the vertex (1.6, 1.2), value 2.8.
TEST(MipModel, RelaxationReachesTheVertexOptimum) {
  MipModel lp;
  const int x = lp.add_continuous(0, 10, -1);
  const int y = lp.add_continuous(0, 10, -1);
  const std::array<int, 2> cols{x, y};
  lp.add_row(cols, std::array<double, 2>{1, 2}, -1e30, 4);
  lp.add_row(cols, std::array<double, 2>{3, 1}, -1e30, 6);
  const LpResult r = lp.solve_relaxation(10);
  ASSERT_TRUE(r.optimal);
  EXPECT_NEAR(r.objective, -2.8, 1e-9);
  EXPECT_NEAR(r.x[0], 1.6, 1e-9);
  EXPECT_NEAR(r.x[1], 1.2, 1e-9);
  // Both columns are basic: no reduced cost.
  EXPECT_NEAR(r.reduced_cost[0], 0, 1e-9);
  EXPECT_NEAR(r.reduced_cost[1], 0, 1e-9);
}

// Three binaries, 2a + 2b + 2c ≤ 3, max a + b + c + 0.1 d with d ≤ 0 by its bound: the
// relaxation is 1.5 (integrality dropped), the MIP 1; d sits at its bound with reduced cost −0.1.
TEST(MipModel, RelaxationDropsIntegralityAndReportsReducedCosts) {
  MipModel m;
  const int a = m.add_binary(-1), b = m.add_binary(-1), c = m.add_binary(-1);
  const int d = m.add_continuous(0, 0, -0.1);
  m.add_row(std::array<int, 3>{a, b, c}, std::array<double, 3>{2, 2, 2}, -1e30, 3);
  const LpResult lp = m.solve_relaxation(10);
  ASSERT_TRUE(lp.optimal);
  EXPECT_NEAR(lp.objective, -1.5, 1e-9);
  EXPECT_NEAR(lp.reduced_cost[static_cast<std::size_t>(d)], -0.1, 1e-9);
  const MipResult mip = m.solve({.time_limit_s = 10});
  ASSERT_EQ(mip.status, MipResult::Status::kOptimal);
  EXPECT_NEAR(mip.objective, -1.0, 1e-9);
}

}  // namespace
}  // namespace huxiao::deploy
