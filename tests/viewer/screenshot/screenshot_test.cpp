// The real viewer under Xvfb: replays a script, writes a PNG, and the test checks pixels where
// PROJ (not the viewer) says the features are. Registered only where xvfb-run exists.

#include <gdal_priv.h>
#include <stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>

#include <gtest/gtest.h>

#include "demo/synthetic_county.hpp"
#include "geo/crs.hpp"
#include "io/raster_reader.hpp"
#include "store/project_store.hpp"
#include "support/test_support.hpp"
#include "viewer/core/colormap.hpp"
#include "viewer/core/document.hpp"
#include "viewer/core/scene.hpp"
#include "viewer/core/viewport.hpp"

namespace huxiao::viewer {
namespace {

using huxiao::testing::ScratchDir;
constexpr int kW = 800, kH = 600;
constexpr const char* kAllVectorLayersOff =
    "layer water off\nlayer waterways off\nlayer roads off\nlayer roads_minor off\n"
    "layer campuses off\n"
    "layer safety_zones off\nlayer police off\nlayer gates off\nlayer schools off\n";

struct Image {
  int w = 0, h = 0;
  std::vector<unsigned char> rgb;
  Rgba at(const geo::Point& p) const {
    const int x = static_cast<int>(p.x), y = static_cast<int>(p.y);
    if (x < 0 || y < 0 || x >= w || y >= h) return {0, 0, 0, 0};
    const std::size_t i =
        (static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)) *
        3;
    return {rgb[i], rgb[i + 1], rgb[i + 2], 255};
  }
};

Image load_png(const std::filesystem::path& p) {
  Image img;
  int channels = 0;
  std::unique_ptr<unsigned char, void (*)(void*)> data(
      stbi_load(p.c_str(), &img.w, &img.h, &channels, 3), stbi_image_free);
  if (data) img.rgb.assign(data.get(), data.get() + img.w * img.h * 3);
  return img;
}

bool close(Rgba a, Rgba b, int tol = 3) {
  return std::abs(a.r - b.r) <= tol && std::abs(a.g - b.g) <= tol && std::abs(a.b - b.b) <= tol;
}

std::string str(Rgba c) {
  return "(" + std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + ")";
}

// A small demo county written as a store, shared by the tests.
class Screenshot : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    project_ = new model::Project(demo::make_demo_project({.seed = 3, .schools = 30}));
    store::write_project(*dir_ / "county.gpkg", *project_);
  }
  static void TearDownTestSuite() {
    delete project_;
    delete dir_;
  }

  // Runs the viewer on `script`; returns its exit code, output in `log`.
  // `options` go to the viewer's command line as they are.
  int run_viewer(const std::string& script, const std::filesystem::path& png, std::string& log,
                 const std::string& options = "", bool panels = false) {
    huxiao::testing::write_file(*dir_ / "s.txt", script);
    // Leak checking stays off for the child: Mesa and fontconfig keep caches until exit.
    const std::string cmd = "ASAN_OPTIONS=detect_leaks=0 " + std::string(HUXIAO_XVFB_RUN) +
                            " -a -s '-screen 0 1024x768x24' '" + HUXIAO_VIEWER + "'" +
                            (panels ? "" : " --no-panels") + " --size " + std::to_string(kW) + "x" +
                            std::to_string(kH) + " --script '" + (*dir_ / "s.txt").string() +
                            "' --screenshot '" + png.string() + "' " + options + " 2>&1";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    char buf[4096];
    log.clear();
    while (std::fgets(buf, sizeof buf, pipe.get())) log += buf;
    const int status = pclose(pipe.release());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // Where a lon/lat lands on an 800×600 canvas showing the lon/lat box, as PROJ computes it.
  static geo::Point expected_pixel(const geo::Box& view_ll, const geo::Point& project_point) {
    geo::Transformer t(geo::Crs::wgs84(), project_->info.crs);
    geo::Box box;
    for (const geo::Point& c :
         {geo::Point{view_ll.min_x, view_ll.min_y}, geo::Point{view_ll.max_x, view_ll.min_y},
          geo::Point{view_ll.min_x, view_ll.max_y}, geo::Point{view_ll.max_x, view_ll.max_y}})
      box.expand(*t.apply(c));
    Viewport v{{}, 1.0, kW, kH};
    v.fit(box, 0.0);
    return v.to_screen(project_point);
  }
  static geo::Point lonlat(const geo::Point& p) {
    return *geo::Transformer(project_->info.crs, geo::Crs::wgs84()).apply(p);
  }
  static std::string view_line(const geo::Box& b) {
    char line[200];
    std::snprintf(line, sizeof line, "view %.7f %.7f %.7f %.7f\n", b.min_x, b.min_y, b.max_x,
                  b.max_y);
    return line;
  }
  static geo::Box around(const geo::Point& ll, double half_deg) {
    return {ll.x - half_deg, ll.y - half_deg, ll.x + half_deg, ll.y + half_deg};
  }

  static ScratchDir* dir_;
  static model::Project* project_;
};
ScratchDir* Screenshot::dir_ = nullptr;
model::Project* Screenshot::project_ = nullptr;

