#include "viewer/core/commands.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "geo/geos.hpp"

namespace huxiao::viewer {

namespace {

// [SECTION] where each entity type lives in the document

template <class T>
std::vector<T>& items(Document& d);
template <>
std::vector<model::School>& items(Document& d) {
  return d.project.schools;
}
template <>
std::vector<model::WaterBody>& items(Document& d) {
  return d.project.water;
}
template <>
std::vector<model::PoliceUnit>& items(Document& d) {
  return d.project.police;
}
template <>
std::vector<Zone>& items(Document& d) {
  return d.zones;
}

template <class T>
const std::vector<T>& items(const Document& d) {
  return items<T>(const_cast<Document&>(d));  // NOLINT: read-only view of the same member
}

template <class T>
const char* noun();
template <>
const char* noun<model::School>() {
  return "学校";
}
template <>
const char* noun<model::WaterBody>() {
  return "水域";
}
template <>
const char* noun<model::PoliceUnit>() {
  return "警务点";
}
template <>
const char* noun<Zone>() {
  return "安全区";
}

template <class T>
const T* find(const Document& d, const std::string& id) {
  for (const auto& item : items<T>(d))
    if (item.id == id) return &item;
  return nullptr;
}

template <class T>
const T& require(const Document& d, const std::string& id) {
  if (const T* item = find<T>(d, id)) return *item;
  throw Error(ErrorCode::kBadValue, std::string("no ") + noun<T>() + " with id '" + id + "'",
              {.feature = id, .fix = "pick an existing feature (the inspector shows ids)"});
}

// [SECTION] one command for every add / change / delete of an entity

// before = nullopt: an add; after = nullopt: a delete; both: a change. Reverting swaps them.
template <class T>
class EntityChange final : public Command {
 public:
  EntityChange(std::optional<T> before, std::optional<T> after, std::string label)
      : before_(std::move(before)), after_(std::move(after)), label_(std::move(label)) {}

  void apply(Document& doc) override { swap_in(doc, before_, after_); }
  void revert(Document& doc) override { swap_in(doc, after_, before_); }
  std::string label() const override { return label_; }

 private:
  void swap_in(Document& doc, const std::optional<T>& from, const std::optional<T>& to) {
    auto& v = items<T>(doc);
    if (!from) {
      index_ = std::min(index_, v.size());
      v.insert(v.begin() + static_cast<std::ptrdiff_t>(index_), *to);
      return;
    }
    auto it = std::find_if(v.begin(), v.end(), [&](const T& x) { return x.id == from->id; });
    if (it == v.end())
      throw Error(ErrorCode::kInternal, "undo history out of step with the document",
                  {.feature = from->id});
    index_ = static_cast<std::size_t>(it - v.begin());
    if (to)
      *it = *to;
    else
      v.erase(it);
  }

