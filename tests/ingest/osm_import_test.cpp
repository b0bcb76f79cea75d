// Classification of the real Chengdu extract; expected counts come from ogrinfo/osmium counts
// of the same file (../shared/data/README.md), not from our own output.
#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "ingest/importer.hpp"
#include "ingest_test_support.hpp"
#include "support/test_support.hpp"

namespace huxiao::ingest {
namespace {

using testing_support::find_issue;

class ChengduImport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    result_ = std::make_unique<ImportResult>(
        testing_support::import_one(huxiao::testing::shared_data("osm/chengdu-center.osm")));
  }
  static std::unique_ptr<ImportResult> result_;
};
std::unique_ptr<ImportResult> ChengduImport::result_;

bool has_cjk(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0xE4 && u <= 0xE9;
  });
}

TEST_F(ChengduImport, ChoosesUtmZone48N) {
  EXPECT_EQ(result_->project.info.crs.definition, "EPSG:32648");
}

TEST_F(ChengduImport, AtLeast55SchoolsAndKindergartensWithChineseNames) {
  const auto& schools = result_->project.schools;
  const auto chinese = std::count_if(schools.begin(), schools.end(), [](const model::School& s) {
    return s.level != model::SchoolLevel::kUniversity && has_cjk(s.name);
  });
  EXPECT_GE(chinese, 55);
  const auto named = [&](std::string_view name) {
    return std::any_of(schools.begin(), schools.end(),
                       [&](const model::School& s) { return s.name == name; });
  };
  EXPECT_TRUE(named("成都市人北实验小学"));
  EXPECT_TRUE(named("省建一公司幼儿园"));
  const auto kindergartens = std::count_if(
      schools.begin(), schools.end(),
      [](const model::School& s) { return s.level == model::SchoolLevel::kKindergarten; });
  EXPECT_GE(kindergartens, 5);  // 5 amenity=kindergarten, plus schools named 幼儿园
}

TEST_F(ChengduImport, CampusPolygonsKeptAndLocatedAtCentroid) {
  const auto& schools = result_->project.schools;
  const auto with_campus = std::count_if(
      schools.begin(), schools.end(), [](const model::School& s) { return s.campus.has_value(); });
  EXPECT_GE(with_campus, 25);  // 28 school ways in the file
  for (const auto& s : schools) {
    if (s.campus && s.defaulted.location_from_campus) {
      EXPECT_LT(geo::distance(s.location, geo::centroid(*s.campus)), 1e-6) << s.name;
    }
  }
}

TEST_F(ChengduImport, BothRivers) {
  std::set<std::string> rivers;
  for (const auto& w : result_->project.waterways) {
    if (w.kind == model::WaterKind::kRiver && !w.name.empty()) rivers.insert(w.name);
  }
  EXPECT_TRUE(rivers.count("锦江")) << "rivers: " << rivers.size();
  EXPECT_TRUE(rivers.count("沙河"));
  EXPECT_EQ(result_->project.waterways.size(), 32u);  // 32 waterway lines (osmium)
  // 9 natural=water + 3 reservoir/basin + 10 riverbank, one way tagged both natural=water and
  // riverbank.
  EXPECT_EQ(result_->project.water.size(), 21u);
}

TEST_F(ChengduImport, PoliceStations) {
  EXPECT_EQ(result_->project.police.size(), 9u);
}

TEST_F(ChengduImport, RoadsWithTopologyAttributes) {
  const auto& roads = result_->project.roads;
  const auto drivable =
      std::count_if(roads.begin(), roads.end(), [](const model::Road& r) { return r.drivable; });
  EXPECT_GE(drivable, 2000);
  EXPECT_LE(drivable, 2081);  // GDAL/osmium count of drivable highway ways in the file
  EXPECT_TRUE(
      std::any_of(roads.begin(), roads.end(), [](const model::Road& r) { return r.oneway; }));
  EXPECT_TRUE(
      std::any_of(roads.begin(), roads.end(), [](const model::Road& r) { return r.bridge; }));
  EXPECT_TRUE(std::any_of(roads.begin(), roads.end(),
                          [](const model::Road& r) { return !r.drivable && r.walkable; }));
}

TEST_F(ChengduImport, AttributionAndReport) {
  EXPECT_EQ(result_->project.info.attribution.front(), "© OpenStreetMap contributors, ODbL 1.0");
  EXPECT_EQ(result_->report.counts().at("schools"),
            static_cast<std::int64_t>(result_->project.schools.size()));
  EXPECT_EQ(result_->report.count(quality::Severity::kError), 0u);
  EXPECT_NE(find_issue(result_->report, "missing_name"), nullptr);  // three unnamed school features
}

TEST(OsmImport, PbfSourcesToo) {
  const auto r =
      testing_support::import_one(huxiao::testing::shared_data("osm/monaco-2016.osm.pbf"));
  EXPECT_EQ(r.project.info.crs.definition, "EPSG:32632");
  EXPECT_GE(r.project.schools.size(), 10u);
  EXPECT_GE(r.project.police.size(), 10u);
  EXPECT_GE(r.project.roads.size(), 1500u);
}

TEST(OsmImport, RegionKeepsOnlyWhatLiesInside) {
  ImportOptions options;
  options.region = geo::Region::parse_lonlat_box("104.06,30.66,104.09,30.69");
  const auto r = testing_support::import_one(huxiao::testing::shared_data("osm/chengdu-center.osm"),
                                             {}, nullptr, options);
  const auto all =
      testing_support::import_one(huxiao::testing::shared_data("osm/chengdu-center.osm"));
  EXPECT_LT(r.project.schools.size(), all.project.schools.size());
  EXPECT_GT(r.project.schools.size(), 0u);
  EXPECT_NE(find_issue(r.report, "outside_region"), nullptr);
}

}  // namespace
}  // namespace huxiao::ingest
