#include "io/gpkg_bulk_writer.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <vector>

#include <fmt/format.h>

#include "core/error.hpp"

namespace huxiao::io {
namespace fs = std::filesystem;

namespace {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;

struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

// SQL quoting doubles the quote character: `"` for identifiers, `'` for text literals.
std::string quoted(std::string_view text, char quote) {
  std::string out(1, quote);
  for (char c : text) {
    if (c == quote) out.push_back(quote);
    out.push_back(c);
  }
  out.push_back(quote);
  return out;
}

std::string sql_name(std::string_view identifier) {
  return quoted(identifier, '"');
}
std::string sql_text(std::string_view text) {
  return quoted(text, '\'');
}

// [SECTION] GeoPackage binary geometry

template <class T>
void put_le(std::string& out, T v) {
  static_assert(std::endian::native == std::endian::little, "GeoPackage blobs are written LE");
  char bytes[sizeof(T)];
  std::memcpy(bytes, &v, sizeof(T));
  out.append(bytes, sizeof(T));
}

void put_header(std::string& out, std::uint32_t wkb_type, std::uint32_t count) {
  out.push_back('\x01');
  put_le(out, wkb_type);
  put_le(out, count);
}

void put_points(std::string& out, const std::vector<geo::Point>& points, geo::Box& box) {
  put_le(out, static_cast<std::uint32_t>(points.size()));
  for (const auto& p : points) {
    put_le(out, p.x);
    put_le(out, p.y);
    box.expand(p);
  }
}

void put_line(std::string& out, const geo::LineString& l, geo::Box& box) {
  out.push_back('\x01');
  put_le(out, std::uint32_t{2});
  put_points(out, l, box);
}

void put_polygon(std::string& out, const geo::Polygon& p, geo::Box& box) {
  put_header(out, 3, static_cast<std::uint32_t>(1 + p.holes.size()));
  put_points(out, p.outer, box);
  for (const auto& h : p.holes) put_points(out, h, box);
}

void put_wkb(std::string& out, const geo::Geometry& g, geo::Box& box) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, geo::Point>) {
          out.push_back('\x01');
          put_le(out, std::uint32_t{1});
          put_le(out, v.x);
          put_le(out, v.y);
          if (!std::isnan(v.x)) box.expand(v);
        } else if constexpr (std::is_same_v<T, geo::LineString>) {
          put_line(out, v, box);
        } else if constexpr (std::is_same_v<T, geo::Polygon>) {
          put_header(out, 6, 1);  // GDAL writes a polygon into a multipolygon layer as one
          put_polygon(out, v, box);
        } else if constexpr (std::is_same_v<T, geo::MultiLineString>) {
          put_header(out, 5, static_cast<std::uint32_t>(v.size()));
          for (const auto& l : v) put_line(out, l, box);
        } else {
          put_header(out, 6, static_cast<std::uint32_t>(v.size()));
          for (const auto& p : v) put_polygon(out, p, box);
        }
      },
      g);
}

// [SECTION] packed R-tree in SQLite's own node format (ext/rtree/rtree.c)

// SQLite stores boxes as floats rounded outwards; these are its rtreeValueDown/Up exactly, so a
// packed tree holds the same boxes the rtree module would have computed itself.
float value_down(double d) {
  float f = static_cast<float>(d);
  if (static_cast<double>(f) > d)
    f = static_cast<float>(d * (d < 0 ? 1.0 + 1.0 / 8388608.0 : 1.0 - 1.0 / 8388608.0));
  return f;
}
float value_up(double d) {
  float f = static_cast<float>(d);
  if (static_cast<double>(f) < d)
    f = static_cast<float>(d * (d < 0 ? 1.0 - 1.0 / 8388608.0 : 1.0 + 1.0 / 8388608.0));
  return f;
}

struct Cell {
  std::int64_t id = 0;         // feature id in a leaf, child node number above
  std::array<float, 4> box{};  // min x, max x, min y, max y (the column order)
};

Cell cell_of(std::int64_t fid, const geo::Box& b) {
  return {fid, {value_down(b.min_x), value_up(b.max_x), value_down(b.min_y), value_up(b.max_y)}};
}

