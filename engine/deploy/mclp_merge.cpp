#include "deploy/mclp_merge.hpp"

#include <algorithm>
#include <deque>
#include <iterator>

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
  std::vector<std::vector<int>> by_candidate(model.candidates);
  for (std::size_t i = 0; i < model.sets.size(); ++i) {
    for (int j : model.sets[i]) by_candidate[at(j)].push_back(static_cast<int>(i));
  }
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
    const std::vector<int> restart = perturbed(model, fixed, current, options.share, rng);
    const auto restart_deadline = std::min(
        deadline, Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(options.restart_seconds)));
    const LnsResult lns = mclp_lns(
        model, fixed, restart, restart_deadline,
        {.seed = static_cast<unsigned>(rng()), .max_free = options.max_free, .pass_fraction = 0.3},
        task);
    ++out.restarts;
    if (consider(lns.open, lns.covered)) ++out.improving_restarts;
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
