// The models against exhaustive enumeration on small random instances (fixed posts, capacities,
// backup coverage included), the roster against hand-checked cases, and the bad-input rules.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <string>

#include "core/error.hpp"
#include "deploy/covering.hpp"
#include "deploy/pmedian.hpp"
#include "deploy/roster.hpp"

namespace huxiao::deploy {
namespace {

CostMatrix random_costs(std::size_t n, std::size_t m, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1000);
  std::vector<std::pair<double, double>> dem(n), cand(m);
  for (auto& d : dem) d = {u(rng), u(rng)};
  for (auto& c : cand) c = {u(rng), u(rng)};
  CostMatrix c(n, m);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < m; ++j) {
      c(i, j) =
          std::round(std::hypot(dem[i].first - cand[j].first, dem[i].second - cand[j].second));
    }
  }
  return c;
}

// The demand weight `open` covers, counted afresh from the coverage (not by the solver).
double covered_by(const Coverage& cov, const Instance& inst, const std::vector<int>& open) {
  double covered = 0;
  for (std::size_t i = 0; i < cov.sets.size(); ++i) {
    const bool hit = std::any_of(cov.sets[i].begin(), cov.sets[i].end(), [&](int j) {
      return std::find(open.begin(), open.end(), j) != open.end();
    });
    if (hit) covered += inst.weight_of(i);
  }
  return covered;
}

// Every p-subset of the candidates containing the fixed ones.
void for_each_subset(std::size_t m, int p, const std::vector<int>& fixed,
                     const std::function<void(const std::vector<int>&)>& visit) {
  std::vector<int> pick;
  std::function<void(std::size_t)> rec = [&](std::size_t j) {
    if (static_cast<int>(pick.size()) == p) {
      for (int f : fixed) {
        if (std::find(pick.begin(), pick.end(), f) == pick.end()) return;
      }
      visit(pick);
      return;
    }
    if (j == m) return;
    pick.push_back(static_cast<int>(j));
    rec(j + 1);
    pick.pop_back();
    rec(j + 1);
  };
  rec(0);
}

TEST(PMedian, MatchesEnumerationWithWeightsAndFixedPosts) {
  for (unsigned seed = 1; seed <= 4; ++seed) {
    const CostMatrix c = random_costs(30, 12, seed);
    Instance inst;
    std::mt19937 rng(seed);
    for (int i = 0; i < 30; ++i) inst.weight.push_back(1 + static_cast<double>(rng() % 50));
    inst.fixed = {static_cast<int>(seed % 12)};
    double best = kUnreachable;
    for_each_subset(12, 4, inst.fixed, [&](const std::vector<int>& s) {
      best = std::min(best, p_median_cost(c, inst, s));
    });
    const Solution sol = solve_p_median(c, inst, 4);
    EXPECT_DOUBLE_EQ(sol.objective, best) << "seed " << seed;
    EXPECT_TRUE(sol.proven_optimal);
    EXPECT_NE(std::find(sol.open.begin(), sol.open.end(), inst.fixed[0]), sol.open.end());
  }
}

TEST(Mclp, MatchesEnumerationIncludingBackup) {
  const CostMatrix c = random_costs(40, 10, 7);
  const Coverage cov = coverage_within(c, 300);
  Instance inst;
  for (int i = 0; i < 40; ++i) inst.weight.push_back(1 + i % 7);
  inst.fixed = {3};
  for (double beta : {0.0, 0.5}) {
    double best = 0;
    for_each_subset(10, 3, inst.fixed, [&](const std::vector<int>& s) {
      double v = 0;
      for (std::size_t i = 0; i < 40; ++i) {
        int k = 0;
        for (int j : cov.sets[i]) k += std::count(s.begin(), s.end(), j) > 0 ? 1 : 0;
        v += inst.weight_of(i) * ((k >= 1 ? 1 : 0) + (k >= 2 ? beta : 0));
      }
      best = std::max(best, v);
    });
    const Solution sol = solve_mclp(cov, inst, 3, {.backup_weight = beta});
    EXPECT_NEAR(sol.objective, best, 1e-9) << "beta " << beta;
    EXPECT_TRUE(sol.proven_optimal);
  }
}

