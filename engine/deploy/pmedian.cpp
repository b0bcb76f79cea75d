#include "deploy/pmedian.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "core/error.hpp"
#include "deploy/mip.hpp"

namespace huxiao::deploy {
namespace {

using Clock = std::chrono::steady_clock;

double elapsed(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Unreachable pairs become a large finite penalty inside the heuristics so that swap arithmetic
// never meets ∞ − ∞; a solution still using one is reported infeasible by p_median_cost.
constexpr double kPenalty = 1e12;

double finite(double d) {
  return std::isfinite(d) ? d : kPenalty;
}

// [SECTION] swap local search state

struct SwapState {
  const CostMatrix& cost;
  const Instance& inst;
  std::vector<char> is_open, is_fixed;
  std::vector<int> open;
  std::vector<double> d1, d2;
  std::vector<int> c1;

  SwapState(const CostMatrix& c, const Instance& i) : cost(c), inst(i) {
    is_open.assign(c.candidates(), 0);
    is_fixed.assign(c.candidates(), 0);
    for (int f : i.fixed) is_fixed[static_cast<std::size_t>(f)] = 1;
  }

  void set_open(const std::vector<int>& facilities) {
    std::fill(is_open.begin(), is_open.end(), 0);
    open = facilities;
    for (int f : open) is_open[static_cast<std::size_t>(f)] = 1;
    refresh();
  }

  void refresh() {
    const std::size_t n = cost.demands();
    d1.assign(n, kPenalty * 2);
    d2.assign(n, kPenalty * 2);
    c1.assign(n, -1);
    for (std::size_t i = 0; i < n; ++i) {
      const double* row = cost.row(i);
      for (int f : open) {
        const double d = finite(row[f]);
        if (d < d1[i]) {
          d2[i] = d1[i];
          d1[i] = d;
          c1[i] = f;
        } else if (d < d2[i]) {
          d2[i] = d;
        }
      }
    }
  }

  double objective() const {
    double s = 0;
    for (std::size_t i = 0; i < d1.size(); ++i) s += inst.weight_of(i) * d1[i];
    return s;
  }

  // One best-improvement swap; false when no swap improves by more than `eps`.
  bool improve(double eps) {
    const std::size_t n = cost.demands(), m = cost.candidates();
    std::vector<double> loss(m, 0.0), extra(m, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      loss[static_cast<std::size_t>(c1[i])] += inst.weight_of(i) * (d2[i] - d1[i]);
    }
    double best = eps;
    int best_in = -1, best_out = -1;
    for (std::size_t f = 0; f < m; ++f) {
      if (is_open[f] != 0) continue;
      double gain = 0;
      for (int r : open) extra[static_cast<std::size_t>(r)] = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const double d = finite(cost(i, f));
        const double w = inst.weight_of(i);
        if (d < d1[i]) gain += w * (d1[i] - d);
        if (d < d2[i]) extra[static_cast<std::size_t>(c1[i])] += w * (d2[i] - std::max(d, d1[i]));
      }
      for (int r : open) {
        const auto ru = static_cast<std::size_t>(r);
        if (is_fixed[ru] != 0) continue;
        const double profit = gain - loss[ru] + extra[ru];
        if (profit > best) {
          best = profit;
          best_in = static_cast<int>(f);
          best_out = r;
        }
      }
    }
    if (best_in < 0) return false;
    std::replace(open.begin(), open.end(), best_out, best_in);
    is_open[static_cast<std::size_t>(best_out)] = 0;
    is_open[static_cast<std::size_t>(best_in)] = 1;
    refresh();
    return true;
  }
};

std::vector<int> greedy(const CostMatrix& cost, const Instance& inst, int p) {
  const std::size_t n = cost.demands(), m = cost.candidates();
  std::vector<int> open(inst.fixed.begin(), inst.fixed.end());
  std::vector<char> is_open(m, 0);
  std::vector<double> d1(n, kPenalty * 2);
  auto add = [&](int f) {
    is_open[static_cast<std::size_t>(f)] = 1;
    for (std::size_t i = 0; i < n; ++i)
      d1[i] = std::min(d1[i], finite(cost(i, static_cast<std::size_t>(f))));
  };
  for (int f : open) add(f);
  while (static_cast<int>(open.size()) < p) {
    double best = -1;
    int best_f = -1;
    for (std::size_t f = 0; f < m; ++f) {
      if (is_open[f] != 0) continue;
      double gain = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const double d = finite(cost(i, f));
        if (d < d1[i]) gain += inst.weight_of(i) * (d1[i] - d);
      }
      if (gain > best) {
        best = gain;
        best_f = static_cast<int>(f);
      }
    }
    open.push_back(best_f);
    add(best_f);
  }
  return open;
}

void local_search(SwapState& state, double eps, Clock::time_point deadline) {
  while (Clock::now() < deadline && state.improve(eps)) {
  }
}

bool integral_costs(const CostMatrix& cost, const Instance& inst) {
  for (std::size_t i = 0; i < cost.demands(); ++i) {
    const double w = inst.weight_of(i);
    if (w != std::floor(w)) return false;
    const double* row = cost.row(i);
    for (std::size_t j = 0; j < cost.candidates(); ++j) {
      if (std::isfinite(row[j]) && row[j] != std::floor(row[j])) return false;
    }
  }
  return true;
}

// [SECTION] Lagrangian relaxation

struct Lagrangian {
  double bound = -std::numeric_limits<double>::infinity();
  std::vector<double> rho;  // reduced costs of the candidates at the best multipliers
};

// ρ_j = Σ_i min(0, w_i d_ij − λ_i); returns Σ λ + the p cheapest ρ (fixed ones forced) and the
// chosen set.
double lagrangian_value(const CostMatrix& cost, const Instance& inst, int p,
                        const std::vector<double>& lambda, std::vector<double>& rho,
                        std::vector<int>& chosen, const std::vector<char>& is_fixed) {
  const std::size_t n = cost.demands(), m = cost.candidates();
  std::fill(rho.begin(), rho.end(), 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const double* row = cost.row(i);
    const double w = inst.weight_of(i), l = lambda[i];
    for (std::size_t j = 0; j < m; ++j) {
      const double c = w * row[j] - l;
      if (c < 0) rho[j] += c;
    }
  }
  chosen.assign(inst.fixed.begin(), inst.fixed.end());
  std::vector<int> order;
  for (std::size_t j = 0; j < m; ++j) {
    if (is_fixed[j] == 0) order.push_back(static_cast<int>(j));
  }
  const auto free_p = static_cast<std::size_t>(p) - chosen.size();
  std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(free_p), order.end(),
                   [&](int a, int b) {
                     return rho[static_cast<std::size_t>(a)] < rho[static_cast<std::size_t>(b)];
                   });
  chosen.insert(chosen.end(), order.begin(), order.begin() + static_cast<std::ptrdiff_t>(free_p));
  double value = std::accumulate(lambda.begin(), lambda.end(), 0.0);
  for (int j : chosen) value += rho[static_cast<std::size_t>(j)];
  return value;
}

