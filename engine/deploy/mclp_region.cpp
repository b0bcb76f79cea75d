#include "deploy/mclp_region.hpp"

#include <algorithm>
#include <numeric>
#include <random>

#include "deploy/covering.hpp"
#include "deploy/mclp_kernel.hpp"

namespace huxiao::deploy {

namespace {

using Clock = std::chrono::steady_clock;

std::size_t at(int i) {
  return static_cast<std::size_t>(i);
}

// The sub-MCLP of a region: demands no kept post covers, and the candidates (not kept) that
// cover a demand of a freed post, renumbered; `candidate_of` maps back.
struct RegionModel {
  Coverage coverage;
  Instance instance;
  std::vector<int> candidate_of;
};

RegionModel region_model(const CoverModel& model, const std::vector<std::vector<int>>& by_candidate,
                         const std::vector<char>& kept, const std::vector<int>& freed) {
  RegionModel region;
  std::vector<int> local(model.candidates, -1);
  // The freed posts first, so that there are always as many candidates as posts (a post that
  // covers nothing is a candidate of no demand).
  for (int f : freed) {
    local[at(f)] = static_cast<int>(region.candidate_of.size());
    region.candidate_of.push_back(f);
  }
  for (int f : freed) {
    for (int i : by_candidate[at(f)]) {
      for (int c : model.sets[at(i)]) {
        if (local[at(c)] >= 0 || kept[at(c)] != 0) continue;
        local[at(c)] = static_cast<int>(region.candidate_of.size());
        region.candidate_of.push_back(c);
      }
    }
  }
  region.coverage.candidates = region.candidate_of.size();
  std::vector<char> seen(model.sets.size(), 0);
  for (int c : region.candidate_of) {
    for (int i : by_candidate[at(c)]) {
      if (seen[at(i)] != 0) continue;
      seen[at(i)] = 1;
      const auto& set = model.sets[at(i)];
      if (std::any_of(set.begin(), set.end(), [&](int j) { return kept[at(j)] != 0; })) continue;
      std::vector<int> local_set;
      for (int j : set) {
        if (local[at(j)] >= 0) local_set.push_back(local[at(j)]);
      }
      region.coverage.sets.push_back(std::move(local_set));
      region.instance.weight.push_back(model.weight[at(i)]);
    }
  }
  return region;
}

std::vector<int> solve_region_with(const CoverModel& model,
                                   const std::vector<std::vector<int>>& by_candidate,
                                   const std::vector<char>& is_fixed, const std::vector<int>& open,
                                   int centre, int region_posts, double seconds, unsigned seed) {
  const std::vector<std::vector<int>> neighbours = post_neighbours(model, open);
  std::vector<int> freed;
  for (int k : nearest_posts(neighbours, centre, static_cast<std::size_t>(region_posts))) {
    if (is_fixed[at(open[at(k)])] == 0) freed.push_back(open[at(k)]);
  }
  if (freed.empty()) return open;
  std::vector<char> kept(model.candidates, 0);
  for (int f : open) kept[at(f)] = 1;
  for (int f : freed) kept[at(f)] = 0;
  const RegionModel region = region_model(model, by_candidate, kept, freed);
  if (region.coverage.sets.empty()) return open;
  const Solution sub = solve_mclp(region.coverage, region.instance, static_cast<int>(freed.size()),
                                  {.time_limit_s = seconds,
                                   .exact = false,
                                   .heuristic_seconds = seconds,
                                   .seed = seed,
                                   .threads = 1,
                                   .neighbourhood_search = false});
  std::vector<int> result;
  for (int f : open) {
    if (kept[at(f)] != 0) result.push_back(f);
  }
  for (int j : sub.open) result.push_back(region.candidate_of[at(j)]);
  std::sort(result.begin(), result.end());
  result.erase(std::unique(result.begin(), result.end()), result.end());
  if (result.size() != open.size()) return open;  // fewer posts than freed: keep the incumbent
  return covered_weight(model, result) > covered_weight(model, open) + 1e-9 ? result : open;
}

std::vector<char> mask_of(std::size_t m, const std::vector<int>& posts) {
  std::vector<char> mask(m, 0);
  for (int f : posts) mask[at(f)] = 1;
  return mask;
}

}  // namespace

std::vector<int> solve_region(const CoverModel& model, const std::vector<int>& fixed,
                              const std::vector<int>& open, int centre, int region_posts,
                              double seconds, unsigned seed) {
  return solve_region_with(model, demands_by_candidate(model), mask_of(model.candidates, fixed),
                           open, centre, region_posts, seconds, seed);
}

RegionSearchResult mclp_region_search(const CoverModel& model, const std::vector<int>& fixed,
                                      std::vector<int> open, Clock::time_point deadline,
                                      const RegionSearchOptions& options,
                                      const ProgressTask* task) {
  std::sort(open.begin(), open.end());
  RegionSearchResult out{open, covered_weight(model, open), 0, 0, Clock::now()};
  const std::vector<std::vector<int>> by_candidate = demands_by_candidate(model);
  const std::vector<char> is_fixed = mask_of(model.candidates, fixed);
  std::mt19937 rng(options.seed);
  std::vector<int> order(out.open.size());
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  // Centres are places (indices into the sorted solution), so a sweep goes on over the map
  // after a move; it ends after as many regions without improvement as there are posts.
  int since_improvement = 0;
  for (std::size_t next = 0;
       Clock::now() < deadline && since_improvement < static_cast<int>(out.open.size());
       next = (next + 1) % order.size()) {
    if (task != nullptr) task->check_cancel();
    const double left = std::chrono::duration<double>(deadline - Clock::now()).count();
    const std::vector<int> result = solve_region_with(
        model, by_candidate, is_fixed, out.open, order[next], options.region_posts,
        std::min(options.region_seconds, left), options.seed + static_cast<unsigned>(out.regions));
    ++out.regions;
    ++since_improvement;
    if (result != out.open) {
      out.open = result;
      out.covered = covered_weight(model, result);
      out.found = Clock::now();
      ++out.improving;
      since_improvement = 0;
    }
  }
  return out;
}

}  // namespace huxiao::deploy
