#include "deploy/roster.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <queue>

#include <fmt/format.h>

#include "core/error.hpp"

namespace huxiao::deploy {
namespace {

void check(const std::vector<GateWindow>& windows, const CostMatrix& travel) {
  for (std::size_t k = 0; k < windows.size(); ++k) {
    const auto& w = windows[k];
    if (!(w.end_s >= w.start_s)) {
      throw Error(ErrorCode::kBadParameter, fmt::format("gate window {} ends before it starts", k),
                  {.feature = fmt::format("school {}", w.school),
                   .fix = "check the bell times and window offsets"});
    }
    if (w.location < 0 || static_cast<std::size_t>(w.location) >= travel.demands() ||
        travel.demands() != travel.candidates()) {
      throw Error(ErrorCode::kInternal,
                  fmt::format("gate window {} has no row in the travel matrix", k));
    }
  }
}

double travel_between(const std::vector<GateWindow>& w, const CostMatrix& travel, std::size_t a,
                      std::size_t b) {
  return travel(static_cast<std::size_t>(w[a].location), static_cast<std::size_t>(w[b].location));
}

// successors[a] = windows b an officer can reach in time after staffing a.
std::vector<std::vector<int>> successors(const std::vector<GateWindow>& w,
                                         const CostMatrix& travel) {
  std::vector<std::vector<int>> next(w.size());
  for (std::size_t a = 0; a < w.size(); ++a) {
    for (std::size_t b = 0; b < w.size(); ++b) {
      if (a == b) continue;
      const double t = travel_between(w, travel, a, b);
      if (std::isfinite(t) && w[a].end_s + t <= w[b].start_s)
        next[a].push_back(static_cast<int>(b));
    }
  }
  return next;
}

// [SECTION] min-cost flow (successive shortest paths, SPFA; costs are the negated weights)

struct Edge {
  int to, rev;
  int cap;
  double cost;
};

class FlowNetwork {
 public:
  explicit FlowNetwork(std::size_t nodes) : g_(nodes) {}
  void add(int u, int v, int cap, double cost) {
    g_[static_cast<std::size_t>(u)].push_back(
        {v, static_cast<int>(g_[static_cast<std::size_t>(v)].size()), cap, cost});
    g_[static_cast<std::size_t>(v)].push_back(
        {u, static_cast<int>(g_[static_cast<std::size_t>(u)].size()) - 1, 0, -cost});
  }
  // One unit along a cheapest s→t path; returns its cost, or +inf if t is unreachable.
  double augment(int s, int t) {
    const std::size_t n = g_.size();
    std::vector<double> dist(n, std::numeric_limits<double>::infinity());
    std::vector<int> prev_node(n, -1), prev_edge(n, -1);
    std::vector<char> queued(n, 0);
    std::deque<int> q;
    dist[static_cast<std::size_t>(s)] = 0;
    q.push_back(s);
    while (!q.empty()) {
      const int u = q.front();
      q.pop_front();
      queued[static_cast<std::size_t>(u)] = 0;
      const auto& edges = g_[static_cast<std::size_t>(u)];
      for (std::size_t e = 0; e < edges.size(); ++e) {
        const Edge& ed = edges[e];
        if (ed.cap <= 0) continue;
        const double nd = dist[static_cast<std::size_t>(u)] + ed.cost;
        if (nd < dist[static_cast<std::size_t>(ed.to)] - 1e-12) {
          dist[static_cast<std::size_t>(ed.to)] = nd;
          prev_node[static_cast<std::size_t>(ed.to)] = u;
          prev_edge[static_cast<std::size_t>(ed.to)] = static_cast<int>(e);
          if (queued[static_cast<std::size_t>(ed.to)] == 0) {
            queued[static_cast<std::size_t>(ed.to)] = 1;
            q.push_back(ed.to);
          }
        }
      }
    }
    if (!std::isfinite(dist[static_cast<std::size_t>(t)])) return dist[static_cast<std::size_t>(t)];
    for (int v = t; v != s; v = prev_node[static_cast<std::size_t>(v)]) {
      Edge& ed = g_[static_cast<std::size_t>(prev_node[static_cast<std::size_t>(v)])]
                   [static_cast<std::size_t>(prev_edge[static_cast<std::size_t>(v)])];
      ed.cap -= 1;
      g_[static_cast<std::size_t>(v)][static_cast<std::size_t>(ed.rev)].cap += 1;
    }
    return dist[static_cast<std::size_t>(t)];
  }
  const std::vector<Edge>& out(int u) const { return g_[static_cast<std::size_t>(u)]; }