struct SearchState {
  double ub;
  std::vector<int> best_open;
};

Lagrangian subgradient(const CostMatrix& cost, const Instance& inst, int p, SwapState& swap,
                       SearchState& search, bool integral, const PMedianOptions& opt,
                       Clock::time_point deadline, ProgressTask& task) {
  const std::size_t n = cost.demands(), m = cost.candidates();
  std::vector<double> lambda(n), rho(m), best_lambda;
  std::vector<int> chosen;
  swap.set_open(search.best_open);
  for (std::size_t i = 0; i < n; ++i) lambda[i] = inst.weight_of(i) * swap.d1[i];
  Lagrangian best;
  double theta = 2.0;
  int stall = 0;
  std::vector<double> g(n);
  std::vector<char> chosen_mask(m, 0);
  for (int it = 0; it < opt.max_lagrangian_iterations && Clock::now() < deadline; ++it) {
    const double value = lagrangian_value(cost, inst, p, lambda, rho, chosen, swap.is_fixed);
    if (value > best.bound + 1e-9 * std::max(1.0, std::abs(value))) {
      best.bound = value;
      best.rho = rho;
      stall = 0;
    } else if (++stall >= 50) {
      theta /= 2;
      stall = 0;
    }
    const double lb = integral ? std::ceil(best.bound - 1e-6) : best.bound;
    if (lb >= search.ub - 1e-9 * std::max(1.0, search.ub)) break;
    if ((search.ub - lb) / std::max(1.0, search.ub) <= opt.target_gap) break;
    if (theta < 1e-6) break;
    // Lagrangian heuristic: the relaxation's facilities as a fresh swap start.
    if (it % 50 == 25) {
      swap.set_open(chosen);
      local_search(swap, 1e-9, deadline);
      const double v = swap.objective();
      if (v < search.ub - 1e-9) {
        search.ub = v;
        search.best_open = swap.open;
      }
    }
    std::fill(chosen_mask.begin(), chosen_mask.end(), 0);
    for (int j : chosen) chosen_mask[static_cast<std::size_t>(j)] = 1;
    double norm = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double* row = cost.row(i);
      const double w = inst.weight_of(i);
      int served = 0;
      for (int j : chosen) served += (w * row[j] < lambda[i]) ? 1 : 0;
      g[i] = 1.0 - served;
      norm += g[i] * g[i];
    }
    if (norm == 0) {  // the relaxation's solution is feasible, hence optimal for this λ
      best.bound = std::max(best.bound, value);
      break;
    }
    const double step = theta * (search.ub - value) / norm;
    for (std::size_t i = 0; i < n; ++i) lambda[i] += step * g[i];
    task.update(static_cast<std::uint64_t>(it));
  }
  return best;
}

