#include "io/vector_source.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/text.hpp"
#include "io/cad.hpp"
#include "io/gdal_handles.hpp"
#include "io/geometry_convert.hpp"
#include "io/osmconf.hpp"

namespace huxiao::io {
namespace fs = std::filesystem;

// [SECTION] RawFeature

const std::string* RawFeature::get(std::string_view key) const {
  for (const auto& [k, v] : attributes) {
    if (k == key) return &v;
  }
  if (key.find(':') != std::string_view::npos) {
    std::string laundered(key);
    std::replace(laundered.begin(), laundered.end(), ':', '_');
    for (const auto& [k, v] : attributes) {
      if (k == laundered) return &v;
    }
  }
  return nullptr;
}

std::string RawFeature::get_or(std::string_view key, std::string_view fallback) const {
  const std::string* v = get(key);
  return v ? *v : std::string(fallback);
}

const std::vector<std::string>& osm_layers_used() {
  static const std::vector<std::string> layers = {"points", "lines", "multipolygons"};
  return layers;
}

// [SECTION] VectorSource

struct VectorSource::Impl {
  fs::path file;
  SourceOptions options;
  std::unique_ptr<MemoryFile> osm_config;  // must outlive the dataset
  DatasetPtr dataset;
  std::vector<LayerInfo> layers;
  std::vector<std::string> selected;  // layer names to read
  mutable bool recoded = false;
};

namespace {

std::optional<geo::Crs> crs_of(const OGRSpatialReference* srs) {
  if (srs == nullptr) return std::nullopt;
  const char* auth = srs->GetAuthorityName(nullptr);
  const char* code = srs->GetAuthorityCode(nullptr);
  if (auth != nullptr && code != nullptr && std::strcmp(auth, "EPSG") == 0) {
    return geo::Crs{fmt::format("EPSG:{}", code), geo::ChineseOffset::kNone};
  }
  char* wkt = nullptr;
  const char* options[] = {"FORMAT=WKT2_2019", nullptr};
  if (srs->exportToWkt(&wkt, options) != OGRERR_NONE || wkt == nullptr) return std::nullopt;
  geo::Crs crs{wkt, geo::ChineseOffset::kNone};
  CPLFree(wkt);
  return crs;
}

LayerInfo describe_layer(OGRLayer& layer, bool can_count) {
  LayerInfo info;
  info.name = layer.GetName();
  info.geometry_type = OGRGeometryTypeToName(layer.GetGeomType());
  if (can_count) info.feature_count = layer.GetFeatureCount(FALSE);
  info.crs = crs_of(layer.GetSpatialRef());
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    info.fields.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
  OGREnvelope env;
  if (can_count && layer.GetExtent(&env, FALSE) == OGRERR_NONE) {
    info.extent = geo::Box{env.MinX, env.MinY, env.MaxX, env.MaxY};
  }
  return info;
}

std::string describe_open_failure(const fs::path& file, const std::string& gdal_messages) {
  if (!gdal_messages.empty()) return gdal_messages;
  return fmt::format("no GDAL driver recognises '{}'", file.filename().string());
}

}  // namespace

VectorSource::VectorSource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VectorSource::~VectorSource() = default;
VectorSource::VectorSource(VectorSource&&) noexcept = default;
VectorSource& VectorSource::operator=(VectorSource&&) noexcept = default;

VectorSource VectorSource::open(const fs::path& file, const SourceOptions& options) {
  ensure_gdal();
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    throw Error(ErrorCode::kFileNotFound, "the file does not exist",
                {.file = file.string(),
                 .fix = "check the path (relative paths start from the "
                        "current folder, or the scenario file's folder)"});
  }
  if (fs::is_directory(file, ec) && file.extension() != ".gdb") {
    throw Error(
        ErrorCode::kUnreadable, "this is a folder, not a data file",
        {.file = file.string(), .fix = "name the .gpkg/.shp/.geojson/.csv/.osm file itself"});
  }
  auto impl = std::make_unique<Impl>();
  impl->file = file;
  impl->options = options;

