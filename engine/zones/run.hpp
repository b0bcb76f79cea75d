#pragma once
// Running the safety-zone audit on a project store: `huxiao zones` and the `zones` step of
// `huxiao run`.

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/progress.hpp"
#include "geo/region.hpp"
#include "scenario/section.hpp"
#include "zones/safety_zones.hpp"

namespace huxiao::zones {

inline constexpr std::string_view kSectionName = "zones";
inline constexpr std::string_view kOverridesLayer = "zone_overrides";

// analyses: zones: {radius_m, radius_by_level: {level: m}, rules: FILE, quadrant_segments}
ZoneSettings parse_zone_section(scenario::Section& section);
void register_zone_section(scenario::SectionRegistry& registry);

// Reads the store (and its zone_overrides layer), audits, writes safety_zones, zone_clusters,
// zone_findings and zone_summary into the store in one transaction, CSV copies (UTF-8 with BOM)
// and summary.json into `output_dir`. Returns the totals.
nlohmann::json run_zones(const std::filesystem::path& store,
                         const std::filesystem::path& output_dir, const ZoneSettings& settings,
                         const geo::Region& region = {}, Progress& progress = no_progress());

}  // namespace huxiao::zones
