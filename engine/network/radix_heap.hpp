#pragma once
// A radix heap (Ahuja, Mehlhorn, Orlin, Tarjan 1990) for Dijkstra's monotone queue: every key
// pushed is at least the last key popped. Keys are travel times, non-negative doubles, whose bit
// patterns order like their values, so the heap is exact (no rounding to integer buckets).
// An entry moves between at most 64 buckets over its life, and a pop compares nothing in the
// common case: on road graphs this beat the 4-ary heap, whose data-dependent branches in the
// sift-down were half of a one-to-all search.

#include <array>
#include <bit>
#include <cstdint>
#include <utility>
#include <vector>

namespace huxiao::network {

class RadixHeap {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  void clear() {
    for (auto& b : buckets_) b.clear();
    last_ = 0;
    size_ = 0;
  }

  // `seconds` must be >= the last popped key (or >= 0 after clear()).
  void push(double seconds, std::uint32_t node) {
    const std::uint64_t k = key(seconds);
    buckets_[bucket_of(k)].push_back({k, node});
    ++size_;
  }

  // The entry with the smallest key (ties in any order).
  std::pair<double, std::uint32_t> pop() {
    if (buckets_[0].empty()) refill();
    const Item it = buckets_[0].back();
    buckets_[0].pop_back();
    --size_;
    return {std::bit_cast<double>(it.key), it.node};
  }

 private:
  struct Item {
    std::uint64_t key;
    std::uint32_t node;
  };

  // + 0.0 turns -0.0, whose sign bit would sort it last, into +0.0.
  static std::uint64_t key(double seconds) { return std::bit_cast<std::uint64_t>(seconds + 0.0); }

  std::size_t bucket_of(std::uint64_t k) const {
    return k == last_ ? 0 : static_cast<std::size_t>(64 - std::countl_zero(k ^ last_));
  }

  // Moves the first non-empty bucket's entries down, around its minimum.
  void refill() {
    std::size_t i = 1;
    while (buckets_[i].empty()) ++i;
    std::uint64_t min = buckets_[i].front().key;
    for (const Item& it : buckets_[i]) min = std::min(min, it.key);
    last_ = min;
    for (const Item& it : buckets_[i]) buckets_[bucket_of(it.key)].push_back(it);
    buckets_[i].clear();
  }

  std::array<std::vector<Item>, 65> buckets_;
  std::uint64_t last_ = 0;
  std::size_t size_ = 0;
};

}  // namespace huxiao::network
