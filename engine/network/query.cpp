#include "network/query.hpp"

#include <algorithm>
#include <unordered_map>

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include "core/error.hpp"
#include "geo/geos.hpp"
#include "network/contraction.hpp"
#include "network/skeleton.hpp"

namespace huxiao::network {

// [SECTION] partial edges

namespace {

// Cost of a fraction of an edge direction; travelling zero metres is free even against a
// one-way street (a target exactly at a node is reached through that node).
double partial(double cost, double fraction) {
  if (fraction <= 0.0) return 0.0;
  return fraction >= 1.0 ? cost : cost * fraction;
}

double fraction_of(double metres, double length) {
  return length > 0.0 ? metres / length : 0.0;
}

}  // namespace

std::vector<Seed> seeds_of(const Graph& graph, const Location& source) {
  const Edge& e = graph.edge(source.edge);
  std::vector<Seed> seeds;
  const double to_cost = partial(e.forward_s, fraction_of(e.length_m - source.along, e.length_m));
  const double from_cost = partial(e.backward_s, fraction_of(source.along, e.length_m));
  if (to_cost != kUnreachable) seeds.push_back({e.to, to_cost});
  if (from_cost != kUnreachable) seeds.push_back({e.from, from_cost});
  return seeds;
}

std::vector<Seed> arrival_seeds_of(const Graph& graph, const Location& target) {
  const Edge& e = graph.edge(target.edge);
  std::vector<Seed> seeds;
  const double from_cost = partial(e.forward_s, fraction_of(target.along, e.length_m));
  const double to_cost = partial(e.backward_s, fraction_of(e.length_m - target.along, e.length_m));
  if (from_cost != kUnreachable) seeds.push_back({e.from, from_cost});
  if (to_cost != kUnreachable) seeds.push_back({e.to, to_cost});
  return seeds;
}

double direct_seconds(const Graph& graph, const Location& source, const Location& target) {
  if (source.edge != target.edge) return kUnreachable;
  const Edge& e = graph.edge(target.edge);
  double best = kUnreachable;
  if (target.along >= source.along) {
    best =
        std::min(best, partial(e.forward_s, fraction_of(target.along - source.along, e.length_m)));
  }
  if (target.along <= source.along) {
    best =
        std::min(best, partial(e.backward_s, fraction_of(source.along - target.along, e.length_m)));
  }
  return best;
}

namespace {

// The best way onto `target` from its edge's ends (given their labels) or directly from a
// source on the same edge. `via`: 0 from the `from` node, 1 from `to`, 2 directly.
struct Arrival {
  double seconds = kUnreachable;
  int via = -1;
};

Arrival arrive(const Graph& graph, double from_label, double to_label, const Location* source,
               const Location& target) {
  const Edge& e = graph.edge(target.edge);
  Arrival best;
  auto consider = [&](double s, int via) {
    if (s < best.seconds) best = {s, via};
  };
  consider(from_label + partial(e.forward_s, fraction_of(target.along, e.length_m)), 0);
  consider(to_label + partial(e.backward_s, fraction_of(e.length_m - target.along, e.length_m)), 1);
  if (source != nullptr && source->edge == target.edge) {
    if (target.along >= source->along) {
      consider(partial(e.forward_s, fraction_of(target.along - source->along, e.length_m)), 2);
    }
    if (target.along <= source->along) {
      consider(partial(e.backward_s, fraction_of(source->along - target.along, e.length_m)), 2);
    }
  }
  return best;
}

}  // namespace

// [SECTION] Dijkstra

void require_cutoff(double cutoff_s) {
  if (!(cutoff_s >= 0.0)) {
    throw Error(ErrorCode::kBadParameter, "the time cutoff must be 0 or more seconds",
                {.fix = "give a cutoff such as 300 (five minutes), or none"});
  }
}

namespace {

// Every node's label after a run, kUnreachable where none was settled.
std::vector<double> settled_labels(const Graph& graph, const Workspace& ws) {
  std::vector<double> out(graph.node_count(), kUnreachable);
  for (NodeId n : ws.settled()) out[n] = ws.seconds(n);
  return out;
}

}  // namespace

void Workspace::prepare(const Graph& graph) {
  if (dist_.size() == graph.node_count()) return;
  dist_.assign(graph.node_count(), kUnreachable);
  pred_.assign(graph.node_count(), kNoArc);
  stop_stamp_.assign(graph.node_count(), 0);
  seed_mark_.assign(graph.node_count(), 0);
  stamp_ = 0;
  touched_.clear();
  settled_.clear();
  heap_.clear();
  buckets_.configure(graph.min_arc_seconds(), graph.max_arc_seconds(), graph.node_count());
}

class Dijkstra {
 public:
  static void run(const Graph& graph, const std::vector<Seed>& seeds, double cutoff, Workspace& ws,
                  const std::vector<NodeId>& stop_nodes, bool track_pred) {
    ws.prepare(graph);
    // Reset what the last run touched; past a quarter of the graph a sequential fill is cheaper
    // than scattered writes.
    if (ws.touched_.size() > ws.dist_.size() / 4) {
      std::fill(ws.dist_.begin(), ws.dist_.end(), kUnreachable);
      if (ws.pred_tracked_) std::fill(ws.pred_.begin(), ws.pred_.end(), Workspace::kNoArc);
    } else {
      for (NodeId n : ws.touched_) ws.dist_[n] = kUnreachable;
      if (ws.pred_tracked_) {
        for (NodeId n : ws.touched_) ws.pred_[n] = Workspace::kNoArc;
      }
    }
    ws.pred_tracked_ = track_pred;
    ws.touched_.clear();
    ws.settled_.clear();
    // The bucket queue for whole-graph searches; a search bounded by a cutoff touches a small
    // area, where per-node queue arrays as large as the graph would cost more than they save
    // (and each SchoolWalker gate keeps a workspace of its own).
    if (ws.buckets_.usable() && cutoff == kUnreachable) {
      search(graph, seeds, cutoff, ws, stop_nodes, track_pred, BucketAdapter{ws.buckets_});
    } else {
      search(graph, seeds, cutoff, ws, stop_nodes, track_pred, HeapAdapter{ws.heap_, ws.dist_});
    }
  }

