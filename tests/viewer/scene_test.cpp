#include <cmath>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "viewer/core/analysis.hpp"
#include "viewer/core/colormap.hpp"
#include "viewer/core/pick.hpp"
#include "viewer/core/scene.hpp"
#include "viewer/core/viewport.hpp"
#include "viewer_test_support.hpp"

namespace huxiao::viewer {
namespace {

using testing::small_county;
using testing::square;

double mesh_area(const Mesh& m) {
  double a = 0;
  for (std::size_t i = 0; i + 2 < m.indices.size(); i += 3) {
    const Vertex &p = m.vertices[m.indices[i]], &q = m.vertices[m.indices[i + 1]],
                 &r = m.vertices[m.indices[i + 2]];
    a += std::abs((q.x - p.x) * (r.y - p.y) - (r.x - p.x) * (q.y - p.y)) / 2.0;
  }
  return a;
}

TEST(Viewport, ScreenAndWorldAreInverse) {
  Viewport v{{1000, 2000}, 2.0, 800, 600};
  const geo::Point w = v.to_world({100, 50});
  EXPECT_DOUBLE_EQ(w.x, 1000 + (100 - 400) * 2.0);
  EXPECT_DOUBLE_EQ(w.y, 2000 + (300 - 50) * 2.0);  // screen y grows downwards
  const geo::Point s = v.to_screen(w);
  EXPECT_NEAR(s.x, 100, 1e-9);
  EXPECT_NEAR(s.y, 50, 1e-9);
}

TEST(Viewport, ZoomKeepsThePointUnderTheCursor) {
  Viewport v{{0, 0}, 10.0, 800, 600};
  const geo::Point before = v.to_world({700, 100});
  v.zoom_at({700, 100}, 4.0);
  EXPECT_DOUBLE_EQ(v.metres_per_pixel, 2.5);
  const geo::Point after = v.to_world({700, 100});
  EXPECT_NEAR(after.x, before.x, 1e-9);
  EXPECT_NEAR(after.y, before.y, 1e-9);
}

TEST(Viewport, FitShowsTheWholeBox) {
  Viewport v{{0, 0}, 1.0, 1000, 500};
  geo::Box b;
  b.expand(geo::Point{0, 0});
  b.expand(geo::Point{4000, 1000});
  v.fit(b, 0.0);
  EXPECT_DOUBLE_EQ(v.metres_per_pixel, 4.0);
  EXPECT_TRUE(v.visible().contains({4000, 1000}));
}

TEST(ScaleBar, RoundLengthsThatFit) {
  const ScaleBar a = scale_bar(3.0, 200);  // 600 m fit
  EXPECT_DOUBLE_EQ(a.metres, 500);
  EXPECT_EQ(a.label, "500 m");
  EXPECT_NEAR(a.pixels, 166.67, 0.01);
  const ScaleBar b = scale_bar(30.0, 150);  // 4.5 km fit
  EXPECT_DOUBLE_EQ(b.metres, 2000);
  EXPECT_EQ(b.label, "2 km");
}

TEST(Colormap, EndsAndNodata) {
  EXPECT_EQ(sample(Colormap::kRisk, 0.0), (Rgba{26, 152, 80, 255}));
  EXPECT_EQ(sample(Colormap::kRisk, 1.0), (Rgba{165, 0, 38, 255}));
  EXPECT_EQ(sample(Colormap::kGray, 0.5), (Rgba{128, 128, 128, 255}));
  io::RasterGrid g;
  g.width = 3;
  g.height = 1;
  g.values = {0.0f, -9999.0f, 10.0f};
  g.nodata = -9999.0f;
  const auto t = colorize(g, {Colormap::kRisk, 0.0, 10.0});
  EXPECT_EQ(t[0], sample(Colormap::kRisk, 0.0));
  EXPECT_EQ(t[1].a, 0);
  EXPECT_EQ(t[2], sample(Colormap::kRisk, 1.0));
  EXPECT_EQ(parse_colormap("viridis"), Colormap::kViridis);
  EXPECT_FALSE(parse_colormap("rainbow"));
}

TEST(Scene, ConcavePolygonWithHoleFillsExactlyItsArea) {
  // An L shape with a square hole: a fan would spill outside; GEOS's triangulation does not.
  geo::Polygon l{{{0, 0}, {300, 0}, {300, 100}, {100, 100}, {100, 300}, {0, 300}, {0, 0}},
                 {{{20, 20}, {20, 60}, {60, 60}, {60, 20}, {20, 20}}}};
  Mesh m;
  add_fill(m, l, {0, 0}, {255, 0, 0});
  EXPECT_NEAR(mesh_area(m), geo::area(l), 1e-6);
  EXPECT_NEAR(geo::area(l), 300 * 100 + 100 * 200 - 40 * 40, 1e-9);
}

TEST(Scene, SchoolMarkersSitOnTheSchoolsRelativeToTheOrigin) {
  const Document& d = small_county();
  const Scene s = build_scene(d);
  const SceneLayer* schools = s.find("schools");
  ASSERT_NE(schools, nullptr);
  // Each school: a white disc then a coloured one, 13 vertices each, centre first.
  ASSERT_EQ(schools->mesh.vertices.size(), d.project.schools.size() * 26);
  const Vertex& centre = schools->mesh.vertices[13];
  EXPECT_NEAR(centre.x + s.origin.x, d.project.schools[0].location.x, 0.01);
  EXPECT_NEAR(centre.y + s.origin.y, d.project.schools[0].location.y, 0.01);
  EXPECT_EQ(centre.rgba, pack(school_colour(d.project.schools[0].level)));
  EXPECT_EQ(schools->labels.size(), d.project.schools.size());
  EXPECT_NE(s.find("roads"), nullptr);
  EXPECT_FALSE(s.find("roads")->mesh.empty());
}

TEST(Scene, ExtraStoreLayersAreDrawnToo) {
  Document d = small_county();
  model::Table t{"posts", model::GeometryKind::kPoint, {}, {}};
  t.rows.push_back({{}, geo::Geometry{d.project.schools[0].location}});
  d.extra_layers.push_back(t);
  const Scene s = build_scene(d);
  ASSERT_NE(s.find("posts"), nullptr);
  EXPECT_FALSE(s.find("posts")->mesh.empty());
}

TEST(Pick, PointsFirstThenAreas) {
  Document d = small_county();
  const auto& school = d.project.schools[0];
  auto hit = pick(d, {school.location.x + 3, school.location.y}, 10.0);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->kind, FeatureKind::kSchool);
  EXPECT_EQ(hit->id, school.id);
  const auto attrs = attributes(d, *hit);
  ASSERT_FALSE(attrs.empty());
  EXPECT_EQ(attrs[2].second, school.name);
  d.zones.push_back(
      {"z", school.id, "区", square({school.location.x + 5000, school.location.y}, 100), {}});
  hit = pick(d, {school.location.x + 5050, school.location.y}, 1.0);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->kind, FeatureKind::kZone);
}

TEST(Jobs, DemoRunsOnAWorkerAndCancelStopsIt) {
  const auto registry = builtin_analyses();
  const Analysis* demo = registry.find("demo");
  ASSERT_NE(demo, nullptr);
  {
    Job job(*demo, {}, {{"schools", "15"}});
    const AnalysisOutput out = job.take();
    ASSERT_TRUE(out.document);
    EXPECT_EQ(out.document->project.schools.size(), 15u);
    EXPECT_TRUE(job.finished());
  }
  {
    Job job(*demo, {}, {{"schools", "3000"}});
    job.cancel();
    try {
      job.take();
      // A job that finished before the cancel was seen is fine too; nothing more to check.
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kCancelled);
    }
  }
  Job bad(*demo, {}, {{"schools", "many"}});
  EXPECT_THROW(bad.take(), Error);
  EXPECT_EQ(registry.find("no-such-analysis"), nullptr);
  EXPECT_NE(registry.names().find("import"), std::string::npos);
}

}  // namespace
}  // namespace huxiao::viewer