 private:
  std::vector<std::vector<Edge>> g_;
};

}  // namespace

std::size_t officers_for_all_windows(const std::vector<GateWindow>& windows,
                                     const CostMatrix& travel) {
  check(windows, travel);
  const auto next = successors(windows, travel);
  const std::size_t n = windows.size();
  // Hopcroft–Karp on (window as predecessor) × (window as successor).
  constexpr int kNil = -1;
  std::vector<int> match_l(n, kNil), match_r(n, kNil), layer(n);
  auto bfs = [&] {
    std::queue<int> q;
    bool found = false;
    for (std::size_t u = 0; u < n; ++u) {
      if (match_l[u] == kNil) {
        layer[u] = 0;
        q.push(static_cast<int>(u));
      } else {
        layer[u] = -1;
      }
    }
    while (!q.empty()) {
      const int u = q.front();
      q.pop();
      for (int v : next[static_cast<std::size_t>(u)]) {
        const int w = match_r[static_cast<std::size_t>(v)];
        if (w == kNil) {
          found = true;
        } else if (layer[static_cast<std::size_t>(w)] < 0) {
          layer[static_cast<std::size_t>(w)] = layer[static_cast<std::size_t>(u)] + 1;
          q.push(w);
        }
      }
    }
    return found;
  };
  std::vector<std::size_t> it(n);
  // Iterative DFS would be safer for huge n; recursion depth is bounded by the layer count.
  auto dfs = [&](auto&& self, int u) -> bool {
    const auto uu = static_cast<std::size_t>(u);
    for (; it[uu] < next[uu].size(); ++it[uu]) {
      const int v = next[uu][it[uu]];
      const int w = match_r[static_cast<std::size_t>(v)];
      if (w == kNil || (layer[static_cast<std::size_t>(w)] == layer[uu] + 1 && self(self, w))) {
        match_l[uu] = v;
        match_r[static_cast<std::size_t>(v)] = u;
        return true;
      }
    }
    layer[uu] = -1;
    return false;
  };
  std::size_t matching = 0;
  while (bfs()) {
    std::fill(it.begin(), it.end(), 0);
    for (std::size_t u = 0; u < n; ++u) {
      if (match_l[u] == kNil && dfs(dfs, static_cast<int>(u))) ++matching;
    }
  }
  return n - matching;
}

Roster build_roster(const std::vector<GateWindow>& windows, const CostMatrix& travel,
                    int officers) {
  check(windows, travel);
  Roster roster;
  const std::size_t n = windows.size();
  roster.officers_for_all = officers_for_all_windows(windows, travel);
  const int k_max = officers > 0 ? officers : static_cast<int>(roster.officers_for_all);
  const auto next = successors(windows, travel);
  // Nodes: source 0, sink 1, window a: in = 2 + 2a, out = 3 + 2a.
  FlowNetwork net(2 + 2 * n);
  const int s = 0, t = 1;
  auto in = [](std::size_t a) { return static_cast<int>(2 + 2 * a); };
  auto out = [](std::size_t a) { return static_cast<int>(3 + 2 * a); };
  for (std::size_t a = 0; a < n; ++a) {
    net.add(s, in(a), 1, 0);
    net.add(in(a), out(a), 1, -windows[a].weight);
    net.add(out(a), t, 1, 0);
    for (int b : next[a]) net.add(out(a), in(static_cast<std::size_t>(b)), 1, 0);
  }
  double staffed = 0;
  for (int k = 0; k < k_max; ++k) {
    const double c = net.augment(s, t);
    if (!std::isfinite(c) || c >= -1e-12) {
      roster.staffed_by_officers.push_back(staffed);  // an extra officer adds nothing
      continue;
    }
    staffed -= c;
    roster.staffed_by_officers.push_back(staffed);
  }
  roster.staffed_weight = staffed;
  // Read the routes back: follow saturated out→in edges from each window no one precedes.
  std::vector<int> succ(n, -1);
  std::vector<char> has_pred(n, 0), staffed_window(n, 0);
  for (std::size_t a = 0; a < n; ++a) {
    for (const Edge& e : net.out(in(a))) {
      if (e.to == out(a) && e.cap == 0) staffed_window[a] = 1;
    }
    for (const Edge& e : net.out(out(a))) {
      if (e.to >= 2 && e.to % 2 == 0 && e.to != in(a) && e.cap == 0) {
        const auto b = static_cast<std::size_t>((e.to - 2) / 2);
        succ[a] = static_cast<int>(b);
        has_pred[b] = 1;
      }
    }
  }
  std::vector<std::size_t> starts;
  for (std::size_t a = 0; a < n; ++a) {
    if (staffed_window[a] != 0 && has_pred[a] == 0) starts.push_back(a);
  }
  std::sort(starts.begin(), starts.end(),
            [&](std::size_t a, std::size_t b) { return windows[a].start_s < windows[b].start_s; });
  for (std::size_t a : starts) {
    std::vector<RosterStop> route{{static_cast<int>(a), 0.0}};
    for (int b = succ[a]; b >= 0; b = succ[static_cast<std::size_t>(b)]) {
      const auto prev = static_cast<std::size_t>(route.back().window);
      route.push_back({b, travel_between(windows, travel, prev, static_cast<std::size_t>(b))});
    }
    roster.staffed_windows += route.size();
    roster.routes.push_back(std::move(route));
  }
  return roster;
}

}  // namespace huxiao::deploy
