#include "network/graph.hpp"

#include <algorithm>
#include <bit>
#include <numeric>
#include <string>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include "core/error.hpp"

namespace huxiao::network {
namespace {

constexpr std::uint32_t kNoNode = std::numeric_limits<std::uint32_t>::max();

// Bit pattern of a coordinate, with -0.0 folded into 0.0 so the two meet.
std::uint64_t coord_key(double v) {
  return std::bit_cast<std::uint64_t>(v == 0.0 ? 0.0 : v);
}

// Spreads the 32 bits of v over the even bits of the result (for Morton codes).
std::uint64_t spread_bits(std::uint32_t v) {
  std::uint64_t x = v;
  x = (x | (x << 16)) & 0x0000FFFF0000FFFFULL;
  x = (x | (x << 8)) & 0x00FF00FF00FF00FFULL;
  x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FULL;
  x = (x | (x << 2)) & 0x3333333333333333ULL;
  x = (x | (x << 1)) & 0x5555555555555555ULL;
  return x;
}

struct VertexRef {
  std::uint64_t morton;  // Z-order of the position: nearby nodes get nearby ids (cache locality)
  std::uint64_t kx;
  std::uint64_t ky;
  std::uint32_t pos;  // index into the flat vertex array
  bool operator<(const VertexRef& o) const {
    if (morton != o.morton) return morton < o.morton;
    if (kx != o.kx) return kx < o.kx;
    if (ky != o.ky) return ky < o.ky;
    return pos < o.pos;
  }
};

struct UsedRoad {
  std::uint32_t road;   // index into the caller's roads
  std::uint32_t begin;  // first vertex in the flat array
  std::uint32_t end;
  double speed_mps;
};

std::vector<UsedRoad> select_roads(const std::vector<model::Road>& roads, const Profile& profile,
                                   std::size_t& vertex_count) {
  std::unordered_map<std::string, std::vector<const MeasuredSpeed*>> measured;
  for (const auto& m : profile.measured) measured[m.road_id].push_back(&m);
  const std::vector<const MeasuredSpeed*> none;
  std::vector<UsedRoad> used;
  std::size_t n = 0;
  for (std::size_t i = 0; i < roads.size(); ++i) {
    const auto& r = roads[i];
    if (!profile.uses(r) || r.line.size() < 2) continue;
    const auto it = measured.find(r.id);
    const double speed = profile.speed_mps(r, it == measured.end() ? none : it->second);
    used.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(n),
                    static_cast<std::uint32_t>(n + r.line.size()), speed});
    n += r.line.size();
  }
  if (n >= kNoNode) {
    throw Error(ErrorCode::kBadParameter,
                fmt::format("{} road vertices exceed the graph's limit", n),
                {.fix = "split the region (scenario `region:`) and run per county"});
  }
  vertex_count = n;
  return used;
}

// Node id per flat vertex: shared coordinates and way ends are nodes; the rest kNoNode.
// Node ids follow the Z-order of positions (ties by exact coordinates), so the graph is the
// same whatever the thread count, and Dijkstra's labels for neighbouring nodes share cache lines.
std::vector<std::uint32_t> match_vertices(const std::vector<geo::Point>& points,
                                          const std::vector<bool>& is_end,
                                          std::vector<geo::Point>& nodes) {
  geo::Box box;
  for (const auto& p : points) box.expand(p);
  const double sx = box.max_x > box.min_x ? 4294967295.0 / (box.max_x - box.min_x) : 0.0;
  const double sy = box.max_y > box.min_y ? 4294967295.0 / (box.max_y - box.min_y) : 0.0;
  std::vector<VertexRef> refs(points.size());
  tbb::parallel_for(std::size_t{0}, points.size(), [&](std::size_t i) {
    const auto qx = static_cast<std::uint32_t>((points[i].x - box.min_x) * sx);
    const auto qy = static_cast<std::uint32_t>((points[i].y - box.min_y) * sy);
    refs[i] = {spread_bits(qx) | (spread_bits(qy) << 1), coord_key(points[i].x),
               coord_key(points[i].y), static_cast<std::uint32_t>(i)};
  });
  tbb::parallel_sort(refs.begin(), refs.end());
  std::vector<std::uint32_t> node_of(points.size(), kNoNode);
  for (std::size_t i = 0; i < refs.size();) {
    std::size_t j = i + 1;
    while (j < refs.size() && refs[j].kx == refs[i].kx && refs[j].ky == refs[i].ky) ++j;
    bool node = j - i > 1;
    for (std::size_t k = i; k < j && !node; ++k) node = is_end[refs[k].pos];
    if (node) {
      const auto id = static_cast<std::uint32_t>(nodes.size());
      nodes.push_back(points[refs[i].pos]);
      for (std::size_t k = i; k < j; ++k) node_of[refs[k].pos] = id;
    }
    i = j;
  }
  return node_of;
}

}  // namespace

