#pragma once
// Small text helpers shared by ingestion, scenarios and the CLI. All strings are UTF-8.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace huxiao::text {

std::string trim(std::string_view s);
std::string to_lower_ascii(std::string_view s);
bool contains(std::string_view haystack, std::string_view needle);
bool is_valid_utf8(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);

// Strict number parsing: the whole (trimmed) string must be a finite number.
std::optional<double> parse_double(std::string_view s);
std::optional<long long> parse_int(std::string_view s);

// Edit distance on bytes, for "did you mean" suggestions on typos.
std::size_t edit_distance(std::string_view a, std::string_view b);
// The closest candidate within a sensible distance, or empty if none is close.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace huxiao::text
