#pragma once
// The skeleton of a road graph: what is left once the dead ends, the chains of degree-2 nodes and
// the small junctions are contracted away, with the contracted nodes filled in afterwards by one
// linear sweep (the "core" contraction hierarchy of Geisberger et al. 2008 queried the PHAST way,
// Delling et al. 2011, but built without witness searches).
//
// Why: on a city graph a Dijkstra search costs little per node but mispredicts a branch or two
// at every one (the queue, "is this label lower?"), and most nodes of a road network are dead
// ends, bends and three-way junctions. Contracting a node v adds, for every pair of its
// neighbours a → v → b, the shortcut a → b with the cost of the two arcs (or lowers an existing
// arc a → b to it); v is contracted only if that adds no more neighbour pairs than it removes,
// so the graph never grows. No witness search is made: a shortcut that another path beats is
// simply never the best, so the times stay exact, and building stays linear in practice (on
// Chengdu's 3 252-node drive graph it leaves a fifth of the nodes).
//
// A query: a search over the contracted nodes' arcs upwards (to nodes contracted later) and
// over the skeleton's arcs, which settles the skeleton exactly (every shortest path goes up
// through contracted nodes, across the skeleton and down again); then one sweep over the
// contracted nodes in the reverse order of their contraction, each taking the best of its arcs
// from the nodes above it: no queue and no unpredictable branch. Both run for kLanes sources at
// once, each node's kLanes labels side by side. The search is label-correcting (a node whose
// label drops in any lane is queued again), so it is exact whatever the order; with the sources
// of a bundle close together (the matrix bundles neighbours) a node is scanned about three times
// for eight sources, and a scan is a handful of vector instructions per arc: on Chengdu 15 %
// faster than eight Dijkstra searches, which mispredict a branch or two at every node.

// Thread safety: a built skeleton is immutable; share it between threads. It refers to the graph
// it was built from, which must outlive it and stay where it is.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/progress.hpp"
#include "network/graph.hpp"
#include "network/query.hpp"
#include "network/snap.hpp"

namespace huxiao::network {

struct SkeletonStats {
  std::size_t nodes = 0;
  std::size_t contracted = 0;
  std::size_t skeleton_nodes = 0;
  std::size_t skeleton_arcs = 0;
  std::size_t upward_arcs = 0;    // from contracted nodes to the nodes above them
  std::size_t downward_arcs = 0;  // into contracted nodes from above (what the sweep reads)
  double seconds = 0.0;           // wall-clock build time
};

class Skeleton {
 public:
  // Nodes with more neighbours than this stay in the skeleton: weighing and contracting a node
  // costs building time in the square of its neighbours. On Chengdu's drive graph 4–8 cost the
  // same in all (building grows as fast as the searches shrink: 793 to 500 skeleton nodes for
  // 0.5 to 1.0 ms of building on one thread); 6 is the middle.
  static constexpr std::size_t kMaxContractedDegree = 6;

  // `parts`: pieces of the graph contracted in parallel before their borders (0: one per
  // thread on graphs of 2 000 nodes or more, else one).
  explicit Skeleton(const Graph& graph, std::size_t max_degree = kMaxContractedDegree,
                    std::size_t parts = 0);

  const Graph& graph() const { return *graph_; }
  const SkeletonStats& stats() const { return stats_; }
  // Nodes are numbered by rank inside: contracted ones first, in their order, then the skeleton.
  std::uint32_t rank(NodeId n) const { return rank_[n]; }

  // Sources are taken in bundles of kLanes, each node holding one label per source side by
  // side: see the search above.
  static constexpr std::size_t kLanes = 8;

  // Travel times from up to kLanes sources (each given by its seeds: node, start cost) to every
  // node, into `dist` at [rank(n) * kLanes + source], kUnreachable where none reaches; lanes
  // beyond the sources given stay kUnreachable. `scratch` is the caller's, one per thread.
  struct Scratch;
  void times_from(std::span<const std::vector<Seed>> sources, std::vector<double>& dist,
                  Scratch& scratch) const;

  struct Arc {
    std::uint32_t other;  // rank of the head (search arcs) or of the tail (sweep arcs)
    double seconds;
  };

 private:
  void build(const Graph& graph, std::size_t max_degree, std::size_t parts);
  template <class Queue>
  void search(std::span<const std::vector<Seed>> sources, std::vector<double>& dist,
              Scratch& scratch, Queue& queue) const;
  void sweep(std::vector<double>& dist) const;

  const Graph* graph_;
  SkeletonStats stats_;
  std::vector<std::uint32_t> rank_;  // node → rank
  std::uint32_t skeleton_begin_ = 0;
  // Search arcs by rank: a contracted node's arcs up to later ones; a skeleton node's arcs to
  // other skeleton nodes.
  std::vector<std::uint32_t> search_offsets_;
  std::vector<Arc> search_;
  // Sweep arcs by rank, contracted nodes only: the arcs entering it from the nodes above.
  std::vector<std::uint32_t> sweep_offsets_;
  std::vector<Arc> sweep_;
  double min_arc_s_ = 0.0;  // of the search arcs: the bucket queue's width
  double max_arc_s_ = 0.0;
};

struct Skeleton::Scratch {
  BucketQueue buckets;  // exact and the fastest where the arc costs allow it
  RadixHeap heap;       // otherwise
  bool configured = false;
  std::vector<double> queued;  // by rank: the key a node waits in the queue with, or infinity
  std::size_t scans = 0;       // nodes the last search scanned (a node may be scanned again)
};

// The many-to-many matrix on a skeleton, parallel over origins; the same times as query.hpp's
// matrix() up to the rounding of sums taken in another order (far below 1e-6 s). Cells beyond
// `cutoff_s` are kUnreachable (the searches are not pruned by it).
Matrix matrix(const Skeleton& skeleton, const std::vector<std::optional<Location>>& origins,
              const std::vector<std::optional<Location>>& destinations,
              double cutoff_s = kUnreachable, Progress& progress = no_progress());

}  // namespace huxiao::network
