#include "scenario/common_keys.hpp"

#include <cstdint>
#include <vector>

#include <fmt/format.h>
#include <iconv.h>

#include "core/error.hpp"
#include "core/text.hpp"

namespace huxiao::scenario {
namespace {

bool converter_exists(const std::string& encoding) {
  iconv_t cd = iconv_open("UTF-8", encoding.c_str());
  if (cd == reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1))) return false;
  iconv_close(cd);
  return true;
}

// Encoding names are case-insensitive, so the suggestion is too.
std::string suggest_encoding(const std::string& written) {
  static const std::vector<std::string> kCommon = {"UTF-8",  "GBK",  "GB18030",
                                                   "GB2312", "BIG5", "CP936"};
  const std::string lower = text::to_lower_ascii(written);
  std::string best;
  std::size_t best_distance = 3;
  for (const auto& candidate : kCommon) {
    const std::size_t d = text::edit_distance(lower, text::to_lower_ascii(candidate));
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

}  // namespace

geo::Crs required_crs(Section& section, std::string_view key) {
  const std::string text = section.required_string(key);
  try {
    return geo::Crs::parse(text);
  } catch (const Error& e) {
    // Crs::parse knows what is wrong but not where; the section adds file, line and key.
    const std::string problem =
        text::contains(e.problem(), text)
            ? e.problem()
            : fmt::format("'{}' is not a usable coordinate reference system: {}", text,
                          e.problem());
    section.fail(key, problem, e.context().fix);
  }
}

std::optional<geo::Crs> optional_crs(Section& section, std::string_view key) {
  if (!section.has(key)) {
    section.allow({std::string(key)});
    return std::nullopt;
  }
  return required_crs(section, key);
}

std::optional<std::string> optional_encoding(Section& section, std::string_view key) {
  auto encoding = section.optional_string(key);
  if (!encoding || converter_exists(*encoding)) return encoding;
  std::string problem = fmt::format("unknown text encoding '{}'", *encoding);
  if (const std::string suggestion = suggest_encoding(*encoding); !suggestion.empty()) {
    problem += fmt::format(" (did you mean '{}'?)", suggestion);
  }
  section.fail(key, problem,
               "use the encoding the file was saved in: GBK or GB18030 for most Chinese "
               "Shapefiles and CSV exports, UTF-8 otherwise");
}

}  // namespace huxiao::scenario
