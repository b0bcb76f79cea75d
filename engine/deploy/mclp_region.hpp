#pragma once
// Region search for the MCLP: a neighbourhood of many posts solved by the iterated local search
// instead of by CBC. AILS San Francisco p=90 ends 133 short of the published optimum behind a
// chain of 14 posts along the city's southern edge that must all move together. The 23-28 open
// posts nearest the chain's middle hold it; as a sub-MIP that neighbourhood (1 600 candidates)
// takes CBC 83 s to improve, too long for the LNS's node limit, while the ILS on the same
// sub-model reaches the optimum in 0.7-2 s from some seeds (docs/deploy.md, eleventh session).
// So regions around every post in turn are freed and searched by a short ILS, the rest of the
// solution staying.

#include <chrono>
#include <vector>

#include "core/progress.hpp"
#include "deploy/mclp_lns.hpp"

namespace huxiao::deploy {

struct RegionSearchOptions {
  unsigned seed = 12345;
  int region_posts = 28;      // open posts freed per region
  double region_seconds = 4;  // one region's ILS (it ends sooner by its own stall rule)
};

struct RegionSearchResult {
  std::vector<int> open;
  double covered = 0;
  int regions = 0, improving = 0;
  std::chrono::steady_clock::time_point found;  // when `open` was first reached
};

// The region of `region_posts` open posts nearest `centre` (breadth first over
// post_neighbours), and the MCLP that places that many posts among the candidates covering
// their demands while the other posts stay, solved by the ILS (solve_mclp with no
// neighbourhood search and no MIP) with `seed`. Returns `open` itself unless strictly better.
std::vector<int> solve_region(const CoverModel& model, const std::vector<int>& fixed,
                              const std::vector<int>& open, int centre, int region_posts,
                              double seconds, unsigned seed);

// Every open post, in a random order from `seed`, is the centre of one region; improvements
// are kept at once and the sweep goes on from the improved solution, until `deadline` or one
// whole sweep without improvement. Never worse than `open`.
RegionSearchResult mclp_region_search(const CoverModel& model, const std::vector<int>& fixed,
                                      std::vector<int> open,
                                      std::chrono::steady_clock::time_point deadline,
                                      const RegionSearchOptions& options = {},
                                      const ProgressTask* task = nullptr);

}  // namespace huxiao::deploy
