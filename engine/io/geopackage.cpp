#include "io/geopackage.hpp"

#include <cstdio>
#include <iterator>
#include <memory>

#include <fmt/format.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "io/gdal_handles.hpp"
#include "io/geometry_convert.hpp"

namespace huxiao::io {
namespace fs = std::filesystem;

struct GeoPackage::Impl {
  fs::path file;
  DatasetPtr dataset;
  bool in_transaction = false;
};

GeoPackage::GeoPackage(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
GeoPackage::~GeoPackage() {
  if (impl_ && impl_->dataset && impl_->in_transaction) impl_->dataset->RollbackTransaction();
}
GeoPackage::GeoPackage(GeoPackage&&) noexcept = default;
GeoPackage& GeoPackage::operator=(GeoPackage&&) noexcept = default;

GeoPackage GeoPackage::create(const fs::path& file) {
  ensure_gdal();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  GdalErrorCapture errors;
  auto impl = std::make_unique<Impl>();
  impl->file = file;
  impl->dataset.reset(driver->Create(file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!impl->dataset) {
    throw Error(ErrorCode::kWriteFailed,
                fmt::format("cannot create a GeoPackage: {}", errors.messages()),
                {.file = file.string(), .fix = "check that the folder exists and is writable"});
  }
  // A new file is always written under a temporary name and renamed when complete (AtomicOutput
  // syncs it first), so SQLite's own journal and syncs buy nothing here and cost much.
  impl->dataset->ExecuteSQL("PRAGMA journal_mode = OFF", nullptr, nullptr);
  impl->dataset->ExecuteSQL("PRAGMA synchronous = OFF", nullptr, nullptr);
  impl->dataset->ExecuteSQL("PRAGMA cache_size = -262144", nullptr, nullptr);  // 256 MiB
  return GeoPackage(std::move(impl));
}

GeoPackage GeoPackage::open(const fs::path& file, bool writable) {
  ensure_gdal();
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    throw Error(
        ErrorCode::kFileNotFound, "the project store does not exist",
        {.file = file.string(),
         .fix =
             "create it with `huxiao import SOURCE -o STORE.gpkg` or `huxiao demo -o STORE.gpkg`"});
  }
  GdalErrorCapture errors;
  const char* drivers[] = {"GPKG", nullptr};
  auto impl = std::make_unique<Impl>();
  impl->file = file;
  impl->dataset.reset(static_cast<GDALDataset*>(
      GDALOpenEx(file.c_str(), GDAL_OF_VECTOR | (writable ? GDAL_OF_UPDATE : GDAL_OF_READONLY),
                 drivers, nullptr, nullptr)));
  if (!impl->dataset) {
    throw Error(ErrorCode::kUnreadable,
                fmt::format("not a readable GeoPackage{}",
                            errors.messages().empty() ? "" : ": " + errors.messages()),
                {.file = file.string(), .fix = "give a .gpkg project store written by huxiao"});
  }
  return GeoPackage(std::move(impl));
}

std::vector<std::string> GeoPackage::layer_names() const {
  std::vector<std::string> names;
  for (int i = 0; i < impl_->dataset->GetLayerCount(); ++i) {
    names.emplace_back(impl_->dataset->GetLayer(i)->GetName());
  }
  return names;
}

bool GeoPackage::has_layer(std::string_view name) const {
  return impl_->dataset->GetLayerByName(std::string(name).c_str()) != nullptr;
}

namespace {

OGRLayer& layer_or_throw(GDALDataset& ds, std::string_view name, const fs::path& file) {
  OGRLayer* layer = ds.GetLayerByName(std::string(name).c_str());
  if (layer == nullptr) {
    throw Error(ErrorCode::kUnreadable, fmt::format("the store has no layer '{}'", name),
                {.file = file.string(), .fix = "run the step that creates it first"});
  }
  return *layer;
}

OGRwkbGeometryType to_ogr(model::GeometryKind kind) {
  switch (kind) {
    case model::GeometryKind::kNone:
      return wkbNone;
    case model::GeometryKind::kPoint:
      return wkbPoint;
    case model::GeometryKind::kLineString:
      return wkbLineString;
    case model::GeometryKind::kMultiPolygon:
      return wkbMultiPolygon;
  }
  return wkbUnknown;
}

OGRFieldType to_ogr(model::ColumnType type) {
  switch (type) {
    case model::ColumnType::kInteger:
      return OFTInteger64;
    case model::ColumnType::kReal:
      return OFTReal;
    case model::ColumnType::kText:
      return OFTString;
  }
  return OFTString;
}

model::ColumnType from_ogr(OGRFieldType type) {
  switch (type) {
    case OFTInteger:
    case OFTInteger64:
      return model::ColumnType::kInteger;
    case OFTReal:
      return model::ColumnType::kReal;
    default:
      return model::ColumnType::kText;
  }
}

model::GeometryKind kind_from_ogr(OGRwkbGeometryType type) {
  switch (wkbFlatten(type)) {
    case wkbNone:
      return model::GeometryKind::kNone;
    case wkbPoint:
    case wkbMultiPoint:
      return model::GeometryKind::kPoint;
    case wkbLineString:
    case wkbMultiLineString:
      return model::GeometryKind::kLineString;
    default:
      return model::GeometryKind::kMultiPolygon;
  }
}

OGRSpatialReference make_srs(const geo::Crs& crs) {
  OGRSpatialReference srs;
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (const auto code = crs.epsg()) {
    srs.importFromEPSG(*code);
  } else {
    srs.SetFromUserInput(crs.definition.c_str());
  }
  return srs;
}

void set_value(OGRFeature& f, int field, const model::Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v))
    f.SetField(field, static_cast<GIntBig>(*i));
  else if (const auto* d = std::get_if<double>(&v))
    f.SetField(field, *d);
  else if (const auto* s = std::get_if<std::string>(&v))
    f.SetField(field, s->c_str());
  else
    f.SetFieldNull(field);
}

}  // namespace

