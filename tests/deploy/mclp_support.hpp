#pragma once
// A random MCLP for the deployment tests: demands and candidates uniform in a 1 km square.

#include <cmath>
#include <cstddef>
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

}  // namespace huxiao::deploy::test_support
