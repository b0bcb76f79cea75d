#pragma once
// Walking times from schools' gates over the pedestrian network, for the analyses that ask
// "how far is this from the school on foot" (walking-distance safety zones, drowning exposure).
// Each school's gates are snapped once; queries for one school reuse one Dijkstra run per
// thread, so asking for many targets of the same school costs one search.

#include <memory>
#include <optional>
#include <vector>

#include "model/project.hpp"
#include "network/graph.hpp"
#include "network/snap.hpp"

namespace huxiao::network {

class SchoolWalker {
 public:
  // Builds the walking graph of `project.roads` at `speed_mps` and snaps every school's gates
  // (or its point when no gate is mapped) within `max_snap_m`.
  SchoolWalker(const model::Project& project, double speed_mps, double max_snap_m = 200.0);
  ~SchoolWalker();

  bool on_network(std::size_t school) const;  // false: no gate within the snap distance
  // Seconds from the school's nearest gate to each target (snapped to the network, plus the
  // straight walk from the network to the target); +inf if unreachable within `cutoff_s`.
  std::vector<double> seconds(std::size_t school, const std::vector<geo::Point>& targets,
                              double cutoff_s) const;
  double speed() const { return speed_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  double speed_;
};

}  // namespace huxiao::network
