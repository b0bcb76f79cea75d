#pragma once
// The demo's own random numbers. The standard distributions are implementation-defined, so the
// same seed would give different counties with different standard libraries; everything here is
// integer arithmetic or plain IEEE operations, which give the same bits everywhere.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

// Fused multiply-add changes the last bit of a*b+c. Clang contracts by default and is told not
// to here. GCC contracts only for targets with FMA instructions (not baseline x86-64) and has no
// such pragma: a build for such a target needs -ffp-contract=off for these sources to match
// x86-64 bit for bit.
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

namespace huxiao::demo {

inline constexpr double kPi = 3.14159265358979323846;

// One step of SplitMix64 (Steele, Lea, Flood 2014): the usual way to expand a 64-bit seed.
std::uint64_t splitmix64(std::uint64_t& state);

// An independent stream for (seed, a, b, c): counties and stages each get their own, so changing
// one stage (say the POI count) leaves every other stage's output unchanged.
std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0,
                          std::uint64_t c = 0);

// xoshiro256** (Blackman, Vigna 2018) with hand-written distributions.
class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  std::uint64_t next();
  double uniform();  // [0, 1), 53 random bits
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  std::size_t below(std::size_t n);  // [0, n); n > 0
  int between(int lo, int hi);       // [lo, hi] inclusive
  bool chance(double p) { return uniform() < p; }
  // Irwin–Hall sum of 12 uniforms: mean 0, variance 1, bounded by ±6 — enough for spreads and,
  // unlike Box–Muller, free of log/cos whose last bits differ between C libraries.
  double normal();
  double normal(double mean, double sd) { return mean + sd * normal(); }
  std::size_t weighted(std::span<const double> weights);

 private:
  std::array<std::uint64_t, 4> s_{};
};

// sin/cos from a fixed polynomial, for the same reason as normal(): std::sin may differ in the
// last bit between platforms. Absolute error below 1e-11, plenty for shapes in metres.
double det_sin(double radians);
double det_cos(double radians);

}  // namespace huxiao::demo
