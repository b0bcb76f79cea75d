#pragma once
// `huxiao deploy bench`: solve a published instance in its own format and report objective,
// bound, gap and time, so anyone can check the solvers on instances of their own.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/progress.hpp"
#include "deploy/problem.hpp"

namespace huxiao::deploy {

struct BenchRequest {
  std::filesystem::path file;
  std::string format;            // orlib-pmed | sjc | ails | spopt
  std::string model;             // pmedian | mclp | pcenter | lscp; empty: the format's usual
  std::optional<int> p;          // default: the file's (orlib-pmed)
  std::optional<double> radius;  // coverage threshold (mclp, lscp)
  double time_limit_s = 600.0;
  double target_gap = 0.0;        // stop once proven within this relative gap (0: optimal)
  double heuristic_seconds = -1;  // mclp: iterated local search budget (< 0: half the limit)
  unsigned seed = 12345;          // mclp: the searches' random seed
  int ils_runs = 0;               // mclp, large models: ILS runs (0: by time)
  int deepen_runs = 0;            // mclp, large models: runs' solutions deepened (0: by time)
  int threads = 0;                // mclp, large models: ILS runs at once (0: all cores)
  std::filesystem::path full_lp;  // if set: also write the unreduced MIP (as spopt builds it)
  // mclp, large models: each deepened start's solution (MclpOptions::on_deepened)
  std::function<void(const std::vector<int>& open, double objective)> on_deepened;
};

struct BenchResult {
  std::string instance, model;
  int p = 0;
  double radius = 0;
  std::size_t demands = 0, candidates = 0;
  double total_weight = 0;
  Solution solution;
  double read_seconds = 0;
};

BenchResult run_bench(const BenchRequest& request, Progress& progress = no_progress());

}  // namespace huxiao::deploy
