// Development timer for the MCLP searches on a published point instance (AILS format): one
// search from a start and the covered weight it reaches, when. Not a benchmark against a peer
// (`scripts/bench/deploy_vs_cbc.sh` is that); it is how the searches' settings were chosen.
//
//   bench_mclp_search SEARCH INSTANCE RADIUS P SECONDS [SEED] [START] [OUT_FILE]
//     SEARCH: gls | lns | gls+lns (GLS for HX_GLS_SECONDS, default 8, then the LNS)
//           | relink (merge search with independent GLS restarts and relinking by parts)
//           | merge (START: solution files joined by ':', merged exactly by CBC)
//           | kernel (kernel windows from START over the pool in HX_POOL, files joined by ':';
//             HX_OVERLAP, HX_WINDOW posts, HX_WINDOW_SECONDS per window)
//           | lpkernel (kernel search: the MIP over the LP support ∪ START ∪ the pool kernel
//             of HX_POOL, all posts free, then buckets of HX_BUCKET candidates by reduced cost;
//             HX_REFERENCE: a known solution whose posts' ranks and kernel membership are shown)
//           | region (region search from START: HX_REGION_POSTS posts freed around each post in
//             turn, each region searched by the ILS for at most HX_REGION_SECONDS)
//           | free (one neighbourhood: the posts in HX_FREE freed, placed among HX_CANDS or
//             every candidate covering their demands, CBC plain unless HX_PLAIN=0, HX_NODES,
//             HX_LOG=1 for CBC's log; SECONDS is CBC's time limit)
//           | solve (the product's solve, as `huxiao deploy bench FILE --format ails` runs it,
//             with SECONDS as the time limit; for machines without the CLI's GDAL libraries;
//             HX_ENDS: each deepened start's solution written to HX_ENDS1, HX_ENDS2, …)
//     START: a file of post indices, "random" (p random posts from SEED) or "-" (greedy)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "deploy/bench.hpp"
#include "deploy/benchmarks.hpp"
#include "deploy/covering.hpp"
#include "deploy/mclp_gls.hpp"
#include "deploy/mclp_kernel.hpp"
#include "deploy/mclp_lns.hpp"
#include "deploy/mclp_merge.hpp"
#include "deploy/mclp_region.hpp"
#include "deploy/mip.hpp"

namespace {

using namespace huxiao::deploy;
using Clock = std::chrono::steady_clock;

double env_or(const char* name, double fallback) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::stod(v) : fallback;
}

double since(Clock::time_point t0, Clock::time_point t) {
  return std::chrono::duration<double>(t - t0).count();
}

std::vector<int> read_posts(const std::string& file) {
  std::ifstream in(file);
  std::vector<int> posts;
  for (int x = 0; in >> x;) posts.push_back(x);
  return posts;
}

std::vector<int> greedy(const CoverModel& model, int p) {
  const std::vector<std::vector<int>> by_candidate = demands_by_candidate(model);
  std::vector<char> covered(model.sets.size(), 0), open(model.candidates, 0);
  std::vector<int> posts;
  while (static_cast<int>(posts.size()) < p) {
    double best = -1;
    std::size_t best_j = 0;
    for (std::size_t j = 0; j < model.candidates; ++j) {
      double gain = 0;
      for (int i : by_candidate[j]) {
        if (covered[static_cast<std::size_t>(i)] == 0)
          gain += model.weight[static_cast<std::size_t>(i)];
      }
      if (open[j] == 0 && gain > best) {
        best = gain;
        best_j = j;
      }
    }
    open[best_j] = 1;
    posts.push_back(static_cast<int>(best_j));
    for (int i : by_candidate[best_j]) covered[static_cast<std::size_t>(i)] = 1;
  }
  return posts;
}

std::vector<int> start_of(const CoverModel& model, int p, unsigned seed, const std::string& start) {
  if (start == "-") return greedy(model, p);
  if (start != "random") return read_posts(start);
  std::mt19937 rng(seed);
  std::vector<int> all(model.candidates);
  std::iota(all.begin(), all.end(), 0);
  std::shuffle(all.begin(), all.end(), rng);
  return {all.begin(), all.begin() + p};
}

std::vector<std::vector<int>> read_solutions(const CoverModel& model, const std::string& files) {
  std::vector<std::vector<int>> solutions;
  for (std::size_t at = 0; at <= files.size();) {
    const std::size_t end = std::min(files.find(':', at), files.size());
    solutions.push_back(read_posts(files.substr(at, end - at)));
    std::printf("%s %.0f\n", files.substr(at, end - at).c_str(),
                covered_weight(model, solutions.back()));
    at = end + 1;
  }
  return solutions;
}

