#pragma once
// A road for the network tests: the class's default access, its id as its name.

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "model/road.hpp"
#include "network/graph.hpp"
#include "network/query.hpp"

namespace huxiao::network::test_support {

using model::RoadClass;

inline model::Road road(std::string id, geo::LineString line,
                        model::RoadClass cls = model::RoadClass::kResidential) {
  model::Road r;
  r.id = std::move(id);
  r.name = r.id;
  r.road_class = cls;
  r.drivable = model::defaults_for(cls).drivable;
  r.walkable = model::defaults_for(cls).walkable;
  r.line = std::move(line);
  return r;
}

// Times from `seeds` over the graph's own arcs by plain Bellman-Ford relaxation: the reference
// no search order can fool.
inline std::vector<double> bellman_ford(const Graph& g, const std::vector<Seed>& seeds) {
  std::vector<double> d(g.node_count(), kUnreachable);
  for (const Seed& s : seeds) d[s.node] = std::min(d[s.node], s.seconds);
  for (bool changed = true; changed;) {
    changed = false;
    for (NodeId u = 0; u < g.node_count(); ++u) {
      for (const Arc& a : g.out_arcs(u)) {
        if (d[u] + a.seconds < d[a.head]) {
          d[a.head] = d[u] + a.seconds;
          changed = true;
        }
      }
    }
  }
  return d;
}

// A random street grid with one-way streets, missing blocks, dead-end spurs (some one-way, some
// doubled by a parallel slower lane) and edges from 5 cm to `long_m` metres.
inline std::vector<model::Road> spurred_grid(unsigned seed, double long_m) {
  std::mt19937 rng(seed);
  std::vector<model::Road> roads;
  auto add = [&](geo::LineString line, RoadClass cls, bool oneway) {
    model::Road r = road("r" + std::to_string(roads.size()), std::move(line), cls);
    r.oneway = oneway;
    roads.push_back(std::move(r));
  };
  const int n = 9;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      const geo::Point p{i * 100.0, j * 100.0};
      for (const geo::Point q : {geo::Point{p.x + 100, p.y}, geo::Point{p.x, p.y + 100}}) {
        if (q.x >= n * 100.0 || q.y >= n * 100.0 || rng() % 7 == 0) continue;
        const RoadClass cls = rng() % 3 == 0 ? RoadClass::kPrimary : RoadClass::kResidential;
        if (rng() % 3 == 0) {  // one street as three ways: a chain of two nodes, each way
          const geo::Point a{p.x + (q.x - p.x) * 0.3, p.y + (q.y - p.y) * 0.3 + 1.0};  // one-way
          const geo::Point b{p.x + (q.x - p.x) * 0.6, p.y + (q.y - p.y) * 0.6 - 1.0};  // or not
          add({p, a}, cls, rng() % 4 == 0);
          add({a, b}, cls, rng() % 4 == 0);
          add({b, q}, cls, rng() % 4 == 0);
        } else {
          add({p, q}, cls, rng() % 4 == 0);
        }
      }
      if (rng() % 3 == 0) {  // a dead-end spur, sometimes with a second, slower lane beside it
        const geo::Point end{p.x + 20.0 + double(rng() % 40), p.y + 30.0};
        add({p, end}, RoadClass::kResidential, rng() % 5 == 0);
        if (rng() % 2 == 0) add({p, {p.x, end.y}, end}, RoadClass::kService, false);
        if (rng() % 2 == 0) add({end, {end.x + 0.05, end.y}}, RoadClass::kResidential, false);
      }
    }
  }
  add({{0, 0}, {-long_m, 0}}, RoadClass::kTrack, false);  // one very long arc
  // A loop road met by nothing but the grid corner it starts from, and a ring road met by
  // nothing at all (chains without ends), in pieces, one of them one-way.
  add({{800, 800}, {900, 850}}, RoadClass::kResidential, false);
  add({{900, 850}, {950, 950}}, RoadClass::kResidential, true);
  add({{950, 950}, {800, 800}}, RoadClass::kResidential, false);
  add({{2000, 0}, {2100, 0}}, RoadClass::kResidential, false);
  add({{2100, 0}, {2100, 100}}, RoadClass::kResidential, true);
  add({{2100, 100}, {2000, 0}}, RoadClass::kResidential, false);
  return roads;
}

}  // namespace huxiao::network::test_support
