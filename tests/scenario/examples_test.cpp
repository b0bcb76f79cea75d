// The example files in scenarios/ are what county users copy: they must load as shipped.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "deploy/scenario_section.hpp"
#include "network/analysis.hpp"
#include "risk/run.hpp"
#include "scenario/mapping_file.hpp"
#include "scenario/scenario.hpp"
#include "support/test_support.hpp"
#include "zones/run.hpp"

namespace huxiao::scenario {
namespace {

// The analysis sections the shipped scenarios use, registered as `huxiao run` does.
SectionRegistry shipped_analyses() {
  SectionRegistry r;
  zones::register_zone_section(r);
  risk::register_risk_section(r);
  network::register_section(r);
  deploy::register_section(r);
  return r;
}

namespace fs = std::filesystem;
using ::huxiao::testing::shared_data;
using ::huxiao::testing::source_dir;

fs::path example(const std::string& name) {
  return source_dir() / "scenarios" / name;
}

TEST(Examples, DemoScenarioLoads) {
  const Scenario s = load_scenario(example("demo.yaml"), shipped_analyses());
  EXPECT_EQ(s.name, "演示县 demo county");
  ASSERT_EQ(s.sources.size(), 1u);
  EXPECT_EQ(s.sources[0].path, (source_dir() / "out" / "demo.gpkg").lexically_normal());
  EXPECT_EQ(s.store, (source_dir() / "out" / "demo-scenario.gpkg").lexically_normal());
  EXPECT_EQ(s.output, (source_dir() / "out" / "demo").lexically_normal());
  EXPECT_FALSE(s.crs.has_value());
  EXPECT_TRUE(s.region.whole());
  EXPECT_EQ(s.level_defaults(model::SchoolLevel::kPrimary).enrollment, 900);
  EXPECT_EQ(s.level_defaults(model::SchoolLevel::kJunior).dismissal, model::TimeOfDay::hm(17, 20));
}

TEST(Examples, ChengduScenarioLoadsAndPointsAtTheSharedExtract) {
  const Scenario s = load_scenario(example("chengdu.yaml"), shipped_analyses());
  ASSERT_TRUE(s.region.bbox.has_value());
  EXPECT_DOUBLE_EQ(s.region.bbox->min_x, 104.042);
  EXPECT_DOUBLE_EQ(s.region.bbox->min_y, 30.653);
  EXPECT_DOUBLE_EQ(s.region.bbox->max_x, 104.130);
  EXPECT_DOUBLE_EQ(s.region.bbox->max_y, 30.728);
  ASSERT_EQ(s.sources.size(), 1u);
  const fs::path expected = shared_data("osm/chengdu-center.osm");
  if (!fs::exists(expected)) GTEST_SKIP() << "shared data missing: " << expected;
  EXPECT_TRUE(fs::equivalent(s.sources[0].path, expected));
  EXPECT_EQ(s.sources[0].layers, (std::vector<std::string>{"points", "lines", "multipolygons"}));
}

TEST(Examples, CountySchoolMappingLoads) {
  const Mapping m = load_mapping(example("mappings/county_schools.yaml"));
  ASSERT_EQ(m.layers.size(), 1u);
  const LayerMapping* schools = m.for_layer("Sheet1");
  ASSERT_NE(schools, nullptr);
  EXPECT_EQ(schools->target, LayerTarget::kSchools);
  EXPECT_EQ(*schools->column("name"), "学校名称");
  EXPECT_EQ(*schools->column("enrollment"), "在校人数");
  EXPECT_EQ(schools->translate("level", "九年一贯制学校"), "nine_year");
  EXPECT_EQ(schools->translate("level", "211"), "primary");
  EXPECT_EQ(schools->translate("boarding", "走读"), "false");
  EXPECT_EQ(schools->encoding, "GBK");
}

// The commented-out source in chengdu.yaml is the documented way to use the mapping: it must
// stay valid when a user removes the "#".
TEST(Examples, ChengduCommentedSourceIsValidWhenEnabled) {
  std::string text = huxiao::testing::read_file(example("chengdu.yaml"));
  const std::string marker = "  # - path: data/县学校名单.csv";
  const auto start = text.find(marker);
  ASSERT_NE(start, std::string::npos);
  std::string uncommented;
  std::size_t pos = start;
  for (int i = 0; i < 12 && pos < text.size(); ++i) {
    const std::size_t end = text.find('\n', pos);
    std::string line = text.substr(pos, end - pos);
    if (!line.starts_with("  #")) break;
    line.erase(2, 2);  // "  # - path" -> "  - path", "  #   mapping" -> "    mapping"
    uncommented += line + "\n";
    pos = end + 1;
  }
  text.replace(start, pos - start, uncommented);
  // A scratch copy beside a copy of the mapping, so the source tree stays untouched.
  huxiao::testing::ScratchDir dir;
  huxiao::testing::write_file(dir / "chengdu.yaml", text);
  fs::create_directories(dir / "mappings");
  fs::copy_file(example("mappings/county_schools.yaml"), dir / "mappings" / "county_schools.yaml");
  const Scenario s = load_scenario(dir / "chengdu.yaml", shipped_analyses());
  ASSERT_EQ(s.sources.size(), 2u);
  ASSERT_TRUE(s.sources[1].mapping.has_value());
  ASSERT_TRUE(s.sources[1].input_crs.has_value());
  EXPECT_EQ(s.sources[1].input_crs->offset, geo::ChineseOffset::kGcj02);
  EXPECT_EQ(s.sources[1].encoding, "GBK");
}

}  // namespace
}  // namespace huxiao::scenario