// Large models (≥ 1 500 demands) run several ILS passes from the greedy start, each with its
// own seed (here a fixed count, which does not depend on the machine's speed), and keep the
// best: the answer is a valid solution whatever the seed, and it keeps the fixed post.
TEST(Mclp, LargeModelRestartsTheSearchAndKeepsAValidBest) {
  const CostMatrix c = random_costs(2400, 1200, 11);
  const Coverage cov = coverage_within(c, 40);
  Instance inst;
  for (int i = 0; i < 2400; ++i) inst.weight.push_back(1 + i % 5);
  inst.fixed = {17};
  for (unsigned seed : {1u, 2u}) {
    const Solution sol =
        solve_mclp(cov, inst, 25, {.time_limit_s = 6, .exact = false, .seed = seed, .ils_runs = 3});
    EXPECT_NE(sol.method.find("(3 runs)"), std::string::npos) << sol.method;
    ASSERT_EQ(sol.open.size(), 25u);
    EXPECT_NE(std::find(sol.open.begin(), sol.open.end(), 17), sol.open.end());
    EXPECT_DOUBLE_EQ(sol.objective, covered_by(cov, inst, sol.open)) << "seed " << seed;
    EXPECT_GE(sol.bound, sol.objective);
  }
}

// The ILS runs go on several cores at once; with a fixed count of runs the best run (the lowest
// seed among equals) is the same whatever the number of threads.
TEST(Mclp, LargeModelRestartsGiveTheSameSearchOnAnyNumberOfThreads) {
  const CostMatrix c = random_costs(2400, 1200, 11);
  const Coverage cov = coverage_within(c, 70);
  Instance inst;
  for (int i = 0; i < 2400; ++i) inst.weight.push_back(1 + i % 5);
  inst.fixed = {17};
  const MclpOptions one{.time_limit_s = 8, .exact = false, .ils_runs = 4, .threads = 1};
  MclpOptions two = one;
  two.threads = 2;
  const Solution a = solve_mclp(cov, inst, 30, one);
  const Solution b = solve_mclp(cov, inst, 30, two);
  EXPECT_NE(a.method.find("(4 runs)"), std::string::npos) << a.method;
  EXPECT_NE(b.method.find("(4 runs)"), std::string::npos) << b.method;
  EXPECT_GT(a.ils_objective, 0.0);
  EXPECT_DOUBLE_EQ(a.ils_objective, b.ils_objective);
  EXPECT_GE(b.objective, b.ils_objective);
  ASSERT_EQ(b.open.size(), 30u);
  EXPECT_NE(std::find(b.open.begin(), b.open.end(), 17), b.open.end());
}

// Several ILS runs' ends each get the LNS and the region search; the best of them goes on to
// merging, and the answer is still a valid solution with its fixed post, never below the ILS.
TEST(Mclp, LargeModelDeepensSeveralRunsEnds) {
  const CostMatrix c = random_costs(2400, 1200, 11);
  const Coverage cov = coverage_within(c, 55);
  Instance inst;
  for (int i = 0; i < 2400; ++i) inst.weight.push_back(1 + (i * 7919) % 23);
  inst.fixed = {17};
  std::vector<std::pair<std::vector<int>, double>> deepened;
  const Solution sol =
      solve_mclp(cov, inst, 70,
                 {.time_limit_s = 8,
                  .exact = false,
                  .ils_runs = 4,
                  .deepen_runs = 3,
                  .threads = 1,
                  .on_deepened = [&](const std::vector<int>& open, double objective) {
                    deepened.emplace_back(open, objective);
                  }});
  // "+N runs deepened (ends a, b, …; best start k: …; relinked with the others: …)": N distinct
  // ends (at most the 3 asked for; on this model the runs end apart), each deepened, reported
  // and handed to the caller; the best relinked with the others.
  const auto at = sol.method.find(" runs deepened (ends ");
  ASSERT_NE(at, std::string::npos) << sol.method;
  const int starts = sol.method[at - 1] - '0';
  EXPECT_GE(starts, 2) << sol.method;
  EXPECT_LE(starts, 3) << sol.method;
  const std::string ends = sol.method.substr(at, sol.method.find(';', at) - at);
  EXPECT_EQ(std::count(ends.begin(), ends.end(), ','), starts - 1) << sol.method;
  EXPECT_EQ(sol.method.find("region search"), sol.method.rfind("region search")) << sol.method;
  EXPECT_NE(sol.method.find("; relinked with the others: "), std::string::npos) << sol.method;
  ASSERT_EQ(deepened.size(), static_cast<std::size_t>(starts));
  for (const auto& [open, objective] : deepened) {
    ASSERT_EQ(open.size(), 70u);
    EXPECT_NE(std::find(open.begin(), open.end(), 17), open.end());
    EXPECT_DOUBLE_EQ(objective, covered_by(cov, inst, open));
    EXPECT_GE(sol.objective, objective);
  }
  EXPECT_GE(sol.objective, sol.ils_objective);
  ASSERT_EQ(sol.open.size(), 70u);
  EXPECT_NE(std::find(sol.open.begin(), sol.open.end(), 17), sol.open.end());
  EXPECT_DOUBLE_EQ(sol.objective, covered_by(cov, inst, sol.open));
}

