#include "network/outputs.hpp"

#include <bit>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "io/geopackage.hpp"

namespace huxiao::network {
namespace {

using model::ColumnType;

std::optional<std::size_t> find_column(const model::Table& t, std::string_view name) {
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    if (t.columns[i].name == name) return i;
  }
  return std::nullopt;
}

std::optional<geo::Point> representative_point(const geo::Geometry& g) {
  if (const auto* p = std::get_if<geo::Point>(&g)) return *p;
  if (const auto* mp = std::get_if<geo::MultiPolygon>(&g); mp && !mp->empty())
    return geo::centroid(*mp);
  if (const auto* poly = std::get_if<geo::Polygon>(&g))
    return geo::centroid(geo::MultiPolygon{*poly});
  if (const auto* l = std::get_if<geo::LineString>(&g); l && !l->empty())
    return geo::midpoint_along(*l);
  return std::nullopt;
}

void write_binary_file(const std::filesystem::path& file, const std::string& bytes) {
  AtomicOutput out(file);
  {
    std::ofstream f(out.temp_path(), std::ios::binary);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    f.close();
    if (!f) throw Error(ErrorCode::kWriteFailed, "cannot write the file", {.file = file.string()});
  }
  out.commit();
}

template <class T>
void put(std::string& out, T v) {
  static_assert(std::endian::native == std::endian::little, "the binary layout is little-endian");
  char buf[sizeof(T)];
  std::memcpy(buf, &v, sizeof(T));
  out.append(buf, sizeof(T));
}

std::string status_of(const SnapResult& o, const SnapResult& d, std::size_t r, std::size_t c,
                      double s) {
  if (!o.locations[r] || !d.locations[c]) return "not_snapped";
  return s == kUnreachable ? "unreachable" : "ok";
}

model::Table places_table(const std::string& name, const std::vector<Place>& places,
                          const SnapResult& snaps) {
  model::Table t{name,
                 model::GeometryKind::kNone,
                 {{"index", ColumnType::kInteger},
                  {"id", ColumnType::kText},
                  {"name", ColumnType::kText},
                  {"snapped", ColumnType::kInteger},
                  {"snap_distance_m", ColumnType::kReal}},
                 {}};
  for (std::size_t i = 0; i < places.size(); ++i) {
    const auto& loc = snaps.locations[i];
    t.rows.push_back(
        {{static_cast<std::int64_t>(i), places[i].id, places[i].name, std::int64_t{loc ? 1 : 0},
          loc ? model::Value{loc->snap_distance} : model::Value{}},
         std::nullopt});
  }
  return t;
}

}  // namespace

std::vector<Place> read_places(const std::filesystem::path& store, const std::string& layer) {
  const io::GeoPackage gpkg = io::GeoPackage::open(store, false);
  if (!gpkg.has_layer(layer)) {
    std::string names;
    for (const auto& n : gpkg.layer_names()) names += (names.empty() ? "" : ", ") + n;
    throw Error(ErrorCode::kBadValue, fmt::format("the store has no layer '{}'", layer),
                {.file = store.string(), .fix = fmt::format("use one of its layers: {}", names)});
  }
  const model::Table t = gpkg.read_table(layer);
  const auto name_col = find_column(t, "name");
  // Layers name their key "id", "school_id", "police_id", …; the source's id is the fallback.
  auto id_col = find_column(t, "id");
  for (std::size_t i = 0; i < t.columns.size() && !id_col; ++i) {
    const auto& n = t.columns[i].name;
    if (n != "source_id" && n.size() > 3 && n.ends_with("_id")) id_col = i;
  }
  if (!id_col) id_col = find_column(t, "source_id");
  std::vector<Place> places;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto& row = t.rows[i];
    if (!row.geometry) continue;
    const auto p = representative_point(*row.geometry);
    if (!p) continue;
    Place pl;
    pl.id = id_col ? model::value_as_text(row.values[*id_col]) : std::to_string(i + 1);
    pl.name = name_col ? model::value_as_text(row.values[*name_col]) : pl.id;
    pl.point = *p;
    places.push_back(std::move(pl));
  }
  if (places.empty()) {
    throw Error(ErrorCode::kEmptyInput,
                fmt::format("layer '{}' holds no features with a location", layer),
                {.file = store.string(), .fix = "import data into that layer or name another"});
  }
  return places;
}

void write_matrix_csv(const std::filesystem::path& file, const Matrix& m,
                      const std::vector<Place>& origins, const std::vector<Place>& destinations,
                      const SnapResult& origin_snaps, const SnapResult& destination_snaps) {
  model::Table t{"matrix",
                 model::GeometryKind::kNone,
                 {{"origin_id", ColumnType::kText},
                  {"origin", ColumnType::kText},
                  {"destination_id", ColumnType::kText},
                  {"destination", ColumnType::kText},
                  {"seconds", ColumnType::kReal},
                  {"status", ColumnType::kText}},
                 {}};
  t.rows.reserve(m.rows * m.cols);
  for (std::size_t r = 0; r < m.rows; ++r) {
    for (std::size_t c = 0; c < m.cols; ++c) {
      const double s = m.at(r, c);
      t.rows.push_back({{origins[r].id, origins[r].name, destinations[c].id, destinations[c].name,
                         s == kUnreachable ? model::Value{} : model::Value{s},
                         status_of(origin_snaps, destination_snaps, r, c, s)},
                        std::nullopt});
    }
  }
  io::write_csv(file, t);
}

