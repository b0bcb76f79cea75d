#include "deploy/mclp_gls.hpp"

#include <algorithm>
#include <numeric>

#include "deploy/mclp_tally.hpp"

namespace huxiao::deploy {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::int64_t kClockEvery = 64;  // steps between looks at the clock and cancel flag

// The search state: the cover tally (deploy/mclp_tally) with its scores counted in search
// weights, the penalties, and the list of uncovered demands (the candidates for a penalty).
class GuidedSearch {
 public:
  GuidedSearch(const CoverModel& model, const std::vector<int>& fixed, const std::vector<int>& open,
               const GlsOptions& options)
      : model_(model),
        search_weight_(model.weight),
        tally_(model.sets, model.candidates, model.weight, search_weight_),
        penalties_(model.sets.size(), 0),
        uncovered_position_(model.sets.size(), -1),
        correction_(model.candidates, 0.0),
        is_fixed_(model.candidates, 0) {
    for (std::size_t i = 0; i < model.sets.size(); ++i) {
      if (!model.sets[i].empty()) mark_uncovered(i);
    }
    const double total = std::accumulate(model.weight.begin(), model.weight.end(), 0.0);
    const double mean =
        model.weight.empty() ? 1.0 : total / static_cast<double>(model.weight.size());
    penalty_step_ = options.penalty * mean;
    for (int f : fixed) is_fixed_[at(f)] = 1;
    for (int f : open) add(f);
    update_cheapest();
  }

  GlsResult run(Clock::time_point deadline, const GlsOptions& options, const ProgressTask* task) {
    GlsResult result{tally_.open, tally_.covered, 0, 0, 0, 0, Clock::now()};
    std::int64_t since_best = 0;
    for (std::int64_t step = 1; options.max_steps == 0 || step <= options.max_steps; ++step) {
      if (options.patience > 0 && since_best >= options.patience) break;
      if (step % kClockEvery == 0) {
        if (task != nullptr) task->check_cancel();
        if (Clock::now() >= deadline) break;
      }
      if (uncovered_.empty()) break;  // everything coverable is covered
      result.steps = step;
      ++since_best;
      if (!swap_best()) {
        if (!penalise()) break;
        ++result.penalties;
        continue;
      }
      ++result.swaps;
      if (tally_.covered > result.covered + 1e-9) {
        result.covered = tally_.covered;
        result.open = tally_.open;
        result.found = Clock::now();
        ++result.improvements;
        since_best = 0;
      }
    }
    std::sort(result.open.begin(), result.open.end());
    return result;
  }

 private:
  static std::size_t at(int index) { return static_cast<std::size_t>(index); }

  // The swap (in, out) that gains most in search weights, if it gains. Opening `in` saves the
  // demands covered once by `out` that `in` also covers: the correction, found per `in` in
  // O(its demands); otherwise the best `out` is the cheapest open post.
  bool swap_best() {
    double best = 1e-9;
    int best_in = -1, best_out = -1;
    for (std::size_t f = 0; f < tally_.score.size(); ++f) {
      if (tally_.is_open[f] != 0 || tally_.score[f] <= best)
        continue;  // a swap gains at most tally_.score[f]
      touched_.clear();
      for (int i : tally_.by_candidate[f]) {
        if (tally_.count[at(i)] != 1) continue;
        const auto owner = static_cast<std::size_t>(tally_.owner_sum[at(i)]);
        if (correction_[owner] == 0) touched_.push_back(static_cast<int>(owner));
        correction_[owner] += search_weight_[at(i)];
      }
      if (cheapest_ >= 0 && tally_.score[f] + tally_.score[at(cheapest_)] > best) {
        best = tally_.score[f] + tally_.score[at(cheapest_)];
        best_in = static_cast<int>(f);
        best_out = cheapest_;
      }
      for (int r : touched_) {
        const double gain = tally_.score[f] + tally_.score[at(r)] + correction_[at(r)];
        if (is_fixed_[at(r)] == 0 && gain > best) {
          best = gain;
          best_in = static_cast<int>(f);
          best_out = r;
        }
        correction_[at(r)] = 0;
      }
    }
    if (best_in < 0) return false;
    remove(best_out);
    add(best_in);
    update_cheapest();
    return true;
  }

  // At a local optimum of the search weights: the uncovered demand(s) of most utility get a
  // penalty. False when there is nothing left to penalise.
  bool penalise() {
    double top = -1;
    for (int i : uncovered_) top = std::max(top, utility(at(i)));
    if (top < 0) return false;
    for (int i : uncovered_) {
      const auto iu = at(i);
      if (utility(iu) < top) continue;
      ++penalties_[iu];
      search_weight_[iu] += penalty_step_;
      for (int g : model_.sets[iu]) tally_.score[at(g)] += penalty_step_;
    }
    return true;
  }

  double utility(std::size_t demand) const {
    return model_.weight[demand] / (1.0 + penalties_[demand]);
  }

  void update_cheapest() {
    cheapest_ = -1;
    for (int f : tally_.open) {
      if (is_fixed_[at(f)] != 0) continue;
      if (cheapest_ < 0 || tally_.score[at(f)] > tally_.score[at(cheapest_)]) cheapest_ = f;
    }
  }

  // The tally's hooks: the list of uncovered demands follows the counts.
  struct Hooks : TallyHooks {
    GuidedSearch& search;
    void on_covered(std::size_t demand) { search.mark_covered(demand); }
    void on_uncovered(std::size_t demand) { search.mark_uncovered(demand); }
  };

  void add(int f) {
    Hooks hooks{{}, *this};
    tally_.add(f, hooks);
  }

  void remove(int f) {
    Hooks hooks{{}, *this};
    tally_.remove(f, hooks);
  }

  void mark_uncovered(std::size_t demand) {
    uncovered_position_[demand] = static_cast<int>(uncovered_.size());
    uncovered_.push_back(static_cast<int>(demand));
  }

  void mark_covered(std::size_t demand) {
    const int position = uncovered_position_[demand];
    const int last = uncovered_.back();
    uncovered_[at(position)] = last;
    uncovered_position_[at(last)] = position;
    uncovered_.pop_back();
    uncovered_position_[demand] = -1;
  }

  const CoverModel& model_;
  std::vector<double> search_weight_;  // before tally_, which counts its scores in it
  CoverTally tally_;
  std::vector<double> penalties_;
  std::vector<int> uncovered_, uncovered_position_;
  std::vector<double> correction_;
  std::vector<char> is_fixed_;
  std::vector<int> touched_;
  double penalty_step_ = 1;
  int cheapest_ = -1;
};

}  // namespace

GlsResult mclp_gls(const CoverModel& model, const std::vector<int>& fixed,
                   const std::vector<int>& open, Clock::time_point deadline,
                   const GlsOptions& options, const ProgressTask* task) {
  GuidedSearch search(model, fixed, open, options);
  return search.run(deadline, options, task);
}

}  // namespace huxiao::deploy
