#include "scenario/section.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenario/catch_error.hpp"
#include "support/test_support.hpp"

namespace huxiao::scenario {
namespace {

using ::huxiao::testing::catch_error;
using ::testing::HasSubstr;

Section parse(std::string_view yaml) {
  return Section::from_text(yaml, "inline.yaml", "/base");
}

TEST(Section, ReadsTypedValuesWithPositions) {
  Section s = parse(
      "title: 城关镇\n"       // 1
      "radius_m: 200.5\n"     // 2
      "count: 3\n"            // 3
      "enabled: yes\n"        // 4
      "bell: \"07:40\"\n"     // 5
      "tags: [a, b]\n"        // 6
      "file: data/x.csv\n"    // 7
      "nested:\n"             // 8
      "  inner: 1\n"          // 9
      "items:\n"              // 10
      "  - name: first\n"     // 11
      "  - name: second\n");  // 12
  EXPECT_EQ(s.required_string("title"), "城关镇");
  EXPECT_DOUBLE_EQ(s.required_double("radius_m", NumberRange::positive()), 200.5);
  EXPECT_EQ(s.required_int("count"), 3);
  EXPECT_TRUE(s.required_bool("enabled"));
  EXPECT_EQ(s.required_time("bell"), model::TimeOfDay::hm(7, 40));
  EXPECT_EQ(s.required_string_list("tags"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(s.required_path("file", false), std::filesystem::path("/base/data/x.csv"));
  Section nested = s.required_section("nested");
  EXPECT_EQ(nested.path(), "nested");
  EXPECT_EQ(nested.line(), 9);
  EXPECT_EQ(nested.required_int("inner"), 1);
  const auto items = s.required_section_list("items");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].path(), "items[1]");
  EXPECT_EQ(items[1].line(), 12);
  EXPECT_EQ(items[1].path_of("name"), "items[1].name");
  for (Section item : items) item.required_string("name");
  EXPECT_FALSE(s.optional_string("absent").has_value());
  EXPECT_FALSE(s.optional_double("absent_number").has_value());
  s.finish();
}

TEST(Section, UnreadKeyIsRejectedWithSuggestionAndAllowedKeys) {
  Section s = parse(
      "name: x\n"
      "radius_n: 5\n");
  s.required_string("name");
  s.optional_double("radius_m");
  const Error e = catch_error([&] { s.finish(); });
  EXPECT_EQ(e.code(), ErrorCode::kScenario);
  EXPECT_EQ(e.context().file, "inline.yaml");
  EXPECT_EQ(e.context().line, 2);
  EXPECT_EQ(e.context().column, 1);
  EXPECT_EQ(e.context().feature, "radius_n");
  EXPECT_THAT(e.what(), HasSubstr("inline.yaml:2:1"));
  EXPECT_THAT(e.what(), HasSubstr("unknown key 'radius_n'"));
  EXPECT_THAT(e.what(), HasSubstr("did you mean 'radius_m'?"));
  EXPECT_THAT(e.what(), HasSubstr("'name', 'radius_m'"));
}

TEST(Section, AllowedButUnreadKeysPass) {
  Section s = parse("later: 1\n");
  s.allow({"later"});
  EXPECT_NO_THROW(s.finish());
}

TEST(Section, MissingRequiredKeyNamesItAndTheSection) {
  Section s = parse(
      "outer:\n"
      "  other: 1\n");
  Section outer = s.required_section("outer");
  outer.allow({"other"});
  const Error e = catch_error([&] { outer.required_string("wanted"); });
  EXPECT_EQ(e.context().line, 2);
  EXPECT_EQ(e.context().feature, "outer.wanted");
  EXPECT_THAT(e.what(), HasSubstr("missing required key 'wanted'"));
}

TEST(Section, MissingRequiredKeyWithNearMissReportsTheTypo) {
  Section s = parse(
      "a: 1\n"
      "pth: x.csv\n");
  s.allow({"a"});
  const Error e = catch_error([&] { s.required_string("path"); });
  EXPECT_EQ(e.context().line, 2);
  EXPECT_THAT(e.what(), HasSubstr("unknown key 'pth'"));
  EXPECT_THAT(e.what(), HasSubstr("did you mean 'path'?"));
}

TEST(Section, WrongTypesNameTheExpectedType) {
  Section s = parse(
      "radius_m: abc\n"    // 1
      "name: [a, b]\n"     // 2
      "nested: [1, 2]\n"   // 3
      "flag: maybe\n"      // 4
      "negative: -3\n"     // 5
      "fraction: 2.5\n"    // 6
      "bell: \"25:00\"\n"  // 7
      "items: {a: 1}\n");  // 8
  Error e = catch_error([&] { s.required_double("radius_m", NumberRange::positive()); });
  EXPECT_EQ(e.context().line, 1);
  EXPECT_EQ(e.context().column, 11);
  EXPECT_THAT(e.what(), HasSubstr("'abc' is not a number > 0"));

  e = catch_error([&] { s.required_string("name"); });
  EXPECT_EQ(e.context().line, 2);
  EXPECT_THAT(e.what(), HasSubstr("expected text, got a list"));

  e = catch_error([&] { s.required_section("nested"); });
  EXPECT_EQ(e.context().line, 3);
  EXPECT_THAT(e.what(), HasSubstr("expected a map"));
  EXPECT_THAT(e.what(), HasSubstr("got a list"));

  e = catch_error([&] { s.required_bool("flag"); });
  EXPECT_EQ(e.context().line, 4);
  EXPECT_THAT(e.what(), HasSubstr("'maybe' is not true or false"));

  e = catch_error([&] { s.required_double("negative", NumberRange::positive()); });
  EXPECT_EQ(e.context().line, 5);
  EXPECT_THAT(e.what(), HasSubstr("must be > 0"));

  e = catch_error([&] { s.required_int("fraction"); });
  EXPECT_EQ(e.context().line, 6);
  EXPECT_THAT(e.what(), HasSubstr("whole number"));

  e = catch_error([&] { s.required_time("bell"); });
  EXPECT_EQ(e.context().line, 7);
  EXPECT_THAT(e.what(), HasSubstr("time of day"));

  e = catch_error([&] { s.required_section_list("items"); });
  EXPECT_EQ(e.context().line, 8);
  EXPECT_THAT(e.what(), HasSubstr("got a map"));
}

TEST(Section, RangeBoundsAreInclusiveUnlessSaidOtherwise) {
  Section s = parse("share: 1\n");
  EXPECT_DOUBLE_EQ(s.required_double("share", NumberRange::between(0, 1)), 1.0);
  const Error e = catch_error([&] { s.required_double("share", NumberRange::between(0, 0.5)); });
  EXPECT_THAT(e.what(), HasSubstr("between 0 and 0.5"));
}

TEST(Section, KeyWithoutValueIsAnErrorForScalarsButAnEmptyMapOrList) {
  Section s = parse(
      "encoding:\n"
      "zones:\n"
      "layers:\n");
  const Error e = catch_error([&] { s.optional_string("encoding"); });
  EXPECT_EQ(e.context().line, 1);
  EXPECT_THAT(e.what(), HasSubstr("'encoding' has no value"));
  EXPECT_TRUE(s.required_section("zones").keys().empty());
  EXPECT_TRUE(s.optional_string_list("layers")->empty());
}

TEST(Section, ChoiceSuggestsTheClosestWord) {
  Section s = parse("target: school\n");
  const Error e = catch_error([&] { s.required_choice("target", {"schools", "water", "roads"}); });
  EXPECT_EQ(e.context().line, 1);
  EXPECT_THAT(e.what(), HasSubstr("did you mean 'schools'?"));
}

TEST(Section, CustomParserThroughRequiredAs) {
  Section s = parse(
      "even: 4\n"
      "odd: 3\n");
  const auto parse_even = [](std::string_view t) -> std::optional<int> {
    const int v = std::stoi(std::string(t));
    return v % 2 == 0 ? std::optional<int>(v) : std::nullopt;
  };
  EXPECT_EQ(s.required_as("even", "an even number", parse_even), 4);
  const Error e = catch_error([&] { s.required_as("odd", "an even number", parse_even); });
  EXPECT_EQ(e.context().line, 2);
  EXPECT_THAT(e.what(), HasSubstr("'3' is not an even number"));
  EXPECT_FALSE(s.optional_as("missing", "an even number", parse_even).has_value());
}

TEST(Section, DuplicateKeyIsAnError) {
  const Error e = catch_error([] {
    parse(
        "name: a\n"
        "other: 1\n"
        "name: b\n");
  });
  EXPECT_EQ(e.context().line, 3);
  EXPECT_THAT(e.what(), HasSubstr("appears twice (first on line 1)"));
}

TEST(Section, YamlSyntaxErrorCarriesItsLine) {
  const Error e = catch_error([] {
    parse(
        "name: a\n"
        "list: [1, 2\n"
        "other: 3\n");
  });
  EXPECT_EQ(e.code(), ErrorCode::kScenario);
  EXPECT_GE(e.context().line, 2);
  EXPECT_THAT(e.what(), HasSubstr("inline.yaml:"));
  EXPECT_THAT(e.what(), HasSubstr("YAML syntax error"));
}

TEST(Section, TopLevelMustBeAMap) {
  EXPECT_THAT(catch_error([] { parse("- a\n- b\n"); }).what(), HasSubstr("got a list"));
  EXPECT_THAT(catch_error([] { parse("# only a comment\n"); }).what(), HasSubstr("empty"));
}

TEST(Section, MissingFileIsFileNotFound) {
  const Error e = catch_error([] { Section::from_file("/nonexistent/huxiao/none.yaml"); });
  EXPECT_EQ(e.code(), ErrorCode::kFileNotFound);
  EXPECT_THAT(e.what(), HasSubstr("/nonexistent/huxiao/none.yaml"));
}

TEST(Section, GbkFileIsRejectedWithItsLine) {
  huxiao::testing::ScratchDir dir;
  // "县" in GBK on line 2: the bytes are not UTF-8.
  huxiao::testing::write_file(dir / "gbk.yaml", "a: 1\nname: \xCF\xD8\n");
  const Error e = catch_error([&] { Section::from_file(dir / "gbk.yaml"); });
  EXPECT_EQ(e.code(), ErrorCode::kScenario);
  EXPECT_EQ(e.context().line, 2);
  EXPECT_THAT(e.what(), HasSubstr("UTF-8"));
}

TEST(Section, FinishingTheRootFinishesChildren) {
  Section s = parse(
      "outer:\n"
      "  known: 1\n"
      "  typo: 2\n");
  Section outer = s.required_section("outer");
  outer.required_int("known");
  const Error e = catch_error([&] { s.finish(); });
  EXPECT_EQ(e.context().line, 3);
  EXPECT_EQ(e.context().feature, "outer.typo");
}

TEST(Section, DataKeysAreRejectedWithTheCallersVocabulary) {
  Section s = parse("primery: {}\n");
  ASSERT_EQ(s.keys(), std::vector<std::string>{"primery"});
  const Error e = catch_error([&] {
    s.reject_key("primery", {"primary", "junior"}, "school level");
  });
  EXPECT_EQ(e.context().line, 1);
  EXPECT_THAT(e.what(), HasSubstr("unknown school level 'primery' (did you mean 'primary'?)"));
}

struct Settings {
  double radius_m = 0;
};

TEST(SectionRegistry, ParsesAndFinishesTheSection) {
  SectionRegistry registry;
  registry.add("zones", [](Section& s) {
    return Settings{s.optional_double("radius_m", NumberRange::positive()).value_or(200)};
  });
  EXPECT_TRUE(registry.contains("zones"));
  EXPECT_EQ(registry.names(), std::vector<std::string>{"zones"});

  Section ok = parse("radius_m: 150\n");
  const std::any value = registry.parse("zones", ok);
  EXPECT_DOUBLE_EQ(std::any_cast<Settings>(value).radius_m, 150);

  Section typo = parse("radius: 150\n");
  const Error e = catch_error([&] { registry.parse("zones", typo); });
  EXPECT_THAT(e.what(), HasSubstr("did you mean 'radius_m'?"));
}

TEST(SectionRegistry, RejectsDuplicateNames) {
  SectionRegistry registry;
  registry.add("zones", [](Section&) { return 1; });
  const Error e = catch_error([&] { registry.add("zones", [](Section&) { return 2; }); });
  EXPECT_EQ(e.code(), ErrorCode::kInternal);
}

TEST(AnalysisSections, ReadsBackTheParsedType) {
  AnalysisSections sections;
  sections.put("zones", Settings{120}, 7);
  ASSERT_NE(sections.get<Settings>("zones"), nullptr);
  EXPECT_DOUBLE_EQ(sections.get<Settings>("zones")->radius_m, 120);
  EXPECT_EQ(sections.line_of("zones"), 7);
  EXPECT_EQ(sections.get<Settings>("drowning"), nullptr);
  EXPECT_EQ(catch_error([&] { sections.get<int>("zones"); }).code(), ErrorCode::kInternal);
}

}  // namespace
}  // namespace huxiao::scenario
