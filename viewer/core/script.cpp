#include "viewer/core/script.hpp"

#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

#include "core/error.hpp"

namespace huxiao::viewer {

namespace {

// [SECTION] the verbs

struct Verb {
  std::string_view name;
  std::size_t min_args;
  std::size_t max_args;  // SIZE_MAX: open-ended
  std::string_view usage;
};
constexpr std::size_t kMany = static_cast<std::size_t>(-1);

constexpr Verb kVerbs[] = {
    {"open", 1, 1, "open PATH"},
    {"view", 4, 4, "view MINLON MINLAT MAXLON MAXLAT"},
    {"pan", 2, 2, "pan DX DY"},
    {"layer", 2, 2, "layer NAME on|off"},
    {"opacity", 2, 2, "opacity NAME 0..1"},
    {"raster", 1, 3, "raster PATH [COLORMAP [OPACITY]]"},
    {"run", 1, kMany, "run ANALYSIS [key=value ...]"},
    {"wait", 0, 0, "wait"},
    {"add-school", 5, kMany, "add-school ID LEVEL LON LAT NAME"},
    {"move-school", 3, 3, "move-school ID LON LAT"},
    {"delete-school", 1, 1, "delete-school ID"},
    {"add-gate", 3, kMany, "add-gate SCHOOL LON LAT [NAME]"},
    {"move-gate", 4, 4, "move-gate SCHOOL N LON LAT"},
    {"delete-gate", 2, 2, "delete-gate SCHOOL N"},
    {"add-zone", 8, kMany, "add-zone ID SCHOOL|- LON LAT LON LAT LON LAT ..."},
    {"drag-zone", 5, 5, "drag-zone ID FROMLON FROMLAT TOLON TOLAT"},
    {"move-zone-vertex", 4, 4, "move-zone-vertex ID N LON LAT"},
    {"delete-zone", 1, 1, "delete-zone ID"},
    {"add-water", 8, kMany, "add-water ID KIND LON LAT LON LAT LON LAT ..."},
    {"safeguards", 2, 4, "safeguards ID [sign] [fence] [rescue] | none"},
    {"add-post", 3, 4, "add-post ID LON LAT [OFFICERS]"},
    {"move-post", 3, 3, "move-post ID LON LAT"},
    {"delete-post", 1, 1, "delete-post ID"},
    {"officers", 2, 2, "officers ID N"},
    {"fix-post", 2, 2, "fix-post ID on|off"},
    {"select", 2, 2, "select LON LAT"},
    {"undo", 0, 0, "undo"},
    {"redo", 0, 0, "redo"},
    {"save", 0, 1, "save [PATH]"},
    {"playback", 2, 3, "playback LAYER TIME [CELL]"},
};

const Verb* find_verb(std::string_view name) {
  for (const auto& v : kVerbs)
    if (v.name == name) return &v;
  return nullptr;
}

Error script_error(const ScriptAction& a, const std::string& problem, std::string fix) {
  return Error(ErrorCode::kScenario, problem,
               {.file = a.file, .line = a.line, .fix = std::move(fix)});
}

std::string usage(const ScriptAction& a) {
  const Verb* v = find_verb(a.verb);
  return v ? "usage: " + std::string(v->usage) : "";
}

// [SECTION] argument parsing

double number(const ScriptAction& a, std::size_t i) {
  const std::string& text = a.args.at(i);
  double v = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size())
    throw script_error(a, "'" + text + "' is not a number", usage(a));
  return v;
}

std::size_t index(const ScriptAction& a, std::size_t i) {
  const double v = number(a, i);
  if (v < 0 || v != static_cast<double>(static_cast<std::size_t>(v)))
    throw script_error(a, "'" + a.args[i] + "' is not an index (0, 1, 2 …)", usage(a));
  return static_cast<std::size_t>(v);
}

bool on_off(const ScriptAction& a, std::size_t i) {
  if (a.args.at(i) == "on") return true;
  if (a.args.at(i) == "off") return false;
  throw script_error(a, "'" + a.args[i] + "' is neither on nor off", usage(a));
}

geo::Point lonlat(const ScriptAction& a, std::size_t i) {
  return {number(a, i), number(a, i + 1)};
}

std::string rest(const ScriptAction& a, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < a.args.size(); ++i) out += (out.empty() ? "" : " ") + a.args[i];
  return out;
}

