#pragma once
// How a run is laid out: one county, or a grid of counties for national-scale runs, and which
// CRS holds them. Kept apart from the county generator so the layout rules can be tested on
// their own, without generating 500 000 schools.

#include <cstddef>
#include <cstdint>
#include <string>

#include "demo/synthetic_county.hpp"
#include "geo/crs.hpp"
#include "geo/geometry.hpp"

namespace huxiao::demo {

// Large runs keep the roads to what the schools need: a street patch per town and the links.
enum class Detail { kFull, kCompact };

inline constexpr double kCountyWidth = 48'000.0;  // metres; a county of Yunnan's border belt
inline constexpr double kCountyHeight = 40'000.0;
inline constexpr std::size_t kSchoolsPerCounty = 180;  // a typical county's count
inline constexpr std::size_t kMaxSchoolsSingleCounty = 300;
inline constexpr std::size_t kMaxFullDetailCounties = 150;
inline constexpr double kMaxUtmExtent = 800'000.0;  // beyond this UTM's scale error grows
inline constexpr double kMaxPois = 50'000'000.0;    // 5 million schools at 10 each

// The equal-area conic used for runs wider than a UTM zone can hold.
inline constexpr const char* kChinaAlbers =
    "+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +datum=WGS84 +units=m +no_defs";

struct RegionPlan {
  geo::Crs crs;
  bool equal_area = false;
  std::size_t counties = 1;
  std::size_t columns = 1;
  std::size_t rows = 1;
  geo::Point origin;  // south-west corner of county (0, 0); whole metres so edges are exact
  Detail detail = Detail::kFull;
  std::size_t schools = 0;
  double pois_per_school = 0.0;
  std::uint64_t seed = 0;

  double edge_x(std::size_t column) const;  // the shared edge of neighbouring counties
  double edge_y(std::size_t row) const;
  geo::Box frame(std::size_t county) const;
  std::size_t schools_before(std::size_t county) const;
  std::size_t schools_in(std::size_t county) const;
  std::size_t pois_before(std::size_t county) const;
  std::size_t pois_in(std::size_t county) const;
  std::size_t total_pois() const { return pois_before(counties); }
};

// Validates the options (Error kBadParameter) and lays out the run.
RegionPlan plan_region(const DemoOptions& options);

// "示例县" for the first county; the rest "示例" plus one to three syllables, all distinct.
std::string county_name(std::size_t county);

}  // namespace huxiao::demo
