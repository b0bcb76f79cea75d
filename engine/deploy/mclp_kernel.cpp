#include "deploy/mclp_kernel.hpp"

#include <algorithm>
#include <deque>
#include <limits>

namespace huxiao::deploy {

namespace {

std::size_t at(int i) {
  return static_cast<std::size_t>(i);
}

// Hops from the nearest of `sources` (indices into `open`); unreachable posts get the maximum.
std::vector<int> hops_from(const std::vector<std::vector<int>>& neighbours,
                           const std::vector<int>& sources) {
  std::vector<int> hops(neighbours.size(), std::numeric_limits<int>::max());
  std::deque<int> queue;
  for (int s : sources) {
    hops[at(s)] = 0;
    queue.push_back(s);
  }
  while (!queue.empty()) {
    const int u = queue.front();
    queue.pop_front();
    for (int v : neighbours[at(u)]) {
      if (hops[at(v)] <= hops[at(u)] + 1) continue;
      hops[at(v)] = hops[at(u)] + 1;
      queue.push_back(v);
    }
  }
  return hops;
}

}  // namespace

std::vector<int> nearest_posts(const std::vector<std::vector<int>>& neighbours, int centre,
                               std::size_t size) {
  size = std::min(size, neighbours.size());
  std::vector<char> seen(neighbours.size(), 0);
  std::vector<int> order{centre};
  seen[at(centre)] = 1;
  for (std::size_t head = 0, next = 0; order.size() < size; ++head) {
    if (head == order.size()) {
      while (seen[next] != 0) ++next;
      seen[next] = 1;
      order.push_back(static_cast<int>(next));
      continue;
    }
    for (int v : neighbours[at(order[head])]) {
      if (seen[at(v)] != 0) continue;
      seen[at(v)] = 1;
      order.push_back(v);
      if (order.size() >= size) break;
    }
  }
  return order;
}

std::vector<int> mclp_kernel(const CoverModel& model, const std::vector<std::vector<int>>& pool,
                             double overlap) {
  const std::vector<std::vector<int>> by_candidate = demands_by_candidate(model);
  std::vector<char> in_kernel(model.candidates, 0), seen_post(model.candidates, 0);
  std::vector<int> shared(model.candidates, 0), touched;
  for (const auto& solution : pool) {
    for (int u : solution) {
      if (seen_post[at(u)] != 0) continue;
      seen_post[at(u)] = 1;
      in_kernel[at(u)] = 1;
      touched.clear();
      for (int i : by_candidate[at(u)]) {
        for (int k : model.sets[at(i)]) {
          if (shared[at(k)]++ == 0) touched.push_back(k);
        }
      }
      const double own = static_cast<double>(by_candidate[at(u)].size());
      for (int k : touched) {
        const double larger = std::max(own, static_cast<double>(by_candidate[at(k)].size()));
        if (shared[at(k)] >= overlap * larger) in_kernel[at(k)] = 1;
        shared[at(k)] = 0;
      }
    }
  }
  std::vector<int> kernel;
  for (std::size_t j = 0; j < model.candidates; ++j) {
    if (in_kernel[j] != 0) kernel.push_back(static_cast<int>(j));
  }
  return kernel;
}

std::vector<std::vector<int>> post_neighbours(const CoverModel& model,
                                              const std::vector<int>& open) {
  const std::vector<std::vector<int>> by_candidate = demands_by_candidate(model);
  std::vector<int> index_of(model.candidates, -1);
  for (std::size_t k = 0; k < open.size(); ++k) index_of[at(open[k])] = static_cast<int>(k);
  std::vector<std::vector<int>> neighbours(open.size());
  std::vector<char> seen_candidate(model.candidates, 0), seen_demand(model.sets.size(), 0);
  std::vector<int> candidates, demands;
  for (std::size_t k = 0; k < open.size(); ++k) {
    // Candidates competing with the post for one of its demands, then the demands they reach:
    // an open post covering one of those is a neighbour.
    for (int i : by_candidate[at(open[k])]) {
      for (int c : model.sets[at(i)]) {
        if (seen_candidate[at(c)] == 0) {
          seen_candidate[at(c)] = 1;
          candidates.push_back(c);
        }
      }
    }
    for (int c : candidates) {
      for (int i : by_candidate[at(c)]) {
        if (seen_demand[at(i)] == 0) {
          seen_demand[at(i)] = 1;
          demands.push_back(i);
        }
      }
    }
    auto& list = neighbours[k];
    for (int i : demands) {
      for (int c : model.sets[at(i)]) {
        const int v = index_of[at(c)];
        if (v >= 0 && v != static_cast<int>(k)) list.push_back(v);
      }
    }
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    for (int c : candidates) seen_candidate[at(c)] = 0;
    for (int i : demands) seen_demand[at(i)] = 0;
    candidates.clear();
    demands.clear();
  }
  return neighbours;
}

KernelWindowResult kernel_windows(const CoverModel& model, const std::vector<int>& fixed,
                                  const std::vector<int>& current,
                                  const std::vector<std::vector<int>>& pool,
                                  const KernelWindowOptions& options,
                                  std::chrono::steady_clock::time_point deadline,
                                  const ProgressTask* task, const KernelWindowReport& report) {
  using Clock = std::chrono::steady_clock;
  KernelWindowResult out{current, covered_weight(model, current), 0, 0, 0};
  std::sort(out.open.begin(), out.open.end());
  std::vector<std::vector<int>> everything = pool;
  everything.push_back(out.open);
  const std::vector<int> kernel = mclp_kernel(model, everything, options.overlap);
  out.kernel = kernel.size();
  const std::vector<std::vector<int>> by_candidate = demands_by_candidate(model);
  std::vector<char> is_fixed(model.candidates, 0), demand_in_play(model.sets.size(), 0);
  for (int f : fixed) is_fixed[at(f)] = 1;
  for (int sweep = 0; sweep < std::max(1, options.sweeps); ++sweep) {
    const int improving_before = out.improving;
    // Windows are laid out on the solution as it was: a move changes which posts are open, and
    // the sweep follows the places, not the posts.
    const std::vector<int> layout = out.open;
    const std::vector<std::vector<int>> neighbours = post_neighbours(model, layout);
    const auto size = static_cast<std::size_t>(std::max(1, options.window));
    std::vector<char> in_core(layout.size(), 0);
    std::vector<int> centres;
    while (Clock::now() < deadline &&
           (options.max_windows == 0 || out.windows < options.max_windows)) {
      if (task != nullptr) task->check_cancel();
      const std::vector<int> hops = hops_from(neighbours, centres);
      int centre = -1;
      for (std::size_t k = 0; k < layout.size(); ++k) {
        if (in_core[k] != 0 || is_fixed[at(layout[k])] != 0) continue;
        if (centre < 0 || hops[k] > hops[at(centre)]) centre = static_cast<int>(k);
      }
      if (centre < 0) break;
      centres.push_back(centre);
      const std::vector<int> order = nearest_posts(neighbours, centre, size);
      for (std::size_t r = 0; r < order.size(); ++r) {
        if (2 * r < order.size() || r == 0) in_core[at(order[r])] = 1;
      }
      // The window's places: its layout posts while still open, and posts a move has put in
      // the place of layout posts (open, not in the layout) where they cover the window's demands.
      std::vector<char> in_order(model.candidates, 0);
      for (int k : order) {
        in_order[at(layout[at(k)])] = 1;
        for (int i : by_candidate[at(layout[at(k)])]) demand_in_play[at(i)] = 1;
      }
      std::vector<int> freed;
      for (int f : out.open) {
        if (is_fixed[at(f)] != 0) continue;
        const bool moved_in = !std::binary_search(layout.begin(), layout.end(), f) &&
                              std::any_of(by_candidate[at(f)].begin(), by_candidate[at(f)].end(),
                                          [&](int i) { return demand_in_play[at(i)] != 0; });
        if (in_order[at(f)] != 0 || moved_in) freed.push_back(f);
      }
      for (int f : freed) {
        for (int i : by_candidate[at(f)]) demand_in_play[at(i)] = 1;
      }
      std::vector<int> candidates;
      for (int c : kernel) {
        if (is_fixed[at(c)] != 0) continue;
        const bool reaches = std::any_of(by_candidate[at(c)].begin(), by_candidate[at(c)].end(),
                                         [&](int i) { return demand_in_play[at(i)] != 0; });
        if (reaches) candidates.push_back(c);
      }
      std::fill(demand_in_play.begin(), demand_in_play.end(), 0);
      const double seconds = std::chrono::duration<double>(deadline - Clock::now()).count();
      if (seconds <= 0) break;
      if (freed.empty()) continue;  // its places hold fixed posts only
      std::vector<int> next = solve_restricted(
          model, out.open, freed, candidates,
          {.time_limit_s = std::max(0.1, std::min(options.time_limit_s, seconds))});
      ++out.windows;
      const double value = covered_weight(model, next);
      if (value > out.covered + 1e-9) {
        out.open = std::move(next);
        out.covered = value;
        ++out.improving;
      }
      if (report) report(out);
    }
    if (out.improving == improving_before) break;  // a sweep with no move: nothing changed
  }
  std::sort(out.open.begin(), out.open.end());
  return out;
}

}  // namespace huxiao::deploy