// Position of (x, y) in [0, 65535]^2 along a Hilbert curve: neighbours on the curve are
// neighbours on the ground, so consecutive cells make compact nodes.
std::uint32_t hilbert(std::uint32_t x, std::uint32_t y) {
  std::uint32_t d = 0;
  for (std::uint32_t s = 1u << 15; s > 0; s >>= 1) {
    const std::uint32_t rx = (x & s) ? 1 : 0;
    const std::uint32_t ry = (y & s) ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry == 0) {
      if (rx == 1) {
        x = s - 1 - (x & (s - 1)) + (x & ~(s - 1));
        y = s - 1 - (y & (s - 1)) + (y & ~(s - 1));
        x &= 0xFFFF;
        y &= 0xFFFF;
      }
      std::swap(x, y);
    }
  }
  return d;
}

void sort_along_hilbert(std::vector<Cell>& cells) {
  geo::Box all;
  for (const auto& c : cells) all.expand(geo::Box{c.box[0], c.box[2], c.box[1], c.box[3]});
  const double w = std::max(all.max_x - all.min_x, 1e-9), h = std::max(all.max_y - all.min_y, 1e-9);
  const auto grid = [](double t) {
    return static_cast<std::uint32_t>(std::clamp(t, 0.0, 1.0) * 65535.0);
  };
  std::vector<std::pair<std::uint32_t, std::size_t>> keys(cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const auto& b = cells[i].box;
    const double cx = (static_cast<double>(b[0]) + b[1]) / 2,
                 cy = (static_cast<double>(b[2]) + b[3]) / 2;
    keys[i] = {hilbert(grid((cx - all.min_x) / w), grid((cy - all.min_y) / h)), i};
  }
  std::sort(keys.begin(), keys.end());
  std::vector<Cell> sorted(cells.size());
  for (std::size_t i = 0; i < keys.size(); ++i) sorted[i] = cells[keys[i].second];
  cells = std::move(sorted);
}

struct PackedTree {
  // Nodes by node number (index 0 is node 1, the root); each is its list of cells.
  std::vector<std::vector<Cell>> nodes;
  int depth = 0;                                                 // levels above the leaves
  std::vector<std::pair<std::int64_t, std::int64_t>> leaf_of;    // (fid, node), by fid
  std::vector<std::pair<std::int64_t, std::int64_t>> parent_of;  // (node, parent), by node
};

// Splits n cells into the fewest nodes of at most `per_node`, evenly, so that no node falls
// under the fill the rtree module keeps after deletions.
std::size_t nodes_for(std::size_t n, std::size_t per_node) {
  return std::max<std::size_t>(1, (n + per_node - 1) / per_node);
}

PackedTree pack(std::vector<Cell> cells, std::size_t per_node) {
  sort_along_hilbert(cells);
  // Level sizes bottom-up, then node numbers top-down so that the root is node 1.
  std::vector<std::size_t> counts{nodes_for(cells.size(), per_node)};
  while (counts.back() > 1) counts.push_back(nodes_for(counts.back(), per_node));
  const std::size_t levels = counts.size();
  std::vector<std::int64_t> first(levels);  // first node number of each level (0 = leaves)
  std::int64_t next = 1;
  for (std::size_t l = levels; l-- > 0;) {
    first[l] = next;
    next += static_cast<std::int64_t>(counts[l]);
  }
  PackedTree t;
  t.depth = static_cast<int>(levels) - 1;
  t.nodes.resize(static_cast<std::size_t>(next - 1));
  std::vector<Cell> level = std::move(cells);
  for (std::size_t l = 0; l < levels; ++l) {
    std::vector<Cell> up(counts[l]);
    for (std::size_t j = 0; j < counts[l]; ++j) {
      const std::size_t lo = j * level.size() / counts[l], hi = (j + 1) * level.size() / counts[l];
      const std::int64_t node = first[l] + static_cast<std::int64_t>(j);
      auto& out = t.nodes[static_cast<std::size_t>(node - 1)];
      out.assign(level.begin() + static_cast<std::ptrdiff_t>(lo),
                 level.begin() + static_cast<std::ptrdiff_t>(hi));
      Cell parent{node, {INFINITY, -INFINITY, INFINITY, -INFINITY}};
      for (const Cell& c : out) {
        parent.box = {std::min(parent.box[0], c.box[0]), std::max(parent.box[1], c.box[1]),
                      std::min(parent.box[2], c.box[2]), std::max(parent.box[3], c.box[3])};
        if (l == 0) t.leaf_of.emplace_back(c.id, node);
      }
      up[j] = parent;
    }
    if (l + 1 < levels) {
      // Parents are assigned by the same even split one level up.
      const std::size_t n = up.size(), k = counts[l + 1];
      for (std::size_t p = 0; p < k; ++p)
        for (std::size_t j = p * n / k; j < (p + 1) * n / k; ++j)
          t.parent_of.emplace_back(up[j].id, first[l + 1] + static_cast<std::int64_t>(p));
    }
    level = std::move(up);
  }
  std::sort(t.leaf_of.begin(), t.leaf_of.end());
  std::sort(t.parent_of.begin(), t.parent_of.end());
  return t;
}

