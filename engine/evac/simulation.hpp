#pragma once
// The simulator core, after JuPedSim's: a pipeline of independent systems run once per fixed
// time step — closures, pre-movement, navigation, neighbour search, the operational model
// (generational, in parallel), the wall guard, exits and measurement, deadlock watch — over
// agents stored as arrays. Nothing here writes files; outputs.hpp turns results into files.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/progress.hpp"
#include "evac/models.hpp"
#include "evac/navigation.hpp"
#include "evac/population.hpp"

namespace huxiao::evac {

enum class ModelKind { kCsm, kSfm };
std::optional<ModelKind> parse_model(std::string_view text);

struct Closure {
  std::string name;  // an exit's or a stair's name, or a prefix: "stair-E" = stair-E-1, -2, ...
  double time = 0.0;
};

struct MeasurementLine {
  std::string name;
  geo::Point a, b;
};

struct SimulationOptions {
  ModelKind model = ModelKind::kCsm;
  double dt = 0.0;           // 0: the model's default (CSM 0.05 s, SFM 0.01 s)
  double max_time = 1800.0;  // s
  std::uint64_t seed = 1;
  int threads = 0;  // 0: all cores; 1: one core (the benchmark's real-time factor)
  CsmParameters csm;
  SfmParameters sfm;
  NavigationOptions navigation;
  std::vector<Closure> closures;
  std::vector<MeasurementLine> lines;
  double stuck_time = 30.0;  // no progress for this long: deadlocked (reported)
  double nudge_time = 4.0;   // no progress for this long: the desired direction is perturbed
  // An agent is out once its centre is this close to an exit line, between the door's jambs
  // (about a body radius: the body is in the doorway), or has crossed it.
  double exit_reach = 0.25;
  double sample_interval = 0.5;  // density sampling, s
  double density_cell = 1.0;     // m
  // RiMEA 4's endless corridor: x wraps with this period and everyone walks along +x.
  double periodic_length = 0.0;
};

struct Crossing {
  double time;
  int agent;
  int direction;  // +1 left-to-right of a→b, -1 the other way
};

struct DensityGrid {
  double x0 = 0, y0 = 0, cell = 1.0;
  int nx = 0, ny = 0;
  std::vector<float> peak;        // P/m², highest sample
  std::vector<float> integrated;  // P·s/m², sum of density × sample interval
};

struct Results {
  std::string model;
  double dt = 0.0;
  double end_time = 0.0;
  std::uint64_t steps = 0;
  std::uint64_t agent_steps = 0;
  std::vector<double> exit_time;  // per agent; NaN if not out
  std::vector<int> exit_used;     // per agent: exit index, or -1 (assembly reached by way of none)
  std::vector<std::vector<Crossing>> exit_crossings;  // per exit (doors and targets)
  std::vector<std::vector<Crossing>> line_crossings;  // per measurement line
  std::vector<int> stuck;                             // agents deadlocked at the end
  std::vector<int> trapped;  // agents inside a stair or door when it closed
  int wall_blocks = 0;       // moves the wall guard refused
  DensityGrid density;
  double time_to_fraction(double fraction) const;  // NaN if never reached
  std::size_t evacuated() const;
};

// One recorded frame for trajectory writers: only present agents.
struct FrameView {
  int frame;
  double time;
  const Agents& agents;
  const Navigation& navigation;
};

class Simulation {
 public:
  Simulation(const Plan& plan, const SimulationOptions& options);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  void add_agents(const Population& population);
  void add_agent(const AgentSpec& spec);
  const Navigation& navigation() const { return *nav_; }
  const Agents& agents() const { return agents_; }
  double time() const { return time_; }
  double dt() const { return dt_; }

  // Called every `every` steps (and at step 0) with the current frame.
  void on_frame(int every, std::function<void(const FrameView&)> observer);
  // Runs until everyone is out, everyone left is deadlocked, or max_time.
  Results run(Progress& progress = no_progress());
  // One step; for tests that watch the state.
  void step();
  bool finished() const;
  Results results() const;

 private:
  void apply_closures();
  void navigation_system();
  void model_system();
  void exit_system(const std::vector<double>& old_x, const std::vector<double>& old_y);
  void deadlock_system();
  void density_system();

  const Plan& plan_;
  SimulationOptions options_;
  std::unique_ptr<Navigation> nav_;
  std::unique_ptr<OperationalModel> model_;
  WallIndex walls_;
  std::unique_ptr<NeighbourGrid> neighbours_;
  Agents agents_;
  Agents next_;
  std::vector<int> field_;
  std::vector<double> premovement_;
  std::vector<double> best_time_, last_progress_, base_radius_;
  std::vector<int> stair_up_;
  double dt_ = 0.05;
  double time_ = 0.0;
  std::uint64_t step_ = 0;
  std::vector<std::uint8_t> closure_done_;
  std::vector<std::vector<std::pair<bool, int>>> closure_targets_;  // (is exit, index)
  std::vector<Segment> exit_segments_;
  std::vector<std::uint8_t> exit_closed_;
  Results results_;
  int frame_every_ = 0;
  int frame_ = 0;
  std::function<void(const FrameView&)> observer_;
  double next_sample_ = 0.0;
  std::vector<double> old_x_, old_y_;
};

}  // namespace huxiao::evac
