#pragma once
// GeoPackage files as sets of model::Table layers. The project store and every analysis output
// go through here; GeoPackage is what QGIS and every other GIS opens natively.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/progress.hpp"
#include "geo/crs.hpp"
#include "model/table.hpp"

namespace huxiao::io {

class GeoPackage {
 public:
  // Creates a new, empty file; throws kWriteFailed if it cannot.
  static GeoPackage create(const std::filesystem::path& file);
  // Opens an existing file; throws kFileNotFound / kUnreadable (e.g. not a GeoPackage).
  static GeoPackage open(const std::filesystem::path& file, bool writable);
  ~GeoPackage();
  GeoPackage(GeoPackage&&) noexcept;
  GeoPackage& operator=(GeoPackage&&) noexcept;

  std::vector<std::string> layer_names() const;
  bool has_layer(std::string_view name) const;
  std::int64_t feature_count(std::string_view layer) const;
  std::optional<geo::Crs> crs_of(std::string_view layer) const;
  geo::Box extent_of(std::string_view layer) const;

  // Writes `table` as a layer (replacing one of the same name). Geometry rows are in `crs`.
  void write_table(const model::Table& table, const geo::Crs& crs,
                   Progress& progress = no_progress());
  // Reads a layer; `filter` (in the layer's CRS) keeps rows whose geometry's box meets it, and
  // `where` (an OGR SQL attribute filter such as "class IN ('trunk')") keeps the rows it selects.
  model::Table read_table(std::string_view layer, const std::optional<geo::Box>& filter = {},
                          const std::string& where = {}) const;
  // The layer's feature-id column ("fid"), for attribute filters that split a layer into parts.
  std::string fid_column(std::string_view layer) const;

  // All-or-nothing groups of writes (SQLite transactions underneath).
  void begin();
  void commit();
  void rollback();

  void close();  // flushes; further calls are invalid

 private:
  struct Impl;
  explicit GeoPackage(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Writes a table as CSV for spreadsheets: UTF-8 with BOM (so Excel/WPS show Chinese), atomic.
// A geometry column is written as WKT only when `with_wkt`.
void write_csv(const std::filesystem::path& file, const model::Table& table, bool with_wkt = false);

}  // namespace huxiao::io