TEST_F(Screenshot, SchoolIsDrawnAtItsProjectedPosition) {
  // The school farthest from any other, so no neighbour's marker can cover it.
  const model::School* lonely = nullptr;
  double best = -1;
  for (const auto& a : project_->schools) {
    double nearest = 1e18;
    for (const auto& b : project_->schools)
      if (&a != &b) nearest = std::min(nearest, geo::distance(a.location, b.location));
    if (nearest > best) best = nearest, lonely = &a;
  }
  ASSERT_NE(lonely, nullptr);
  // Off-centre on purpose: a centred view would pass even with a wrong offset.
  const geo::Point ll = lonlat(lonely->location);
  const geo::Box view{ll.x - 0.004, ll.y - 0.007, ll.x + 0.010, ll.y + 0.003};
  const auto png = *dir_ / "school.png";
  std::string log;
  ASSERT_EQ(
      run_viewer("open " + (*dir_ / "county.gpkg").string() + "\n" + view_line(view), png, log), 0)
      << log;
  const Image img = load_png(png);
  ASSERT_EQ(img.w, kW) << log;
  const geo::Point px = expected_pixel(view, lonely->location);
  const Rgba want = school_colour(lonely->level);
  EXPECT_TRUE(close(img.at(px), want))
      << "at " << px.x << "," << px.y << " got " << str(img.at(px)) << " want " << str(want);
  // 40 px away there is no school marker.
  EXPECT_FALSE(close(img.at({px.x - 40, px.y + 40}), want));
}

