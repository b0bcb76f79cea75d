#include "demo/region_plan.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "core/error.hpp"

namespace huxiao::demo {
namespace {

// Anchors, rounded to whole metres so no PROJ call (whose last bits vary) is needed:
// 100.8°E 22.0°N in UTM 47N (the Xishuangbanna border belt), 105°E 33°N in the Albers above.
constexpr geo::Point kUtmAnchor{686'000.0, 2'434'000.0};
constexpr geo::Point kAlbersAnchor{0.0, 3'509'000.0};
constexpr geo::Point kUtmAnchorLonLat{100.8, 22.0};

void validate(const DemoOptions& o) {
  require_positive("schools", static_cast<double>(o.schools),
                   "ask for at least one school (--schools N)");
  require_in_range("schools", static_cast<double>(o.schools), 1, 5'000'000,
                   "use --schools between 1 and 5000000");
  require_in_range("pois_per_school", o.pois_per_school, 0, 100,
                   "use a POI density between 0 and 100 per school");
  // Each POI costs about 250 bytes; the national maximum at the default density is the cap.
  require_in_range("schools × pois_per_school", static_cast<double>(o.schools) * o.pois_per_school,
                   0, kMaxPois, "lower --schools or the POI density");
}

}  // namespace

double RegionPlan::edge_x(std::size_t column) const {
  return origin.x + static_cast<double>(column) * kCountyWidth;
}

double RegionPlan::edge_y(std::size_t row) const {
  return origin.y + static_cast<double>(row) * kCountyHeight;
}

geo::Box RegionPlan::frame(std::size_t county) const {
  const std::size_t c = county % columns, r = county / columns;
  return {edge_x(c), edge_y(r), edge_x(c + 1), edge_y(r + 1)};
}

std::size_t RegionPlan::schools_before(std::size_t county) const {
  const std::size_t base = schools / counties, extra = schools % counties;
  return county * base + std::min(county, extra);
}

std::size_t RegionPlan::schools_in(std::size_t county) const {
  return schools_before(county + 1) - schools_before(county);
}

std::size_t RegionPlan::pois_before(std::size_t county) const {
  // Rounding the running total (not each county) makes the grand total exact.
  return static_cast<std::size_t>(
      std::llround(static_cast<double>(schools_before(county)) * pois_per_school));
}

std::size_t RegionPlan::pois_in(std::size_t county) const {
  return pois_before(county + 1) - pois_before(county);
}

RegionPlan plan_region(const DemoOptions& options) {
  validate(options);
  RegionPlan plan;
  plan.seed = options.seed;
  plan.schools = options.schools;
  plan.pois_per_school = options.pois_per_school;
  plan.counties = options.schools <= kMaxSchoolsSingleCounty
                      ? 1
                      : (options.schools + kSchoolsPerCounty - 1) / kSchoolsPerCounty;
  plan.columns = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(plan.counties))));
  plan.rows = (plan.counties + plan.columns - 1) / plan.columns;
  const double width = static_cast<double>(plan.columns) * kCountyWidth;
  const double height = static_cast<double>(plan.rows) * kCountyHeight;
  plan.equal_area = std::max(width, height) > kMaxUtmExtent;
  plan.crs = plan.equal_area ? geo::Crs{kChinaAlbers, geo::ChineseOffset::kNone}
                             : geo::utm_crs_for(kUtmAnchorLonLat);
  const geo::Point anchor = plan.equal_area ? kAlbersAnchor : kUtmAnchor;
  // Half of a whole number of kilometres is whole metres, so every edge is an exact double.
  plan.origin = {anchor.x - width / 2, anchor.y - height / 2};
  plan.detail = plan.counties > kMaxFullDetailCounties ? Detail::kCompact : Detail::kFull;
  return plan;
}

std::string county_name(std::size_t county) {
  if (county == 0) return "示例县";
  static constexpr std::array<std::string_view, 60> kSyllables = {
      "安", "宁", "和", "平", "兴", "隆", "昌", "盛", "丰", "泰", "富", "源", "康", "乐", "永",
      "定", "长", "青", "云", "龙", "凤", "祥", "瑞", "华", "新", "德", "仁", "义", "礼", "信",
      "明", "光", "远", "清", "江", "山", "水", "林", "石", "川", "峰", "岭", "溪", "泉", "湖",
      "河", "桥", "阳", "城", "嘉", "福", "寿", "春", "秋", "金", "玉", "松", "竹", "梅", "兰"};
  // Bijective base 60: every index gets its own syllable string, shortest first.
  std::string syllables;
  std::size_t n = county;
  while (n > 0) {
    --n;
    syllables.insert(0, kSyllables[n % kSyllables.size()]);
    n /= kSyllables.size();
  }
  return "示例" + syllables + "县";
}

}  // namespace huxiao::demo
