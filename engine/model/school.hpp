#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "geo/geometry.hpp"
#include "model/source_ref.hpp"
#include "model/time_of_day.hpp"

namespace huxiao::model {

enum class SchoolLevel {
  kKindergarten,
  kPrimary,
  kJunior,
  kSenior,
  kNineYear,
  kVocational,
  kUniversity
};

std::string_view to_string(SchoolLevel level);
std::optional<SchoolLevel> parse_school_level(std::string_view text);  // English or Chinese
const std::vector<SchoolLevel>& all_school_levels();

// Which attributes were filled from the documented defaults rather than the source data.
// Stored per school so no later analysis mistakes a default for a fact.
struct Defaulted {
  bool level = false;
  bool enrollment = false;
  bool boarding = false;
  bool morning_bell = false;
  bool dismissal = false;
  bool location_from_campus = false;  // point is the campus centroid, not a surveyed point
  std::string str() const;            // "enrollment,morning_bell" — empty if nothing defaulted
  static Defaulted parse(std::string_view text);
};

struct Gate {
  geo::Point location;
  std::string name;
};

struct School {
  std::string id;  // stable: "osm:way/123", "<file>:<row>" or the source's own id column
  std::string name;
  SchoolLevel level = SchoolLevel::kPrimary;
  int enrollment = 0;
  bool boarding = false;
  TimeOfDay morning_bell;
  TimeOfDay dismissal;
  geo::Point location;
  std::optional<geo::MultiPolygon> campus;
  std::vector<Gate> gates;
  Defaulted defaulted;
  SourceRef source;
};

// [SECTION] documented defaults by level (README, "Defaults")
struct LevelDefaults {
  int enrollment;
  bool boarding;
  TimeOfDay morning_bell;
  TimeOfDay dismissal;
};
const LevelDefaults& defaults_for(SchoolLevel level);

// Infers the level from a Chinese or English school name ("小学" → primary); nullopt if unclear.
std::optional<SchoolLevel> level_from_name(std::string_view name);

// Fills every attribute still unset with the level default and records it in `defaulted`.
struct SchoolFacts {
  std::optional<SchoolLevel> level;
  std::optional<int> enrollment;
  std::optional<bool> boarding;
  std::optional<TimeOfDay> morning_bell;
  std::optional<TimeOfDay> dismissal;
};
void apply_facts_with_defaults(School& school, const SchoolFacts& facts);

}  // namespace huxiao::model
