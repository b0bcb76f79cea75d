#pragma once
// A generic feature table: the engine's own form of a layer with typed columns and an optional
// geometry per row. Analyses emit results as tables; io/ turns them into GeoPackage layers, CSV.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "geo/geometry.hpp"

namespace huxiao::model {

enum class ColumnType { kInteger, kReal, kText };
enum class GeometryKind { kNone, kPoint, kLineString, kMultiPolygon };

struct Column {
  std::string name;
  ColumnType type = ColumnType::kText;
};

using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

struct Row {
  std::vector<Value> values;  // one per column, in column order
  std::optional<geo::Geometry> geometry;
};

struct Table {
  std::string name;
  GeometryKind geometry_kind = GeometryKind::kNone;
  std::vector<Column> columns;
  std::vector<Row> rows;

  std::size_t column_index(std::string_view column) const;  // throws kInternal if absent
};

// Typed accessors that tolerate a missing value.
std::string value_as_text(const Value& v);
std::optional<double> value_as_real(const Value& v);
std::optional<std::int64_t> value_as_integer(const Value& v);

}  // namespace huxiao::model
