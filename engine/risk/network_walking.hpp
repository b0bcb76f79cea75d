#pragma once
// Walking times for drowning exposure from the road network; schools with no gate near a walkable
// way fall back to the straight line at the children's speed and are flagged.

#include "network/school_walker.hpp"
#include "risk/drowning.hpp"

namespace huxiao::risk {

class NetworkWalkingTimes final : public WalkingTimes {
 public:
  NetworkWalkingTimes(const model::Project& project, const RiskSettings& s)
      : walker_(project, s.child_speed_mps),
        fallback_(project, s.child_speed_mps),
        cutoff_s_(s.cutoff_min * 60.0) {}
  void from_school(std::size_t school, const std::vector<geo::Point>& targets,
                   std::vector<double>& seconds, bool& on_network) const override {
    if (!walker_.on_network(school)) {
      fallback_.from_school(school, targets, seconds, on_network);
      return;
    }
    seconds = walker_.seconds(school, targets, cutoff_s_);
    on_network = true;
  }

 private:
  network::SchoolWalker walker_;
  EuclideanWalking fallback_;
  double cutoff_s_;
};

}  // namespace huxiao::risk