  std::vector<std::string> open_options;
  const std::string ext = text::to_lower_ascii(file.extension().string());
  const bool looks_osm = ext == ".osm" || ext == ".pbf";
  if (looks_osm) {
    impl->osm_config = std::make_unique<MemoryFile>(osmconf_ini(), ".ini");
    open_options.push_back("CONFIG_FILE=" + impl->osm_config->path());
    open_options.push_back("USE_CUSTOM_INDEXING=YES");
  }
  if (options.encoding && ext == ".shp") open_options.push_back("ENCODING=" + *options.encoding);
  if (ext == ".csv") {
    // Coordinates are read from columns by ingest/, so keep every column as text.
    open_options.push_back("AUTODETECT_TYPE=NO");
  }
  std::vector<const char*> oo;
  for (const auto& o : open_options) oo.push_back(o.c_str());
  oo.push_back(nullptr);

  // GDAL reads the DXF text encoding at open time, from its config; set it for this thread only.
  std::optional<ThreadConfigOption> dxf_encoding;
  if (ext == ".dxf") {
    if (options.encoding)
      dxf_encoding.emplace("DXF_ENCODING", *options.encoding);
    else if (read_dxf_header(file).utf8_text())
      dxf_encoding.emplace("DXF_ENCODING", "UTF-8");
  }
  GdalErrorCapture errors;
  impl->dataset.reset(static_cast<GDALDataset*>(
      GDALOpenEx(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, oo.data(), nullptr)));
  if (!impl->dataset) {
    throw Error(ErrorCode::kUnreadable, describe_open_failure(file, errors.messages()),
                {.file = file.string(),
                 .fix = "give a GeoPackage, Shapefile, GeoJSON, FlatGeobuf, CSV or OSM "
                        "(.osm/.osm.pbf) file that opens in QGIS"});
  }
  const bool osm = impl->dataset->GetDriver() != nullptr &&
                   std::string(impl->dataset->GetDriver()->GetDescription()) == "OSM";
  const std::vector<std::string>& wanted = !options.layers.empty() ? options.layers
                                           : osm                   ? osm_layers_used()
                                                                   : std::vector<std::string>{};
  for (int i = 0; i < impl->dataset->GetLayerCount(); ++i) {
    OGRLayer* layer = impl->dataset->GetLayer(i);
    impl->layers.push_back(describe_layer(*layer, !osm));
    const std::string& name = impl->layers.back().name;
    if (wanted.empty() || std::find(wanted.begin(), wanted.end(), name) != wanted.end()) {
      impl->selected.push_back(name);
    }
  }
  for (const auto& w : options.layers) {
    if (std::find(impl->selected.begin(), impl->selected.end(), w) == impl->selected.end()) {
      std::vector<std::string> names;
      for (const auto& l : impl->layers) names.push_back(l.name);
      throw Error(
          ErrorCode::kBadParameter, fmt::format("there is no layer '{}'", w),
          {.file = file.string(), .fix = fmt::format("choose one of: {}", fmt::join(names, ", "))});
    }
  }
  return VectorSource(std::move(impl));
}

const fs::path& VectorSource::file() const {
  return impl_->file;
}

std::string VectorSource::driver() const {
  GDALDriver* d = impl_->dataset->GetDriver();
  return d ? d->GetDescription() : "";
}

bool VectorSource::is_osm() const {
  return driver() == "OSM";
}

bool VectorSource::is_attribute_table() const {
  const std::string d = driver();
  return d == "CSV" || d == "XLSX" || d == "ODS";
}

const std::vector<LayerInfo>& VectorSource::layers() const {
  return impl_->layers;
}

bool VectorSource::recoded_from_gb18030() const {
  return impl_->recoded;
}

