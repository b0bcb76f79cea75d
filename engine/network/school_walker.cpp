#include "network/school_walker.hpp"

#include <algorithm>
#include <limits>

#include <tbb/enumerable_thread_specific.h>

#include "network/profile.hpp"
#include "network/query.hpp"

namespace huxiao::network {

namespace {

// Per thread: the labels of the last school searched, reused while the same school asks again.
struct Cache {
  std::size_t school = std::numeric_limits<std::size_t>::max();
  double cutoff = -1.0;
  std::vector<Workspace> runs;  // one per gate
};

}  // namespace

struct SchoolWalker::Impl {
  Graph graph;
  std::unique_ptr<Snapper> snapper;
  std::vector<std::vector<Location>> gates;  // per school
  mutable tbb::enumerable_thread_specific<Cache> caches;
};

SchoolWalker::SchoolWalker(const model::Project& project, double speed_mps, double max_snap_m)
    : impl_(std::make_unique<Impl>()), speed_(speed_mps) {
  impl_->graph = build_graph(project.roads, Profile::walking(speed_mps));
  impl_->snapper = std::make_unique<Snapper>(impl_->graph);
  impl_->gates.resize(project.schools.size());
  for (std::size_t i = 0; i < project.schools.size(); ++i) {
    const auto& s = project.schools[i];
    std::vector<geo::Point> from;
    for (const auto& g : s.gates) from.push_back(g.location);
    if (from.empty()) from.push_back(s.location);
    for (const auto& p : from)
      if (auto loc = impl_->snapper->snap(p, max_snap_m)) impl_->gates[i].push_back(*loc);
  }
}

SchoolWalker::~SchoolWalker() = default;

bool SchoolWalker::on_network(std::size_t school) const {
  return !impl_->gates[school].empty();
}

std::vector<double> SchoolWalker::seconds(std::size_t school,
                                          const std::vector<geo::Point>& targets,
                                          double cutoff_s) const {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  std::vector<double> out(targets.size(), kInf);
  const auto& gates = impl_->gates[school];
  if (gates.empty()) return out;
  Cache& c = impl_->caches.local();
  if (c.school != school || c.cutoff < cutoff_s) {
    // Grow only: each workspace holds whole-graph arrays, too dear to free and re-allocate
    // whenever the next school has fewer gates than the last.
    if (c.runs.size() < gates.size()) c.runs.resize(gates.size());
    for (std::size_t g = 0; g < gates.size(); ++g) {
      c.runs[g].prepare(impl_->graph);
      one_to_all(impl_->graph, gates[g], cutoff_s, c.runs[g]);
    }
    c.school = school;
    c.cutoff = cutoff_s;
  }
  for (std::size_t t = 0; t < targets.size(); ++t) {
    // The target's own access to the network: the nearest point on a walkable way.
    const auto loc = impl_->snapper->snap(targets[t], 1e9);
    if (!loc) continue;
    const double last_leg = loc->snap_distance / speed_;
    for (std::size_t g = 0; g < gates.size(); ++g) {
      // Walking from the gate to its own snapped point counts too.
      const double first_leg = gates[g].snap_distance / speed_;
      out[t] =
          std::min(out[t], first_leg + time_to(impl_->graph, c.runs[g], gates[g], *loc) + last_leg);
    }
  }
  return out;
}

}  // namespace huxiao::network
