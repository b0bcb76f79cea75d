#include "network/contraction.hpp"

#include <algorithm>
#include <chrono>
#include <unordered_map>

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include "core/error.hpp"

namespace huxiao::network {

namespace {

// [SECTION] the graph while it is being contracted

// An arc of the shrinking graph. `via`: the original arc index, or kShortcut | the middle node.
struct DynArc {
  NodeId other;
  std::uint32_t via;
  double seconds;
};
using ArcList = std::vector<DynArc>;
constexpr std::uint32_t kShortcut = ContractionHierarchy::kShortcut;

// Keeps only the cheapest arc between two nodes: parallel arcs and a shortcut that a better one
// replaces would only make the searches longer.
void add_or_improve(ArcList& list, NodeId other, double seconds, std::uint32_t via) {
  for (DynArc& a : list) {
    if (a.other != other) continue;
    if (seconds < a.seconds) a = {other, via, seconds};
    return;
  }
  list.push_back({other, via, seconds});
}

void remove_arc(ArcList& list, NodeId other) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].other == other) {
      list[i] = list.back();
      list.pop_back();
      return;
    }
  }
}

struct DynGraph {
  std::vector<ArcList> out;
  std::vector<ArcList> in;
};

DynGraph initial_graph(const Graph& graph) {
  if (graph.arc_count() >= kShortcut || graph.node_count() >= kShortcut) {
    throw Error(ErrorCode::kBadParameter, "the graph is too large for a contraction hierarchy",
                {.fix = "use the Dijkstra matrix (MatrixMethod::kDijkstra) or split the area"});
  }
  DynGraph g;
  g.out.resize(graph.node_count());
  g.in.resize(graph.node_count());
  for (NodeId u = 0; u < graph.node_count(); ++u) {
    const std::uint64_t end = graph.first_arc(u + 1);
    for (std::uint64_t i = graph.first_arc(u); i < end; ++i) {
      const Arc& a = graph.arc(i);
      if (a.head == u) continue;  // a loop never shortens a path
      const auto via = static_cast<std::uint32_t>(i);
      add_or_improve(g.out[u], a.head, a.seconds, via);
      add_or_improve(g.in[a.head], u, a.seconds, via);
    }
  }
  return g;
}

// [SECTION] witness searches

// A bounded Dijkstra's buffers, one per thread.
struct WitnessSpace {
  explicit WitnessSpace(std::size_t n) : dist(n, kUnreachable), target(n, 0), hops(n, 0) {}
  std::vector<double> dist;
  std::vector<std::uint32_t> target;  // == stamp: a node the current search waits for
  std::vector<std::uint8_t> hops;     // arcs on the path of the current label
  std::uint32_t stamp = 0;
  std::vector<NodeId> touched;
  std::vector<std::pair<double, NodeId>> heap;
  void reset() {
    for (NodeId n : touched) dist[n] = kUnreachable;
    touched.clear();
    heap.clear();
  }
};

struct Shortcut {
  NodeId from;
  NodeId to;
  double seconds;
};

// Searches from `source` around `skip` (and the nodes flagged in `blocked`) up to `limit`
// seconds or `max_settled` nodes. Every label left in ws.dist, settled or not, is the length of
// a real path that avoids them, so any of them may serve as a witness.
void witness_search(const DynGraph& g, NodeId source, NodeId skip,
                    const std::vector<std::uint8_t>* blocked, double limit, int max_settled,
                    int max_hops, std::size_t targets, WitnessSpace& ws) {
  auto greater = [](const auto& a, const auto& b) { return a.first > b.first; };
  ws.dist[source] = 0.0;
  ws.hops[source] = 0;
  ws.touched.push_back(source);
  ws.heap.push_back({0.0, source});
  int settled = 0;
  while (!ws.heap.empty() && settled < max_settled) {
    std::pop_heap(ws.heap.begin(), ws.heap.end(), greater);
    const auto [d, u] = ws.heap.back();
    ws.heap.pop_back();
    if (d > ws.dist[u]) continue;
    if (d > limit) break;
    ++settled;
    if (ws.target[u] == ws.stamp && --targets == 0) break;
    if (ws.hops[u] >= max_hops) continue;
    for (const DynArc& a : g.out[u]) {
      if (a.other == skip || (blocked != nullptr && (*blocked)[a.other] != 0)) continue;
      const double nd = d + a.seconds;
      if (nd > limit || nd >= ws.dist[a.other]) continue;
      if (ws.dist[a.other] == kUnreachable) ws.touched.push_back(a.other);
      ws.dist[a.other] = nd;
      ws.hops[a.other] = static_cast<std::uint8_t>(ws.hops[u] + 1);
      ws.heap.push_back({nd, a.other});
      std::push_heap(ws.heap.begin(), ws.heap.end(), greater);
    }
  }
}

