#include <chrono>
#include <filesystem>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "io/geopackage.hpp"
#include "support/test_support.hpp"
#include "viewer/core/edit_model.hpp"
#include "viewer_test_support.hpp"

namespace huxiao::viewer {
namespace {

namespace fs = std::filesystem;
using huxiao::testing::ScratchDir;
using testing::small_county;
using testing::square;

model::Table findings_layer(const geo::Point& at) {
  model::Table t{"findings",
                 model::GeometryKind::kPoint,
                 {{"kind", model::ColumnType::kText}, {"score", model::ColumnType::kReal}},
                 {}};
  t.rows.push_back({{std::string("网吧"), 0.75}, geo::Geometry{at}});
  return t;
}

// An edited document: a drawn zone with a computed column, a fixed post, a moved school.
EditModel edited() {
  Document d = small_county();
  d.extra_layers.push_back(findings_layer(d.project.schools[0].location));
  EditModel m(std::move(d));
  const auto& s = m.document().project.schools[0];
  Zone z{"z1", s.id, "安全区一", square(s.location, 200), {{"area_m2", 160000.0}}};
  m.execute(add_zone(m.document(), z));
  model::PoliceUnit u;
  u.id = "post-9";
  u.name = "护学岗九";
  u.kind = model::PoliceKind::kPost;
  u.location = {s.location.x + 20, s.location.y + 20};
  m.execute(add_police(m.document(), u));
  m.execute(set_post_fixed(m.document(), "post-9", true));
  m.execute(move_school(m.document(), m.document().project.schools[1].id,
                        {s.location.x + 5, s.location.y}));
  return m;
}

TEST(SaveLoad, RoundTripKeepsEditsZonesFixedPostsAndOtherLayers) {
  ScratchDir dir;
  EditModel m = edited();
  m.save_as(dir / "p.gpkg");
  EXPECT_FALSE(m.dirty());
  const Document back = load_document(dir / "p.gpkg");
  const Document& doc = m.document();
  ASSERT_EQ(back.project.schools.size(), doc.project.schools.size());
  EXPECT_NEAR(back.project.schools[1].location.x, doc.project.schools[1].location.x, 1e-6);
  EXPECT_EQ(back.project.police.size(), doc.project.police.size());
  EXPECT_EQ(back.fixed_posts, std::set<std::string>{"post-9"});
  ASSERT_EQ(back.zones.size(), 1u);
  EXPECT_EQ(back.zones[0].name, "安全区一");
  EXPECT_EQ(back.zones[0].school_id, doc.project.schools[0].id);
  EXPECT_NEAR(geo::area(back.zones[0].area), 160000.0, 1e-3);
  ASSERT_EQ(back.zones[0].attributes.size(), 1u);
  EXPECT_EQ(back.zones[0].attributes[0].first, "area_m2");
  const model::Table* f = back.extra_layer("findings");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(f->rows.size(), 1u);
  EXPECT_EQ(model::value_as_text(f->rows[0].values[0]), "网吧");
  // Nothing but the store itself is left in the folder.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(SaveLoad, SavingAgainReplacesTheStoreWholesale) {
  ScratchDir dir;
  EditModel m = edited();
  m.save_as(dir / "p.gpkg");
  m.execute(delete_zone(m.document(), "z1"));
  m.save();
  const Document back = load_document(dir / "p.gpkg");
  EXPECT_TRUE(back.zones.empty());
  EXPECT_NE(back.extra_layer("findings"), nullptr);
}

TEST(SaveLoad, SaveWithoutAPathSaysWhatToDo) {
  EditModel m(small_county());
  try {
    m.save();
    FAIL() << "saved without a path";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("Save as"), std::string::npos) << e.what();
  }
}

TEST(SaveLoad, MissingStoreIsAClearError) {
  EXPECT_THROW(load_document("/nonexistent/p.gpkg"), Error);
}

TEST(AutoSave, WritesACopyBesideTheStoreOnlyAfterAChange) {
  ScratchDir dir;
  EditModel m = edited();
  m.save_as(dir / "p.gpkg");
  AutoSaver saver(std::chrono::milliseconds(0));
  const auto now = std::chrono::steady_clock::now();
  EXPECT_FALSE(saver.tick(m, now));  // nothing changed since the save
  m.execute(delete_zone(m.document(), "z1"));
  EXPECT_TRUE(saver.tick(m, now));
  saver.wait();
  EXPECT_FALSE(saver.last_error()) << *saver.last_error();
  const fs::path copy = AutoSaver::path_for(dir / "p.gpkg");
  EXPECT_EQ(copy, dir / "p.autosave.gpkg");
  ASSERT_TRUE(fs::exists(copy));
  EXPECT_TRUE(load_document(copy).zones.empty());
  EXPECT_EQ(load_document(dir / "p.gpkg").zones.size(), 1u);  // the store itself is untouched
  EXPECT_FALSE(saver.tick(m, now));                           // already saved this revision
}

TEST(AutoSave, WaitsForTheInterval) {
  ScratchDir dir;
  EditModel m = edited();
  m.save_as(dir / "p.gpkg");
  AutoSaver saver(std::chrono::hours(1));
  m.execute(delete_zone(m.document(), "z1"));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(saver.tick(m, start + std::chrono::hours(2)));
  saver.wait();
  m.undo();
  EXPECT_FALSE(saver.tick(m, start + std::chrono::hours(2) + std::chrono::minutes(1)));
}

}  // namespace
}  // namespace huxiao::viewer
