#pragma once
// Scenario files: one county's run written down — where the data comes from, which region and
// CRS, the county's own school timetables and the settings of each analysis. Read strictly and
// validated eagerly (CRS, region, mapping files), so a mistake stops the run before hours of
// processing, with file:line:column, the key path and a fix. See scenarios/*.yaml.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "geo/crs.hpp"
#include "geo/geometry.hpp"
#include "model/school.hpp"
#include "model/time_of_day.hpp"
#include "scenario/mapping_file.hpp"
#include "scenario/section.hpp"

namespace huxiao::scenario {

struct SourceSpec {
  std::filesystem::path path;  // absolute; not checked here (it may be produced by an earlier step)
  std::optional<std::filesystem::path> mapping_file;  // absolute, exists
  std::optional<Mapping> mapping;                     // loaded with the scenario
  std::optional<geo::Crs> input_crs;                  // overrides what the file declares
  std::optional<std::string> encoding;                // of Shapefile/CSV text
  std::vector<std::string> layers;                    // empty: every layer
  int line = 0;                                       // of the entry, for later messages
};

// Where the run is limited to: nothing (the whole data), a lon/lat box or a boundary file.
struct RegionSpec {
  std::optional<geo::Box> bbox;                  // WGS84 degrees, x = lon, y = lat
  std::optional<std::filesystem::path> polygon;  // absolute, exists
  std::string name;
  int line = 0;
  bool whole() const { return !bbox && !polygon; }
};

// A county's own figures for one school level; unset fields keep model::defaults_for.
struct LevelOverride {
  std::optional<int> enrollment;
  std::optional<bool> boarding;
  std::optional<model::TimeOfDay> morning_bell;
  std::optional<model::TimeOfDay> dismissal;
  int line = 0;
};

struct QualityOptions {
  double duplicate_distance_m = 50.0;   // two schools this close with similar names: one school
  double isolated_distance_km = 100.0;  // a school this far from all others: misplaced point
};

struct Scenario {
  std::filesystem::path file;  // absolute
  std::string name;
  std::filesystem::path output;  // absolute; default <scenario folder>/out
  std::filesystem::path store;   // absolute; default <output>/<scenario file stem>.gpkg
  std::optional<geo::Crs> crs;   // nullopt: "auto", the UTM zone of the data
  RegionSpec region;
  std::vector<SourceSpec> sources;  // at least one
  std::map<model::SchoolLevel, LevelOverride> school_defaults;
  QualityOptions quality;
  AnalysisSections analyses;  // as parsed by the registered modules

  std::filesystem::path folder() const { return file.parent_path(); }
  // model::defaults_for(level) with this scenario's overrides applied.
  model::LevelDefaults level_defaults(model::SchoolLevel level) const;
};

// Reads and validates a scenario file. Relative paths resolve against the file's folder.
// `analyses` lists the sections the caller's modules understand; any other name under
// `analyses:` is an error listing them. Throws Error(kFileNotFound) for a missing scenario,
// mapping or region file, Error(kScenario) for everything else.
Scenario load_scenario(const std::filesystem::path& file, const SectionRegistry& analyses = {});

}  // namespace huxiao::scenario