// [SECTION] reduced classical MIP

enum class Status : char { kFree, kOpen, kClosed };

std::vector<Status> reduced_cost_fixing(const Lagrangian& lag, const Instance& inst, int p,
                                        double cutoff, std::size_t m) {
  std::vector<Status> status(m, Status::kFree);
  std::vector<char> fixed(m, 0);
  for (int f : inst.fixed) {
    status[static_cast<std::size_t>(f)] = Status::kOpen;
    fixed[static_cast<std::size_t>(f)] = 1;
  }
  if (lag.rho.empty()) return status;
  std::vector<int> order;
  for (std::size_t j = 0; j < m; ++j) {
    if (fixed[j] == 0) order.push_back(static_cast<int>(j));
  }
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    return lag.rho[static_cast<std::size_t>(a)] < lag.rho[static_cast<std::size_t>(b)];
  });
  const auto k = static_cast<std::size_t>(p) - inst.fixed.size();
  if (k == 0 || k >= order.size()) return status;
  const double last_in = lag.rho[static_cast<std::size_t>(order[k - 1])];
  const double first_out = lag.rho[static_cast<std::size_t>(order[k])];
  for (std::size_t r = 0; r < order.size(); ++r) {
    const auto j = static_cast<std::size_t>(order[r]);
    if (r < k) {
      if (lag.bound - lag.rho[j] + first_out > cutoff) status[j] = Status::kOpen;
    } else if (lag.bound + lag.rho[j] - last_in > cutoff) {
      status[j] = Status::kClosed;
    }
  }
  return status;
}

struct MipOutcome {
  bool solved = false;  // a solution at least as good as the start came back
  bool proven = false;
  bool infeasible = false;  // no solution better than the cutoff exists
  double objective = 0, bound = 0;
  std::vector<int> open;
  int free_candidates = 0, columns = 0, rows = 0;
};

