#pragma once
// The bookkeeping both MCLP local searches keep move by move — the swap descent of the iterated
// local search (covering.cpp) and the guided local search (mclp_gls.cpp) — in one place: they
// kept two copies of it, and one of them once lost the scores' starting values unnoticed.
//
// Per demand the number of open posts covering it and the sum of their indices: when the count
// is 1 that sum *is* the single covering post, which makes a swap's evaluation O(|cov(f)|). Per
// candidate a score: for a closed one the weight it would newly cover, for an open one minus
// the weight only it covers. Scores are counted in `score_weight` (the demand weights, or the
// guided search's penalised ones), `covered` always in the true weights.

#include <algorithm>
#include <cstddef>
#include <vector>

namespace huxiao::deploy {

// What a move changed, for searches that keep more than the tally: each hook is called with a
// demand or a post index. The defaults do nothing.
struct TallyHooks {
  void on_covered(std::size_t /*demand*/) {}    // its count went 0 → 1
  void on_uncovered(std::size_t /*demand*/) {}  // its count went 1 → 0
  // Its count crossed 0↔1 or 1↔2: the post covering it alone (if any) changed.
  void on_sole_cover_changed(std::size_t /*demand*/) {}
  void on_loss_changed(std::size_t /*post*/) {}  // an open post's sole coverage changed
};

class CoverTally {
 public:
  // `sets`: demand → candidates covering it. The three vectors must outlive the tally;
  // `score_weight` may change between moves if the caller mends the scores (penalties do).
  CoverTally(const std::vector<std::vector<int>>& sets, std::size_t candidates,
             const std::vector<double>& weight, const std::vector<double>& score_weight)
      : by_candidate(candidates),
        count(sets.size(), 0),
        owner_sum(sets.size(), 0),
        score(candidates, 0.0),
        is_open(candidates, 0),
        sets_(sets),
        weight_(weight),
        score_weight_(score_weight) {
    for (std::size_t i = 0; i < sets.size(); ++i) {
      for (int j : sets[i]) {
        by_candidate[at(j)].push_back(static_cast<int>(i));
        score[at(j)] += score_weight[i];  // nothing is covered yet
      }
    }
  }

  template <class Hooks>
  void add(int f, Hooks& hooks) {
    is_open[at(f)] = 1;
    open.push_back(f);
    double own = 0;
    for (int i : by_candidate[at(f)]) {
      const auto iu = at(i);
      const double w = score_weight_[iu];
      const int before = count[iu]++;
      owner_sum[iu] += f;
      if (before == 0) {
        covered += weight_[iu];
        hooks.on_covered(iu);
        for (int g : sets_[iu]) score[at(g)] -= w;
        own -= w;
      } else if (before == 1) {
        const auto o = static_cast<std::size_t>(owner_sum[iu] - f);
        score[o] += w;
        hooks.on_loss_changed(o);
      }
      if (before <= 1) hooks.on_sole_cover_changed(iu);
    }
    score[at(f)] = own;
  }

  template <class Hooks>
  void remove(int f, Hooks& hooks) {
    is_open[at(f)] = 0;
    open.erase(std::find(open.begin(), open.end(), f));
    double own = 0;
    for (int i : by_candidate[at(f)]) {
      const auto iu = at(i);
      const double w = score_weight_[iu];
      const int after = --count[iu];
      owner_sum[iu] -= f;
      if (after == 0) {
        covered -= weight_[iu];
        hooks.on_uncovered(iu);
        for (int g : sets_[iu]) score[at(g)] += w;
        own += w;
      } else if (after == 1) {
        const auto o = static_cast<std::size_t>(owner_sum[iu]);
        score[o] -= w;
        hooks.on_loss_changed(o);
      }
      if (after <= 1) hooks.on_sole_cover_changed(iu);
    }
    score[at(f)] = own;
  }

  // Score weight a closed candidate would newly cover.
  double gain(int f) const { return score[at(f)]; }
  // Score weight only an open post covers.
  double loss(int f) const { return -score[at(f)]; }

  std::vector<std::vector<int>> by_candidate;  // candidate → demands it covers
  std::vector<int> count;                      // per demand: open posts covering it
  std::vector<long long> owner_sum;            // per demand: sum of their indices
  std::vector<double> score;
  std::vector<char> is_open;
  std::vector<int> open;
  double covered = 0;  // true weight of the demands covered

 private:
  static std::size_t at(int index) { return static_cast<std::size_t>(index); }

  const std::vector<std::vector<int>>& sets_;
  const std::vector<double>& weight_;
  const std::vector<double>& score_weight_;
};

}  // namespace huxiao::deploy
