#include "deploy/covering.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <numeric>
#include <optional>
#include <random>

#include <fmt/format.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "core/error.hpp"
#include "deploy/mclp_bound.hpp"
#include "deploy/mclp_lns.hpp"
#include "deploy/mclp_merge.hpp"
#include "deploy/mclp_region.hpp"
#include "deploy/mclp_tally.hpp"
#include "deploy/mip.hpp"
#include "deploy/pmedian.hpp"

namespace huxiao::deploy {
namespace {

using Clock = std::chrono::steady_clock;

double elapsed(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::vector<int> ones_index(std::size_t m, const std::vector<int>& idx) {
  std::vector<int> mask(m, 0);
  for (int j : idx) mask[static_cast<std::size_t>(j)] = 1;
  return mask;
}

// [SECTION] MCLP: reduction

// Demands with the same covering set act as one demand of their summed weight; demands a fixed
// post covers are covered whatever else opens. What remains is the model CBC sees.
struct ReducedCover {
  std::vector<std::vector<int>> sets;
  std::vector<double> weight;
  double constant = 0;  // weight covered by fixed posts
};

ReducedCover reduce(const Coverage& cov, const Instance& inst, bool keep_fixed_covered) {
  const auto fixed = ones_index(cov.candidates, inst.fixed);
  std::map<std::vector<int>, double> merged;
  ReducedCover r;
  for (std::size_t i = 0; i < cov.sets.size(); ++i) {
    const auto& s = cov.sets[i];
    if (s.empty()) continue;
    const bool by_fixed = std::any_of(
        s.begin(), s.end(), [&](int j) { return fixed[static_cast<std::size_t>(j)] != 0; });
    if (by_fixed && !keep_fixed_covered) {
      r.constant += inst.weight_of(i);
      continue;
    }
    merged[s] += inst.weight_of(i);
  }
  for (auto& [s, w] : merged) {
    if (w <= 0) continue;
    r.sets.push_back(s);
    r.weight.push_back(w);
  }
  return r;
}

// A candidate whose covered demands are a subset of another's can be left out: swapping it for
// the other never loses coverage (not valid with the backup term, where both count).
// Candidates with identical sets keep the lowest index. Re-merges the demands afterwards.
void drop_dominated(ReducedCover& rc, std::size_t m, const std::vector<int>& fixed_mask) {
  std::vector<std::vector<int>> by_candidate(m);
  for (std::size_t i = 0; i < rc.sets.size(); ++i) {
    for (int j : rc.sets[i])
      by_candidate[static_cast<std::size_t>(j)].push_back(static_cast<int>(i));
  }
  std::vector<char> dropped(m, 0);
  for (std::size_t j = 0; j < m; ++j) {
    const auto& cj = by_candidate[j];
    if (cj.empty() || fixed_mask[j] != 0) continue;
    // Any dominator covers the demand of cj with the fewest candidates: look only there.
    std::size_t probe = static_cast<std::size_t>(cj.front());
    for (int i : cj) {
      if (rc.sets[static_cast<std::size_t>(i)].size() < rc.sets[probe].size())
        probe = static_cast<std::size_t>(i);
    }
    for (int k : rc.sets[probe]) {
      const auto ku = static_cast<std::size_t>(k);
      if (ku == j || dropped[ku] != 0) continue;
      const auto& ck = by_candidate[ku];
      if (ck.size() < cj.size() || (ck.size() == cj.size() && ku > j)) continue;
      if (std::includes(ck.begin(), ck.end(), cj.begin(), cj.end())) {
        dropped[j] = 1;
        break;
      }
    }
  }
  std::map<std::vector<int>, double> merged;
  for (std::size_t i = 0; i < rc.sets.size(); ++i) {
    std::vector<int> kept;
    for (int j : rc.sets[i]) {
      if (dropped[static_cast<std::size_t>(j)] == 0) kept.push_back(j);
    }
    merged[kept] += rc.weight[i];
  }
  rc.sets.clear();
  rc.weight.clear();
  for (auto& [set, w] : merged) {
    rc.sets.push_back(set);
    rc.weight.push_back(w);
  }
}

// [SECTION] MCLP: greedy + swap

// The swap descent's state: the cover tally (counts, sole owners, scores; deploy/mclp_tally)
// plus what the descent caches on top of it. A swap bringing f in gains at most f's score, so
// the best-swap scan skips every candidate whose score cannot beat the best swap so far. For
// the rest, the best post to close along with f ("relief": what f saves of a post's sole
// coverage, less that post's loss) is cached and recomputed only where a move changed it, near
// the posts that moved. Together these made the iterated local search 9× faster on San
// Francisco p=90 (1 500 iterations: 26.0 s before, 2.8 s after), move for move the same search.
struct CoverState : CoverTally {
  const ReducedCover& rc;
  std::vector<char> is_fixed;
  // Moves the descent may not make (set by the search after a perturbation so that the
  // descent cannot simply undo it): lock_in[f] keeps f out, lock_out[f] keeps f open.
  std::vector<char> lock_in, lock_out;

  CoverState(const ReducedCover& r, std::size_t m, const std::vector<int>& fixed)
      : CoverTally(r.sets, m, r.weight, r.weight), rc(r) {
    is_fixed.assign(m, 0);
    lock_in.assign(m, 0);
    lock_out.assign(m, 0);
    corr_.assign(m, 0.0);
    relief_.assign(m, 0.0);
    relief_out_.assign(m, -1);
    stale_.assign(m, 1);
    loss_moved_.assign(m, 0);
    for (int f : fixed) {
      is_fixed[static_cast<std::size_t>(f)] = 1;
      add(f);
    }
  }
  void add(int f) {
    Hooks hooks{{}, *this};
    CoverTally::add(f, hooks);
    flush_loss_moved();
  }
  void remove(int f) {
    Hooks hooks{{}, *this};
    CoverTally::remove(f, hooks);
    flush_loss_moved();
  }
  void set_lock_out(int f, bool locked) {
    lock_out[static_cast<std::size_t>(f)] = locked ? 1 : 0;
    mark_stale_around(static_cast<std::size_t>(f));  // f's removability is in others' relief
  }
  bool removable(int r) const {
    return is_fixed[static_cast<std::size_t>(r)] == 0 && lock_out[static_cast<std::size_t>(r)] == 0;
  }
  // One best-improvement swap (in, out); false at a local optimum.
  bool improve() {
    // The removable post losing least, independent of f; f can only lower some posts' loss.
    int cheapest = -1;
    for (int r : open) {
      if (removable(r) && (cheapest < 0 || loss(r) < loss(cheapest))) cheapest = r;
    }
    if (cheapest < 0) return false;
    double best = 1e-9;
    int best_in = -1, best_out = -1;
    for (std::size_t f = 0; f < by_candidate.size(); ++f) {
      // f's swaps gain at most gain(f): what f saves of an out-post's loss never exceeds it.
      if (is_open[f] != 0 || lock_in[f] != 0 || score[f] <= best) continue;
      if (stale_[f] != 0) refresh(f);
      const double g = score[f];
      double v = g - loss(cheapest);
      int out = cheapest;
      if (relief_out_[f] >= 0 && g + relief_[f] > v) {
        v = g + relief_[f];
        out = relief_out_[f];
      }
      if (v > best) {
        best = v;
        best_in = static_cast<int>(f);
        best_out = out;
      }
    }
    if (best_in < 0) return false;
    remove(best_out);
    add(best_in);
    return true;
  }

 private:
  // A move's effects on the cached reliefs.
  struct Hooks : TallyHooks {
    CoverState& state;
    void on_sole_cover_changed(std::size_t demand) { state.mark_stale(demand); }
    void on_loss_changed(std::size_t post) { state.note_loss_moved(post); }
  };

  // The best post to close along with f among those sharing f's singly covered demands.
  void refresh(std::size_t f) {
    touched_.clear();
    for (int i : by_candidate[f]) {
      const auto iu = static_cast<std::size_t>(i);
      if (count[iu] != 1) continue;
      const auto o = static_cast<std::size_t>(owner_sum[iu]);
      if (corr_[o] == 0) touched_.push_back(static_cast<int>(o));
      corr_[o] += rc.weight[iu];
    }
    relief_out_[f] = -1;
    for (int r : touched_) {
      const auto ru = static_cast<std::size_t>(r);
      if (removable(r) && (relief_out_[f] < 0 || corr_[ru] - loss(r) > relief_[f])) {
        relief_[f] = corr_[ru] - loss(r);
        relief_out_[f] = r;
      }
      corr_[ru] = 0;
    }
    stale_[f] = 0;
  }
  // Demand i's count or owner changed: every candidate covering it may relieve someone else.
  void mark_stale(std::size_t demand) {
    for (int g : rc.sets[demand]) stale_[static_cast<std::size_t>(g)] = 1;
  }
  // Post r's loss or removability changed: the candidates sharing its demands see it.
  void mark_stale_around(std::size_t r) {
    for (int i : by_candidate[r]) mark_stale(static_cast<std::size_t>(i));
  }
  void note_loss_moved(std::size_t r) {
    if (loss_moved_[r] == 0) moved_.push_back(static_cast<int>(r));
    loss_moved_[r] = 1;
  }
  void flush_loss_moved() {
    for (int r : moved_) {
      mark_stale_around(static_cast<std::size_t>(r));
      loss_moved_[static_cast<std::size_t>(r)] = 0;
    }
    moved_.clear();
  }

  std::vector<double> corr_, relief_;
  std::vector<int> relief_out_, touched_, moved_;
  std::vector<char> stale_, loss_moved_;
};

void greedy_fill(CoverState& st, int p) {
  const auto m = st.by_candidate.size();
  while (static_cast<int>(st.open.size()) < p) {
    double best = 0;
    int best_f = -1;
    for (std::size_t f = 0; f < m; ++f) {
      if (st.is_open[f] != 0 || st.by_candidate[f].empty()) continue;
      const double g = st.gain(static_cast<int>(f));
      if (g > best) {
        best = g;
        best_f = static_cast<int>(f);
      }
    }
    if (best_f < 0) break;  // nothing left to cover: fewer posts suffice
    st.add(best_f);
  }
}

// Back to `target` (which holds the fixed posts), moving only the posts that differ (a
// perturbation and its descent move a handful); `open` ends in the order closing everything and
// reopening `target` would give, which a search's next random choices depend on. `in_target` is
// scratch space.
void restore_in_order(CoverState& st, const std::vector<int>& target,
                      std::vector<char>& in_target) {
  in_target.assign(st.is_open.size(), 0);
  for (int f : target) in_target[static_cast<std::size_t>(f)] = 1;
  for (int f : std::vector<int>(st.open)) {
    if (st.is_fixed[static_cast<std::size_t>(f)] == 0 &&
        in_target[static_cast<std::size_t>(f)] == 0)
      st.remove(f);
  }
  for (int f : target) {
    if (st.is_open[static_cast<std::size_t>(f)] == 0) st.add(f);
  }
  std::vector<int> order;
  order.reserve(st.open.size());
  for (int f : st.open) {
    if (st.is_fixed[static_cast<std::size_t>(f)] != 0) order.push_back(f);
  }
  for (int f : target) {
    if (st.is_fixed[static_cast<std::size_t>(f)] == 0) order.push_back(f);
  }
  st.open = std::move(order);
}

// Adaptive iterated local search, after the AILS of Máximo, Cordeau & Nascimento (2023) for
// the MCLP. Each iteration perturbs the *current* solution by `strength` swaps (scattered, or
// in one region), descends with
// best-improvement swaps while the perturbation's posts are locked (else the descent mostly undoes
// it), then finishes the descent unlocked. The new local optimum replaces the current one when it
// reaches the threshold b = top − η (top − mean) over the last local optima (top: their best), and
// η adapts so that about a third are accepted: the search can cross valleys without drifting. The
// strength grows while no new best is found.
class AdaptiveSearch {
 public:
  // `patience`: stop after this many iterations without a new best (0: run to the deadline).
  // `regional`: perturb in one region instead of by scattered swaps (see perturb).
  AdaptiveSearch(CoverState& st, int p, unsigned seed, int patience, bool regional)
      : st_(st),
        p_(p),
        rng_(seed),
        max_strength_(std::clamp(p / 5, 2, 8)),
        patience_(patience),
        regional_(regional) {}

  // Returns when the best solution was found; `cancelled` (checked each iteration) ends the run
  // early when another one has made it pointless.
  Clock::time_point run(Clock::time_point deadline, const std::function<bool()>& cancelled = {}) {
    const Clock::time_point start = Clock::now();
    Clock::time_point found = start;
    std::vector<int> best_open = st_.open, current_open = st_.open;
    double best = st_.covered;
    int stall = 0, iterations = 0, accepted = 0;
    while (Clock::now() < deadline && !stalled(stall, iterations) && !(cancelled && cancelled())) {
      ++stall;
      const int strength = 1 + (stall / 50) % max_strength_;
      if (!perturb(strength)) break;  // everything coverable is covered
      descend(deadline);
      const double value = st_.covered;
      if (value > best + 1e-9) {
        best = value;
        best_open = st_.open;
        stall = 0;
        found = Clock::now();
      }
      const bool accept = value >= threshold() - 1e-9;
      remember(value);
      if (accept) {
        current_open = st_.open;
        ++accepted;
      } else {
        restore(current_open);
      }
      if (++iterations % kWindow == 0) {
        const double rate = static_cast<double>(accepted) / kWindow;
        eta_ = std::clamp(eta_ * (rate > kTargetAcceptance ? 0.8 : 1.25), 1e-3, 1.0);
        accepted = 0;
      }
    }
    restore(best_open);
    return found;
  }

 private:
  static constexpr int kWindow = 30;  // local optima remembered, and η's adjustment period
  static constexpr double kTargetAcceptance = 0.3;

  // Stalled after `patience_` fruitless iterations, and not before it has gone as many
  // iterations without a better solution as it took to find the best: a search that found its
  // best late is still finding better solutions, however slowly. Counted in iterations, not
  // seconds, so that a run's path and end depend only on its seed, not on the machine's load.
  bool stalled(int stall, int iterations) const {
    return patience_ > 0 && stall >= patience_ && stall >= iterations - stall;
  }

  // `strength` swaps: a post covering a random uncovered demand in, a random open post out
  // (scattered); or, regional, in one region: each next post brought in covers an uncovered
  // demand near the last one, and each closes one of the open posts nearest to the post it
  // brings in. Which is better depends on the instance — AILS San Francisco, the ILS alone:
  // p=90, 12 seeds, scattered 790 492 on average (789 102 to 791 350), regional 790 822
  // (790 464 to 791 107); p=60, 4 seeds, scattered 683 116 to 683 139, regional 682 246 to
  // 682 766 — so restarts alternate between the two.
  bool perturb(int strength) {
    std::vector<int> removable, uncovered;
    int last_in = -1;
    for (int k = 0; k < strength; ++k) {
      removable.clear();
      for (int f : st_.open) {
        if (st_.is_fixed[static_cast<std::size_t>(f)] == 0) removable.push_back(f);
      }
      uncovered.clear();
      for (std::size_t i = 0; i < st_.count.size(); ++i) {
        if (st_.count[i] == 0) uncovered.push_back(static_cast<int>(i));
      }
      if (removable.empty() || uncovered.empty()) return k > 0;
      int demand = uncovered[rng_() % uncovered.size()];
      if (regional_ && last_in >= 0) {
        if (const int near = uncovered_near(last_in); near >= 0) demand = near;
      }
      const auto& set = st_.rc.sets[static_cast<std::size_t>(demand)];
      const int in = set[rng_() % set.size()];
      if (st_.is_open[static_cast<std::size_t>(in)] != 0) continue;
      int out = removable[rng_() % removable.size()];  // where no open post is near `in`
      if (regional_) {
        if (const std::vector<int>& near = open_posts_near(in); !near.empty())
          out = near[rng_() % near.size()];
      }
      st_.remove(out);
      st_.add(in);
      last_in = in;
      locked_.push_back(in);
      locked_.push_back(out);
      st_.set_lock_out(in, true);
      st_.lock_in[static_cast<std::size_t>(out)] = 1;
    }
    return true;
  }

  // A random uncovered demand sharing a candidate with one of the demands `c` covers (drawn
  // with multiplicity: a demand reached along more paths is likelier); -1 if none.
  int uncovered_near(int c) {
    reached_.clear();
    for (int d : st_.by_candidate[static_cast<std::size_t>(c)]) {
      for (int g : st_.rc.sets[static_cast<std::size_t>(d)]) {
        for (int d2 : st_.by_candidate[static_cast<std::size_t>(g)]) {
          if (st_.count[static_cast<std::size_t>(d2)] == 0) reached_.push_back(d2);
        }
      }
    }
    return reached_.empty() ? -1 : reached_[rng_() % reached_.size()];
  }

  // The removable open posts fewest steps from candidate `in` in the candidate–demand graph
  // (one step: sharing a demand), looking at most three steps out.
  const std::vector<int>& open_posts_near(int in) {
    const std::size_t m = st_.is_open.size();
    if (visit_mark_.size() != m) visit_mark_.assign(m, 0);
    ++visit_tick_;
    reached_.clear();
    frontier_.assign(1, in);
    visit_mark_[static_cast<std::size_t>(in)] = visit_tick_;
    for (int step = 0; step < 3 && reached_.empty(); ++step) {
      next_frontier_.clear();
      for (int c : frontier_) {
        for (int d : st_.by_candidate[static_cast<std::size_t>(c)]) {
          for (int g : st_.rc.sets[static_cast<std::size_t>(d)]) {
            const auto gu = static_cast<std::size_t>(g);
            if (visit_mark_[gu] == visit_tick_) continue;
            visit_mark_[gu] = visit_tick_;
            if (st_.is_open[gu] == 0) {
              next_frontier_.push_back(g);
            } else if (st_.is_fixed[gu] == 0) {
              reached_.push_back(g);
            }
          }
        }
      }
      frontier_.swap(next_frontier_);
    }
    return reached_;
  }

  void descend(Clock::time_point deadline) {
    greedy_fill(st_, p_);
    while (Clock::now() < deadline && st_.improve()) {
    }
    for (int f : locked_) {
      st_.lock_in[static_cast<std::size_t>(f)] = 0;
      if (st_.lock_out[static_cast<std::size_t>(f)] != 0) st_.set_lock_out(f, false);
    }
    locked_.clear();
    while (Clock::now() < deadline && st_.improve()) {
    }
  }

  double threshold() const {
    if (recent_.empty()) return -std::numeric_limits<double>::infinity();
    const double top = *std::max_element(recent_.begin(), recent_.end());
    const double mean =
        std::accumulate(recent_.begin(), recent_.end(), 0.0) / static_cast<double>(recent_.size());
    return top - eta_ * (top - mean);
  }

  void remember(double value) {
    if (recent_.size() == kWindow) recent_.erase(recent_.begin());
    recent_.push_back(value);
  }

  void restore(const std::vector<int>& target) { restore_in_order(st_, target, in_target_); }

  CoverState& st_;
  int p_;
  std::mt19937 rng_;
  int max_strength_;
  int patience_;
  bool regional_;
  double eta_ = 0.2;
  std::vector<double> recent_;
  std::vector<int> locked_;
  std::vector<char> in_target_;
  std::vector<int> reached_, frontier_, next_frontier_;
  std::vector<unsigned> visit_mark_;
  unsigned visit_tick_ = 0;
};

// Moves `st` to the posts `target` (with the fixed posts, which stay open).
void move_to(CoverState& st, const std::vector<int>& target) {
  for (int f : std::vector<int>(st.open)) {
    if (st.is_fixed[static_cast<std::size_t>(f)] == 0 &&
        std::find(target.begin(), target.end(), f) == target.end())
      st.remove(f);
  }
  for (int f : target) {
    if (st.is_open[static_cast<std::size_t>(f)] == 0) st.add(f);
  }
}

// One ILS run's end: its best solution.
struct RunEnd {
  int run = 0;
  double covered = 0;
  std::vector<int> open;
};

struct RestartedSearch {
  Clock::time_point found;  // when the best solution was found
  int runs = 0;
  // Every counted run's end, best first (on equal coverage, lowest run first: the same order on
  // any number of threads).
  std::vector<RunEnd> ends;
};

// Whether `st` covers every demand of its (reduced) model: then no search can do better, and
// the solution is optimal whatever bound a MIP would give.
bool covers_everything(const CoverState& st) {
  const double coverable = std::accumulate(st.rc.weight.begin(), st.rc.weight.end(), 0.0);
  return st.covered >= coverable - 1e-9 * std::max(1.0, coverable);
}

// Independent ILS runs from the same start with seeds seed, seed+1, …, started until
// `restart_by` (or `max_runs` of them if > 0), on `threads` cores at once; each ends when stalled
// or at `deadline`, and the best run's solution is left in `st` (on equal coverage, the run of
// the lowest seed: with a fixed count of runs that each end by themselves, the answer does not
// depend on the number of threads). Each run starts from the same state, posts in the same
// order, so that its path depends only on its seed; odd runs perturb regionally, even ones by
// scattered swaps (AdaptiveSearch::perturb). On large models where one run ends depends mostly
// on its random path: AILS San Francisco p=90, ILS alone, 12 seeds: 789 102 to 791 350
// (scattered); whole solves of 270 s, 15 seeds: 790 148 to the published optimum 791 562.
RestartedSearch restarted_ils(CoverState& st, int p, Clock::time_point restart_by, int max_runs,
                              Clock::time_point deadline, unsigned seed, int patience,
                              int threads) {
  const std::vector<int> start = st.open;
  std::mutex best_mutex;
  double best = -std::numeric_limits<double>::infinity();
  int best_run = -1;
  std::vector<int> best_open = start;
  Clock::time_point best_found = Clock::now();
  int runs = 0;
  std::vector<RunEnd> ends;
  std::atomic<int> next_run{0};
  // The lowest run that covered everything coverable: runs after it cannot do better, so they
  // are not started (or are cancelled and not counted) — on any number of threads the runs up to
  // it, and only those, count, as they would one after another.
  std::atomic<int> first_full{std::numeric_limits<int>::max()};
  const auto search = [&](CoverState& state) {
    std::vector<char> in_start;
    for (;;) {
      const int run = next_run.fetch_add(1);
      if (run > 0 && (run > first_full.load() ||
                      (max_runs > 0 ? run >= max_runs : Clock::now() >= restart_by)))
        return;
      restore_in_order(state, start, in_start);
      const auto found =
          AdaptiveSearch(state, p, seed + static_cast<unsigned>(run), patience, run % 2 == 1)
              .run(deadline, [&] { return run > first_full.load(); });
      if (run > first_full.load()) return;
      if (covers_everything(state)) {
        int seen = first_full.load();
        while (run < seen && !first_full.compare_exchange_weak(seen, run)) {
        }
      }
      const std::lock_guard lock(best_mutex);
      ++runs;
      ends.push_back({run, state.covered, state.open});
      if (state.covered > best + 1e-9 || (state.covered > best - 1e-9 && run < best_run)) {
        best = state.covered;
        best_run = run;
        best_open = state.open;
        best_found = found;
      }
    }
  };
  if (threads <= 1) {
    search(st);
  } else {
    tbb::task_arena arena(threads);
    arena.execute([&] {
      tbb::parallel_for(
          0, threads,
          [&](int) {
            CoverState state(st);
            search(state);
          },
          tbb::simple_partitioner());
    });
  }
  move_to(st, best_open);
  std::sort(ends.begin(), ends.end(), [](const RunEnd& a, const RunEnd& b) {
    return a.covered > b.covered + 1e-9 || (a.covered > b.covered - 1e-9 && a.run < b.run);
  });
  return {best_found, runs, std::move(ends)};
}

// Threads for the ILS runs: `requested`, or (0) the cores this process may use.
int ils_threads(int requested) {
  return requested > 0 ? requested : std::max(1, tbb::info::default_concurrency());
}

// Fruitless iterations before the ILS hands over. Small models go on to CBC, which proves them
// quickly. On large ones the ILS finds better solutions in bursts after long stalls (AILS San
// Francisco p=80: about 4 000 iterations between two new bests), while where it is stuck for
// good (New York: no new best in 50 000 iterations) the LNS should take over soon. Counted in
// iterations, not seconds: the same search on a faster descent (2026-12-04: 9×) hands over
// sooner in time and leaves the LNS and merging more (New York p=90 matched again).
int ils_patience(int p, bool large) {
  return large ? std::max(2000, 100 * p) : std::max(500, 20 * p);
}

// Share of the search budget in which large models start new ILS runs (see restarted_ils).
constexpr double kRestartShare = 0.4;

// Share of the search budget, at its end, for the region search and solution merging.
constexpr double kRegionShare = 0.4;

// Below this many (merged) demands CBC proves the reduced MIP within seconds (all 90 SJC
// instances, up to 818 demands), and the neighbourhood search would only delay it.
constexpr std::size_t kLnsMinDemands = 1500;

// [SECTION] MCLP: MIP

struct CoverMip {
  MipModel mip;
  std::vector<int> ycol;  // per candidate, -1 if not in the model
};

CoverMip reduced_mclp_mip(const ReducedCover& rc, std::size_t m, const Instance& inst, int p,
                          double beta) {
  CoverMip cm;
  cm.ycol.assign(m, -1);
  const auto fixed = ones_index(m, inst.fixed);
  for (const auto& s : rc.sets) {
    for (int j : s) {
      auto& y = cm.ycol[static_cast<std::size_t>(j)];
      if (y < 0) {
        y = cm.mip.add_binary(0);
        if (fixed[static_cast<std::size_t>(j)] != 0) cm.mip.fix(y, 1);
      }
    }
  }
  std::vector<int> cols;
  std::vector<double> coefs;
  for (std::size_t i = 0; i < rc.sets.size(); ++i) {
    cols.clear();
    coefs.clear();
    const int z = cm.mip.add_continuous(0, 1, -rc.weight[i]);
    cols.push_back(z);
    coefs.push_back(1);
    int z2 = -1;
    if (beta > 0) {
      z2 = cm.mip.add_continuous(0, 1, -beta * rc.weight[i]);
      cols.push_back(z2);
      coefs.push_back(1);
    }
    for (int j : rc.sets[i]) {
      cols.push_back(cm.ycol[static_cast<std::size_t>(j)]);
      coefs.push_back(-1);
    }
    cm.mip.add_row(cols, coefs, -kUnreachable, 0);
    if (z2 >= 0) {
      const int c2[2] = {z2, z};
      const double v2[2] = {1, -1};
      cm.mip.add_row(c2, v2, -kUnreachable, 0);
    }
  }
  cols.clear();
  coefs.clear();
  int fixed_in_model = 0;
  for (std::size_t j = 0; j < m; ++j) {
    if (cm.ycol[j] < 0) continue;
    cols.push_back(cm.ycol[j]);
    coefs.push_back(1);
    fixed_in_model += fixed[j];
  }
  // Fixed posts outside the model still use up their share of p.
  const int outside = static_cast<int>(inst.fixed.size()) - fixed_in_model;
  cm.mip.add_row(cols, coefs, -kUnreachable, p - outside);
  return cm;
}

// [SECTION] MCLP: the bound after the search

MipOptions final_mip_options(const MclpOptions& options, Clock::time_point t0) {
  return {.time_limit_s = std::max(1.0, options.time_limit_s - elapsed(t0)),
          .relative_gap = options.target_gap};
}

std::vector<std::pair<int, double>> mip_start(const CoverMip& cm, const std::vector<int>& open) {
  std::vector<std::pair<int, double>> start;
  for (int f : open) {
    if (cm.ycol[static_cast<std::size_t>(f)] >= 0)
      start.emplace_back(cm.ycol[static_cast<std::size_t>(f)], 1.0);
  }
  return start;
}

// The Lagrangian bound converges in a few seconds (San Francisco p=90: 24 000 iterations,
// 6.8 s); it gets at most a twentieth of the limit, and never more than what is left.
Clock::time_point lagrangian_deadline(Clock::time_point t0, Clock::time_point now, double limit_s) {
  const auto end =
      t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(limit_s));
  const auto share = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(std::max(1.0, limit_s / 20)));
  return std::min(end, now + share);
}

// CBC cannot be interrupted before its root LP is solved, so it starts only when that is
// likely to fit in the time left. The estimate is in units of the Lagrangian's own iterations
// (one pass over the model, timed on this machine, now): CBC's root took 34 s on the reduced
// San Francisco p=90 model, about 120 000 such passes.
double root_lp_seconds(const LagrangianBound& lag) {
  constexpr double kPassesPerRootLp = 120000;
  if (lag.iterations == 0) return 0;
  return kPassesPerRootLp * lag.seconds / lag.iterations;
}

double backup_value(const Coverage& cov, const Instance& inst, const std::vector<int>& open,
                    double beta, std::vector<int>* assignment, double* covered_once) {
  const auto mask = ones_index(cov.candidates, open);
  double v = 0, once = 0;
  if (assignment != nullptr) assignment->assign(cov.sets.size(), -1);
  for (std::size_t i = 0; i < cov.sets.size(); ++i) {
    int c = 0;
    for (int j : cov.sets[i]) {
      if (mask[static_cast<std::size_t>(j)] != 0) {
        if (c == 0 && assignment != nullptr) (*assignment)[i] = j;
        ++c;
      }
    }
    if (c >= 1) once += inst.weight_of(i);
    if (c >= 2) v += beta * inst.weight_of(i);
  }
  if (covered_once != nullptr) *covered_once = once;
  return v + once;
}

std::vector<int> uncoverable_of(const Coverage& cov) {
  std::vector<int> out;
  for (std::size_t i = 0; i < cov.sets.size(); ++i) {
    if (cov.sets[i].empty()) out.push_back(static_cast<int>(i));
  }
  return out;
}

// [SECTION] MCLP: the neighbourhood searches after the ILS

void check_search_counts(const MclpOptions& options) {
  const std::pair<const char*, int> counts[] = {{"ils_runs", options.ils_runs},
                                                {"deepen_runs", options.deepen_runs},
                                                {"threads", options.threads}};
  for (const auto& [name, value] : counts) {
    if (value < 0) {
      throw Error(ErrorCode::kBadParameter,
                  fmt::format("maximal covering: {} = {} must not be negative", name, value),
                  {.fix = fmt::format("give {} ≥ 1, or 0 to let the solver choose", name)});
    }
  }
}

// What the LNS and the region search made of one start.
struct Deepened {
  std::vector<int> open;
  double covered = 0;
  Clock::time_point found;
  std::string method;
};

// The LNS from `start` until `lns_end` (or stalled for `stall_seconds`), then the region search
// until `region_end`: moves of up to 40 posts solved by CBC, then regions of 28 solved by a
// short ILS (mclp_region.hpp).
Deepened deepen(const CoverModel& model, const std::vector<int>& fixed,
                const std::vector<int>& start, Clock::time_point lns_end,
                Clock::time_point region_end, unsigned seed, double stall_seconds,
                const ProgressTask* task) {
  const LnsResult lns = mclp_lns(
      model, fixed, start, lns_end,
      {.seed = seed, .plateau = true, .pass_fraction = 0.3, .stall_seconds = stall_seconds}, task);
  Deepened d{lns.open, lns.covered, lns.found,
             fmt::format("LNS ({} sub-MIPs, {} improving, {} rounds, {} plateau passes with {} "
                         "moves, last size {})",
                         lns.subproblems, lns.improvements, lns.rounds, lns.plateau_passes,
                         lns.plateau_moves, lns.last_free)};
  if (Clock::now() < region_end) {
    const RegionSearchResult region =
        mclp_region_search(model, fixed, d.open, region_end, {.seed = seed}, task);
    d.method +=
        fmt::format("+region search ({} regions, {} improving)", region.regions, region.improving);
    if (region.covered > d.covered + 1e-9) {
      d.open = region.open;
      d.covered = region.covered;
      d.found = region.found;
    }
  }
  return d;
}

// About what one start needs to go deep. AILS San Francisco p=100 (twelfth session): the LNS
// (180 s) and the region search (120 s) from the ends of the two best of eight other ILS runs
// reached 801 925 and 801 836, above the 801 816 that the product reached from its own best
// run: which basin goes deep matters as much as how deep it goes, and the best ILS end is not
// always the best basin.
constexpr double kDeepenSeconds = 240;

// With several starts deepened, solution merging keeps this share of the search budget.
constexpr double kMergeShareAfterStarts = 0.2;

// Of a deepened start's time, the LNS's share (the region search gets the rest): the
// twelfth session's runs above, 180 s and 120 s.
constexpr double kLnsShareOfStart = 0.6;

Clock::duration seconds_of(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

// The ILS runs' ends to deepen, best first, no two alike: `requested` of them, or (0) as many
// as the time left before merging gives kDeepenSeconds each, at least one. The first is always
// `best` (the solution left in the ILS's state), so one start is the search as it was before
// several were deepened.
std::vector<RunEnd> distinct_starts(const std::vector<RunEnd>& ends, const std::vector<int>& best,
                                    int requested, Clock::time_point heuristic_deadline,
                                    double budget_s) {
  const double window_s = std::chrono::duration<double>(heuristic_deadline - Clock::now()).count() -
                          kMergeShareAfterStarts * budget_s;
  const std::size_t wanted =
      requested > 0
          ? static_cast<std::size_t>(requested)
          : static_cast<std::size_t>(std::max(1.0, std::floor(window_s / kDeepenSeconds)));
  std::vector<RunEnd> starts{{.open = best}};
  std::vector<std::vector<int>> seen{best};
  std::sort(seen.back().begin(), seen.back().end());
  for (const RunEnd& e : ends) {
    if (starts.size() >= wanted) break;
    std::vector<int> key = e.open;
    std::sort(key.begin(), key.end());
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(std::move(key));
    starts.push_back(e);
  }
  return starts;
}

// Each start gets an equal slice of the time before the merging share: the LNS, then the region
// search. Returns what each start became, in start order.
std::vector<Deepened> deepen_each(const CoverModel& model, const std::vector<int>& fixed,
                                  const std::vector<RunEnd>& starts,
                                  Clock::time_point heuristic_deadline, double budget_s,
                                  unsigned seed, const ProgressTask* task) {
  const auto window_end = heuristic_deadline - seconds_of(kMergeShareAfterStarts * budget_s);
  const double slice_s =
      std::max(0.0, std::chrono::duration<double>(window_end - Clock::now()).count()) /
      static_cast<double>(starts.size());
  std::vector<Deepened> ends;
  for (const RunEnd& start : starts) {
    const auto begin = Clock::now();
    ends.push_back(deepen(model, fixed, start.open, begin + seconds_of(kLnsShareOfStart * slice_s),
                          begin + seconds_of(slice_s), seed, kLnsShareOfStart * slice_s / 2, task));
  }
  return ends;
}

// Largest part of two solutions' difference that relinking frees at once (CBC's nodes and
// seconds per part are the merge search's, MergeSearchOptions).
constexpr int kRelinkMaxFree = 40;

// The best deepened start (the earliest on equal coverage), relinked with each other one, best
// first: where two solutions differ, the parts that share no demand are each solved exactly, so
// the result keeps the better choice of every part — deep basins that differ in one district
// and agree elsewhere combine. The method lists every start's end.
Deepened relink_ends(const CoverModel& model, const std::vector<int>& fixed,
                     const std::vector<Deepened>& ends, Clock::time_point deadline) {
  std::vector<std::size_t> order(ends.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return ends[a].covered > ends[b].covered + 1e-9;
  });
  Deepened best = ends[order.front()];
  std::string listed;
  for (std::size_t k = 0; k < ends.size(); ++k)
    listed += fmt::format("{}{:.0f}", k == 0 ? "" : ", ", ends[k].covered);
  best.method = fmt::format("ends {}; best start {}: {}", listed, order.front() + 1, best.method);
  const MergeSearchOptions settings;
  int parts = 0, improving = 0;
  for (std::size_t k = 1; k < order.size() && Clock::now() < deadline; ++k) {
    const RelinkResult r =
        relink_by_parts(model, fixed, best.open, ends[order[k]].open, kRelinkMaxFree,
                        settings.relink_nodes, settings.relink_time_limit_s, deadline);
    parts += r.neighbourhoods;
    improving += r.improving;
    if (r.covered > best.covered + 1e-9) {
      best.open = r.open;
      best.covered = r.covered;
      best.found = Clock::now();
    }
  }
  best.method += fmt::format("; relinked with the others: {} parts, {} improving, {:.0f}", parts,
                             improving, best.covered);
  return best;
}

}  // namespace

