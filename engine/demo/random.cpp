#include "demo/random.hpp"

#include <cmath>

namespace huxiao::demo {
namespace {

constexpr std::uint64_t rotl(std::uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

}  // namespace

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  // Chaining splitmix64 through each coordinate keeps (1,2) and (2,1) apart.
  std::uint64_t state = seed;
  std::uint64_t h = splitmix64(state);
  for (std::uint64_t part : {a, b, c}) {
    state = h ^ (part * 0xD1B54A32D192ED03ULL);
    h = splitmix64(state);
  }
  return h;
}

Rng::Rng(std::uint64_t seed) {
  std::uint64_t state = seed;
  for (auto& word : s_) word = splitmix64(state);
}

std::uint64_t Rng::next() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Rng::uniform() {
  return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

std::size_t Rng::below(std::size_t n) {
  // The modulo bias is at most n / 2^64: invisible for the counts used here.
  return n == 0 ? 0 : static_cast<std::size_t>(next() % n);
}

int Rng::between(int lo, int hi) {
  const auto span = static_cast<std::size_t>(static_cast<long long>(hi) - lo + 1);
  return lo + static_cast<int>(below(span));
}

double Rng::normal() {
  double sum = 0.0;
  for (int i = 0; i < 12; ++i) sum += uniform();
  return sum - 6.0;
}

std::size_t Rng::weighted(std::span<const double> weights) {
  double total = 0.0;
  for (double w : weights) total += w;
  double target = uniform() * total;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (target < weights[i]) return i;
    target -= weights[i];
  }
  return weights.empty() ? 0 : weights.size() - 1;
}

double det_sin(double radians) {
  constexpr double kTwoPi = 2.0 * kPi;
  double r = radians - kTwoPi * std::floor(radians / kTwoPi + 0.5);  // [-pi, pi]
  if (r > kPi / 2) r = kPi - r;
  if (r < -kPi / 2) r = -kPi - r;
  // Taylor series to x^17 on [-pi/2, pi/2], Horner form.
  const double x2 = r * r;
  double p = 1.0 / 355687428096000.0;  // 1/17!
  p = p * x2 - 1.0 / 1307674368000.0;  // 1/15!
  p = p * x2 + 1.0 / 6227020800.0;     // 1/13!
  p = p * x2 - 1.0 / 39916800.0;       // 1/11!
  p = p * x2 + 1.0 / 362880.0;         // 1/9!
  p = p * x2 - 1.0 / 5040.0;           // 1/7!
  p = p * x2 + 1.0 / 120.0;            // 1/5!
  p = p * x2 - 1.0 / 6.0;              // 1/3!
  p = p * x2 + 1.0;
  return r * p;
}

double det_cos(double radians) {
  return det_sin(radians + kPi / 2);
}

}  // namespace huxiao::demo
