#include <gtest/gtest.h>

#include "model/poi.hpp"
#include "model/police.hpp"
#include "model/road.hpp"
#include "model/school.hpp"
#include "model/water.hpp"

namespace huxiao::model {
namespace {

TEST(School, LevelFromChineseAndEnglishNames) {
  EXPECT_EQ(level_from_name("成都市人北实验小学"), SchoolLevel::kPrimary);
  EXPECT_EQ(level_from_name("省建一公司幼儿园"), SchoolLevel::kKindergarten);
  EXPECT_EQ(level_from_name("成都七中初中学校"), SchoolLevel::kJunior);
  EXPECT_EQ(level_from_name("成都市第七中学"), SchoolLevel::kJunior);
  EXPECT_EQ(level_from_name("四川省成都市石室高级中学"), SchoolLevel::kSenior);
  EXPECT_EQ(level_from_name("九年一贯制学校"), SchoolLevel::kNineYear);
  EXPECT_EQ(level_from_name("成都市财贸职业高级中学"), SchoolLevel::kVocational);
  EXPECT_EQ(level_from_name("Abbotsford Public School"), SchoolLevel::kPrimary);
  EXPECT_EQ(level_from_name("新方舟学校"), std::nullopt);
}

TEST(School, DefaultsAreFlaggedNeverSilent) {
  School s;
  s.name = "新方舟学校";
  SchoolFacts facts;
  facts.enrollment = 640;
  apply_facts_with_defaults(s, facts);
  EXPECT_TRUE(s.defaulted.level);
  EXPECT_FALSE(s.defaulted.enrollment);
  EXPECT_EQ(s.enrollment, 640);
  EXPECT_TRUE(s.defaulted.morning_bell);
  EXPECT_EQ(s.morning_bell, defaults_for(SchoolLevel::kPrimary).morning_bell);
  EXPECT_EQ(s.defaulted.str(), "level,boarding,morning_bell,dismissal");
  EXPECT_EQ(Defaulted::parse(s.defaulted.str()).str(), s.defaulted.str());
}

TEST(School, KindergartensOpenLaterThanSeniorSchools) {
  EXPECT_GT(defaults_for(SchoolLevel::kKindergarten).morning_bell,
            defaults_for(SchoolLevel::kSenior).morning_bell);
}

TEST(TimeOfDay, ParsesSpreadsheetForms) {
  EXPECT_EQ(TimeOfDay::parse("7:40")->minutes, 460);
  EXPECT_EQ(TimeOfDay::parse("07：40")->minutes, 460);
  EXPECT_EQ(TimeOfDay::parse("0740")->minutes, 460);
  EXPECT_EQ(TimeOfDay::parse("0.3194444")->minutes, 460);
  EXPECT_FALSE(TimeOfDay::parse("25:00"));
  EXPECT_FALSE(TimeOfDay::parse("早上"));
  EXPECT_EQ(TimeOfDay{460}.str(), "07:40");
}

TEST(Enums, ChineseWordsParse) {
  EXPECT_EQ(parse_water_kind("坝塘"), WaterKind::kPond);
  EXPECT_EQ(parse_water_kind("水库"), WaterKind::kReservoir);
  EXPECT_EQ(parse_poi_category("网吧"), PoiCategory::kInternetCafe);
  EXPECT_EQ(parse_poi_category("KTV"), PoiCategory::kBarKtv);
  EXPECT_EQ(parse_road_class("primary_link"), RoadClass::kPrimary);
  EXPECT_FALSE(parse_road_class("construction"));
  EXPECT_EQ(police_kind_from_name("红星路派出所"), PoliceKind::kStation);
  EXPECT_EQ(police_kind_from_name("校园警务室"), PoliceKind::kPost);
  EXPECT_EQ(police_kind_from_name("治安岗亭"), PoliceKind::kKiosk);
  for (auto c : all_road_classes()) EXPECT_EQ(parse_road_class(to_string(c)), c);
  for (auto c : all_poi_categories()) EXPECT_EQ(parse_poi_category(to_string(c)), c);
  for (auto k : all_water_kinds()) EXPECT_EQ(parse_water_kind(to_string(k)), k);
}

}  // namespace
}  // namespace huxiao::model