// One start (the default on a 600 s limit) is the search as before: the LNS and the region
// search from the best run only.
TEST(Mclp, LargeModelDeepensOnlyTheBestRunByDefaultOnShortLimits) {
  const CostMatrix c = random_costs(2400, 1200, 11);
  const Coverage cov = coverage_within(c, 70);
  const Solution sol =
      solve_mclp(cov, {}, 30, {.time_limit_s = 6, .exact = false, .ils_runs = 3, .threads = 1});
  EXPECT_EQ(sol.method.find("deepened"), std::string::npos) << sol.method;
  EXPECT_NE(sol.method.find("+LNS ("), std::string::npos) << sol.method;
}

TEST(BadInput, NegativeSearchCountsAreRejected) {
  const CostMatrix c = random_costs(50, 20, 3);
  const Coverage cov = coverage_within(c, 70);
  for (MclpOptions o :
       {MclpOptions{.ils_runs = -1}, MclpOptions{.deepen_runs = -2}, MclpOptions{.threads = -1}}) {
    try {
      (void)solve_mclp(cov, {}, 3, o);
      ADD_FAILURE() << "accepted a negative count";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("must not be negative"), std::string::npos) << e.what();
    }
  }
}

// When a run covers everything coverable there is nothing for another run to find — also when
// other threads have already started the next runs (they are cancelled and not counted).
TEST(Mclp, LargeModelCoveredInFullIsNotRestarted) {
  const CostMatrix c = random_costs(2400, 1200, 11);
  const Coverage cov = coverage_within(c, 450);
  for (int threads : {1, 3}) {
    const Solution sol =
        solve_mclp(cov, {}, 25, {.time_limit_s = 6, .exact = false, .threads = threads});
    EXPECT_EQ(sol.method.find(" runs)"), std::string::npos) << threads << ": " << sol.method;
    // Nothing is left to improve: no neighbourhood search or merging spends the budget.
    EXPECT_EQ(sol.method.find("LNS"), std::string::npos) << threads << ": " << sol.method;
    EXPECT_EQ(sol.method.find("merging"), std::string::npos) << threads << ": " << sol.method;
    EXPECT_NE(sol.method.find("everything coverable covered"), std::string::npos) << sol.method;
    EXPECT_DOUBLE_EQ(sol.objective, 2400.0);
    EXPECT_DOUBLE_EQ(sol.bound, 2400.0);
    EXPECT_TRUE(sol.proven_optimal);
  }
}

TEST(Lscp, BackupLevelNeedsMorePostsAndReportsUncoverable) {
  const CostMatrix c = random_costs(25, 15, 3);
  const Coverage cov = coverage_within(c, 350);
  const Solution once = solve_lscp(cov, {});
  const Solution twice = solve_lscp(cov, {}, {.level = 2});
  ASSERT_TRUE(once.feasible);
  ASSERT_TRUE(twice.feasible);
  EXPECT_GE(twice.objective, once.objective);
  // Every coverable demand is covered the asked number of times.
  for (std::size_t i = 0; i < cov.sets.size(); ++i) {
    if (std::find(twice.uncoverable.begin(), twice.uncoverable.end(), static_cast<int>(i)) !=
        twice.uncoverable.end()) {
      EXPECT_LT(cov.sets[i].size(), 2u);
      continue;
    }
    int k = 0;
    for (int j : cov.sets[i]) k += std::count(twice.open.begin(), twice.open.end(), j) > 0 ? 1 : 0;
    EXPECT_GE(k, 2) << "demand " << i;
  }
}

