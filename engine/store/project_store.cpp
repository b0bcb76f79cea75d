#include "store/project_store.hpp"

#include <functional>

#include <fmt/format.h>
#include <tbb/task_group.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "io/geopackage.hpp"
#include "io/gpkg_bulk_writer.hpp"

namespace huxiao::store {
namespace fs = std::filesystem;
using model::ColumnType;
using model::Value;

namespace {

// [SECTION] field codecs: one row of these per stored column, used both ways

template <class T>
struct Field {
  std::string_view name;
  ColumnType type;
  std::function<Value(const T&)> get;
  std::function<void(T&, const Value&)> set;
};

std::string text_of(const Value& v) {
  return model::value_as_text(v);
}
std::int64_t int_of(const Value& v) {
  return model::value_as_integer(v).value_or(0);
}
double real_of(const Value& v) {
  return model::value_as_real(v).value_or(0.0);
}

// Helpers that build a Field from a member pointer for the common cases.
template <class T>
Field<T> text_field(std::string_view name, std::string T::*member) {
  return {name, ColumnType::kText, [member](const T& t) { return Value(t.*member); },
          [member](T& t, const Value& v) { t.*member = text_of(v); }};
}

template <class T>
Field<T> bool_field(std::string_view name, bool T::*member) {
  return {name, ColumnType::kInteger,
          [member](const T& t) { return Value(std::int64_t{t.*member}); },
          [member](T& t, const Value& v) { t.*member = int_of(v) != 0; }};
}

template <class T, class Owner, class Sub>
Field<T> nested_bool(std::string_view name, Owner T::*outer, bool Sub::*inner) {
  return {name, ColumnType::kInteger,
          [=](const T& t) { return Value(std::int64_t{(t.*outer).*inner}); },
          [=](T& t, const Value& v) { (t.*outer).*inner = int_of(v) != 0; }};
}

template <class T>
std::vector<Field<T>> source_fields() {
  return {
      {"source_file", ColumnType::kText, [](const T& t) { return Value(t.source.file); },
       [](T& t, const Value& v) { t.source.file = text_of(v); }},
      {"source_layer", ColumnType::kText, [](const T& t) { return Value(t.source.layer); },
       [](T& t, const Value& v) { t.source.layer = text_of(v); }},
      {"source_row", ColumnType::kInteger,
       [](const T& t) { return Value(std::int64_t{t.source.row}); },
       [](T& t, const Value& v) { t.source.row = int_of(v); }},
      {"source_id", ColumnType::kText, [](const T& t) { return Value(t.source.original_id); },
       [](T& t, const Value& v) { t.source.original_id = text_of(v); }},
  };
}

template <class E, class Parse>
auto enum_field(std::string_view name, Parse parse, E fallback) {
  return [=](auto member) {
    using T = typename decltype(member)::owner;
    return Field<T>{
        name, ColumnType::kText,
        [m = member.ptr](const T& t) { return Value(std::string(model::to_string(t.*m))); },
        [m = member.ptr, parse, fallback](T& t, const Value& v) {
          t.*m = parse(text_of(v)).value_or(fallback);
        }};
  };
}

template <class T, class M>
struct MemberRef {
  using owner = T;
  M T::*ptr;
};

template <class T, class M>
MemberRef<T, M> member(M T::*ptr) {
  return {ptr};
}

template <class T>
std::vector<Field<T>> with_source(std::vector<Field<T>> fields) {
  for (auto& f : source_fields<T>()) fields.push_back(std::move(f));
  return fields;
}

// [SECTION] schemas of the standard layers

std::vector<Field<model::School>> school_fields() {
  using S = model::School;
  return with_source<S>({
      text_field<S>("school_id", &S::id),
      text_field<S>("name", &S::name),
      enum_field<model::SchoolLevel>("level", model::parse_school_level,
                                     model::SchoolLevel::kPrimary)(member(&S::level)),
      {"enrollment", ColumnType::kInteger,
       [](const S& s) { return Value(std::int64_t{s.enrollment}); },
       [](S& s, const Value& v) { s.enrollment = static_cast<int>(int_of(v)); }},
      bool_field<S>("boarding", &S::boarding),
      {"morning_bell", ColumnType::kText, [](const S& s) { return Value(s.morning_bell.str()); },
       [](S& s, const Value& v) {
         s.morning_bell = model::TimeOfDay::parse(text_of(v)).value_or(model::TimeOfDay{});
       }},
      {"dismissal", ColumnType::kText, [](const S& s) { return Value(s.dismissal.str()); },
       [](S& s, const Value& v) {
         s.dismissal = model::TimeOfDay::parse(text_of(v)).value_or(model::TimeOfDay{});
       }},
      {"defaulted", ColumnType::kText, [](const S& s) { return Value(s.defaulted.str()); },
       [](S& s, const Value& v) { s.defaulted = model::Defaulted::parse(text_of(v)); }},
  });
}

std::vector<Field<model::WaterBody>> water_fields() {
  using W = model::WaterBody;
  return with_source<W>({
      text_field<W>("water_id", &W::id),
      text_field<W>("name", &W::name),
      enum_field<model::WaterKind>("kind", model::parse_water_kind,
                                   model::WaterKind::kPond)(member(&W::kind)),
      bool_field<W>("kind_inferred", &W::kind_inferred),
      {"area_m2", ColumnType::kReal, [](const W& w) { return Value(geo::area(w.area)); },
       [](W&, const Value&) {}},
      nested_bool<W>("warning_sign", &W::safeguards, &model::Safeguards::warning_sign),
      nested_bool<W>("fence", &W::safeguards, &model::Safeguards::fence),
      nested_bool<W>("rescue_equipment", &W::safeguards, &model::Safeguards::rescue_equipment),
      text_field<W>("responsible_unit", &W::responsible_unit),
  });
}

std::vector<Field<model::Waterway>> waterway_fields() {
  using W = model::Waterway;
  return with_source<W>({
      text_field<W>("waterway_id", &W::id),
      text_field<W>("name", &W::name),
      enum_field<model::WaterKind>("kind", model::parse_water_kind,
                                   model::WaterKind::kRiver)(member(&W::kind)),
      {"length_m", ColumnType::kReal, [](const W& w) { return Value(geo::length(w.line)); },
       [](W&, const Value&) {}},
      nested_bool<W>("warning_sign", &W::safeguards, &model::Safeguards::warning_sign),
      nested_bool<W>("fence", &W::safeguards, &model::Safeguards::fence),
      nested_bool<W>("rescue_equipment", &W::safeguards, &model::Safeguards::rescue_equipment),
      text_field<W>("responsible_unit", &W::responsible_unit),
  });
}

std::vector<Field<model::Road>> road_fields() {
  using R = model::Road;
  return with_source<R>({
      text_field<R>("road_id", &R::id),
      text_field<R>("name", &R::name),
      enum_field<model::RoadClass>("class", model::parse_road_class,
                                   model::RoadClass::kUnclassified)(member(&R::road_class)),
      {"speed_kmh", ColumnType::kReal, [](const R& r) { return Value(r.speed_kmh); },
       [](R& r, const Value& v) { r.speed_kmh = real_of(v); }},
      bool_field<R>("speed_defaulted", &R::speed_defaulted),
      bool_field<R>("oneway", &R::oneway),
      bool_field<R>("drivable", &R::drivable),
      bool_field<R>("walkable", &R::walkable),
      bool_field<R>("bridge", &R::bridge),
      bool_field<R>("tunnel", &R::tunnel),
      {"layer", ColumnType::kInteger, [](const R& r) { return Value(std::int64_t{r.layer}); },
       [](R& r, const Value& v) { r.layer = static_cast<int>(int_of(v)); }},
      {"length_m", ColumnType::kReal, [](const R& r) { return Value(geo::length(r.line)); },
       [](R&, const Value&) {}},
  });
}

std::vector<Field<model::Poi>> poi_fields() {
  using P = model::Poi;
  return with_source<P>({
      text_field<P>("poi_id", &P::id),
      text_field<P>("name", &P::name),
      enum_field<model::PoiCategory>("category", model::parse_poi_category,
                                     model::PoiCategory::kInternetCafe)(member(&P::category)),
  });
}

std::vector<Field<model::PoliceUnit>> police_fields() {
  using P = model::PoliceUnit;
  return with_source<P>({
      text_field<P>("police_id", &P::id),
      text_field<P>("name", &P::name),
      enum_field<model::PoliceKind>("kind", model::parse_police_kind,
                                    model::PoliceKind::kStation)(member(&P::kind)),
      {"officers", ColumnType::kInteger, [](const P& p) { return Value(std::int64_t{p.officers}); },
       [](P& p, const Value& v) { p.officers = static_cast<int>(int_of(v)); }},
  });
}

// [SECTION] generic encode/decode

template <class T, class GeometryOf>
model::Table encode(std::string name, model::GeometryKind kind, const std::vector<Field<T>>& fields,
                    const std::vector<T>& items, GeometryOf geometry_of) {
  model::Table t;
  t.name = std::move(name);
  t.geometry_kind = kind;
  for (const auto& f : fields) t.columns.push_back({std::string(f.name), f.type});
  t.rows.reserve(items.size());
  for (const auto& item : items) {
    model::Row r;
    r.values.reserve(fields.size());
    for (const auto& f : fields) r.values.push_back(f.get(item));
    r.geometry = geometry_of(item);
    t.rows.push_back(std::move(r));
  }
  return t;
}

template <class T, class SetGeometry>
std::vector<T> decode(const model::Table& t, const std::vector<Field<T>>& fields,
                      SetGeometry set_geometry) {
  std::vector<std::optional<std::size_t>> index(fields.size());
  for (std::size_t i = 0; i < fields.size(); ++i) {
    for (std::size_t c = 0; c < t.columns.size(); ++c)
      if (t.columns[c].name == fields[i].name) index[i] = c;
  }
  std::vector<T> out;
  out.reserve(t.rows.size());
  for (const auto& row : t.rows) {
    T item{};
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (index[i]) fields[i].set(item, row.values[*index[i]]);
    }
    if (!row.geometry || !set_geometry(item, *row.geometry)) continue;
    out.push_back(std::move(item));
  }
  return out;
}

geo::MultiPolygon as_multipolygon(const geo::Geometry& g) {
  if (const auto* p = std::get_if<geo::Polygon>(&g)) return {*p};
  if (const auto* mp = std::get_if<geo::MultiPolygon>(&g)) return *mp;
  return {};
}

bool set_point(geo::Point& target, const geo::Geometry& g) {
  if (const auto* p = std::get_if<geo::Point>(&g)) {
    target = *p;
    return true;
  }
  return false;
}

bool set_line(geo::LineString& target, const geo::Geometry& g) {
  if (const auto* l = std::get_if<geo::LineString>(&g)) {
    target = *l;
    return true;
  }
  if (const auto* ml = std::get_if<geo::MultiLineString>(&g); ml && !ml->empty()) {
    target = ml->front();
    return true;
  }
  return false;
}

// [SECTION] campus and gates (child tables of schools)

model::Table campus_table(const std::vector<model::School>& schools) {
  model::Table t{"school_campus",
                 model::GeometryKind::kMultiPolygon,
                 {{"school_id", ColumnType::kText},
                  {"name", ColumnType::kText},
                  {"area_m2", ColumnType::kReal}},
                 {}};
  for (const auto& s : schools) {
    if (!s.campus) continue;
    t.rows.push_back({{s.id, s.name, geo::area(*s.campus)}, geo::Geometry{*s.campus}});
  }
  return t;
}

model::Table gates_table(const std::vector<model::School>& schools) {
  model::Table t{"school_gates",
                 model::GeometryKind::kPoint,
                 {{"school_id", ColumnType::kText}, {"name", ColumnType::kText}},
                 {}};
  for (const auto& s : schools) {
    for (const auto& g : s.gates) t.rows.push_back({{s.id, g.name}, geo::Geometry{g.location}});
  }
  return t;
}

void attach_children(std::vector<model::School>& schools, const model::Table& campus,
                     const model::Table& gates) {
  std::unordered_map<std::string, std::size_t> by_id;
  for (std::size_t i = 0; i < schools.size(); ++i) by_id[schools[i].id] = i;
  for (const auto& row : campus.rows) {
    const auto it = by_id.find(text_of(row.values[0]));
    if (it != by_id.end() && row.geometry)
      schools[it->second].campus = as_multipolygon(*row.geometry);
  }
  for (const auto& row : gates.rows) {
    const auto it = by_id.find(text_of(row.values[0]));
    geo::Point p;
    if (it != by_id.end() && row.geometry && set_point(p, *row.geometry)) {
      schools[it->second].gates.push_back({p, text_of(row.values[1])});
    }
  }
}

// [SECTION] metadata

model::Table metadata_table(const model::ProjectInfo& info) {
  model::Table t{std::string(kMetadataLayer),
                 model::GeometryKind::kNone,
                 {{"key", ColumnType::kText}, {"value", ColumnType::kText}},
                 {}};
  const auto add = [&](std::string key, std::string value) {
    t.rows.push_back({{std::move(key), std::move(value)}, {}});
  };
  add("schema_version", std::to_string(kSchemaVersion));
  add("huxiao_version", HUXIAO_VERSION);
  add("name", info.name);
  add("crs", info.crs.label());
  add("crs_definition", info.crs.definition);
  add("sources", fmt::format("{}", fmt::join(info.sources, "\n")));
  add("attribution", fmt::format("{}", fmt::join(info.attribution, "\n")));
  add("synthetic", info.synthetic ? "true" : "false");
  add("created_utc", info.created_utc);
  for (const auto& [k, v] : info.extra) add("extra." + k, v);
  return t;
}

std::map<std::string, std::string> read_metadata(const io::GeoPackage& gpkg, const fs::path& path) {
  if (!gpkg.has_layer(kMetadataLayer)) {
    throw Error(
        ErrorCode::kUnreadable, "this GeoPackage is not a huxiao project store (no metadata)",
        {.file = path.string(), .fix = "import it first: huxiao import FILE -o STORE.gpkg"});
  }
  std::map<std::string, std::string> m;
  for (const auto& row : gpkg.read_table(kMetadataLayer).rows)
    m[text_of(row.values[0])] = text_of(row.values[1]);
  return m;
}

model::ProjectInfo info_from(const std::map<std::string, std::string>& m) {
  model::ProjectInfo info;
  const auto get = [&](const std::string& k) {
    const auto it = m.find(k);
    return it == m.end() ? std::string() : it->second;
  };
  info.name = get("name");
  info.crs = geo::Crs{get("crs_definition"), geo::ChineseOffset::kNone};
  for (auto& s : text::split(get("sources"), '\n'))
    if (!s.empty()) info.sources.push_back(s);
  for (auto& s : text::split(get("attribution"), '\n'))
    if (!s.empty()) info.attribution.push_back(s);
  info.synthetic = get("synthetic") == "true";
  info.created_utc = get("created_utc");
  for (const auto& [k, v] : m)
    if (k.starts_with("extra.")) info.extra[k.substr(6)] = v;
  return info;
}

}  // namespace