// Estimating a priority only needs the shortcut count roughly, and it is done far more often
// than contracting (for every neighbour of every contracted node): a cheap search with at most
// two arcs halved the preprocessing time on both test graphs at the same query speed.
constexpr int kSimulateSettled = 50;
constexpr int kSimulateHops = 2;
struct WitnessLimits {
  int settled;
  int hops;
};
// Contracting for real: fewer needless shortcuts; 255 hops is in effect unlimited, and a capped
// search only adds a shortcut.
constexpr WitnessLimits kContract = {500, 255};
// With a core, where the witness searches became most of the preprocessing: 50 nodes and 3
// arcs gave 1 % more shortcuts and 0.5-1 s less CPU on the 1.5M-edge graph (machine loaded,
// so only roughly), the same core query time.
constexpr WitnessLimits kCoreContract = {50, 3};

// The shortcuts contracting `v` needs: u→w for each u→v→w no witness path matches. Returns
// their number; appends them to `out` when given.
int find_shortcuts(const DynGraph& g, NodeId v, const std::vector<std::uint8_t>* blocked,
                   int max_settled, int max_hops, WitnessSpace& ws, std::vector<Shortcut>* out) {
  int count = 0;
  for (const DynArc& in : g.in[v]) {
    const NodeId u = in.other;
    double limit = -1.0;
    for (const DynArc& o : g.out[v]) {
      if (o.other != u) limit = std::max(limit, in.seconds + o.seconds);
    }
    if (limit < 0.0) continue;  // v leads nowhere but back to u
    if (++ws.stamp == 0) {      // wrapped: clear the old marks
      std::fill(ws.target.begin(), ws.target.end(), 0);
      ws.stamp = 1;
    }
    std::size_t targets = 0;
    for (const DynArc& o : g.out[v]) {
      if (o.other != u && ws.target[o.other] != ws.stamp) {
        ws.target[o.other] = ws.stamp;
        ++targets;
      }
    }
    witness_search(g, u, v, blocked, limit, max_settled, max_hops, targets, ws);
    for (const DynArc& o : g.out[v]) {
      if (o.other == u) continue;
      const double via = in.seconds + o.seconds;
      if (ws.dist[o.other] <= via) continue;
      ++count;
      if (out != nullptr) out->push_back({u, o.other, via});
    }
    ws.reset();
  }
  return count;
}

// [SECTION] node order

struct OrderState {
  std::vector<std::int32_t> priority;
  std::vector<std::int32_t> deleted;  // contracted neighbours
  std::vector<std::int32_t> level;    // 1 + the highest level of a contracted neighbour
  std::vector<std::uint8_t> contracted;
  // Estimate shortcuts as in-arcs × out-arcs without witness searches (core hierarchies).
  bool degree_priority = false;
};

// The shortcuts contracting `v` adds at most: one per in-neighbour, out-neighbour pair.
int pairs_through(const DynGraph& g, NodeId v) {
  int count = 0;
  for (const DynArc& a : g.in[v]) {
    for (const DynArc& b : g.out[v]) count += a.other != b.other ? 1 : 0;
  }
  return count;
}

