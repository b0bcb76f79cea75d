#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "geo/geometry.hpp"
#include "model/source_ref.hpp"

namespace huxiao::model {

enum class PoliceKind { kStation, kPost, kKiosk };  // 派出所 / 警务室·岗 / 岗亭
std::string_view to_string(PoliceKind kind);
std::optional<PoliceKind> parse_police_kind(std::string_view text);
// 派出所 → station, 警务室/警务站/执勤点 → post, 岗亭/警务亭 → kiosk.
PoliceKind police_kind_from_name(std::string_view name);

struct PoliceUnit {
  std::string id;
  std::string name;
  PoliceKind kind = PoliceKind::kStation;
  int officers = 0;  // 0 = unknown
  geo::Point location;
  SourceRef source;
};

}  // namespace huxiao::model