Solution solve_mclp(const Coverage& coverage, const Instance& instance, int p,
                    const MclpOptions& options, Progress& progress) {
  const auto t0 = Clock::now();
  check_p(p, coverage.candidates, instance);
  check_search_counts(options);
  ProgressTask task(progress, "maximal covering", 3);
  const bool backup = options.backup_weight > 0;
  ReducedCover rc = reduce(coverage, instance, backup);
  if (!backup)
    drop_dominated(rc, coverage.candidates, ones_index(coverage.candidates, instance.fixed));
  Solution sol;
  sol.uncoverable = uncoverable_of(coverage);
  sol.method = "greedy+swap";
  CoverState st(rc, coverage.candidates, instance.fixed);
  greedy_fill(st, p);
  while (elapsed(t0) < options.time_limit_s && st.improve()) {
  }
  // Large models get three quarters of the limit for the search: there the MIP after it only
  // supplies the bound (its root), it has never improved the LNS's solution (AILS, 2026-11-23).
  const bool use_lns = !backup && options.neighbourhood_search && rc.sets.size() >= kLnsMinDemands;
  const double budget_s =
      std::min(options.heuristic_seconds >= 0 ? options.heuristic_seconds
                                              : (use_lns ? 0.75 : 0.5) * options.time_limit_s,
               options.time_limit_s);
  const auto heuristic_deadline =
      t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(budget_s));
  sol.heuristic_best_s = elapsed(t0);
  if (budget_s > 0) {
    sol.method = "greedy+swap+ILS";
    // The ILS stops after a run of fruitless perturbations; on large models new runs start
    // from the greedy solution while in the first 40 % of the budget, and the best run's
    // solution goes to the large neighbourhood search, which moves many posts at once where
    // swaps stall.
    // The region search, then solution merging, always get the last two fifths of the budget:
    // the ILS and the LNS stop there at the latest. (AILS, all twelve, tenth session: no best
    // was found after 232 s of 450, by the LNS or by merging.)
    const auto merge_start =
        heuristic_deadline - std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(kRegionShare * budget_s));
    const auto restart_by =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(kRestartShare * budget_s));
    const RestartedSearch ils =
        restarted_ils(st, p, restart_by, use_lns ? options.ils_runs : 1,
                      use_lns ? merge_start : heuristic_deadline, options.seed,
                      ils_patience(p, use_lns), use_lns ? ils_threads(options.threads) : 1);
    if (ils.runs > 1) sol.method += fmt::format(" ({} runs)", ils.runs);
    sol.heuristic_best_s = std::chrono::duration<double>(ils.found - t0).count();
    sol.ils_objective = st.covered;
    // Once everything coverable is covered the neighbourhood search and merging cannot improve
    // anything; they would only run out the budget (three quarters of the time limit).
    if (use_lns && !covers_everything(st) && Clock::now() < heuristic_deadline) {
      task.update(1);
      const CoverModel model{rc.sets, rc.weight, coverage.candidates};
      const std::vector<RunEnd> starts =
          distinct_starts(ils.ends, st.open, options.deepen_runs, heuristic_deadline, budget_s);
      Deepened best;
      std::vector<std::vector<int>> other_ends;
      if (starts.size() == 1) {
        // The region search and solution merging (other local optima near the LNS's best,
        // combined exactly) get the last two fifths of the budget, or more once the LNS has
        // gone half the budget, and as long again as its last improvement took, without a
        // better solution. AILS New York: handing over after a quarter or a third of the budget
        // stopped the LNS before its last improvement, which merging then reached only
        // 115-210 s later than the LNS alone (before the region search; the LNS now stops at
        // three fifths).
        best = deepen(model, instance.fixed, st.open, merge_start, heuristic_deadline, options.seed,
                      budget_s / 2, &task);
        sol.method += "+" + best.method;
        if (options.on_deepened) options.on_deepened(best.open, rc.constant + best.covered);
      } else {
        const std::vector<Deepened> ends = deepen_each(
            model, instance.fixed, starts, heuristic_deadline, budget_s, options.seed, &task);
        best = relink_ends(model, instance.fixed, ends, heuristic_deadline);
        sol.method += fmt::format("+{} runs deepened ({})", starts.size(), best.method);
        for (const Deepened& d : ends) {
          if (d.open != best.open) other_ends.push_back(d.open);
          if (options.on_deepened) options.on_deepened(d.open, rc.constant + d.covered);
        }
      }
      auto found_at = best.found;
      if (Clock::now() < heuristic_deadline) {
        const MergeSearchResult merge =
            mclp_merge_search(model, instance.fixed, best.open, heuristic_deadline,
                              {.seed = options.seed, .elites = std::move(other_ends)}, &task);
        sol.method += fmt::format(
            "+merging ({} restarts, {} merges, {} improving, {} plateau moves, union up to {})",
            merge.restarts, merge.merges, merge.improving_merges + merge.improving_restarts,
            merge.plateau_moves, merge.largest_union);
        if (merge.covered > best.covered + 1e-9) {
          best.open = merge.open;
          best.covered = merge.covered;
          found_at = merge.found;
        }
      }
      if (best.covered > covered_weight(model, st.open) + 1e-9) {
        move_to(st, best.open);
        sol.heuristic_best_s = std::chrono::duration<double>(found_at - t0).count();
      }
    }
  }
  task.update(2);
  std::vector<int> open = st.open;
  sol.best_found_s = sol.heuristic_best_s;
  double bound = std::numeric_limits<double>::infinity();
  double best = backup_value(coverage, instance, open, options.backup_weight, nullptr, nullptr);
  sol.heuristic_objective = best;
  if (!backup && covers_everything(st)) {
    // Optimal: the bound is what it covers. No MIP is needed to prove it.
    bound = best;
    sol.method += ", everything coverable covered";
  } else if (options.exact && elapsed(t0) < options.time_limit_s) {
    CoverMip cm = reduced_mclp_mip(rc, coverage.candidates, instance, p, options.backup_weight);
    std::optional<MipResult> r;
    if (use_lns) {
      const CoverModel model{rc.sets, rc.weight, coverage.candidates};
      const LagrangianBound lag =
          mclp_lagrangian_bound(model, instance.fixed, p, best - rc.constant,
                                lagrangian_deadline(t0, Clock::now(), options.time_limit_s));
      bound = rc.constant + lag.value;
      sol.method += fmt::format(", Lagrangian bound ({} iterations)", lag.iterations);
      const double left = options.time_limit_s - elapsed(t0);
      if (bound > best + 1e-9 * std::max(1.0, best) && left >= root_lp_seconds(lag)) {
        MipOptions mo = final_mip_options(options, t0);
        mo.cutoff = rc.constant - best;
        mo.heuristics = false;
        r = cm.mip.solve(mo);
      }
    } else {
      r = cm.mip.solve(final_mip_options(options, t0), mip_start(cm, open));
    }
    if (r) {
      sol.method += ", reduced MIP (cbc)";
      if (std::abs(r->bound) < 1e40) bound = std::min(bound, rc.constant - r->bound);
      if (!r->x.empty() && rc.constant - r->objective > best + 1e-9) {
        open.clear();
        for (std::size_t j = 0; j < coverage.candidates; ++j) {
          if (cm.ycol[j] >= 0 && r->x[static_cast<std::size_t>(cm.ycol[j])] > 0.5)
            open.push_back(static_cast<int>(j));
        }
        for (int f : instance.fixed) {
          if (std::find(open.begin(), open.end(), f) == open.end()) open.push_back(f);
        }
        best = backup_value(coverage, instance, open, options.backup_weight, nullptr, nullptr);
        // CBC does not say when it found it: its end is the honest upper bound.
        sol.best_found_s = elapsed(t0);
      }
      // Optimal, or (with the incumbent as cutoff) proven that nothing is better.
      if (r->status == MipResult::Status::kOptimal || r->status == MipResult::Status::kInfeasible)
        bound = best;
    }
  } else {
    // Without the MIP the bound is the trivial one: everything coverable (twice, with backup).
    bound = 0;
    for (std::size_t i = 0; i < coverage.sets.size(); ++i) {
      if (!coverage.sets[i].empty())
        bound +=
            instance.weight_of(i) * (1 + (coverage.sets[i].size() > 1 ? options.backup_weight : 0));
    }
  }
  task.update(3);
  std::sort(open.begin(), open.end());
  sol.open = open;
  sol.objective =
      backup_value(coverage, instance, open, options.backup_weight, &sol.assignment, nullptr);
  sol.bound = std::max(bound, sol.objective);
  sol.proven_optimal = sol.bound <= sol.objective + 1e-9 * std::max(1.0, sol.objective);
  sol.seconds = elapsed(t0);
  return sol;
}

