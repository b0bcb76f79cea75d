#pragma once
// The document the viewer edits: the engine's own project model plus the store layers the
// viewer edits or carries along. Nothing here knows about windows, so it is tested headless.

#include <filesystem>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/progress.hpp"
#include "model/project.hpp"
#include "model/table.hpp"

namespace huxiao::viewer {

// The store layer holding safety-zone polygons (drawn here, or computed by zones/).
inline constexpr std::string_view kZonesLayer = "safety_zones";
// Metadata key (project.info.extra) listing the police posts an optimiser must keep in place.
inline constexpr std::string_view kFixedPostsKey = "viewer_fixed_posts";

struct Zone {
  std::string id;
  std::string school_id;
  std::string name;
  geo::MultiPolygon area;
  // The layer's other columns, kept as read so a save never drops what zones/ computed.
  std::vector<std::pair<std::string, model::Value>> attributes;
};

struct Document {
  model::Project project;
  std::vector<Zone> zones;
  std::set<std::string> fixed_posts;       // police unit ids
  std::vector<model::Table> extra_layers;  // every other store layer (analysis outputs, issues)
  std::filesystem::path path;              // where it was opened from / saves to; may be empty

  const model::Table* extra_layer(std::string_view name) const;
};

// Reads a project store with every layer it holds.
Document load_document(const std::filesystem::path& path, Progress& progress = no_progress());

// Writes the whole document as a store at `path`, atomically: the project, zones and extra
// layers go into a temporary file first, which replaces `path` only when everything is in it.
void save_document(const Document& doc, const std::filesystem::path& path,
                   Progress& progress = no_progress());

// The zones as a store layer, and back (tolerant of missing id/school_id/name columns).
model::Table zones_table(const std::vector<Zone>& zones);
std::vector<Zone> zones_from_table(const model::Table& table);

}  // namespace huxiao::viewer
