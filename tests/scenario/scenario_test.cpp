#include "scenario/scenario.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenario/catch_error.hpp"
#include "support/test_support.hpp"

namespace huxiao::scenario {
namespace {

namespace fs = std::filesystem;
using ::huxiao::testing::catch_error;
using ::huxiao::testing::ScratchDir;
using ::huxiao::testing::write_file;
using ::testing::HasSubstr;

// What a zones module would register: its own keys, read with the same strictness.
struct ZoneSettings {
  double radius_m = 200.0;
  std::vector<std::string> categories;
};

SectionRegistry test_registry() {
  SectionRegistry registry;
  registry.add("zones", [](Section& s) {
    ZoneSettings z;
    z.radius_m = s.optional_double("radius_m", NumberRange::positive()).value_or(z.radius_m);
    z.categories = s.optional_string_list("categories").value_or(std::vector<std::string>{});
    return z;
  });
  registry.add("drowning", [](Section& s) { return s.optional_int("season_start_month"); });
  return registry;
}

class ScenarioFile : public ::testing::Test {
 protected:
  ScenarioFile() {
    write_file(dir_ / "mappings" / "schools.yaml",
               "layers:\n"
               "  - target: schools\n"
               "    fields: {name: 学校名称, lon: 经度, lat: 纬度}\n");
    write_file(dir_ / "boundaries" / "county.geojson", "{\"type\": \"FeatureCollection\"}\n");
  }

  fs::path write(const std::string& yaml) {
    const fs::path path = dir_ / "county" / "check.yaml";
    write_file(path, yaml);
    return path;
  }
  Error load_error(const std::string& yaml, const SectionRegistry& registry = test_registry()) {
    const fs::path path = write(yaml);
    return catch_error([&] { load_scenario(path, registry); });
  }
  fs::path abs(const std::string& relative) const {
    return (dir_.path() / relative).lexically_normal();
  }

