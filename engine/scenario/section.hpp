#pragma once
// Strict reading of user-authored YAML (scenario and mapping files). County GIS staff write these
// by hand, so every mistake must come back as file:line:column, the key path and a fix, never as
// a silently ignored key. A Section is one YAML map; the getters record which keys were read, and
// finish() rejects whatever was not, with a "did you mean" suggestion. The YAML library stays
// inside section.cpp so modules only ever see these plain types.

#include <any>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "model/time_of_day.hpp"

namespace huxiao::scenario {

// The accepted interval of a number; describe() is what error messages show ("> 0").
struct NumberRange {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;
  bool max_exclusive = false;

  static NumberRange any() { return {}; }
  static NumberRange positive() { return {.min = 0.0, .min_exclusive = true}; }
  static NumberRange non_negative() { return {.min = 0.0}; }
  static NumberRange between(double lo, double hi) { return {.min = lo, .max = hi}; }

  bool contains(double value) const;
  std::string describe() const;
};

// One YAML map of a document. A cheap handle: copies share the same read/unread bookkeeping, and
// asking twice for the same child returns the same child. Not for use from several threads.
class Section {
 public:
  // Throws Error(kFileNotFound) if the file is missing, Error(kUnreadable) if it cannot be
  // opened, and Error(kScenario) for non-UTF-8 text, broken YAML or a top level that is not a
  // map.
  static Section from_file(const std::filesystem::path& file);
  // For tests and embedded snippets; `label` stands in for the file name in messages and
  // relative paths resolve against `base_dir`.
  static Section from_text(std::string_view yaml, std::string label,
                           std::filesystem::path base_dir = {});

  // [SECTION] where this map is
  const std::string& file() const;                // as given to from_file / from_text
  const std::filesystem::path& base_dir() const;  // relative paths resolve against it
  const std::string& path() const;  // key path: "" (top), "sources[1]", "analyses.zones"
  std::string path_of(std::string_view key) const;  // "sources[1].input_crs"
  int line() const;                                 // 1-based; the map's first key
  int column() const;
  bool has(std::string_view key) const;
  int line_of(std::string_view key) const;  // line of the key, or of this map if absent
  // Every key present, in document order, for maps whose keys are data (levels, layer names).
  // Listing does not count as reading: read each key or reject it.
  std::vector<std::string> keys() const;

  // [SECTION] schema
  // Declares keys this map may hold, so unknown-key messages list them all even before they
  // are read (and keys read conditionally are not reported as unknown).
  void allow(const std::vector<std::string>& keys);
  // Raises the unknown-key error for the first key nobody read or allowed, then finishes every
  // child section handed out. Idempotent.
  void finish();

  // [SECTION] scalars. A key present with no value is an error, not "absent".
  std::string required_string(std::string_view key);
  std::optional<std::string> optional_string(std::string_view key);
  double required_double(std::string_view key, NumberRange range = NumberRange::any());
  std::optional<double> optional_double(std::string_view key,
                                        NumberRange range = NumberRange::any());
  int required_int(std::string_view key, NumberRange range = NumberRange::any());
  std::optional<int> optional_int(std::string_view key, NumberRange range = NumberRange::any());
  bool required_bool(std::string_view key);
  std::optional<bool> optional_bool(std::string_view key);
  model::TimeOfDay required_time(std::string_view key);
  std::optional<model::TimeOfDay> optional_time(std::string_view key);
  // One of a fixed set of words; anything else is an error listing them with a suggestion.
  std::string required_choice(std::string_view key, const std::vector<std::string>& choices);
  std::optional<std::string> optional_choice(std::string_view key,
                                             const std::vector<std::string>& choices);
  // A path relative to base_dir(), made absolute. must_exist: a missing file is kFileNotFound
  // located at the key.
  std::filesystem::path required_path(std::string_view key, bool must_exist);
  std::optional<std::filesystem::path> optional_path(std::string_view key, bool must_exist);