void write_matrix_binary(const std::filesystem::path& file, const Matrix& m,
                         const std::vector<Place>& origins, const std::vector<Place>& destinations,
                         const SnapResult& origin_snaps, const SnapResult& destination_snaps) {
  std::string bytes = "HXMATRIX";
  bytes.reserve(32 + m.seconds.size() * 8);
  put<std::uint32_t>(bytes, 1);
  put<std::uint32_t>(bytes, 0);
  put<std::uint64_t>(bytes, m.rows);
  put<std::uint64_t>(bytes, m.cols);
  const std::size_t header = bytes.size();
  bytes.resize(header + m.seconds.size() * sizeof(double));
  std::memcpy(bytes.data() + header, m.seconds.data(), m.seconds.size() * sizeof(double));
  io::write_csv(file.string() + ".origins.csv", places_table("origins", origins, origin_snaps));
  io::write_csv(file.string() + ".destinations.csv",
                places_table("destinations", destinations, destination_snaps));
  write_binary_file(file, bytes);
}

Matrix read_matrix_binary(const std::filesystem::path& file) {
  std::ifstream f(file, std::ios::binary);
  if (!f) throw Error(ErrorCode::kFileNotFound, "matrix file not found", {.file = file.string()});
  char magic[8];
  std::uint32_t version = 0, reserved = 0;
  std::uint64_t rows = 0, cols = 0;
  f.read(magic, 8);
  f.read(reinterpret_cast<char*>(&version), 4);
  f.read(reinterpret_cast<char*>(&reserved), 4);
  f.read(reinterpret_cast<char*>(&rows), 8);
  f.read(reinterpret_cast<char*>(&cols), 8);
  if (!f || std::string_view(magic, 8) != "HXMATRIX" || version != 1) {
    throw Error(ErrorCode::kUnreadable, "not a huxiao matrix file (version 1)",
                {.file = file.string(), .fix = "write it with `huxiao route matrix -o FILE.bin`"});
  }
  Matrix m;
  m.rows = rows;
  m.cols = cols;
  m.seconds.resize(rows * cols);
  f.read(reinterpret_cast<char*>(m.seconds.data()),
         static_cast<std::streamsize>(m.seconds.size() * 8));
  if (!f) throw Error(ErrorCode::kUnreadable, "matrix file is truncated", {.file = file.string()});
  return m;
}

model::Table isochrone_table(const std::string& name, Mode mode,
                             const std::vector<IsochroneRow>& rows) {
  model::Table t{name,
                 model::GeometryKind::kMultiPolygon,
                 {{"place_id", ColumnType::kText},
                  {"place", ColumnType::kText},
                  {"profile", ColumnType::kText},
                  {"minutes", ColumnType::kReal},
                  {"reached_km", ColumnType::kReal},
                  {"area_m2", ColumnType::kReal}},
                 {}};
  for (const auto& r : rows) {
    t.rows.push_back(
        {{r.place->id, r.place->name, std::string(to_string(mode)), r.iso.limit_s / 60.0,
          r.iso.reached_length_m / 1000.0, geo::area(r.iso.area)},
         geo::Geometry{r.iso.area}});
  }
  return t;
}

model::Table route_table(const std::string& name, Mode mode, const std::vector<RouteRow>& rows) {
  model::Table t{name,
                 model::GeometryKind::kLineString,
                 {{"origin_id", ColumnType::kText},
                  {"origin", ColumnType::kText},
                  {"destination_id", ColumnType::kText},
                  {"destination", ColumnType::kText},
                  {"profile", ColumnType::kText},
                  {"seconds", ColumnType::kReal},
                  {"metres", ColumnType::kReal}},
                 {}};
  for (const auto& r : rows) {
    t.rows.push_back({{r.origin->id, r.origin->name, r.destination->id, r.destination->name,
                       std::string(to_string(mode)), r.route.seconds, r.route.length_m},
                      geo::Geometry{r.route.line}});
  }
  return t;
}

void export_graph(const Graph& graph, const std::filesystem::path& arcs_csv,
                  const std::filesystem::path& nodes_csv) {
  std::string arcs = "from,to,seconds,metres,edge\n";
  arcs.reserve(graph.arc_count() * 48);
  for (NodeId n = 0; n < graph.node_count(); ++n) {
    for (const Arc& a : graph.out_arcs(n)) {
      fmt::format_to(std::back_inserter(arcs), "{},{},{:.17g},{:.17g},{}\n", n, a.head, a.seconds,
                     graph.edge(a.edge()).length_m, a.edge());
    }
  }
  std::string nodes = "node,x,y\n";
  for (NodeId n = 0; n < graph.node_count(); ++n) {
    fmt::format_to(std::back_inserter(nodes), "{},{:.17g},{:.17g}\n", n, graph.node(n).x,
                   graph.node(n).y);
  }
  write_text_file_atomic(arcs_csv, arcs);
  write_text_file_atomic(nodes_csv, nodes);
}

}  // namespace huxiao::network