MipOutcome solve_reduced(const CostMatrix& cost, const Instance& inst, int p,
                         const std::vector<Status>& status, const std::vector<int>& start,
                         double time_limit) {
  const std::size_t n = cost.demands(), m = cost.candidates();
  MipModel mip;
  std::vector<int> ycol(m, -1);
  std::vector<int> forced;
  int free_count = 0;
  for (std::size_t j = 0; j < m; ++j) {
    if (status[j] == Status::kFree) {
      ycol[j] = mip.add_binary(0.0);
      ++free_count;
    } else if (status[j] == Status::kOpen) {
      forced.push_back(static_cast<int>(j));
    }
  }
  const int k = p - static_cast<int>(forced.size());
  MipOutcome out;
  if (k < 0 || k > free_count) {
    out.infeasible = true;
    return out;
  }
  std::vector<int> cols;
  std::vector<double> coefs;
  for (std::size_t i = 0; i < n; ++i) {
    const double* row = cost.row(i);
    const double w = inst.weight_of(i);
    double forced_d = kUnreachable;
    for (int f : forced) forced_d = std::min(forced_d, row[f]);
    cols.clear();
    coefs.clear();
    if (std::isfinite(forced_d)) {
      cols.push_back(mip.add_continuous(0, 1, w * forced_d));
      coefs.push_back(1);
    }
    for (std::size_t j = 0; j < m; ++j) {
      if (ycol[j] < 0 || !(row[j] < forced_d)) continue;
      const int x = mip.add_continuous(0, 1, w * row[j]);
      const int link[2] = {x, ycol[j]};
      const double lc[2] = {1, -1};
      mip.add_row(link, lc, -kUnreachable, 0);
      cols.push_back(x);
      coefs.push_back(1);
    }
    if (cols.empty()) {  // cannot be served by any remaining candidate
      out.infeasible = true;
      return out;
    }
    mip.add_row(cols, coefs, 1, 1);
  }
  cols.clear();
  coefs.clear();
  for (std::size_t j = 0; j < m; ++j) {
    if (ycol[j] >= 0) {
      cols.push_back(ycol[j]);
      coefs.push_back(1);
    }
  }
  if (!cols.empty()) mip.add_row(cols, coefs, k, k);
  std::vector<std::pair<int, double>> mip_start;
  bool consistent = !start.empty();
  int free_in_start = 0;
  for (int f : start) {
    const auto fu = static_cast<std::size_t>(f);
    if (status[fu] == Status::kClosed) consistent = false;
    if (ycol[fu] >= 0) {
      mip_start.emplace_back(ycol[fu], 1.0);
      ++free_in_start;
    }
  }
  if (free_in_start != k) consistent = false;
  if (!consistent) mip_start.clear();
  out.free_candidates = free_count;
  out.columns = mip.columns();
  out.rows = mip.rows();
  const MipResult r = mip.solve({.time_limit_s = std::max(1.0, time_limit)}, mip_start);
  if (r.status == MipResult::Status::kInfeasible) {
    out.infeasible = true;
    return out;
  }
  out.bound = r.bound;
  if (r.x.empty()) return out;
  out.solved = true;
  out.proven = r.status == MipResult::Status::kOptimal;
  out.objective = r.objective;
  out.open = forced;
  for (std::size_t j = 0; j < m; ++j) {
    if (ycol[j] >= 0 && r.x[static_cast<std::size_t>(ycol[j])] > 0.5)
      out.open.push_back(static_cast<int>(j));
  }
  return out;
}

void check_reachable(const CostMatrix& cost) {
  for (std::size_t i = 0; i < cost.demands(); ++i) {
    const double* row = cost.row(i);
    if (std::none_of(row, row + cost.candidates(), [](double d) { return std::isfinite(d); })) {
      throw Error(ErrorCode::kBadValue,
                  fmt::format("demand point {} is unreachable from every candidate site", i),
                  {.feature = fmt::format("demand {}", i),
                   .fix = "add a candidate site that reaches it, or check the travel-time source "
                          "(road network connectivity)"});
    }
  }
}

}  // namespace

