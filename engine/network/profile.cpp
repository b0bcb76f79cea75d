#include "network/profile.hpp"

#include <fstream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/text.hpp"

namespace huxiao::network {

std::string_view to_string(Mode mode) {
  return mode == Mode::kWalk ? "walk" : "drive";
}

std::optional<Mode> parse_mode(std::string_view text) {
  const std::string t = text::to_lower_ascii(text::trim(text));
  if (t == "walk" || t == "walking" || t == "foot") return Mode::kWalk;
  if (t == "drive" || t == "driving" || t == "car") return Mode::kDrive;
  return std::nullopt;
}

std::vector<PeakWindow> default_peaks() {
  // Fractions of free-flow speed in the school run, by class (motorway … track). Arterials slow
  // most; ways closed to cars keep 1. Assumptions documented in docs/network.md, to be replaced
  // by a county's measured speeds (read_measured_speeds) where it has them.
  PeakWindow morning{
      "morning",
      model::TimeOfDay::hm(7, 0),
      model::TimeOfDay::hm(8, 30),
      {0.55, 0.50, 0.45, 0.50, 0.55, 0.60, 0.60, 0.70, 0.70, 1.0, 1.0, 1.0, 1.0, 1.0, 0.80}};
  PeakWindow afternoon{
      "afternoon",
      model::TimeOfDay::hm(16, 0),
      model::TimeOfDay::hm(18, 0),
      {0.60, 0.55, 0.50, 0.55, 0.60, 0.65, 0.65, 0.75, 0.75, 1.0, 1.0, 1.0, 1.0, 1.0, 0.85}};
  return {morning, afternoon};
}

Profile Profile::walking(double speed_mps) {
  Profile p;
  p.mode = Mode::kWalk;
  p.walk_speed_mps = speed_mps;
  return p;
}

Profile Profile::driving(std::optional<model::TimeOfDay> at) {
  Profile p;
  p.mode = Mode::kDrive;
  p.at = at;
  return p;
}

bool Profile::uses(const model::Road& road) const {
  return mode == Mode::kWalk ? road.walkable : road.drivable;
}

bool Profile::oneway(const model::Road& road) const {
  return mode == Mode::kDrive && road.oneway;
}

namespace {

bool measured_applies(const MeasuredSpeed& m, std::optional<model::TimeOfDay> at) {
  if (!m.from && !m.to) return true;
  if (!at) return false;  // a timed measurement says nothing about free flow
  const model::TimeOfDay from = m.from.value_or(model::TimeOfDay{0});
  const model::TimeOfDay to = m.to.value_or(model::TimeOfDay{24 * 60});
  return from <= *at && *at < to;
}

}  // namespace

double Profile::speed_mps(const model::Road& road) const {
  std::vector<const MeasuredSpeed*> mine;
  for (const auto& m : measured) {
    if (m.road_id == road.id) mine.push_back(&m);
  }
  return speed_mps(road, mine);
}

double Profile::speed_mps(const model::Road& road,
                          const std::vector<const MeasuredSpeed*>& measured_for_road) const {
  if (mode == Mode::kWalk) return walk_speed_mps;
  // A timed measurement beats an all-day one; the last of equals wins (later rows correct).
  const MeasuredSpeed* best = nullptr;
  for (const MeasuredSpeed* m : measured_for_road) {
    if (!measured_applies(*m, at)) continue;
    const bool timed = m->from || m->to;
    if (best == nullptr || timed || !(best->from || best->to)) best = m;
  }
  if (best != nullptr) return best->speed_kmh / 3.6;
  double kmh =
      road.speed_kmh > 0.0 ? road.speed_kmh : model::defaults_for(road.road_class).speed_kmh;
  if (at) {
    for (const auto& w : peaks) {
      if (w.contains(*at)) kmh *= w.factor[static_cast<std::size_t>(road.road_class)];
    }
  }
  return kmh / 3.6;
}

void Profile::validate() const {
  require_positive("walking speed (m/s)", walk_speed_mps, "give a speed such as 1.2");
  for (std::size_t i = 0; i < peaks.size(); ++i) {
    const auto& w = peaks[i];
    if (!(w.from < w.to)) {
      throw Error(ErrorCode::kBadParameter,
                  fmt::format("peak window '{}' ends ({}) before it starts ({})", w.name,
                              w.to.str(), w.from.str()),
                  {.fix = "give the start before the end, e.g. 07:00-08:30"});
    }
    for (double f : w.factor) {
      require_positive(fmt::format("peak factor of window '{}'", w.name), f,
                       "factors are fractions of free-flow speed, e.g. 0.5");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (peaks[j].from < w.to && w.from < peaks[j].to) {
        throw Error(ErrorCode::kBadParameter,
                    fmt::format("peak windows '{}' and '{}' overlap", peaks[j].name, w.name),
                    {.fix = "make the windows disjoint"});
      }
    }
  }
  for (const auto& m : measured) {
    require_positive(fmt::format("measured speed of road {}", m.road_id), m.speed_kmh);
  }
}

// [SECTION] measured speeds CSV

namespace {

std::optional<model::TimeOfDay> parse_optional_time(const std::vector<std::string>& cells,
                                                    std::size_t i, const ErrorContext& where) {
  if (i >= cells.size() || text::trim(cells[i]).empty()) return std::nullopt;
  auto t = model::TimeOfDay::parse(text::trim(cells[i]));
  if (!t) {
    throw Error(ErrorCode::kBadValue, fmt::format("'{}' is not a time of day", cells[i]), where);
  }
  return t;
}

}  // namespace

std::vector<MeasuredSpeed> read_measured_speeds(const std::filesystem::path& csv) {
  std::ifstream in(csv, std::ios::binary);
  if (!in) {
    throw Error(ErrorCode::kFileNotFound, "measured speeds file not found",
                {.file = csv.string(), .fix = "check the path"});
  }
  std::vector<MeasuredSpeed> out;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // Excel's BOM
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (text::trim(line).empty()) continue;
    const auto cells = text::split(line, ',');
    const ErrorContext where{
        .file = csv.string(),
        .line = line_no,
        .fix = "rows are road_id,speed_kmh[,from,to], e.g. 12345,18.5,07:00,08:30"};
    if (line_no == 1) {
      if (cells.size() < 2 || text::trim(cells[0]) != "road_id" ||
          text::trim(cells[1]) != "speed_kmh") {
        throw Error(ErrorCode::kBadValue, "the header must start with road_id,speed_kmh", where);
      }
      continue;
    }
    if (cells.size() < 2 || cells.size() > 4) {
      throw Error(ErrorCode::kBadValue,
                  fmt::format("expected 2 to 4 columns, found {}", cells.size()), where);
    }
    MeasuredSpeed m;
    m.road_id = text::trim(cells[0]);
    const auto kmh = text::parse_double(cells[1]);
    if (!kmh || *kmh <= 0.0) {
      throw Error(ErrorCode::kBadValue,
                  fmt::format("speed '{}' is not a positive number", cells[1]), where);
    }
    m.speed_kmh = *kmh;
    m.from = parse_optional_time(cells, 2, where);
    m.to = parse_optional_time(cells, 3, where);
    out.push_back(std::move(m));
  }
  if (line_no == 0) {
    throw Error(
        ErrorCode::kEmptyInput, "measured speeds file is empty",
        {.file = csv.string(), .fix = "write a header road_id,speed_kmh and one row per way"});
  }
  return out;
}

}  // namespace huxiao::network
