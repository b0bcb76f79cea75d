#pragma once
// Operational models behind one interface. An update is generational: agent i's next state is
// a pure function of the current state of everyone, so agents can be updated in any order or in
// parallel and a run is deterministic for a seed.

#include <memory>
#include <string_view>
#include <vector>

#include "evac/spatial.hpp"

namespace huxiao::evac {

// Structure of arrays: the hot loops read only the fields they need.
struct Agents {
  std::vector<double> x, y, vx, vy, ex, ey;  // position, velocity, heading
  std::vector<double> v0, radius;
  std::vector<double> dir_x, dir_y, desired_speed;  // from the navigation system this step
  std::vector<std::uint8_t> present;                // still in the building
  std::vector<std::uint8_t> moving;                 // pre-movement over

  std::size_t size() const { return x.size(); }
  void resize(std::size_t n);
};

struct ModelContext {
  const Agents& agents;
  const NeighbourGrid& neighbours;
  const WallIndex& walls;
  double dt;
  double periodic_length;  // 0: none
};

struct AgentUpdate {
  double x, y, vx, vy, ex, ey;
  // A lower bound of the distance from the old position to every wall, if the model knows it
  // (it lets the wall guard skip agents in open space); 0: unknown.
  double wall_clearance = 0.0;
};

class OperationalModel {
 public:
  virtual ~OperationalModel() = default;
  virtual std::string_view name() const = 0;
  virtual double interaction_range() const = 0;  // wall cut-off, m
  virtual double cell_size() const = 0;          // of the neighbour grid, m
  virtual AgentUpdate update(const ModelContext& ctx, std::size_t i) const = 0;
};

// Tordeux, Chraibi & Seyfried (2016), "Collision-free speed model for pedestrian dynamics":
// speed V(s) = min(v0, max(0, (s - l)/T)) from the spacing s to the nearest neighbour ahead,
// direction = desired direction + exponential repulsion from neighbours and walls. Defaults as
// JuPedSim's CollisionFreeSpeedModel except the time gap: T = 0.5 s instead of 1 s fits
// Weidmann's fundamental diagram and the measured bottleneck flows (docs/evac.md).
struct CsmParameters {
  double time_gap = 0.5;            // T, s
  double neighbour_strength = 8.0;  // a
  double neighbour_range = 0.1;     // D, m
  double wall_strength = 5.0;
  double wall_range = 0.02;
  double cutoff = 2.0;            // m: walls and neighbours ahead (speed)
  double repulsion_cutoff = 1.0;  // m: neighbours' repulsion (8·e^-10 beyond: nothing)
};

// Helbing, Farkas & Vicsek (2000), "Simulating dynamical features of escape panic": driving
// force, exponential social repulsion, body compression k and sliding friction kappa on contact,
// the same against walls. Integrated with semi-implicit Euler.
struct SfmParameters {
  double mass = 80.0;              // kg
  double tau = 0.5;                // relaxation time, s
  double a = 2000.0;               // N
  double b = 0.08;                 // m
  double k = 1.2e5;                // kg/s²
  double kappa = 2.4e5;            // kg/(m s)
  double max_speed_factor = 1.3;   // |v| <= factor · v0
  double max_acceleration = 50.0;  // m/s², numerical safeguard in dense crowds
  // Helbing's bodies are r = 0.25–0.35 m; the population's radii (0.18–0.2 m, as for the CSM)
  // grow by this much in the social force model.
  double radius_extra = 0.06;
  double cutoff = 1.5;
};

std::unique_ptr<OperationalModel> make_csm(const CsmParameters& p = {});
std::unique_ptr<OperationalModel> make_sfm(const SfmParameters& p = {});

}  // namespace huxiao::evac