MipModel full_mclp_model(const Coverage& coverage, const Instance& instance, int p) {
  MipModel mip;
  std::vector<int> y(coverage.candidates);
  for (auto& c : y) c = mip.add_binary(0);
  for (int f : instance.fixed) mip.fix(y[static_cast<std::size_t>(f)], 1);
  for (std::size_t i = 0; i < coverage.sets.size(); ++i) {
    std::vector<int> cols{mip.add_binary(-instance.weight_of(i))};
    std::vector<double> coefs{1};
    for (int j : coverage.sets[i]) {
      cols.push_back(y[static_cast<std::size_t>(j)]);
      coefs.push_back(-1);
    }
    mip.add_row(cols, coefs, -kUnreachable, 0);
  }
  std::vector<double> ones(y.size(), 1.0);
  mip.add_row(y, ones, p, p);
  return mip;
}

// [SECTION] LSCP

namespace {

std::vector<int> greedy_cover(const Coverage& cov, const std::vector<char>& active, int level,
                              const std::vector<int>& fixed) {
  std::vector<std::vector<int>> by_candidate(cov.candidates);
  for (std::size_t i = 0; i < cov.sets.size(); ++i) {
    if (active[i] == 0) continue;
    for (int j : cov.sets[i])
      by_candidate[static_cast<std::size_t>(j)].push_back(static_cast<int>(i));
  }
  std::vector<int> need(cov.sets.size(), 0);
  for (std::size_t i = 0; i < need.size(); ++i) need[i] = active[i] != 0 ? level : 0;
  std::vector<char> is_open(cov.candidates, 0);
  std::vector<int> open;
  auto add = [&](int f) {
    is_open[static_cast<std::size_t>(f)] = 1;
    open.push_back(f);
    for (int i : by_candidate[static_cast<std::size_t>(f)]) {
      if (need[static_cast<std::size_t>(i)] > 0) --need[static_cast<std::size_t>(i)];
    }
  };
  for (int f : fixed) add(f);
  for (;;) {
    int best = 0, best_f = -1;
    for (std::size_t f = 0; f < cov.candidates; ++f) {
      if (is_open[f] != 0) continue;
      int g = 0;
      for (int i : by_candidate[f]) g += need[static_cast<std::size_t>(i)] > 0 ? 1 : 0;
      if (g > best) {
        best = g;
        best_f = static_cast<int>(f);
      }
    }
    if (best_f < 0) break;
    add(best_f);
  }
  return open;
}

}  // namespace

