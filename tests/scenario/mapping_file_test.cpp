#include "scenario/mapping_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenario/catch_error.hpp"
#include "support/test_support.hpp"

namespace huxiao::scenario {
namespace {

using ::huxiao::testing::catch_error;
using ::huxiao::testing::ScratchDir;
using ::huxiao::testing::write_file;
using ::testing::HasSubstr;

class MappingFile : public ::testing::Test {
 protected:
  std::filesystem::path write(const std::string& yaml) {
    const auto path = dir_ / "学校映射.yaml";
    write_file(path, yaml);
    return path;
  }
  Error load_error(const std::string& yaml) {
    const auto path = write(yaml);
    return catch_error([&] { load_mapping(path); });
  }
  ScratchDir dir_;
};

const char* const kCountySchools =
    "layers:\n"                                                     // 1
    "  - source_layer: \"*\"\n"                                     // 2
    "    target: schools\n"                                         // 3
    "    crs: GCJ-02\n"                                             // 4
    "    encoding: GBK\n"                                           // 5
    "    fields:\n"                                                 // 6
    "      name: 学校名称\n"                                        // 7
    "      lon: 经度\n"                                             // 8
    "      lat: 纬度\n"                                             // 9
    "      enrollment: 在校人数\n"                                  // 10
    "      level: 学段\n"                                           // 11
    "      boarding: 是否寄宿\n"                                    // 12
    "    values:\n"                                                 // 13
    "      level: {小学: primary, 初中: junior, 幼儿园: 幼儿园}\n"  // 14
    "      boarding: {是: true, 否: false}\n"                       // 15
    "  - source_layer: 派出所\n"                                    // 16
    "    target: police\n"                                          // 17
    "    fields: {name: 单位名称, officers: 民警人数}\n";           // 18

TEST_F(MappingFile, ChineseColumnNamesParse) {
  const Mapping m = load_mapping(write(kCountySchools));
  EXPECT_TRUE(m.file.is_absolute());
  ASSERT_EQ(m.layers.size(), 2u);
  const LayerMapping& schools = m.layers[0];
  EXPECT_EQ(schools.source_layer, "*");
  EXPECT_EQ(schools.target, LayerTarget::kSchools);
  ASSERT_TRUE(schools.crs.has_value());
  EXPECT_EQ(schools.crs->offset, geo::ChineseOffset::kGcj02);
  EXPECT_EQ(schools.encoding, "GBK");
  EXPECT_EQ(schools.line, 2);
  ASSERT_NE(schools.column("name"), nullptr);
  EXPECT_EQ(*schools.column("name"), "学校名称");
  EXPECT_EQ(*schools.column("lon"), "经度");
  EXPECT_EQ(*schools.column("lat"), "纬度");
  EXPECT_EQ(*schools.column("enrollment"), "在校人数");
  EXPECT_EQ(schools.column("dismissal"), nullptr);
  // Translations are stored in the model's own spelling, whatever the author wrote.
  EXPECT_EQ(schools.translate("level", "小学"), "primary");
  EXPECT_EQ(schools.translate("level", "幼儿园"), "kindergarten");
  EXPECT_EQ(schools.translate("level", " 初中 "), "junior");
  EXPECT_EQ(schools.translate("level", "高中"), "高中");
  EXPECT_EQ(schools.translate("boarding", "是"), "true");
  EXPECT_EQ(schools.translate("name", "实验小学"), "实验小学");

  const LayerMapping& police = m.layers[1];
  EXPECT_EQ(police.target, LayerTarget::kPolice);
  EXPECT_EQ(police.line, 16);
  EXPECT_EQ(*police.column("officers"), "民警人数");
}

TEST_F(MappingFile, ExactLayerNameWinsOverWildcard) {
  const Mapping m = load_mapping(write(kCountySchools));
  ASSERT_NE(m.for_layer("派出所"), nullptr);
  EXPECT_EQ(m.for_layer("派出所")->target, LayerTarget::kPolice);
  ASSERT_NE(m.for_layer("学校"), nullptr);
  EXPECT_EQ(m.for_layer("学校")->target, LayerTarget::kSchools);
  EXPECT_EQ(m.all_for_layer("派出所").size(), 2u);
  EXPECT_EQ(m.all_for_layer("学校").size(), 1u);
}

TEST_F(MappingFile, MisspeltFieldSuggestsTheModelField) {
  const Error e = load_error(
      "layers:\n"
      "  - target: schools\n"
      "    fields:\n"
      "      name: 学校名称\n"
      "      enrolment: 在校人数\n");
  EXPECT_EQ(e.code(), ErrorCode::kScenario);
  EXPECT_THAT(e.what(), HasSubstr("学校映射.yaml:5:7"));
  EXPECT_EQ(e.context().feature, "layers[0].fields.enrolment");
  EXPECT_THAT(e.what(), HasSubstr("unknown key 'enrolment'"));
  EXPECT_THAT(e.what(), HasSubstr("did you mean 'enrollment'?"));
  EXPECT_THAT(e.what(), HasSubstr("'morning_bell'"));  // the allowed fields are listed
}

TEST_F(MappingFile, FieldsOfAnotherTargetAreRejected) {
  const Error e = load_error(
      "layers:\n"
      "  - target: roads\n"
      "    fields: {enrollment: 在校人数}\n");
  EXPECT_EQ(e.context().line, 3);
  EXPECT_THAT(e.what(), HasSubstr("unknown key 'enrollment'"));
  EXPECT_THAT(e.what(), HasSubstr("'speed_kmh'"));
}

TEST_F(MappingFile, LonWithoutLatIsAnError) {
  const Error e = load_error(
      "layers:\n"
      "  - target: schools\n"
      "    fields:\n"
      "      name: 学校名称\n"
      "      lon: 经度\n");
  EXPECT_EQ(e.context().line, 5);
  EXPECT_EQ(e.context().feature, "layers[0].fields.lon");
  EXPECT_THAT(e.what(), HasSubstr("'lon' is mapped but 'lat' is not"));
  EXPECT_THAT(e.what(), HasSubstr("add 'lat: <column>'"));
}

TEST_F(MappingFile, LonLatAndXYTogetherAreAnError) {
  const Error e = load_error(
      "layers:\n"
      "  - target: pois\n"
      "    fields: {lon: 经度, lat: 纬度, x: X, y: Y}\n");
  EXPECT_EQ(e.context().line, 3);
  EXPECT_THAT(e.what(), HasSubstr("mapped twice"));
}

TEST_F(MappingFile, BadTranslationTargetSuggestsTheLevel) {
  const Error e = load_error(
      "layers:\n"
      "  - target: schools\n"
      "    fields: {name: 学校名称, level: 学段}\n"
      "    values:\n"
      "      level:\n"
      "        初中: junior\n"
      "        小学: primry\n");
  EXPECT_EQ(e.code(), ErrorCode::kScenario);
  EXPECT_EQ(e.context().line, 7);
  EXPECT_EQ(e.context().feature, "layers[0].values.level.小学");
  EXPECT_THAT(e.what(), HasSubstr("'primry' is not a school level"));
  EXPECT_THAT(e.what(), HasSubstr("did you mean 'primary'?"));
}

TEST_F(MappingFile, BadTranslationsOfOtherTypes) {
  Error e = load_error(
      "layers:\n"
      "  - target: water\n"
      "    fields: {kind: 类型, fence: 护栏}\n"
      "    values:\n"
      "      kind: {水库: reservoir, 山塘: pnd}\n");
  EXPECT_EQ(e.context().line, 5);
  EXPECT_THAT(e.what(), HasSubstr("did you mean 'pond'?"));
  e = load_error(
      "layers:\n"
      "  - target: water\n"
      "    fields: {kind: 类型, fence: 护栏}\n"
      "    values:\n"
      "      fence: {有: ture}\n");
  EXPECT_THAT(e.what(), HasSubstr("'ture' is not true or false"));
}

TEST_F(MappingFile, TranslationsNeedAMappedField) {
  const Error e = load_error(
      "layers:\n"
      "  - target: schools\n"
      "    fields: {name: 学校名称}\n"
      "    values:\n"
      "      level: {小学: primary}\n");
  EXPECT_EQ(e.context().line, 5);
  EXPECT_THAT(e.what(), HasSubstr("'level' has value translations but no source column"));
}

TEST_F(MappingFile, TranslationOfAnUnknownFieldSuggests) {
  const Error e = load_error(
      "layers:\n"
      "  - target: schools\n"
      "    fields: {name: 学校名称, level: 学段}\n"
      "    values:\n"
      "      levle: {小学: primary}\n");
  EXPECT_EQ(e.context().line, 5);
  EXPECT_THAT(e.what(), HasSubstr("did you mean 'level'?"));
}

TEST_F(MappingFile, UnknownTargetSuggests) {
  const Error e = load_error(
      "layers:\n"
      "  - target: school\n");
  EXPECT_EQ(e.context().line, 2);
  EXPECT_EQ(e.context().feature, "layers[0].target");
  EXPECT_THAT(e.what(), HasSubstr("did you mean 'schools'?"));
}

TEST_F(MappingFile, SameLayerAndTargetTwiceIsAnError) {
  const Error e = load_error(
      "layers:\n"
      "  - target: schools\n"
      "  - source_layer: \"*\"\n"
      "    target: schools\n");
  EXPECT_EQ(e.context().line, 4);
  EXPECT_THAT(e.what(), HasSubstr("already mapped to schools on line 2"));
}

TEST_F(MappingFile, BadCrsAndEncodingAreCaughtWhenRead) {
  Error e = load_error(
      "layers:\n"
      "  - target: schools\n"
      "    crs: EPSG:999999\n");
  EXPECT_EQ(e.code(), ErrorCode::kScenario);
  EXPECT_EQ(e.context().line, 3);
  EXPECT_THAT(e.what(), HasSubstr("EPSG:999999"));
  e = load_error(
      "layers:\n"
      "  - target: schools\n"
      "    encoding: GKB\n");
  EXPECT_EQ(e.context().line, 3);
  EXPECT_THAT(e.what(), HasSubstr("did you mean 'GBK'?"));
}

TEST_F(MappingFile, NeedsAtLeastOneLayer) {
  const Error e = load_error("layers: []\n");
  EXPECT_EQ(e.context().line, 1);
  EXPECT_THAT(e.what(), HasSubstr("'layers' needs at least 1 entry"));
}

TEST_F(MappingFile, MissingFileIsFileNotFound) {
  const auto path = dir_ / "nowhere.yaml";
  const Error e = catch_error([&] { load_mapping(path); });
  EXPECT_EQ(e.code(), ErrorCode::kFileNotFound);
  EXPECT_THAT(e.what(), HasSubstr(path.string()));
}

TEST(LayerTarget, RoundTrips) {
  for (LayerTarget t : all_layer_targets()) EXPECT_EQ(parse_layer_target(to_string(t)), t);
  EXPECT_FALSE(parse_layer_target("rivers").has_value());
  EXPECT_EQ(field_type(LayerTarget::kRoads, "class"), FieldType::kRoadClass);
  EXPECT_EQ(field_type(LayerTarget::kWaterways, "kind"), FieldType::kWaterKind);
  EXPECT_EQ(field_type(LayerTarget::kPolice, "kind"), FieldType::kPoliceKind);
  EXPECT_FALSE(field_type(LayerTarget::kPois, "enrollment").has_value());
}

}  // namespace
}  // namespace huxiao::scenario
