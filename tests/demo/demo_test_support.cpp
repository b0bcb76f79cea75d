#include "demo/demo_test_support.hpp"

#include <algorithm>
#include <unordered_set>

namespace huxiao::demo::testing {
namespace {

void put(std::string& out, const geo::Point& p) {
  out += fmt::format("{:a},{:a};", p.x, p.y);
}
void put(std::string& out, const geo::LineString& line) {
  for (const auto& p : line) put(out, p);
  out += '|';
}
void put(std::string& out, const geo::MultiPolygon& area) {
  for (const auto& poly : area) {
    put(out, poly.outer);
    for (const auto& h : poly.holes) put(out, h);
  }
}
void put(std::string& out, const model::Safeguards& s) {
  out += fmt::format("{}{}{}", s.warning_sign, s.fence, s.rescue_equipment);
}

}  // namespace

std::string fingerprint_schools(const model::Project& p) {
  std::string out;
  for (const auto& s : p.schools) {
    out += fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|", s.id, s.name, model::to_string(s.level),
                       s.enrollment, s.boarding, s.morning_bell.str(), s.dismissal.str(),
                       s.defaulted.str(), s.source.describe());
    put(out, s.location);
    if (s.campus) put(out, *s.campus);
    for (const auto& g : s.gates) {
      out += g.name;
      put(out, g.location);
    }
    out += '\n';
  }
  return out;
}

std::string fingerprint_roads_and_water(const model::Project& p) {
  std::string out;
  for (const auto& r : p.roads) {
    out += fmt::format("{}|{}|{}|{:a}|{}|{}|{}|{}|{}|{}|{}|{}|", r.id, r.name,
                       model::to_string(r.road_class), r.speed_kmh, r.speed_defaulted, r.oneway,
                       r.drivable, r.walkable, r.bridge, r.tunnel, r.layer, r.source.describe());
    put(out, r.line);
    out += '\n';
  }
  for (const auto& w : p.water) {
    out += fmt::format("{}|{}|{}|{}|{}|", w.id, w.name, model::to_string(w.kind), w.kind_inferred,
                       w.responsible_unit);
    put(out, w.safeguards);
    put(out, w.area);
    out += '\n';
  }
  for (const auto& w : p.waterways) {
    out += fmt::format("{}|{}|{}|{}|", w.id, w.name, model::to_string(w.kind), w.responsible_unit);
    put(out, w.safeguards);
    put(out, w.line);
    out += '\n';
  }
  return out;
}

std::string fingerprint(const model::Project& p) {
  std::string out = fmt::format("{}|{}|{}|{}|", p.info.name, p.info.crs.definition,
                                p.info.synthetic, fmt::join(p.info.attribution, ";"));
  for (const auto& [k, v] : p.info.extra) out += k + "=" + v + ";";
  out += '\n' + fingerprint_schools(p) + fingerprint_roads_and_water(p);
  for (const auto& poi : p.pois) {
    out += fmt::format("{}|{}|{}|", poi.id, poi.name, model::to_string(poi.category));
    put(out, poi.location);
  }
  for (const auto& u : p.police) {
    out += fmt::format("{}|{}|{}|{}|", u.id, u.name, model::to_string(u.kind), u.officers);
    put(out, u.location);
  }
  return out;
}

namespace {

class UnionFind {
 public:
  explicit UnionFind(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  std::size_t find(std::size_t i) {
    while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
    return i;
  }
  void unite(std::size_t a, std::size_t b) { parent_[find(a)] = find(b); }

 private:
  std::vector<std::size_t> parent_;
};

// For each distinct vertex, the roads having it.
std::unordered_map<PointKey, std::vector<std::size_t>, PointKeyHash> vertex_roads(
    const std::vector<model::Road>& roads) {
  std::unordered_map<PointKey, std::vector<std::size_t>, PointKeyHash> at;
  for (std::size_t r = 0; r < roads.size(); ++r) {
    for (const auto& p : roads[r].line) {
      auto& list = at[key(p)];
      if (std::find(list.begin(), list.end(), r) == list.end()) list.push_back(r);
    }
  }
  return at;
}

}  // namespace

Connectivity connectivity(const std::vector<model::Road>& roads) {
  const auto at = vertex_roads(roads);
  Connectivity c;
  UnionFind sets(roads.size());
  for (const auto& [point, list] : at) {
    for (std::size_t i = 1; i < list.size(); ++i) sets.unite(list[0], list[i]);
  }
  const auto joined = [&](const geo::Point& p) { return at.at(key(p)).size() > 1; };
  std::unordered_map<std::size_t, std::size_t> sizes;
  for (std::size_t r = 0; r < roads.size(); ++r) {
    const bool a = joined(roads[r].line.front()), b = joined(roads[r].line.back());
    c.roads_with_a_joined_end += (a || b) ? 1 : 0;
    c.roads_with_both_ends_joined += (a && b) ? 1 : 0;
    c.largest_component = std::max(c.largest_component, ++sizes[sets.find(r)]);
  }
  return c;
}

bool end_is_joined(const std::vector<model::Road>& roads, std::size_t road, bool at_start) {
  const geo::Point& end = at_start ? roads[road].line.front() : roads[road].line.back();
  for (std::size_t r = 0; r < roads.size(); ++r) {
    if (r == road) continue;
    if (std::find(roads[r].line.begin(), roads[r].line.end(), end) != roads[r].line.end())
      return true;
  }
  return false;
}

}  // namespace huxiao::demo::testing