std::int64_t GeoPackage::feature_count(std::string_view layer) const {
  return layer_or_throw(*impl_->dataset, layer, impl_->file).GetFeatureCount(TRUE);
}

std::optional<geo::Crs> GeoPackage::crs_of(std::string_view layer) const {
  const OGRSpatialReference* srs =
      layer_or_throw(*impl_->dataset, layer, impl_->file).GetSpatialRef();
  if (srs == nullptr) return std::nullopt;
  const char* auth = srs->GetAuthorityName(nullptr);
  const char* code = srs->GetAuthorityCode(nullptr);
  if (auth != nullptr && code != nullptr && std::string_view(auth) == "EPSG") {
    return geo::Crs{fmt::format("EPSG:{}", code), geo::ChineseOffset::kNone};
  }
  char* wkt = nullptr;
  const char* options[] = {"FORMAT=WKT2_2019", nullptr};
  srs->exportToWkt(&wkt, options);
  geo::Crs crs{wkt ? wkt : "", geo::ChineseOffset::kNone};
  CPLFree(wkt);
  return crs;
}

geo::Box GeoPackage::extent_of(std::string_view layer) const {
  OGREnvelope env;
  if (layer_or_throw(*impl_->dataset, layer, impl_->file).GetExtent(&env, TRUE) != OGRERR_NONE)
    return {};
  return {env.MinX, env.MinY, env.MaxX, env.MaxY};
}