template <class T>
void put_be(std::vector<unsigned char>& out, std::size_t at, T v) {
  for (std::size_t i = 0; i < sizeof(T); ++i)
    out[at + i] =
        static_cast<unsigned char>(static_cast<std::uint64_t>(v) >> (8 * (sizeof(T) - 1 - i)));
}

std::vector<unsigned char> node_blob(const std::vector<Cell>& cells, std::size_t size, int depth) {
  std::vector<unsigned char> blob(size, 0);
  if (depth >= 0) put_be(blob, 0, static_cast<std::uint16_t>(depth));  // the root says the depth
  put_be(blob, 2, static_cast<std::uint16_t>(cells.size()));
  std::size_t at = 4;
  for (const Cell& c : cells) {
    put_be(blob, at, static_cast<std::uint64_t>(c.id));
    at += 8;
    for (float f : c.box) {
      put_be(blob, at, std::bit_cast<std::uint32_t>(f));
      at += 4;
    }
  }
  return blob;
}

// [SECTION] SQL helpers

const char* geometry_type_name(model::GeometryKind kind) {
  switch (kind) {
    case model::GeometryKind::kPoint:
      return "POINT";
    case model::GeometryKind::kLineString:
      return "LINESTRING";
    case model::GeometryKind::kMultiPolygon:
      return "MULTIPOLYGON";
    case model::GeometryKind::kNone:
      break;
  }
  return "GEOMETRY";
}

const char* column_type_name(model::ColumnType type) {
  switch (type) {
    case model::ColumnType::kInteger:
      return "INTEGER";
    case model::ColumnType::kReal:
      return "REAL";
    case model::ColumnType::kText:
      return "TEXT";
  }
  return "TEXT";
}

// Numbers are stored as the column's type says, as GDAL's typed fields store them; text is bound
// without a copy (the row outlives the step).
void bind_value(sqlite3_stmt* s, int at, const model::Value& v, model::ColumnType type) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    if (type == model::ColumnType::kReal)
      sqlite3_bind_double(s, at, static_cast<double>(*i));
    else
      sqlite3_bind_int64(s, at, *i);
  } else if (const auto* d = std::get_if<double>(&v)) {
    if (type == model::ColumnType::kInteger)
      sqlite3_bind_int64(s, at, static_cast<std::int64_t>(*d));
    else
      sqlite3_bind_double(s, at, *d);
  } else if (const auto* text = std::get_if<std::string>(&v)) {
    sqlite3_bind_text(s, at, text->data(), static_cast<int>(text->size()), SQLITE_STATIC);
  } else {
    sqlite3_bind_null(s, at);
  }
}

}  // namespace

void append_gpkg_geometry(std::string& out, const geo::Geometry& g, std::int32_t srs_id,
                          geo::Box& box) {
  box = geo::Box{};
  const std::size_t start = out.size();
  const bool point = std::holds_alternative<geo::Point>(g);
  out.append("GP\0\0", 4);
  put_le(out, srs_id);
  const std::size_t envelope_at = out.size();
  if (!point) out.append(32, '\0');
  put_wkb(out, g, box);
  char flags = 0x01;  // little endian
  if (box.empty()) {
    flags |= 0x10;  // the empty flag, and no envelope
    if (!point) out.erase(envelope_at, 32);
  } else if (!point) {
    flags |= 0x02;  // envelope [min x, max x, min y, max y]
    const double env[4] = {box.min_x, box.max_x, box.min_y, box.max_y};
    std::memcpy(out.data() + envelope_at, env, sizeof env);
  }
  out[start + 3] = flags;
}

