#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/import_output.hpp"
#include "core/error.hpp"
#include "geo/crs.hpp"
#include "ingest/importer.hpp"
#include "io/vector_source.hpp"
#include "scenario/mapping_file.hpp"
#include "store/project_store.hpp"

namespace huxiao::cli {
namespace {

struct InfoArgs {
  std::vector<std::string> sources;
  std::string input_crs;
  std::string mapping;
  bool no_classify = false;
};

void print(const std::string& s) {
  std::fputs(s.c_str(), stdout);
}

std::string lonlat_extent(const geo::Box& box, const geo::Crs& crs) {
  if (box.empty()) return "empty";
  try {
    const geo::Transformer t(crs, geo::Crs::wgs84());
    const auto a = t.apply({box.min_x, box.min_y});
    const auto b = t.apply({box.max_x, box.max_y});
    if (a && b)
      return fmt::format("{:.5f},{:.5f} .. {:.5f},{:.5f} (lon/lat)", a->x, a->y, b->x, b->y);
  } catch (const Error&) {
  }
  return fmt::format("{:.1f},{:.1f} .. {:.1f},{:.1f}", box.min_x, box.min_y, box.max_x, box.max_y);
}

bool is_store(const std::filesystem::path& p) {
  if (p.extension() != ".gpkg") return false;
  try {
    store::inspect(p);
    return true;
  } catch (const Error&) {
    return false;
  }
}

void describe_store(const std::filesystem::path& p) {
  const auto s = store::inspect(p);
  print(fmt::format("{}: huxiao project store '{}'\n", p.string(), s.metadata.at("name")));
  print(fmt::format("  CRS: {}   extent: {}\n", s.crs.label(), lonlat_extent(s.extent, s.crs)));
  if (s.metadata.count("synthetic") && s.metadata.at("synthetic") == "true")
    print("  SYNTHETIC demo data\n");
  if (s.metadata.count("attribution") && !s.metadata.at("attribution").empty()) {
    print(fmt::format("  attribution: {}\n", s.metadata.at("attribution")));
  }
  for (const auto& [layer, n] : s.layer_counts) print(fmt::format("  {:<18} {:>9}\n", layer, n));
}

void describe_source(const std::filesystem::path& p, const InfoArgs& a, Progress& progress) {
  const io::VectorSource src = io::VectorSource::open(p);
  print(fmt::format("{}: {} source\n", p.string(), src.driver()));
  for (const auto& l : src.layers()) {
    print(fmt::format("  layer {:<16} {:<18} {:>9} features  CRS {}  extent {}\n", l.name,
                      l.geometry_type,
                      l.feature_count < 0 ? std::string("?") : std::to_string(l.feature_count),
                      l.crs ? l.crs->label() : std::string("none"),
                      l.crs ? lonlat_extent(l.extent, *l.crs) : std::string("-")));
  }
  if (a.no_classify) return;
  std::optional<scenario::Mapping> mapping;
  if (!a.mapping.empty()) mapping = scenario::load_mapping(a.mapping);
  ingest::SourceRequest r;
  r.path = p;
  r.mapping = mapping ? &*mapping : nullptr;
  if (!a.input_crs.empty()) r.input_crs = geo::Crs::parse(a.input_crs);
  try {
    const auto result = ingest::import_sources({r}, {}, progress);
    print("  what huxiao would import:\n");
    print_summary(result.report, 10);
  } catch (const Error& e) {
    print(fmt::format("  cannot classify yet: {}\n", e.what()));
  }
}

}  // namespace

void add_info_command(CLI::App& app, Progress& progress) {
  auto args = std::make_shared<InfoArgs>();
  CLI::App* cmd = app.add_subcommand(
      "info", "Describe data sources or project stores: layers, counts by class, CRS, extent");
  cmd->add_option("sources", args->sources, "Files to describe")->required();
  cmd->add_option("--input-crs", args->input_crs,
                  "Declared CRS (for sources without one, e.g. CSV)");
  cmd->add_option("--mapping", args->mapping,
                  "YAML mapping for tables with their own column names");
  cmd->add_flag("--no-classify", args->no_classify, "Only list layers; do not classify features");
  cmd->callback([args, &progress] {
    for (const auto& s : args->sources) {
      if (is_store(s))
        describe_store(s);
      else
        describe_source(s, *args, progress);
    }
  });
}

}  // namespace huxiao::cli