geo::MultiPolygon polygon(const ScriptAction& a, std::size_t from, ScriptHost& host) {
  if ((a.args.size() - from) % 2 != 0)
    throw script_error(a, "coordinates come in lon/lat pairs", usage(a));
  geo::Polygon p;
  for (std::size_t i = from; i < a.args.size(); i += 2)
    p.outer.push_back(host.to_project(lonlat(a, i)));
  if (!p.outer.empty() && p.outer.front() != p.outer.back()) p.outer.push_back(p.outer.front());
  return {p};
}

// [SECTION] running

void run_edit(const ScriptAction& a, ScriptHost& host) {
  EditModel& m = host.model();
  const Document& d = m.document();
  const std::string& v = a.verb;
  if (v == "add-school") {
    model::School s;
    s.id = a.args[0] == "-" ? "" : a.args[0];
    const auto level = model::parse_school_level(a.args[1]);
    if (!level)
      throw script_error(a, "unknown school level '" + a.args[1] + "'",
                         "use primary, junior, senior, kindergarten, nine_year, vocational, "
                         "university or 小学/初中/高中…");
    model::apply_facts_with_defaults(s, {.level = *level});
    s.location = host.to_project(lonlat(a, 2));
    s.name = rest(a, 4);
    s.source.file = "viewer";
    m.execute(add_school(d, std::move(s)));
  } else if (v == "move-school") {
    m.execute(move_school(d, a.args[0], host.to_project(lonlat(a, 1))));
  } else if (v == "delete-school") {
    m.execute(delete_school(d, a.args[0]));
  } else if (v == "add-gate") {
    m.execute(add_gate(d, a.args[0], {host.to_project(lonlat(a, 1)), rest(a, 3)}));
  } else if (v == "move-gate") {
    m.execute(move_gate(d, a.args[0], index(a, 1), host.to_project(lonlat(a, 2))));
  } else if (v == "delete-gate") {
    m.execute(delete_gate(d, a.args[0], index(a, 1)));
  } else if (v == "add-zone") {
    Zone z;
    z.id = a.args[0];
    z.school_id = a.args[1] == "-" ? "" : a.args[1];
    z.area = polygon(a, 2, host);
    m.execute(add_zone(d, std::move(z)));
  } else if (v == "drag-zone") {
    const geo::Point from = host.to_project(lonlat(a, 1)), to = host.to_project(lonlat(a, 3));
    m.execute(translate_zone(d, a.args[0], to.x - from.x, to.y - from.y));
  } else if (v == "move-zone-vertex") {
    m.execute(move_zone_vertex(d, a.args[0], 0, index(a, 1), host.to_project(lonlat(a, 2))));
  } else if (v == "delete-zone") {
    m.execute(delete_zone(d, a.args[0]));
  } else if (v == "add-water") {
    model::WaterBody w;
    w.id = a.args[0];
    const auto kind = model::parse_water_kind(a.args[1]);
    if (!kind)
      throw script_error(a, "unknown water kind '" + a.args[1] + "'",
                         "use pond, lake, reservoir, river, stream, canal or ditch");
    w.kind = *kind;
    w.area = polygon(a, 2, host);
    m.execute(add_water(d, std::move(w)));
  } else if (v == "safeguards") {
    model::Safeguards s;
    for (std::size_t i = 1; i < a.args.size(); ++i) {
      const auto& f = a.args[i];
      if (f == "sign")
        s.warning_sign = true;
      else if (f == "fence")
        s.fence = true;
      else if (f == "rescue")
        s.rescue_equipment = true;
      else if (f != "none")
        throw script_error(a, "unknown safeguard '" + f + "'", usage(a));
    }
    m.execute(set_safeguards(d, a.args[0], s));
  } else if (v == "add-post") {
    model::PoliceUnit u;
    u.id = a.args[0] == "-" ? "" : a.args[0];
    u.kind = model::PoliceKind::kPost;
    u.location = host.to_project(lonlat(a, 1));
    u.officers = a.args.size() > 3 ? static_cast<int>(index(a, 3)) : 0;
    u.source.file = "viewer";
    m.execute(add_police(d, std::move(u)));
  } else if (v == "move-post") {
    m.execute(move_police(d, a.args[0], host.to_project(lonlat(a, 1))));
  } else if (v == "delete-post") {
    m.execute(delete_police(d, a.args[0]));
  } else if (v == "officers") {
    m.execute(set_officers(d, a.args[0], static_cast<int>(index(a, 1))));
  } else if (v == "fix-post") {
    m.execute(set_post_fixed(d, a.args[0], on_off(a, 1)));
  }
}

