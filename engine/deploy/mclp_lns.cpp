#include "deploy/mclp_lns.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <numeric>
#include <random>

#include "deploy/mip.hpp"

namespace huxiao::deploy {
namespace {

using Clock = std::chrono::steady_clock;

std::size_t at(int i) {
  return static_cast<std::size_t>(i);
}

// The search's view of the model: the demands each candidate covers, and scratch stamps so
// that building a neighbourhood or a sub-MIP costs only what it touches.
class Lns {
 public:
  explicit Lns(const CoverModel& model)
      : model_(model),
        by_candidate_(demands_by_candidate(model)),
        seen_c_(model.candidates, 0),
        seen_d_(model.sets.size(), 0),
        column_(model.candidates, -1) {}

  // The k open, non-fixed posts nearest `seed` in the candidate–demand graph (breadth first:
  // one hop = two candidates covering a common demand), the candidates met on the way, and
  // every candidate covering a demand of a freed post (its alternatives).
  void around(int seed, int k, const std::vector<char>& movable, std::vector<int>& freed,
              std::vector<int>& free_candidates) {
    ++stamp_;
    freed.clear();
    free_candidates.clear();
    std::vector<int> queue{seed};
    seen_c_[at(seed)] = stamp_;
    for (std::size_t head = 0; head < queue.size() && static_cast<int>(freed.size()) < k; ++head) {
      const int c = queue[head];
      free_candidates.push_back(c);
      if (movable[at(c)] != 0) freed.push_back(c);
      for (int i : by_candidate_[at(c)]) {
        for (int j : model_.sets[at(i)]) mark(j, queue);
      }
    }
    const std::vector<int> alternatives = alternatives_of(model_, by_candidate_, freed);
    free_candidates.insert(free_candidates.end(), alternatives.begin(), alternatives.end());
    std::sort(free_candidates.begin(), free_candidates.end());
    free_candidates.erase(std::unique(free_candidates.begin(), free_candidates.end()),
                          free_candidates.end());
  }

  // `noise`: when given, each candidate column gets a random bonus in [0, noise_scale).
  // Stamps `when` on every candidate within two hops of `changed` (sharing a demand with a
  // candidate that shares a demand with it).
  void touch(const std::vector<int>& changed, long when, std::vector<long>& changed_at) {
    for (int c : changed) {
      changed_at[at(c)] = when;
      for (int i : by_candidate_[at(c)]) {
        for (int j : model_.sets[at(i)]) changed_at[at(j)] = when;
      }
    }
  }

  std::vector<int> solve(const std::vector<int>& open, const std::vector<int>& freed,
                         const std::vector<int>& free_candidates, const MipOptions& mip_options,
                         std::mt19937* noise = nullptr, double noise_scale = 0);

 private:
  void mark(int j, std::vector<int>& queue) {
    if (seen_c_[at(j)] == stamp_) return;
    seen_c_[at(j)] = stamp_;
    queue.push_back(j);
  }

