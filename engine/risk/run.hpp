#pragma once
// `huxiao drowning` and the drowning step of `huxiao run`: the hazard register, the risk model,
// heatmap rasters and recommended warning-sign / rescue-equipment sites.

#include <filesystem>

#include <nlohmann/json.hpp>

#include "io/raster_reader.hpp"
#include "risk/drowning.hpp"
#include "scenario/section.hpp"

namespace huxiao::risk {

inline constexpr std::string_view kSectionName = "drowning";
inline constexpr std::string_view kRegisterLayer = "hazard_register";

RiskSettings parse_risk_section(scenario::Section& section);
void register_risk_section(scenario::SectionRegistry& registry);

// The closed loop of hazard management (排查、登记、整改、报告、销账).
inline const std::vector<std::string>& register_statuses() {
  static const std::vector<std::string> s = {"found", "registered", "rectifying", "reported",
                                             "closed"};
  return s;
}

// The populated cells of a raster already in the project CRS (nodata and zero cells left out).
PopulationCells population_cells(const io::RasterGrid& grid);

// Reads the store; the hazard register's safeguards (edited by the teams) override the imported
// ones; writes bank_segments, water_risk, sign_sites and the updated hazard_register to the store
// (one transaction), drowning_risk.tif and distance_to_water.tif (COG) with PNG previews, the
// ranked water_risk.csv and drowning_summary.json into `output_dir`.
nlohmann::json run_drowning(const std::filesystem::path& store,
                            const std::filesystem::path& output_dir, const RiskSettings& settings,
                            const WalkingTimes* walking = nullptr,
                            Progress& progress = no_progress());

}  // namespace huxiao::risk
