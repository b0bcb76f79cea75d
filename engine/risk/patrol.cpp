#include "risk/patrol.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "core/error.hpp"
#include "network/graph.hpp"
#include "network/query.hpp"
#include "network/snap.hpp"

namespace huxiao::risk {
namespace {

constexpr double kImproveEps = 1e-9;  // a move must gain more than rounding noise

bool try_two_opt(const CostMatrix& m, std::vector<std::size_t>& order, double& best) {
  const std::size_t n = order.size();
  for (std::size_t i = 1; i + 1 < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      std::reverse(order.begin() + static_cast<long>(i), order.begin() + static_cast<long>(j) + 1);
      const double c = tour_cost(m, order);
      if (c < best - kImproveEps) {
        best = c;
        return true;
      }
      std::reverse(order.begin() + static_cast<long>(i), order.begin() + static_cast<long>(j) + 1);
    }
  return false;
}

// Moves the run order[i, i+len) (forwards or reversed) to every other place in the tour.
bool try_or_opt(const CostMatrix& m, std::vector<std::size_t>& order, double& best) {
  const std::size_t n = order.size();
  for (std::size_t len = 1; len <= 3; ++len)
    for (std::size_t i = 1; i + len <= n; ++i) {
      std::vector<std::size_t> run(order.begin() + static_cast<long>(i),
                                   order.begin() + static_cast<long>(i + len));
      std::vector<std::size_t> rest(order.begin(), order.begin() + static_cast<long>(i));
      rest.insert(rest.end(), order.begin() + static_cast<long>(i + len), order.end());
      for (std::size_t at = 1; at <= rest.size(); ++at) {
        for (int reversed = 0; reversed < 2; ++reversed) {
          if (at == i && !reversed) continue;  // the tour as it is
          std::vector<std::size_t> cand(rest.begin(), rest.begin() + static_cast<long>(at));
          if (reversed)
            cand.insert(cand.end(), run.rbegin(), run.rend());
          else
            cand.insert(cand.end(), run.begin(), run.end());
          cand.insert(cand.end(), rest.begin() + static_cast<long>(at), rest.end());
          const double c = tour_cost(m, cand);
          if (c < best - kImproveEps) {
            best = c;
            order = std::move(cand);
            return true;
          }
        }
      }
    }
  return false;
}

// Unnamed units (common in OSM) are shown by kind and id, so a patrol team can still find them.
std::string start_name(const std::string& name, std::string_view kind, const std::string& id) {
  return name.empty() ? fmt::format("{} {}", kind, id) : name;
}

}  // namespace

// [SECTION] tours

double tour_cost(const CostMatrix& m, const std::vector<std::size_t>& order) {
  if (order.size() < 2) return 0.0;
  double c = 0.0;
  for (std::size_t k = 0; k < order.size(); ++k) c += m.at(order[k], order[(k + 1) % order.size()]);
  return c;
}

std::vector<std::size_t> nearest_neighbour_tour(const CostMatrix& m, std::size_t first) {
  std::vector<std::size_t> order{0};
  std::vector<bool> seen(m.n, false);
  seen[0] = true;
  if (first != 0 && first < m.n) {
    order.push_back(first);
    seen[first] = true;
  }
  while (order.size() < m.n) {
    std::size_t next = m.n;
    for (std::size_t k = 0; k < m.n; ++k)
      if (!seen[k] && (next == m.n || m.at(order.back(), k) < m.at(order.back(), next))) next = k;
    order.push_back(next);
    seen[next] = true;
  }
  return order;
}

void improve_tour(const CostMatrix& m, std::vector<std::size_t>& order) {
  double best = tour_cost(m, order);
  while (try_two_opt(m, order, best) || try_or_opt(m, order, best)) {
  }
}

std::vector<std::size_t> solve_tour(const CostMatrix& m, std::size_t starts) {
  if (m.n <= 2) {
    std::vector<std::size_t> order(m.n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    return order;
  }
  // First hops to try: the stops nearest the start, where the greedy choice matters most.
  std::vector<std::size_t> firsts(m.n - 1);
  std::iota(firsts.begin(), firsts.end(), std::size_t{1});
  std::stable_sort(firsts.begin(), firsts.end(),
                   [&](std::size_t a, std::size_t b) { return m.at(0, a) < m.at(0, b); });
  firsts.resize(std::min(firsts.size(), std::max<std::size_t>(1, starts)));
  std::vector<std::size_t> best;
  double best_cost = std::numeric_limits<double>::infinity();
  for (std::size_t f : firsts) {
    auto order = nearest_neighbour_tour(m, f);
    improve_tour(m, order);
    const double c = tour_cost(m, order);
    if (best.empty() || c < best_cost - kImproveEps) best = std::move(order), best_cost = c;
  }
  return best;
}

std::vector<std::size_t> brute_force_tour(const CostMatrix& m) {
  std::vector<std::size_t> order(m.n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (m.n <= 2) return order;
  std::vector<std::size_t> best = order;
  double best_cost = tour_cost(m, order);
  while (std::next_permutation(order.begin() + 1, order.end())) {
    const double c = tour_cost(m, order);
    if (c < best_cost) best_cost = c, best = order;
  }
  return best;
}

// [SECTION] patrol on the network

PatrolPlan plan_patrol(const model::Project& project, const std::vector<PatrolStop>& stops,
                       const PatrolSettings& settings) {
  PatrolPlan plan;
  plan.mode = settings.mode;
  if (stops.empty()) return plan;
  const network::Profile profile = settings.mode == network::Mode::kWalk
                                       ? network::Profile::walking()
                                       : network::Profile::driving();
  const network::Graph graph = network::build_graph(project.roads, profile);
  if (graph.edge_count() == 0)
    throw Error(ErrorCode::kEmptyInput,
                fmt::format("no road a patrol can {} on", network::to_string(settings.mode)),
                {.feature = "layer roads",
                 .fix = "import the road network, or patrol on foot (--patrol-mode walk)"});
  // Only the largest strongly connected part: every snapped stop can then reach every other.
  const network::Snapper snapper(graph, 0.0, true);
  std::vector<network::Place> places;
  for (const auto& s : stops) places.push_back({s.name, s.name, s.point});
  const network::SnapResult snapped = snapper.snap_all(places, settings.max_snap_m);
  if (!snapped.locations[0])
    throw Error(ErrorCode::kEmptyInput,
                fmt::format("the patrol start {} is more than {:.0f} m from a road", stops[0].name,
                            settings.max_snap_m),
                {.feature = stops[0].name,
                 .fix = "name another police station or school as the start (--patrol-start)"});
  std::vector<std::size_t> kept;  // indices into stops
  std::vector<std::optional<network::Location>> locs;
  for (std::size_t i = 0; i < stops.size(); ++i) {
    if (snapped.locations[i]) {
      kept.push_back(i);
      locs.push_back(snapped.locations[i]);
    } else {
      plan.unreachable.push_back(i);
    }
  }
  const network::Matrix times = network::matrix(graph, locs, locs);
  CostMatrix m{kept.size(), times.seconds};
  const std::vector<std::size_t> tour = solve_tour(m);
  for (std::size_t k = 0; k < tour.size() && tour.size() > 1; ++k) {
    const std::size_t a = tour[k], b = tour[(k + 1) % tour.size()];
    const auto r = network::route(graph, *locs[a], *locs[b]);
    if (!r) {  // cannot happen within one strongly connected component; kept as a guard
      plan.unreachable.push_back(kept[b]);
      continue;
    }
    plan.legs.push_back({kept[a], kept[b], r->length_m, r->seconds});
    plan.length_m += r->length_m;
    plan.seconds += r->seconds;
    for (const auto& pt : r->line)
      if (plan.line.empty() || geo::distance(plan.line.back(), pt) > 1e-9) plan.line.push_back(pt);
  }
  for (std::size_t k : tour) plan.order.push_back(kept[k]);
  std::sort(plan.unreachable.begin(), plan.unreachable.end());
  return plan;
}

std::optional<PatrolStop> patrol_start(const model::Project& p,
                                       const std::vector<PatrolStop>& sites,
                                       const std::string& name) {
  std::vector<PatrolStop> candidates;  // police first: a named police unit wins over a school
  for (const auto& u : p.police)
    candidates.push_back(
        {start_name(u.name, fmt::format("police {}", model::to_string(u.kind)), u.id), u.location});
  const std::size_t police_count = candidates.size();
  for (const auto& s : p.schools)
    candidates.push_back({start_name(s.name, "school", s.id), s.location});
  if (!name.empty()) {
    for (const auto& c : candidates)
      if (c.name == name) return c;
    for (const auto& c : candidates)
      if (c.name.find(name) != std::string::npos) return c;
    std::string some;
    for (std::size_t i = 0; i < std::min<std::size_t>(5, police_count); ++i)
      some += (some.empty() ? "" : ", ") + candidates[i].name;
    throw Error(ErrorCode::kBadParameter,
                fmt::format("no police unit or school is named \"{}\"", name),
                {.feature = "patrol start",
                 .fix = some.empty() ? "name a school of the store"
                                     : "name a police unit (e.g. " + some + ") or a school"});
  }
  if (sites.empty()) return std::nullopt;
  geo::Point centre{0, 0};
  for (const auto& s : sites) centre.x += s.point.x, centre.y += s.point.y;
  centre.x /= static_cast<double>(sites.size());
  centre.y /= static_cast<double>(sites.size());
  const auto nearest = [&](auto accept) -> std::optional<PatrolStop> {
    std::optional<PatrolStop> best;
    double best_d = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (!accept(i)) continue;
      const double d = geo::distance(candidates[i].point, centre);
      if (d < best_d) best_d = d, best = candidates[i];
    }
    return best;
  };
  if (auto s = nearest([&](std::size_t i) {
        return i < police_count && p.police[i].kind == model::PoliceKind::kStation;
      }))
    return s;
  if (auto s = nearest([&](std::size_t i) { return i < police_count; })) return s;
  return nearest([&](std::size_t i) { return i >= police_count; });
}

}  // namespace huxiao::risk
