#pragma once
// Contraction hierarchies (Geisberger, Sanders, Schultes, Delling 2008) with bucket-based
// many-to-many queries (Knopp, Sanders, Schultes, Schulz, Wagner 2007).
//
// Preprocessing contracts the nodes one by one in an order of "unimportance" (edge difference +
// deleted neighbours + level, re-evaluated lazily for the neighbours of contracted nodes) and
// adds a shortcut u→w for every u→v→w whose cost no witness path avoiding v matches. Nodes are
// contracted in rounds of independent sets (no two within two hops), so their witness searches
// and graph updates run in parallel without locks. A query then only searches upwards in rank:
// every shortest path is "up, then down", so two small upward searches meet at its top.
//
// Many-to-many: an upward search backwards from every target leaves (target, time) in a bucket
// at each node it settles; an upward search forwards from every source scans the buckets of the
// nodes it settles. Sources and targets are Locations on edges, seeded exactly as the Dijkstra
// matrix seeds them (partial edges, one-way, source and target on one edge), so the matrix
// equals query.hpp's matrix() up to the rounding of sums taken in another order.
//
// Thread safety: a built hierarchy is immutable; share it between threads. It refers to the
// graph it was built from, which must outlive it and stay where it is.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/progress.hpp"
#include "network/graph.hpp"
#include "network/query.hpp"
#include "network/snap.hpp"

namespace huxiao::network {

struct ContractionStats {
  std::size_t nodes = 0;
  std::size_t upward_arcs = 0;    // forward upward graph: original arcs + shortcuts
  std::size_t downward_arcs = 0;  // backward upward graph (arcs into a node from higher ones)
  std::size_t shortcuts = 0;
  std::size_t rounds = 0;      // independent-set rounds
  std::size_t core_nodes = 0;  // left uncontracted (ContractionOptions::core_fraction)
  double seconds = 0.0;        // wall-clock preprocessing time
};

// A core: contraction stops once no more than `core_fraction` of the nodes are left; those
// stay uncontracted at the top of the hierarchy with all the arcs among them, and a forward
// query runs a plain Dijkstra there. The last few percent of nodes cost most of the
// preprocessing (they are the densest), so a small core keeps most of the query speed-up for a
// fraction of the preprocessing: what a one-off matrix wants.
struct ContractionOptions {
  double core_fraction = 0.0;  // 0: contract every node (a full hierarchy)
};

class ContractionHierarchy {
 public:
  explicit ContractionHierarchy(const Graph& graph, Progress& progress = no_progress(),
                                ContractionOptions options = {});

  // A prepared hierarchy on disk (like OSRM's prepare step): build once per graph and profile,
  // reuse for every matrix. save() writes atomically; load() refuses, naming the file, a
  // hierarchy of another graph (a fingerprint of its nodes, arcs and times: another store,
  // profile, time of day or measured speeds).
  void save(const std::string& path) const;
  static ContractionHierarchy load(const Graph& graph, const std::string& path);

  const Graph& graph() const { return *graph_; }
  const ContractionStats& stats() const { return stats_; }
  std::uint32_t rank(NodeId n) const { return rank_[n]; }  // 0 = contracted first

  // The fastest travel time from node to node (kUnreachable if none).
  double seconds(NodeId from, NodeId to) const;
  // The original arcs (Graph::arc indices) of a fastest path, shortcuts unpacked; nullopt if
  // unreachable; empty if from == to.
  std::optional<std::vector<std::uint64_t>> arc_path(NodeId from, NodeId to) const;

  // One CH arc: `head` is a rank; `via` is the original arc index, or, with kShortcut set, the
  // rank of the middle node the shortcut bypasses.
  struct ChArc {
    std::uint32_t head;
    std::uint32_t via;
    double seconds;
  };
  static constexpr std::uint32_t kShortcut = 0x80000000U;

  // Arcs leaving rank `r` upwards, and arcs entering `r` from above (head = their tail).
  const ChArc* up_begin(std::uint32_t r) const { return up_.data() + up_offsets_[r]; }
  const ChArc* up_end(std::uint32_t r) const { return up_.data() + up_offsets_[r + 1]; }
  const ChArc* down_begin(std::uint32_t r) const { return down_.data() + down_offsets_[r]; }
  const ChArc* down_end(std::uint32_t r) const { return down_.data() + down_offsets_[r + 1]; }
  NodeId node_of_rank(std::uint32_t r) const { return order_[r]; }
  // Ranks from core_begin() up are the uncontracted core: their "upward" arcs are all their
  // arcs to other core nodes, and their "downward" arcs all arcs from them.
  std::uint32_t core_begin() const { return core_begin_; }

 private:
  explicit ContractionHierarchy(const Graph* graph) : graph_(graph) {}
  void unpack(std::uint32_t from, const ChArc& arc, std::vector<std::uint64_t>& out) const;

  const Graph* graph_;
  ContractionStats stats_;
  std::vector<std::uint32_t> rank_;  // node → rank
  std::vector<NodeId> order_;        // rank → node
  std::uint32_t core_begin_ = 0;
  std::vector<std::uint64_t> up_offsets_;
  std::vector<ChArc> up_;  // CSR by rank
  std::vector<std::uint64_t> down_offsets_;
  std::vector<ChArc> down_;
};

// The hierarchy a matrix method builds: a core of kMatrixCoreFraction for kCoreContraction,
// none otherwise.
ContractionOptions contraction_options(MatrixMethod method);

// The many-to-many matrix on a hierarchy (bucket queries), parallel over sources; cells beyond
// `cutoff_s` are kUnreachable, as with the Dijkstra matrix (the searches are not pruned by it).
Matrix matrix(const ContractionHierarchy& ch, const std::vector<std::optional<Location>>& origins,
              const std::vector<std::optional<Location>>& destinations,
              double cutoff_s = kUnreachable, Progress& progress = no_progress());

}  // namespace huxiao::network