void GeoPackage::write_table(const model::Table& table, const geo::Crs& crs, Progress& progress) {
  GDALDataset& ds = *impl_->dataset;
  GdalErrorCapture errors;
  const auto fail = [&](std::string_view what) {
    throw Error(ErrorCode::kWriteFailed,
                fmt::format("layer {}: {}{}", table.name, what,
                            errors.messages().empty() ? "" : ": " + errors.messages()),
                {.file = impl_->file.string(),
                 .fix = "check free disk space and that no other program locks the file"});
  };
  for (int i = 0; i < ds.GetLayerCount(); ++i) {
    if (table.name == ds.GetLayer(i)->GetName() && ds.DeleteLayer(i) != OGRERR_NONE)
      fail("cannot replace the old layer");
  }
  OGRSpatialReference srs = make_srs(crs);
  const bool spatial = table.geometry_kind != model::GeometryKind::kNone;
  const char* layer_options[] = {"FID=fid", "GEOMETRY_NAME=geom", nullptr};
  OGRLayer* layer = ds.CreateLayer(table.name.c_str(), spatial ? &srs : nullptr,
                                   to_ogr(table.geometry_kind), const_cast<char**>(layer_options));
  if (layer == nullptr) fail("cannot create the layer");
  for (const auto& c : table.columns) {
    OGRFieldDefn defn(c.name.c_str(), to_ogr(c.type));
    if (layer->CreateField(&defn) != OGRERR_NONE)
      fail(fmt::format("cannot create column {}", c.name));
  }
  // Without an enclosing transaction, batch the inserts in one: SQLite is fast only that way.
  const bool own_transaction = !impl_->in_transaction;
  if (own_transaction && ds.StartTransaction() != OGRERR_NONE) fail("cannot start a transaction");
  ProgressTask task(progress, fmt::format("writing {}", table.name), table.rows.size());
  FeaturePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
  std::uint64_t done = 0;
  for (const auto& row : table.rows) {
    feature->SetFID(OGRNullFID);
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      set_value(*feature, static_cast<int>(c),
                c < row.values.size() ? row.values[c] : model::Value{});
    }
    if (spatial) {
      if (row.geometry) {
        GeometryPtr g = to_ogr_geometry(*row.geometry);
        feature->SetGeometryDirectly(g.release());
      } else {
        feature->SetGeometryDirectly(nullptr);
      }
    }
    if (layer->CreateFeature(feature.get()) != OGRERR_NONE) {
      if (own_transaction) ds.RollbackTransaction();
      fail(fmt::format("cannot write row {}", done + 1));
    }
    if ((++done & 0x3FF) == 0) {
      task.update(done);
      if (progress.cancel_requested()) {
        if (own_transaction) ds.RollbackTransaction();
        task.check_cancel();
      }
    }
  }
  if (own_transaction && ds.CommitTransaction() != OGRERR_NONE) fail("cannot commit");
}

std::string GeoPackage::fid_column(std::string_view name) const {
  const char* fid = layer_or_throw(*impl_->dataset, name, impl_->file).GetFIDColumn();
  return fid != nullptr && *fid != '\0' ? fid : "fid";
}

model::Table GeoPackage::read_table(std::string_view name, const std::optional<geo::Box>& filter,
                                    const std::string& where) const {
  OGRLayer& layer = layer_or_throw(*impl_->dataset, name, impl_->file);
  if (layer.SetAttributeFilter(where.empty() ? nullptr : where.c_str()) != OGRERR_NONE)
    throw Error(ErrorCode::kInternal, fmt::format("bad attribute filter on {}: {}", name, where),
                {.file = impl_->file.string()});
  model::Table table;
  table.name = std::string(name);
  table.geometry_kind = kind_from_ogr(layer.GetGeomType());
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    table.columns.push_back(
        {defn->GetFieldDefn(i)->GetNameRef(), from_ogr(defn->GetFieldDefn(i)->GetType())});
  }
  if (filter && table.geometry_kind != model::GeometryKind::kNone) {
    layer.SetSpatialFilterRect(filter->min_x, filter->min_y, filter->max_x, filter->max_y);
  } else {
    layer.SetSpatialFilter(nullptr);
  }
  layer.ResetReading();
  for (FeaturePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature())) {
    model::Row row;
    row.values.reserve(table.columns.size());
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
      if (!f->IsFieldSetAndNotNull(i)) {
        row.values.emplace_back();
        continue;
      }
      switch (table.columns[static_cast<std::size_t>(i)].type) {
        case model::ColumnType::kInteger:
          row.values.emplace_back(static_cast<std::int64_t>(f->GetFieldAsInteger64(i)));
          break;
        case model::ColumnType::kReal:
          row.values.emplace_back(f->GetFieldAsDouble(i));
          break;
        case model::ColumnType::kText:
          row.values.emplace_back(std::string(f->GetFieldAsString(i)));
          break;
      }
    }
    if (const OGRGeometry* g = f->GetGeometryRef(); g != nullptr && !g->IsEmpty()) {
      std::string problem;
      row.geometry = to_engine_geometry(*g, problem);
    }
    table.rows.push_back(std::move(row));
  }
  layer.SetSpatialFilter(nullptr);
  return table;
}

