#include "deploy/benchmarks.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numbers>
#include <sstream>

#include <fmt/format.h>

#include "core/error.hpp"

namespace huxiao::deploy {
namespace {

std::ifstream open_or_throw(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) {
    throw Error(ErrorCode::kFileNotFound, "benchmark instance not found",
                {.file = file.string(), .fix = "check the path"});
  }
  std::ifstream in(file);
  if (!in) throw Error(ErrorCode::kUnreadable, "cannot open the instance", {.file = file.string()});
  return in;
}

[[noreturn]] void bad(const std::filesystem::path& file, int line, const std::string& what,
                      const std::string& fix) {
  throw Error(ErrorCode::kBadValue, what, {.file = file.string(), .line = line, .fix = fix});
}

}  // namespace

double haversine_m(double lat1, double lon1, double lat2, double lon2, double radius) {
  constexpr double rad = std::numbers::pi / 180.0;
  const double dphi = (lat2 - lat1) * rad, dl = (lon2 - lon1) * rad;
  const double s =
      std::sin(dphi / 2) * std::sin(dphi / 2) +
      std::cos(lat1 * rad) * std::cos(lat2 * rad) * std::sin(dl / 2) * std::sin(dl / 2);
  return 2 * radius * std::asin(std::min(1.0, std::sqrt(s)));
}

GraphInstance read_orlib_pmed(const std::filesystem::path& file) {
  std::ifstream in = open_or_throw(file);
  GraphInstance g;
  g.name = file.stem().string();
  long n = 0, m = 0, p = 0;
  if (!(in >> n >> m >> p) || n <= 0 || m < 0 || p <= 0 || n > 100000) {
    bad(file, 1, "the first line must be 'n m p' with positive numbers",
        "is this an OR-Library pmed file? use --format sjc or ails for the others");
  }
  const auto nn = static_cast<std::size_t>(n);
  g.p = static_cast<int>(p);
  g.cost = CostMatrix(nn, nn, kUnreachable);
  for (std::size_t i = 0; i < nn; ++i) g.cost(i, i) = 0;
  for (long e = 0; e < m; ++e) {
    long i = 0, j = 0;
    double c = 0;
    if (!(in >> i >> j >> c)) {
      bad(file, static_cast<int>(e + 2),
          fmt::format("edge {} of {} is missing or unreadable", e + 1, m), "the file is truncated");
    }
    if (i < 1 || j < 1 || i > n || j > n) {
      bad(file, static_cast<int>(e + 2),
          fmt::format("edge {} names a node outside 1..{}", e + 1, n), "node ids are 1-based");
    }
    // The last occurrence of a duplicated edge wins (the published optima depend on it).
    g.cost(static_cast<std::size_t>(i - 1), static_cast<std::size_t>(j - 1)) = c;
    g.cost(static_cast<std::size_t>(j - 1), static_cast<std::size_t>(i - 1)) = c;
  }
  for (std::size_t k = 0; k < nn; ++k) {
    const double* rk = g.cost.row(k);
    for (std::size_t i = 0; i < nn; ++i) {
      const double dik = g.cost(i, k);
      if (!std::isfinite(dik)) continue;
      for (std::size_t j = 0; j < nn; ++j) {
        const double via = dik + rk[j];
        if (via < g.cost(i, j)) g.cost(i, j) = via;
      }
    }
  }
  return g;
}

std::map<std::string, double> read_pmed_optima(const std::filesystem::path& file) {
  std::ifstream in = open_or_throw(file);
  std::map<std::string, double> out;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string name;
    double v = 0;
    if (ls >> name >> v) out[name] = v;
  }
  return out;
}

double PointInstance::distance(std::size_t i, std::size_t j) const {
  if (geographic) return haversine_m(a[i], b[i], a[j], b[j], kAilsEarthRadius);
  return std::hypot(a[i] - a[j], b[i] - b[j]);
}

PointInstance read_sjc(const std::filesystem::path& file) {
  std::ifstream in = open_or_throw(file);
  PointInstance pts;
  pts.name = file.stem().string();
  long n = 0;
  if (!(in >> n) || n <= 0)
    bad(file, 1, "the first line must be the node count", "is this an SJC file?");
  for (long k = 0; k < n; ++k) {
    double x = 0, y = 0;
    if (!(in >> x >> y))
      bad(file, static_cast<int>(k + 2), "coordinate line missing", "the file is truncated");
    pts.a.push_back(x);
    pts.b.push_back(y);
  }
  const auto demand_file = file.parent_path() / ("demand-" + pts.name + ".dat");
  std::ifstream dem = open_or_throw(demand_file);
  for (long k = 0; k < n; ++k) {
    double d = 0;
    if (!(dem >> d))
      bad(demand_file, static_cast<int>(k + 1), "demand line missing", "one demand per node");
    pts.demand.push_back(d);
  }
  return pts;
}