int merge(const CoverModel& model, const std::string& files, double seconds) {
  const std::vector<std::vector<int>> elites = read_solutions(model, files);
  const auto t0 = Clock::now();
  const auto merged = merge_elites(model, {}, elites, {.time_limit_s = seconds});
  std::printf("merged %.0f in %.1f s\n", covered_weight(model, merged), since(t0, Clock::now()));
  return 0;
}

// Kernel search experiment: LP relaxation, kernel = LP support ∪ start, then buckets of
// candidates by reduced cost.
struct LpRanking {
  std::vector<int> order;  // LP support by value, then the rest by reduced cost
  std::size_t support = 0;
  std::vector<double> reduced_cost;
};

LpRanking lp_ranking(const CoverModel& model, int p) {
  const Coverage coverage{model.candidates, model.sets};
  const Instance instance{.name = "lp", .weight = model.weight};
  const LpResult r = full_mclp_model(coverage, instance, p).solve_relaxation(600);
  LpRanking out;
  out.order.resize(model.candidates);
  std::iota(out.order.begin(), out.order.end(), 0);
  std::sort(out.order.begin(), out.order.end(), [&](int a, int b) {
    const double xa = r.x[static_cast<std::size_t>(a)], xb = r.x[static_cast<std::size_t>(b)];
    if ((xa > 1e-6) != (xb > 1e-6)) return xa > 1e-6;
    if (xa > 1e-6) return xa > xb;
    return r.reduced_cost[static_cast<std::size_t>(a)] <
           r.reduced_cost[static_cast<std::size_t>(b)];
  });
  while (out.support < out.order.size() &&
         r.x[static_cast<std::size_t>(out.order[out.support])] > 1e-6)
    ++out.support;
  out.reduced_cost.assign(r.reduced_cost.begin(),
                          r.reduced_cost.begin() + static_cast<long>(model.candidates));
  std::printf("lp bound %.1f in %.2f s, optimal %d, support %zu\n", -r.objective, r.seconds,
              r.optimal ? 1 : 0, out.support);
  return out;
}

// Kernel search experiment: LP relaxation, kernel = LP support ∪ start, then buckets of
// candidates by reduced cost.
std::vector<int> lp_kernel(const CoverModel& model, int p, const std::vector<int>& start,
                           Clock::time_point t0, Clock::time_point deadline) {
  const LpRanking lr = lp_ranking(model, p);
  const auto& order = lr.order;
  const auto support = lr.support;
  if (const char* ref = std::getenv("HX_REFERENCE")) {
    std::vector<int> rank(model.candidates);
    for (std::size_t k = 0; k < order.size(); ++k)
      rank[static_cast<std::size_t>(order[k])] = static_cast<int>(k);
    std::vector<int> ranks;
    for (int j : read_posts(ref)) ranks.push_back(rank[static_cast<std::size_t>(j)]);
    std::sort(ranks.begin(), ranks.end());
    std::printf("reference ranks:");
    for (int k : ranks) std::printf(" %d", k);
    std::printf("\n");
  }
  std::vector<char> in_kernel(model.candidates, 0);
  std::vector<int> kernel;
  for (int j : start) in_kernel[static_cast<std::size_t>(j)] = 1;
  if (const char* pool_files = std::getenv("HX_POOL")) {
    auto pool = read_solutions(model, pool_files);
    pool.push_back(start);
    for (int j : mclp_kernel(model, pool, env_or("HX_OVERLAP", 0.7)))
      in_kernel[static_cast<std::size_t>(j)] = 1;
  }
  if (const char* ref = std::getenv("HX_REFERENCE")) {
    int inside = 0;
    for (int j : read_posts(ref)) inside += in_kernel[static_cast<std::size_t>(j)];
    std::printf("reference posts in the pool kernel: %d\n", inside);
  }
  std::size_t next = 0;
  const auto bucket = static_cast<std::size_t>(env_or("HX_BUCKET", 200));
  std::size_t first = static_cast<std::size_t>(env_or("HX_KERNEL0", 0));
  if (first == 0) first = support;
  std::vector<int> best = start;
  double best_value = covered_weight(model, best);
  for (std::size_t take = first; Clock::now() < deadline; take = bucket) {
    for (std::size_t k = 0; k < take && next < order.size(); ++k, ++next)
      in_kernel[static_cast<std::size_t>(order[next])] = 1;
    std::vector<int> cands;
    for (std::size_t j = 0; j < model.candidates; ++j)
      if (in_kernel[j] != 0) cands.push_back(static_cast<int>(j));
    if (const char* ref = std::getenv("HX_REFERENCE")) {
      int inside = 0;
      for (int j : read_posts(ref)) inside += in_kernel[static_cast<std::size_t>(j)];
      std::printf("reference posts in this kernel: %d\n", inside);
    }
    const double left = std::chrono::duration<double>(deadline - Clock::now()).count();
    best = solve_restricted(model, best, best, cands,
                            {.time_limit_s = std::min(left, env_or("HX_WINDOW_SECONDS", 120))});
    best_value = covered_weight(model, best);
    std::printf("  kernel %zu (next rc %.1f): %.0f at %.1f s\n", cands.size(),
                next < order.size() ? lr.reduced_cost[static_cast<std::size_t>(order[next])] : 0.0,
                best_value, since(t0, Clock::now()));
    std::fflush(stdout);
    if (next >= order.size()) break;
  }
  return best;
}