namespace {

// Text fields come back as UTF-8 from drivers that know their encoding; a CSV does not, and
// county spreadsheets are often saved as GBK. Recode when asked, or when the bytes are not UTF-8.
std::string field_text(const OGRFeature& f, int i, const std::optional<std::string>& encoding,
                       bool attribute_table, bool& recoded) {
  const char* raw = f.GetFieldAsString(i);
  std::string value = raw ? raw : "";
  if (!attribute_table) return value;
  if (encoding) {
    char* utf8 = CPLRecode(value.c_str(), encoding->c_str(), CPL_ENC_UTF8);
    value = utf8 ? utf8 : value;
    CPLFree(utf8);
  } else if (!text::is_valid_utf8(value)) {
    char* utf8 = CPLRecode(value.c_str(), "GB18030", CPL_ENC_UTF8);
    value = utf8 ? utf8 : value;
    CPLFree(utf8);
    recoded = true;
  }
  return value;
}

// GDAL's OSM driver and ogr2ogr exports keep unlisted tags as an hstore: "k"=>"v","k2"=>"v2".
void append_hstore(std::string_view hs, std::vector<std::pair<std::string, std::string>>& out) {
  std::size_t i = 0;
  const auto read_quoted = [&](std::string& target) {
    while (i < hs.size() && hs[i] != '"') ++i;
    if (i >= hs.size()) return false;
    ++i;
    target.clear();
    while (i < hs.size() && hs[i] != '"') {
      if (hs[i] == '\\' && i + 1 < hs.size()) ++i;
      target += hs[i++];
    }
    ++i;
    return true;
  };
  std::string key, value;
  while (i < hs.size()) {
    if (!read_quoted(key)) break;
    const auto arrow = hs.find("=>", i);
    if (arrow == std::string_view::npos) break;
    i = arrow + 2;
    if (!read_quoted(value)) break;
    out.emplace_back(key, value);
  }
}

void fill_feature(const OGRFeature& f, const std::string* layer_name, std::int64_t row,
                  const std::optional<std::string>& encoding, bool attribute_table, bool& recoded,
                  RawFeature& out) {
  out.layer = layer_name;
  out.fid = f.GetFID();
  out.row = row;
  out.attributes.clear();
  const OGRFeatureDefn* defn = f.GetDefnRef();
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    if (!f.IsFieldSetAndNotNull(i)) continue;
    out.attributes.emplace_back(defn->GetFieldDefn(i)->GetNameRef(),
                                field_text(f, i, encoding, attribute_table, recoded));
    if (out.attributes.back().first == "other_tags") {
      const std::string tags = out.attributes.back().second;
      append_hstore(tags, out.attributes);
    }
  }
  out.geometry.reset();
  out.geometry_problem.clear();
  if (const OGRGeometry* g = f.GetGeometryRef(); g != nullptr && !g->IsEmpty()) {
    out.geometry = to_engine_geometry(*g, out.geometry_problem);
  }
}

}  // namespace

void VectorSource::for_each(const std::function<void(const RawFeature&)>& visit,
                            Progress& progress) const {
  GDALDataset& ds = *impl_->dataset;
  const bool table = is_attribute_table();
  RawFeature feature;
  std::vector<std::int64_t> rows(static_cast<std::size_t>(ds.GetLayerCount()), 0);
  std::vector<std::string> names;
  for (const auto& l : impl_->layers) names.push_back(l.name);
  const auto selected = [&](const std::string& name) {
    return std::find(impl_->selected.begin(), impl_->selected.end(), name) != impl_->selected.end();
  };

  if (is_osm()) {
    // The OSM driver streams nodes, then ways, then relations; it must be read at dataset level.
    ProgressTask task(progress, fmt::format("reading {}", impl_->file.filename().string()), 100);
    ds.ResetReading();
    std::int64_t n = 0;
    while (true) {
      OGRLayer* layer = nullptr;
      double fraction = 0.0;
      FeaturePtr f(ds.GetNextFeature(&layer, &fraction, nullptr, nullptr));
      if (!f) break;
      if ((++n & 0x3FF) == 0) {
        task.update(static_cast<std::uint64_t>(fraction * 100.0));
        task.check_cancel();
      }
      const std::string name = layer->GetName();
      if (!selected(name)) continue;
      const auto it = std::find(names.begin(), names.end(), name);
      const auto index = static_cast<std::size_t>(it - names.begin());
      fill_feature(*f, &*it, ++rows[index], impl_->options.encoding, false, impl_->recoded,
                   feature);
      visit(feature);
    }
    return;
  }

  std::uint64_t total = 0;
  for (const auto& l : impl_->layers) {
    if (selected(l.name) && l.feature_count > 0)
      total += static_cast<std::uint64_t>(l.feature_count);
  }
  ProgressTask task(progress, fmt::format("reading {}", impl_->file.filename().string()), total);
  std::uint64_t done = 0;
  for (std::size_t li = 0; li < impl_->layers.size(); ++li) {
    if (!selected(impl_->layers[li].name)) continue;
    OGRLayer* layer = ds.GetLayerByName(impl_->layers[li].name.c_str());
    layer->ResetReading();
    for (FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
      fill_feature(*f, &impl_->layers[li].name, ++rows[li], impl_->options.encoding, table,
                   impl_->recoded, feature);
      visit(feature);
      if ((++done & 0x3FF) == 0) {
        task.update(done);
        task.check_cancel();
      }
    }
  }
}

}  // namespace huxiao::io
