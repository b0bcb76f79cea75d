#include "network/skeleton.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <experimental/simd>
#include <span>
#include <unordered_map>

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

namespace huxiao::network {

// [SECTION] the graph while it is being contracted

namespace {

// One neighbour of a node, both directions at once: contracting needs both, and a node's
// neighbours (not its arcs) are what the "never grow" rule counts.
struct Link {
  NodeId other;
  double out_s;  // this node → other, kUnreachable if no arc
  double in_s;   // other → this node
};

// Every node's neighbour list in one arena: a list that outgrows its room moves to the end with
// twice the room. Per-node std::vectors cost an allocation each, which on a city graph took
// longer than the contraction itself.
class Neighbours {
 public:
  // Nodes [first, next) of part p keep their lists in arena p: parts are contracted in
  // parallel, and a list only grows by its own part's contractions.
  Neighbours(const Graph& graph, const std::vector<NodeId>& part_starts)
      : lists_(graph.node_count()), arenas_(part_starts.size() - 1) {
    std::vector<std::uint32_t> degree(graph.node_count(), 0);
    for (const Edge& e : graph.edges()) {
      ++degree[e.from];
      ++degree[e.to];
    }
    for (std::size_t p = 0; p + 1 < part_starts.size(); ++p) {
      // Room for a few shortcuts, so that few lists ever move.
      std::uint32_t total = 0;
      for (NodeId v = part_starts[p]; v < part_starts[p + 1]; ++v) {
        lists_[v] = {total, 0, 2 * degree[v] + 4, static_cast<std::uint8_t>(p)};
        total += 2 * degree[v] + 4;
      }
      arenas_[p].reserve(2 * static_cast<std::size_t>(total));
      arenas_[p].resize(total);
    }
    for (const Edge& e : graph.edges()) {
      // A loop road back to its own node is never part of a fastest route.
      if (e.from != e.to) lower_arcs(e.from, e.to, e.forward_s, e.backward_s);
    }
  }

  std::span<Link> of(NodeId v) {
    const List& l = lists_[v];
    return {arenas_[l.part].data() + l.begin, l.size};
  }
  std::span<const Link> of(NodeId v) const {
    const List& l = lists_[v];
    return {arenas_[l.part].data() + l.begin, l.size};
  }
  std::size_t degree(NodeId v) const { return lists_[v].size; }

  // Keeps the cheaper of an existing arc from → to and one of `seconds` (parallel roads, or a
  // shortcut beside a road); likewise for to → from and `back_s`.
  void lower_arcs(NodeId from, NodeId to, double seconds, double back_s = kUnreachable) {
    if (Link* l = find(from, to)) {
      l->out_s = std::min(l->out_s, seconds);
      l->in_s = std::min(l->in_s, back_s);
    } else {
      push(from, {to, seconds, back_s});
    }
    if (Link* l = find(to, from)) {
      l->in_s = std::min(l->in_s, seconds);
      l->out_s = std::min(l->out_s, back_s);
    } else {
      push(to, {from, back_s, seconds});
    }
  }

  void remove(NodeId v, NodeId other) {
    std::span<Link> links = of(v);
    for (Link& l : links) {
      if (l.other == other) {
        l = links.back();
        --lists_[v].size;
        return;
      }
    }
  }

  // Appends a link to v's list (which must not list link.other yet).
  void push(NodeId v, const Link& link) {
    List& list = lists_[v];
    std::vector<Link>& arena = arenas_[list.part];
    if (list.size == list.room) {
      const auto moved = static_cast<std::uint32_t>(arena.size());
      arena.resize(arena.size() + 2 * list.room);
      std::copy_n(arena.begin() + list.begin, list.size, arena.begin() + moved);
      list.begin = moved;
      list.room *= 2;
    }
    arena[list.begin + list.size++] = link;
  }

 private:
  struct List {
    std::uint32_t begin, size, room;
    std::uint8_t part;
  };