Solution solve_lscp(const Coverage& coverage, const Instance& instance,
                    const LscpOptions& options) {
  const auto t0 = Clock::now();
  if (options.level < 1) {
    throw Error(ErrorCode::kBadParameter, "coverage level must be 1 or more",
                {.fix = "use 1, or 2 for backup"});
  }
  Solution sol;
  sol.method = "greedy + MIP (cbc)";
  const std::size_t n = coverage.sets.size(), m = coverage.candidates;
  std::vector<char> active(n, 1);
  for (std::size_t i = 0; i < n; ++i) {
    if (static_cast<int>(coverage.sets[i].size()) < options.level) {
      active[i] = 0;
      sol.uncoverable.push_back(static_cast<int>(i));
    }
  }
  const auto fixed = ones_index(m, instance.fixed);
  const bool cap = instance.capacitated();
  MipModel mip;
  std::vector<int> y(m);
  for (std::size_t j = 0; j < m; ++j) {
    y[j] = mip.add_binary(1.0);
    if (fixed[j] != 0) mip.fix(y[j], 1);
  }
  std::vector<std::vector<std::pair<int, int>>> xs(m);  // candidate → (demand, x col)
  for (std::size_t i = 0; i < n; ++i) {
    if (active[i] == 0) continue;
    std::vector<int> cols;
    std::vector<double> coefs;
    for (int j : coverage.sets[i]) {
      if (cap) {
        const int x = mip.add_binary(0);
        const int link[2] = {x, y[static_cast<std::size_t>(j)]};
        const double lc[2] = {1, -1};
        mip.add_row(link, lc, -kUnreachable, 0);
        xs[static_cast<std::size_t>(j)].emplace_back(static_cast<int>(i), x);
        cols.push_back(x);
      } else {
        cols.push_back(y[static_cast<std::size_t>(j)]);
      }
      coefs.push_back(1);
    }
    if (cap)
      mip.add_row(cols, coefs, 1, 1);
    else
      mip.add_row(cols, coefs, options.level, kUnreachable);
  }
  if (cap) {
    if (options.level > 1) {
      throw Error(ErrorCode::kBadParameter, "backup coverage with capacities is not supported",
                  {.fix = "use level 1 with capacities, or drop the capacities"});
    }
    for (std::size_t j = 0; j < m; ++j) {
      const int c = j < instance.capacity.size() ? instance.capacity[j] : 0;
      if (c <= 0 || xs[j].empty()) continue;
      std::vector<int> cols;
      std::vector<double> coefs;
      for (const auto& [i, x] : xs[j]) {
        cols.push_back(x);
        coefs.push_back(1);
      }
      cols.push_back(y[j]);
      coefs.push_back(-c);
      mip.add_row(cols, coefs, -kUnreachable, 0);
    }
  }
  std::vector<std::pair<int, double>> start;
  if (!cap) {
    for (int f : greedy_cover(coverage, active, options.level, instance.fixed))
      start.emplace_back(y[static_cast<std::size_t>(f)], 1.0);
  }
  const MipResult r = mip.solve({.time_limit_s = options.time_limit_s}, start);
  sol.seconds = elapsed(t0);
  if (r.status == MipResult::Status::kInfeasible || r.x.empty()) {
    sol.feasible = false;
    sol.note = r.status == MipResult::Status::kInfeasible
                   ? "the capacities make it impossible to cover every school: no set of posts "
                     "can serve them all"
                   : "no cover found within the time limit";
    sol.bound = r.bound;
    return sol;
  }
  sol.assignment.assign(n, -1);
  for (std::size_t j = 0; j < m; ++j) {
    if (r.x[static_cast<std::size_t>(y[j])] > 0.5) sol.open.push_back(static_cast<int>(j));
  }
  if (cap) {
    for (std::size_t j = 0; j < m; ++j) {
      for (const auto& [i, x] : xs[j]) {
        if (r.x[static_cast<std::size_t>(x)] > 0.5)
          sol.assignment[static_cast<std::size_t>(i)] = static_cast<int>(j);
      }
    }
  } else {
    const auto open_mask = ones_index(m, sol.open);
    for (std::size_t i = 0; i < n; ++i) {
      for (int j : coverage.sets[i]) {
        if (open_mask[static_cast<std::size_t>(j)] != 0) {
          sol.assignment[i] = j;
          break;
        }
      }
    }
  }
  sol.objective = static_cast<double>(sol.open.size());
  sol.bound = std::ceil(r.bound - 1e-6);
  sol.proven_optimal = r.status == MipResult::Status::kOptimal;
  if (sol.proven_optimal) sol.bound = sol.objective;
  return sol;
}