// Edge difference + deleted neighbours + level: contract first what adds few shortcuts, spread
// the contraction evenly, and keep the hierarchy shallow. With a core, the shortcut count is
// the bound pairs_through() instead of a witness-search estimate: those estimates are most of
// the preprocessing, and their precision pays off only in the dense last rounds, which a core
// leaves out (1.5M-edge graph, 10 % core: 5.0 s CPU instead of 10.4 s, the same query time).
std::int32_t evaluate(const DynGraph& g, const OrderState& s, NodeId v, WitnessSpace& ws) {
  const int shortcuts = s.degree_priority ? pairs_through(g, v)
                                          : find_shortcuts(g, v, nullptr, kSimulateSettled,
                                                           kSimulateHops, ws, nullptr);
  const auto removed = static_cast<int>(g.in[v].size() + g.out[v].size());
  return 2 * (shortcuts - removed) + s.deleted[v] + s.level[v];
}

// A fixed pseudo-random tie-break, so equal priorities do not follow the Morton node order.
std::uint32_t mix(NodeId n) {
  std::uint32_t x = n * 0x9E3779B1U;
  x ^= x >> 15;
  return x * 0x85EBCA77U;
}

bool before(const OrderState& s, NodeId a, NodeId b) {
  if (s.priority[a] != s.priority[b]) return s.priority[a] < s.priority[b];
  return mix(a) != mix(b) ? mix(a) < mix(b) : a < b;
}

// The node that comes first among `u` and its neighbours.
NodeId first_around(const DynGraph& g, const OrderState& s, NodeId u) {
  NodeId best = u;
  for (const ArcList* list : {&g.out[u], &g.in[u]}) {
    for (const DynArc& a : *list) {
      if (before(s, a.other, best)) best = a.other;
    }
  }
  return best;
}

// Whether `v` comes before every uncontracted node within two hops (given first_around of
// every node): such nodes share no neighbour, so they can be contracted at once without
// touching the same arc lists. Two one-hop passes instead of one two-hop pass.
bool local_minimum(const DynGraph& g, const std::vector<NodeId>& first, NodeId v) {
  if (first[v] != v) return false;
  for (const ArcList* list : {&g.out[v], &g.in[v]}) {
    for (const DynArc& a : *list) {
      if (first[a.other] != v) return false;
    }
  }
  return true;
}

}  // namespace

// [SECTION] preprocessing