  Link* find(NodeId v, NodeId other) {
    for (Link& l : of(v)) {
      if (l.other == other) return &l;
    }
    return nullptr;
  }

  std::vector<List> lists_;
  std::vector<std::vector<Link>> arenas_;
};

// Whether contracting v keeps the graph from growing: the neighbour pairs it must join (a → v
// → b exists and a, b are not yet neighbours) are no more than the neighbours it loses.
// `mark` (all zero on entry and exit) flags the current neighbour's neighbours, so each pair
// costs one lookup instead of a scan.
bool worth_contracting(const Neighbours& nb, NodeId v, std::size_t max_degree,
                       std::vector<std::uint8_t>& mark) {
  const auto links = nb.of(v);
  if (links.size() > max_degree) return false;
  if (links.size() <= 3) return true;  // at most three pairs to join
  std::size_t joined = 0;
  for (std::size_t i = 0; i + 1 < links.size() && joined <= links.size(); ++i) {
    const Link& a = links[i];
    for (const Link& l : nb.of(a.other)) mark[l.other] = 1;
    for (std::size_t j = i + 1; j < links.size(); ++j) {
      const Link& b = links[j];
      const bool through = (a.in_s != kUnreachable && b.out_s != kUnreachable) ||
                           (b.in_s != kUnreachable && a.out_s != kUnreachable);
      joined += through && mark[b.other] == 0;
    }
    for (const Link& l : nb.of(a.other)) mark[l.other] = 0;
  }
  return joined <= links.size();
}

// Takes v out: its neighbours lose it and gain the shortcuts through it. v's own list stays as
// it was (its arcs up and in from above). `position` (all zero on entry and exit) indexes the
// current neighbour's list, so each shortcut finds its arc without a scan.
void contract(Neighbours& nb, NodeId v, std::vector<std::uint32_t>& position) {
  const std::size_t degree = nb.degree(v);
  for (const Link& l : nb.of(v)) nb.remove(l.other, v);
  for (std::size_t i = 0; i < degree; ++i) {
    // Pushing may move lists in the arena, v's among them: index, never hold a reference.
    const Link a = nb.of(v)[i];
    const auto listed = nb.of(a.other);
    for (std::uint32_t k = 0; k < listed.size(); ++k) position[listed[k].other] = k + 1;
    for (std::size_t j = 0; j < degree; ++j) {
      const Link b = nb.of(v)[j];
      const double a_to_b = a.in_s + b.out_s;  // a → v → b
      const double b_to_a = b.in_s + a.out_s;
      if (j == i || (a_to_b == kUnreachable && b_to_a == kUnreachable)) continue;
      if (const std::uint32_t k = position[b.other]) {
        Link& l = nb.of(a.other)[k - 1];
        l.out_s = std::min(l.out_s, a_to_b);
        l.in_s = std::min(l.in_s, b_to_a);
      } else {
        nb.push(a.other, {b.other, a_to_b, b_to_a});
      }
    }
    for (const Link& l : nb.of(a.other)) position[l.other] = 0;
  }
}

}  // namespace

// [SECTION] building

Skeleton::Skeleton(const Graph& graph, std::size_t max_degree, std::size_t parts) : graph_(&graph) {
  const auto t0 = std::chrono::steady_clock::now();
  build(graph, max_degree, parts);
  stats_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

namespace {

// One part's contraction, or the last, sequential one over what the parts left.
class Contractor {
 public:
  Contractor(Neighbours& nb, std::vector<std::uint8_t>& contracted, std::size_t max_degree)
      : nb_(nb),
        contracted_(contracted),
        waiting_(contracted.size(), 0),
        mark_(contracted.size(), 0),
        position_(contracted.size(), 0),
        max_degree_(max_degree) {}

  // Contracts what is worth it among `nodes`, fewest neighbours first (dead ends, then bends,
  // then junctions), then whichever neighbours a contraction changed: those may have become
  // worth contracting. Only nodes whose neighbours all lie in [first, next) are touched (all of
  // them when the range covers the graph); the others are left in `deferred`.
  void run(const std::vector<NodeId>& nodes, NodeId first, NodeId next) {
    std::vector<NodeId> work;
    std::vector<std::uint32_t> start(max_degree_ + 2, 0);
    for (NodeId v : nodes) {
      if (nb_.degree(v) <= max_degree_) ++start[nb_.degree(v) + 1];
    }
    for (std::size_t d = 1; d < start.size(); ++d) start[d] += start[d - 1];
    work.resize(start.back());
    for (NodeId v : nodes) {
      if (nb_.degree(v) <= max_degree_) work[start[nb_.degree(v)]++] = v;
    }
    for (NodeId v : work) waiting_[v] = 1;
    for (std::size_t i = 0; i < work.size(); ++i) {
      const NodeId v = work[i];
      waiting_[v] = 0;
      if (contracted_[v] != 0) continue;
      const auto links = nb_.of(v);
      if (!std::all_of(links.begin(), links.end(),
                       [&](const Link& l) { return l.other >= first && l.other < next; })) {
        deferred.push_back(v);
        continue;
      }
      if (!worth_contracting(nb_, v, max_degree_, mark_)) continue;
      contract(nb_, v, position_);
      contracted_[v] = 1;
      order.push_back(v);
      for (const Link& l : nb_.of(v)) {
        if (contracted_[l.other] == 0 && waiting_[l.other] == 0) {
          waiting_[l.other] = 1;
          work.push_back(l.other);
        }
      }
    }
  }

  std::vector<NodeId> order;     // contracted, in order
  std::vector<NodeId> deferred;  // left for the sequential pass: neighbours in another part

 private:
  Neighbours& nb_;
  std::vector<std::uint8_t>& contracted_;
  std::vector<std::uint8_t> waiting_;
  std::vector<std::uint8_t> mark_;
  std::vector<std::uint32_t> position_;
  std::size_t max_degree_;
};

// Below this many nodes one thread contracts the whole graph: a part's fixed costs would eat
// what a second thread saves.
constexpr std::size_t kParallelBuildNodes = 2000;

}  // namespace

void Skeleton::build(const Graph& graph, std::size_t max_degree, std::size_t parts) {
  const std::size_t n = graph.node_count();
  // Parts are ranges of node ids, which run along a Z-order curve: pieces of the map, whose
  // nodes mostly have all their neighbours inside. Those are contracted in parallel, the part
  // borders afterwards.
  if (parts == 0) {
    parts = n < kParallelBuildNodes
                ? 1
                : static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
  }
  parts = std::clamp<std::size_t>(parts, 1, std::max<std::size_t>(1, std::min<std::size_t>(n, 64)));
  std::vector<NodeId> part_starts;
  for (std::size_t p = 0; p <= parts; ++p)
    part_starts.push_back(static_cast<NodeId>(n * p / parts));
  Neighbours nb(graph, part_starts);
  std::vector<std::uint8_t> contracted(n, 0);
  std::vector<std::vector<NodeId>> orders(parts + 1);
  std::vector<NodeId> deferred;
  if (parts > 1) {
    std::vector<std::vector<NodeId>> left(parts);
    tbb::parallel_for(std::size_t{0}, parts, [&](std::size_t p) {
      Contractor c(nb, contracted, max_degree);
      std::vector<NodeId> nodes(part_starts[p + 1] - part_starts[p]);
      for (NodeId v = part_starts[p]; v < part_starts[p + 1]; ++v) nodes[v - part_starts[p]] = v;
      c.run(nodes, part_starts[p], part_starts[p + 1]);
      orders[p] = std::move(c.order);
      left[p] = std::move(c.deferred);
    });
    for (const auto& l : left) deferred.insert(deferred.end(), l.begin(), l.end());
  } else {
    deferred.resize(n);
    for (NodeId v = 0; v < n; ++v) deferred[v] = v;
  }
  {
    Contractor c(nb, contracted, max_degree);
    c.run(deferred, 0, static_cast<NodeId>(n));
    orders[parts] = std::move(c.order);
  }
  std::vector<NodeId> order;
  order.reserve(n);
  for (const auto& o : orders) order.insert(order.end(), o.begin(), o.end());
  skeleton_begin_ = static_cast<std::uint32_t>(order.size());
  for (NodeId v = 0; v < n; ++v) {
    if (contracted[v] == 0) order.push_back(v);
  }
  rank_.assign(n, 0);
  for (std::uint32_t r = 0; r < n; ++r) rank_[order[r]] = r;

  // A contracted node's links are its neighbours when it went, all contracted later or in the
  // skeleton: its arcs up (search) and in from above (sweep). A skeleton node's links are the
  // skeleton's arcs.
  search_offsets_.assign(n + 1, 0);
  sweep_offsets_.assign(skeleton_begin_ + 1, 0);
  search_.reserve(graph.arc_count() * 2);
  sweep_.reserve(graph.arc_count());
  min_arc_s_ = kUnreachable;
  max_arc_s_ = 0.0;
  for (std::uint32_t r = 0; r < n; ++r) {
    for (const Link& l : nb.of(order[r])) {
      if (l.out_s != kUnreachable) {
        search_.push_back({rank_[l.other], l.out_s});
        min_arc_s_ = std::min(min_arc_s_, l.out_s);
        max_arc_s_ = std::max(max_arc_s_, l.out_s);
      }
      if (r < skeleton_begin_ && l.in_s != kUnreachable) sweep_.push_back({rank_[l.other], l.in_s});
    }
    search_offsets_[r + 1] = static_cast<std::uint32_t>(search_.size());
    if (r < skeleton_begin_) sweep_offsets_[r + 1] = static_cast<std::uint32_t>(sweep_.size());
  }

  if (min_arc_s_ == kUnreachable) min_arc_s_ = 0.0;
  stats_.nodes = n;
  stats_.contracted = skeleton_begin_;
  stats_.skeleton_nodes = n - skeleton_begin_;
  stats_.upward_arcs = search_offsets_[skeleton_begin_];
  stats_.skeleton_arcs = search_.size() - stats_.upward_arcs;
  stats_.downward_arcs = sweep_.size();
}

// [SECTION] a bundle of sources, every node

namespace {

namespace stdx = std::experimental;
using Lanes = stdx::fixed_size_simd<double, Skeleton::kLanes>;

Lanes load(const double* p) {
  return Lanes(p, stdx::element_aligned);
}

}  // namespace

namespace {

// The two queues behind one face for the bundled search: queue a node with a key lower than
// the one it waits with, take the next one. Keys never fall below the last one taken (see
// search()), which both queues need.
struct BucketKeys {
  BucketQueue& q;
  void start(double first) { q.start(first); }
  void push(std::uint32_t r, double key) { q.insert_or_lower(r, key); }
  bool pop(std::uint32_t& r, const std::vector<double>&) {
    if (q.empty()) return false;
    r = q.pop();
    return true;
  }
};
struct RadixKeys {
  RadixHeap& q;
  void start(double) { q.clear(); }
  void push(std::uint32_t r, double key) { q.push(key, r); }
  bool pop(std::uint32_t& r, const std::vector<double>& queued) {
    while (!q.empty()) {
      const auto [key, node] = q.pop();
      if (key == queued[node]) {  // else queued again since, with a lower key
        r = node;
        return true;
      }
    }
    return false;
  }
};

}  // namespace

void Skeleton::times_from(std::span<const std::vector<Seed>> sources, std::vector<double>& dist,
                          Scratch& scratch) const {
  dist.assign(rank_.size() * kLanes, kUnreachable);
  if (!scratch.configured) {
    scratch.buckets.configure(min_arc_s_, max_arc_s_, rank_.size());
    scratch.configured = true;
  }
  if (scratch.buckets.usable()) {
    BucketKeys queue{scratch.buckets};
    search(sources, dist, scratch, queue);
  } else {  // arcs too unequal for a ring of buckets
    RadixKeys queue{scratch.heap};
    search(sources, dist, scratch, queue);
  }
  sweep(dist);
}

// Label-correcting, all lanes at once: a node is queued whenever a label of it drops in any
// lane, keyed by the lowest label that dropped, and scanning it relaxes every lane. The lanes
// that dropped since its last scan are all at or above its key, and the others were relaxed
// then, so what a scan queues is never below the key being taken: the queues' order holds.
template <class Queue>
void Skeleton::search(std::span<const std::vector<Seed>> sources, std::vector<double>& dist,
                      Scratch& scratch, Queue& q) const {
  constexpr std::size_t K = kLanes;
  scratch.queued.assign(rank_.size(), kUnreachable);
  scratch.scans = 0;
  const auto queue = [&](std::uint32_t r, double key) {
    if (key < scratch.queued[r]) {
      scratch.queued[r] = key;
      q.push(r, key);
    }
  };
  double first = kUnreachable;
  for (const auto& seeds : sources) {
    for (const Seed& s : seeds) first = std::min(first, s.seconds);
  }
  q.start(first == kUnreachable ? 0.0 : first);
  for (std::size_t lane = 0; lane < sources.size() && lane < K; ++lane) {
    for (const Seed& s : sources[lane]) {
      double& d = dist[rank_[s.node] * K + lane];
      if (s.seconds < d) {
        d = s.seconds;
        queue(rank_[s.node], s.seconds);
      }
    }
  }
  const Lanes unreachable(kUnreachable);
  std::uint32_t r = 0;
  while (q.pop(r, scratch.queued)) {
    scratch.queued[r] = kUnreachable;
    ++scratch.scans;
    const Lanes d = load(&dist[r * K]);
    const Arc* end = search_.data() + search_offsets_[r + 1];
    for (const Arc* a = search_.data() + search_offsets_[r]; a != end; ++a) {
      double* head = &dist[std::size_t{a->other} * K];
      Lanes label = load(head);
      Lanes candidate = d + a->seconds;
      const auto lower = candidate < label;
      if (stdx::none_of(lower)) continue;
      stdx::where(lower, label) = candidate;
      label.copy_to(head, stdx::element_aligned);
      stdx::where(!lower, candidate) = unreachable;
      queue(a->other, stdx::hmin(candidate));
    }
  }
}

void Skeleton::sweep(std::vector<double>& dist) const {
  constexpr std::size_t K = kLanes;
  // Down from the skeleton: every node above a contracted one is final before it.
  for (std::uint32_t r = skeleton_begin_; r-- > 0;) {
    Lanes d = load(&dist[r * K]);
    const Arc* end = sweep_.data() + sweep_offsets_[r + 1];
    for (const Arc* a = sweep_.data() + sweep_offsets_[r]; a != end; ++a)
      d = stdx::min(d, load(&dist[std::size_t{a->other} * K]) + a->seconds);
    d.copy_to(&dist[r * K], stdx::element_aligned);
  }
}

// [SECTION] matrix

Matrix matrix(const Skeleton& skeleton, const std::vector<std::optional<Location>>& origins,
              const std::vector<std::optional<Location>>& destinations, double cutoff_s,
              Progress& progress) {
  require_cutoff(cutoff_s);
  const Graph& graph = skeleton.graph();
  Matrix m;
  m.rows = origins.size();
  m.cols = destinations.size();
  m.seconds.assign(m.rows * m.cols, kUnreachable);

  // Each destination through either end of its edge: two label reads and two sums per cell.
  struct Arrival {
    std::uint32_t rank_a = 0, rank_b = 0;
    double cost_a = kUnreachable, cost_b = kUnreachable;
  };
  std::vector<Arrival> arrivals(m.cols);
  std::unordered_map<EdgeId, std::vector<std::size_t>> cols_on_edge;
  for (std::size_t c = 0; c < m.cols; ++c) {
    if (!destinations[c]) continue;
    cols_on_edge[destinations[c]->edge].push_back(c);
    const auto seeds = arrival_seeds_of(graph, *destinations[c]);
    if (!seeds.empty()) arrivals[c].rank_a = skeleton.rank(seeds[0].node);
    if (!seeds.empty()) arrivals[c].cost_a = seeds[0].seconds;
    if (seeds.size() > 1) arrivals[c].rank_b = skeleton.rank(seeds[1].node);
    if (seeds.size() > 1) arrivals[c].cost_b = seeds[1].seconds;
  }

  // A bundle's rows, a column at a time: each end of the destination's edge holds the labels of
  // all the bundle's sources side by side, two loads for kLanes cells.
  const auto fill_rows = [&](const std::size_t* rows_of_lanes, std::size_t count,
                             const std::vector<double>& dist) {
    constexpr std::size_t K = Skeleton::kLanes;
    std::array<double, K> cell{};
    for (std::size_t c = 0; c < m.cols; ++c) {
      const Arrival& a = arrivals[c];
      const Lanes via_a = load(&dist[a.rank_a * K]) + a.cost_a;
      const Lanes via_b = load(&dist[a.rank_b * K]) + a.cost_b;
      stdx::min(via_a, via_b).copy_to(cell.data(), stdx::element_aligned);
      for (std::size_t lane = 0; lane < count; ++lane)
        m.seconds[rows_of_lanes[lane] * m.cols + c] = cell[lane];
    }
    for (std::size_t lane = 0; lane < count; ++lane) {
      const std::size_t row = rows_of_lanes[lane];
      double* cells = m.seconds.data() + row * m.cols;
      const auto it = cols_on_edge.find(origins[row]->edge);
      if (it != cols_on_edge.end()) {
        for (std::size_t c : it->second)
          cells[c] = std::min(cells[c], direct_seconds(graph, *origins[row], *destinations[c]));
      }
      if (cutoff_s != kUnreachable) {
        for (std::size_t c = 0; c < m.cols; ++c) {
          if (cells[c] > cutoff_s) cells[c] = kUnreachable;
        }
      }
    }
  };

  // Bundles of origins close together: graph nodes are numbered along a Z-order curve, so
  // sorting by the node at an origin's edge groups neighbours.
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < m.rows; ++r) {
    if (origins[r]) rows.push_back(r);
  }
  std::sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
    return graph.edge(origins[a]->edge).from < graph.edge(origins[b]->edge).from;
  });
  constexpr std::size_t K = Skeleton::kLanes;
  const std::size_t bundles = (rows.size() + K - 1) / K;

  struct Work {
    std::vector<double> dist;
    std::vector<std::vector<Seed>> seeds;
    Skeleton::Scratch scratch;
  };
  tbb::enumerable_thread_specific<Work> works;
  ProgressTask task(progress, "travel-time matrix (skeleton)", m.rows);
  constexpr std::size_t kBatch = 64;  // bundles between progress reports and cancellation
  for (std::size_t begin = 0; begin < bundles; begin += kBatch) {
    const std::size_t end = std::min(bundles, begin + kBatch);
    tbb::parallel_for(begin, end, [&](std::size_t bundle) {
      Work& w = works.local();
      const std::size_t first = bundle * K;
      const std::size_t count = std::min(K, rows.size() - first);
      w.seeds.resize(count);
      for (std::size_t lane = 0; lane < count; ++lane)
        w.seeds[lane] = seeds_of(graph, *origins[rows[first + lane]]);
      skeleton.times_from(std::span(w.seeds.data(), count), w.dist, w.scratch);
      fill_rows(rows.data() + first, count, w.dist);
    });
    task.update(std::min(m.rows, end * K));
    task.check_cancel();
  }
  return m;
}

}  // namespace huxiao::network
