#include <cmath>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "viewer/core/edit_model.hpp"
#include "viewer_test_support.hpp"

namespace huxiao::viewer {
namespace {

using testing::small_county;
using testing::square;

const model::School& school(const Document& d, const std::string& id) {
  for (const auto& s : d.project.schools)
    if (s.id == id) return s;
  throw std::runtime_error("no school " + id);
}

const model::School& with_gates(const Document& d) {
  for (const auto& s : d.project.schools)
    if (!s.gates.empty() && s.campus) return s;
  throw std::runtime_error("demo county without a gated campus");
}

TEST(Commands, MoveSchoolCarriesCampusAndGatesAndUndoRestores) {
  EditModel m(small_county());
  const model::School before = with_gates(m.document());
  m.execute(
      move_school(m.document(), before.id, {before.location.x + 100, before.location.y - 50}));
  const auto& after = school(m.document(), before.id);
  EXPECT_DOUBLE_EQ(after.location.x, before.location.x + 100);
  EXPECT_DOUBLE_EQ(after.gates[0].location.x, before.gates[0].location.x + 100);
  EXPECT_DOUBLE_EQ(after.gates[0].location.y, before.gates[0].location.y - 50);
  EXPECT_DOUBLE_EQ((*after.campus)[0].outer[0].y, (*before.campus)[0].outer[0].y - 50);
  EXPECT_TRUE(m.dirty());
  ASSERT_TRUE(m.undo());
  EXPECT_EQ(school(m.document(), before.id).location, before.location);
  EXPECT_EQ(school(m.document(), before.id).gates[0].location, before.gates[0].location);
  ASSERT_TRUE(m.redo());
  EXPECT_DOUBLE_EQ(school(m.document(), before.id).location.x, before.location.x + 100);
}

TEST(Commands, AddAndDeleteSchoolUndoKeepsOrder) {
  EditModel m(small_county());
  const std::size_t n = m.document().project.schools.size();
  const std::string third = m.document().project.schools[2].id;
  model::School s;
  s.name = "新建小学";
  s.location = m.document().project.schools[0].location;
  m.execute(add_school(m.document(), s));
  ASSERT_EQ(m.document().project.schools.size(), n + 1);
  const std::string new_id = m.document().project.schools.back().id;
  EXPECT_FALSE(new_id.empty());
  EXPECT_NE(m.undo_label().find("新建小学"), std::string::npos) << m.undo_label();
  m.execute(delete_school(m.document(), third));
  EXPECT_EQ(m.document().project.schools.size(), n);
  ASSERT_TRUE(m.undo());
  EXPECT_EQ(m.document().project.schools[2].id, third);  // back in its place
  ASSERT_TRUE(m.undo());
  EXPECT_EQ(m.document().project.schools.size(), n);
  EXPECT_FALSE(m.undo());
  EXPECT_TRUE(m.can_redo());
}

TEST(Commands, NewEditClearsRedo) {
  EditModel m(small_county());
  const auto& s = m.document().project.schools[0];
  m.execute(set_enrollment(m.document(), s.id, 321));
  m.undo();
  ASSERT_TRUE(m.can_redo());
  m.execute(set_enrollment(m.document(), s.id, 456));
  EXPECT_FALSE(m.can_redo());
  EXPECT_EQ(m.document().project.schools[0].enrollment, 456);
  EXPECT_FALSE(m.document().project.schools[0].defaulted.enrollment);
}

TEST(Commands, RejectedEditsLeaveTheDocumentAlone) {
  EditModel m(small_county());
  const auto rev = m.revision();
  const auto& d = m.document();
  EXPECT_THROW(m.execute(move_school(d, "no-such-school", {0, 0})), Error);
  EXPECT_THROW(m.execute(set_enrollment(d, d.project.schools[0].id, -5)), Error);
  EXPECT_THROW(m.execute(add_gate(d, d.project.schools[0].id, {{std::nan(""), 0.0}, ""})), Error);
  EXPECT_THROW(m.execute(delete_gate(d, d.project.schools[0].id, 99)), Error);
  model::School dup = d.project.schools[0];
  EXPECT_THROW(m.execute(add_school(d, dup)), Error);
  EXPECT_EQ(m.revision(), rev);
  EXPECT_FALSE(m.can_undo());
}

TEST(Commands, GatesAddMoveDelete) {
  EditModel m(small_county());
  const std::string id = m.document().project.schools[1].id;
  const std::size_t gates = school(m.document(), id).gates.size();
  const geo::Point p = school(m.document(), id).location;
  m.execute(add_gate(m.document(), id, {{p.x + 30, p.y}, ""}));
  ASSERT_EQ(school(m.document(), id).gates.size(), gates + 1);
  m.execute(move_gate(m.document(), id, gates, {p.x + 40, p.y + 5}));
  EXPECT_EQ(school(m.document(), id).gates[gates].location, (geo::Point{p.x + 40, p.y + 5}));
  m.execute(delete_gate(m.document(), id, gates));
  EXPECT_EQ(school(m.document(), id).gates.size(), gates);
  m.undo();
  m.undo();
  EXPECT_EQ(school(m.document(), id).gates[gates].location, (geo::Point{p.x + 30, p.y}));
}

TEST(Commands, ZonesDrawDragAndEditCorners) {
  EditModel m(small_county());
  const auto& s = m.document().project.schools[0];
  Zone z{"z1", s.id, "一号安全区", square(s.location, 200), {}};
  m.execute(add_zone(m.document(), z));
  ASSERT_EQ(m.document().zones.size(), 1u);
  m.execute(translate_zone(m.document(), "z1", 50, -20));
  EXPECT_DOUBLE_EQ(m.document().zones[0].area[0].outer[0].x, s.location.x - 150);
  EXPECT_DOUBLE_EQ(m.document().zones[0].area[0].outer[0].y, s.location.y - 220);
  m.execute(move_zone_vertex(m.document(), "z1", 0, 0, {s.location.x - 300, s.location.y - 300}));
  const auto& ring = m.document().zones[0].area[0].outer;
  EXPECT_EQ(ring.front(), ring.back());  // still closed
  EXPECT_EQ(ring.front(), (geo::Point{s.location.x - 300, s.location.y - 300}));
  m.undo();
  m.undo();
  EXPECT_EQ(m.document().zones[0].area, square(s.location, 200));
}

TEST(Commands, ZonesMustBeRealPolygons) {
  EditModel m(small_county());
  const geo::Point c = m.document().project.schools[0].location;
  Zone bow{"bow",
           "",
           "",
           {geo::Polygon{
               {{c.x, c.y}, {c.x + 100, c.y + 100}, {c.x + 100, c.y}, {c.x, c.y + 100}, {c.x, c.y}},
               {}}},
           {}};
  try {
    m.execute(add_zone(m.document(), bow));
    FAIL() << "a self-crossing zone was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kBadGeometry);
    EXPECT_NE(std::string(e.what()).find("cross"), std::string::npos) << e.what();
  }
  Zone line{"line", "", "", {geo::Polygon{{{c.x, c.y}, {c.x + 10, c.y}, {c.x, c.y}}, {}}}, {}};
  EXPECT_THROW(m.execute(add_zone(m.document(), line)), Error);
  Zone orphan{"o", "no-such-school", "", square(c, 50), {}};
  EXPECT_THROW(m.execute(add_zone(m.document(), orphan)), Error);
  EXPECT_TRUE(m.document().zones.empty());
}

TEST(Commands, WaterWithSafeguards) {
  EditModel m(small_county());
  const geo::Point c = m.document().project.schools[0].location;
  const std::size_t n = m.document().project.water.size();
  model::WaterBody w;
  w.id = "pond-1";
  w.name = "新塘";
  w.kind = model::WaterKind::kPond;
  w.area = square({c.x + 500, c.y}, 20);
  m.execute(add_water(m.document(), w));
  ASSERT_EQ(m.document().project.water.size(), n + 1);
  m.execute(set_safeguards(m.document(), "pond-1", {.warning_sign = true, .fence = true}));
  EXPECT_TRUE(m.document().project.water.back().safeguards.fence);
  EXPECT_FALSE(m.document().project.water.back().safeguards.rescue_equipment);
  m.undo();
  EXPECT_FALSE(m.document().project.water.back().safeguards.fence);
}

TEST(Commands, PolicePostsPlaceMoveFix) {
  EditModel m(small_county());
  const geo::Point c = m.document().project.schools[0].location;
  model::PoliceUnit u;
  u.id = "post-1";
  u.kind = model::PoliceKind::kPost;
  u.location = c;
  u.officers = 2;
  m.execute(add_police(m.document(), u));
  m.execute(set_post_fixed(m.document(), "post-1", true));
  EXPECT_TRUE(m.document().fixed_posts.contains("post-1"));
  EXPECT_THROW(m.execute(move_police(m.document(), "post-1", {c.x + 10, c.y})), Error);
  m.undo();  // unfix
  EXPECT_FALSE(m.document().fixed_posts.contains("post-1"));
  m.execute(move_police(m.document(), "post-1", {c.x + 10, c.y}));
  EXPECT_DOUBLE_EQ(m.document().project.police.back().location.x, c.x + 10);
  EXPECT_THROW(set_officers(m.document(), "post-1", 5000), Error);
  m.execute(set_officers(m.document(), "post-1", 4));
  EXPECT_EQ(m.document().project.police.back().officers, 4);
}

}  // namespace
}  // namespace huxiao::viewer
