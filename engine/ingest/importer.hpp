#pragma once
// The import pipeline: sources -> classified features -> WGS84 checks -> local metric CRS ->
// geometry repair -> de-duplication -> a Project plus its data-quality report. Nothing is
// written here; the store persists the result, so a failed import never leaves a half store.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/progress.hpp"
#include "geo/crs.hpp"
#include "geo/region.hpp"
#include "model/project.hpp"
#include "quality/report.hpp"

#include "scenario/scenario.hpp"

namespace huxiao::ingest {

struct SourceRequest {
  std::filesystem::path path;
  const scenario::Mapping* mapping = nullptr;  // how columns feed the model (optional)
  std::optional<geo::Crs> input_crs;           // declared CRS; wins over the file's own
  std::optional<std::string> encoding;
  std::vector<std::string> layers;
};

struct ImportOptions {
  std::string project_name;
  std::optional<geo::Crs> project_crs;  // nullopt: UTM zone of the data's centre
  geo::Region region;                   // in WGS84 lon/lat; whole world by default
  double duplicate_distance_m = 50.0;
  double isolated_distance_km = 100.0;
  bool strict = false;  // any error-level problem aborts the import
  std::map<model::SchoolLevel, scenario::LevelOverride> school_defaults;
};

struct ImportResult {
  model::Project project;
  quality::Report report;
};

// The region a scenario names, in WGS84: its bbox, or the polygons of its boundary file.
geo::Region load_region(const scenario::RegionSpec& spec);

// Import requests for a scenario's sources (mappings already loaded by the scenario).
std::vector<SourceRequest> requests_for(const scenario::Scenario& s);
ImportOptions import_options_for(const scenario::Scenario& s);

ImportResult import_sources(const std::vector<SourceRequest>& sources, const ImportOptions& options,
                            Progress& progress = no_progress());

// Water bodies tagged only natural=water are ponds below this area, lakes above (1 ha).
inline constexpr double kPondMaxAreaM2 = 10000.0;

}  // namespace huxiao::ingest
