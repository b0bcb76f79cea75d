// The MCLP region search: a region holding every post reaches the exact optimum among its
// candidates (enumeration), a region moves only its own posts, fixed posts stay, and the search
// is never worse than its start and gives the same answer twice for one seed.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "deploy/mclp_lns.hpp"
#include "deploy/mclp_region.hpp"
#include "deploy/mclp_support.hpp"

namespace huxiao::deploy {
namespace {

using test_support::best_within;
using test_support::Random;
using test_support::random_model;

const auto kFar = std::chrono::steady_clock::now() + std::chrono::hours(1);

TEST(MclpRegion, ARegionOfEveryPostReachesTheEnumeratedOptimumOfItsCandidates) {
  // The region's candidates are those covering a demand of a freed post (as in the LNS).
  for (unsigned seed = 1; seed <= 5; ++seed) {
    const Random r = random_model(60, 16, 220, seed);
    const std::vector<int> start{0, 1, 2, 3, 4};  // arbitrary, usually far from optimal
    std::vector<char> in(r.m, 0);
    for (std::size_t i = 0; i < r.sets.size(); ++i) {
      const auto& set = r.sets[i];
      if (std::any_of(set.begin(), set.end(), [](int j) { return j != 3 && j < 5; })) {
        for (int j : set) in[static_cast<std::size_t>(j)] = 1;
      }
    }
    std::vector<int> allowed;
    for (std::size_t j = 0; j < r.m; ++j) {
      if (in[j] != 0 || j < 5) allowed.push_back(static_cast<int>(j));
    }
    const std::vector<int> region = solve_region(r.model(), {3}, start, 0, 5, 5, seed);
    EXPECT_DOUBLE_EQ(covered_weight(r.model(), region), best_within(r.model(), allowed, 5, {3}))
        << "seed " << seed;
    EXPECT_GT(covered_weight(r.model(), region), covered_weight(r.model(), start));
    EXPECT_EQ(region.size(), 5u);
    EXPECT_TRUE(std::find(region.begin(), region.end(), 3) != region.end()) << "fixed post kept";
  }
}

TEST(MclpRegion, ARegionMovesOnlyItsOwnPosts) {
  // Two places far apart, demands 0..3 and 4..7, each on a line where candidate j covers
  // demands j and j+1 of its place. Posts {0, 4} cover only light demands; a region of one post
  // around post 0 (the first in sorted order) moves only that one, to a candidate covering one
  // of its demands.
  const std::vector<std::vector<int>> sets{{0}, {0, 1}, {1, 2}, {2, 3},
                                           {4}, {4, 5}, {5, 6}, {6, 7}};
  const std::vector<double> weight{1, 1, 9, 9, 1, 1, 9, 9};
  const CoverModel model{sets, weight, 8};
  const std::vector<int> moved = solve_region(model, {}, {0, 4}, 0, 1, 5, 1);
  EXPECT_EQ(moved, (std::vector<int>{1, 4}));  // demands 1, 2 (weight 10)
  // Around the second post only it moves.
  const std::vector<int> other = solve_region(model, {}, {0, 4}, 1, 1, 5, 1);
  EXPECT_EQ(other, (std::vector<int>{0, 5}));
  // A fixed post is never freed: nothing can move.
  EXPECT_EQ(solve_region(model, {0}, {0, 4}, 0, 1, 5, 1), (std::vector<int>{0, 4}));
}

TEST(MclpRegion, SearchIsNeverWorseKeepsFixedPostsAndRepeatsForOneSeed) {
  for (unsigned seed = 1; seed <= 4; ++seed) {
    const Random r = random_model(400, 120, 150, seed);
    const std::vector<int> fixed{7};
    std::vector<int> start;
    for (int j = 0; j < 12; ++j) start.push_back(j);  // arbitrary, includes the fixed post
    const double before = covered_weight(r.model(), start);
    const RegionSearchResult a =
        mclp_region_search(r.model(), fixed, start, kFar, {.seed = seed, .region_posts = 6});
    EXPECT_GT(a.covered, before) << "seed " << seed;
    EXPECT_GT(a.improving, 0);
    EXPECT_DOUBLE_EQ(a.covered, covered_weight(r.model(), a.open));
    EXPECT_EQ(a.open.size(), start.size());
    EXPECT_TRUE(std::binary_search(a.open.begin(), a.open.end(), 7)) << "fixed post kept";
    const RegionSearchResult b =
        mclp_region_search(r.model(), fixed, start, kFar, {.seed = seed, .region_posts = 6});
    EXPECT_EQ(a.open, b.open);
    EXPECT_EQ(a.regions, b.regions);
    // From its own end the search finds nothing more in a whole sweep and hands it back.
    const RegionSearchResult again =
        mclp_region_search(r.model(), fixed, a.open, kFar, {.seed = seed, .region_posts = 6});
    EXPECT_DOUBLE_EQ(again.covered, a.covered);
    EXPECT_EQ(again.improving, 0);
    EXPECT_EQ(again.regions, static_cast<int>(start.size()));
  }
}

}  // namespace
}  // namespace huxiao::deploy