 private:
  // The two queues behind one face: push a (lowered) label, pop the next final node.
  struct BucketAdapter {
    BucketQueue& q;
    void start(double seconds) { q.start(seconds); }  // finish() left it empty
    void push(NodeId n, double seconds) { q.insert_or_lower(n, seconds); }
    bool pop(NodeId& n) {
      if (q.empty()) return false;
      n = q.pop();
      return true;
    }
    void finish() { q.clear(); }
  };
  struct HeapAdapter {
    RadixHeap& q;
    const std::vector<double>& dist;
    void start(double) { q.clear(); }
    void push(NodeId n, double seconds) { q.push(seconds, n); }
    bool pop(NodeId& n) {
      while (!q.empty()) {
        const auto [d, node] = q.pop();
        if (d > dist[node]) continue;  // stale entry
        n = node;
        return true;
      }
      return false;
    }
    void finish() {}
  };

  template <class Queue>
  static void search(const Graph& graph, const std::vector<Seed>& seeds, double cutoff,
                     Workspace& ws, const std::vector<NodeId>& stop_nodes, bool track_pred,
                     Queue queue) {
    std::size_t stops_left = mark_stops(ws, stop_nodes);
    auto label = [&](NodeId n, double d, std::uint64_t arc) {
      if (ws.dist_[n] == kUnreachable) ws.touched_.push_back(n);
      ws.dist_[n] = d;
      if (track_pred) ws.pred_[n] = arc;
      queue.push(n, d);
    };
    double first = kUnreachable;
    for (const Seed& s : seeds) first = std::min(first, s.seconds);
    queue.start(first == kUnreachable ? 0.0 : first);
    for (const Seed& s : seeds) {
      if (s.seconds <= cutoff && s.seconds < ws.dist_[s.node])
        label(s.node, s.seconds, Workspace::kNoArc);
    }
    // A dead end is reached only from its one neighbour, so once that neighbour is settled and
    // its arcs relaxed (parallel arcs included) the dead end's label is final: settle it there
    // and then, without queueing it. Not a seed, though: that one is queued already.
    for (const Seed& s : seeds) ws.seed_mark_[s.node] = 1;
    auto is_seed = [&](NodeId n) { return ws.seed_mark_[n] != 0; };
    std::vector<NodeId>& dead_ends = ws.dead_ends_;
    auto settle = [&](NodeId n) {
      ws.settled_.push_back(n);
      return stops_left > 0 && ws.stop_stamp_[n] == ws.stamp_ && --stops_left == 0;
    };
    NodeId n = 0;
    bool done = false;
    while (!done && queue.pop(n)) {
      const double d = ws.dist_[n];
      if (settle(n)) break;
      const std::uint64_t end = graph.first_arc(n + 1);
      for (std::uint64_t i = graph.first_arc(n); i < end; ++i) {
        const Arc& a = graph.arc(i);
        const double nd = d + a.seconds;
        if (!(nd <= cutoff && nd < ws.dist_[a.head])) continue;
        if (graph.dead_end(a.head) && !is_seed(a.head)) {
          if (ws.dist_[a.head] == kUnreachable) {
            ws.touched_.push_back(a.head);
            dead_ends.push_back(a.head);
          }
          ws.dist_[a.head] = nd;
          if (track_pred) ws.pred_[a.head] = i;
        } else {
          label(a.head, nd, i);
        }
      }
      for (NodeId e : dead_ends) done = done || settle(e);
      dead_ends.clear();
    }
    for (const Seed& s : seeds) ws.seed_mark_[s.node] = 0;
    queue.finish();
  }