TEST(Lscp, UnreachableSchoolIsReportedNotHidden) {
  CostMatrix c(3, 2, 100);
  c(2, 0) = kUnreachable;
  c(2, 1) = 900;
  const Solution s = solve_lscp(coverage_within(c, 300), {});
  ASSERT_EQ(s.uncoverable.size(), 1u);
  EXPECT_EQ(s.uncoverable[0], 2);
  EXPECT_EQ(s.assignment[2], -1);
}

TEST(Lscp, CapacitiesThatCannotCoverAreReportedInfeasible) {
  CostMatrix c(4, 2, 100);
  Instance inst;
  inst.capacity = {1, 1};  // two posts, one school each, four schools
  const Solution s = solve_lscp(coverage_within(c, 300), inst);
  EXPECT_FALSE(s.feasible);
  EXPECT_NE(s.note.find("capacit"), std::string::npos);
}

TEST(PMedianCapacitated, CapacityForcesTheFartherPost) {
  // Both schools are nearest to post 0, which can take only one.
  CostMatrix c(2, 2);
  c(0, 0) = 10;
  c(0, 1) = 50;
  c(1, 0) = 10;
  c(1, 1) = 20;
  Instance inst;
  inst.capacity = {1, 1};
  const Solution s = solve_p_median_capacitated(c, inst, 2);
  ASSERT_TRUE(s.feasible);
  EXPECT_DOUBLE_EQ(s.objective, 30.0);
  EXPECT_EQ(s.assignment, (std::vector<int>{0, 1}));
}

TEST(PCenter, MatchesEnumeration) {
  const CostMatrix c = random_costs(30, 10, 11);
  double best = kUnreachable;
  for_each_subset(10, 3, {}, [&](const std::vector<int>& s) {
    double w = 0;
    for (std::size_t i = 0; i < 30; ++i) {
      double d = kUnreachable;
      for (int j : s) d = std::min(d, c(i, static_cast<std::size_t>(j)));
      w = std::max(w, d);
    }
    best = std::min(best, w);
  });
  const Solution s = solve_p_center(c, {}, 3);
  EXPECT_DOUBLE_EQ(s.objective, best);
  EXPECT_TRUE(s.proven_optimal);
}

TEST(BadInput, PLargerThanCandidatesOrNotPositive) {
  const CostMatrix c = random_costs(5, 3, 1);
  EXPECT_THROW(solve_p_median(c, {}, 4), Error);
  EXPECT_THROW(solve_p_median(c, {}, 0), Error);
  EXPECT_THROW(solve_mclp(coverage_within(c, 100), {}, 5), Error);
  Instance two_fixed;
  two_fixed.fixed = {0, 1};
  try {
    solve_p_center(c, two_fixed, 1);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kBadParameter);
    EXPECT_NE(std::string(e.what()).find("existing posts"), std::string::npos);
  }
}

TEST(BadInput, DemandUnreachableFromEveryCandidateNamesIt) {
  CostMatrix c(3, 2, 10);
  c(1, 0) = kUnreachable;
  c(1, 1) = kUnreachable;
  try {
    solve_p_median(c, {}, 1);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kBadValue);
    EXPECT_NE(std::string(e.what()).find("demand point 1"), std::string::npos);
  }
}

// [SECTION] roster

CostMatrix uniform_travel(std::size_t n, double seconds) {
  CostMatrix t(n, n, seconds);
  for (std::size_t i = 0; i < n; ++i) t(i, i) = 0;
  return t;
}

