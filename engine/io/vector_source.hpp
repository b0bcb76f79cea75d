#pragma once
// Reading any GDAL vector source into the engine's own plain records. Nothing GDAL-typed leaves
// this module; ingest/ classifies the records into the domain model.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/progress.hpp"
#include "geo/crs.hpp"
#include "geo/geometry.hpp"

namespace huxiao::io {

struct RawFeature {
  const std::string* layer = nullptr;
  std::int64_t fid = -1;
  std::int64_t row = 0;  // 1-based position in its layer (a CSV's data row)
  std::vector<std::pair<std::string, std::string>> attributes;  // non-null fields, UTF-8 text
  std::optional<geo::Geometry> geometry;                        // in the layer's CRS
  std::string geometry_problem;  // why the geometry could not be read, if so

  // The value of a field; also tries OSM-style keys with ':' laundered to '_' ("name:zh").
  const std::string* get(std::string_view key) const;
  std::string get_or(std::string_view key, std::string_view fallback = {}) const;
};

struct LayerInfo {
  std::string name;
  std::string geometry_type;        // OGR's name, "None" for attribute tables
  std::int64_t feature_count = -1;  // -1 when the driver cannot tell without reading
  std::optional<geo::Crs> crs;
  std::vector<std::string> fields;
  geo::Box extent;  // in the layer's CRS; empty if unknown
};

struct SourceOptions {
  std::optional<std::string> encoding;  // e.g. "GBK" for an old Shapefile without .cpg, or a CSV
  std::vector<std::string> layers;      // empty: all layers (for OSM: the ones huxiao uses)
};

class VectorSource {
 public:
  // Throws Error(kFileNotFound) or Error(kUnreadable) naming the file and the fix.
  static VectorSource open(const std::filesystem::path& file, const SourceOptions& options = {});
  ~VectorSource();
  VectorSource(VectorSource&&) noexcept;
  VectorSource& operator=(VectorSource&&) noexcept;

  const std::filesystem::path& file() const;
  std::string driver() const;  // "OSM", "GPKG", "CSV", "ESRI Shapefile", "GeoJSON", ...
  bool is_osm() const;
  bool is_attribute_table() const;  // CSV/XLSX-like: coordinates live in columns
  const std::vector<LayerInfo>& layers() const;
  // Text that was not UTF-8 and was decoded as GB18030 instead (CSV without --encoding).
  bool recoded_from_gb18030() const;

  // Calls `visit` for every feature of the selected layers, in file order.
  void for_each(const std::function<void(const RawFeature&)>& visit,
                Progress& progress = no_progress()) const;

 private:
  struct Impl;
  explicit VectorSource(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The OSM layers huxiao reads (points, lines, multipolygons).
const std::vector<std::string>& osm_layers_used();

}  // namespace huxiao::io
