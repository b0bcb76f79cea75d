#pragma once
// Synthetic Chinese names in the patterns real county data uses ("城关镇中心幼儿园",
// "示例县第三小学", "石桥村委会"), so that name-based rules (level from name, police kind from
// name) see what they would see in real data.

#include <cstddef>
#include <string>
#include <unordered_set>

#include "demo/random.hpp"
#include "model/poi.hpp"

namespace huxiao::demo {

// 1 → "一", 12 → "十二", 105 → "一百零五"; up to 9999.
std::string chinese_number(std::size_t n);

// Names already used within one county; place names and brand names must not repeat there.
class NameBook {
 public:
  // `base` if still free, else base + "二" + suffix, base + "三" + suffix, ... ("…二分园").
  std::string claim(const std::string& base, const std::string& suffix = {});
  bool taken(const std::string& name) const { return used_.contains(name); }

 private:
  std::unordered_set<std::string> used_;
};

// Two syllables for a town, village, lake or stream: "河口", "石桥". Unique within `book`.
std::string place_stem(Rng& rng, NameBook& book);
std::string street_name(std::size_t index, bool east_west);  // "人民路", "文化街", ...
std::string kindergarten_brand(Rng& rng);                    // "小太阳", "童心", ...
std::string poi_name(model::PoiCategory category, const std::string& town_stem, Rng& rng);
std::string syllable(Rng& rng);

}  // namespace huxiao::demo
