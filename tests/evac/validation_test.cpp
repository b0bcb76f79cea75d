// Validation against measurements (not part of CI: run scripts/verify/evac_validation.sh).
// Flow through bottlenecks of width 0.8–2.5 m against ../shared/data/ped/validation/
// bottleneck_flow (Seyfried 2009, Kretz 2006, "EG" 2006): the relative error per width.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>

#include "evac/simulation.hpp"
#include "rimea_support.hpp"
#include "support/test_support.hpp"

namespace huxiao::evac {
namespace {

using testing::rect;

// Width → measured flows (P/s) from every study that measured that width.
std::map<double, std::vector<double>> measured_flows() {
  std::map<double, std::vector<double>> out;
  for (const char* name : {"2009Seyfried.txt", "2006Kretz.txt", "2006EG.txt"}) {
    std::ifstream in(
        huxiao::testing::shared_data(std::string("ped/validation/bottleneck_flow/") + name));
    double b, j;
    while (in >> b >> j) out[std::round(b * 10.0) / 10.0].push_back(j);
  }
  return out;
}

// Waiting area 10 × 10 m, bottleneck 4 m long and `width` wide, open room behind; the flow is
// counted on a line in the middle of the bottleneck over the middle 80 % of the crossings.
double simulated_flow(ModelKind model, double width, int people) {
  Plan plan;
  const double y0 = 5.0 - width / 2, y1 = 5.0 + width / 2;
  plan.walkable = {{rect(0, 0, 10, 10)}, {rect(10, y0, 14, y1)}, {rect(14, 0, 24, 10)}};
  plan.exits.push_back({"far wall", {24, 0}, {24, 10}, 10.0});
  plan.rooms.push_back({.name = "waiting",
                        .area = rect(0.5, 0.5, 9.0, 9.5),
                        .students = people,
                        .age = AgeGroup::kAdult,
                        .premovement = Distribution{}});
  SimulationOptions o;
  o.model = model;
  o.max_time = 600;
  o.lines = {{"bottleneck", {12, y0}, {12, y1}}};
  Simulation sim(plan, o);
  PopulationOptions po;
  po.seed = 2009;
  sim.add_agents(populate(plan, sim.navigation(), po));
  const Results r = sim.run();
  return testing::steady_flow(r.line_crossings[0]);
}

TEST(Validation, DISABLED_BottleneckFlowAgainstMeasurements) {
  const auto measured = measured_flows();
  ASSERT_FALSE(measured.empty()) << "reference data missing";
  for (ModelKind model : {ModelKind::kCsm, ModelKind::kSfm}) {
    double sum_rel = 0.0;
    int n = 0;
    for (double width : {0.8, 0.9, 1.0, 1.1, 1.2, 1.6, 2.0, 2.5}) {
      const auto it = measured.find(width);
      if (it == measured.end()) continue;
      double mean = 0.0;
      for (double j : it->second) mean += j;
      mean /= static_cast<double>(it->second.size());
      const double sim = simulated_flow(model, width, 180);
      const double rel = (sim - mean) / mean;
      std::printf(
          "bottleneck %s: b %.1f m  simulated %.2f P/s  measured %.2f P/s (%zu runs)  relative "
          "error %+.0f %%\n",
          testing::model_name(model), width, sim, mean, it->second.size(), 100.0 * rel);
      sum_rel += std::abs(rel);
      ++n;
      EXPECT_GT(sim, 0.0);
    }
    std::printf("bottleneck %s: mean absolute relative error %.0f %% over %d widths\n",
                testing::model_name(model), 100.0 * sum_rel / n, n);
  }
}

}  // namespace
}  // namespace huxiao::evac