// One neighbourhood chosen by hand: the posts in HX_FREE are freed and placed among the
// candidates in HX_CANDS (default: every candidate covering one of their demands), the other
// posts staying. Shows whether a suspected move is one CBC finds, and how fast.
std::vector<int> free_posts(const CoverModel& model, const std::vector<int>& open, double seconds) {
  const char* freed_file = std::getenv("HX_FREE");
  if (freed_file == nullptr) {
    std::fprintf(stderr, "free: set HX_FREE to a file of the posts to free\n");
    std::exit(2);
  }
  const std::vector<int> freed = read_posts(freed_file);
  std::vector<int> candidates;
  if (const char* file = std::getenv("HX_CANDS"); file != nullptr) {
    candidates = read_posts(file);
  } else {
    candidates = alternatives_of(model, demands_by_candidate(model), freed);
  }
  std::printf("freed %zu, candidates %zu\n", freed.size(), candidates.size());
  const auto t0 = Clock::now();
  const std::vector<int> result =
      solve_restricted(model, open, freed, candidates,
                       {.time_limit_s = seconds,
                        .log = env_or("HX_LOG", 0) > 0,
                        .plain = env_or("HX_PLAIN", 1) > 0,
                        .max_nodes = static_cast<int>(env_or("HX_NODES", 0))});
  std::printf("free %.0f at %.2f s\n", covered_weight(model, result), since(t0, Clock::now()));
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(
        stderr,
        "usage: %s gls|lns|gls+lns|relink|merge|kernel|lpkernel|region|free|solve INSTANCE RADIUS "
        "P SECONDS [SEED] [START] [OUT]\n",
        argv[0]);
    return 2;
  }
  const std::string search = argv[1];
  if (search == "solve") {
    // What `huxiao deploy bench FILE --format ails` runs, without the CLI's GDAL dependencies
    // (for machines that have only this tool's libraries).
    BenchRequest request{.file = argv[2],
                         .format = "ails",
                         .p = std::stoi(argv[4]),
                         .radius = std::stod(argv[3]),
                         .time_limit_s = std::stod(argv[5])};
    if (argc > 6) request.seed = static_cast<unsigned>(std::stoul(argv[6]));
    if (const char* prefix = std::getenv("HX_ENDS"); prefix != nullptr) {
      request.on_deepened = [prefix, k = 0](const std::vector<int>& open,
                                            double objective) mutable {
        std::ofstream out(std::string(prefix) + std::to_string(++k));
        for (int f : open) out << f << ' ';
        out << '\n';
        std::printf("deepened start %d: %.0f\n", k, objective);
      };
    }
    const BenchResult r = run_bench(request);
    std::printf("%s p=%d r=%.0f objective %.0f bound %.1f found %.2f s total %.1f s | %s\n",
                r.instance.c_str(), r.p, r.radius, r.solution.objective, r.solution.bound,
                r.solution.best_found_s, r.solution.seconds, r.solution.method.c_str());
    std::printf("open:");
    for (int f : r.solution.open) std::printf(" %d", f);
    std::printf("\n");
    return 0;
  }
  const PointInstance points = read_ails(argv[2]);
  const Coverage coverage = coverage_of_points(points, std::stod(argv[3]));
  const int p = std::stoi(argv[4]);
  const double seconds = std::stod(argv[5]);
  const unsigned seed = argc > 6 ? static_cast<unsigned>(std::stoul(argv[6])) : 12345u;
  const std::string start_arg = argc > 7 ? argv[7] : "-";
  const CoverModel model{coverage.sets, points.demand, coverage.candidates};
  if (search == "merge") return merge(model, start_arg, seconds);

  const std::vector<int> start = start_of(model, p, seed, start_arg);
  std::printf("start %.0f (%zu posts)\n", covered_weight(model, start), start.size());
  const auto t0 = Clock::now();
  const auto deadline = t0 + std::chrono::milliseconds(static_cast<long>(seconds * 1000));
  std::vector<int> best = start;
  if (search == "gls" || search == "gls+lns") {
    const auto gls_end =
        search == "gls"
            ? deadline
            : t0 + std::chrono::milliseconds(static_cast<long>(env_or("HX_GLS_SECONDS", 8) * 1000));
    const GlsResult r =
        mclp_gls(model, {}, best, gls_end,
                 {.penalty = env_or("HX_PENALTY", 0.1),
                  .max_steps = static_cast<std::int64_t>(env_or("HX_GLS_MAX_STEPS", 0))});
    std::printf("gls %.0f, found at %.2f s (%lld swaps, %lld penalties, %d improvements)\n",
                r.covered, since(t0, r.found), static_cast<long long>(r.swaps),
                static_cast<long long>(r.penalties), r.improvements);
    best = r.open;
  }
  if (search == "lns" || search == "gls+lns") {
    const LnsResult r =
        mclp_lns(model, {}, best, deadline, {.seed = seed, .plateau = true, .pass_fraction = 0.3});
    std::printf("lns %.0f, found at %.2f s (%d sub-MIPs)\n", r.covered, since(t0, r.found),
                r.subproblems);
    best = r.open;
  }
  if (search == "relink") {
    const MergeSearchResult r =
        mclp_merge_search(model, {}, best, deadline,
                          {.seed = seed,
                           .max_free = static_cast<int>(env_or("HX_MAXFREE", 13)),
                           .restart_seconds = env_or("HX_RESTART_SECONDS", 15),
                           .gls_steps = static_cast<std::int64_t>(env_or("HX_GLS_STEPS", 250000)),
                           .relink_max_free = static_cast<int>(env_or("HX_RELINK_MAX", 40)),
                           .kernel_every = static_cast<int>(env_or("HX_KERNEL_EVERY", 0)),
                           .kernel = {.overlap = env_or("HX_OVERLAP", 0.7),
                                      .window = static_cast<int>(env_or("HX_WINDOW", 62)),
                                      .time_limit_s = env_or("HX_WINDOW_SECONDS", 180)}});
    std::printf(
        "relink search %.0f, found at %.2f s (%d restarts, %d merges, %d parts relinked, %d "
        "improving, %d kernel windows, %d improving)\n",
        r.covered, since(t0, r.found), r.restarts, r.merges, r.relinked_parts, r.improving_relinks,
        r.kernel_windows, r.improving_kernel_windows);
    best = r.open;
  }
  if (search == "free") best = free_posts(model, best, seconds);
  if (search == "region") {
    const RegionSearchResult r =
        mclp_region_search(model, {}, best, deadline,
                           {.seed = seed,
                            .region_posts = static_cast<int>(env_or("HX_REGION_POSTS", 28)),
                            .region_seconds = env_or("HX_REGION_SECONDS", 4)});
    std::printf("region search %.0f, found at %.2f s (%d regions, %d improving)\n", r.covered,
                since(t0, r.found), r.regions, r.improving);
    best = r.open;
  }
  if (search == "lpkernel") best = lp_kernel(model, p, best, t0, deadline);
  if (search == "kernel") {
    const char* pool_files = std::getenv("HX_POOL");
    const auto pool =
        pool_files != nullptr ? read_solutions(model, pool_files) : std::vector<std::vector<int>>{};
    const KernelWindowResult r =
        kernel_windows(model, {}, best, pool,
                       {.overlap = env_or("HX_OVERLAP", 0.7),
                        .window = static_cast<int>(env_or("HX_WINDOW", 62)),
                        .time_limit_s = env_or("HX_WINDOW_SECONDS", 180),
                        .sweeps = static_cast<int>(env_or("HX_SWEEPS", 1))},
                       deadline, nullptr, [&](const KernelWindowResult& k) {
                         std::printf("  window %d: %.0f at %.1f s\n", k.windows, k.covered,
                                     since(t0, Clock::now()));
                         std::fflush(stdout);
                       });
    std::printf("kernel windows %.0f at %.2f s (%zu kernel candidates, %d windows, %d improving)\n",
                r.covered, since(t0, Clock::now()), r.kernel, r.windows, r.improving);
    best = r.open;
  }
  std::printf("covered %.0f\n", covered_weight(model, best));
  if (argc > 8) {
    std::ofstream out(argv[8]);
    for (int f : best) out << f << ' ';
    out << '\n';
  }
  return 0;
}
