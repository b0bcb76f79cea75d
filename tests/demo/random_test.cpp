// The demo's own random numbers and the helpers built on them: reference values pin the
// algorithms, so a silent change of generator (and so of every demo county) fails here.
#include <cmath>
#include <set>

#include <gtest/gtest.h>

#include "demo/names.hpp"
#include "demo/random.hpp"
#include "demo/shapes.hpp"

namespace huxiao::demo {
namespace {

TEST(DemoRandom, SplitMix64MatchesTheReferenceSequence) {
  // First outputs of the reference implementation (Vigna, splitmix64.c) for seed 0.
  std::uint64_t state = 0;
  EXPECT_EQ(splitmix64(state), 0xE220A8397B1DCDAFULL);
  EXPECT_EQ(splitmix64(state), 0x6E789E6AA1B965F4ULL);
  EXPECT_EQ(splitmix64(state), 0x06C45D188009454FULL);
}

TEST(DemoRandom, SameSeedSameSequenceDifferentSeedDifferent) {
  Rng a(42), b(42), c(43);
  bool all_equal_c = true;
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next();
    EXPECT_EQ(x, b.next());
    all_equal_c = all_equal_c && x == c.next();
  }
  EXPECT_FALSE(all_equal_c);
}

TEST(DemoRandom, StreamsDependOnEveryCoordinate) {
  std::set<std::uint64_t> seeds = {stream_seed(1, 1, 2, 3), stream_seed(1, 2, 1, 3),
                                   stream_seed(1, 1, 3, 2), stream_seed(2, 1, 2, 3),
                                   stream_seed(1, 1, 2, 4)};
  EXPECT_EQ(seeds.size(), 5u);
  EXPECT_EQ(stream_seed(7, 1, 2, 3), stream_seed(7, 1, 2, 3));
}

TEST(DemoRandom, DistributionsStayInRangeWithTheRightMoments) {
  Rng rng(7);
  const int n = 20000;
  double sum = 0, sum2 = 0, usum = 0;
  std::set<int> ints;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    usum += u;
    const int k = rng.between(-2, 2);
    ASSERT_GE(k, -2);
    ASSERT_LE(k, 2);
    ints.insert(k);
    const double z = rng.normal();
    ASSERT_LE(std::fabs(z), 6.0);
    sum += z;
    sum2 += z * z;
  }
  EXPECT_EQ(ints.size(), 5u);
  EXPECT_NEAR(usum / n, 0.5, 0.01);
  EXPECT_NEAR(sum / n, 0.0, 0.03);
  EXPECT_NEAR(sum2 / n, 1.0, 0.05);
}

TEST(DemoRandom, WeightedFollowsTheWeights) {
  Rng rng(3);
  const double weights[] = {0.0, 3.0, 1.0};
  int counts[3] = {};
  for (int i = 0; i < 8000; ++i) ++counts[rng.weighted(weights)];
  EXPECT_EQ(counts[0], 0);
  EXPECT_NEAR(counts[1] / 8000.0, 0.75, 0.03);
}

TEST(DemoRandom, PolynomialSineMatchesTheLibrary) {
  for (double x = -20.0; x <= 20.0; x += 0.01) {
    ASSERT_NEAR(det_sin(x), std::sin(x), 1e-11) << x;
    ASSERT_NEAR(det_cos(x), std::cos(x), 1e-11) << x;
  }
}

TEST(DemoNames, ChineseNumbers) {
  EXPECT_EQ(chinese_number(1), "一");
  EXPECT_EQ(chinese_number(10), "十");
  EXPECT_EQ(chinese_number(12), "十二");
  EXPECT_EQ(chinese_number(20), "二十");
  EXPECT_EQ(chinese_number(35), "三十五");
  EXPECT_EQ(chinese_number(105), "一百零五");
  EXPECT_EQ(chinese_number(110), "一百一十");
  EXPECT_EQ(chinese_number(2008), "二千零八");
}

TEST(DemoNames, NameBookNeverHandsOutANameTwice) {
  NameBook book;
  EXPECT_EQ(book.claim("童心幼儿园", "分园"), "童心幼儿园");
  EXPECT_EQ(book.claim("童心幼儿园", "分园"), "童心幼儿园二分园");
  EXPECT_EQ(book.claim("童心幼儿园", "分园"), "童心幼儿园三分园");
  Rng rng(1);
  std::set<std::string> stems;
  for (int i = 0; i < 300; ++i) stems.insert(place_stem(rng, book));
  EXPECT_EQ(stems.size(), 300u);
}

TEST(DemoShapes, WanderKeepsItsEndsExactly) {
  Rng rng(5);
  const geo::Point a{1000.25, -3.5}, b{4321.125, 987.75};
  const auto line = wander(a, b, 100, 300, rng);
  ASSERT_GE(line.size(), 3u);
  EXPECT_EQ(line.front(), a);
  EXPECT_EQ(line.back(), b);
  const auto smooth_line = smooth(line, 2);
  EXPECT_EQ(smooth_line.front(), a);
  EXPECT_EQ(smooth_line.back(), b);
}

TEST(DemoShapes, BlobStaysWithinItsBound) {
  Rng rng(9);
  for (int i = 0; i < 200; ++i) {
    const double r = rng.uniform(10, 1000), e = rng.uniform(1, 1.8);
    const auto ring = blob({0, 0}, r, e, rng.uniform(0, 6), 24, 0.25, rng);
    ASSERT_EQ(ring.front(), ring.back());
    for (const auto& p : ring) ASSERT_LE(dist(p, {0, 0}), 1.5 * r * e + 1e-9);
    ASSERT_GT(geo::ring_signed_area(ring), 0.0);  // counter-clockwise
  }
}

}  // namespace
}  // namespace huxiao::demo