// [SECTION] public API

namespace {

// Each standard layer as a function, so a store is written one layer at a time and a national
// project never holds two copies of its 5 million points of interest.
std::vector<std::function<model::Table()>> table_makers(const model::Project& p) {
  using model::GeometryKind;
  return {
      [&] {
        return encode("schools", GeometryKind::kPoint, school_fields(), p.schools,
                      [](const model::School& s) { return geo::Geometry{s.location}; });
      },
      [&] { return campus_table(p.schools); },
      [&] { return gates_table(p.schools); },
      [&] {
        return encode("water", GeometryKind::kMultiPolygon, water_fields(), p.water,
                      [](const model::WaterBody& w) { return geo::Geometry{w.area}; });
      },
      [&] {
        return encode("waterways", GeometryKind::kLineString, waterway_fields(), p.waterways,
                      [](const model::Waterway& w) { return geo::Geometry{w.line}; });
      },
      [&] {
        return encode("roads", GeometryKind::kLineString, road_fields(), p.roads,
                      [](const model::Road& r) { return geo::Geometry{r.line}; });
      },
      [&] {
        return encode("pois", GeometryKind::kPoint, poi_fields(), p.pois,
                      [](const model::Poi& x) { return geo::Geometry{x.location}; });
      },
      [&] {
        return encode("police", GeometryKind::kPoint, police_fields(), p.police,
                      [](const model::PoliceUnit& x) { return geo::Geometry{x.location}; });
      },
      [&] { return metadata_table(p.info); },
  };
}

}  // namespace

