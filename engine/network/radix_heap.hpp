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
    occupied_ = 0;
    last_ = 0;
    size_ = 0;
  }

  // `seconds` must be >= the last popped key (or >= 0 after clear()).
  void push(double seconds, std::uint32_t node) {
    const std::uint64_t k = key(seconds);
    put({k, node});
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

  void put(const Item& it) {
    const std::size_t b = bucket_of(it.key);
    buckets_[b].push_back(it);
    if (b != 0) occupied_ |= std::uint64_t{1} << (b - 1);
  }

  // Moves the first non-empty bucket's entries down, around its minimum. The occupancy mask
  // finds that bucket at once: scanning the empty buckets one by one was most of a search on a
  // small graph (Chengdu), where the heap holds few entries.
  void refill() {
    const auto i = static_cast<std::size_t>(std::countr_zero(occupied_)) + 1;
    occupied_ &= occupied_ - 1;
    std::vector<Item>& from = buckets_[i];
    std::uint64_t min = from.front().key;
    for (const Item& it : from) min = std::min(min, it.key);
    last_ = min;
    for (const Item& it : from) put(it);
    from.clear();
  }

  std::array<std::vector<Item>, 65> buckets_;
  std::uint64_t occupied_ = 0;  // bit b - 1: bucket b (1..64) holds entries
  std::uint64_t last_ = 0;
  std::size_t size_ = 0;
};

}  // namespace huxiao::network
