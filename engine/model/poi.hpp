#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "geo/geometry.hpp"
#include "model/source_ref.hpp"

namespace huxiao::model {

// Places the law keeps away from schools (清危治乱 / 周边联治).
enum class PoiCategory {
  kInternetCafe,
  kGameArcade,
  kBarKtv,
  kTobacco,
  kAlcohol,
  kLottery,
  kHotel,
  kGambling,
  kNewsstand,
};
std::string_view to_string(PoiCategory category);
std::optional<PoiCategory> parse_poi_category(std::string_view text);  // English or Chinese
const std::vector<PoiCategory>& all_poi_categories();

struct Poi {
  std::string id;
  std::string name;
  PoiCategory category = PoiCategory::kInternetCafe;
  geo::Point location;
  SourceRef source;
};

}  // namespace huxiao::model