TEST_F(Screenshot, DrowningHeatmapShowsTheHighestRiskCellInTheTopColour) {
  // The engine's own drowning run on the fixture (the command line, beside the viewer) says
  // where the riskiest cell is; the viewer runs the same analysis from its panel registry.
  // The fixture: the county cut to 1.5 km around the pond nearest to a school (a whole county
  // is a 5000² raster; this keeps both runs to a second or so).
  const model::WaterBody* pond = nullptr;
  double best = 1e18;
  for (const auto& w : project_->water)
    for (const auto& sc : project_->schools)
      if (const double d = geo::distance(geo::centroid(w.area), sc.location); d < best)
        best = d, pond = &w;
  ASSERT_NE(pond, nullptr);
  const geo::Point c = geo::centroid(pond->area);
  const auto near = [&](const geo::Point& p) { return geo::distance(p, c) < 1500; };
  model::Project small = *project_;
  std::erase_if(small.schools, [&](const auto& x) { return !near(x.location); });
  std::erase_if(small.water, [&](const auto& x) { return !near(geo::centroid(x.area)); });
  std::erase_if(small.waterways, [&](const auto& x) { return !near(x.line.front()); });
  std::erase_if(small.roads, [&](const auto& x) { return !near(x.line.front()); });
  small.pois.clear();
  small.police.clear();
  const auto fixture = *dir_ / "small.gpkg", copy = *dir_ / "drowning.gpkg";
  store::write_project(fixture, small);
  std::filesystem::copy_file(fixture, copy, std::filesystem::copy_options::overwrite_existing);
  const auto cli = huxiao::testing::run_cli(
      {"drowning", copy.string(), "-o", (*dir_ / "drowning_out").string(), "--signs", "3"});
  ASSERT_EQ(cli.exit_code, 0) << cli.output;
  const io::RasterGrid risk = io::read_raster(*dir_ / "drowning_out" / "drowning_risk.tif");
  std::size_t hot = 0;
  for (std::size_t i = 0; i < risk.values.size(); ++i)
    if (!risk.is_nodata(risk.values[i]) && risk.values[i] > risk.values[hot]) hot = i;
  const float hi = risk.value_range().second;
  ASSERT_GT(hi, 0.0f);
  const geo::Point hot_centre{
      risk.origin_x + (static_cast<double>(hot % risk.width) + 0.5) * risk.pixel_size_x,
      risk.origin_y - (static_cast<double>(hot / risk.width) + 0.5) * risk.pixel_size_y};
  // 10 m cells a few pixels wide, the hot one off-centre.
  const geo::Point ll = lonlat(hot_centre);
  const geo::Box view{ll.x - 0.0012, ll.y - 0.0008, ll.x + 0.0020, ll.y + 0.0012};
  const auto png = *dir_ / "drowning.png";
  std::string log;
  ASSERT_EQ(run_viewer("open " + fixture.string() + "\n" + kAllVectorLayersOff +
                           "run drowning signs=3\nwait\nlayer water_risk off\n"
                           "layer sign_sites off\nopacity drowning_risk 1\n" +
                           view_line(view),
                       png, log),
            0)
      << log;
  const Image img = load_png(png);
  ASSERT_EQ(img.w, kW) << log;
  const geo::Point px = expected_pixel(view, hot_centre);
  EXPECT_TRUE(close(img.at(px), sample(Colormap::kRisk, 1.0)))
      << "got " << str(img.at(px)) << " at " << px.x << "," << px.y << " want "
      << str(sample(Colormap::kRisk, 1.0));
  // The colour of the cell 30 m (three cells) west is its own value's, not the top colour.
  const geo::Point west{hot_centre.x - 3 * risk.pixel_size_x, hot_centre.y};
  if (const auto cell = risk.cell_of(west)) {
    // (zero risk is drawn transparent; the scale runs from 0 to the highest value)
    const float v = risk.at(cell->first, cell->second);
    ASSERT_GT(v, 0.0f);
    const Rgba want = sample(Colormap::kRisk, v / hi);
    EXPECT_TRUE(close(img.at(expected_pixel(view, west)), want, 4))
        << "got " << str(img.at(expected_pixel(view, west))) << " want " << str(want);
  }
}

