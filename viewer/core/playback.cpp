#include "viewer/core/playback.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "core/error.hpp"

namespace huxiao::viewer {

namespace {
std::optional<std::size_t> column(const model::Table& t, std::string_view name) {
  for (std::size_t i = 0; i < t.columns.size(); ++i)
    if (t.columns[i].name == name) return i;
  return std::nullopt;
}
}  // namespace

bool Playback::is_trajectory_layer(const model::Table& t) {
  return t.geometry_kind == model::GeometryKind::kPoint && column(t, "agent") && column(t, "time");
}

Playback Playback::from_table(const model::Table& table) {
  const auto agent_col = column(table, "agent"), time_col = column(table, "time");
  if (!agent_col || !time_col || table.geometry_kind != model::GeometryKind::kPoint)
    throw Error(ErrorCode::kBadValue, "layer '" + table.name + "' is not a trajectory layer",
                {.feature = table.name,
                 .fix = "a trajectory layer has point geometry and columns agent and time (s)"});
  Playback pb;
  pb.layer_ = table.name;
  std::map<std::string, std::size_t> index;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    const auto t = model::value_as_real(row.values[*time_col]);
    const auto* p = row.geometry ? std::get_if<geo::Point>(&*row.geometry) : nullptr;
    if (!t || !std::isfinite(*t) || !p)
      throw Error(ErrorCode::kBadValue, "row without a time or a point",
                  {.feature = table.name + " row " + std::to_string(r + 1),
                   .fix = "every trajectory row needs time (s) and a point"});
    const std::string id = model::value_as_text(row.values[*agent_col]);
    const auto [it, fresh] = index.emplace(id, pb.tracks_.size());
    if (fresh) pb.tracks_.emplace_back();
    pb.tracks_[it->second].push_back({*t, *p});
    pb.bounds_.expand(*p);
  }
  if (pb.tracks_.empty())
    throw Error(ErrorCode::kEmptyInput, "the trajectory layer is empty", {.feature = table.name});
  pb.start_ = std::numeric_limits<double>::infinity();
  pb.end_ = -std::numeric_limits<double>::infinity();
  for (auto& track : pb.tracks_) {
    std::stable_sort(track.begin(), track.end(),
                     [](const Sample& a, const Sample& b) { return a.t < b.t; });
    pb.start_ = std::min(pb.start_, track.front().t);
    pb.end_ = std::max(pb.end_, track.back().t);
  }
  return pb;
}

std::vector<geo::Point> Playback::positions(double t) const {
  std::vector<geo::Point> out;
  for (const auto& track : tracks_) {
    if (t < track.front().t || t > track.back().t) continue;
    const auto next = std::upper_bound(track.begin(), track.end(), t,
                                       [](double v, const Sample& s) { return v < s.t; });
    if (next == track.end()) {
      out.push_back(track.back().p);
      continue;
    }
    const Sample& b = *next;
    const Sample& a = *(next - 1);
    const double f = b.t > a.t ? (t - a.t) / (b.t - a.t) : 0.0;
    out.push_back({a.p.x + (b.p.x - a.p.x) * f, a.p.y + (b.p.y - a.p.y) * f});
  }
  return out;
}

io::RasterGrid Playback::density(double t, double cell) const {
  require_positive("density cell", cell, "give the cell size in metres (e.g. 2)");
  io::RasterGrid g;
  g.name = layer_ + "_density";
  g.pixel_size_x = g.pixel_size_y = cell;
  g.origin_x = std::floor(bounds_.min_x / cell) * cell;
  g.origin_y = std::ceil(bounds_.max_y / cell) * cell;
  g.width = static_cast<std::size_t>(std::ceil((bounds_.max_x - g.origin_x) / cell)) + 1;
  g.height = static_cast<std::size_t>(std::ceil((g.origin_y - bounds_.min_y) / cell)) + 1;
  g.values.assign(g.width * g.height, 0.0f);
  g.nodata = 0.0f;  // empty cells stay transparent over the map
  const float per_agent = static_cast<float>(1.0 / (cell * cell));
  for (const auto& p : positions(t))
    if (const auto c = g.cell_of(p)) g.values[c->second * g.width + c->first] += per_agent;
  return g;
}

}  // namespace huxiao::viewer