void run_view_action(const ScriptAction& a, ScriptHost& host) {
  const std::string& v = a.verb;
  if (v == "open") {
    host.open(a.args[0]);
  } else if (v == "view") {
    geo::Box box;
    box.expand(lonlat(a, 0));
    box.expand(lonlat(a, 2));
    if (box.max_x - box.min_x <= 0 || box.max_y - box.min_y <= 0)
      throw script_error(a, "the view box is empty", usage(a));
    host.view(box);
  } else if (v == "pan") {
    host.pan(number(a, 0), number(a, 1));
  } else if (v == "layer") {
    host.layer(a.args[0], on_off(a, 1));
  } else if (v == "opacity") {
    const double o = number(a, 1);
    if (o < 0 || o > 1) throw script_error(a, "opacity must be between 0 and 1", usage(a));
    host.opacity(a.args[0], o);
  } else if (v == "raster") {
    std::map<std::string, std::string> p{{"path", a.args[0]}};
    if (a.args.size() > 1) p["colormap"] = a.args[1];
    host.run("raster", p);
    host.wait();
    if (a.args.size() > 2) {
      const double o = number(a, 2);
      if (o < 0 || o > 1) throw script_error(a, "opacity must be between 0 and 1", usage(a));
      host.opacity(std::filesystem::path(a.args[0]).stem().string(), o);
    }
  } else if (v == "run") {
    std::map<std::string, std::string> p;
    for (std::size_t i = 1; i < a.args.size(); ++i) {
      const auto eq = a.args[i].find('=');
      if (eq == std::string::npos || eq == 0)
        throw script_error(a, "'" + a.args[i] + "' is not key=value", usage(a));
      p[a.args[i].substr(0, eq)] = a.args[i].substr(eq + 1);
    }
    host.run(a.args[0], p);
  } else if (v == "wait") {
    host.wait();
  } else if (v == "select") {
    host.select(host.to_project(lonlat(a, 0)));
  } else if (v == "playback") {
    const double cell = a.args.size() > 2 ? number(a, 2) : 0.0;
    if (cell < 0) throw script_error(a, "the density cell must be positive", usage(a));
    host.playback(a.args[0], number(a, 1), cell);
  } else if (v == "undo") {
    if (!host.model().undo()) throw script_error(a, "nothing to undo", "");
  } else if (v == "redo") {
    if (!host.model().redo()) throw script_error(a, "nothing to redo", "");
  } else if (v == "save") {
    if (a.args.empty())
      host.model().save();
    else
      host.model().save_as(a.args[0]);
  } else {
    run_edit(a, host);
  }
}

}  // namespace

std::vector<ScriptAction> parse_script(std::string_view text, const std::string& file) {
  std::vector<ScriptAction> actions;
  std::istringstream in{std::string(text)};
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::istringstream words(line);
    ScriptAction a{file, n, {}, {}};
    if (!(words >> a.verb) || a.verb.starts_with('#')) continue;
    for (std::string w; words >> w;) a.args.push_back(w);
    const Verb* verb = find_verb(a.verb);
    if (!verb) {
      std::string all;
      for (const auto& v : kVerbs) all += (all.empty() ? "" : ", ") + std::string(v.name);
      throw script_error(a, "unknown action '" + a.verb + "'", "actions are: " + all);
    }
    if (a.args.size() < verb->min_args || a.args.size() > verb->max_args)
      throw script_error(a, "wrong number of arguments for '" + a.verb + "'",
                         "usage: " + std::string(verb->usage));
    actions.push_back(std::move(a));
  }
  return actions;
}

std::vector<ScriptAction> read_script(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f)
    throw Error(ErrorCode::kFileNotFound, "script not found",
                {.file = path.string(), .fix = "check the --script path"});
  std::ostringstream text;
  text << f.rdbuf();
  return parse_script(text.str(), path.string());
}

void run_action(const ScriptAction& action, ScriptHost& host) {
  try {
    run_view_action(action, host);
  } catch (const Error& e) {
    if (!e.context().file.empty() && e.context().line != 0) throw;
    ErrorContext ctx = e.context();
    // Keep the data file's name in the message when the error was about one.
    const std::string about = ctx.file.empty() ? "" : " (" + ctx.file + ")";
    ctx.file = action.file;
    ctx.line = action.line;
    throw Error(e.code(), e.problem() + about, ctx);
  }
}

}  // namespace huxiao::viewer