TEST(Roster, StaggeredBellsLetOneOfficerStaffTwoGates) {
  // Kindergarten 08:30 and junior school 07:40: windows [07:20, 07:50] and [08:10, 08:40],
  // 10 minutes apart by car — one officer does both. A third school at 07:40 needs a second.
  const double m = 60;
  std::vector<GateWindow> w = {
      {0, 0, 440 * m, 470 * m, 1}, {1, 1, 490 * m, 520 * m, 1}, {2, 2, 440 * m, 470 * m, 1}};
  const CostMatrix t = uniform_travel(3, 10 * m);
  EXPECT_EQ(officers_for_all_windows(w, t), 2u);
  const Roster one = build_roster(w, t, 1);
  EXPECT_DOUBLE_EQ(one.staffed_weight, 2.0);
  ASSERT_EQ(one.routes.size(), 1u);
  EXPECT_EQ(one.routes[0].size(), 2u);
  EXPECT_EQ(one.routes[0][1].window, 1);
  EXPECT_DOUBLE_EQ(one.routes[0][1].travel_s, 600.0);
  const Roster all = build_roster(w, t, 0);
  EXPECT_EQ(all.staffed_windows, 3u);
  EXPECT_EQ(all.staffed_by_officers, (std::vector<double>{2.0, 3.0}));
}

TEST(Roster, TooFarToReachInTimeMeansOneOfficerPerSchool) {
  const double m = 60;
  std::vector<GateWindow> w = {{0, 0, 440 * m, 470 * m, 1}, {1, 1, 490 * m, 520 * m, 1}};
  EXPECT_EQ(officers_for_all_windows(w, uniform_travel(2, 25 * m)), 2u);
  EXPECT_EQ(officers_for_all_windows(w, uniform_travel(2, 20 * m)), 1u);  // arrives exactly on time
}

TEST(Roster, WeightsPickTheBiggerSchoolWhenOfficersAreShort) {
  const double m = 60;
  std::vector<GateWindow> w = {{0, 0, 440 * m, 470 * m, 200}, {1, 1, 440 * m, 470 * m, 1800}};
  const Roster r = build_roster(w, uniform_travel(2, 5 * m), 1);
  ASSERT_EQ(r.routes.size(), 1u);
  EXPECT_EQ(r.routes[0][0].window, 1);
  EXPECT_DOUBLE_EQ(r.staffed_weight, 1800.0);
}

TEST(Roster, MatchesEnumerationOnRandomWindows) {
  // Brute force over assignments of 7 windows to ≤ 2 officers' ordered routes.
  std::mt19937 rng(5);
  for (int trial = 0; trial < 5; ++trial) {
    std::vector<GateWindow> w;
    for (int k = 0; k < 7; ++k) {
      const double s = 420 * 60 + static_cast<double>(rng() % 90) * 60;
      w.push_back({k, k, s, s + 1800, 1 + static_cast<double>(rng() % 5)});
    }
    CostMatrix t(7, 7, 0);
    for (std::size_t a = 0; a < 7; ++a) {
      for (std::size_t b = 0; b < 7; ++b)
        t(a, b) = a == b ? 0 : 300 + static_cast<double>((a * 7 + b) % 5) * 300;
    }
    double best = 0;
    // Each window: unstaffed (0) or officer 1/2; a route is feasible if sorted by start it chains.
    for (int code = 0; code < 2187; ++code) {
      int c = code;
      std::vector<std::vector<std::size_t>> routes(2);
      double v = 0;
      for (std::size_t k = 0; k < 7; ++k, c /= 3) {
        if (c % 3 > 0) {
          routes[static_cast<std::size_t>(c % 3 - 1)].push_back(k);
          v += w[k].weight;
        }
      }
      bool ok = true;
      for (auto& r : routes) {
        std::sort(r.begin(), r.end(),
                  [&](std::size_t a, std::size_t b) { return w[a].start_s < w[b].start_s; });
        for (std::size_t q = 1; q < r.size(); ++q)
          ok = ok && w[r[q - 1]].end_s + t(r[q - 1], r[q]) <= w[r[q]].start_s;
      }
      if (ok) best = std::max(best, v);
    }
    EXPECT_DOUBLE_EQ(build_roster(w, t, 2).staffed_weight, best) << "trial " << trial;
  }
}

TEST(Roster, WindowEndingBeforeItStartsIsRejected) {
  std::vector<GateWindow> w = {{0, 0, 500, 400, 1}};
  EXPECT_THROW(build_roster(w, uniform_travel(1, 0), 1), Error);
}

}  // namespace
}  // namespace huxiao::deploy
