#pragma once
// What is under the cursor: the feature a click selects and the attributes the inspector shows.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "viewer/core/document.hpp"

namespace huxiao::viewer {

enum class FeatureKind { kSchool, kGate, kPolice, kPoi, kZone, kWater, kWaterway, kRoad };

struct FeatureRef {
  FeatureKind kind = FeatureKind::kSchool;
  std::string id;         // the school's id for a gate
  std::size_t index = 0;  // the gate's index within its school
  friend bool operator==(const FeatureRef&, const FeatureRef&) = default;
};

// Points within `tolerance` metres win (nearest first: schools, gates, police, POIs), then the
// zone or water body containing the point, then the nearest line within `tolerance`.
std::optional<FeatureRef> pick(const Document& doc, const geo::Point& at, double tolerance);

// Label/value pairs for the inspector; empty when the feature no longer exists.
std::vector<std::pair<std::string, std::string>> attributes(const Document& doc,
                                                            const FeatureRef& ref);

}  // namespace huxiao::viewer
