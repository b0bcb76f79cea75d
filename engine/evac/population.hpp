#pragma once
// Who is in the building: agents placed in the rooms, with free walking speeds by age group and
// pre-movement (reaction) times drawn from the room's or the population's distribution.
//
// Speeds by age: piecewise-linear through the values of RiMEA test 7's age table (after
// Weidmann 1993): 0.58 m/s at 5 years, 1.61 at 20, 1.54 at 30, 1.41 at 50, 0.68 at 80; mobility
// impaired people 0.46–0.76 m/s. RiMEA's four groups (<30, 30–49, 50–79, impaired) then span
// [0.58, 1.61], [1.41, 1.54], [0.68, 1.41] and [0.46, 0.76] m/s, the test's criteria.

#include <cstdint>
#include <random>
#include <vector>

#include "evac/plan.hpp"

namespace huxiao::evac {

struct AgentSpec {
  double x = 0.0, y = 0.0;
  double v0 = 1.34;
  double radius = 0.2;
  double premovement = 0.0;  // s
  int group = 0;             // index into the group names
  int exit = -1;             // assigned exit or -1
};

struct PopulationOptions {
  // Drills start on a signal and teachers lead: most classes move within a minute.
  Distribution premovement{Distribution::Kind::kUniform, 20.0, 60.0, 0.0, 1e9};
  double radius_child = 0.18;  // body radius, m (primary school children are narrower)
  double radius_adult = 0.2;
  double min_gap = 0.05;  // free space between bodies when placing, m
  std::uint64_t seed = 1;
};

struct Population {
  std::vector<AgentSpec> agents;
  std::vector<std::string> groups;  // class names
};

double speed_for_age(double age_years);
// Age range [lo, hi) of a group, years.
std::pair<double, double> age_range(AgeGroup group);
double sample_speed(AgeGroup group, std::mt19937_64& rng);
double sample(const Distribution& d, std::mt19937_64& rng);

// Places every room's students at random free positions at least 2r + gap apart. Throws
// Error(kBadValue) naming the room if it cannot hold its students.
class Navigation;
Population populate(const Plan& plan, const Navigation& nav, const PopulationOptions& options);

}  // namespace huxiao::evac