void check_p(int p, std::size_t candidates, const Instance& instance) {
  if (p <= 0) {
    throw Error(ErrorCode::kBadParameter, fmt::format("number of posts p = {} must be positive", p),
                {.fix = "give p ≥ 1"});
  }
  if (static_cast<std::size_t>(p) > candidates) {
    throw Error(
        ErrorCode::kBadParameter,
        fmt::format("p = {} posts asked for but there are only {} candidate sites", p, candidates),
        {.fix = "lower p or add candidate sites"});
  }
  for (int f : instance.fixed) {
    if (f < 0 || static_cast<std::size_t>(f) >= candidates) {
      throw Error(ErrorCode::kInternal, fmt::format("fixed facility index {} out of range", f));
    }
  }
  if (static_cast<std::size_t>(p) < instance.fixed.size()) {
    throw Error(ErrorCode::kBadParameter,
                fmt::format("p = {} is less than the {} existing posts that must stay open", p,
                            instance.fixed.size()),
                {.fix = fmt::format("give p ≥ {}", instance.fixed.size())});
  }
}

double p_median_cost(const CostMatrix& cost, const Instance& instance, const std::vector<int>& open,
                     std::vector<int>* assignment) {
  double total = 0;
  if (assignment != nullptr) assignment->assign(cost.demands(), -1);
  for (std::size_t i = 0; i < cost.demands(); ++i) {
    double best = kUnreachable;
    int arg = -1;
    for (int f : open) {
      const double d = cost(i, static_cast<std::size_t>(f));
      if (d < best) {
        best = d;
        arg = f;
      }
    }
    if (assignment != nullptr) (*assignment)[i] = arg;
    total += instance.weight_of(i) * best;
  }
  return total;
}

Solution solve_p_median(const CostMatrix& cost, const Instance& instance, int p,
                        const PMedianOptions& options, Progress& progress) {
  const auto t0 = Clock::now();
  const auto deadline = t0 + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(options.time_limit_s));
  check_p(p, cost.candidates(), instance);
  check_reachable(cost);
  ProgressTask task(progress, "p-median",
                    static_cast<std::uint64_t>(options.max_lagrangian_iterations));
  const bool integral = integral_costs(cost, instance);

  SwapState swap(cost, instance);
  swap.set_open(greedy(cost, instance, p));
  local_search(swap, 1e-9, deadline);
  SearchState search{swap.objective(), swap.open};

  Solution sol;
  sol.method = "greedy+swap";
  Lagrangian lag;
  if (static_cast<std::size_t>(p) > instance.fixed.size() &&
      static_cast<std::size_t>(p) < cost.candidates()) {
    lag = subgradient(cost, instance, p, swap, search, integral, options, deadline, task);
    sol.method = "greedy+swap, lagrangian bound";
  } else {
    lag.bound = search.ub;  // nothing to choose: the only solution is optimal
  }
  double bound = integral ? std::ceil(lag.bound - 1e-6) : lag.bound;
  auto closed = [&](double lb) { return lb >= search.ub - 1e-9 * std::max(1.0, search.ub); };
  if (!closed(bound) && options.exact && Clock::now() < deadline &&
      (search.ub - bound) / std::max(1.0, search.ub) > options.target_gap) {
    // With integral costs only solutions ≤ UB − 1 are of interest; otherwise ≤ UB.
    const double cutoff = integral ? search.ub - 1 + 1e-6 : search.ub + 1e-9 * search.ub;
    const auto status = reduced_cost_fixing(lag, instance, p, cutoff, cost.candidates());
    const MipOutcome mip = solve_reduced(cost, instance, p, status, search.best_open,
                                         options.time_limit_s - elapsed(t0));
    sol.method += ", reduced MIP (cbc)";
    sol.note = fmt::format(
        "lagrangian bound {:.10g}; reduced MIP: {} free candidates, {} columns, {} rows", lag.bound,
        mip.free_candidates, mip.columns, mip.rows);
    if (mip.infeasible) {
      bound = search.ub;  // nothing better than the incumbent exists
    } else {
      if (mip.solved && mip.objective < search.ub - 1e-9) {
        search.ub = mip.objective;
        search.best_open = mip.open;
      }
      const double mb = integral ? std::ceil(mip.bound - 1e-6) : mip.bound;
      // The reduced model holds every solution better than the cutoff, so its bound (capped by
      // the incumbent) bounds the whole problem; a proven reduced optimum closes the gap.
      bound = std::max(bound, std::min(mb, search.ub));
      if (mip.proven && mip.solved) bound = search.ub;
    }
  }
  sol.open = search.best_open;
  std::sort(sol.open.begin(), sol.open.end());
  sol.objective = p_median_cost(cost, instance, sol.open, &sol.assignment);
  sol.bound = std::min(bound, sol.objective);
  sol.proven_optimal = closed(sol.bound);
  sol.seconds = elapsed(t0);
  return sol;
}