ContractionHierarchy::ContractionHierarchy(const Graph& graph, Progress& progress,
                                           ContractionOptions options)
    : graph_(&graph) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::size_t n = graph.node_count();
  DynGraph g = initial_graph(graph);
  OrderState s;
  s.priority.assign(n, 0);
  s.deleted.assign(n, 0);
  s.level.assign(n, 0);
  s.contracted.assign(n, 0);
  s.degree_priority = options.core_fraction > 0.0;
  std::vector<std::uint8_t> in_batch(n, 0);
  tbb::enumerable_thread_specific<WitnessSpace> spaces([n] { return WitnessSpace(n); });
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t v) {
    s.priority[v] = evaluate(g, s, static_cast<NodeId>(v), spaces.local());
  });

  std::vector<ArcList> final_up(n);
  std::vector<ArcList> final_down(n);
  rank_.assign(n, 0);
  order_.clear();
  order_.reserve(n);
  std::vector<NodeId> remaining(n);
  for (NodeId v = 0; v < n; ++v) remaining[v] = v;
  std::vector<std::uint8_t> selected(n, 0);
  std::vector<NodeId> first(n, 0);
  std::vector<std::uint8_t> touched(n, 0);
  ProgressTask task(progress, "contraction hierarchy", n);
  const auto core_target = static_cast<std::size_t>(std::clamp(options.core_fraction, 0.0, 1.0) *
                                                    static_cast<double>(n));
  while (remaining.size() > core_target) {
    tbb::parallel_for(std::size_t{0}, remaining.size(), [&](std::size_t i) {
      first[remaining[i]] = first_around(g, s, remaining[i]);
    });
    tbb::parallel_for(std::size_t{0}, remaining.size(), [&](std::size_t i) {
      selected[remaining[i]] = local_minimum(g, first, remaining[i]) ? 1 : 0;
    });
    std::vector<NodeId> batch;
    for (NodeId v : remaining) {
      if (selected[v] != 0) batch.push_back(v);
    }
    for (NodeId v : batch) in_batch[v] = 1;
    std::vector<std::vector<Shortcut>> shortcuts(batch.size());
    tbb::parallel_for(std::size_t{0}, batch.size(), [&](std::size_t i) {
      const WitnessLimits w = s.degree_priority ? kCoreContract : kContract;
      find_shortcuts(g, batch[i], &in_batch, w.settled, w.hops, spaces.local(), &shortcuts[i]);
    });
    // Each batch node's neighbours are its own (two-hop independence): no two tasks write the
    // same list.
    tbb::parallel_for(std::size_t{0}, batch.size(), [&](std::size_t i) {
      const NodeId v = batch[i];
      for (const DynArc& a : g.in[v]) remove_arc(g.out[a.other], v);
      for (const DynArc& a : g.out[v]) remove_arc(g.in[a.other], v);
      for (const Shortcut& c : shortcuts[i]) {
        add_or_improve(g.out[c.from], c.to, c.seconds, kShortcut | v);
        add_or_improve(g.in[c.to], c.from, c.seconds, kShortcut | v);
      }
      for (const ArcList* list : {&g.in[v], &g.out[v]}) {
        for (const DynArc& a : *list) {
          s.deleted[a.other] += 1;
          s.level[a.other] = std::max(s.level[a.other], s.level[v] + 1);
        }
      }
      final_up[v] = std::move(g.out[v]);
      final_down[v] = std::move(g.in[v]);
      g.out[v] = {};
      g.in[v] = {};
      s.contracted[v] = 1;
    });
    std::vector<NodeId> neighbours;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const NodeId v = batch[i];
      in_batch[v] = 0;
      rank_[v] = static_cast<std::uint32_t>(order_.size());
      order_.push_back(v);
      stats_.shortcuts += shortcuts[i].size();
      for (const ArcList* list : {&final_up[v], &final_down[v]}) {
        for (const DynArc& a : *list) {
          if (touched[a.other] == 0) {
            touched[a.other] = 1;
            neighbours.push_back(a.other);
          }
        }
      }
    }
    // Lazy updates: only the neighbours of contracted nodes change priority.
    tbb::parallel_for(std::size_t{0}, neighbours.size(), [&](std::size_t i) {
      const NodeId u = neighbours[i];
      s.priority[u] = evaluate(g, s, u, spaces.local());
    });
    for (NodeId u : neighbours) touched[u] = 0;
    std::erase_if(remaining, [&](NodeId v) { return s.contracted[v] != 0; });
    ++stats_.rounds;
    task.update(order_.size());
    task.check_cancel();
  }

  // The core keeps every arc among its nodes, in node (Morton) order for locality.
  core_begin_ = static_cast<std::uint32_t>(order_.size());
  stats_.core_nodes = remaining.size();
  for (NodeId v : remaining) {
    rank_[v] = static_cast<std::uint32_t>(order_.size());
    order_.push_back(v);
    final_up[v] = std::move(g.out[v]);
    final_down[v] = std::move(g.in[v]);
  }

  // Compact CSR by rank: the searches touch the high ranks most, and those end up together.
  auto to_csr = [&](const std::vector<ArcList>& lists, std::vector<std::uint64_t>& offsets,
                    std::vector<ChArc>& arcs) {
    offsets.assign(n + 1, 0);
    for (std::uint32_t r = 0; r < n; ++r) offsets[r + 1] = offsets[r] + lists[order_[r]].size();
    arcs.resize(offsets[n]);
    tbb::parallel_for(std::size_t{0}, n, [&](std::size_t r) {
      std::uint64_t k = offsets[r];
      for (const DynArc& a : lists[order_[r]]) {
        const std::uint32_t via =
            (a.via & kShortcut) != 0 ? kShortcut | rank_[a.via & ~kShortcut] : a.via;
        arcs[k++] = {rank_[a.other], via, a.seconds};
      }
    });
  };
  to_csr(final_up, up_offsets_, up_);
  to_csr(final_down, down_offsets_, down_);
  stats_.nodes = n;
  stats_.upward_arcs = up_.size();
  stats_.downward_arcs = down_.size();
  stats_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// [SECTION] upward searches