  std::optional<T> before_, after_;
  std::string label_;
  std::size_t index_ = static_cast<std::size_t>(-1);  // an add appends
};

template <class T>
CommandPtr change(const T& before, T after, const std::string& verb) {
  std::string label = verb + noun<T>() + " " + (before.name.empty() ? before.id : before.name);
  return std::make_unique<EntityChange<T>>(before, std::move(after), std::move(label));
}

template <class T>
CommandPtr insert(const Document& doc, T item) {
  if (item.id.empty()) item.id = fresh_id(doc, "edit:");
  if (find<T>(doc, item.id))
    throw Error(ErrorCode::kBadValue,
                std::string("a ") + noun<T>() + " with id '" + item.id + "' already exists",
                {.feature = item.id, .fix = "choose another id, or leave it empty for a new one"});
  std::string label =
      std::string("添加") + noun<T>() + " " + (item.name.empty() ? item.id : item.name);
  return std::make_unique<EntityChange<T>>(std::nullopt, std::move(item), std::move(label));
}

template <class T>
CommandPtr erase(const Document& doc, const std::string& id) {
  const T& item = require<T>(doc, id);
  std::string label = std::string("删除") + noun<T>() + " " + (item.name.empty() ? id : item.name);
  return std::make_unique<EntityChange<T>>(item, std::nullopt, std::move(label));
}

// [SECTION] checks

void require_finite(const geo::Point& p, std::string_view what) {
  if (!std::isfinite(p.x) || !std::isfinite(p.y))
    throw Error(ErrorCode::kBadValue, std::string(what) + " is not a finite position",
                {.fix = "give coordinates inside the project area"});
}

void translate(geo::Point& p, double dx, double dy) {
  p.x += dx;
  p.y += dy;
}

void translate(geo::MultiPolygon& area, double dx, double dy) {
  for (auto& poly : area) {
    for (auto& p : poly.outer) translate(p, dx, dy);
    for (auto& h : poly.holes)
      for (auto& p : h) translate(p, dx, dy);
  }
}

// A drawn polygon must be a real area: closed, three corners or more, simple.
void require_area(geo::MultiPolygon& area, const std::string& id, std::string_view what) {
  if (area.empty())
    throw Error(ErrorCode::kBadGeometry, std::string(what) + " has no polygon",
                {.feature = id, .fix = "draw at least three corners"});
  for (auto& poly : area) {
    auto& ring = poly.outer;
    for (const auto& p : ring) require_finite(p, what);
    if (!ring.empty() && ring.front() != ring.back()) ring.push_back(ring.front());
    if (ring.size() < 4)
      throw Error(ErrorCode::kBadGeometry, std::string(what) + " needs at least three corners",
                  {.feature = id, .fix = "click three or more points before closing the shape"});
  }
  geo::GeosContext geos;
  if (const auto report = geos.check(area); !report.valid)
    throw Error(ErrorCode::kBadGeometry,
                std::string(what) + " is not a valid polygon: " + report.reason,
                {.feature = id, .fix = "the outline must not cross itself; redraw it"});
  if (geo::area(area) <= 0.0)
    throw Error(ErrorCode::kBadGeometry, std::string(what) + " has no area",
                {.feature = id, .fix = "do not draw all corners on one line"});
}

}  // namespace

std::string fresh_id(const Document& doc, std::string_view prefix) {
  for (std::size_t n = 1;; ++n) {
    std::string id = std::string(prefix) + std::to_string(n);
    if (!find<model::School>(doc, id) && !find<model::WaterBody>(doc, id) &&
        !find<model::PoliceUnit>(doc, id) && !find<Zone>(doc, id))
      return id;
  }
}

// [SECTION] schools and gates

CommandPtr add_school(const Document& doc, model::School school) {
  require_finite(school.location, "the school");
  if (school.name.empty())
    throw Error(ErrorCode::kBadValue, "a new school needs a name",
                {.fix = "type the school's name (e.g. 示例县第一小学)"});
  return insert(doc, std::move(school));
}

CommandPtr move_school(const Document& doc, const std::string& id, const geo::Point& to) {
  require_finite(to, "the new position");
  const auto& before = require<model::School>(doc, id);
  model::School after = before;
  const double dx = to.x - before.location.x, dy = to.y - before.location.y;
  after.location = to;
  if (after.campus) translate(*after.campus, dx, dy);
  for (auto& g : after.gates) translate(g.location, dx, dy);
  return change(before, std::move(after), "移动");
}

CommandPtr delete_school(const Document& doc, const std::string& id) {
  return erase<model::School>(doc, id);
}

CommandPtr set_school_level(const Document& doc, const std::string& id, model::SchoolLevel level) {
  const auto& before = require<model::School>(doc, id);
  model::School after = before;
  after.level = level;
  after.defaulted.level = false;
  return change(before, std::move(after), "设置学段 ");
}

CommandPtr set_enrollment(const Document& doc, const std::string& id, int enrollment) {
  require_in_range("enrollment", enrollment, 0, 100000, "give the number of pupils (0 to 100 000)");
  const auto& before = require<model::School>(doc, id);
  model::School after = before;
  after.enrollment = enrollment;
  after.defaulted.enrollment = false;
  return change(before, std::move(after), "设置人数 ");
}

CommandPtr add_gate(const Document& doc, const std::string& school_id, model::Gate gate) {
  require_finite(gate.location, "the gate");
  const auto& before = require<model::School>(doc, school_id);
  model::School after = before;
  if (gate.name.empty()) gate.name = "门" + std::to_string(after.gates.size() + 1);
  after.gates.push_back(std::move(gate));
  return change(before, std::move(after), "添加校门 ");
}

namespace {
void require_gate(const model::School& s, std::size_t gate) {
  if (gate >= s.gates.size())
    throw Error(ErrorCode::kBadValue,
                "the school has " + std::to_string(s.gates.size()) + " gates, no gate " +
                    std::to_string(gate),
                {.feature = s.id, .fix = "gates are numbered from 0"});
}
}  // namespace

CommandPtr move_gate(const Document& doc, const std::string& school_id, std::size_t gate,
                     const geo::Point& to) {
  require_finite(to, "the new gate position");
  const auto& before = require<model::School>(doc, school_id);
  require_gate(before, gate);
  model::School after = before;
  after.gates[gate].location = to;
  return change(before, std::move(after), "移动校门 ");
}

CommandPtr delete_gate(const Document& doc, const std::string& school_id, std::size_t gate) {
  const auto& before = require<model::School>(doc, school_id);
  require_gate(before, gate);
  model::School after = before;
  after.gates.erase(after.gates.begin() + static_cast<std::ptrdiff_t>(gate));
  return change(before, std::move(after), "删除校门 ");
}

// [SECTION] safety zones

CommandPtr add_zone(const Document& doc, Zone zone) {
  if (!zone.school_id.empty()) require<model::School>(doc, zone.school_id);
  require_area(zone.area, zone.id, "the zone");
  return insert(doc, std::move(zone));
}

CommandPtr translate_zone(const Document& doc, const std::string& id, double dx, double dy) {
  require_finite({dx, dy}, "the move");
  const auto& before = require<Zone>(doc, id);
  Zone after = before;
  translate(after.area, dx, dy);
  return change(before, std::move(after), "移动");
}

CommandPtr move_zone_vertex(const Document& doc, const std::string& id, std::size_t part,
                            std::size_t vertex, const geo::Point& to) {
  require_finite(to, "the new corner");
  const auto& before = require<Zone>(doc, id);
  if (part >= before.area.size() || before.area[part].outer.size() < 2 ||
      vertex + 1 >= before.area[part].outer.size())
    throw Error(ErrorCode::kBadValue, "the zone has no such corner",
                {.feature = id, .fix = "pick a corner shown on the zone's outline"});
  Zone after = before;
  auto& ring = after.area[part].outer;
  ring[vertex] = to;
  if (vertex == 0) ring.back() = to;  // keep the ring closed
  require_area(after.area, id, "the edited zone");
  return change(before, std::move(after), "编辑");
}

CommandPtr delete_zone(const Document& doc, const std::string& id) {
  return erase<Zone>(doc, id);
}

// [SECTION] water hazards

CommandPtr add_water(const Document& doc, model::WaterBody water) {
  require_area(water.area, water.id, "the water body");
  if (water.source.file.empty()) water.source.file = "viewer";
  return insert(doc, std::move(water));
}

CommandPtr set_safeguards(const Document& doc, const std::string& water_id,
                          const model::Safeguards& safeguards) {
  const auto& before = require<model::WaterBody>(doc, water_id);
  model::WaterBody after = before;
  after.safeguards = safeguards;
  return change(before, std::move(after), "设置防护 ");
}

CommandPtr delete_water(const Document& doc, const std::string& id) {
  return erase<model::WaterBody>(doc, id);
}

// [SECTION] police posts

CommandPtr add_police(const Document& doc, model::PoliceUnit unit) {
  require_finite(unit.location, "the post");
  require_in_range("officers", unit.officers, 0, 1000, "give 0 (unknown) to 1000 officers");
  if (unit.name.empty()) unit.name = "护学岗";
  return insert(doc, std::move(unit));
}

CommandPtr move_police(const Document& doc, const std::string& id, const geo::Point& to) {
  require_finite(to, "the new position");
  const auto& before = require<model::PoliceUnit>(doc, id);
  if (doc.fixed_posts.contains(id))
    throw Error(ErrorCode::kBadValue, "this post is fixed in place",
                {.feature = id, .fix = "unfix it first (inspector: Fixed)"});
  model::PoliceUnit after = before;
  after.location = to;
  return change(before, std::move(after), "移动");
}

CommandPtr delete_police(const Document& doc, const std::string& id) {
  return erase<model::PoliceUnit>(doc, id);
}

CommandPtr set_officers(const Document& doc, const std::string& id, int officers) {
  require_in_range("officers", officers, 0, 1000, "give 0 (unknown) to 1000 officers");
  const auto& before = require<model::PoliceUnit>(doc, id);
  model::PoliceUnit after = before;
  after.officers = officers;
  return change(before, std::move(after), "设置警力 ");
}

namespace {
class FixPost final : public Command {
 public:
  FixPost(std::string id, bool fixed) : id_(std::move(id)), fixed_(fixed) {}
  void apply(Document& doc) override {
    was_ = doc.fixed_posts.contains(id_);
    set(doc, fixed_);
  }
  void revert(Document& doc) override { set(doc, was_); }
  std::string label() const override { return (fixed_ ? "固定 " : "取消固定 ") + id_; }

 private:
  void set(Document& doc, bool on) {
    if (on)
      doc.fixed_posts.insert(id_);
    else
      doc.fixed_posts.erase(id_);
  }
  std::string id_;
  bool fixed_;
  bool was_ = false;
};
}  // namespace

CommandPtr set_post_fixed(const Document& doc, const std::string& id, bool fixed) {
  require<model::PoliceUnit>(doc, id);
  return std::make_unique<FixPost>(id, fixed);
}

}  // namespace huxiao::viewer