  const CoverModel& model_;
  std::vector<std::vector<int>> by_candidate_;
  std::vector<unsigned> seen_c_, seen_d_;
  std::vector<int> column_;
  unsigned stamp_ = 0;
};

std::vector<int> Lns::solve(const std::vector<int>& open, const std::vector<int>& freed,
                            const std::vector<int>& free_candidates, const MipOptions& mip_options,
                            std::mt19937* noise, double noise_scale) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const auto bonus = [&] { return noise != nullptr ? -noise_scale * unit(*noise) : 0.0; };
  // Demands the kept posts cover are out of play; the rest is the sub-MCLP.
  std::vector<char> kept(model_.candidates, 0), is_freed(model_.candidates, 0);
  for (int f : open) kept[at(f)] = 1;
  for (int f : freed) {
    kept[at(f)] = 0;
    is_freed[at(f)] = 1;
  }
  MipModel mip;
  std::vector<int> columns;
  for (int c : free_candidates) {
    if (kept[at(c)] != 0 || by_candidate_[at(c)].empty()) continue;
    column_[at(c)] = mip.add_binary(bonus());
    columns.push_back(c);
  }
  for (int f : freed) {
    if (column_[at(f)] < 0) {
      column_[at(f)] = mip.add_binary(bonus());
      columns.push_back(f);
    }
  }
  ++stamp_;
  std::vector<int> cols;
  std::vector<double> coefs;
  for (int c : columns) {
    for (int i : by_candidate_[at(c)]) {
      if (seen_d_[at(i)] == stamp_) continue;
      seen_d_[at(i)] = stamp_;
      const auto& set = model_.sets[at(i)];
      if (std::any_of(set.begin(), set.end(), [&](int j) { return kept[at(j)] != 0; })) continue;
      cols.assign(1, mip.add_continuous(0, 1, -model_.weight[at(i)]));
      coefs.assign(1, 1.0);
      for (int j : set) {
        if (column_[at(j)] >= 0) {
          cols.push_back(column_[at(j)]);
          coefs.push_back(-1.0);
        }
      }
      mip.add_row(cols, coefs, -1e30, 0);
    }
  }
  cols.clear();
  for (int c : columns) cols.push_back(column_[at(c)]);
  coefs.assign(cols.size(), 1.0);
  mip.add_row(cols, coefs, -1e30, static_cast<double>(freed.size()));
  std::vector<std::pair<int, double>> start;
  for (int f : freed) start.emplace_back(column_[at(f)], 1.0);
  const MipResult r = mip.solve(mip_options, start);
  std::vector<int> result;
  for (int f : open) {
    if (is_freed[at(f)] == 0) result.push_back(f);
  }
  const bool has = !r.x.empty();
  for (int c : columns) {
    if (has ? r.x[at(column_[at(c)])] > 0.5 : is_freed[at(c)] != 0) result.push_back(c);
    column_[at(c)] = -1;
  }
  return result;
}

}  // namespace

std::vector<std::vector<int>> demands_by_candidate(const CoverModel& model) {
  std::vector<std::vector<int>> by_candidate(model.candidates);
  for (std::size_t i = 0; i < model.sets.size(); ++i) {
    for (int j : model.sets[i]) by_candidate[at(j)].push_back(static_cast<int>(i));
  }
  return by_candidate;
}

std::vector<int> alternatives_of(const CoverModel& model,
                                 const std::vector<std::vector<int>>& by_candidate,
                                 const std::vector<int>& posts) {
  std::vector<char> in(model.candidates, 0);
  for (int f : posts) {
    for (int i : by_candidate[at(f)]) {
      for (int c : model.sets[at(i)]) in[at(c)] = 1;
    }
  }
  std::vector<int> out;
  for (std::size_t c = 0; c < in.size(); ++c) {
    if (in[c] != 0) out.push_back(static_cast<int>(c));
  }
  return out;
}

double covered_weight(const CoverModel& model, const std::vector<int>& open) {
  std::vector<char> mask(model.candidates, 0);
  for (int f : open) mask[at(f)] = 1;
  double v = 0;
  for (std::size_t i = 0; i < model.sets.size(); ++i) {
    const auto& s = model.sets[i];
    if (std::any_of(s.begin(), s.end(), [&](int j) { return mask[at(j)] != 0; }))
      v += model.weight[i];
  }
  return v;
}

std::vector<int> solve_neighbourhood(const CoverModel& model, const std::vector<int>& open,
                                     const std::vector<int>& freed,
                                     const std::vector<int>& free_candidates, int max_nodes,
                                     double time_limit_s) {
  return solve_restricted(model, open, freed, free_candidates,
                          {.time_limit_s = time_limit_s, .plain = true, .max_nodes = max_nodes});
}

