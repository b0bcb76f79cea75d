#include "model/time_of_day.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/text.hpp"

namespace huxiao::model {

std::optional<TimeOfDay> TimeOfDay::parse(std::string_view text) {
  const std::string t = text::trim(text);
  if (t.empty()) return std::nullopt;
  std::size_t colon = t.find(':');
  std::size_t after = colon + 1;
  if (colon == std::string::npos) {
    colon = t.find("：");  // full-width colon from Chinese input methods
    after = colon + std::string_view("：").size();
  }
  if (colon != std::string::npos) {
    const auto h = text::parse_int(t.substr(0, colon));
    const auto m = text::parse_int(t.substr(after, 2));
    if (!h || !m || *h < 0 || *h > 23 || *m < 0 || *m > 59) return std::nullopt;
    return TimeOfDay{static_cast<int>(*h * 60 + *m)};
  }
  if (t.size() == 4 &&
      std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    const int h = (t[0] - '0') * 10 + (t[1] - '0');
    const int m = (t[2] - '0') * 10 + (t[3] - '0');
    if (h > 23 || m > 59) return std::nullopt;
    return TimeOfDay{h * 60 + m};
  }
  if (const auto d = text::parse_double(t); d && *d > 0.0 && *d < 1.0) {
    return TimeOfDay{static_cast<int>(std::lround(*d * 24.0 * 60.0))};
  }
  return std::nullopt;
}

std::string TimeOfDay::str() const {
  return fmt::format("{:02d}:{:02d}", minutes / 60, minutes % 60);
}

}  // namespace huxiao::model