PointInstance read_ails(const std::filesystem::path& file) {
  std::ifstream in = open_or_throw(file);
  PointInstance pts;
  pts.name = file.stem().string();
  std::string line;
  long dimension = -1;
  int line_no = 0;
  enum { kHeader, kCoords, kDemand } part = kHeader;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::istringstream ls(line);
    std::string first;
    if (!(ls >> first)) continue;
    if (first == "EOF") break;
    if (first == "NODE_COORD_SECTION") {
      part = kCoords;
      continue;
    }
    if (first == "DEMAND_SECTION") {
      part = kDemand;
      continue;
    }
    if (part == kHeader) {
      const auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string key = line.substr(0, colon), value = line.substr(colon + 1);
      key.erase(key.find_last_not_of(" \t") + 1);
      value.erase(0, value.find_first_not_of(" \t"));
      value.erase(value.find_last_not_of(" \t") + 1);
      if (key == "DIMENSION") dimension = std::stol(value);
      if (key == "EDGE_WEIGHT_TYPE") pts.geographic = value == "COORD";
      if (key == "NAME") pts.name = value;
      continue;
    }
    std::istringstream vs(line);
    if (part == kCoords) {
      double u = 0, v = 0;
      if (!(vs >> u >> v)) bad(file, line_no, "coordinate line unreadable", "two numbers per node");
      pts.a.push_back(u);
      pts.b.push_back(v);
    } else {
      double d = 0;
      if (!(vs >> d)) bad(file, line_no, "demand line unreadable", "one number per node");
      pts.demand.push_back(d);
    }
  }
  if (pts.a.empty() || pts.a.size() != pts.demand.size() ||
      (dimension >= 0 && pts.a.size() != static_cast<std::size_t>(dimension))) {
    bad(file, line_no,
        fmt::format("{} coordinates and {} demands for DIMENSION {}", pts.a.size(),
                    pts.demand.size(), dimension),
        "is this an AILS MCLP instance?");
  }
  return pts;
}

Coverage coverage_of_points(const PointInstance& points, double radius) {
  const std::size_t n = points.size();
  Coverage cov;
  cov.candidates = n;
  cov.sets.resize(n);
  // A window on the first coordinate prunes the pairs; for latitude, 1 m ≥ 1/R rad everywhere.
  const double window = points.geographic
                            ? radius / kAilsEarthRadius * 180.0 / std::numbers::pi * 1.001 + 1e-9
                            : radius * (1 + 1e-12);
  std::vector<int> order(n);
  for (std::size_t k = 0; k < n; ++k) order[k] = static_cast<int>(k);
  std::sort(order.begin(), order.end(), [&](int u, int v) {
    return points.a[static_cast<std::size_t>(u)] < points.a[static_cast<std::size_t>(v)];
  });
  for (std::size_t s = 0; s < n; ++s) {
    const auto i = static_cast<std::size_t>(order[s]);
    for (std::size_t t = s; t < n; ++t) {
      const auto j = static_cast<std::size_t>(order[t]);
      if (points.a[j] - points.a[i] > window) break;
      if (points.distance(i, j) <= radius) {
        cov.sets[i].push_back(static_cast<int>(j));
        if (i != j) cov.sets[j].push_back(static_cast<int>(i));
      }
    }
  }
  for (auto& s : cov.sets) std::sort(s.begin(), s.end());
  return cov;
}

CostMatrix cost_of_points(const PointInstance& points) {
  const std::size_t n = points.size();
  CostMatrix c(n, n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) c(i, j) = points.distance(i, j);
  }
  return c;
}

TableInstance read_spopt_table(const std::filesystem::path& file) {
  std::ifstream in = open_or_throw(file);
  std::string line;
  std::getline(in, line);
  if (line.find("distance") == std::string::npos) {
    bad(file, 1, "expected the header 'distance,name,DestinationName,demand'",
        "is this spopt's table?");
  }
  struct Rec {
    double d;
    std::string site, demand;
    double w;
  };
  std::vector<Rec> recs;
  int line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) f.push_back(cell);
    if (f.size() < 4)
      bad(file, line_no, "expected 4 columns", "distance,name,DestinationName,demand");
    recs.push_back({std::stod(f[0]), f[1], f[2], std::stod(f[3])});
  }
  TableInstance t;
  for (const auto& r : recs) {
    t.site_names.push_back(r.site);
    t.demand_names.push_back(r.demand);
  }
  for (auto* names : {&t.site_names, &t.demand_names}) {
    std::sort(names->begin(), names->end());
    names->erase(std::unique(names->begin(), names->end()), names->end());
  }
  auto index = [](const std::vector<std::string>& names, const std::string& s) {
    return static_cast<std::size_t>(std::lower_bound(names.begin(), names.end(), s) -
                                    names.begin());
  };
  t.cost = CostMatrix(t.demand_names.size(), t.site_names.size(), kUnreachable);
  t.weight.assign(t.demand_names.size(), 0.0);
  for (const auto& r : recs) {
    const std::size_t i = index(t.demand_names, r.demand), j = index(t.site_names, r.site);
    t.cost(i, j) = r.d;
    t.weight[i] = r.w;
  }
  return t;
}

}  // namespace huxiao::deploy
