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

namespace huxiao::scenario {
struct Mapping;
}

namespace huxiao::ingest {

struct SourceRequest {
  std::filesystem::path path;
  const scenario::Mapping* mapping = nullptr;  // how columns feed the model (optional)
  std::optional<geo::Crs> input_crs;           // declared CRS; wins over the file's own
  std::optional<std::string> encoding;
  std::vector<std::string> layers;
};

struct LevelOverride {
  std::optional<int> enrollment;
  std::optional<bool> boarding;
  std::optional<model::TimeOfDay> morning_bell;
  std::optional<model::TimeOfDay> dismissal;
};

struct ImportOptions {
  std::string project_name;
  std::optional<geo::Crs> project_crs;  // nullopt: UTM zone of the data's centre
  geo::Region region;                   // in WGS84 lon/lat; whole world by default
  double duplicate_distance_m = 50.0;
  double isolated_distance_km = 100.0;
  bool strict = false;  // any error-level problem aborts the import
  std::map<model::SchoolLevel, LevelOverride> school_defaults;
};

struct ImportResult {
  model::Project project;
  quality::Report report;
};

ImportResult import_sources(const std::vector<SourceRequest>& sources, const ImportOptions& options,
                            Progress& progress = no_progress());

// Water bodies tagged only natural=water are ponds below this area, lakes above (1 ha).
inline constexpr double kPondMaxAreaM2 = 10000.0;

}  // namespace huxiao::ingest