std::vector<model::Table> project_tables(const model::Project& p) {
  std::vector<model::Table> tables;
  for (const auto& make : table_makers(p)) tables.push_back(make());
  return tables;
}

void write_project(const fs::path& path, const model::Project& project,
                   const quality::Report* report, Progress& progress) {
  if (project.info.crs.empty()) {
    throw Error(ErrorCode::kInternal, "the project has no CRS", {.file = path.string()});
  }
  AtomicOutput out(path);
  {
    io::GeoPackage gpkg = io::GeoPackage::create(out.temp_path());
    for (const auto& make : table_makers(project))
      gpkg.write_table(make(), project.info.crs, progress);
    if (report != nullptr) gpkg.write_table(report->to_table(), project.info.crs, progress);
    gpkg.close();
  }
  out.commit();
}

namespace {

std::string road_class_filter(const std::vector<model::RoadClass>& classes) {
  std::string list;
  for (const model::RoadClass c : classes)
    list += fmt::format("{}'{}'", list.empty() ? "" : ",", model::to_string(c));
  return classes.empty() ? std::string() : fmt::format("class IN ({})", list);
}

}  // namespace

model::Project read_project(const fs::path& path, const geo::Region& region, Progress& progress,
                            const LayerSelection& layers) {
  const io::GeoPackage gpkg = io::GeoPackage::open(path, false);
  model::Project p;
  p.info = info_from(read_metadata(gpkg, path));
  geo::Region local;
  std::optional<geo::Box> filter;
  if (!region.whole()) {
    local = region.transformed(geo::Transformer(geo::Crs::wgs84(), p.info.crs));
    filter = local.box();
  }
  ProgressTask task(progress, fmt::format("reading {}", path.filename().string()), 6);
  // Layers are read in parallel, each through its own connection (GDAL datasets and SQLite
  // connections are one thread's each): at national scale the points of interest alone take
  // as long as all the other layers together.
  const auto table = [&](std::string_view name, bool wanted = true, const std::string& where = {}) {
    if (!wanted) return model::Table{};
    const io::GeoPackage own = io::GeoPackage::open(path, false);
    return own.has_layer(name) ? own.read_table(name, filter, where) : model::Table{};
  };
  // The points of interest are read as two halves by feature id, one per core.
  const bool read_pois = layers.pois && gpkg.has_layer("pois");
  const std::int64_t poi_split = read_pois ? gpkg.feature_count("pois") / 2 : 0;
  const std::string poi_fid = read_pois ? gpkg.fid_column("pois") : std::string();
  const auto poi_half = [&](int half) {
    return table("pois", read_pois,
                 fmt::format("{} {} {}", poi_fid, half == 0 ? "<=" : ">", poi_split));
  };
  tbb::task_group group;
  group.run([&] {
    p.schools =
        decode(table("schools"), school_fields(),
               [](model::School& s, const geo::Geometry& g) { return set_point(s.location, g); });
    attach_children(p.schools, table("school_campus", layers.campus),
                    table("school_gates", layers.gates));
  });
  group.run([&] {
    p.water = decode(table("water", layers.water), water_fields(),
                     [](model::WaterBody& w, const geo::Geometry& g) {
                       w.area = as_multipolygon(g);
                       return !w.area.empty();
                     });
    p.waterways =
        decode(table("waterways", layers.waterways), waterway_fields(),
               [](model::Waterway& w, const geo::Geometry& g) { return set_line(w.line, g); });
    p.police = decode(
        table("police", layers.police), police_fields(),
        [](model::PoliceUnit& x, const geo::Geometry& g) { return set_point(x.location, g); });
  });
  group.run([&] {
    p.roads =
        decode(table("roads", layers.roads, road_class_filter(layers.road_classes)), road_fields(),
               [](model::Road& r, const geo::Geometry& g) { return set_line(r.line, g); });
  });
  std::vector<model::Poi> second_half;
  const auto decode_pois = [](const model::Table& t) {
    return decode(t, poi_fields(),
                  [](model::Poi& x, const geo::Geometry& g) { return set_point(x.location, g); });
  };
  group.run([&] { p.pois = decode_pois(poi_half(0)); });
  group.run([&] { second_half = decode_pois(poi_half(1)); });
  group.wait();
  p.pois.insert(p.pois.end(), std::make_move_iterator(second_half.begin()),
                std::make_move_iterator(second_half.end()));
  task.update(6);
  if (!region.whole()) {
    // The box filter is coarse; points are kept only inside the exact region outline.
    std::erase_if(p.schools, [&](const model::School& s) { return !local.contains(s.location); });
    std::erase_if(p.pois, [&](const model::Poi& x) { return !local.contains(x.location); });
    std::erase_if(p.police,
                  [&](const model::PoliceUnit& x) { return !local.contains(x.location); });
  }
  return p;
}

