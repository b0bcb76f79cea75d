#pragma once
// Scripted mode: a plain-text list of actions, one a line, replayed for tests and documentation
// (`huxiao-viewer --script FILE --screenshot OUT.png`). Positions are WGS84 lon/lat, as a user
// reads them off any map; the host turns them into the project CRS.
//
//   open PATH                       view MINLON MINLAT MAXLON MAXLAT
//   pan DX DY                       (draws the view, then drags the map DX, DY pixels)
//   layer NAME on|off               opacity NAME 0..1
//   raster PATH [COLORMAP [OPACITY]]
//   run ANALYSIS [key=value ...]    wait
//   add-school ID LEVEL LON LAT NAME…        move-school ID LON LAT      delete-school ID
//   add-gate SCHOOL LON LAT [NAME]           move-gate SCHOOL N LON LAT  delete-gate SCHOOL N
//   add-zone ID SCHOOL|- LON LAT LON LAT LON LAT …
//   drag-zone ID FROMLON FROMLAT TOLON TOLAT move-zone-vertex ID N LON LAT  delete-zone ID
//   add-water ID KIND LON LAT LON LAT LON LAT …
//   safeguards ID [sign] [fence] [rescue] | none
//   add-post ID LON LAT [OFFICERS]  move-post ID LON LAT  delete-post ID
//   officers ID N                   fix-post ID on|off
//   select LON LAT                  undo   redo   save [PATH]
//   playback LAYER TIME [CELL]      (drill trajectories at TIME s; CELL m: density overlay)
// Blank lines and lines starting with # are skipped.

#include <filesystem>
#include <string>
#include <vector>

#include "viewer/core/edit_model.hpp"

namespace huxiao::viewer {

struct ScriptAction {
  std::string file;
  int line = 0;
  std::string verb;
  std::vector<std::string> args;
};

// Checks every line's verb and argument count up front, so a typo stops the run before any
// edit: Error(kScenario) with file:line and the usage of that verb.
std::vector<ScriptAction> parse_script(std::string_view text, const std::string& file);
std::vector<ScriptAction> read_script(const std::filesystem::path& path);

// What the window (or a test) provides to the runner. Edits are done by the runner itself.
class ScriptHost {
 public:
  virtual ~ScriptHost() = default;
  virtual EditModel& model() = 0;
  virtual geo::Point to_project(const geo::Point& lonlat) = 0;  // throws for bad positions
  virtual void open(const std::filesystem::path& path) = 0;
  virtual void view(const geo::Box& lonlat) = 0;
  // Draws the current view, then moves the map by (dx, dy) pixels as a mouse drag does (x right,
  // y down): the next frame is a panned one.
  virtual void pan(double dx, double dy) = 0;
  virtual void layer(const std::string& name, bool on) = 0;
  virtual void opacity(const std::string& name, double value) = 0;
  virtual void run(const std::string& analysis,
                   const std::map<std::string, std::string>& params) = 0;
  virtual void wait() = 0;
  virtual void select(const geo::Point& project_point) = 0;
  // Shows trajectory layer `layer` at `time` seconds; density_cell > 0 adds the density overlay.
  virtual void playback(const std::string& layer, double time, double density_cell) = 0;
};

// Runs one action; errors carry the script's file and line.
void run_action(const ScriptAction& action, ScriptHost& host);

}  // namespace huxiao::viewer