struct GpkgBulkWriter::Impl {
  fs::path file;
  DbPtr db;
  bool open_transaction = false;

  [[noreturn]] void fail(std::string_view what) const {
    throw Error(ErrorCode::kWriteFailed,
                fmt::format("{}: {}", what, db ? sqlite3_errmsg(db.get()) : "cannot open"),
                {.file = file.string(),
                 .fix = "check free disk space and that no other program (QGIS) holds the file "
                        "open for writing; the store keeps its previous content"});
  }
  void exec(const std::string& sql) const {
    if (sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
      fail(fmt::format("SQL failed ({})", sql.substr(0, 80)));
  }
  StmtPtr prepare(const std::string& sql) const {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db.get(), sql.c_str(), static_cast<int>(sql.size()), &s, nullptr) !=
        SQLITE_OK)
      fail(fmt::format("SQL failed ({})", sql.substr(0, 80)));
    return StmtPtr(s);
  }
  void step_done(sqlite3_stmt* s, std::string_view what) const {
    if (sqlite3_step(s) != SQLITE_DONE) fail(what);
    sqlite3_reset(s);
  }
  bool table_exists(const std::string& name) const {
    StmtPtr s =
        prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND lower(name) = lower(?)");
    sqlite3_bind_text(s.get(), 1, name.c_str(), -1, SQLITE_TRANSIENT);
    return sqlite3_step(s.get()) == SQLITE_ROW;
  }

  void drop_layer(const std::string& name) const;
  void create_layer(const model::Table& t, std::int32_t srs_id) const;
  geo::Box insert_rows(const model::Table& t, std::int32_t srs_id, std::vector<Cell>& cells,
                       Progress& progress) const;
  void write_rtree(const std::string& rtree, std::vector<Cell> cells) const;
  void finish_layer(const model::Table& t, const geo::Box& extent) const;
};

GpkgBulkWriter::GpkgBulkWriter(const fs::path& file) : impl_(std::make_unique<Impl>()) {
  impl_->file = file;
  sqlite3* db = nullptr;
  // One thread uses the connection: no per-call mutex.
  const int rc =
      sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  impl_->db.reset(db);
  if (rc != SQLITE_OK) impl_->fail("cannot open the GeoPackage for writing");
  sqlite3_busy_timeout(db, 5000);
  // The rollback journal stays on: an interrupted write must leave the store as it was. Pages
  // beyond the old end of file are never journaled, so new layers cost no journal writes.
  impl_->exec("PRAGMA cache_size = -524288");  // 512 MiB: few spills in one large transaction
  impl_->exec("BEGIN IMMEDIATE");
  impl_->open_transaction = true;
}

