#pragma once
// Readers for published location-problem instances in their own formats, so the solvers can be
// checked against optima nobody here computed:
//  * OR-Library p-median (Beasley): "n m p", then m undirected edges "i j cost" (1-based). Some
//    edges appear twice and the LAST occurrence wins; costs are the all-pairs shortest paths
//    (Floyd–Warshall, n ≤ 900).
//  * SJC (Lorena & Pereira): "n", then n lines "x y" (metres); demands in demand-<name>.dat
//    beside it. Every node is a demand and a candidate; Euclidean distances.
//  * AILS MCLP (Máximo, Cordeau, Nascimento 2023): TSPLIB-like, NODE_COORD_SECTION "lat lon",
//    DEMAND_SECTION, EOF. EDGE_WEIGHT_TYPE COORD means haversine with R = 6 378 137 m; anything
//    else planar Euclidean. Ids 0-based.
//  * spopt's San Francisco table: "distance,name,DestinationName,demand", stores and tracts in
//    lexicographic name order (as spopt pairs them).

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "deploy/problem.hpp"

namespace huxiao::deploy {

inline constexpr double kAilsEarthRadius = 6378137.0;

struct GraphInstance {
  std::string name;
  CostMatrix cost;  // n × n shortest paths
  int p = 0;
};
GraphInstance read_orlib_pmed(const std::filesystem::path& file);
// pmedopt.txt: "pmedK value" per line (a header line is skipped).
std::map<std::string, double> read_pmed_optima(const std::filesystem::path& file);

struct PointInstance {
  std::string name;
  std::vector<double> a, b;  // x, y (planar) or lat, lon (geographic)
  std::vector<double> demand;
  bool geographic = false;
  std::size_t size() const { return a.size(); }
  double distance(std::size_t i, std::size_t j) const;
};
PointInstance read_sjc(const std::filesystem::path& file);
PointInstance read_ails(const std::filesystem::path& file);

// Every node is a candidate: the sets of candidates within `radius` of each node (inclusive).
Coverage coverage_of_points(const PointInstance& points, double radius);
CostMatrix cost_of_points(const PointInstance& points);

struct TableInstance {
  CostMatrix cost;
  std::vector<double> weight;
  std::vector<std::string> demand_names, site_names;
};
TableInstance read_spopt_table(const std::filesystem::path& file);

double haversine_m(double lat1, double lon1, double lat2, double lon2, double radius);

}  // namespace huxiao::deploy