namespace {

// One thread's labels for upward searches, indexed by rank.
struct UpSpace {
  // Parents only for path unpacking: matrices need the times alone.
  UpSpace(std::size_t n, bool with_parents)
      : dist(n, kUnreachable),
        parent(with_parents ? n : 0, 0),
        parent_arc(with_parents ? n : 0, nullptr) {}
  std::vector<double> dist;
  std::vector<std::uint32_t> parent;
  std::vector<const ContractionHierarchy::ChArc*> parent_arc;
  std::vector<std::uint32_t> touched;
  RadixHeap heap;
  std::vector<std::pair<std::uint32_t, double>> settled;  // (rank, time), unstalled only
  void reset() {
    for (std::uint32_t r : touched) dist[r] = kUnreachable;
    touched.clear();
    heap.clear();
    settled.clear();
  }
};

bool stalled(const ContractionHierarchy& ch, std::uint32_t r, double d, bool forward,
             const UpSpace& sp) {
  const auto* begin = forward ? ch.down_begin(r) : ch.up_begin(r);
  const auto* end = forward ? ch.down_end(r) : ch.up_end(r);
  for (const auto* a = begin; a != end; ++a) {
    if (sp.dist[a->head] + a->seconds < d) return true;
  }
  return false;
}

// Ranks a forward search must settle before it may stop early: the core nodes holding bucket
// entries (the contracted ones are all in the small upward part of the search, see below).
struct CoreStops {
  std::vector<std::uint8_t> wanted;  // by rank
  std::size_t count = 0;
};

// Forward (`forward` true): from seeds at their start cost up the upward arcs. Backward: from
// arrival seeds (node, cost to the target) up the arcs entering each node from above. A node
// that a higher settled node reaches more cheaply (stall-on-demand) is not the top of a
// shortest path: it is neither expanded nor reported.
// With a core, a forward search is a plain Dijkstra inside it (every label settled there is
// exact, so stalling is skipped), and a backward search stops at its border: every shortest
// path goes up through the contracted part, across the core, and down again. A forward search
// given `stops` ends once they are settled and no contracted node is left in the heap (a path
// that never enters the core may still end higher).
void upward_search(const ContractionHierarchy& ch, const std::vector<Seed>& seeds, bool forward,
                   UpSpace& sp, const CoreStops* stops = nullptr) {
  sp.reset();
  const std::uint32_t core = ch.core_begin();
  std::size_t stops_left = stops != nullptr ? stops->count : 0;
  std::size_t contracted_queued = 0;
  auto label = [&](std::uint32_t r, double d, std::uint32_t parent,
                   const ContractionHierarchy::ChArc* arc) {
    if (sp.dist[r] == kUnreachable) sp.touched.push_back(r);
    sp.dist[r] = d;
    if (!sp.parent.empty()) {
      sp.parent[r] = parent;
      sp.parent_arc[r] = arc;
    }
    contracted_queued += r < core;
    sp.heap.push(d, r);
  };
  for (const Seed& s : seeds) {
    const std::uint32_t r = ch.rank(s.node);
    if (s.seconds < sp.dist[r]) label(r, s.seconds, r, nullptr);
  }
  while (!sp.heap.empty()) {
    if (stops != nullptr && stops_left == 0 && contracted_queued == 0) break;
    const auto [d, r] = sp.heap.pop();
    contracted_queued -= r < core;
    if (d > sp.dist[r]) continue;
    const bool in_core = r >= core;
    if (!(forward && in_core) && stalled(ch, r, d, forward, sp)) continue;
    sp.settled.push_back({r, d});
    if (stops != nullptr && in_core && stops->wanted[r] != 0) --stops_left;
    if (!forward && in_core) continue;
    const auto* begin = forward ? ch.up_begin(r) : ch.down_begin(r);
    const auto* end = forward ? ch.up_end(r) : ch.down_end(r);
    for (const auto* a = begin; a != end; ++a) {
      const double nd = d + a->seconds;
      if (nd < sp.dist[a->head]) label(a->head, nd, r, a);
    }
  }
}

// The core nodes with a non-empty bucket (none without a core: the search then runs to its end).
CoreStops core_stops(const ContractionHierarchy& ch, const std::vector<std::uint64_t>& offsets) {
  CoreStops stops;
  const std::size_t n = offsets.size() - 1;
  stops.wanted.assign(n, 0);
  for (std::size_t r = ch.core_begin(); r < n; ++r) {
    if (offsets[r + 1] > offsets[r]) {
      stops.wanted[r] = 1;
      ++stops.count;
    }
  }
  return stops;
}

}  // namespace

