#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "geo/geometry.hpp"
#include "model/source_ref.hpp"

namespace huxiao::model {

enum class WaterKind { kReservoir, kLake, kPond, kRiver, kStream, kCanal, kDitch };
std::string_view to_string(WaterKind kind);
std::optional<WaterKind> parse_water_kind(std::string_view text);  // English or Chinese
const std::vector<WaterKind>& all_water_kinds();

struct Safeguards {
  bool warning_sign = false;
  bool fence = false;
  bool rescue_equipment = false;
};

// A water body (polygon) — reservoir, lake, pond, the area of a wide river.
struct WaterBody {
  std::string id;
  std::string name;
  WaterKind kind = WaterKind::kPond;
  bool kind_inferred = false;  // e.g. natural=water without water=*: pond or lake by size
  geo::MultiPolygon area;
  Safeguards safeguards;
  std::string responsible_unit;
  SourceRef source;
};

// A waterway (centre line) — river, stream, canal, ditch.
struct Waterway {
  std::string id;
  std::string name;
  WaterKind kind = WaterKind::kRiver;
  geo::LineString line;
  Safeguards safeguards;
  std::string responsible_unit;
  SourceRef source;
};

}  // namespace huxiao::model