  static std::size_t mark_stops(Workspace& ws, const std::vector<NodeId>& stop_nodes) {
    if (stop_nodes.empty()) return 0;
    if (++ws.stamp_ == 0) {  // wrapped: clear old marks once every 4 billion runs
      std::fill(ws.stop_stamp_.begin(), ws.stop_stamp_.end(), 0);
      ws.stamp_ = 1;
    }
    std::size_t distinct = 0;
    for (NodeId n : stop_nodes) {
      if (ws.stop_stamp_[n] != ws.stamp_) {
        ws.stop_stamp_[n] = ws.stamp_;
        ++distinct;
      }
    }
    return distinct;
  }
};

void one_to_all(const Graph& graph, const Location& source, double cutoff_s, Workspace& ws,
                const std::vector<NodeId>& stop_nodes) {
  require_cutoff(cutoff_s);
  Dijkstra::run(graph, seeds_of(graph, source), cutoff_s, ws, stop_nodes, false);
}

std::vector<double> one_to_all(const Graph& graph, const Location& source, double cutoff_s) {
  Workspace ws(graph);
  one_to_all(graph, source, cutoff_s, ws);
  return settled_labels(graph, ws);
}

std::vector<double> nearest_of(const Graph& graph, const std::vector<Location>& sources,
                               double cutoff_s) {
  require_cutoff(cutoff_s);
  std::vector<Seed> seeds;
  for (const Location& s : sources) {
    const auto own = seeds_of(graph, s);
    seeds.insert(seeds.end(), own.begin(), own.end());
  }
  Workspace ws(graph);
  Dijkstra::run(graph, seeds, cutoff_s, ws, {}, false);
  return settled_labels(graph, ws);
}

double time_to(const Graph& graph, const Workspace& ws, const Location& source,
               const Location& target) {
  const Edge& e = graph.edge(target.edge);
  return arrive(graph, ws.seconds(e.from), ws.seconds(e.to), &source, target).seconds;
}

// [SECTION] matrix

namespace {

std::size_t snapped(const std::vector<std::optional<Location>>& locations) {
  return static_cast<std::size_t>(std::count_if(locations.begin(), locations.end(),
                                                [](const auto& l) { return l.has_value(); }));
}

Matrix dijkstra_matrix(const Graph& graph, const std::vector<std::optional<Location>>& origins,
                       const std::vector<std::optional<Location>>& destinations, double cutoff_s,
                       Progress& progress);

}  // namespace

MatrixMethod choose_matrix_method(const std::vector<std::optional<Location>>& origins,
                                  const std::vector<std::optional<Location>>& destinations,
                                  double cutoff_s, std::size_t graph_nodes) {
  if (cutoff_s != kUnreachable || snapped(destinations) < kContractionMinDestinations)
    return MatrixMethod::kDijkstra;
  const std::size_t rows = snapped(origins);
  if (rows >= kContractionMinOrigins) return MatrixMethod::kContraction;
  const std::size_t core_min =
      graph_nodes < kSmallGraphNodes ? kSmallGraphCoreMinOrigins : kCoreMinOrigins;
  if (rows >= core_min) return MatrixMethod::kCoreContraction;
  const bool skeleton = graph_nodes < kSmallGraphNodes && rows >= kSkeletonMinOrigins;
  return skeleton ? MatrixMethod::kSkeleton : MatrixMethod::kDijkstra;
}

Matrix matrix(const Graph& graph, const std::vector<std::optional<Location>>& origins,
              const std::vector<std::optional<Location>>& destinations, double cutoff_s,
              Progress& progress, MatrixMethod method) {
  require_cutoff(cutoff_s);
  if (method == MatrixMethod::kAuto)
    method = choose_matrix_method(origins, destinations, cutoff_s, graph.node_count());
  if (method == MatrixMethod::kSkeleton) {
    const Skeleton skeleton(graph);
    return matrix(skeleton, origins, destinations, cutoff_s, progress);
  }
  if (method != MatrixMethod::kDijkstra && graph.edge_count() > 0) {
    const ContractionHierarchy ch(graph, progress, contraction_options(method));
    return matrix(ch, origins, destinations, cutoff_s, progress);
  }
  return dijkstra_matrix(graph, origins, destinations, cutoff_s, progress);
}

namespace {

Matrix dijkstra_matrix(const Graph& graph, const std::vector<std::optional<Location>>& origins,
                       const std::vector<std::optional<Location>>& destinations, double cutoff_s,
                       Progress& progress) {
  Matrix m;
  m.rows = origins.size();
  m.cols = destinations.size();
  m.seconds.assign(m.rows * m.cols, kUnreachable);
  std::vector<NodeId> stops;
  for (const auto& d : destinations) {
    if (!d) continue;
    stops.push_back(graph.edge(d->edge).from);
    stops.push_back(graph.edge(d->edge).to);
  }
  std::sort(stops.begin(), stops.end());
  stops.erase(std::unique(stops.begin(), stops.end()), stops.end());

  tbb::enumerable_thread_specific<Workspace> workspaces([&] { return Workspace(graph); });
  ProgressTask task(progress, "travel-time matrix", m.rows);
  constexpr std::size_t kBatch = 256;  // progress and cancellation between batches
  for (std::size_t begin = 0; begin < m.rows; begin += kBatch) {
    const std::size_t end = std::min(m.rows, begin + kBatch);
    tbb::parallel_for(begin, end, [&](std::size_t r) {
      if (!origins[r] || stops.empty()) return;
      Workspace& ws = workspaces.local();
      one_to_all(graph, *origins[r], cutoff_s, ws, stops);
      double* row = m.seconds.data() + r * m.cols;
      for (std::size_t c = 0; c < m.cols; ++c) {
        if (!destinations[c]) continue;
        const double s = time_to(graph, ws, *origins[r], *destinations[c]);
        row[c] = s <= cutoff_s ? s : kUnreachable;
      }
    });
    task.update(end);
    task.check_cancel();
  }
  return m;
}

}  // namespace

// [SECTION] geometry of edge pieces

geo::LineString edge_piece(const Graph& graph, EdgeId edge, double from_along, double to_along) {
  if (from_along > to_along) {
    geo::LineString l = edge_piece(graph, edge, to_along, from_along);
    std::reverse(l.begin(), l.end());
    return l;
  }
  const auto geom = graph.geometry(edge);
  geo::LineString out;
  double at = 0.0;
  for (std::size_t k = 0; k + 1 < geom.size(); ++k) {
    const double seg = geo::distance(geom[k], geom[k + 1]);
    const double next = at + seg;
    auto interp = [&](double a) {
      const double t = seg > 0.0 ? std::clamp((a - at) / seg, 0.0, 1.0) : 0.0;
      return geo::Point{geom[k].x + t * (geom[k + 1].x - geom[k].x),
                        geom[k].y + t * (geom[k + 1].y - geom[k].y)};
    };
    if (out.empty() && from_along <= next) out.push_back(interp(from_along));
    if (!out.empty()) {
      if (to_along <= next) {
        out.push_back(interp(to_along));
        return out;
      }
      out.push_back(geom[k + 1]);
    }
    at = next;
  }
  if (out.empty() && !geom.empty()) out.push_back(geom.back());
  if (out.size() == 1) out.push_back(out.front());
  return out;
}

// [SECTION] route

namespace {

void append(geo::LineString& line, const geo::LineString& piece) {
  for (const auto& p : piece) {
    if (line.empty() || !(line.back() == p)) line.push_back(p);
  }
}

}  // namespace

std::optional<Route> route(const Graph& graph, const Location& source, const Location& target) {
  Workspace ws(graph);
  const Edge& te = graph.edge(target.edge);
  Dijkstra::run(graph, seeds_of(graph, source), kUnreachable, ws, {te.from, te.to}, true);
  const Arrival a = arrive(graph, ws.seconds(te.from), ws.seconds(te.to), &source, target);
  if (a.seconds == kUnreachable) return std::nullopt;

  Route r;
  r.seconds = a.seconds;
  if (a.via == 2) {
    r.line = edge_piece(graph, target.edge, source.along, target.along);
    r.edges = {target.edge};
    r.length_m = std::abs(target.along - source.along);
    return r;
  }
  // Walk the predecessor arcs back from the end node the target is entered through.
  std::vector<std::uint64_t> arcs;
  NodeId n = a.via == 0 ? te.from : te.to;
  while (ws.pred_arc(n) != Workspace::kNoArc) {
    arcs.push_back(ws.pred_arc(n));
    n = graph.tail(graph.arc(arcs.back()));
  }
  std::reverse(arcs.begin(), arcs.end());
  const Edge& se = graph.edge(source.edge);
  const double first_end =
      n == se.to && partial(se.forward_s, fraction_of(se.length_m - source.along, se.length_m)) ==
                        ws.seconds(n)
          ? se.length_m
          : 0.0;
  append(r.line, edge_piece(graph, source.edge, source.along, first_end));
  r.edges.push_back(source.edge);
  r.length_m += std::abs(first_end - source.along);
  for (std::uint64_t i : arcs) {
    const Arc& arc = graph.arc(i);
    const EdgeId e = arc.edge();
    const double len = graph.edge(e).length_m;
    append(r.line, arc.forward() ? edge_piece(graph, e, 0.0, len) : edge_piece(graph, e, len, 0.0));
    r.edges.push_back(e);
    r.length_m += len;
  }
  const double entry = a.via == 0 ? 0.0 : te.length_m;
  append(r.line, edge_piece(graph, target.edge, entry, target.along));
  r.edges.push_back(target.edge);
  r.length_m += std::abs(target.along - entry);
  if (r.line.size() == 1) r.line.push_back(r.line.front());
  return r;
}

// [SECTION] isochrone

Isochrone isochrone(const Graph& graph, const Location& source, double limit_s, double buffer_m) {
  require_positive("isochrone buffer (m)", buffer_m, "give a buffer such as 50");
  Workspace ws(graph);
  one_to_all(graph, source, limit_s, ws);
  // Metres reached on each edge from its `from` end and from its `to` end.
  std::unordered_map<EdgeId, std::pair<double, double>> reach;
  for (NodeId n : ws.settled()) {
    const double left = limit_s - ws.seconds(n);
    for (const Arc& a : graph.out_arcs(n)) {
      const double len = graph.edge(a.edge()).length_m;
      const double metres = a.seconds > left ? len * (left / a.seconds) : len;
      auto& r = reach[a.edge()];
      if (a.forward()) {
        r.first = std::max(r.first, metres);
      } else {
        r.second = std::max(r.second, metres);
      }
    }
  }
  Isochrone iso;
  iso.limit_s = limit_s;
  auto add = [&](EdgeId e, double a, double b) {
    if (b <= a) return;
    iso.reached.push_back(edge_piece(graph, e, a, b));
    iso.reached_length_m += b - a;
  };
  const Edge& se = graph.edge(source.edge);
  std::pair<double, double> own{source.along, source.along};  // reached interval on the source edge
  if (se.forward_s != kUnreachable) {
    own.second = se.forward_s > 0.0
                     ? std::min(se.length_m, source.along + se.length_m * limit_s / se.forward_s)
                     : se.length_m;
  }
  if (se.backward_s != kUnreachable) {
    own.first = se.backward_s > 0.0
                    ? std::max(0.0, source.along - se.length_m * limit_s / se.backward_s)
                    : 0.0;
  }
  for (const auto& [e, r] : reach) {
    const double len = graph.edge(e).length_m;
    if (e == source.edge) continue;
    if (r.first + r.second >= len) {
      add(e, 0.0, len);
    } else {
      add(e, 0.0, r.first);
      add(e, len - r.second, len);
    }
  }
  // The source edge: the direct interval joined with whatever its ends reach.
  {
    const double len = se.length_m;
    const auto it = reach.find(source.edge);
    const double from_end = it == reach.end() ? 0.0 : it->second.first;
    const double to_end = it == reach.end() ? 0.0 : it->second.second;
    std::vector<std::pair<double, double>> spans = {{0.0, from_end}, own, {len - to_end, len}};
    std::sort(spans.begin(), spans.end());
    std::pair<double, double> cur{0.0, -1.0};
    for (const auto& s : spans) {
      if (s.second < s.first) continue;
      if (cur.second < cur.first) {
        cur = s;
      } else if (s.first <= cur.second) {
        cur.second = std::max(cur.second, s.second);
      } else {
        add(source.edge, cur.first, cur.second);
        cur = s;
      }
    }
    if (cur.second > cur.first) add(source.edge, cur.first, cur.second);
  }
  if (iso.reached.empty()) iso.reached.push_back({source.point, source.point});
  iso.area = geo::buffer_lines(iso.reached, buffer_m);
  return iso;
}

}  // namespace huxiao::network
