#include "model/school.hpp"

#include <array>

#include <fmt/format.h>

#include "core/text.hpp"

namespace huxiao::model {

std::string SourceRef::describe() const {
  std::string out = file;
  if (!layer.empty()) out += fmt::format(" layer {}", layer);
  if (!original_id.empty())
    out += fmt::format(" {}", original_id);
  else if (row >= 0)
    out += fmt::format(" row {}", row);
  return out;
}

std::string_view to_string(SchoolLevel level) {
  switch (level) {
    case SchoolLevel::kKindergarten:
      return "kindergarten";
    case SchoolLevel::kPrimary:
      return "primary";
    case SchoolLevel::kJunior:
      return "junior";
    case SchoolLevel::kSenior:
      return "senior";
    case SchoolLevel::kNineYear:
      return "nine_year";
    case SchoolLevel::kVocational:
      return "vocational";
    case SchoolLevel::kUniversity:
      return "university";
  }
  return "primary";
}

const std::vector<SchoolLevel>& all_school_levels() {
  static const std::vector<SchoolLevel> levels = {
      SchoolLevel::kKindergarten, SchoolLevel::kPrimary,  SchoolLevel::kJunior,
      SchoolLevel::kSenior,       SchoolLevel::kNineYear, SchoolLevel::kVocational,
      SchoolLevel::kUniversity};
  return levels;
}

std::optional<SchoolLevel> parse_school_level(std::string_view text) {
  const std::string t = text::to_lower_ascii(text::trim(text));
  for (SchoolLevel l : all_school_levels()) {
    if (t == to_string(l)) return l;
  }
  struct Alias {
    std::string_view word;
    SchoolLevel level;
  };
  static constexpr std::array<Alias, 19> kAliases = {{
      {"幼儿园", SchoolLevel::kKindergarten}, {"kindergarten", SchoolLevel::kKindergarten},
      {"小学", SchoolLevel::kPrimary},        {"primary school", SchoolLevel::kPrimary},
      {"初中", SchoolLevel::kJunior},         {"初级中学", SchoolLevel::kJunior},
      {"middle", SchoolLevel::kJunior},       {"高中", SchoolLevel::kSenior},
      {"高级中学", SchoolLevel::kSenior},     {"high", SchoolLevel::kSenior},
      {"nine-year", SchoolLevel::kNineYear},  {"九年一贯制", SchoolLevel::kNineYear},
      {"九年制", SchoolLevel::kNineYear},     {"中职", SchoolLevel::kVocational},
      {"职业学校", SchoolLevel::kVocational}, {"职高", SchoolLevel::kVocational},
      {"大学", SchoolLevel::kUniversity},     {"高校", SchoolLevel::kUniversity},
      {"college", SchoolLevel::kVocational},
  }};
  for (const auto& a : kAliases) {
    if (t == a.word) return a.level;
  }
  if (t == "school") return std::nullopt;  // says nothing about the level
  return level_from_name(t);
}

std::optional<SchoolLevel> level_from_name(std::string_view name) {
  // Order matters: "九年一贯制学校" before "学校", "职业中学" before "中学", "大学附属小学" is
  // primary.
  struct Rule {
    std::string_view word;
    SchoolLevel level;
  };
  static constexpr std::array<Rule, 22> kRules = {{
      {"幼儿园", SchoolLevel::kKindergarten},
      {"幼稚园", SchoolLevel::kKindergarten},
      {"kindergarten", SchoolLevel::kKindergarten},
      {"preschool", SchoolLevel::kKindergarten},
      {"小学", SchoolLevel::kPrimary},
      {"primary", SchoolLevel::kPrimary},
      {"public school", SchoolLevel::kPrimary},
      {"九年", SchoolLevel::kNineYear},
      {"一贯制", SchoolLevel::kNineYear},
      {"职业", SchoolLevel::kVocational},
      {"职高", SchoolLevel::kVocational},
      {"技工", SchoolLevel::kVocational},
      {"中专", SchoolLevel::kVocational},
      {"技术学校", SchoolLevel::kVocational},
      {"初中", SchoolLevel::kJunior},
      {"初级中学", SchoolLevel::kJunior},
      {"高中", SchoolLevel::kSenior},
      {"高级中学", SchoolLevel::kSenior},
      {"high school", SchoolLevel::kSenior},
      {"中学", SchoolLevel::kJunior},
      {"大学", SchoolLevel::kUniversity},
      {"学院", SchoolLevel::kUniversity},
  }};
  const std::string lower = text::to_lower_ascii(name);
  for (const auto& r : kRules) {
    if (text::contains(lower, r.word)) return r.level;
  }
  return std::nullopt;
}

const LevelDefaults& defaults_for(SchoolLevel level) {
  // Typical sizes and timetables of Chinese schools (see README "Defaults"); the county can
  // override them in the scenario. Kindergartens open latest, senior schools earliest.
  static const LevelDefaults kKindergarten{200, false, TimeOfDay::hm(8, 30), TimeOfDay::hm(16, 30)};
  static const LevelDefaults kPrimary{1000, false, TimeOfDay::hm(8, 0), TimeOfDay::hm(16, 0)};
  static const LevelDefaults kJunior{1200, false, TimeOfDay::hm(7, 40), TimeOfDay::hm(17, 10)};
  static const LevelDefaults kSenior{1800, true, TimeOfDay::hm(7, 20), TimeOfDay::hm(17, 40)};
  static const LevelDefaults kNineYear{1500, false, TimeOfDay::hm(7, 50), TimeOfDay::hm(16, 40)};
  static const LevelDefaults kVocational{2000, true, TimeOfDay::hm(8, 0), TimeOfDay::hm(17, 30)};
  static const LevelDefaults kUniversity{15000, true, TimeOfDay::hm(8, 0), TimeOfDay::hm(17, 30)};
  switch (level) {
    case SchoolLevel::kKindergarten:
      return kKindergarten;
    case SchoolLevel::kPrimary:
      return kPrimary;
    case SchoolLevel::kJunior:
      return kJunior;
    case SchoolLevel::kSenior:
      return kSenior;
    case SchoolLevel::kNineYear:
      return kNineYear;
    case SchoolLevel::kVocational:
      return kVocational;
    case SchoolLevel::kUniversity:
      return kUniversity;
  }
  return kPrimary;
}

void apply_facts_with_defaults(School& school, const SchoolFacts& facts) {
  if (facts.level) {
    school.level = *facts.level;
  } else if (const auto from_name = level_from_name(school.name)) {
    school.level = *from_name;  // inferred from the name: a fact of the data, not a default
  } else {
    school.level = SchoolLevel::kPrimary;
    school.defaulted.level = true;
  }
  const LevelDefaults& d = defaults_for(school.level);
  school.enrollment = facts.enrollment.value_or(d.enrollment);
  school.defaulted.enrollment = !facts.enrollment;
  school.boarding = facts.boarding.value_or(d.boarding);
  school.defaulted.boarding = !facts.boarding;
  school.morning_bell = facts.morning_bell.value_or(d.morning_bell);
  school.defaulted.morning_bell = !facts.morning_bell;
  school.dismissal = facts.dismissal.value_or(d.dismissal);
  school.defaulted.dismissal = !facts.dismissal;
}

std::string Defaulted::str() const {
  std::vector<std::string> parts;
  if (level) parts.emplace_back("level");
  if (enrollment) parts.emplace_back("enrollment");
  if (boarding) parts.emplace_back("boarding");
  if (morning_bell) parts.emplace_back("morning_bell");
  if (dismissal) parts.emplace_back("dismissal");
  if (location_from_campus) parts.emplace_back("location_from_campus");
  return fmt::format("{}", fmt::join(parts, ","));
}

Defaulted Defaulted::parse(std::string_view t) {
  Defaulted d;
  for (const auto& part : text::split(t, ',')) {
    const std::string p = text::trim(part);
    if (p == "level") d.level = true;
    if (p == "enrollment") d.enrollment = true;
    if (p == "boarding") d.boarding = true;
    if (p == "morning_bell") d.morning_bell = true;
    if (p == "dismissal") d.dismissal = true;
    if (p == "location_from_campus") d.location_from_campus = true;
  }
  return d;
}

}  // namespace huxiao::model
