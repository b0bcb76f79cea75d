#include "viewer/core/pick.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "viewer/core/scene.hpp"

namespace huxiao::viewer {

namespace {

double segment_distance(const geo::Point& p, const geo::Point& a, const geo::Point& b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

double line_distance(const geo::Point& p, const geo::LineString& line) {
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i + 1 < line.size(); ++i)
    best = std::min(best, segment_distance(p, line[i], line[i + 1]));
  return best;
}

struct Best {
  double distance = std::numeric_limits<double>::infinity();
  std::optional<FeatureRef> ref;
  void offer(double d, FeatureRef r) {
    if (d < distance) {
      distance = d;
      ref = std::move(r);
    }
  }
};

std::string yes_no(bool b) {
  return b ? "是" : "否";
}
std::string xy(const geo::Point& p) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f, %.1f", p.x, p.y);
  return buf;
}

}  // namespace

std::optional<FeatureRef> pick(const Document& doc, const geo::Point& at, double tolerance) {
  Best points;
  for (const auto& s : doc.project.schools) {
    points.offer(geo::distance(at, s.location), {FeatureKind::kSchool, s.id, 0});
    for (std::size_t g = 0; g < s.gates.size(); ++g)
      points.offer(geo::distance(at, s.gates[g].location), {FeatureKind::kGate, s.id, g});
  }
  for (const auto& p : doc.project.police)
    points.offer(geo::distance(at, p.location), {FeatureKind::kPolice, p.id, 0});
  for (const auto& p : doc.project.pois)
    points.offer(geo::distance(at, p.location), {FeatureKind::kPoi, p.id, 0});
  if (points.ref && points.distance <= tolerance) return points.ref;

  for (auto it = doc.zones.rbegin(); it != doc.zones.rend(); ++it)
    if (geo::contains(it->area, at)) return FeatureRef{FeatureKind::kZone, it->id, 0};
  for (const auto& w : doc.project.water)
    if (geo::contains(w.area, at)) return FeatureRef{FeatureKind::kWater, w.id, 0};

  Best lines;
  for (const auto& w : doc.project.waterways)
    lines.offer(line_distance(at, w.line), {FeatureKind::kWaterway, w.id, 0});
  for (const auto& r : doc.project.roads)
    lines.offer(line_distance(at, r.line), {FeatureKind::kRoad, r.id, 0});
  if (lines.ref && lines.distance <= tolerance) return lines.ref;
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> attributes(const Document& doc,
                                                            const FeatureRef& ref) {
  std::vector<std::pair<std::string, std::string>> a;
  auto find = [&](const auto& items) -> decltype(&items.front()) {
    for (const auto& item : items)
      if (item.id == ref.id) return &item;
    return nullptr;
  };
  switch (ref.kind) {
    case FeatureKind::kSchool:
    case FeatureKind::kGate:
      if (const auto* s = find(doc.project.schools)) {
        a = {{"类型", ref.kind == FeatureKind::kGate ? "校门" : "学校"},
             {"id", s->id},
             {"名称", s->name},
             {"学段", std::string(school_level_title(s->level))},
             {"在校人数", std::to_string(s->enrollment)},
             {"寄宿", yes_no(s->boarding)},
             {"到校", s->morning_bell.str()},
             {"放学", s->dismissal.str()},
             {"校门数", std::to_string(s->gates.size())},
             {"默认值", s->defaulted.str()},
             {"位置 (m)", xy(s->location)}};
        if (ref.kind == FeatureKind::kGate && ref.index < s->gates.size()) {
          a.emplace_back("校门", s->gates[ref.index].name);
          a.emplace_back("校门位置 (m)", xy(s->gates[ref.index].location));
        }
      }
      break;
    case FeatureKind::kPolice:
      if (const auto* p = find(doc.project.police))
        a = {{"类型", "警务"},
             {"id", p->id},
             {"名称", p->name},
             {"种类", std::string(model::to_string(p->kind))},
             {"警力", std::to_string(p->officers)},
             {"固定", yes_no(doc.fixed_posts.contains(p->id))},
             {"位置 (m)", xy(p->location)}};
      break;
    case FeatureKind::kPoi:
      if (const auto* p = find(doc.project.pois))
        a = {{"类型", "重点场所"},
             {"id", p->id},
             {"名称", p->name},
             {"类别", std::string(model::to_string(p->category))}};
      break;
    case FeatureKind::kZone:
      if (const auto* z = find(doc.zones)) {
        a = {{"类型", "安全区"}, {"id", z->id}, {"学校", z->school_id}, {"名称", z->name}};
        char area[32];
        std::snprintf(area, sizeof area, "%.0f m²", geo::area(z->area));
        a.emplace_back("面积", area);
        for (const auto& [k, v] : z->attributes) a.emplace_back(k, model::value_as_text(v));
      }
      break;
    case FeatureKind::kWater:
      if (const auto* w = find(doc.project.water)) {
        char area[32];
        std::snprintf(area, sizeof area, "%.0f m²", geo::area(w->area));
        a = {{"类型", "水域"},
             {"id", w->id},
             {"名称", w->name},
             {"种类", std::string(model::to_string(w->kind))},
             {"面积", area},
             {"警示牌", yes_no(w->safeguards.warning_sign)},
             {"围栏", yes_no(w->safeguards.fence)},
             {"救生设备", yes_no(w->safeguards.rescue_equipment)},
             {"责任单位", w->responsible_unit}};
      }
      break;
    case FeatureKind::kWaterway:
      if (const auto* w = find(doc.project.waterways))
        a = {{"类型", "河渠"},
             {"id", w->id},
             {"名称", w->name},
             {"种类", std::string(model::to_string(w->kind))}};
      break;
    case FeatureKind::kRoad:
      if (const auto* r = find(doc.project.roads))
        a = {{"类型", "道路"},
             {"id", r->id},
             {"名称", r->name},
             {"等级", std::string(model::to_string(r->road_class))},
             {"车速 km/h", std::to_string(static_cast<int>(r->speed_kmh))},
             {"单行", yes_no(r->oneway)},
             {"桥梁", yes_no(r->bridge)}};
      break;
  }
  return a;
}

}  // namespace huxiao::viewer