GpkgBulkWriter::~GpkgBulkWriter() {
  if (impl_ && impl_->db && impl_->open_transaction)
    sqlite3_exec(impl_->db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
}

std::optional<std::int32_t> GpkgBulkWriter::srs_id_for_epsg(int code) const {
  StmtPtr s = impl_->prepare(
      "SELECT srs_id FROM gpkg_spatial_ref_sys WHERE upper(organization) = 'EPSG' AND "
      "organization_coordsys_id = ? ORDER BY srs_id = ? DESC LIMIT 1");
  sqlite3_bind_int(s.get(), 1, code);
  sqlite3_bind_int(s.get(), 2, code);
  if (sqlite3_step(s.get()) != SQLITE_ROW) return std::nullopt;
  return sqlite3_column_int(s.get(), 0);
}

std::optional<std::int32_t> GpkgBulkWriter::srs_id_of_layer(std::string_view layer) const {
  StmtPtr s =
      impl_->prepare("SELECT srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = lower(?)");
  sqlite3_bind_text(s.get(), 1, layer.data(), static_cast<int>(layer.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(s.get()) != SQLITE_ROW) return std::nullopt;
  return sqlite3_column_int(s.get(), 0);
}

void GpkgBulkWriter::commit() {
  impl_->exec("COMMIT");
  impl_->open_transaction = false;
}

// What GDAL's DeleteLayer removes: the table, its R-tree and every metadata row naming it.
void GpkgBulkWriter::Impl::drop_layer(const std::string& name) const {
  if (!table_exists(name)) return;
  StmtPtr cols =
      prepare("SELECT column_name FROM gpkg_geometry_columns WHERE lower(table_name) = lower(?)");
  sqlite3_bind_text(cols.get(), 1, name.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<std::string> rtrees;
  while (sqlite3_step(cols.get()) == SQLITE_ROW)
    rtrees.push_back(fmt::format(
        "rtree_{}_{}", name, reinterpret_cast<const char*>(sqlite3_column_text(cols.get(), 0))));
  for (const auto& r : rtrees)
    if (table_exists(r)) exec("DROP TABLE " + sql_name(r));
  for (const char* meta : {"gpkg_extensions", "gpkg_data_columns", "gpkg_metadata_reference",
                           "gpkg_geometry_columns", "gpkg_ogr_contents", "gpkg_contents"}) {
    if (table_exists(meta))
      exec(fmt::format("DELETE FROM {} WHERE lower(table_name) = lower({})", meta, sql_text(name)));
  }
  exec("DROP TABLE " + sql_name(name));
}

void GpkgBulkWriter::Impl::create_layer(const model::Table& t, std::int32_t srs_id) const {
  const bool spatial = t.geometry_kind != model::GeometryKind::kNone;
  std::string sql = fmt::format(
      "CREATE TABLE {} ( \"fid\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL", sql_name(t.name));
  if (spatial) sql += fmt::format(", \"geom\" {}", geometry_type_name(t.geometry_kind));
  for (const auto& c : t.columns)
    sql += fmt::format(", {} {}", sql_name(c.name), column_type_name(c.type));
  exec(sql + ")");
  // gpkg_contents first: gpkg_geometry_columns refers to it. The extent follows the rows.
  exec(fmt::format(
      "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, "
      "srs_id) VALUES ({0}, '{1}', {0}, '', strftime('%Y-%m-%dT%H:%M:%fZ','now'), {2})",
      sql_text(t.name), spatial ? "features" : "attributes", spatial ? srs_id : 0));
  if (spatial) {
    exec(fmt::format(
        "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, "
        "z, m) VALUES ({}, 'geom', '{}', {}, 0, 0)",
        sql_text(t.name), geometry_type_name(t.geometry_kind), srs_id));
  }
}

geo::Box GpkgBulkWriter::Impl::insert_rows(const model::Table& t, std::int32_t srs_id,
                                           std::vector<Cell>& cells, Progress& progress) const {
  const bool spatial = t.geometry_kind != model::GeometryKind::kNone;
  std::string sql =
      fmt::format("INSERT INTO {} (\"fid\"{}", sql_name(t.name), spatial ? ", \"geom\"" : "");
  std::string params = "?";
  if (spatial) params += ", ?";
  for (const auto& c : t.columns) {
    sql += ", " + sql_name(c.name);
    params += ", ?";
  }
  StmtPtr insert = prepare(sql + ") VALUES (" + params + ")");
  sqlite3_stmt* s = insert.get();
  const int first_column = spatial ? 3 : 2;
  geo::Box extent, box;
  std::string blob;
  ProgressTask task(progress, fmt::format("writing {}", t.name), t.rows.size());
  std::int64_t fid = 0;
  for (const auto& row : t.rows) {
    sqlite3_bind_int64(s, 1, ++fid);
    if (spatial) {
      if (row.geometry) {
        blob.clear();
        append_gpkg_geometry(blob, *row.geometry, srs_id, box);
        sqlite3_bind_blob(s, 2, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
        if (!box.empty()) {
          extent.expand(box);
          cells.push_back(cell_of(fid, box));
        }
      } else {
        sqlite3_bind_null(s, 2);
      }
    }
    static const model::Value kMissing;  // a short row's last columns
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      bind_value(s, first_column + static_cast<int>(c),
                 c < row.values.size() ? row.values[c] : kMissing, t.columns[c].type);
    }
    if (sqlite3_step(s) != SQLITE_DONE)
      fail(fmt::format("cannot write row {} of layer {}", fid, t.name));
    sqlite3_reset(s);
    if ((fid & 0x3FF) == 0) {
      task.update(static_cast<std::uint64_t>(fid));
      task.check_cancel();  // the transaction rolls back when the writer is destroyed
    }
  }
  return extent;
}

void GpkgBulkWriter::Impl::write_rtree(const std::string& rtree, std::vector<Cell> cells) const {
  exec(fmt::format("CREATE VIRTUAL TABLE {} USING rtree(id, minx, maxx, miny, maxy)",
                   sql_name(rtree)));
  if (cells.empty()) return;  // the module's own empty root stays
  // The node size the module chose for this page size; it reads it back from node 1.
  StmtPtr size_q = prepare(
      fmt::format("SELECT length(data) FROM {} WHERE nodeno = 1", sql_name(rtree + "_node")));
  if (sqlite3_step(size_q.get()) != SQLITE_ROW) fail("cannot read the new R-tree's root");
  const auto node_size = static_cast<std::size_t>(sqlite3_column_int(size_q.get(), 0));
  size_q.reset();
  const std::size_t per_node = (node_size - 4) / 24;
  const PackedTree tree = pack(std::move(cells), per_node);
  exec(fmt::format("DELETE FROM {} WHERE nodeno = 1", sql_name(rtree + "_node")));
  StmtPtr node = prepare(
      fmt::format("INSERT INTO {} (nodeno, data) VALUES (?, ?)", sql_name(rtree + "_node")));
  for (std::size_t i = 0; i < tree.nodes.size(); ++i) {
    const auto blob = node_blob(tree.nodes[i], node_size, i == 0 ? tree.depth : -1);
    sqlite3_bind_int64(node.get(), 1, static_cast<std::int64_t>(i + 1));
    sqlite3_bind_blob(node.get(), 2, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
    step_done(node.get(), "cannot write the spatial index");
  }
  const auto write_pairs = [&](const std::string& table, const char* columns, const auto& pairs) {
    StmtPtr st =
        prepare(fmt::format("INSERT INTO {} ({}) VALUES (?, ?)", sql_name(table), columns));
    for (const auto& [a, b] : pairs) {
      sqlite3_bind_int64(st.get(), 1, a);
      sqlite3_bind_int64(st.get(), 2, b);
      step_done(st.get(), "cannot write the spatial index");
    }
  };
  write_pairs(rtree + "_rowid", "rowid, nodeno", tree.leaf_of);
  write_pairs(rtree + "_parent", "nodeno, parentnode", tree.parent_of);
}

// The spec's R-tree triggers and GDAL's feature-count triggers, created after the bulk insert
// (they call ST_* functions that only GDAL and SpatiaLite register).
void GpkgBulkWriter::Impl::finish_layer(const model::Table& t, const geo::Box& extent) const {
  const std::string n = sql_name(t.name), l = sql_text(t.name);
  const bool spatial = t.geometry_kind != model::GeometryKind::kNone;
  // SQLite's own printf, as GDAL formats the extent: the same decimal digits, the same doubles.
  const auto real = [](double v) {
    if (!std::isfinite(v)) return std::string("NULL");
    std::unique_ptr<char, decltype(&sqlite3_free)> text(sqlite3_mprintf("%.18g", v), sqlite3_free);
    return std::string(text.get());
  };
  if (spatial) {
    exec(fmt::format(
        "UPDATE gpkg_contents SET min_x = {}, min_y = {}, max_x = {}, max_y = {}, last_change = "
        "strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = {}",
        real(extent.min_x), real(extent.min_y), real(extent.max_x), real(extent.max_y), l));
  }
  if (table_exists("gpkg_ogr_contents")) {
    exec(fmt::format("INSERT INTO gpkg_ogr_contents (table_name, feature_count) VALUES ({}, {})", l,
                     t.rows.size()));
    exec(fmt::format(
        "CREATE TRIGGER {} AFTER INSERT ON {} BEGIN UPDATE gpkg_ogr_contents SET feature_count = "
        "feature_count + 1 WHERE lower(table_name) = lower({}); END",
        sql_name("trigger_insert_feature_count_" + t.name), n, l));
    exec(fmt::format(
        "CREATE TRIGGER {} AFTER DELETE ON {} BEGIN UPDATE gpkg_ogr_contents SET feature_count = "
        "feature_count - 1 WHERE lower(table_name) = lower({}); END",
        sql_name("trigger_delete_feature_count_" + t.name), n, l));
  }
  if (!spatial) return;
  exec(fmt::format(
      "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) "
      "VALUES ({}, 'geom', 'gpkg_rtree_index', "
      "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
      l));
  const std::string r = sql_name("rtree_" + t.name + "_geom"), rn = "rtree_" + t.name + "_geom";
  const std::string values =
      "VALUES (NEW.\"fid\",ST_MinX(NEW.\"geom\"), ST_MaxX(NEW.\"geom\"),ST_MinY(NEW.\"geom\"), "
      "ST_MaxY(NEW.\"geom\"))";
  exec(
      fmt::format("CREATE TRIGGER {} AFTER INSERT ON {} WHEN (new.\"geom\" NOT NULL AND NOT "
                  "ST_IsEmpty(NEW.\"geom\")) BEGIN INSERT OR REPLACE INTO {} {}; END",
                  sql_name(rn + "_insert"), n, r, values));
  exec(fmt::format(
      "CREATE TRIGGER {} AFTER UPDATE OF \"geom\" ON {} WHEN OLD.\"fid\" = NEW.\"fid\" AND "
      "(NEW.\"geom\" NOTNULL AND NOT ST_IsEmpty(NEW.\"geom\")) BEGIN INSERT OR REPLACE INTO {} "
      "{}; END",
      sql_name(rn + "_update1"), n, r, values));
  exec(fmt::format(
      "CREATE TRIGGER {} AFTER UPDATE OF \"geom\" ON {} WHEN OLD.\"fid\" = NEW.\"fid\" AND "
      "(NEW.\"geom\" ISNULL OR ST_IsEmpty(NEW.\"geom\")) BEGIN DELETE FROM {} WHERE id = "
      "OLD.\"fid\"; END",
      sql_name(rn + "_update2"), n, r));
  exec(fmt::format(
      "CREATE TRIGGER {} AFTER UPDATE ON {} WHEN OLD.\"fid\" != NEW.\"fid\" AND (NEW.\"geom\" "
      "NOTNULL AND NOT ST_IsEmpty(NEW.\"geom\")) BEGIN DELETE FROM {} WHERE id = OLD.\"fid\"; "
      "INSERT OR REPLACE INTO {} {}; END",
      sql_name(rn + "_update3"), n, r, r, values));
  exec(fmt::format(
      "CREATE TRIGGER {} AFTER UPDATE ON {} WHEN OLD.\"fid\" != NEW.\"fid\" AND (NEW.\"geom\" "
      "ISNULL OR ST_IsEmpty(NEW.\"geom\")) BEGIN DELETE FROM {} WHERE id IN (OLD.\"fid\", "
      "NEW.\"fid\"); END",
      sql_name(rn + "_update4"), n, r));
  exec(fmt::format(
      "CREATE TRIGGER {} AFTER DELETE ON {} WHEN old.\"geom\" NOT NULL BEGIN DELETE FROM {} "
      "WHERE id = OLD.\"fid\"; END",
      sql_name(rn + "_delete"), n, r));
}

void GpkgBulkWriter::write_table(const model::Table& table, std::int32_t srs_id,
                                 Progress& progress) {
  impl_->drop_layer(table.name);
  impl_->create_layer(table, srs_id);
  std::vector<Cell> cells;
  cells.reserve(table.geometry_kind == model::GeometryKind::kNone ? 0 : table.rows.size());
  const geo::Box extent = impl_->insert_rows(table, srs_id, cells, progress);
  if (table.geometry_kind != model::GeometryKind::kNone)
    impl_->write_rtree("rtree_" + table.name + "_geom", std::move(cells));
  impl_->finish_layer(table, extent);
}

}  // namespace huxiao::io
