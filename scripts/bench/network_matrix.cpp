// Times the many-to-many travel-time matrix on a store's drive graph at 07:30, repeated, in the
// shape network_vs_peers.py benchmarks (schools x candidate posts), so small changes to the
// searches show above the noise of one `huxiao route matrix` run: one-to-all searches from one
// origin and cycling over several (a search repeated from one source runs several times faster,
// its branches learnt by the predictor: time over many sources), the skeleton at each
// contraction degree (build, matrix, every node checked against Dijkstra), and the Dijkstra and
// skeleton matrices on one thread and on all.
//   usage: bench_network_matrix STORE FROM_LAYER TO_LAYER [REPEATS [MATRICES [DEGREE]]]
// With MATRICES: only that many whole matrices (skeleton of DEGREE, build included; DEGREE 99:
// Dijkstra), for a profiler (valgrind --tool=callgrind --branch-sim=yes).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <vector>

#include <tbb/global_control.h>

#include "model/time_of_day.hpp"
#include "network/graph.hpp"
#include "network/outputs.hpp"
#include "network/query.hpp"
#include "network/skeleton.hpp"
#include "network/snap.hpp"
#include "store/project_store.hpp"

namespace {

struct Timing {
  double best = 1e30, median = 0.0, cpu_mean = 0.0;
};

template <class F>
Timing repeat(int n, F&& f) {
  std::vector<double> wall;
  double cpu = 0.0;
  for (int i = 0; i < n; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    f();
    cpu += static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    wall.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(wall.begin(), wall.end());
  return {wall.front(), wall[wall.size() / 2], cpu / n};
}

}  // namespace

int main(int argc, char** argv) {
  using namespace huxiao;
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s STORE FROM_LAYER TO_LAYER [REPEATS]\n", argv[0]);
    return 2;
  }
  const int repeats = argc > 4 ? std::atoi(argv[4]) : 200;
  const model::Project project = store::read_project(argv[1], {}, no_progress());
  network::Profile profile = network::Profile::driving(model::TimeOfDay::parse("07:30"));
  const network::Graph graph = network::build_graph(project.roads, profile);
  const network::Snapper snapper(graph, 0.0, false);
  const auto os =
      snapper.snap_all(network::read_places(argv[1], argv[2]), network::kDefaultMaxSnap);
  const auto ds =
      snapper.snap_all(network::read_places(argv[1], argv[3]), network::kDefaultMaxSnap);
  std::printf("graph %zu nodes %zu arcs; %zu x %zu; min arc %.4f s, max arc %.1f s\n",
              graph.node_count(), graph.arc_count(), os.locations.size(), ds.locations.size(),
              graph.min_arc_seconds(), graph.max_arc_seconds());
  if (argc >
      5) {  // profiling aid: this many whole matrices (build included) of one kind, then stop
    const std::size_t degree = argc > 6 ? std::strtoul(argv[6], nullptr, 10) : 8;
    for (int i = 0; i < std::atoi(argv[5]); ++i) {
      if (degree == 99) {
        const auto m = network::matrix(graph, os.locations, ds.locations, network::kUnreachable,
                                       no_progress(), network::MatrixMethod::kDijkstra);
      } else {
        const network::Skeleton sk(graph, degree);
        const auto m = network::matrix(sk, os.locations, ds.locations);
      }
    }
    return 0;
  }
  network::Workspace ws(graph);
  const auto first = os.locations.front();
  const Timing one =
      repeat(repeats * 10, [&] { network::one_to_all(graph, *first, network::kUnreachable, ws); });
  std::printf("one-to-all: best %.6f ms, median %.6f ms, settled %zu\n", one.best * 1e3,
              one.median * 1e3, ws.settled().size());
  for (std::size_t k : {1, 2, 4, 8, 16}) {
    std::size_t i = 0;
    const Timing t = repeat(repeats * 10, [&] {
      network::one_to_all(graph, *os.locations[i++ % k], network::kUnreachable, ws);
    });
    std::printf("one-to-all cycling over %zu origins: best %.6f ms, median %.6f ms\n", k,
                t.best * 1e3, t.median * 1e3);
  }
  {
    const network::Skeleton sk(graph);
    const auto& st = sk.stats();
    std::printf(
        "skeleton: %zu of %zu nodes contracted, %zu left with %zu arcs; %zu up, %zu sweep arcs; "
        "built in %.3f ms\n",
        st.contracted, st.nodes, st.skeleton_nodes, st.skeleton_arcs, st.upward_arcs,
        st.downward_arcs, st.seconds * 1e3);
    const Timing built = repeat(repeats, [&] { const network::Skeleton again(graph); });
    std::printf("skeleton build: best %.4f ms, median %.4f ms\n", built.best * 1e3,
                built.median * 1e3);
    const auto a = network::matrix(graph, os.locations, ds.locations, network::kUnreachable,
                                   no_progress(), network::MatrixMethod::kDijkstra);
    const auto b = network::matrix(sk, os.locations, ds.locations);
    double worst = 0.0;
    std::size_t disagree = 0;
    for (std::size_t i = 0; i < a.seconds.size(); ++i) {
      if ((a.seconds[i] == network::kUnreachable) != (b.seconds[i] == network::kUnreachable))
        ++disagree;
      else if (a.seconds[i] != network::kUnreachable)
        worst = std::max(worst, std::abs(a.seconds[i] - b.seconds[i]));
    }
    std::printf("skeleton vs Dijkstra: max |diff| %.3g s, %zu reachability disagreements\n", worst,
                disagree);
  }
  for (std::size_t deg : {0, 2, 3, 4, 5, 6, 8, 12}) {
    const network::Skeleton sk(graph, deg);
    const Timing built = repeat(repeats, [&] { const network::Skeleton again(graph, deg); });
    const Timing built1 = repeat(repeats, [&] { const network::Skeleton again(graph, deg, 1); });
    std::printf("  build in one part: best %.4f ms\n", built1.best * 1e3);
    std::vector<double> dist;
    network::Skeleton::Scratch scratch;
    const Timing rows =
        repeat(repeats, [&] { const auto m = network::matrix(sk, os.locations, ds.locations); });
    std::printf(
        "max degree %zu: skeleton %zu nodes %zu arcs, %zu up %zu sweep; build best %.4f ms; "
        "matrix on it (all threads) best %.4f ms\n",
        deg, sk.stats().skeleton_nodes, sk.stats().skeleton_arcs, sk.stats().upward_arcs,
        sk.stats().downward_arcs, built.best * 1e3, rows.best * 1e3);
    {
      double worst = 0.0;
      std::size_t bad = 0, reached = 0, scans = 0;
      std::vector<std::size_t> order(os.locations.size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return graph.edge(os.locations[a]->edge).from < graph.edge(os.locations[b]->edge).from;
      });
      for (std::size_t b0 = 0; b0 < os.locations.size(); b0 += network::Skeleton::kLanes) {
        std::vector<std::vector<network::Seed>> seeds;
        for (std::size_t i = b0; i < os.locations.size() && i < b0 + network::Skeleton::kLanes; ++i)
          seeds.push_back(network::seeds_of(graph, *os.locations[order[i]]));
        sk.times_from(seeds, dist, scratch);
        scans += scratch.scans;
        for (std::size_t lane = 0; lane < seeds.size(); ++lane) {
          network::one_to_all(graph, *os.locations[order[b0 + lane]], network::kUnreachable, ws);
          for (network::NodeId v = 0; v < graph.node_count(); ++v) {
            const double x = ws.seconds(v), y = dist[sk.rank(v) * network::Skeleton::kLanes + lane];
            if ((x == network::kUnreachable) != (y == network::kUnreachable))
              ++bad;
            else if (x != network::kUnreachable) {
              ++reached;
              worst = std::max(worst, std::abs(x - y));
            }
          }
        }
      }
      std::printf(
          "  all nodes vs Dijkstra: %zu reached, max diff %.3g, %zu disagree; %zu scans (sorted "
          "bundles)\n",
          reached, worst, bad, scans);
    }
  }
  std::size_t settled = 0;
  const Timing rows = repeat(repeats, [&] {
    settled = 0;
    for (const auto& o : os.locations) {
      if (!o) continue;
      network::one_to_all(graph, *o, network::kUnreachable, ws);
      settled += ws.settled().size();
    }
  });
  std::printf("one-to-all from every origin in turn: best %.4f ms, median %.4f ms (%zu settled)\n",
              rows.best * 1e3, rows.median * 1e3, settled);
  for (auto method : {network::MatrixMethod::kDijkstra, network::MatrixMethod::kSkeleton})
    for (int threads : {1, 0}) {
      std::optional<tbb::global_control> limit;
      if (threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, threads);
      double checksum = 0.0;
      const Timing m = repeat(repeats, [&] {
        const auto mat = network::matrix(graph, os.locations, ds.locations, network::kUnreachable,
                                         no_progress(), method);
        checksum += mat.seconds[mat.seconds.size() / 2];
      });
      std::printf(
          "%s matrix (%s): best %.4f ms, median %.4f ms, CPU mean %.4f ms (checksum %.6f)\n",
          method == network::MatrixMethod::kSkeleton ? "skeleton" : "dijkstra",
          threads == 1 ? "1 thread" : "all threads", m.best * 1e3, m.median * 1e3, m.cpu_mean * 1e3,
          checksum / repeats);
    }
  return 0;
}