namespace {

// Nodes whose edges (loops aside) all join the same single neighbour.
std::vector<std::uint8_t> dead_ends(std::size_t node_count, const std::vector<Edge>& edges) {
  constexpr NodeId kNone = std::numeric_limits<NodeId>::max();
  constexpr NodeId kMany = kNone - 1;
  std::vector<NodeId> neighbour(node_count, kNone);
  auto meet = [&](NodeId n, NodeId other) {
    if (neighbour[n] == kNone) {
      neighbour[n] = other;
    } else if (neighbour[n] != other) {
      neighbour[n] = kMany;
    }
  };
  for (const Edge& e : edges) {
    if (e.from == e.to) continue;
    meet(e.from, e.to);
    meet(e.to, e.from);
  }
  std::vector<std::uint8_t> out(node_count, 0);
  for (std::size_t n = 0; n < node_count; ++n) out[n] = neighbour[n] < kMany ? 1 : 0;
  return out;
}

}  // namespace

Graph build_graph(const std::vector<model::Road>& roads, const Profile& profile,
                  Progress& progress) {
  profile.validate();
  ProgressTask task(progress, fmt::format("building the {} graph", to_string(profile.mode)), 4);
  Graph g;
  g.profile_ = profile;

  std::size_t vertex_count = 0;
  const std::vector<UsedRoad> used = select_roads(roads, profile, vertex_count);
  g.points_.resize(vertex_count);
  std::vector<bool> is_end(vertex_count, false);
  for (const auto& u : used) {
    is_end[u.begin] = true;
    is_end[u.end - 1] = true;
  }
  tbb::parallel_for(std::size_t{0}, used.size(), [&](std::size_t i) {
    const auto& line = roads[used[i].road].line;
    std::copy(line.begin(), line.end(), g.points_.begin() + used[i].begin);
  });
  task.update(1);
  task.check_cancel();

  const std::vector<std::uint32_t> node_of = match_vertices(g.points_, is_end, g.nodes_);
  task.update(2);
  task.check_cancel();

  // Pieces per way, then the pieces themselves, each way filled by its own task.
  std::vector<std::uint64_t> first_edge(used.size() + 1, 0);
  tbb::parallel_for(std::size_t{0}, used.size(), [&](std::size_t i) {
    std::uint64_t pieces = 0;
    for (std::uint32_t v = used[i].begin + 1; v < used[i].end; ++v) pieces += node_of[v] != kNoNode;
    first_edge[i + 1] = pieces;
  });
  std::partial_sum(first_edge.begin(), first_edge.end(), first_edge.begin());
  g.edges_.resize(first_edge.back());
  tbb::parallel_for(std::size_t{0}, used.size(), [&](std::size_t i) {
    const UsedRoad& u = used[i];
    const model::Road& road = roads[u.road];
    const bool oneway = profile.oneway(road);
    std::uint64_t e = first_edge[i];
    std::uint32_t start = u.begin;
    double length = 0.0;
    for (std::uint32_t v = u.begin + 1; v < u.end; ++v) {
      length += geo::distance(g.points_[v - 1], g.points_[v]);
      if (node_of[v] == kNoNode) continue;
      Edge& ed = g.edges_[e++];
      ed.from = node_of[start];
      ed.to = node_of[v];
      ed.road = u.road;
      ed.geom_begin = start;
      ed.geom_end = v + 1;
      ed.road_class = road.road_class;
      ed.length_m = length;
      ed.forward_s = length / u.speed_mps;
      ed.backward_s = oneway ? kUnreachable : ed.forward_s;
      start = v;
      length = 0.0;
    }
  });
  task.update(3);
  task.check_cancel();

  // CSR adjacency: count, prefix-sum, fill in edge order (deterministic).
  g.arc_offsets_.assign(g.nodes_.size() + 1, 0);
  for (const Edge& ed : g.edges_) {
    if (ed.forward_s != kUnreachable) ++g.arc_offsets_[ed.from + 1];
    if (ed.backward_s != kUnreachable) ++g.arc_offsets_[ed.to + 1];
  }
  std::partial_sum(g.arc_offsets_.begin(), g.arc_offsets_.end(), g.arc_offsets_.begin());
  g.arcs_.resize(g.arc_offsets_.back());
  std::vector<std::uint64_t> fill(g.arc_offsets_.begin(), g.arc_offsets_.end() - 1);
  for (std::size_t e = 0; e < g.edges_.size(); ++e) {
    const Edge& ed = g.edges_[e];
    const auto id = static_cast<std::uint32_t>(e);
    if (ed.forward_s != kUnreachable) g.arcs_[fill[ed.from]++] = {ed.to, id << 1, ed.forward_s};
    if (ed.backward_s != kUnreachable)
      g.arcs_[fill[ed.to]++] = {ed.from, (id << 1) | 1U, ed.backward_s};
  }
  g.dead_end_ = dead_ends(g.nodes_.size(), g.edges_);
  if (!g.arcs_.empty()) {
    const auto [lo, hi] =
        std::minmax_element(g.arcs_.begin(), g.arcs_.end(),
                            [](const Arc& a, const Arc& b) { return a.seconds < b.seconds; });
    g.min_arc_s_ = lo->seconds;
    g.max_arc_s_ = hi->seconds;
  }
  task.update(4);
  return g;
}

