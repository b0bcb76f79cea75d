#pragma once
// The project store: one GeoPackage file per project, holding the standard layers (schools,
// water, waterways, roads, pois, police, plus school_campus and school_gates), the import's
// data-quality problems, metadata, and later every analysis's output layers.
//
// Safety: a new store is written under a temporary name and renamed into place, so an old store
// stays intact until the new one is complete; additions to an existing store run in one SQLite
// transaction, so an interrupted write leaves the previous content.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/progress.hpp"
#include "geo/region.hpp"
#include "model/project.hpp"
#include "model/table.hpp"
#include "quality/report.hpp"

namespace huxiao::store {

inline constexpr int kSchemaVersion = 1;
inline constexpr std::string_view kMetadataLayer = "huxiao_metadata";
inline constexpr std::string_view kIssuesLayer = "import_issues";

// Writes a complete new store at `path`, replacing any file there only once it is complete.
void write_project(const std::filesystem::path& path, const model::Project& project,
                   const quality::Report* report = nullptr, Progress& progress = no_progress());

// Which layers an analysis needs; the others stay empty. At national scale reading the store is
// a large share of a run, so an analysis reads only what it uses.
struct LayerSelection {
  bool campus = true, gates = true, water = true, waterways = true, roads = true, pois = true,
       police = true;
  std::vector<model::RoadClass> road_classes;  // empty: every class
};

// Reads the project; `region` (WGS84 lon/lat) limits it to the features in that region.
model::Project read_project(const std::filesystem::path& path, const geo::Region& region = {},
                            Progress& progress = no_progress(), const LayerSelection& layers = {});

// Adds or replaces layers (analysis outputs) in one transaction: all of them or none.
void write_layers(const std::filesystem::path& path, const std::vector<model::Table>& tables,
                  Progress& progress = no_progress());

// Any other layer of the store (an analysis output, planners' zone_overrides); nullopt if absent.
std::optional<model::Table> read_layer(const std::filesystem::path& path, std::string_view layer,
                                       const geo::Region& region = {});

struct StoreSummary {
  geo::Crs crs;
  std::map<std::string, std::int64_t> layer_counts;
  std::map<std::string, std::string> metadata;
  geo::Box extent;  // in the store's CRS
};
StoreSummary inspect(const std::filesystem::path& path);

// The tables a project is stored as (exposed for exports and tests).
std::vector<model::Table> project_tables(const model::Project& project);

}  // namespace huxiao::store
