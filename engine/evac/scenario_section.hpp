#pragma once
// `analyses: evac:` in a scenario file, for `huxiao run`. Example (every key optional except
// one of plan / template):
//
//   analyses:
//     evac:
//       plan: plans/no1_primary.gpkg      # a floor plan with `role` properties ...
//       cad: {units: mm, layers: [...]}   # for a .dxf plan: CAD layers → roles (cad_mapping.hpp)
//       template:                         # ... or the teaching-building template
//         floors: 4
//         classes_per_floor: 6
//         class_size: 45
//         stairwells: 2
//       model: csm                        # csm | sfm
//       close: [stair-E@0]                # NAME@SECONDS, a stairwell by prefix
//       premovement: uniform:20:60
//       seed: 1
//       trajectory_fps: 4
//       output: evac                      # folder under the scenario's output

#include <filesystem>
#include <optional>
#include <string>

#include "core/progress.hpp"
#include "evac/building_template.hpp"
#include "evac/cad_mapping.hpp"
#include "evac/drill.hpp"
#include "scenario/scenario.hpp"

namespace huxiao::evac {

struct EvacSection {
  std::optional<std::filesystem::path> plan;
  std::optional<BuildingTemplate> building;
  std::optional<CadMapping> cad;  // layers → roles, for a DXF plan
  DrillOptions drill;
  std::string output = "evac";
};

inline constexpr const char* kSectionName = "evac";

void register_section(scenario::SectionRegistry& registry);
// Runs the drill of a scenario into <scenario output>/<section output>; returns the report.
DrillReport run_section(const scenario::Scenario& scenario, const EvacSection& section,
                        Progress& progress = no_progress());

}  // namespace huxiao::evac
