// Saving and loading a prepared contraction hierarchy: little-endian, bytes 0-7 "HXCHIER1",
// then the graph's fingerprint, the counts and the arrays as they are in memory.

#include <algorithm>
#include <bit>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "network/contraction.hpp"

namespace huxiao::network {

namespace {

constexpr char kMagic[8] = {'H', 'X', 'C', 'H', 'I', 'E', 'R', '1'};

// FNV-1a over what the hierarchy depends on: node count and every arc's head and exact time.
std::uint64_t fingerprint(const Graph& g) {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&](std::uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      h ^= (v >> (8 * i)) & 0xFFU;
      h *= 1099511628211ULL;
    }
  };
  mix(g.node_count());
  for (NodeId n = 0; n < g.node_count(); ++n) {
    mix(g.first_arc(n));
    for (const Arc& a : g.out_arcs(n)) {
      mix(a.head);
      mix(std::bit_cast<std::uint64_t>(a.seconds));
    }
  }
  return h;
}

template <typename T>
void put(std::ofstream& out, const T& v) {
  out.write(reinterpret_cast<const char*>(&v), sizeof v);  // NOLINT: raw bytes
}

template <typename T>
void put_vector(std::ofstream& out, const std::vector<T>& v) {
  put(out, static_cast<std::uint64_t>(v.size()));
  out.write(reinterpret_cast<const char*>(v.data()),  // NOLINT: raw bytes
            static_cast<std::streamsize>(v.size() * sizeof(T)));
}

class Reader {
 public:
  explicit Reader(const std::string& path) : path_(path), in_(path, std::ios::binary) {
    if (!in_) {
      throw Error(ErrorCode::kFileNotFound, "contraction hierarchy file not found",
                  {.file = path, .fix = "prepare it with `huxiao route prepare`"});
    }
  }
  template <typename T>
  T get() {
    T v{};
    read(reinterpret_cast<char*>(&v), sizeof v);  // NOLINT: raw bytes
    return v;
  }
  template <typename T>
  std::vector<T> get_vector(std::uint64_t expected) {
    const auto size = get<std::uint64_t>();
    if (size != expected) bad("an array has the wrong length");
    std::vector<T> v(size);
    read(reinterpret_cast<char*>(v.data()), size * sizeof(T));  // NOLINT: raw bytes
    return v;
  }
  [[noreturn]] void bad(const std::string& what) const {
    throw Error(ErrorCode::kBadValue, fmt::format("not a usable contraction hierarchy: {}", what),
                {.file = path_, .fix = "prepare it again with `huxiao route prepare`"});
  }

 private:
  void read(char* data, std::size_t bytes) {
    in_.read(data, static_cast<std::streamsize>(bytes));
    if (!in_) bad("the file ends early");
  }
  std::string path_;
  std::ifstream in_;
};

// CSR offsets, checked before the arcs they count are allocated.
std::vector<std::uint64_t> offsets(Reader& in, std::uint64_t n) {
  auto v = in.get_vector<std::uint64_t>(n + 1);
  constexpr std::uint64_t kMaxArcs = std::uint64_t{1} << 32;
  if (v.front() != 0 || v.back() > kMaxArcs || !std::is_sorted(v.begin(), v.end()))
    in.bad("its arc offsets are corrupt");
  return v;
}

}  // namespace

void ContractionHierarchy::save(const std::string& path) const {
  AtomicOutput out_file(path);
  {
    std::ofstream out(out_file.temp_path(), std::ios::binary);
    out.write(kMagic, sizeof kMagic);
    put(out, fingerprint(*graph_));
    put(out, static_cast<std::uint64_t>(rank_.size()));
    put(out, core_begin_);
    put(out, static_cast<std::uint64_t>(stats_.shortcuts));
    put(out, static_cast<std::uint64_t>(stats_.rounds));
    put(out, static_cast<std::uint64_t>(stats_.core_nodes));
    put_vector(out, rank_);
    put_vector(out, order_);
    put_vector(out, up_offsets_);
    put_vector(out, up_);
    put_vector(out, down_offsets_);
    put_vector(out, down_);
    if (!out.flush()) {
      throw Error(ErrorCode::kWriteFailed, "could not write the contraction hierarchy",
                  {.file = path, .fix = "check the disk space and permissions"});
    }
  }
  out_file.commit();
}

ContractionHierarchy ContractionHierarchy::load(const Graph& graph, const std::string& path) {
  Reader in(path);
  char magic[8] = {};
  for (char& c : magic) c = in.get<char>();
  if (std::memcmp(magic, kMagic, sizeof kMagic) != 0) in.bad("it does not start with HXCHIER1");
  if (in.get<std::uint64_t>() != fingerprint(graph)) {
    throw Error(ErrorCode::kBadValue,
                "the contraction hierarchy was prepared for another graph (store, profile, time "
                "of day or measured speeds differ)",
                {.file = path,
                 .fix = "prepare it again with `huxiao route prepare` and the same "
                        "--profile/--at/--speeds"});
  }
  const auto n = in.get<std::uint64_t>();
  if (n != graph.node_count()) in.bad("its node count differs from the graph's");
  ContractionHierarchy ch(&graph);
  ch.core_begin_ = in.get<std::uint32_t>();
  ch.stats_.shortcuts = in.get<std::uint64_t>();
  ch.stats_.rounds = in.get<std::uint64_t>();
  ch.stats_.core_nodes = in.get<std::uint64_t>();
  ch.rank_ = in.get_vector<std::uint32_t>(n);
  ch.order_ = in.get_vector<NodeId>(n);
  ch.up_offsets_ = offsets(in, n);
  ch.up_ = in.get_vector<ChArc>(ch.up_offsets_.back());
  ch.down_offsets_ = offsets(in, n);
  ch.down_ = in.get_vector<ChArc>(ch.down_offsets_.back());
  if (ch.core_begin_ > n) in.bad("its core lies outside the graph");
  for (const auto* arcs : {&ch.up_, &ch.down_}) {
    for (const ChArc& a : *arcs) {
      if (a.head >= n) in.bad("an arc leads outside the graph");
    }
  }
  ch.stats_.nodes = n;
  ch.stats_.upward_arcs = ch.up_.size();
  ch.stats_.downward_arcs = ch.down_.size();
  return ch;
}

}  // namespace huxiao::network
