#include "io/raster_warp.hpp"

#include <cmath>
#include <memory>
#include <vector>

#include <fmt/format.h>
#include <gdal_utils.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "io/gdal_handles.hpp"

namespace huxiao::io {
namespace {

OGRSpatialReference srs_of(const std::string& definition) {
  OGRSpatialReference srs;
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (srs.SetFromUserInput(definition.c_str()) != OGRERR_NONE)
    throw Error(ErrorCode::kBadCrs, "GDAL cannot read the CRS " + definition.substr(0, 60),
                {.fix = "give the CRS as EPSG:code"});
  return srs;
}

OGRSpatialReference srs_of(const geo::Crs& crs) {
  if (const auto code = crs.epsg()) return srs_of(fmt::format("EPSG:{}", *code));
  return srs_of(crs.definition);
}

std::string label_of(const OGRSpatialReference& srs) {
  const char* auth = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  if (auth && code) return fmt::format("{}:{}", auth, code);
  return srs.GetName() ? srs.GetName() : "unnamed CRS";
}

DatasetPtr to_memory(const RasterGrid& g) {
  ensure_gdal();
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  if (!mem) throw Error(ErrorCode::kInternal, "GDAL has no MEM driver");
  DatasetPtr ds(mem->Create("", static_cast<int>(g.width), static_cast<int>(g.height), 1,
                            GDT_Float32, nullptr));
  double gt[6] = {g.origin_x, g.pixel_size_x, 0.0, g.origin_y, 0.0, -g.pixel_size_y};
  ds->SetGeoTransform(gt);
  if (!g.crs.empty()) {
    const OGRSpatialReference srs = srs_of(g.crs.definition);
    ds->SetSpatialRef(&srs);
  }
  GDALRasterBand* b = ds->GetRasterBand(1);
  if (g.nodata) b->SetNoDataValue(*g.nodata);
  if (b->RasterIO(GF_Write, 0, 0, static_cast<int>(g.width), static_cast<int>(g.height),
                  const_cast<float*>(g.values.data()), static_cast<int>(g.width),
                  static_cast<int>(g.height), GDT_Float32, 0, 0) != CE_None)
    throw Error(ErrorCode::kInternal, "cannot fill an in-memory raster");
  return ds;
}

RasterGrid from_dataset(GDALDataset& ds, const std::string& name) {
  double gt[6] = {0, 1, 0, 0, 0, -1};
  ds.GetGeoTransform(gt);
  RasterGrid g;
  g.name = name;
  g.width = static_cast<std::size_t>(ds.GetRasterXSize());
  g.height = static_cast<std::size_t>(ds.GetRasterYSize());
  g.origin_x = gt[0];
  g.origin_y = gt[3];
  g.pixel_size_x = gt[1];
  g.pixel_size_y = -gt[5];
  if (const OGRSpatialReference* srs = ds.GetSpatialRef()) {
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT2", nullptr};
    if (srs->exportToWkt(&wkt, options) == OGRERR_NONE && wkt) g.crs.definition = wkt;
    CPLFree(wkt);
  }
  GDALRasterBand* b = ds.GetRasterBand(1);
  int has_nodata = 0;
  const double nodata = b->GetNoDataValue(&has_nodata);
  if (has_nodata) g.nodata = static_cast<float>(nodata);
  g.values.resize(g.width * g.height);
  if (b->RasterIO(GF_Read, 0, 0, ds.GetRasterXSize(), ds.GetRasterYSize(), g.values.data(),
                  ds.GetRasterXSize(), ds.GetRasterYSize(), GDT_Float32, 0, 0) != CE_None)
    throw Error(ErrorCode::kInternal, "cannot read an in-memory raster");
  return g;
}

double valid_sum(const RasterGrid& g) {
  double s = 0.0;
  for (float v : g.values)
    if (!g.is_nodata(v)) s += v;
  return s;
}

struct WarpOptionsFree {
  void operator()(GDALWarpAppOptions* o) const { GDALWarpAppOptionsFree(o); }
};

}  // namespace

RasterGrid reproject(const RasterGrid& grid, const geo::Crs& target, const WarpOptions& options) {
  DatasetPtr src = to_memory(grid);
  const OGRSpatialReference dst_srs = srs_of(target);
  char* wkt = nullptr;
  dst_srs.exportToWkt(&wkt);
  CPLStringList args;
  for (const char* a : {"-of", "MEM", "-r", options.resampling.c_str(), "-t_srs"})
    args.AddString(a);
  args.AddString(wkt ? wkt : "");
  CPLFree(wkt);
  if (grid.nodata) {
    const std::string nd = fmt::format("{}", *grid.nodata);
    for (const char* a : {"-srcnodata", nd.c_str(), "-dstnodata", nd.c_str()}) args.AddString(a);
  }
  GdalErrorCapture errors;
  std::unique_ptr<GDALWarpAppOptions, WarpOptionsFree> opts(
      GDALWarpAppOptionsNew(args.List(), nullptr));
  if (!opts)
    throw Error(ErrorCode::kBadParameter, "gdalwarp rejected the options: " + errors.messages(),
                {.fix = "use a GDAL resampling name (near, bilinear, cubic, average, sum)"});
  GDALDatasetH sources[1] = {GDALDataset::ToHandle(src.get())};
  int usage_error = 0;
  DatasetPtr out(
      GDALDataset::FromHandle(GDALWarp("", nullptr, 1, sources, opts.get(), &usage_error)));
  if (!out)
    throw Error(ErrorCode::kBadCrs, "warping the raster failed: " + errors.messages(),
                {.file = grid.name, .fix = "check the raster's CRS and extent"});
  RasterGrid warped = from_dataset(*out, grid.name);
  if (options.preserve_sum) {
    const double before = valid_sum(grid), after = valid_sum(warped);
    if (after > 0.0 && std::isfinite(before))
      for (float& v : warped.values)
        if (!warped.is_nodata(v)) v = static_cast<float>(v * (before / after));
  }
  return warped;
}

ProjectRaster read_raster_in_crs(const std::filesystem::path& path, const geo::Crs& target,
                                 const WarpOptions& options, int band) {
  ProjectRaster out;
  out.grid = read_raster(path, band);
  if (out.grid.crs.empty())
    throw Error(ErrorCode::kMissingCrs, "the raster has no coordinate reference system",
                {.file = path.string(),
                 .fix = fmt::format("set the CRS it was made in, e.g. gdal_edit.py -a_srs "
                                    "EPSG:4326 {} (or warp it: gdalwarp -t_srs {} in.tif out.tif)",
                                    path.string(), target.label())});
  const OGRSpatialReference own = srs_of(out.grid.crs.definition);
  out.source_crs = label_of(own);
  const OGRSpatialReference wanted = srs_of(target);
  if (own.IsSame(&wanted)) return out;
  out.grid = reproject(out.grid, target, options);
  out.reprojected = true;
  return out;
}

void write_raster(const std::filesystem::path& path, const RasterGrid& grid) {
  DatasetPtr src = to_memory(grid);
  AtomicOutput out(path);
  GdalErrorCapture errors;
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  DatasetPtr written(
      drv->CreateCopy(out.temp_path().c_str(), src.get(), FALSE, nullptr, nullptr, nullptr));
  if (!written || errors.failed())
    throw Error(ErrorCode::kWriteFailed, "cannot write the raster: " + errors.messages(),
                {.file = path.string(), .fix = "check free disk space and permissions"});
  written.reset();
  out.commit();
}

}  // namespace huxiao::io
