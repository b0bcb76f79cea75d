// `huxiao deploy STORE -o DIR` (duty posts, coverage curve, gate roster) and
// `huxiao deploy bench FILE --format …` (published location instances).

#include <cstdio>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "deploy/bench.hpp"

namespace huxiao::cli {
namespace {

struct BenchArgs {
  deploy::BenchRequest request;
  std::string file;
  std::string full_lp;
  bool json = false;
  int p = 0;
  double radius = 0;
};

void run_bench_command(BenchArgs& a, Progress& progress) {
  a.request.file = a.file;
  if (a.p != 0) a.request.p = a.p;
  if (a.radius != 0) a.request.radius = a.radius;
  if (!a.full_lp.empty()) a.request.full_lp = a.full_lp;
  const deploy::BenchResult r = deploy::run_bench(a.request, progress);
  const deploy::Solution& s = r.solution;
  if (a.json) {
    nlohmann::json j = {{"instance", r.instance},   {"model", r.model},
                        {"p", r.p},                 {"radius", r.radius},
                        {"demands", r.demands},     {"candidates", r.candidates},
                        {"total_weight", r.total_weight},
                        {"objective", s.objective}, {"bound", s.bound},
                        {"gap", s.gap()},           {"proven_optimal", s.proven_optimal},
                        {"feasible", s.feasible},   {"seconds", s.seconds},
                        {"read_seconds", r.read_seconds},
                        {"method", s.method},       {"open", s.open},
                        {"uncoverable", s.uncoverable.size()}, {"note", s.note}};
    std::fputs((j.dump() + "\n").c_str(), stdout);
    return;
  }
  std::fputs(fmt::format("instance   {} ({} demands × {} candidates)\n", r.instance, r.demands, r.candidates).c_str(),
             stdout);
  std::fputs(fmt::format("model      {}  p={}  radius={}\n", r.model, r.p, r.radius).c_str(), stdout);
  if (!s.feasible) {
    std::fputs(fmt::format("infeasible {}\n", s.note).c_str(), stdout);
    return;
  }
  std::fputs(fmt::format("objective  {:.10g}\nbound      {:.10g}\ngap        {:.4f} %{}\n", s.objective, s.bound,
                         100 * s.gap(), s.proven_optimal ? "  (proven optimal)" : "")
                 .c_str(),
             stdout);
  std::fputs(fmt::format("time       {:.3f} s solve + {:.3f} s read\nmethod     {}\n", s.seconds, r.read_seconds,
                         s.method)
                 .c_str(),
             stdout);
  if (!s.uncoverable.empty()) {
    std::fputs(fmt::format("uncoverable {} demand points (no candidate within the radius)\n", s.uncoverable.size())
                   .c_str(),
               stdout);
  }
}

}  // namespace

void add_deploy_command(CLI::App& app, Progress& progress) {
  CLI::App* cmd = app.add_subcommand(
      "deploy", "Peak-hour police deployment: duty posts (covering, p-median, p-center) and the gate duty roster");
  auto bench = std::make_shared<BenchArgs>();
  CLI::App* b = cmd->add_subcommand(
      "bench", "Solve a published location instance and print objective, bound, gap and time");
  b->add_option("file", bench->file, "Instance file")->required()->check(CLI::ExistingFile);
  b->add_option("--format", bench->request.format, "orlib-pmed | sjc | ails | spopt")
      ->required()
      ->check(CLI::IsMember({"orlib-pmed", "sjc", "ails", "spopt"}));
  b->add_option("--model", bench->request.model,
                "pmedian | mclp | pcenter | lscp (default: pmedian for orlib-pmed/spopt, mclp for sjc/ails)")
      ->check(CLI::IsMember({"pmedian", "mclp", "pcenter", "lscp"}));
  b->add_option("--p", bench->p, "Number of facilities (default: the file's, for orlib-pmed)");
  b->add_option("--radius", bench->radius, "Coverage radius, in the instance's distance unit (metres for sjc/ails)");
  b->add_option("--time-limit", bench->request.time_limit_s, "Seconds before the best solution and bound are reported")
      ->capture_default_str();
  b->add_option("--full-lp", bench->full_lp, "Also write the unreduced MIP (spopt's formulation) as an LP file");
  b->add_flag("--json", bench->json, "One JSON line instead of text");
  b->callback([bench, &progress] { run_bench_command(*bench, progress); });
}

}  // namespace huxiao::cli