  ScratchDir dir_;
};

const char* const kFull =
    "name: 示例县 2026 autumn check\n"          // 1
    "store: out/county.gpkg\n"                  // 2
    "output: results/\n"                        // 3
    "crs: EPSG:4547\n"                          // 4
    "region:\n"                                 // 5
    "  bbox: [104.04, 30.65, 104.13, 30.73]\n"  // 6
    "  name: 城关镇\n"                          // 7
    "sources:\n"                                // 8
    "  - path: data/学校名单.csv\n"             // 9
    "    mapping: ../mappings/schools.yaml\n"   // 10
    "    input_crs: GCJ-02\n"                   // 11
    "    encoding: GBK\n"                       // 12
    "  - path: ../osm/chengdu-center.osm\n"     // 13
    "    layers: [points, multipolygons]\n"     // 14
    "school_defaults:\n"                        // 15
    "  primary: {enrollment: 900, morning_bell: \"08:10\", dismissal: \"16:20\", "
    "boarding: false}\n"                          // 16
    "  初中: {enrollment: 1300}\n"                // 17
    "quality:\n"                                  // 18
    "  duplicate_distance_m: 30\n"                // 19
    "  isolated_distance_km: 80\n"                // 20
    "analyses:\n"                                 // 21
    "  zones:\n"                                  // 22
    "    radius_m: 250\n"                         // 23
    "    categories: [internet_cafe, bar_ktv]\n"  // 24
    "  drowning:\n";                              // 25

TEST_F(ScenarioFile, FullScenarioParsesWithResolvedPaths) {
  const Scenario s = load_scenario(write(kFull), test_registry());
  EXPECT_EQ(s.file, abs("county/check.yaml"));
  EXPECT_EQ(s.folder(), abs("county"));
  EXPECT_EQ(s.name, "示例县 2026 autumn check");
  EXPECT_EQ(s.store, abs("county/out/county.gpkg"));
  EXPECT_EQ(s.output, abs("county/results"));
  ASSERT_TRUE(s.crs.has_value());
  EXPECT_EQ(s.crs->epsg(), 4547);

  ASSERT_TRUE(s.region.bbox.has_value());
  EXPECT_DOUBLE_EQ(s.region.bbox->min_x, 104.04);
  EXPECT_DOUBLE_EQ(s.region.bbox->min_y, 30.65);
  EXPECT_DOUBLE_EQ(s.region.bbox->max_x, 104.13);
  EXPECT_DOUBLE_EQ(s.region.bbox->max_y, 30.73);
  EXPECT_EQ(s.region.name, "城关镇");
  EXPECT_FALSE(s.region.polygon.has_value());
  EXPECT_EQ(s.region.line, 6);

  ASSERT_EQ(s.sources.size(), 2u);
  const SourceSpec& list = s.sources[0];
  EXPECT_EQ(list.path, abs("county/data/学校名单.csv"));
  EXPECT_EQ(list.mapping_file, abs("mappings/schools.yaml"));
  ASSERT_TRUE(list.mapping.has_value());
  ASSERT_EQ(list.mapping->layers.size(), 1u);
  EXPECT_EQ(*list.mapping->layers[0].column("name"), "学校名称");
  ASSERT_TRUE(list.input_crs.has_value());
  EXPECT_EQ(list.input_crs->offset, geo::ChineseOffset::kGcj02);
  EXPECT_EQ(list.encoding, "GBK");
  EXPECT_TRUE(list.layers.empty());
  EXPECT_EQ(list.line, 9);
  const SourceSpec& osm = s.sources[1];
  EXPECT_EQ(osm.path, abs("osm/chengdu-center.osm"));
  EXPECT_EQ(osm.layers, (std::vector<std::string>{"points", "multipolygons"}));
  EXPECT_FALSE(osm.mapping.has_value());
  EXPECT_EQ(osm.line, 13);

  ASSERT_EQ(s.school_defaults.size(), 2u);
  const LevelOverride& primary = s.school_defaults.at(model::SchoolLevel::kPrimary);
  EXPECT_EQ(primary.enrollment, 900);
  EXPECT_EQ(primary.boarding, false);
  EXPECT_EQ(primary.morning_bell, model::TimeOfDay::hm(8, 10));
  EXPECT_EQ(primary.dismissal, model::TimeOfDay::hm(16, 20));
  EXPECT_EQ(primary.line, 16);
  EXPECT_EQ(s.school_defaults.at(model::SchoolLevel::kJunior).enrollment, 1300);
  // Overrides merge with the documented defaults field by field.
  const model::LevelDefaults junior = s.level_defaults(model::SchoolLevel::kJunior);
  EXPECT_EQ(junior.enrollment, 1300);
  EXPECT_EQ(junior.morning_bell, model::defaults_for(model::SchoolLevel::kJunior).morning_bell);
  EXPECT_EQ(s.level_defaults(model::SchoolLevel::kPrimary).dismissal, model::TimeOfDay::hm(16, 20));
  EXPECT_EQ(s.level_defaults(model::SchoolLevel::kSenior).enrollment,
            model::defaults_for(model::SchoolLevel::kSenior).enrollment);

  EXPECT_DOUBLE_EQ(s.quality.duplicate_distance_m, 30);
  EXPECT_DOUBLE_EQ(s.quality.isolated_distance_km, 80);

  ASSERT_EQ(s.analyses.size(), 2u);
  const auto* zones = s.analyses.get<ZoneSettings>("zones");
  ASSERT_NE(zones, nullptr);
  EXPECT_DOUBLE_EQ(zones->radius_m, 250);
  EXPECT_EQ(zones->categories, (std::vector<std::string>{"internet_cafe", "bar_ktv"}));
  EXPECT_EQ(s.analyses.line_of("zones"), 23);
  const auto* drowning = s.analyses.get<std::optional<int>>("drowning");
  ASSERT_NE(drowning, nullptr);
  EXPECT_FALSE(drowning->has_value());
}

TEST_F(ScenarioFile, OptionalKeysTakeTheirDefaults) {
  const Scenario s =
      load_scenario(write("name: 最小\n"
                          "sources:\n"
                          "  - path: a.gpkg\n"));
  EXPECT_EQ(s.output, abs("county/out"));
  EXPECT_EQ(s.store, abs("county/out/check.gpkg"));
  EXPECT_FALSE(s.crs.has_value());
  EXPECT_TRUE(s.region.whole());
  EXPECT_TRUE(s.school_defaults.empty());
  EXPECT_DOUBLE_EQ(s.quality.duplicate_distance_m, QualityOptions{}.duplicate_distance_m);
  EXPECT_EQ(s.analyses.size(), 0u);
}

TEST_F(ScenarioFile, CrsAutoAndPolygonRegion) {
  const Scenario s =
      load_scenario(write("name: x\n"
                          "crs: auto\n"
                          "region:\n"
                          "  polygon: ../boundaries/county.geojson\n"
                          "sources:\n"
                          "  - path: a.gpkg\n"));
  EXPECT_FALSE(s.crs.has_value());
  EXPECT_EQ(s.region.polygon, abs("boundaries/county.geojson"));
  EXPECT_FALSE(s.region.bbox.has_value());
}

TEST_F(ScenarioFile, TypoInSourcesSuggestsSources) {
  const Error e = load_error(
      "name: x\n"
      "soures:\n"
      "  - path: a.gpkg\n");
  EXPECT_EQ(e.code(), ErrorCode::kScenario);
  EXPECT_THAT(e.what(), HasSubstr("check.yaml:2:1"));
  EXPECT_EQ(e.context().line, 2);
  EXPECT_THAT(e.what(), HasSubstr("unknown key 'soures'"));
  EXPECT_THAT(e.what(), HasSubstr("did you mean 'sources'?"));
  EXPECT_THAT(e.what(), HasSubstr("'school_defaults'"));  // the allowed keys are listed
}

TEST_F(ScenarioFile, TypoInAnOptionalKeyIsNotIgnored) {
  const Error e = load_error(
      "name: x\n"
      "sources:\n"
      "  - path: a.gpkg\n"
      "qualty:\n"
      "  duplicate_distance_m: 10\n");
  EXPECT_EQ(e.context().line, 4);
  EXPECT_THAT(e.what(), HasSubstr("did you mean 'quality'?"));
}

TEST_F(ScenarioFile, TypoInsideASourceNamesTheEntry) {
  const Error e = load_error(
      "name: x\n"
      "sources:\n"
      "  - path: a.gpkg\n"
      "  - path: b.gpkg\n"
      "    input_cr: GCJ-02\n");
  EXPECT_EQ(e.context().line, 5);
  EXPECT_EQ(e.context().feature, "sources[1].input_cr");
  EXPECT_THAT(e.what(), HasSubstr("did you mean 'input_crs'?"));
}

TEST_F(ScenarioFile, RadiusOfWrongTypeNamesTheExpectedType) {
  const Error e = load_error(
      "name: x\n"
      "sources:\n"
      "  - path: a.gpkg\n"
      "analyses:\n"
      "  zones:\n"
      "    radius_m: abc\n");
  EXPECT_EQ(e.code(), ErrorCode::kScenario);
  EXPECT_THAT(e.what(), HasSubstr("check.yaml:6:15"));
  EXPECT_EQ(e.context().feature, "analyses.zones.radius_m");
  EXPECT_THAT(e.what(), HasSubstr("'abc' is not a number > 0"));
}

TEST_F(ScenarioFile, QualityDistancesMustBePositive) {
  const Error e = load_error(
      "name: x\n"
      "sources:\n"
      "  - path: a.gpkg\n"
      "quality:\n"
      "  duplicate_distance_m: 0\n");
  EXPECT_EQ(e.context().line, 5);
  EXPECT_EQ(e.context().feature, "quality.duplicate_distance_m");
  EXPECT_THAT(e.what(), HasSubstr("must be > 0"));
}

TEST_F(ScenarioFile, ListWhereAMapIsExpected) {
  const Error e = load_error(
      "name: x\n"
      "sources:\n"
      "  - path: a.gpkg\n"
      "quality: [50, 100]\n");
  EXPECT_EQ(e.context().line, 4);
  EXPECT_THAT(e.what(), HasSubstr("wrong type for 'quality': expected a map"));
  EXPECT_THAT(e.what(), HasSubstr("got a list"));
}

TEST_F(ScenarioFile, SourcesMustBeAListOfEntries) {
  Error e = load_error(
      "name: x\n"
      "sources:\n"
      "  - a.gpkg\n");
  EXPECT_EQ(e.context().line, 3);
  EXPECT_EQ(e.context().feature, "sources[0]");
  EXPECT_THAT(e.what(), HasSubstr("must be a map"));
  e = load_error(
      "name: x\n"
      "sources: []\n");
  EXPECT_EQ(e.context().line, 2);
  EXPECT_THAT(e.what(), HasSubstr("at least 1 entry"));
}

TEST_F(ScenarioFile, MissingNameIsReported) {
  const Error e = load_error(
      "sources:\n"
      "  - path: a.gpkg\n");
  EXPECT_EQ(e.context().line, 1);
  EXPECT_THAT(e.what(), HasSubstr("missing required key 'name'"));
}

TEST_F(ScenarioFile, BboxWithThreeNumbers) {
  const Error e = load_error(
      "name: x\n"
      "region:\n"
      "  bbox: [104.04, 30.65, 104.13]\n"
      "sources:\n"
      "  - path: a.gpkg\n");
  EXPECT_EQ(e.code(), ErrorCode::kScenario);
  EXPECT_THAT(e.what(), HasSubstr("check.yaml:3:9"));
  EXPECT_EQ(e.context().feature, "region.bbox");
  EXPECT_THAT(e.what(), HasSubstr("bbox needs 4 numbers, got 3"));
}

TEST_F(ScenarioFile, BboxMinAboveMax) {
  const Error e = load_error(
      "name: x\n"
      "region:\n"
      "  bbox: [104.13, 30.65, 104.04, 30.73]\n"
      "sources:\n"
      "  - path: a.gpkg\n");
  EXPECT_EQ(e.context().line, 3);
  EXPECT_THAT(e.what(), HasSubstr("minimum must be below maximum"));
}

TEST_F(ScenarioFile, BboxOutsideLonLatRanges) {
  const Error e = load_error(
      "name: x\n"
      "region:\n"
      "  bbox: [30.65, 104.04, 30.73, 104.13]\n"
      "sources:\n"
      "  - path: a.gpkg\n");
  EXPECT_EQ(e.context().line, 3);
  EXPECT_THAT(e.what(), HasSubstr("outside lon -180..180 / lat -90..90"));
}

TEST_F(ScenarioFile, BboxItemThatIsNotANumber) {
  const Error e = load_error(
      "name: x\n"
      "region:\n"
      "  bbox: [104.04, 30.65, 104.13, north]\n"
      "sources:\n"
      "  - path: a.gpkg\n");
  EXPECT_EQ(e.context().line, 3);
  EXPECT_EQ(e.context().feature, "region.bbox[3]");
  EXPECT_THAT(e.what(), HasSubstr("must be a number"));
}

TEST_F(ScenarioFile, RegionNeedsExactlyOneShape) {
  Error e = load_error(
      "name: x\n"
      "region:\n"
      "  name: 城关镇\n"
      "sources:\n"
      "  - path: a.gpkg\n");
  EXPECT_EQ(e.context().line, 3);
  EXPECT_THAT(e.what(), HasSubstr("region needs a bbox or a polygon"));
  e = load_error(
      "name: x\n"
      "region:\n"
      "  bbox: [104.04, 30.65, 104.13, 30.73]\n"
      "  polygon: ../boundaries/county.geojson\n"
      "sources:\n"
      "  - path: a.gpkg\n");
  EXPECT_THAT(e.what(), HasSubstr("both bbox and polygon"));
}

TEST_F(ScenarioFile, RegionPolygonFileMustExist) {
  const Error e = load_error(
      "name: x\n"
      "region:\n"
      "  polygon: boundaries/missing.geojson\n"
      "sources:\n"
      "  - path: a.gpkg\n");
  EXPECT_EQ(e.code(), ErrorCode::kFileNotFound);
  EXPECT_EQ(e.context().line, 3);
  EXPECT_THAT(e.what(), HasSubstr(abs("county/boundaries/missing.geojson").string()));
}

TEST_F(ScenarioFile, UnknownSchoolLevelSuggests) {
  const Error e = load_error(
      "name: x\n"
      "sources:\n"
      "  - path: a.gpkg\n"
      "school_defaults:\n"
      "  primary: {enrollment: 900}\n"
      "  primery: {enrollment: 800}\n");
  EXPECT_EQ(e.code(), ErrorCode::kScenario);
  EXPECT_THAT(e.what(), HasSubstr("check.yaml:6:3"));
  EXPECT_EQ(e.context().feature, "school_defaults.primery");
  EXPECT_THAT(e.what(), HasSubstr("unknown school level 'primery'"));
  EXPECT_THAT(e.what(), HasSubstr("did you mean 'primary'?"));
  EXPECT_THAT(e.what(), HasSubstr("'nine_year'"));
}

TEST_F(ScenarioFile, SameLevelTwiceUnderTwoNames) {
  const Error e = load_error(
      "name: x\n"
      "sources:\n"
      "  - path: a.gpkg\n"
      "school_defaults:\n"
      "  primary: {enrollment: 900}\n"
      "  小学: {enrollment: 800}\n");
  EXPECT_EQ(e.context().line, 6);
  EXPECT_THAT(e.what(), HasSubstr("same level (primary)"));
}

TEST_F(ScenarioFile, SchoolDefaultFieldsAreTyped) {
  Error e = load_error(
      "name: x\n"
      "sources:\n"
      "  - path: a.gpkg\n"
      "school_defaults:\n"
      "  junior:\n"
      "    enrollment: 1200\n"
      "    boarding: sometimes\n");
  EXPECT_EQ(e.context().line, 7);
  EXPECT_EQ(e.context().feature, "school_defaults.junior.boarding");
  EXPECT_THAT(e.what(), HasSubstr("true or false"));
  e = load_error(
      "name: x\n"
      "sources:\n"
      "  - path: a.gpkg\n"
      "school_defaults:\n"
      "  junior: {morning_bell: \"7:40\", dismisal: \"17:00\"}\n");
  EXPECT_EQ(e.context().line, 5);
  EXPECT_THAT(e.what(), HasSubstr("did you mean 'dismissal'?"));
  e = load_error(
      "name: x\n"
      "sources:\n"
      "  - path: a.gpkg\n"
      "school_defaults:\n"
      "  junior: {morning_bell: \"08:00\", dismissal: \"07:30\"}\n");
  EXPECT_EQ(e.context().line, 5);
  EXPECT_THAT(e.what(), HasSubstr("dismissal 07:30 is not after the morning bell 08:00"));
}

TEST_F(ScenarioFile, BadCrsIsCaughtWhenRead) {
  const Error e = load_error(
      "name: x\n"
      "crs: EPSG:999999\n"
      "sources:\n"
      "  - path: a.gpkg\n");
  EXPECT_EQ(e.code(), ErrorCode::kScenario);
  EXPECT_THAT(e.what(), HasSubstr("check.yaml:2:6"));
  EXPECT_EQ(e.context().feature, "crs");
  EXPECT_THAT(e.what(), HasSubstr("'EPSG:999999'"));
  EXPECT_THAT(e.what(), HasSubstr("coordinate reference system"));
  EXPECT_THAT(e.what(), HasSubstr("EPSG:4326"));  // Crs::parse's fix is kept
}

TEST_F(ScenarioFile, BadInputCrsOfASource) {
  const Error e = load_error(
      "name: x\n"
      "sources:\n"
      "  - path: a.gpkg\n"
      "  - path: b.csv\n"
      "    input_crs: GCJ-2\n");
  EXPECT_EQ(e.context().line, 5);
  EXPECT_EQ(e.context().feature, "sources[1].input_crs");
}

TEST_F(ScenarioFile, BadEncodingSuggests) {
  const Error e = load_error(
      "name: x\n"
      "sources:\n"
      "  - path: a.shp\n"
      "    encoding: GB18300\n");
  EXPECT_EQ(e.context().line, 4);
  EXPECT_THAT(e.what(), HasSubstr("did you mean 'GB18030'?"));
}

TEST_F(ScenarioFile, MissingScenarioFileNamesThePath) {
  const fs::path path = dir_ / "county" / "nowhere.yaml";
  const Error e = catch_error([&] { load_scenario(path); });
  EXPECT_EQ(e.code(), ErrorCode::kFileNotFound);
  EXPECT_EQ(e.context().file, path.string());
  EXPECT_THAT(e.what(), HasSubstr(path.string()));
}

TEST_F(ScenarioFile, MissingMappingFileIsLocatedInTheScenario) {
  const Error e = load_error(
      "name: x\n"
      "sources:\n"
      "  - path: a.csv\n"
      "    mapping: nowhere.yaml\n");
  EXPECT_EQ(e.code(), ErrorCode::kFileNotFound);
  EXPECT_EQ(e.context().line, 4);
  EXPECT_EQ(e.context().feature, "sources[0].mapping");
  EXPECT_THAT(e.what(), HasSubstr("check.yaml"));
  EXPECT_THAT(e.what(), HasSubstr(abs("county/nowhere.yaml").string()));
}

TEST_F(ScenarioFile, ErrorInAMappingFileNamesTheMappingFile) {
  write_file(dir_ / "county" / "bad_mapping.yaml",
             "layers:\n"
             "  - target: schools\n"
             "    fields: {lat: 纬度}\n");
  const Error e = load_error(
      "name: x\n"
      "sources:\n"
      "  - path: a.csv\n"
      "    mapping: bad_mapping.yaml\n");
  EXPECT_THAT(e.what(), HasSubstr("bad_mapping.yaml:3:"));
  EXPECT_THAT(e.what(), HasSubstr("'lat' is mapped but 'lon' is not"));
}

TEST_F(ScenarioFile, YamlSyntaxErrorCarriesTheLine) {
  const Error e = load_error(
      "name: x\n"
      "sources:\n"
      "  - path: a.gpkg\n"
      "quality: {duplicate_distance_m: 50\n"
      "analyses: {}\n");
  EXPECT_EQ(e.code(), ErrorCode::kScenario);
  EXPECT_THAT(e.what(), HasSubstr("check.yaml:"));
  EXPECT_THAT(e.what(), HasSubstr("YAML syntax error"));
  EXPECT_GE(e.context().line, 4);
  EXPECT_LE(e.context().line, 5);
}

TEST_F(ScenarioFile, BadIndentationIsASyntaxError) {
  const Error e = load_error(
      "name: x\n"
      "sources:\n"
      "  - path: a.gpkg\n"
      "   layers: [a]\n");
  EXPECT_THAT(e.what(), HasSubstr("YAML syntax error"));
  EXPECT_EQ(e.context().line, 4);
}

TEST_F(ScenarioFile, UnregisteredAnalysisListsTheRegisteredOnes) {
  const Error e = load_error(
      "name: x\n"
      "sources:\n"
      "  - path: a.gpkg\n"
      "analyses:\n"
      "  zones: {}\n"
      "  evacuation: {}\n");
  EXPECT_EQ(e.code(), ErrorCode::kScenario);
  EXPECT_THAT(e.what(), HasSubstr("check.yaml:6:3"));
  EXPECT_EQ(e.context().feature, "analyses.evacuation");
  EXPECT_THAT(e.what(), HasSubstr("unknown analysis section 'evacuation'"));
  EXPECT_THAT(e.what(), HasSubstr("'drowning', 'zones'"));
}

TEST_F(ScenarioFile, AnalysesNeedARegistry) {
  const Error e = load_error(
      "name: x\n"
      "sources:\n"
      "  - path: a.gpkg\n"
      "analyses:\n"
      "  zones: {}\n",
      SectionRegistry{});
  EXPECT_EQ(e.context().line, 5);
  EXPECT_THAT(e.what(), HasSubstr("unknown analysis section 'zones'"));
}

TEST_F(ScenarioFile, RegisteredAnalysisCatchesItsOwnTypo) {
  const Error e = load_error(
      "name: x\n"
      "sources:\n"
      "  - path: a.gpkg\n"
      "analyses:\n"
      "  zones:\n"
      "    radius_m: 200\n"
      "    categoris: [internet_cafe]\n");
  EXPECT_THAT(e.what(), HasSubstr("check.yaml:7:5"));
  EXPECT_EQ(e.context().feature, "analyses.zones.categoris");
  EXPECT_THAT(e.what(), HasSubstr("did you mean 'categories'?"));
}

}  // namespace
}  // namespace huxiao::scenario
