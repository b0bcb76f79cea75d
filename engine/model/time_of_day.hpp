#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace huxiao::model {

// Minutes after midnight; school bells and gate windows never cross midnight.
struct TimeOfDay {
  int minutes = 0;
  static constexpr TimeOfDay hm(int h, int m) { return {h * 60 + m}; }
  // Accepts "7:40", "07:40", "0740" and spreadsheet fractions of a day ("0.3194").
  static std::optional<TimeOfDay> parse(std::string_view text);
  std::string str() const;  // "07:40"
  friend auto operator<=>(const TimeOfDay&, const TimeOfDay&) = default;
};

}  // namespace huxiao::model
