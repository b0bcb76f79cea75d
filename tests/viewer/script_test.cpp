#include <gtest/gtest.h>

#include "core/error.hpp"
#include "geo/crs.hpp"
#include "viewer/core/script.hpp"
#include "viewer_test_support.hpp"

namespace huxiao::viewer {
namespace {

using testing::small_county;

// A host without a window: records view actions, transforms with PROJ like the real one.
class FakeHost final : public ScriptHost {
 public:
  FakeHost()
      : model_(small_county()),
        to_(geo::Crs::wgs84(), small_county().project.info.crs),
        from_(small_county().project.info.crs, geo::Crs::wgs84()) {}
  EditModel& model() override { return model_; }
  geo::Point to_project(const geo::Point& ll) override { return *to_.apply(ll); }
  geo::Point to_lonlat(const geo::Point& p) const { return *from_.apply(p); }
  void open(const std::filesystem::path& p) override { log += "open " + p.string() + ";"; }
  void view(const geo::Box&) override { log += "view;"; }
  void pan(double dx, double dy) override {
    log += "pan " + std::to_string(static_cast<int>(dx)) + " " +
           std::to_string(static_cast<int>(dy)) + ";";
  }
  void layer(const std::string& n, bool on) override {
    log += "layer " + n + (on ? " on;" : " off;");
  }
  void opacity(const std::string& n, double) override { log += "opacity " + n + ";"; }
  void run(const std::string& a, const std::map<std::string, std::string>& p) override {
    log += "run " + a;
    for (const auto& [k, v] : p) log += " " + k + "=" + v;
    log += ";";
  }
  void wait() override { log += "wait;"; }
  void select(const geo::Point&) override { log += "select;"; }
  void playback(const std::string& l, double t, double c) override {
    log += "playback " + l + " " + std::to_string(static_cast<int>(t)) + " " +
           std::to_string(static_cast<int>(c)) + ";";
  }

  std::string log;

 private:
  EditModel model_;
  geo::Transformer to_, from_;
};

void run_all(const std::string& text, ScriptHost& host) {
  for (const auto& a : parse_script(text, "t.txt")) run_action(a, host);
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Script, UnknownActionNamesFileLineAndTheActions) {
  const std::string m = error_of([] { parse_script("# c\nopen a.gpkg\nzoom 3\n", "s.txt"); });
  EXPECT_NE(m.find("s.txt:3"), std::string::npos) << m;
  EXPECT_NE(m.find("zoom"), std::string::npos) << m;
  EXPECT_NE(m.find("screenshot") == std::string::npos ? m.find("layer") : 0, std::string::npos)
      << m;
}

TEST(Script, WrongArgumentCountShowsUsage) {
  const std::string m = error_of([] { parse_script("view 1 2 3\n", "s.txt"); });
  EXPECT_NE(m.find("usage: view MINLON MINLAT MAXLON MAXLAT"), std::string::npos) << m;
}

TEST(Script, ViewActionsGoToTheHost) {
  FakeHost host;
  run_all(
      "open x.gpkg\nview 103 30 104 31\npan 40 -25\nlayer roads off\nrun demo schools=30\nwait\n"
      "playback drill 40 2\n",
      host);
  EXPECT_EQ(
      host.log,
      "open x.gpkg;view;pan 40 -25;layer roads off;run demo schools=30;wait;playback drill 40 "
      "2;");
}

TEST(Script, EditsInLonLatLandInProjectMetres) {
  FakeHost host;
  const auto& s = host.model().document().project.schools[0];
  const geo::Point ll = host.to_lonlat(s.location);
  const geo::Point ll_east = host.to_lonlat({s.location.x + 100, s.location.y});
  char text[512];
  std::snprintf(text, sizeof text,
                "move-school %s %.9f %.9f\nadd-zone z1 %s %.9f %.9f %.9f %.9f %.9f %.9f\n"
                "drag-zone z1 %.9f %.9f %.9f %.9f\n",
                s.id.c_str(), ll_east.x, ll_east.y, s.id.c_str(), ll.x, ll.y, ll_east.x, ll_east.y,
                ll.x, ll.y + 0.001, ll.x, ll.y, ll_east.x, ll_east.y);
  const geo::Point original = s.location;
  run_all(text, host);
  const auto& d = host.model().document();
  EXPECT_NEAR(d.project.schools[0].location.x, original.x + 100, 1e-3);
  EXPECT_NEAR(d.project.schools[0].location.y, original.y, 1e-3);
  ASSERT_EQ(d.zones.size(), 1u);
  // Dragged 100 m east: the first corner moved from the school's old place to 100 m east.
  EXPECT_NEAR(d.zones[0].area[0].outer[0].x, original.x + 100, 1e-3);
  run_all("undo\n", host);
  ASSERT_EQ(host.model().document().zones.size(), 1u);
  EXPECT_NEAR(host.model().document().zones[0].area[0].outer[0].x, original.x, 1e-3);
}

TEST(Script, BadEditReportsTheScriptLine) {
  FakeHost host;
  const std::string m = error_of([&] { run_all("wait\nmove-school nobody 104 30.6\n", host); });
  EXPECT_NE(m.find("t.txt:2"), std::string::npos) << m;
  EXPECT_NE(m.find("nobody"), std::string::npos) << m;
  const std::string m2 = error_of([&] { run_all("add-post p 104 abc\n", host); });
  EXPECT_NE(m2.find("'abc' is not a number"), std::string::npos) << m2;
}

TEST(Script, PostsWaterAndSafeguards) {
  FakeHost host;
  const geo::Point ll = host.to_lonlat(host.model().document().project.schools[0].location);
  char text[512];
  std::snprintf(text, sizeof text,
                "add-post p1 %.7f %.7f 3\nfix-post p1 on\nadd-water w1 pond %.7f %.7f %.7f %.7f "
                "%.7f %.7f\nsafeguards w1 sign rescue\n",
                ll.x, ll.y, ll.x, ll.y, ll.x + 0.0005, ll.y, ll.x, ll.y + 0.0005);
  run_all(text, host);
  const auto& d = host.model().document();
  EXPECT_EQ(d.project.police.back().officers, 3);
  EXPECT_TRUE(d.fixed_posts.contains("p1"));
  EXPECT_TRUE(d.project.water.back().safeguards.warning_sign);
  EXPECT_TRUE(d.project.water.back().safeguards.rescue_equipment);
  EXPECT_FALSE(d.project.water.back().safeguards.fence);
}

}  // namespace
}  // namespace huxiao::viewer