double ContractionHierarchy::seconds(NodeId from, NodeId to) const {
  const auto path = arc_path(from, to);
  if (!path) return kUnreachable;
  double s = 0.0;
  for (std::uint64_t i : *path) s += graph_->arc(i).seconds;
  return s;
}

std::optional<std::vector<std::uint64_t>> ContractionHierarchy::arc_path(NodeId from,
                                                                         NodeId to) const {
  const std::size_t n = rank_.size();
  UpSpace fw(n, true);
  UpSpace bw(n, true);
  upward_search(*this, {{from, 0.0}}, true, fw);
  upward_search(*this, {{to, 0.0}}, false, bw);
  double best = kUnreachable;
  std::uint32_t top = 0;
  for (const auto& [r, d] : fw.settled) {
    const double total = d + bw.dist[r];
    if (total < best) {
      best = total;
      top = r;
    }
  }
  if (best == kUnreachable) return std::nullopt;
  std::vector<std::pair<std::uint32_t, const ChArc*>> up;  // (tail rank, arc), top down
  for (std::uint32_t r = top; fw.parent_arc[r] != nullptr; r = fw.parent[r]) {
    up.emplace_back(fw.parent[r], fw.parent_arc[r]);
  }
  std::vector<std::uint64_t> out;
  for (auto it = up.rbegin(); it != up.rend(); ++it) unpack(it->first, *it->second, out);
  // Backward labels: r was reached from parent[r] by an arc r → parent[r].
  for (std::uint32_t r = top; bw.parent_arc[r] != nullptr; r = bw.parent[r]) {
    const ChArc& a = *bw.parent_arc[r];
    unpack(r, {bw.parent[r], a.via, a.seconds}, out);
  }
  return out;
}

void ContractionHierarchy::unpack(std::uint32_t from, const ChArc& arc,
                                  std::vector<std::uint64_t>& out) const {
  if ((arc.via & kShortcut) == 0) {
    out.push_back(arc.via);
    return;
  }
  const std::uint32_t mid = arc.via & ~kShortcut;
  // from → mid enters mid from above; mid → head leaves it upwards.
  const ChArc* first =
      std::find_if(down_begin(mid), down_end(mid), [&](const ChArc& a) { return a.head == from; });
  const ChArc* second =
      std::find_if(up_begin(mid), up_end(mid), [&](const ChArc& a) { return a.head == arc.head; });
  if (first == down_end(mid) || second == up_end(mid)) {
    throw Error(ErrorCode::kInternal, "a shortcut's halves are missing from the hierarchy");
  }
  unpack(from, {mid, first->via, first->seconds}, out);
  unpack(mid, *second, out);
}

// [SECTION] many-to-many with buckets

ContractionOptions contraction_options(MatrixMethod method) {
  return {.core_fraction = method == MatrixMethod::kCoreContraction ? kMatrixCoreFraction : 0.0};
}

