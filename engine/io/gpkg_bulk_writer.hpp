#pragma once
// Bulk writing of output layers into an existing GeoPackage through SQLite directly. GDAL's
// driver inserts feature by feature and grows each R-tree entry by entry when the file is
// closed; at national scale (millions of rows) that was most of a run. Here rows go through one
// prepared statement per layer in one transaction, geometries are encoded as GeoPackage binary
// (header + envelope + ISO WKB) by hand, and each R-tree is packed in one pass along a Hilbert
// curve and written straight into SQLite's rtree shadow tables. The layer metadata (gpkg_contents,
// gpkg_geometry_columns, gpkg_extensions, gpkg_ogr_contents, the spec's R-tree triggers) is what
// GDAL 3.6 writes for the same layer, so GDAL and QGIS read the result as if GDAL had written it.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/progress.hpp"
#include "geo/geometry.hpp"
#include "model/table.hpp"

namespace huxiao::io {

class GpkgBulkWriter {
 public:
  // Opens `file` (an existing GeoPackage) and starts the transaction; throws kWriteFailed.
  explicit GpkgBulkWriter(const std::filesystem::path& file);
  ~GpkgBulkWriter();  // rolls back unless committed: nothing half-written stays
  GpkgBulkWriter(const GpkgBulkWriter&) = delete;
  GpkgBulkWriter& operator=(const GpkgBulkWriter&) = delete;

  // The file's gpkg_spatial_ref_sys id for EPSG `code`, if the file has it.
  std::optional<std::int32_t> srs_id_for_epsg(int code) const;
  // The srs_id of `layer`'s geometry column, if the file has that layer: a store's own layers
  // are in the project CRS, which need not have an EPSG code (the national Albers CRS).
  std::optional<std::int32_t> srs_id_of_layer(std::string_view layer) const;
  // Adds `table` as a layer, replacing a layer of the same name; geometries are in `srs_id`.
  void write_table(const model::Table& table, std::int32_t srs_id,
                   Progress& progress = no_progress());
  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// [SECTION] exposed for tests

// GeoPackage binary of `g` (as GDAL writes it: little-endian, envelope except for points,
// polygons as multipolygons); `box` receives the envelope, empty for an empty geometry.
void append_gpkg_geometry(std::string& out, const geo::Geometry& g, std::int32_t srs_id,
                          geo::Box& box);

}  // namespace huxiao::io