void GeoPackage::begin() {
  if (impl_->dataset->StartTransaction() != OGRERR_NONE) {
    throw Error(ErrorCode::kWriteFailed, "cannot start a transaction",
                {.file = impl_->file.string()});
  }
  impl_->in_transaction = true;
}

void GeoPackage::commit() {
  impl_->in_transaction = false;
  if (impl_->dataset->CommitTransaction() != OGRERR_NONE) {
    throw Error(ErrorCode::kWriteFailed, "cannot commit the changes",
                {.file = impl_->file.string(),
                 .fix = "check free disk space; the store keeps its previous content"});
  }
}

void GeoPackage::rollback() {
  if (impl_->in_transaction) impl_->dataset->RollbackTransaction();
  impl_->in_transaction = false;
}

void GeoPackage::close() {
  if (impl_->in_transaction) rollback();
  GdalErrorCapture errors;
  GDALDataset* ds = impl_->dataset.release();
  if (ds != nullptr) GDALClose(ds);
  if (errors.failed()) {
    throw Error(ErrorCode::kWriteFailed,
                fmt::format("cannot close the file: {}", errors.messages()),
                {.file = impl_->file.string()});
  }
}

// [SECTION] CSV

namespace {

std::string wkt_of(const geo::Geometry& g) {
  GeometryPtr ogr = to_ogr_geometry(g);
  char* wkt = nullptr;
  ogr->exportToWkt(&wkt);
  std::string out = wkt ? wkt : "";
  CPLFree(wkt);
  return out;
}

}  // namespace

namespace {

void append_csv_field(fmt::memory_buffer& out, std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) {
    out.append(s);
    return;
  }
  out.push_back('"');
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void append_csv_value(fmt::memory_buffer& out, const model::Value& v) {
  if (const auto* t = std::get_if<std::string>(&v))
    append_csv_field(out, *t);
  else if (const auto* i = std::get_if<std::int64_t>(&v))
    fmt::format_to(std::back_inserter(out), "{}", *i);
  else if (const auto* d = std::get_if<double>(&v))
    fmt::format_to(std::back_inserter(out), "{}", *d);
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

// Streams row by row through a buffer: national tables run to hundreds of megabytes, which must
// not be built as one string first.
void write_csv(const fs::path& file, const model::Table& table, bool with_wkt) {
  AtomicOutput out(file);
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(out.temp_path().c_str(), "wb"));
  const auto failed = [&file] {
    return Error(ErrorCode::kWriteFailed, "cannot write the CSV file",
                 {.file = file.string(),
                  .fix = "check that the folder is writable and the disk "
                         "has space"});
  };
  if (!f) throw failed();
  fmt::memory_buffer buffer;
  const auto flush = [&] {
    if (std::fwrite(buffer.data(), 1, buffer.size(), f.get()) != buffer.size()) throw failed();
    buffer.clear();
  };
  buffer.append(std::string_view("\xEF\xBB\xBF"));
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (c) buffer.push_back(',');
    append_csv_field(buffer, table.columns[c].name);
  }
  if (with_wkt) buffer.append(std::string_view(table.columns.empty() ? "wkt" : ",wkt"));
  buffer.append(std::string_view("\r\n"));
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      if (c) buffer.push_back(',');
      if (c < row.values.size()) append_csv_value(buffer, row.values[c]);
    }
    if (with_wkt) {
      if (!table.columns.empty()) buffer.push_back(',');
      if (row.geometry) append_csv_field(buffer, wkt_of(*row.geometry));
    }
    buffer.append(std::string_view("\r\n"));
    if (buffer.size() > (1u << 20)) flush();
  }
  flush();
  if (std::fclose(f.release()) != 0) throw failed();
  out.commit();
}

}  // namespace huxiao::io