  // Any scalar through a module's own parser: `expected` names the type for messages
  // ("a road class"). The parser returns std::optional<T>.
  template <class Parse>
  auto required_as(std::string_view key, std::string_view expected, Parse parse) {
    const std::string text = required_scalar(key, expected);
    auto value = parse(std::string_view(text));
    if (!value) reject_value(key, text, expected);
    return *value;
  }
  template <class Parse>
  auto optional_as(std::string_view key, std::string_view expected, Parse parse) {
    return optional_of(key, [&] { return required_as(key, expected, parse); });
  }

  // [SECTION] lists. An empty value ("layers:") is an empty list.
  std::vector<std::string> required_string_list(std::string_view key, std::size_t min_items = 1);
  std::optional<std::vector<std::string>> optional_string_list(std::string_view key);
  std::optional<std::vector<double>> optional_double_list(std::string_view key);

  // [SECTION] nested maps. An empty value ("zones:") is an empty map.
  Section required_section(std::string_view key);
  std::optional<Section> optional_section(std::string_view key);
  std::vector<Section> required_section_list(std::string_view key, std::size_t min_items = 1);
  std::vector<Section> optional_section_list(std::string_view key);

  // [SECTION] errors located in this map, for checks only the caller can make
  // At the value of `key` (or at this map if the key is absent).
  [[noreturn]] void fail(std::string_view key, std::string_view problem,
                         std::string_view fix = {}) const;
  // At this map itself.
  [[noreturn]] void fail_here(std::string_view problem, std::string_view fix = {}) const;
  // At the key itself: the unknown-key error, for maps whose keys are data. `what` names the
  // kind of key ("school level").
  [[noreturn]] void reject_key(std::string_view key, const std::vector<std::string>& allowed,
                               std::string_view what = "key") const;

 private:
  struct Impl;
  explicit Section(std::shared_ptr<Impl> impl);
  // Absent keys still join the schema, so unknown-key messages list them.
  template <class Read>
  auto optional_of(std::string_view key, Read read) -> std::optional<decltype(read())> {
    if (!has(key)) {
      allow({std::string(key)});
      return std::nullopt;
    }
    return read();
  }
  std::string required_scalar(std::string_view key, std::string_view expected);
  [[noreturn]] void reject_value(std::string_view key, std::string_view text,
                                 std::string_view expected) const;

  std::shared_ptr<Impl> impl_;
};

// The parsed settings of the analysis modules, keyed by section name under `analyses:`. A module
// reads back its own type; sections the scenario leaves out are absent (the module's defaults).
class AnalysisSections {
 public:
  void put(std::string name, std::any value, int line);
  bool contains(std::string_view name) const;
  // nullptr if the scenario has no such section; throws Error(kInternal) if the section holds
  // another type (a programming error, not a user one).
  template <class T>
  const T* get(std::string_view name) const {
    const std::any* value = find(name);
    if (value == nullptr) return nullptr;
    if (const T* typed = std::any_cast<T>(value)) return typed;
    wrong_type(name);
  }
  int line_of(std::string_view name) const;  // 0 if absent
  std::vector<std::string> names() const;
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::any value;
    int line = 0;
  };
  const std::any* find(std::string_view name) const;
  [[noreturn]] static void wrong_type(std::string_view name);
  std::map<std::string, Entry, std::less<>> entries_;
};

// Which analysis sections a scenario may hold and how each is parsed. Built by the caller (the
// CLI registers the modules it links) and passed to the loader: no global registry.
class SectionRegistry {
 public:
  using ErasedParser = std::function<std::any(Section&)>;

  // `parse` takes Section& and returns the module's settings struct (copyable). It reads keys
  // with the Section getters; the loader calls finish() afterwards, so unread keys are errors.
  // Registering a name twice throws Error(kInternal).
  template <class Parse>
  void add(std::string name, Parse parse) {
    add_erased(std::move(name), [p = std::move(parse)](Section& s) { return std::any(p(s)); });
  }
  void add_erased(std::string name, ErasedParser parse);

  bool contains(std::string_view name) const;
  std::vector<std::string> names() const;  // sorted
  // Parses `section` (the value of analyses.<name>) with the registered parser and finishes it.
  std::any parse(std::string_view name, Section& section) const;

 private:
  std::map<std::string, ErasedParser, std::less<>> parsers_;
};

}  // namespace huxiao::scenario
