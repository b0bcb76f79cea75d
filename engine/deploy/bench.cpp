#include "deploy/bench.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>

#include <fmt/format.h>

#include "core/error.hpp"
#include "deploy/benchmarks.hpp"
#include "deploy/covering.hpp"
#include "deploy/mip.hpp"
#include "deploy/pmedian.hpp"

namespace huxiao::deploy {
namespace {

using Clock = std::chrono::steady_clock;

// The classical p-median MIP with binary x (spopt's formulation), for timing the cbc program.
MipModel full_p_median_model(const CostMatrix& cost, const Instance& inst, int p) {
  MipModel mip;
  const std::size_t n = cost.demands(), m = cost.candidates();
  std::vector<int> y(m);
  for (auto& c : y) c = mip.add_binary(0);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<int> cols;
    std::vector<double> ones;
    for (std::size_t j = 0; j < m; ++j) {
      if (!std::isfinite(cost(i, j))) continue;
      const int x = mip.add_binary(inst.weight_of(i) * cost(i, j));
      const int link[2] = {x, y[j]};
      const double lc[2] = {1, -1};
      mip.add_row(link, lc, -kUnreachable, 0);
      cols.push_back(x);
      ones.push_back(1);
    }
    mip.add_row(cols, ones, 1, 1);
  }
  std::vector<double> ones(m, 1.0);
  mip.add_row(y, ones, p, p);
  return mip;
}

double require_radius(const BenchRequest& r) {
  if (!r.radius) {
    throw Error(ErrorCode::kBadParameter, fmt::format("model {} needs a coverage radius", r.model),
                {.fix = "give --radius R (in the instance's distance unit)"});
  }
  require_positive("--radius", *r.radius, "give a radius > 0");
  return *r.radius;
}

int require_p(const BenchRequest& r) {
  if (!r.p) {
    throw Error(ErrorCode::kBadParameter, "this instance format has no p of its own",
                {.fix = "give --p P"});
  }
  return *r.p;
}

}  // namespace

BenchResult run_bench(const BenchRequest& req_in, Progress& progress) {
  BenchRequest req = req_in;
  const auto t0 = Clock::now();
  BenchResult out;
  CostMatrix cost;
  Instance inst;
  std::optional<PointInstance> points;
  if (req.format == "orlib-pmed") {
    GraphInstance g = read_orlib_pmed(req.file);
    if (!req.p) req.p = g.p;
    out.instance = g.name;
    cost = std::move(g.cost);
    if (req.model.empty()) req.model = "pmedian";
  } else if (req.format == "sjc" || req.format == "ails") {
    points = req.format == "sjc" ? read_sjc(req.file) : read_ails(req.file);
    out.instance = points->name;
    inst.weight = points->demand;
    if (req.model.empty()) req.model = "mclp";
  } else if (req.format == "synthetic") {
    // "NxM:SEED": N schools and M candidate sites uniform in a 20 km square, enrollment 100–2000,
    // Euclidean metres. For scale tests where no published instance is that shape.
    unsigned n = 0, m = 0, seed = 1;
    if (std::sscanf(req.file.string().c_str(), "%ux%u:%u", &n, &m, &seed) < 2 || n == 0 || m == 0) {
      throw Error(ErrorCode::kBadParameter,
                  fmt::format("bad synthetic instance '{}'", req.file.string()),
                  {.fix = "write NxM or NxM:SEED, e.g. 2000x5000:1"});
    }
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0, 20000), w(100, 2000);
    std::vector<std::pair<double, double>> dem(n), cand(m);
    for (auto& d : dem) d = {u(rng), u(rng)};
    for (auto& c : cand) c = {u(rng), u(rng)};
    cost = CostMatrix(n, m);
    for (unsigned i = 0; i < n; ++i) {
      inst.weight.push_back(std::round(w(rng)));
      for (unsigned j = 0; j < m; ++j)
        cost(i, j) = std::hypot(dem[i].first - cand[j].first, dem[i].second - cand[j].second);
    }
    out.instance = "synthetic " + req.file.string();
    if (req.model.empty()) req.model = "pmedian";
  } else if (req.format == "spopt") {
    TableInstance t = read_spopt_table(req.file);
    out.instance = req.file.stem().string();
    cost = std::move(t.cost);
    inst.weight = std::move(t.weight);
    if (req.model.empty()) req.model = "pmedian";
  } else {
    throw Error(ErrorCode::kBadParameter, fmt::format("unknown instance format '{}'", req.format),
                {.fix = "use orlib-pmed, sjc, ails, spopt or synthetic"});
  }
  inst.name = out.instance;
  const bool covering = req.model == "mclp" || req.model == "lscp";
  if (points && !covering) cost = cost_of_points(*points);
  out.model = req.model;
  out.read_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  Coverage cov;
  if (covering) {
    out.radius = require_radius(req);
    cov = points ? coverage_of_points(*points, out.radius) : coverage_within(cost, out.radius);
    out.demands = cov.sets.size();
    out.candidates = cov.candidates;
  } else {
    out.demands = cost.demands();
    out.candidates = cost.candidates();
  }
  out.total_weight = inst.total_weight(out.demands);
  if (req.model == "pmedian") {
    out.p = require_p(req);
    if (!req.full_lp.empty()) full_p_median_model(cost, inst, out.p).write_lp(req.full_lp);
    out.solution =
        solve_p_median(cost, inst, out.p,
                       {.time_limit_s = req.time_limit_s, .target_gap = req.target_gap}, progress);
  } else if (req.model == "pcenter") {
    out.p = require_p(req);
    out.solution = solve_p_center(cost, inst, out.p, {.time_limit_s = req.time_limit_s});
  } else if (req.model == "mclp") {
    out.p = require_p(req);
    if (!req.full_lp.empty()) full_mclp_model(cov, inst, out.p).write_lp(req.full_lp);
    out.solution = solve_mclp(cov, inst, out.p,
                              {.time_limit_s = req.time_limit_s,
                               .target_gap = req.target_gap,
                               .heuristic_seconds = req.heuristic_seconds,
                               .seed = req.seed,
                               .ils_runs = req.ils_runs,
                               .deepen_runs = req.deepen_runs,
                               .threads = req.threads,
                               .on_deepened = req.on_deepened},
                              progress);
  } else if (req.model == "lscp") {
    out.solution = solve_lscp(cov, inst, {.time_limit_s = req.time_limit_s});
  } else {
    throw Error(ErrorCode::kBadParameter, fmt::format("unknown model '{}'", req.model),
                {.fix = "use pmedian, mclp, pcenter or lscp"});
  }
  return out;
}

}  // namespace huxiao::deploy