Matrix matrix(const ContractionHierarchy& ch, const std::vector<std::optional<Location>>& origins,
              const std::vector<std::optional<Location>>& destinations, double cutoff_s,
              Progress& progress) {
  require_cutoff(cutoff_s);
  const Graph& graph = ch.graph();
  const std::size_t n = graph.node_count();
  Matrix m;
  m.rows = origins.size();
  m.cols = destinations.size();
  m.seconds.assign(m.rows * m.cols, kUnreachable);
  tbb::enumerable_thread_specific<UpSpace> spaces([n] { return UpSpace(n, false); });
  std::vector<std::vector<Seed>> source_seeds(m.rows);
  for (std::size_t r = 0; r < m.rows; ++r) {
    if (origins[r]) source_seeds[r] = seeds_of(graph, *origins[r]);
  }

  struct Entry {
    std::uint32_t col;
    double seconds;
  };
  // Columns in blocks, so the buckets stay small whatever the matrix's size.
  constexpr std::size_t kBlock = 4096;
  ProgressTask task(progress, "travel-time matrix (contraction hierarchy)", m.rows);
  for (std::size_t c0 = 0; c0 < m.cols; c0 += kBlock) {
    const std::size_t c1 = std::min(m.cols, c0 + kBlock);
    std::vector<std::vector<std::pair<std::uint32_t, double>>> spaces_of(c1 - c0);
    tbb::parallel_for(c0, c1, [&](std::size_t c) {
      if (!destinations[c]) return;
      UpSpace& sp = spaces.local();
      upward_search(ch, arrival_seeds_of(graph, *destinations[c]), false, sp);
      spaces_of[c - c0] = sp.settled;
    });
    std::vector<std::uint64_t> offsets(n + 1, 0);
    for (const auto& space : spaces_of) {
      for (const auto& [r, d] : space) ++offsets[r + 1];
    }
    for (std::size_t r = 0; r < n; ++r) offsets[r + 1] += offsets[r];
    std::vector<Entry> buckets(offsets[n]);
    {
      std::vector<std::uint64_t> fill(offsets.begin(), offsets.end() - 1);
      for (std::size_t i = 0; i < spaces_of.size(); ++i) {
        for (const auto& [r, d] : spaces_of[i]) {
          buckets[fill[r]++] = {static_cast<std::uint32_t>(c0 + i), d};
        }
      }
    }
    spaces_of = {};
    const CoreStops stops = core_stops(ch, offsets);
    tbb::parallel_for(std::size_t{0}, m.rows, [&](std::size_t row) {
      if (source_seeds[row].empty()) return;
      UpSpace& sp = spaces.local();
      upward_search(ch, source_seeds[row], true, sp, &stops);
      double* cells = m.seconds.data() + row * m.cols;
      for (const auto& [r, d] : sp.settled) {
        for (std::uint64_t k = offsets[r]; k < offsets[r + 1]; ++k) {
          const double s = d + buckets[k].seconds;
          if (s < cells[buckets[k].col]) cells[buckets[k].col] = s;
        }
      }
    });
    task.update(m.rows * c1 / m.cols);
    task.check_cancel();
  }

  // Source and target on one edge may meet along it without passing a node.
  std::unordered_map<EdgeId, std::vector<std::size_t>> cols_on_edge;
  for (std::size_t c = 0; c < m.cols; ++c) {
    if (destinations[c]) cols_on_edge[destinations[c]->edge].push_back(c);
  }
  tbb::parallel_for(std::size_t{0}, m.rows, [&](std::size_t row) {
    double* cells = m.seconds.data() + row * m.cols;
    if (!origins[row]) {
      std::fill(cells, cells + m.cols, kUnreachable);
      return;
    }
    const auto it = cols_on_edge.find(origins[row]->edge);
    if (it != cols_on_edge.end()) {
      for (std::size_t c : it->second) {
        cells[c] = std::min(cells[c], direct_seconds(graph, *origins[row], *destinations[c]));
      }
    }
    for (std::size_t c = 0; c < m.cols; ++c) {
      if (cells[c] > cutoff_s) cells[c] = kUnreachable;
    }
  });
  return m;
}

}  // namespace huxiao::network