std::vector<int> solve_restricted(const CoverModel& model, const std::vector<int>& open,
                                  const std::vector<int>& freed,
                                  const std::vector<int>& free_candidates,
                                  const MipOptions& mip_options) {
  Lns lns(model);
  std::vector<int> result = lns.solve(open, freed, free_candidates, mip_options);
  // CBC's answer is only taken when it is strictly better: ties keep the incumbent.
  if (covered_weight(model, result) <= covered_weight(model, open) + 1e-9) return open;
  std::sort(result.begin(), result.end());
  return result;
}

LnsResult mclp_lns(const CoverModel& model, const std::vector<int>& fixed, std::vector<int> open,
                   Clock::time_point deadline, const LnsOptions& options,
                   const ProgressTask* task) {
  Lns lns(model);
  std::mt19937 rng(options.seed);
  std::mt19937 noise(options.seed ^ 0x9e3779b9u);
  LnsResult out;
  out.found = Clock::now();
  const auto started = out.found;
  out.covered = covered_weight(model, open);
  std::vector<char> is_fixed(model.candidates, 0), movable(model.candidates, 0);
  for (int f : fixed) is_fixed[at(f)] = 1;
  const int movable_posts = static_cast<int>(
      std::count_if(open.begin(), open.end(), [&](int f) { return is_fixed[at(f)] == 0; }));
  // Neighbourhood sizes: min_free, ×1.5 … up to max_free (all movable posts at most).
  std::vector<int> sizes;
  for (int k = std::min(options.min_free, movable_posts); k > 0;) {
    sizes.push_back(k);
    const int top = std::min(options.max_free, movable_posts);
    if (k >= top) break;
    k = std::min(k + std::max(1, k / 2), top);
  }
  if (sizes.empty()) {
    std::sort(open.begin(), open.end());
    out.open = std::move(open);
    return out;
  }
  // Don't-look bits: a neighbourhood that failed stays failed until a move changes something
  // within two hops of its candidates (its posts, candidates or the demands in play), so after
  // an improvement only the neighbourhoods around it are solved again.
  long moves = 0;
  std::vector<long> changed_at(model.candidates, 0);
  std::vector<std::vector<long>> failed_at(sizes.size(), std::vector<long>(model.candidates, -1));
  // Less than half the lightest demand over all freed posts: a placement CBC prefers for its
  // bonus never covers less than one that covers a demand more (and the true coverage is
  // checked below anyway).
  double lightest = std::numeric_limits<double>::infinity();
  for (double w : model.weight) {
    if (w > 0) lightest = std::min(lightest, w);
  }
  std::size_t level = 0;
  out.rounds = 1;
  bool plateau_pass = false, improved_in_round = false;
  bool whole_passes = options.pass_fraction >= 1.0;
  int failures = 0;
  std::vector<int> order, freed, free_candidates, changed;
  std::size_t next = 0;
  const auto apply = [&](std::vector<int> candidate) {
    std::sort(candidate.begin(), candidate.end());
    std::vector<int> before = open;
    std::sort(before.begin(), before.end());
    changed.clear();
    std::set_symmetric_difference(before.begin(), before.end(), candidate.begin(), candidate.end(),
                                  std::back_inserter(changed));
    if (changed.empty()) return false;
    lns.touch(changed, ++moves, changed_at);
    open = std::move(candidate);
    return true;
  };
  while (Clock::now() < deadline &&
         (options.max_subproblems == 0 || out.subproblems < options.max_subproblems)) {
    if (task != nullptr) task->check_cancel();
    // Stalled: no better solution for stall_seconds, and for as long as it took to find the
    // last one (the later improvements come more slowly; a fixed wait would cut them off).
    if (options.stall_seconds > 0 &&
        std::chrono::duration<double>(Clock::now() - out.found).count() >
            std::max(options.stall_seconds,
                     std::chrono::duration<double>(out.found - started).count())) {
      out.stalled = true;
      break;
    }
    const int pass =
        whole_passes
            ? movable_posts
            : std::clamp(static_cast<int>(std::ceil(options.pass_fraction * movable_posts)), 1,
                         movable_posts);
    if (failures >= pass) {
      // So many posts in a row have been the centre of a failed neighbourhood of this size.
      failures = 0;
      next = order.size();
      if (!plateau_pass && level + 1 < sizes.size()) {
        ++level;
        continue;
      }
      if (!plateau_pass && !improved_in_round && !whole_passes) {
        // Some neighbourhoods were left untried: a round of whole passes decides.
        whole_passes = true;
        level = 0;
        ++out.rounds;
        continue;
      }
      if (!plateau_pass && !improved_in_round &&
          !(options.plateau &&
            (options.max_plateau_passes < 0 || out.plateau_passes < options.max_plateau_passes)))
        break;
      if (!plateau_pass && !improved_in_round) {
        // Stuck: every neighbourhood of every size fails. Move across a plateau, then again.
        plateau_pass = true;
        ++out.plateau_passes;
        level = std::min<std::size_t>(2, sizes.size() - 1);
      } else {
        // After improvements or plateau moves, smaller neighbourhoods around the posts that
        // moved may improve again (cheap: only those are solved).
        plateau_pass = false;
        whole_passes = options.pass_fraction >= 1.0;
        level = 0;
        ++out.rounds;
        improved_in_round = false;
      }
      continue;
    }
    if (next >= order.size()) {
      order.clear();
      for (int f : open) {
        if (is_fixed[at(f)] == 0) order.push_back(f);
      }
      std::sort(order.begin(), order.end());
      std::shuffle(order.begin(), order.end(), rng);
      next = 0;
    }
    std::fill(movable.begin(), movable.end(), 0);
    for (int f : open) movable[at(f)] = is_fixed[at(f)] == 0 ? 1 : 0;
    const int seed = order[next++];
    if (movable[at(seed)] == 0) continue;
    const int k = sizes[level];
    if (k >= movable_posts) {
      // The whole problem: every candidate, also those no post's neighbourhood reaches.
      freed.clear();
      for (int f : open) {
        if (is_fixed[at(f)] == 0) freed.push_back(f);
      }
      free_candidates.resize(model.candidates);
      std::iota(free_candidates.begin(), free_candidates.end(), 0);
    } else {
      lns.around(seed, k, movable, freed, free_candidates);
    }
    long& failed = failed_at[level][at(seed)];
    if (!plateau_pass && failed >= 0 &&
        std::all_of(free_candidates.begin(), free_candidates.end(),
                    [&](int c) { return changed_at[at(c)] <= failed; })) {
      ++failures;  // nothing changed around it since it failed
      continue;
    }
    const double left = std::chrono::duration<double>(deadline - Clock::now()).count();
    const double sub_limit = std::max(0.1, std::min(options.sub_time_limit_s, left));
    std::vector<int> candidate = lns.solve(
        open, freed, free_candidates,
        {.time_limit_s = sub_limit, .plain = true, .max_nodes = options.max_nodes},
        plateau_pass ? &noise : nullptr, 0.5 * lightest / static_cast<double>(freed.size() + 1));
    ++out.subproblems;
    const double value = covered_weight(model, candidate);
    if (value > out.covered + 1e-9) {
      apply(std::move(candidate));
      out.covered = value;
      out.found = Clock::now();
      ++out.improvements;
      improved_in_round = true;
      failures = 0;
      continue;
    }
    if (plateau_pass && value >= out.covered - 1e-9 && apply(std::move(candidate))) {
      ++out.plateau_moves;
    } else if (!plateau_pass) {
      failed = moves;
    }
    ++failures;
  }
  out.last_free = sizes[level];
  out.sizes = static_cast<int>(sizes.size());
  std::sort(open.begin(), open.end());
  out.open = std::move(open);
  return out;
}

}  // namespace huxiao::deploy