TEST_F(Screenshot, DraggedZoneIsDrawnWhereItWasDraggedAndSaved) {
  const geo::Point ll = lonlat(project_->schools[0].location);
  const double d = 0.001;
  char edits[512];
  std::snprintf(edits, sizeof edits,
                "add-zone z1 - %.7f %.7f %.7f %.7f %.7f %.7f %.7f %.7f\n"
                "drag-zone z1 %.7f %.7f %.7f %.7f\n",
                ll.x - d, ll.y - d, ll.x + d, ll.y - d, ll.x + d, ll.y + d, ll.x - d, ll.y + d,
                ll.x, ll.y, ll.x + 0.004, ll.y);
  const geo::Box view = around(ll, 0.008);
  const auto png = *dir_ / "zone.png";
  const auto saved = *dir_ / "edited.gpkg";
  std::string log;
  ASSERT_EQ(run_viewer("open " + (*dir_ / "county.gpkg").string() + "\n" + kAllVectorLayersOff +
                           "layer safety_zones on\n" + edits + "save " + saved.string() + "\n" +
                           view_line(view),
                       png, log),
            0)
      << log;
  const Image img = load_png(png);
  ASSERT_EQ(img.w, kW) << log;
  geo::Transformer to(geo::Crs::wgs84(), project_->info.crs);
  const geo::Point now_px = expected_pixel(view, *to.apply({ll.x + 0.004, ll.y}));
  const geo::Point was_px = expected_pixel(view, *to.apply({ll.x, ll.y}));
  const Rgba bg{242, 239, 233};
  const double a = 70.0 / 255.0;  // the zone fill's alpha over the background
  const Rgba fill{static_cast<std::uint8_t>(std::lround(255 * a + bg.r * (1 - a))),
                  static_cast<std::uint8_t>(std::lround(152 * a + bg.g * (1 - a))),
                  static_cast<std::uint8_t>(std::lround(0 * a + bg.b * (1 - a)))};
  EXPECT_TRUE(close(img.at(now_px), fill))
      << "got " << str(img.at(now_px)) << " want " << str(fill);
  EXPECT_TRUE(close(img.at(was_px), bg)) << "got " << str(img.at(was_px));
  // And the store the script saved holds the zone where it was dragged.
  const Document back = load_document(saved);
  ASSERT_EQ(back.zones.size(), 1u);
  const geo::Point centre = geo::centroid(back.zones[0].area);
  const geo::Point want = *to.apply({ll.x + 0.004, ll.y});
  EXPECT_NEAR(centre.x, want.x, 1.0);
  EXPECT_NEAR(centre.y, want.y, 1.0);
}

TEST_F(Screenshot, DrillPlaybackDrawsAgentsWhereTheirTracksSayAtThatTime) {
  // One pupil walks 200 m east in 100 s from the first school: at 50 s she is 100 m east.
  const geo::Point c = project_->schools[0].location;
  model::Table t{"drill",
                 model::GeometryKind::kPoint,
                 {{"agent", model::ColumnType::kInteger}, {"time", model::ColumnType::kReal}},
                 {}};
  t.rows.push_back({{std::int64_t{1}, 0.0}, geo::Geometry{c}});
  t.rows.push_back({{std::int64_t{1}, 100.0}, geo::Geometry{geo::Point{c.x + 200, c.y}}});
  const auto store = *dir_ / "drill.gpkg";
  std::filesystem::copy_file(*dir_ / "county.gpkg", store,
                             std::filesystem::copy_options::overwrite_existing);
  store::write_layers(store, {t});
  const geo::Box view = around(lonlat(c), 0.004);
  const auto png = *dir_ / "drill.png";
  std::string log;
  ASSERT_EQ(run_viewer("open " + store.string() + "\n" + kAllVectorLayersOff +
                           "playback drill 50\n" + view_line(view),
                       png, log),
            0)
      << log;
  const Image img = load_png(png);
  ASSERT_EQ(img.w, kW) << log;
  const Rgba agent{0, 121, 107};
  const geo::Point now = expected_pixel(view, {c.x + 100, c.y});
  EXPECT_TRUE(close(img.at(now), agent)) << "got " << str(img.at(now));
  EXPECT_FALSE(close(img.at(expected_pixel(view, c)), agent));
  EXPECT_FALSE(close(img.at(expected_pixel(view, {c.x + 200, c.y})), agent));
}

