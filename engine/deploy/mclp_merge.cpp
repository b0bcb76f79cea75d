#include "deploy/mclp_merge.hpp"

#include <algorithm>
#include <deque>
#include <iterator>
#include <numeric>

#include "deploy/mclp_gls.hpp"

namespace huxiao::deploy {

std::vector<int> merge_elites(const CoverModel& model, const std::vector<int>& fixed,
                              const std::vector<std::vector<int>>& elites,
                              const MipOptions& mip_options, bool fix_common) {
  if (elites.empty()) return {};
  std::vector<double> value;
  for (const auto& e : elites) value.push_back(covered_weight(model, e));
  const auto best_at = static_cast<std::size_t>(
      std::distance(value.begin(), std::max_element(value.begin(), value.end())));
  std::vector<int> best = elites[best_at];
  std::sort(best.begin(), best.end());
  std::vector<int> pool, common = best;
  for (auto e : elites) {
    std::sort(e.begin(), e.end());
    pool.insert(pool.end(), e.begin(), e.end());
    std::vector<int> both;
    std::set_intersection(common.begin(), common.end(), e.begin(), e.end(),
                          std::back_inserter(both));
    common = std::move(both);
  }
  std::sort(pool.begin(), pool.end());
  pool.erase(std::unique(pool.begin(), pool.end()), pool.end());
  std::vector<int> stay = fixed;
  if (fix_common) stay.insert(stay.end(), common.begin(), common.end());
  std::sort(stay.begin(), stay.end());
  std::vector<int> freed, candidates;
  std::set_difference(best.begin(), best.end(), stay.begin(), stay.end(),
                      std::back_inserter(freed));
  std::set_difference(pool.begin(), pool.end(), stay.begin(), stay.end(),
                      std::back_inserter(candidates));
  if (freed.empty()) return best;
  return solve_restricted(model, best, freed, candidates, mip_options);
}

namespace {

// Groups of `posts` joined when two of them cover a common demand (union-find over demands).
std::vector<std::vector<int>> parts_of(const CoverModel& model, const std::vector<int>& posts) {
  const auto at = [](int i) { return static_cast<std::size_t>(i); };
  std::vector<std::size_t> parent(posts.size());
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  const auto root = [&](std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::vector<int> index_of(model.candidates, -1);
  for (std::size_t k = 0; k < posts.size(); ++k) index_of[at(posts[k])] = static_cast<int>(k);
  for (const auto& set : model.sets) {
    int first = -1;
    for (int j : set) {
      const int k = index_of[at(j)];
      if (k < 0) continue;
      if (first < 0) {
        first = k;
      } else {
        parent[root(at(k))] = root(at(first));
      }
    }
  }
  std::vector<std::vector<int>> groups(posts.size());
  for (std::size_t k = 0; k < posts.size(); ++k) groups[root(k)].push_back(posts[k]);
  std::erase_if(groups, [](const std::vector<int>& g) { return g.empty(); });
  return groups;
}

// p random posts (the fixed ones among them) improved by guided local search.
std::vector<int> independent_start(const CoverModel& model, const std::vector<int>& fixed,
                                   std::size_t p, std::int64_t gls_steps, std::mt19937& rng,
                                   const ProgressTask* task) {
  std::vector<char> taken(model.candidates, 0);
  std::vector<int> open = fixed;
  for (int f : fixed) taken[static_cast<std::size_t>(f)] = 1;
  std::vector<int> others;
  for (std::size_t j = 0; j < model.candidates; ++j) {
    if (taken[j] == 0) others.push_back(static_cast<int>(j));
  }
  std::shuffle(others.begin(), others.end(), rng);
  for (std::size_t k = 0; k < others.size() && open.size() < p; ++k) open.push_back(others[k]);
  return mclp_gls(model, fixed, open, std::chrono::steady_clock::time_point::max(),
                  {.max_steps = gls_steps}, task)
      .open;
}

}  // namespace

RelinkResult relink_by_parts(const CoverModel& model, const std::vector<int>& fixed,
                             const std::vector<int>& current, const std::vector<int>& guide,
                             int max_free, int max_nodes, double time_limit_s,
                             std::chrono::steady_clock::time_point deadline) {
  const auto at = [](int i) { return static_cast<std::size_t>(i); };
  RelinkResult out{current, covered_weight(model, current), 0, 0};
  std::vector<int> a = current, b = guide, differ;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  std::set_symmetric_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(differ));
  const std::vector<std::vector<int>> by_candidate = demands_by_candidate(model);
  std::vector<char> is_fixed(model.candidates, 0);
  for (int f : fixed) is_fixed[at(f)] = 1;
  // A part with more posts on one side cannot be swapped alone (the number of posts stays p):
  // all such parts together are one more neighbourhood, balanced since both solutions have p.
  std::vector<std::vector<int>> parts;
  std::vector<int> unbalanced;
  for (auto& part : parts_of(model, differ)) {
    const auto mine = std::count_if(
        part.begin(), part.end(), [&](int f) { return std::binary_search(a.begin(), a.end(), f); });
    if (2 * mine == static_cast<std::ptrdiff_t>(part.size())) {
      parts.push_back(std::move(part));
    } else {
      unbalanced.insert(unbalanced.end(), part.begin(), part.end());
    }
  }
  if (!unbalanced.empty()) parts.push_back(std::move(unbalanced));
  for (const auto& part : parts) {
    if (std::chrono::steady_clock::now() >= deadline) break;
    // Posts of the part still open (an earlier part's move may have taken some).
    std::vector<int> freed;
    for (int f : part) {
      if (is_fixed[at(f)] == 0 && std::find(out.open.begin(), out.open.end(), f) != out.open.end())
        freed.push_back(f);
    }
    if (freed.empty() || static_cast<int>(freed.size()) > max_free) continue;
    // The guide's posts of the part are among the candidates: taking them is one of the
    // choices, so with every part solved the result is at least as good as the guide (parts
    // share no demand, their gains add up).
    std::vector<int> candidates = part;
    for (int f : freed) {
      for (int i : by_candidate[at(f)]) {
        candidates.insert(candidates.end(), model.sets[at(i)].begin(), model.sets[at(i)].end());
      }
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    const double seconds =
        std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
    std::vector<int> next = solve_neighbourhood(model, out.open, freed, candidates, max_nodes,
                                                std::max(0.1, std::min(time_limit_s, seconds)));
    ++out.neighbourhoods;
    const double value = covered_weight(model, next);
    if (value > out.covered + 1e-9) {
      out.open = std::move(next);
      out.covered = value;
      ++out.improving;
    }
  }
  std::sort(out.open.begin(), out.open.end());
  return out;
}

std::vector<int> perturbed(const CoverModel& model, const std::vector<int>& fixed,
                           const std::vector<int>& open, double share, std::mt19937& rng) {
  const auto at = [](int i) { return static_cast<std::size_t>(i); };
  std::vector<char> is_fixed(model.candidates, 0), banned(model.candidates, 0);
  for (int f : fixed) is_fixed[at(f)] = 1;
  std::vector<int> movable, kept;
  for (int f : open) (is_fixed[at(f)] != 0 ? kept : movable).push_back(f);
  std::sort(movable.begin(), movable.end());
  std::shuffle(movable.begin(), movable.end(), rng);
  const auto closing = static_cast<std::size_t>(share * static_cast<double>(movable.size()) + 0.5);
  for (std::size_t k = 0; k < movable.size(); ++k) {
    if (k < closing) {
      banned[at(movable[k])] = 1;
    } else {
      kept.push_back(movable[k]);
    }
  }
  const std::vector<std::vector<int>> by_candidate = demands_by_candidate(model);
  std::vector<char> covered(model.sets.size(), 0), is_open(model.candidates, 0);
  const auto open_post = [&](int f) {
    is_open[at(f)] = 1;
    for (int i : by_candidate[at(f)]) covered[at(i)] = 1;
  };
  for (int f : kept) open_post(f);
  for (std::size_t added = 0; added < closing; ++added) {
    int pick = -1;
    double pick_gain = -1;
    for (std::size_t j = 0; j < model.candidates; ++j) {
      if (is_open[j] != 0 || banned[j] != 0) continue;
      double gain = 0;
      for (int i : by_candidate[j]) {
        if (covered[at(i)] == 0) gain += model.weight[at(i)];
      }
      if (gain > pick_gain) {
        pick_gain = gain;
        pick = static_cast<int>(j);
      }
    }
    if (pick < 0) break;
    open_post(pick);
    kept.push_back(pick);
  }
  std::sort(kept.begin(), kept.end());
  return kept;
}

MergeSearchResult mclp_merge_search(const CoverModel& model, const std::vector<int>& fixed,
                                    std::vector<int> open,
                                    std::chrono::steady_clock::time_point deadline,
                                    const MergeSearchOptions& options, const ProgressTask* task) {
  using Clock = std::chrono::steady_clock;
  MergeSearchResult out;
  std::sort(open.begin(), open.end());
  out.open = open;
  out.covered = covered_weight(model, open);
  out.found = Clock::now();
  // The search walks from `current`, which moves to any solution at least as good as the best:
  // the best local optima of large instances lie on wide plateaus of equal coverage (New York:
  // restarts of equal coverage differ in 10-30 posts), and the walk gathers their posts.
  std::vector<int> current = open;
  std::mt19937 rng(options.seed);
  std::deque<std::vector<int>> latest;
  for (const auto& e : options.elites) {
    if (static_cast<int>(latest.size()) + 1 >= options.pool) break;
    latest.push_back(e);
  }
  std::vector<std::vector<int>> everyone;  // every restart's local optimum, for the kernel
  const auto seconds_left = [&] {
    return std::chrono::duration<double>(deadline - Clock::now()).count();
  };
  const auto consider = [&](std::vector<int> candidate, double value) {
    if (value < out.covered - 1e-9) return false;
    const bool better = value > out.covered + 1e-9;
    if (better) {
      out.open = candidate;
      out.covered = value;
      out.found = Clock::now();
    }
    if (candidate != current) {
      ++out.plateau_moves;
      current = std::move(candidate);
    }
    return better;
  };
  while (seconds_left() > 0 && (options.max_restarts == 0 || out.restarts < options.max_restarts)) {
    if (task != nullptr) task->check_cancel();
    const std::vector<int> restart =
        options.gls_steps > 0
            ? independent_start(model, fixed, current.size(), options.gls_steps, rng, task)
            : perturbed(model, fixed, current, options.share, rng);
    const auto restart_deadline = std::min(
        deadline, Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(options.restart_seconds)));
    const LnsResult lns = mclp_lns(
        model, fixed, restart, restart_deadline,
        {.seed = static_cast<unsigned>(rng()), .max_free = options.max_free, .pass_fraction = 0.3},
        task);
    ++out.restarts;
    if (consider(lns.open, lns.covered)) ++out.improving_restarts;
    if (options.relink_max_free > 0 && seconds_left() > 0) {
      const RelinkResult r =
          relink_by_parts(model, fixed, current, lns.open, options.relink_max_free,
                          options.relink_nodes, options.relink_time_limit_s, deadline);
      out.relinked_parts += r.neighbourhoods;
      if (consider(r.open, r.covered)) ++out.improving_relinks;
    }
    if (options.kernel_every > 0) {
      everyone.push_back(lns.open);
      if (out.restarts % options.kernel_every == 0 && seconds_left() > 0) {
        const KernelWindowResult k =
            kernel_windows(model, fixed, current, everyone, options.kernel, deadline, task);
        out.kernel_windows += k.windows;
        if (consider(k.open, k.covered)) ++out.improving_kernel_windows;
      }
    }
    latest.push_back(lns.open);
    if (static_cast<int>(latest.size()) >= options.pool) latest.pop_front();
    if (seconds_left() <= 0) break;
    std::vector<std::vector<int>> elites{current};
    elites.insert(elites.end(), latest.begin(), latest.end());
    std::vector<int> all;
    for (const auto& e : elites) all.insert(all.end(), e.begin(), e.end());
    std::sort(all.begin(), all.end());
    out.largest_union =
        std::max(out.largest_union,
                 static_cast<std::size_t>(std::unique(all.begin(), all.end()) - all.begin()));
    std::vector<int> merged = merge_elites(
        model, fixed, elites,
        {.time_limit_s = std::max(0.1, std::min(options.merge_time_limit_s, seconds_left())),
         .max_nodes = options.merge_nodes});
    ++out.merges;
    const double value = covered_weight(model, merged);
    if (consider(std::move(merged), value)) ++out.improving_merges;
  }
  return out;
}

}  // namespace huxiao::deploy
