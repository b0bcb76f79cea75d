#pragma once
// Helpers shared by the demo tests: an exact fingerprint of a project (to compare runs bit for
// bit) and the road network's connectivity as the network builder would see it.

#include <bit>
#include <cstdint>
#include <numeric>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "model/project.hpp"

namespace huxiao::demo::testing {

// Every attribute and coordinate of the project, floats in hex so that equal strings mean
// identical bits.
std::string fingerprint(const model::Project& p);
std::string fingerprint_schools(const model::Project& p);
std::string fingerprint_roads_and_water(const model::Project& p);

struct PointKey {
  std::uint64_t x, y;
  friend bool operator==(const PointKey&, const PointKey&) = default;
};
struct PointKeyHash {
  std::size_t operator()(const PointKey& k) const { return k.x * 0x9E3779B97F4A7C15ULL ^ k.y; }
};
inline PointKey key(const geo::Point& p) {
  return {std::bit_cast<std::uint64_t>(p.x), std::bit_cast<std::uint64_t>(p.y)};
}

struct Connectivity {
  std::size_t roads_with_a_joined_end = 0;  // an end point is a vertex of another road
  std::size_t roads_with_both_ends_joined = 0;
  std::size_t largest_component = 0;  // roads linked through identical vertices
};
Connectivity connectivity(const std::vector<model::Road>& roads);

// Whether the road shares an end point exactly with a vertex of another road.
bool end_is_joined(const std::vector<model::Road>& roads, std::size_t road, bool at_start);

}  // namespace huxiao::demo::testing