namespace {

void write_layers_through_gdal(const fs::path& path, const std::vector<model::Table>& tables,
                               const geo::Crs& crs, Progress& progress) {
  io::GeoPackage gpkg = io::GeoPackage::open(path, true);
  gpkg.begin();
  try {
    for (const auto& t : tables) gpkg.write_table(t, crs, progress);
    gpkg.commit();
  } catch (...) {
    gpkg.rollback();
    throw;
  }
  gpkg.close();
}

// The gpkg_spatial_ref_sys row of the project CRS: by EPSG code, or for a CRS without one, the
// row the store's own layers use.
std::optional<std::int32_t> project_srs_id(io::GpkgBulkWriter& bulk, const geo::Crs& crs) {
  if (const std::optional<int> epsg = crs.epsg()) {
    if (auto id = bulk.srs_id_for_epsg(*epsg)) return id;
  }
  for (const auto& t : project_tables(model::Project{})) {
    if (t.geometry_kind == model::GeometryKind::kNone) continue;
    if (auto id = bulk.srs_id_of_layer(t.name)) return id;
  }
  return std::nullopt;
}

}  // namespace

// Through SQLite directly (io/gpkg_bulk_writer.hpp): GDAL's feature-by-feature path was most of
// a national zones run. The project CRS's row is found by EPSG code or, for a CRS without one,
// as the row the store's own layers use; GDAL remains for a file that has neither.
void write_layers(const fs::path& path, const std::vector<model::Table>& tables,
                  Progress& progress) {
  geo::Crs crs;
  {
    const io::GeoPackage store = io::GeoPackage::open(path, false);
    crs = info_from(read_metadata(store, path)).crs;
  }
  {
    io::GpkgBulkWriter bulk(path);
    if (const auto srs_id = project_srs_id(bulk, crs)) {
      for (const auto& t : tables) bulk.write_table(t, *srs_id, progress);
      bulk.commit();
      return;
    }
  }
  write_layers_through_gdal(path, tables, crs, progress);
}

std::optional<model::Table> read_layer(const fs::path& path, std::string_view layer,
                                       const geo::Region& region) {
  const io::GeoPackage gpkg = io::GeoPackage::open(path, false);
  if (!gpkg.has_layer(layer)) return std::nullopt;
  std::optional<geo::Box> filter;
  if (!region.whole()) {
    const geo::Crs crs = info_from(read_metadata(gpkg, path)).crs;
    filter = region.transformed(geo::Transformer(geo::Crs::wgs84(), crs)).box();
  }
  return gpkg.read_table(layer, filter);
}

StoreSummary inspect(const fs::path& path) {
  const io::GeoPackage gpkg = io::GeoPackage::open(path, false);
  StoreSummary s;
  s.metadata = read_metadata(gpkg, path);
  s.crs = info_from(s.metadata).crs;
  for (const auto& name : gpkg.layer_names()) {
    s.layer_counts[name] = gpkg.feature_count(name);
    if (name != kMetadataLayer && name != kIssuesLayer) s.extent.expand(gpkg.extent_of(name));
  }
  return s;
}

}  // namespace huxiao::store