TEST_F(Screenshot, PannedFrameFromTheMapCacheIsTheFreshFrame) {
  // Schools with labels, roads, zones: every kind of map content the cache holds.
  const geo::Box view = around(lonlat(project_->schools[0].location), 0.02);
  const std::string script =
      "open " + (*dir_ / "county.gpkg").string() + "\n" + view_line(view) + "pan 37 -23\n";
  std::string log;
  // One measured frame without panning after the script: it says whether the cache was reused.
  ASSERT_EQ(run_viewer(script, *dir_ / "cached.png", log, "--frames 1 --pan 0"), 0) << log;
  EXPECT_NE(log.find("map drawn afresh in 0 of the 1 frames"), std::string::npos)
      << "the panned frame did not come from the cache: " << log;
  ASSERT_EQ(run_viewer(script, *dir_ / "fresh.png", log, "--cache redraw"), 0) << log;
  ASSERT_EQ(run_viewer("open " + (*dir_ / "county.gpkg").string() + "\n" + view_line(view),
                       *dir_ / "still.png", log),
            0)
      << log;
  const Image cached = load_png(*dir_ / "cached.png"), fresh = load_png(*dir_ / "fresh.png");
  const Image still = load_png(*dir_ / "still.png");
  ASSERT_EQ(cached.w, kW);
  ASSERT_EQ(fresh.w, kW);
  std::size_t differ = 0;
  for (std::size_t i = 0; i < cached.rgb.size(); ++i) differ += cached.rgb[i] != fresh.rgb[i];
  EXPECT_EQ(differ, 0u) << "bytes that differ between the cached and the fresh frame";
  EXPECT_NE(cached.rgb, still.rgb) << "the pan moved nothing: the comparison proves nothing";
  // The map moved with the drag: a pixel of the still view is 37 px right, 23 px up.
  int same = 0;
  for (int y = 100; y < 400; y += 10)
    for (int x = 100; x < 600; x += 10)
      same += still.at({static_cast<double>(x), static_cast<double>(y)}) ==
              cached.at({static_cast<double>(x + 37), static_cast<double>(y - 23)});
  EXPECT_GT(same, 1400) << "of 1500 samples";
}

TEST_F(Screenshot, PanelsFromThePanelCacheMatchPanelsDrawnDirectly) {
  // An empty map (the map's own drawing differs between the paths: it is checked above).
  const std::string script =
      "open " + (*dir_ / "county.gpkg").string() + "\n" + kAllVectorLayersOff;
  std::string log;
  ASSERT_EQ(run_viewer(script, *dir_ / "ui_cached.png", log, "--frames 8 --pan 0", true), 0) << log;
  // The first frames draw every window (auto-sized ones settle on their second frame); then
  // only the status bar (frame time) is drawn again, the other windows come from the cache.
  int redrawn = -1, shown = -1;
  const auto at = log.find("panel windows drawn afresh: ");
  ASSERT_NE(at, std::string::npos) << log;
  std::sscanf(log.c_str() + at, "panel windows drawn afresh: %d of %d", &redrawn, &shown);
  EXPECT_GE(shown, 8 * 4) << log;
  EXPECT_LT(redrawn, shown / 2) << log;
  ASSERT_EQ(run_viewer(script, *dir_ / "ui_direct.png", log, "--cache off", true), 0) << log;
  const Image cached = load_png(*dir_ / "ui_cached.png"),
              direct = load_png(*dir_ / "ui_direct.png");
  ASSERT_EQ(cached.w, kW);
  ASSERT_EQ(direct.w, kW);
  // Above the status bar: the cache is drawn upside down, so anti-aliased edges may round the
  // other way (one level, on a few pixels); anything else is a fault.
  int differ = 0, worst = 0;
  for (std::size_t i = 0; i < static_cast<std::size_t>(kW) * (kH - 30) * 3; ++i) {
    const int d = std::abs(cached.rgb[i] - direct.rgb[i]);
    differ += d > 0;
    worst = std::max(worst, d);
  }
  EXPECT_LE(worst, 1);
  EXPECT_LT(differ, 200);
}

TEST_F(Screenshot, ScriptTypoStopsBeforeAnythingOpens) {
  std::string log;
  EXPECT_EQ(run_viewer("open x.gpkg\nzoom 4\n", *dir_ / "never.png", log), 1);
  EXPECT_NE(log.find("s.txt:2"), std::string::npos) << log;
  EXPECT_FALSE(std::filesystem::exists(*dir_ / "never.png"));
}

}  // namespace
}  // namespace huxiao::viewer
