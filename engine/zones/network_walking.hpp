#pragma once
// Walking distance for the audit's `measure: walking` rules, from the road network.

#include "network/school_walker.hpp"
#include "zones/safety_zones.hpp"

namespace huxiao::zones {

class NetworkWalking final : public WalkingDistances {
 public:
  NetworkWalking(const model::Project& project, double max_rule_distance_m)
      : walker_(project, 1.0), cutoff_s_(max_rule_distance_m) {}  // at 1 m/s, seconds are metres
  std::optional<double> from_school(std::size_t school, const geo::Point& p) const override {
    const double m = walker_.seconds(school, {p}, cutoff_s_).front() * walker_.speed();
    if (!std::isfinite(m)) return std::nullopt;
    return m;
  }

 private:
  network::SchoolWalker walker_;
  double cutoff_s_;
};

}  // namespace huxiao::zones
