#include "evac/building_template.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "geo/crs.hpp"

namespace huxiao::evac {

namespace {

geo::Polygon box(double x0, double y0, double x1, double y1) {
  return {{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, {}};
}

// A wall along y = y from x0 to x1 with door gaps [a, b] (sorted, inside the range).
void wall_with_doors(Plan& plan, double y, double x0, double x1,
                     const std::vector<std::pair<double, double>>& doors) {
  double x = x0;
  for (const auto& [a, b] : doors) {
    if (a > x + 1e-9) plan.walls.push_back({{x, y}, {a, y}});
    x = b;
  }
  if (x1 > x + 1e-9) plan.walls.push_back({{x, y}, {x1, y}});
}

void check(const BuildingTemplate& t) {
  require_in_range("floors", t.floors, 1, 30, "a teaching building has 1–30 floors");
  require_in_range("classrooms per floor", t.classrooms_per_floor, 1, 40);
  require_in_range("class size", t.class_size, 1, 80,
                   "Chinese classes have at most 56 (large classes up to 80)");
  require_in_range("corridor width", t.corridor_width, 1.2, 10.0,
                   "school corridors are at least 1.2 m wide");
  require_in_range("stairwells", t.stairwells, 1, 2,
                   "the template places stairwells at one or both corridor ends");
  require_in_range("stair width", t.stair_width, 0.9, 5.0);
  require_in_range("stair length", t.stair_length, 3.0, 30.0);
  require_in_range("exits", t.exits, 1, 2 + t.classrooms_per_floor - 1);
  require_in_range("exit width", t.exit_width, 0.5, 10.0,
                   "an exit narrower than a person (0.5 m) lets nobody out");
  require_in_range("classroom door width", t.classroom_door_width, 0.7, 3.0);
  require_in_range("classroom width", t.classroom_width, 2.0 * t.classroom_door_width + 1.0, 30.0);
  require_in_range("classroom depth", t.classroom_depth, 3.0, 20.0);
  require_positive("yard depth", t.yard_depth);
  require_positive("playground width", t.playground_width);
  require_positive("playground depth", t.playground_depth);
  require_in_range("release per floor", t.release_per_floor, 0.0, 3600.0);
}

}  // namespace

Plan make_teaching_building(const BuildingTemplate& t) {
  check(t);
  Plan plan;
  plan.name = fmt::format("teaching building, {} floors × {} classes of {}", t.floors,
                          t.classrooms_per_floor, t.class_size);
  plan.source = "template";
  const double length = t.classrooms_per_floor * t.classroom_width;
  const double sw = t.stair_width;
  const double west = -sw, east = t.stairwells == 2 ? length + sw : length;
  const double block = t.corridor_width + t.classroom_depth;
  // Corridor of floor f at [Y_f, Y_f + corridor]; the stair of floor f runs from the top of
  // corridor f-1 to the bottom of corridor f, so Y_f - Y_{f-1} - corridor = stair length.
  const double spacing = std::max(t.stair_length + t.corridor_width, block + 1.0);
  const double stair_len = spacing - t.corridor_width;
  for (int f = 0; f < t.floors; ++f) {
    const double y0 = f * spacing, yc = y0 + t.corridor_width, y1 = y0 + block;
    const double z = f * t.storey_height;
    plan.walkable.push_back({box(west, y0, east, yc), z});
    std::vector<std::pair<double, double>> doors;
    for (int k = 0; k < t.classrooms_per_floor; ++k) {
      const double x0 = k * t.classroom_width, x1 = x0 + t.classroom_width;
      plan.walkable.push_back({box(x0, yc, x1, y1), z});
      doors.emplace_back(x0 + 0.5, x0 + 0.5 + t.classroom_door_width);
      doors.emplace_back(x1 - 0.5 - t.classroom_door_width, x1 - 0.5);
      if (k > 0) plan.walls.push_back({{x0, yc}, {x0, y1}});
      Room room;
      room.name = fmt::format("{}-{}", f + 1, k + 1);  // floor-class, as schools number them
      room.group = room.name;
      room.area = box(x0 + 0.4, yc + 0.4, x1 - 0.4, y1 - 0.4);
      room.students = t.class_size;
      room.age = t.age;
      room.premovement = t.premovement;
      room.release = f * t.release_per_floor;
      plan.rooms.push_back(room);
    }
    wall_with_doors(plan, yc, 0.0, length, doors);
    // Classroom end walls keep the stair strips beside them out of the classrooms.
    plan.walls.push_back({{0.0, yc}, {0.0, y1}});
    plan.walls.push_back({{length, yc}, {length, y1}});
    if (f == 0) continue;
    const double sy0 = (f - 1) * spacing + t.corridor_width, sy1 = y0;
    const auto add_stair = [&](const char* side, double x0, double x1) {
      Stair s;
      s.name = fmt::format("stair-{}-{}", side, f);
      s.area = box(x0, sy0, x1, sy1);
      s.up = {0.0, 1.0};
      s.z_bottom = (f - 1) * t.storey_height;
      s.z_top = z;
      plan.stairs.push_back(s);
    };
    add_stair("W", west, 0.0);
    if (t.stairwells == 2) add_stair("E", length, east);
  }
  (void)stair_len;
  // Ground floor: doors in the corridor's outer wall to the yard, at the stairwells first.
  std::vector<double> centres{west + 0.5 * sw};
  if (t.stairwells == 2) centres.push_back(east - 0.5 * sw);
  for (int k = 1; static_cast<int>(centres.size()) < t.exits; ++k)
    centres.push_back(k * t.classroom_width);
  if (static_cast<int>(centres.size()) > t.exits) centres.resize(static_cast<std::size_t>(t.exits));
  std::sort(centres.begin(), centres.end());
  std::vector<std::pair<double, double>> doors;
  for (std::size_t k = 0; k < centres.size(); ++k) {
    const double a = std::max(west, centres[k] - 0.5 * t.exit_width),
                 b = std::min(east, centres[k] + 0.5 * t.exit_width);
    doors.emplace_back(a, b);
    const char* names[] = {"W", "E"};
    const std::string name = centres.size() <= 2 && t.stairwells == 2
                                 ? fmt::format("exit-{}", names[k])
                                 : fmt::format("exit-{}", k + 1);
    plan.exits.push_back({name, {a, 0.0}, {b, 0.0}, b - a});
  }
  wall_with_doors(plan, 0.0, west, east, doors);
  const double margin = 5.0;
  plan.walkable.push_back({box(west - margin, -t.yard_depth, east + margin, 0.0), 0.0});
  const double mid = 0.5 * (west + east);
  const double pw = std::max(t.playground_width, east - west + 2 * margin);
  plan.walkable.push_back(
      {box(mid - pw / 2, -t.yard_depth - t.playground_depth, mid + pw / 2, -t.yard_depth), 0.0});
  plan.assembly.push_back({"playground", box(mid - pw / 2, -t.yard_depth - t.playground_depth,
                                             mid + pw / 2, -t.yard_depth - 2.0)});
  if (t.origin) {
    const geo::Crs utm = geo::utm_crs_for(*t.origin);
    const geo::Transformer to_utm(geo::Crs::wgs84(), utm);
    const auto o = to_utm.apply(*t.origin);
    if (!o)
      throw Error(ErrorCode::kBadParameter, "cannot place the building at that longitude/latitude");
    const auto shift = [&](geo::Point& p) {
      p.x += o->x;
      p.y += o->y;
    };
    const auto shift_poly = [&](geo::Polygon& poly) {
      for (auto& p : poly.outer) shift(p);
    };
    for (auto& w : plan.walkable) shift_poly(w.area);
    for (auto& r : plan.rooms) shift_poly(r.area);
    for (auto& s : plan.stairs) shift_poly(s.area);
    for (auto& a : plan.assembly) shift_poly(a.area);
    for (auto& w : plan.walls)
      for (auto& p : w) shift(p);
    for (auto& e : plan.exits) {
      shift(e.a);
      shift(e.b);
    }
    plan.crs = utm;
  }
  return plan;
}

}  // namespace huxiao::evac
