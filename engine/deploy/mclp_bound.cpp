#include "deploy/mclp_bound.hpp"

#include <algorithm>
#include <numeric>

namespace huxiao::deploy {
namespace {

using Clock = std::chrono::steady_clock;

// The relaxation for fixed multipliers λ: each demand is "covered" on its own when its weight
// beats λ_i, and each candidate is worth the λ of the demands it covers; the best p candidates
// open. Any λ ≥ 0 gives an upper bound.
struct Relaxation {
  const CoverModel& model;
  const std::vector<std::vector<int>> by_candidate;
  std::vector<char> is_fixed;
  int free_posts = 0;

  std::vector<double> worth;  // per candidate: Σ λ over the demands it covers
  std::vector<int> order, chosen;

  double evaluate(const std::vector<double>& lambda) {
    double value = 0;
    for (std::size_t i = 0; i < lambda.size(); ++i)
      value += std::max(0.0, model.weight[i] - lambda[i]);
    worth.assign(model.candidates, 0.0);
    for (std::size_t j = 0; j < model.candidates; ++j) {
      for (int i : by_candidate[j]) worth[j] += lambda[static_cast<std::size_t>(i)];
    }
    chosen.clear();
    order.clear();
    for (std::size_t j = 0; j < model.candidates; ++j) {
      if (is_fixed[j] != 0) {
        chosen.push_back(static_cast<int>(j));
      } else {
        order.push_back(static_cast<int>(j));
      }
    }
    const auto take =
        static_cast<std::size_t>(std::clamp(free_posts, 0, static_cast<int>(order.size())));
    std::nth_element(
        order.begin(), order.begin() + static_cast<long>(take), order.end(), [&](int a, int b) {
          return worth[static_cast<std::size_t>(a)] > worth[static_cast<std::size_t>(b)];
        });
    chosen.insert(chosen.end(), order.begin(), order.begin() + static_cast<long>(take));
    for (int j : chosen) value += worth[static_cast<std::size_t>(j)];
    return value;
  }
};

}  // namespace

LagrangianBound mclp_lagrangian_bound(const CoverModel& model, const std::vector<int>& fixed, int p,
                                      double incumbent, Clock::time_point deadline,
                                      const LagrangianOptions& options) {
  const auto t0 = Clock::now();
  Relaxation rx{model, demands_by_candidate(model), std::vector<char>(model.candidates, 0), 0};
  for (int f : fixed) rx.is_fixed[static_cast<std::size_t>(f)] = 1;
  rx.free_posts = p - static_cast<int>(fixed.size());

  const std::size_t n = model.sets.size();
  LagrangianBound out;
  out.value = std::accumulate(model.weight.begin(), model.weight.end(), 0.0);  // λ = 0
  // Start where a demand covered by many candidates is cheap: λ_i = w_i / |N_i|.
  std::vector<double> lambda(n), step(n);
  for (std::size_t i = 0; i < n; ++i)
    lambda[i] =
        model.sets[i].empty() ? 0.0 : model.weight[i] / static_cast<double>(model.sets[i].size());
  std::vector<int> cover(n);
  double mu = 2.0;
  int since_better = 0;
  while (out.iterations < options.max_iterations && Clock::now() < deadline) {
    const double value = rx.evaluate(lambda);
    ++out.iterations;
    if (value < out.value - 1e-9 * std::max(1.0, out.value)) {
      out.value = value;
      since_better = 0;
    } else if (++since_better >= options.halving_window) {
      mu /= 2;
      since_better = 0;
    }
    if (out.value - incumbent <= options.relative_gap * std::max(1.0, incumbent) || mu < 1e-6)
      break;
    // Subgradient of the bound in λ: (open posts covering i) − (i counted on its own).
    std::fill(cover.begin(), cover.end(), 0);
    for (int j : rx.chosen) {
      for (int i : rx.by_candidate[static_cast<std::size_t>(j)])
        ++cover[static_cast<std::size_t>(i)];
    }
    double norm = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double g = cover[i] - (model.weight[i] > lambda[i] ? 1.0 : 0.0);
      step[i] = g;
      norm += g * g;
    }
    if (norm == 0) break;  // the relaxed solution is feasible: the bound is tight
    const double t = mu * std::max(value - incumbent, 1e-9 * value) / norm;
    for (std::size_t i = 0; i < n; ++i)
      lambda[i] = std::clamp(lambda[i] - t * step[i], 0.0, model.weight[i]);
  }
  out.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return out;
}

}  // namespace huxiao::deploy
