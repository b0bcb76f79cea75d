#pragma once
// Dial's bucket queue (Dial 1969), made exact for real-valued times: buckets are half the
// graph's cheapest arc wide, so relaxing an arc from a node in the current bucket always lands
// at least one bucket further on. Every node of the lowest non-empty bucket is therefore final,
// in whatever order the bucket is emptied, and the queue needs no comparisons at all. Labels
// stay exact doubles; only the choice of bucket rounds.
//
// The buckets form a ring: all queued labels lie within one arc's cost of the last one taken,
// so a ring a little longer than (most expensive arc / width) buckets never wraps onto itself.
// A bitmap of non-empty buckets finds the next one a word (64 buckets) at a time, and each
// bucket is an intrusive doubly linked list threaded through per-node arrays, so lowering a
// label moves the node between buckets in O(1) and no node is queued twice. A node lowered after
// it was taken (impossible with the width above) is simply queued again, so labels would stay
// exact even then.
//
// On Chengdu's drive graph (3 252 nodes) this halved a one-to-all search against the radix
// heap (0.12 ms against 0.21 ms, same run); on the 1.1M-node synthetic graph, which is bound by
// memory rather than by the queue, it is a few per cent faster. Graphs whose arcs span too
// wide a range of costs for a ring of reasonable size (kMaxBuckets) keep the radix heap.

#include <algorithm>
#include <bit>
#include <cstdint>
#include <vector>

namespace huxiao::network {

class BucketQueue {
 public:
  static constexpr std::size_t kMaxBuckets = std::size_t{1} << 23;  // 32 MiB of list heads

  // Sets the bucket width from the graph's cheapest and dearest arcs. Returns false (and the
  // queue must not be used) when they leave no usable width: a zero-cost arc, or a ring of
  // more than kMaxBuckets buckets.
  bool configure(double min_arc_s, double max_arc_s, std::size_t node_count) {
    usable_ = false;
    if (!(min_arc_s > 0.0) || !(max_arc_s >= min_arc_s)) return false;
    const double inverse = 2.0 / min_arc_s;
    const double span = max_arc_s * inverse + 3.0;
    if (!(span < static_cast<double>(kMaxBuckets))) return false;
    inverse_width_ = inverse;
    // A power of two, so the ring wraps by a mask instead of a division on every insert.
    buckets_ = std::bit_ceil(std::max<std::size_t>(64, static_cast<std::size_t>(span)));
    node_count_ = node_count;
    head_.clear();
    occupied_.clear();
    links_.clear();
    current_ = 0;
    size_ = 0;
    usable_ = true;
    return true;
  }
  bool usable() const { return usable_; }
  bool empty() const { return size_ == 0; }

  // Starts a search whose smallest label is `seconds` (before the first insert). The arrays,
  // as large as the graph, are allocated on the first search, not by configure().
  void start(double seconds) {
    if (links_.size() != node_count_) {
      head_.assign(buckets_, kNone);
      occupied_.assign(buckets_ / 64, 0);
      links_.assign(node_count_, Links{});
    }
    current_ = slot(seconds);
  }

  // Queues `node` with label `seconds`, or moves it if it is queued with a larger label. The
  // label must not be below the current bucket's (Dijkstra never does that).
  void insert_or_lower(std::uint32_t node, double seconds) {
    const std::size_t b = slot(seconds);
    if (links_[node].bucket != kNotQueued) {
      if (links_[node].bucket == b) return;
      unlink(node);
      --size_;
    }
    link(node, b);
    ++size_;
  }

  // A node of the lowest non-empty bucket (final: see above). The queue must not be empty.
  std::uint32_t pop() {
    if (head_[current_] == kNone) advance();
    const std::uint32_t node = head_[current_];
    unlink(node);
    links_[node].bucket = kNotQueued;
    --size_;
    return node;
  }

  // Empties the queue (a search stopped early leaves nodes in it).
  void clear() {
    if (size_ == 0) return;
    for (std::size_t w = 0; w < occupied_.size(); ++w) {
      for (std::uint64_t bits = occupied_[w]; bits != 0; bits &= bits - 1) {
        const std::size_t b = w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
        for (std::uint32_t n = head_[b]; n != kNone; n = links_[n].next)
          links_[n].bucket = kNotQueued;
        head_[b] = kNone;
      }
      occupied_[w] = 0;
    }
    size_ = 0;
  }

 private:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFU;
  static constexpr std::uint32_t kNotQueued = 0xFFFFFFFFU;

  std::size_t slot(double seconds) const {
    return static_cast<std::size_t>(seconds * inverse_width_) & (buckets_ - 1);
  }

  void link(std::uint32_t node, std::size_t b) {
    links_[node] = {head_[b], kNone, static_cast<std::uint32_t>(b)};
    if (head_[b] != kNone) links_[head_[b]].prev = node;
    head_[b] = node;
    occupied_[b / 64] |= std::uint64_t{1} << (b % 64);
  }

  void unlink(std::uint32_t node) {
    const Links& l = links_[node];
    if (l.prev != kNone) {
      links_[l.prev].next = l.next;
    } else {
      head_[l.bucket] = l.next;
      if (l.next == kNone) occupied_[l.bucket / 64] &= ~(std::uint64_t{1} << (l.bucket % 64));
    }
    if (l.next != kNone) links_[l.next].prev = l.prev;
  }

  // The next non-empty bucket at or after current_, going round the ring.
  void advance() {
    std::size_t w = current_ / 64;
    std::uint64_t bits = occupied_[w] & (~std::uint64_t{0} << (current_ % 64));
    while (bits == 0) {
      w = w + 1 == occupied_.size() ? 0 : w + 1;
      bits = occupied_[w];
    }
    current_ = w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
  }

  bool usable_ = false;
  double inverse_width_ = 1.0;
  std::size_t buckets_ = 0;
  std::size_t node_count_ = 0;
  std::vector<std::uint32_t> head_;      // per bucket: first node, kNone if empty
  std::vector<std::uint64_t> occupied_;  // bit per bucket: non-empty
  // Per node, together: on a large graph each is a cache miss, and an insert needs all three.
  struct Links {
    std::uint32_t next = kNone;  // the list links while queued
    std::uint32_t prev = kNone;
    std::uint32_t bucket = kNotQueued;  // kNotQueued if not queued
  };
  std::vector<Links> links_;
  std::size_t current_ = 0;
  std::size_t size_ = 0;
};

}  // namespace huxiao::network