// [SECTION] components

namespace {

std::uint32_t find_root(std::vector<std::uint32_t>& parent, std::uint32_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];  // path halving
    x = parent[x];
  }
  return x;
}

}  // namespace

std::vector<std::uint32_t> Graph::component_labels() const {
  std::vector<std::uint32_t> parent(nodes_.size());
  std::iota(parent.begin(), parent.end(), 0U);
  for (const Edge& e : edges_) {
    const std::uint32_t a = find_root(parent, e.from);
    const std::uint32_t b = find_root(parent, e.to);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
  std::vector<std::uint32_t> label(nodes_.size(), kNoNode);
  std::uint32_t next = 0;
  for (std::uint32_t n = 0; n < nodes_.size(); ++n) {
    const std::uint32_t r = find_root(parent, n);
    if (label[r] == kNoNode) label[r] = next++;
    label[n] = label[r];
  }
  return label;
}

std::vector<std::uint32_t> Graph::strong_component_labels() const {
  // Kosaraju with explicit stacks (recursion would overflow on a county's street grid).
  const auto n = static_cast<std::uint32_t>(nodes_.size());
  std::vector<std::uint32_t> order;
  order.reserve(n);
  std::vector<bool> seen(n, false);
  std::vector<std::pair<std::uint32_t, std::uint64_t>> stack;  // node, next arc
  for (std::uint32_t root = 0; root < n; ++root) {
    if (seen[root]) continue;
    seen[root] = true;
    stack.push_back({root, arc_offsets_[root]});
    while (!stack.empty()) {
      auto& [v, next] = stack.back();
      if (next < arc_offsets_[v + 1]) {
        const NodeId w = arcs_[next++].head;
        if (!seen[w]) {
          seen[w] = true;
          stack.push_back({w, arc_offsets_[w]});
        }
      } else {
        order.push_back(v);
        stack.pop_back();
      }
    }
  }
  // Reverse adjacency.
  std::vector<std::uint64_t> roff(n + 1, 0);
  for (const Arc& a : arcs_) ++roff[a.head + 1];
  std::partial_sum(roff.begin(), roff.end(), roff.begin());
  std::vector<std::uint32_t> rev(arcs_.size());
  std::vector<std::uint64_t> fill(roff.begin(), roff.end() - 1);
  for (std::uint32_t v = 0; v < n; ++v) {
    for (std::uint64_t i = arc_offsets_[v]; i < arc_offsets_[v + 1]; ++i)
      rev[fill[arcs_[i].head]++] = v;
  }
  std::vector<std::uint32_t> label(n, kNoNode);
  std::uint32_t next_label = 0;
  std::vector<std::uint32_t> todo;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    if (label[*it] != kNoNode) continue;
    label[*it] = next_label;
    todo.push_back(*it);
    while (!todo.empty()) {
      const std::uint32_t v = todo.back();
      todo.pop_back();
      for (std::uint64_t i = roff[v]; i < roff[v + 1]; ++i) {
        if (label[rev[i]] == kNoNode) {
          label[rev[i]] = next_label;
          todo.push_back(rev[i]);
        }
      }
    }
    ++next_label;
  }
  return label;
}

namespace {

std::pair<std::size_t, std::size_t> count_and_largest(const std::vector<std::uint32_t>& labels) {
  std::vector<std::size_t> sizes;
  for (std::uint32_t l : labels) {
    if (l >= sizes.size()) sizes.resize(l + 1, 0);
    ++sizes[l];
  }
  return {sizes.size(), sizes.empty() ? 0 : *std::max_element(sizes.begin(), sizes.end())};
}

}  // namespace

GraphStats Graph::stats() const {
  GraphStats s;
  s.nodes = nodes_.size();
  s.edges = edges_.size();
  s.arcs = arcs_.size();
  std::tie(s.components, s.largest_component) = count_and_largest(component_labels());
  std::tie(s.strong_components, s.largest_strong_component) =
      count_and_largest(strong_component_labels());
  for (const Edge& e : edges_) s.total_length_km += e.length_m / 1000.0;
  return s;
}

}  // namespace huxiao::network
