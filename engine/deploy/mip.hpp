#pragma once
// A small mixed-integer model builder over CBC (coinor-libcbc, through its C interface, which
// runs the same branch-and-cut as the `cbc` program: presolve, cuts, heuristics). The CBC handle
// lives only inside solve(), owned by a unique_ptr, so no path leaks it. Models are always
// minimised here; callers negate objectives to maximise, which keeps the bound's sign obvious.

#include <filesystem>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace huxiao::deploy {

struct MipOptions {
  double time_limit_s = 600.0;
  double relative_gap = 0.0;  // stop when proven within this gap (0: prove optimality)
  bool log = false;           // CBC's own log on stdout
  bool plain = false;  // no cuts or heuristics: small sub-MIPs, where they cost more than they save
  // CBC's primal heuristics (feasibility pump, RINS, …). Off where a better solution than the
  // cutoff is not expected from them: on the reduced AILS San Francisco p=90 model the pump ran
  // minutes past the time limit, which CBC does not check inside it.
  bool heuristics = true;
  int max_nodes = 0;  // branch-and-bound nodes (0: no limit); unlike time, deterministic
  // Only solutions with a lower objective are of interest (a known solution's value). Unlike a
  // MIP start it costs nothing up front: CBC 2.10 spent 150 s completing a start on the reduced
  // AILS San Francisco model before its branch-and-bound began, past the time limit. A result
  // of kInfeasible then means "nothing better than the cutoff".
  std::optional<double> cutoff;
};

struct MipResult {
  enum class Status { kOptimal, kFeasible, kInfeasible, kNoSolution };
  Status status = Status::kNoSolution;
  double objective = 0.0;  // of the best solution found (minimisation)
  double bound = 0.0;      // proven lower bound
  std::vector<double> x;   // column values of the best solution (empty if none)
  double seconds = 0.0;
};

// The linear relaxation (integrality dropped), solved by CLP: values and reduced costs guide
// which columns a restricted MIP should keep (kernel search).
struct LpResult {
  bool optimal = false;
  double objective = 0.0;
  std::vector<double> x, reduced_cost;
  double seconds = 0.0;
};

class MipModel {
 public:
  int add_binary(double objective);
  int add_continuous(double lower, double upper, double objective);
  // lower ≤ Σ coef·x ≤ upper; use ±infinity for one-sided rows.
  void add_row(std::span<const int> columns, std::span<const double> coefficients, double lower,
               double upper);
  void fix(int column, double value);

  int columns() const { return static_cast<int>(objective_.size()); }
  int rows() const { return static_cast<int>(row_lower_.size()); }
  std::size_t nonzeros() const { return row_index_.size(); }

  // `start`: (column, value) pairs of a known feasible solution, zeros may be omitted.
  MipResult solve(const MipOptions& options,
                  std::span<const std::pair<int, double>> start = {}) const;
  LpResult solve_relaxation(double time_limit_s) const;
  // The model as a CPLEX LP file, for timing the `cbc` program on the same model.
  void write_lp(const std::filesystem::path& file) const;

 private:
  MipResult solve_once(const MipOptions& options,
                       std::span<const std::pair<int, double>> start) const;
  std::vector<double> objective_, lower_, upper_;
  std::vector<char> integer_;
  // Rows as triplets (row, column, value); converted to column-major at solve time.
  std::vector<int> row_index_, col_index_;
  std::vector<double> value_;
  std::vector<double> row_lower_, row_upper_;
};

}  // namespace huxiao::deploy
