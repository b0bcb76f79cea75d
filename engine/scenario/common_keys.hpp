#pragma once
// Keys that scenario, mapping and analysis sections share, checked the same way everywhere:
// a CRS is built with PROJ when the file is read, not when the first coordinate is transformed.

#include <optional>
#include <string>
#include <string_view>

#include "geo/crs.hpp"
#include "scenario/section.hpp"

namespace huxiao::scenario {

// Anything geo::Crs::parse accepts ("GCJ-02", "EPSG:4547", WKT...). A CRS PROJ cannot build is
// a kScenario error at the key.
geo::Crs required_crs(Section& section, std::string_view key);
std::optional<geo::Crs> optional_crs(Section& section, std::string_view key);

// A text encoding name for Shapefile/CSV attributes ("GBK", "GB18030", "UTF-8"), checked
// against the converters this system has, with a suggestion among the common Chinese ones.
std::optional<std::string> optional_encoding(Section& section, std::string_view key);

}  // namespace huxiao::scenario
