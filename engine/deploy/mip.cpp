#include "deploy/mip.hpp"

#include <Cbc_C_Interface.h>
#include <Clp_C_Interface.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <string>

#include "core/error.hpp"

namespace huxiao::deploy {
namespace {

struct CbcDeleter {
  void operator()(Cbc_Model* model) const { Cbc_deleteModel(model); }
};
using CbcHandle = std::unique_ptr<Cbc_Model, CbcDeleter>;

struct ClpDeleter {
  void operator()(Clp_Simplex* model) const { Clp_deleteModel(model); }
};
using ClpHandle = std::unique_ptr<Clp_Simplex, ClpDeleter>;

// CBC's "infinity" is COIN_DBL_MAX; std::infinity works too but keep its convention explicit.
double coin_value(double v) {
  if (std::isinf(v)) return v > 0 ? 1e30 : -1e30;
  return v;
}

}  // namespace

int MipModel::add_binary(double objective) {
  objective_.push_back(objective);
  lower_.push_back(0.0);
  upper_.push_back(1.0);
  integer_.push_back(1);
  return columns() - 1;
}

int MipModel::add_continuous(double lower, double upper, double objective) {
  objective_.push_back(objective);
  lower_.push_back(lower);
  upper_.push_back(upper);
  integer_.push_back(0);
  return columns() - 1;
}

void MipModel::add_row(std::span<const int> columns_of_row, std::span<const double> coefficients,
                       double lower, double upper) {
  if (columns_of_row.size() != coefficients.size()) {
    throw Error(ErrorCode::kInternal, "MipModel::add_row: columns and coefficients differ in size");
  }
  const int r = rows();
  for (std::size_t k = 0; k < columns_of_row.size(); ++k) {
    row_index_.push_back(r);
    col_index_.push_back(columns_of_row[k]);
    value_.push_back(coefficients[k]);
  }
  row_lower_.push_back(lower);
  row_upper_.push_back(upper);
}

void MipModel::fix(int column, double value) {
  lower_.at(static_cast<std::size_t>(column)) = value;
  upper_.at(static_cast<std::size_t>(column)) = value;
}

namespace {

// The model column-major, with COIN's infinities: what both CBC and CLP load.
struct ColumnMajor {
  std::vector<CoinBigIndex> start;
  std::vector<int> index;
  std::vector<double> value, row_lower, row_upper;
};

ColumnMajor column_major(std::size_t n, const std::vector<int>& rows, const std::vector<int>& cols,
                         const std::vector<double>& vals, const std::vector<double>& rlo,
                         const std::vector<double>& rup) {
  ColumnMajor cm;
  cm.start.assign(n + 1, 0);
  for (int c : cols) ++cm.start[static_cast<std::size_t>(c) + 1];
  for (std::size_t c = 0; c < n; ++c) cm.start[c + 1] += cm.start[c];
  std::vector<CoinBigIndex> fill(cm.start.begin(), cm.start.end() - 1);
  cm.index.resize(vals.size());
  cm.value.resize(vals.size());
  for (std::size_t k = 0; k < vals.size(); ++k) {
    const auto pos = static_cast<std::size_t>(fill[static_cast<std::size_t>(cols[k])]++);
    cm.index[pos] = rows[k];
    cm.value[pos] = vals[k];
  }
  cm.row_lower = rlo;
  cm.row_upper = rup;
  for (double& v : cm.row_lower) v = coin_value(v);
  for (double& v : cm.row_upper) v = coin_value(v);
  return cm;
}

CbcHandle load(const std::vector<double>& obj, const std::vector<double>& lo,
               const std::vector<double>& up, const std::vector<char>& integer,
               const std::vector<int>& rows, const std::vector<int>& cols,
               const std::vector<double>& vals, const std::vector<double>& rlo,
               const std::vector<double>& rup) {
  const std::size_t n = obj.size();
  ColumnMajor cm = column_major(n, rows, cols, vals, rlo, rup);
  CbcHandle model(Cbc_newModel());
  if (!model) throw Error(ErrorCode::kInternal, "CBC could not create a model");
  Cbc_loadProblem(model.get(), static_cast<int>(n), static_cast<int>(cm.row_lower.size()),
                  cm.start.data(), cm.index.data(), cm.value.data(), lo.data(), up.data(),
                  obj.data(), cm.row_lower.data(), cm.row_upper.data());
  for (std::size_t c = 0; c < n; ++c) {
    if (integer[c] != 0) Cbc_setInteger(model.get(), static_cast<int>(c));
  }
  Cbc_setObjSense(model.get(), 1.0);
  return model;
}

}  // namespace

MipResult MipModel::solve(const MipOptions& options,
                          std::span<const std::pair<int, double>> start) const {
  MipResult result = solve_once(options, start);
  // CBC 2.10 maps a MIP start by column name onto its preprocessed model, and on a small model
  // whose preprocessing drops columns that lookup fails ("Illegal index"): CBC then stops with
  // no solution at all, although the start itself is feasible. Solve again without the start.
  if (!start.empty() && result.x.empty() && result.status != MipResult::Status::kInfeasible) {
    const double spent = result.seconds;
    MipOptions again = options;
    again.time_limit_s = std::max(0.1, options.time_limit_s - spent);
    result = solve_once(again, {});
    result.seconds += spent;
  }
  return result;
}

MipResult MipModel::solve_once(const MipOptions& options,
                               std::span<const std::pair<int, double>> start) const {
  const auto t0 = std::chrono::steady_clock::now();
  CbcHandle model = load(objective_, lower_, upper_, integer_, row_index_, col_index_, value_,
                         row_lower_, row_upper_);
  Cbc_setLogLevel(model.get(), options.log ? 1 : 0);
  // Wall-clock, not CPU seconds: the limit is a promise to the user, on a shared machine too.
  Cbc_setParameter(model.get(), "timeMode", "elapsed");
  Cbc_setMaximumSeconds(model.get(), options.time_limit_s);
  if (options.plain) {
    Cbc_setParameter(model.get(), "cuts", "off");
    Cbc_setParameter(model.get(), "heuristicsOnOff", "off");
  }
  if (options.cutoff) Cbc_setCutoff(model.get(), *options.cutoff);
  if (!options.heuristics) Cbc_setParameter(model.get(), "heuristicsOnOff", "off");
  if (options.max_nodes > 0) Cbc_setMaximumNodes(model.get(), options.max_nodes);
  if (options.relative_gap > 0) Cbc_setAllowableFractionGap(model.get(), options.relative_gap);
  if (!start.empty()) {
    std::vector<int> idx;
    std::vector<double> val;
    for (const auto& [c, v] : start) {
      idx.push_back(c);
      val.push_back(v);
    }
    Cbc_setMIPStartI(model.get(), static_cast<int>(idx.size()), idx.data(), val.data());
  }
  Cbc_solve(model.get());

  MipResult result;
  const double* sol = Cbc_bestSolution(model.get());
  const bool has_solution = sol != nullptr;
  if (Cbc_isProvenInfeasible(model.get()) != 0 && !has_solution) {
    result.status = MipResult::Status::kInfeasible;
  } else if (!has_solution) {
    result.status = MipResult::Status::kNoSolution;
  } else {
    result.status = Cbc_isProvenOptimal(model.get()) != 0 ? MipResult::Status::kOptimal
                                                          : MipResult::Status::kFeasible;
    result.x.assign(sol, sol + objective_.size());
    result.objective = Cbc_getObjValue(model.get());
  }
  result.bound = Cbc_getBestPossibleObjValue(model.get());
  if (result.status == MipResult::Status::kOptimal) result.bound = result.objective;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

LpResult MipModel::solve_relaxation(double time_limit_s) const {
  const auto t0 = std::chrono::steady_clock::now();
  const std::size_t n = objective_.size();
  ColumnMajor cm = column_major(n, row_index_, col_index_, value_, row_lower_, row_upper_);
  ClpHandle model(Clp_newModel());
  if (!model) throw Error(ErrorCode::kInternal, "CLP could not create a model");
  Clp_setLogLevel(model.get(), 0);
  Clp_loadProblem(model.get(), static_cast<int>(n), static_cast<int>(cm.row_lower.size()),
                  cm.start.data(), cm.index.data(), cm.value.data(), lower_.data(), upper_.data(),
                  objective_.data(), cm.row_lower.data(), cm.row_upper.data());
  Clp_setMaximumSeconds(model.get(), time_limit_s);
  Clp_dual(model.get(), 0);
  LpResult result;
  result.optimal = Clp_isProvenOptimal(model.get()) != 0;
  result.objective = Clp_objectiveValue(model.get());
  const double* x = Clp_primalColumnSolution(model.get());
  const double* d = Clp_dualColumnSolution(model.get());
  result.x.assign(x, x + n);
  result.reduced_cost.assign(d, d + n);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

void MipModel::write_lp(const std::filesystem::path& file) const {
  CbcHandle model = load(objective_, lower_, upper_, integer_, row_index_, col_index_, value_,
                         row_lower_, row_upper_);
  // Cbc_writeLp appends ".lp" to the name it is given.
  std::string stem = file.string();
  if (stem.size() > 3 && stem.ends_with(".lp")) stem.resize(stem.size() - 3);
  Cbc_writeLp(model.get(), stem.c_str());
}

}  // namespace huxiao::deploy
