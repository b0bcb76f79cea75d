#include "deploy/problem.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace huxiao::deploy {

CostMatrix::CostMatrix(std::size_t demands, std::size_t candidates, double fill)
    : demands_(demands), candidates_(candidates), data_(demands * candidates, fill) {}

Coverage coverage_within(const CostMatrix& cost, double threshold) {
  Coverage cov;
  cov.candidates = cost.candidates();
  cov.sets.resize(cost.demands());
  for (std::size_t i = 0; i < cost.demands(); ++i) {
    const double* row = cost.row(i);
    for (std::size_t j = 0; j < cost.candidates(); ++j) {
      if (row[j] <= threshold) cov.sets[i].push_back(static_cast<int>(j));
    }
  }
  return cov;
}

double Instance::total_weight(std::size_t demands) const {
  if (weight.empty()) return static_cast<double>(demands);
  return std::accumulate(weight.begin(), weight.end(), 0.0);
}

bool Instance::capacitated() const {
  return std::any_of(capacity.begin(), capacity.end(), [](int c) { return c > 0; });
}

double Solution::gap() const {
  if (proven_optimal) return 0.0;
  if (!std::isfinite(bound) || !std::isfinite(objective)) return 1.0;
  return std::abs(objective - bound) / std::max(std::abs(objective), 1.0);
}

}  // namespace huxiao::deploy
