#pragma once
// The generic input of every location model: demand points i (schools, census tracts, graph
// nodes) against candidate sites j (posts, kiosks, intersections), with a cost per pair in
// whatever unit the caller chose (peak travel seconds, metres, OR-Library edge lengths). The
// models never know where the costs came from, so road-network travel times, straight-line
// placeholders and published benchmark matrices all enter the same way.

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace huxiao::deploy {

inline constexpr double kUnreachable = std::numeric_limits<double>::infinity();

// Dense demand × candidate costs, row-major. kUnreachable marks pairs with no route.
class CostMatrix {
 public:
  CostMatrix() = default;
  CostMatrix(std::size_t demands, std::size_t candidates, double fill = kUnreachable);

  std::size_t demands() const { return demands_; }
  std::size_t candidates() const { return candidates_; }
  double operator()(std::size_t i, std::size_t j) const { return data_[i * candidates_ + j]; }
  double& operator()(std::size_t i, std::size_t j) { return data_[i * candidates_ + j]; }
  const double* row(std::size_t i) const { return data_.data() + i * candidates_; }

 private:
  std::size_t demands_ = 0;
  std::size_t candidates_ = 0;
  std::vector<double> data_;
};

// For each demand, the candidates that cover it (sorted ascending). The sparse input of the
// covering models; built from a CostMatrix and a threshold, or directly from coordinates when a
// dense matrix would not fit (AILS San Francisco: 5 137 × 5 137).
struct Coverage {
  std::size_t candidates = 0;
  std::vector<std::vector<int>> sets;  // sets[i] = candidates covering demand i
};

Coverage coverage_within(const CostMatrix& cost, double threshold);

// The facts shared by every model.
struct Instance {
  std::string name;
  std::vector<double> weight;  // per demand (students, population); empty = all 1
  std::vector<int> fixed;      // candidates that are open already and stay (existing posts)
  std::vector<int> capacity;   // per candidate: most demands it may serve; empty/0 = unlimited

  double weight_of(std::size_t i) const { return weight.empty() ? 1.0 : weight[i]; }
  double total_weight(std::size_t demands) const;
  bool capacitated() const;
};

// What every solver reports. `bound` is a proven bound on the optimum (lower for minimisation,
// upper for maximisation), so gap() is always an honest optimality gap.
struct Solution {
  std::vector<int> open;        // chosen candidates, fixed ones included, ascending
  std::vector<int> assignment;  // per demand: serving candidate, -1 if none / uncovered
  double objective = 0.0;
  double bound = 0.0;
  bool proven_optimal = false;
  bool feasible = true;  // false: the model has no solution (see `note`)
  double seconds = 0.0;
  std::string method;            // "lagrangian+swap", "cbc", ...
  std::string note;              // why infeasible, what was dropped
  std::vector<int> uncoverable;  // demands no candidate can cover/reach: reported, not hidden
  // MCLP: the heuristic's value before the MIP, and when (seconds from the start) the
  // iterated local search found it — for time-to-target comparisons.
  double heuristic_objective = 0.0;
  double heuristic_best_s = 0.0;
  // MCLP: the iterated local search's best (all its runs), before the neighbourhood search.
  double ils_objective = 0.0;
  // When the returned solution was first reached (time to target); the MIP's end if CBC
  // improved on the heuristic, since CBC does not report when it found its incumbent.
  double best_found_s = 0.0;

  // Relative gap |objective − bound| / max(|objective|, 1); 0 when proven optimal.
  double gap() const;
};

}  // namespace huxiao::deploy
