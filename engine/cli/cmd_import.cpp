#include <memory>
#include <optional>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/import_output.hpp"
#include "core/error.hpp"
#include "geo/crs.hpp"
#include "ingest/importer.hpp"
#include "scenario/mapping_file.hpp"

namespace huxiao::cli {
namespace {

struct ImportArgs {
  std::vector<std::string> sources;
  std::string output;
  std::string mapping;
  std::string input_crs;
  std::string crs;
  std::string region;
  std::string encoding;
  std::vector<std::string> layers;
  bool strict = false;
  double duplicate_m = 50.0;
  double isolated_km = 100.0;
};

std::filesystem::path with_suffix(const std::filesystem::path& store, std::string_view suffix) {
  return store.parent_path() / (store.stem().string() + std::string(suffix));
}

void run_import(const ImportArgs& a, Progress& progress) {
  std::optional<scenario::Mapping> mapping;
  if (!a.mapping.empty()) mapping = scenario::load_mapping(a.mapping);
  std::optional<geo::Crs> input_crs;
  if (!a.input_crs.empty()) input_crs = geo::Crs::parse(a.input_crs);
  std::vector<ingest::SourceRequest> requests;
  for (const auto& s : a.sources) {
    ingest::SourceRequest r;
    r.path = s;
    r.mapping = mapping ? &*mapping : nullptr;
    r.input_crs = input_crs;
    if (!a.encoding.empty()) r.encoding = a.encoding;
    r.layers = a.layers;
    requests.push_back(std::move(r));
  }
  ingest::ImportOptions options;
  if (!a.crs.empty()) options.project_crs = geo::Crs::parse(a.crs);
  if (options.project_crs && options.project_crs->is_geographic()) {
    throw Error(ErrorCode::kBadCrs,
                fmt::format("--crs {} is in degrees; analyses need metres", a.crs),
                {.fix = "give a projected CRS such as a UTM zone (EPSG:32648) or a CGCS2000 "
                        "Gauss-Krüger zone (EPSG:4547), or leave --crs out for the UTM zone"});
  }
  if (!a.region.empty()) options.region = geo::Region::parse_lonlat_box(a.region);
  options.strict = a.strict;
  options.duplicate_distance_m = a.duplicate_m;
  options.isolated_distance_km = a.isolated_km;
  options.project_name = std::filesystem::path(a.output).stem().string();
  const auto result = ingest::import_sources(requests, options, progress);
  const std::filesystem::path store = a.output;
  save_import(result,
              {store, with_suffix(store, ".quality.json"), with_suffix(store, ".quality.txt")},
              progress);
}

}  // namespace

void add_import_command(CLI::App& app, Progress& progress) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand("import",
                                     "Import data sources (GeoPackage, Shapefile, GeoJSON, "
                                     "FlatGeobuf, CSV, OSM .osm/.pbf) into a project store");
  cmd->add_option("sources", args->sources, "Data files to import")->required();
  cmd->add_option("-o,--output", args->output,
                  "Project store to write (.gpkg); replaced only when complete")
      ->required();
  cmd->add_option("--mapping", args->mapping,
                  "YAML mapping: which source columns feed which fields");
  cmd->add_option(
      "--input-crs", args->input_crs,
      "Declared CRS of the sources: GCJ-02 (Amap/Tencent), BD-09 (Baidu), EPSG:n, WGS84");
  cmd->add_option("--crs", args->crs, "Project CRS in metres (default: UTM zone of the data)");
  cmd->add_option("--region", args->region, "Keep only MINLON,MINLAT,MAXLON,MAXLAT (degrees)");
  cmd->add_option("--encoding", args->encoding,
                  "Text encoding of Shapefile/CSV attributes, e.g. GBK");
  cmd->add_option("--layers", args->layers, "Only these layers of the sources (comma-separated)")
      ->delimiter(',')
      ->expected(1);
  cmd->add_flag("--strict", args->strict,
                "Fail on any error-level data problem instead of dropping the row");
  cmd->add_option("--duplicate-m", args->duplicate_m,
                  "Same-name schools closer than this are one school")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--isolated-km", args->isolated_km,
                  "Flag schools farther than this from all others")
      ->check(CLI::PositiveNumber);
  cmd->callback([args, &progress] { run_import(*args, progress); });
}

}  // namespace huxiao::cli