// [SECTION] p-center

Solution solve_p_center(const CostMatrix& cost, const Instance& instance, int p,
                        const PCenterOptions& options) {
  const auto t0 = Clock::now();
  check_p(p, cost.candidates(), instance);
  const std::size_t n = cost.demands(), m = cost.candidates();
  // Lower bound: every demand must reach its nearest candidate.
  double lo = 0;
  std::vector<double> values;
  for (std::size_t i = 0; i < n; ++i) {
    double nearest = kUnreachable;
    for (std::size_t j = 0; j < m; ++j) {
      const double d = cost(i, j);
      if (std::isfinite(d)) {
        values.push_back(d);
        nearest = std::min(nearest, d);
      }
    }
    if (!std::isfinite(nearest)) {
      throw Error(ErrorCode::kBadValue,
                  fmt::format("demand point {} is unreachable from every candidate site", i),
                  {.fix = "add a candidate site that reaches it, or check the travel-time source"});
    }
    lo = std::max(lo, nearest);
  }
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  // Upper bound from the p-median heuristic's solution (a good spread of posts).
  PMedianOptions po{.time_limit_s = std::max(1.0, options.time_limit_s / 10),
                    .exact = false,
                    .max_lagrangian_iterations = 0};
  Solution start = solve_p_median(cost, instance, p, po);
  auto worst_of = [&](const std::vector<int>& open) {
    double w = 0;
    for (std::size_t i = 0; i < n; ++i) {
      double best = kUnreachable;
      for (int f : open) best = std::min(best, cost(i, static_cast<std::size_t>(f)));
      w = std::max(w, best);
    }
    return w;
  };
  std::vector<int> best_open = start.open;
  double hi = worst_of(best_open);
  Solution sol;
  sol.method = "bisection over costs, LSCP per step (cbc)";
  // Binary search over the distinct costs in [lo, hi): is there a cover with ≤ p posts?
  auto lo_it = std::lower_bound(values.begin(), values.end(), lo);
  auto hi_it = std::lower_bound(values.begin(), values.end(), hi);
  std::size_t a = static_cast<std::size_t>(lo_it - values.begin());
  std::size_t b = static_cast<std::size_t>(hi_it - values.begin());  // values[b] == hi feasible
  bool timed_out = false;
  while (a < b) {
    const std::size_t mid = (a + b) / 2;
    const double remaining = options.time_limit_s - elapsed(t0);
    if (remaining <= 0) {
      timed_out = true;
      break;
    }
    const Coverage cov = coverage_within(cost, values[mid]);
    const Solution c = solve_lscp(cov, instance, {.time_limit_s = remaining});
    if (c.feasible && static_cast<int>(c.open.size()) <= p && c.uncoverable.empty()) {
      b = mid;
      best_open = c.open;
    } else if (c.proven_optimal || (c.feasible && c.bound > p) || !c.uncoverable.empty()) {
      a = mid + 1;
    } else {
      timed_out = true;
      break;
    }
  }
  // Pad with unused candidates so exactly p posts are reported, as the model states.
  std::vector<char> used(m, 0);
  for (int f : best_open) used[static_cast<std::size_t>(f)] = 1;
  for (std::size_t j = 0; j < m && static_cast<int>(best_open.size()) < p; ++j) {
    if (used[j] == 0) best_open.push_back(static_cast<int>(j));
  }
  std::sort(best_open.begin(), best_open.end());
  sol.open = best_open;
  p_median_cost(cost, instance, sol.open, &sol.assignment);
  sol.objective = worst_of(sol.open);
  sol.bound = values[a];
  sol.proven_optimal = !timed_out && sol.bound >= sol.objective;
  if (sol.proven_optimal) sol.bound = sol.objective;
  sol.seconds = elapsed(t0);
  return sol;
}

}  // namespace huxiao::deploy