Solution solve_p_median_capacitated(const CostMatrix& cost, const Instance& instance, int p,
                                    const PMedianOptions& options) {
  check_p(p, cost.candidates(), instance);
  check_reachable(cost);
  const std::size_t n = cost.demands(), m = cost.candidates();
  Solution sol;
  sol.method = "capacitated MIP (cbc)";
  MipModel mip;
  std::vector<int> y(m);
  for (std::size_t j = 0; j < m; ++j) y[j] = mip.add_binary(0);
  for (int f : instance.fixed) mip.fix(y[static_cast<std::size_t>(f)], 1);
  std::vector<std::vector<std::pair<int, int>>> by_candidate(m);  // (demand, x column)
  std::vector<std::vector<int>> xcol(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<int> cols;
    std::vector<double> ones;
    for (std::size_t j = 0; j < m; ++j) {
      const double d = cost(i, j);
      if (!std::isfinite(d)) continue;
      const int x = mip.add_binary(instance.weight_of(i) * d);
      const int link[2] = {x, y[j]};
      const double lc[2] = {1, -1};
      mip.add_row(link, lc, -kUnreachable, 0);
      by_candidate[j].emplace_back(static_cast<int>(i), x);
      cols.push_back(x);
      ones.push_back(1);
    }
    mip.add_row(cols, ones, 1, 1);
  }
  for (std::size_t j = 0; j < m; ++j) {
    const int cap = j < instance.capacity.size() ? instance.capacity[j] : 0;
    if (cap <= 0) continue;
    std::vector<int> cols;
    std::vector<double> coefs;
    for (const auto& [i, x] : by_candidate[j]) {
      cols.push_back(x);
      coefs.push_back(1);
    }
    cols.push_back(y[j]);
    coefs.push_back(-cap);
    mip.add_row(cols, coefs, -kUnreachable, 0);
  }
  std::vector<double> ones(m, 1.0);
  mip.add_row(y, ones, p, p);
  const MipResult r = mip.solve({.time_limit_s = options.time_limit_s});
  sol.seconds = r.seconds;
  if (r.status == MipResult::Status::kInfeasible) {
    sol.feasible = false;
    sol.note = fmt::format(
        "the capacities make it impossible to serve all {} demand points with "
        "{} posts",
        n, p);
    return sol;
  }
  if (r.x.empty()) {
    sol.feasible = false;
    sol.note = "no feasible solution found within the time limit";
    sol.bound = r.bound;
    return sol;
  }
  sol.assignment.assign(n, -1);
  for (std::size_t j = 0; j < m; ++j) {
    if (r.x[static_cast<std::size_t>(y[j])] > 0.5) sol.open.push_back(static_cast<int>(j));
    for (const auto& [i, x] : by_candidate[j]) {
      if (r.x[static_cast<std::size_t>(x)] > 0.5)
        sol.assignment[static_cast<std::size_t>(i)] = static_cast<int>(j);
    }
  }
  sol.objective = r.objective;
  sol.bound = r.bound;
  sol.proven_optimal = r.status == MipResult::Status::kOptimal;
  return sol;
}

}  // namespace huxiao::deploy
