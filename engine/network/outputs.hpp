#pragma once
// The network module's inputs and outputs in files: places from a store layer, matrices as CSV
// or binary, isochrones and routes as store layers, and the graph as an edge list for checks
// against other tools (networkx).
//
// Binary matrix layout (little-endian, `huxiao route matrix -o FILE.bin`):
//   bytes 0..7    magic "HXMATRIX"
//   bytes 8..11   uint32 version = 1
//   bytes 12..15  uint32 reserved = 0
//   bytes 16..23  uint64 rows (origins)
//   bytes 24..31  uint64 cols (destinations)
//   then rows*cols float64 seconds, row-major (origin r, destination c at r*cols + c);
//   +infinity = unreachable (or not snapped). Names and ids are in the companion
//   FILE.bin.origins.csv / FILE.bin.destinations.csv (index, id, name, snapped).
// numpy: np.fromfile(f, dtype="<f8", offset=32).reshape(rows, cols).

#include <filesystem>
#include <string>
#include <vector>

#include "model/table.hpp"
#include "network/graph.hpp"
#include "network/query.hpp"
#include "network/snap.hpp"

namespace huxiao::network {

// Points of a store layer as places: point features as they are, polygons by their centroid;
// name from `name`, id from `id` (else the row number). Throws Error(kBadValue) naming the
// store's layers if `layer` is not one of them, and kEmptyInput if it holds no features.
std::vector<Place> read_places(const std::filesystem::path& store, const std::string& layer);

// CSV (UTF-8 with BOM): origin_id, origin, destination_id, destination, seconds, status
// (ok / unreachable / not_snapped); seconds is empty unless ok.
void write_matrix_csv(const std::filesystem::path& file, const Matrix& m,
                      const std::vector<Place>& origins, const std::vector<Place>& destinations,
                      const SnapResult& origin_snaps, const SnapResult& destination_snaps);
// The binary layout above (+ the two companion CSVs). Atomic.
void write_matrix_binary(const std::filesystem::path& file, const Matrix& m,
                         const std::vector<Place>& origins, const std::vector<Place>& destinations,
                         const SnapResult& origin_snaps, const SnapResult& destination_snaps);
Matrix read_matrix_binary(const std::filesystem::path& file);

// A layer of isochrone polygons: place_id, place, profile, minutes, reached_km, area_m2.
struct IsochroneRow {
  const Place* place;
  Isochrone iso;
};
model::Table isochrone_table(const std::string& name, Mode mode,
                             const std::vector<IsochroneRow>& rows);

// A layer of route lines: origin_id, origin, destination_id, destination, profile, seconds, metres.
struct RouteRow {
  const Place* origin;
  const Place* destination;
  Route route;
};
model::Table route_table(const std::string& name, Mode mode, const std::vector<RouteRow>& rows);

// The directed arcs as CSV `from,to,seconds,metres,edge` (seconds with 17 significant digits,
// so a reader recovers the exact doubles) and the nodes as `node,x,y`. Atomic.
void export_graph(const Graph& graph, const std::filesystem::path& arcs_csv,
                  const std::filesystem::path& nodes_csv);

}  // namespace huxiao::network
