#pragma once
// A random MCLP for the deployment tests: demands and candidates uniform in a 1 km square.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <random>
#include <utility>
#include <vector>

#include "deploy/mclp_lns.hpp"

namespace huxiao::deploy::test_support {

struct Random {
  std::vector<std::vector<int>> sets;
  std::vector<double> weight;
  std::size_t m = 0;
  CoverModel model() const { return {sets, weight, m}; }
};

// n demands, m candidates uniform in a 1 km square, covered within `radius`.
inline Random random_model(std::size_t n, std::size_t m, double radius, unsigned seed) {
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

// The best choice of p posts that includes `fixed`, by enumeration (small instances only).
inline std::vector<int> enumerated_best(const CoverModel& model, int p, int fixed) {
  std::vector<int> pick{fixed}, best = pick;
  double best_value = -1;
  std::function<void(int)> rec = [&](int next) {
    if (static_cast<int>(pick.size()) == p) {
      const double v = covered_weight(model, pick);
      if (v > best_value) {
        best_value = v;
        best = pick;
      }
      return;
    }
    for (int c = next; c < static_cast<int>(model.candidates); ++c) {
      if (c == fixed) continue;
      pick.push_back(c);
      rec(c + 1);
      pick.pop_back();
    }
  };
  rec(0);
  return best;
}

// The best p posts among `pool` that include every post of `must`.
inline double best_within(const CoverModel& model, const std::vector<int>& pool, int p,
                          const std::vector<int>& must) {
  double best = 0;
  std::vector<int> pick;
  std::function<void(std::size_t)> rec = [&](std::size_t k) {
    if (static_cast<int>(pick.size()) == p) {
      const bool has = std::all_of(must.begin(), must.end(), [&](int f) {
        return std::find(pick.begin(), pick.end(), f) != pick.end();
      });
      if (has) best = std::max(best, covered_weight(model, pick));
      return;
    }
    if (k == pool.size()) return;
    pick.push_back(pool[k]);
    rec(k + 1);
    pick.pop_back();
    rec(k + 1);
  };
  rec(0);
  return best;
}

}  // namespace huxiao::deploy::test_support
