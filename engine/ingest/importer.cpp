#include "ingest/importer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>
#include <unordered_map>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include "core/error.hpp"
#include "core/text.hpp"
#include "geo/geos.hpp"
#include "ingest/classify_mapped.hpp"
#include "ingest/classify_tags.hpp"
#include "ingest/staged.hpp"
#include "io/vector_source.hpp"
#include "store/project_store.hpp"

namespace huxiao::ingest {
namespace fs = std::filesystem;
using quality::Issue;
using quality::Severity;

namespace {

// [SECTION] issues

Issue issue_for(const Staged& s, Severity severity, std::string code, std::string message,
                std::string action) {
  const model::SourceRef& src = source_of(s);
  Issue i;
  i.severity = severity;
  i.code = std::move(code);
  i.file = src.file;
  i.layer = src.layer;
  i.row = src.row;
  i.feature_id = id_of(s);
  i.feature_name = name_of(s);
  i.message = std::move(message);
  i.action = std::move(action);
  return i;
}

geo::Point anchor_of(const Staged& s) {
  geo::Point anchor{std::nan(""), std::nan("")};
  bool first = true;
  Staged copy = s;  // for_each_coordinate takes a mutable feature
  for_each_coordinate(copy, [&](geo::Point& p) {
    if (first) anchor = p;
    first = false;
  });
  if (const auto* school = std::get_if<model::School>(&s)) anchor = school->location;
  return anchor;
}

// [SECTION] reading and classifying

struct ReadContext {
  const ImportOptions& options;
  quality::Report& report;
  std::vector<Staged>& out;
  std::optional<model::ProjectInfo> store_info;  // set when a source was a huxiao store
};

bool is_read(const std::string& layer, const SourceRequest& request,
             const io::VectorSource& source) {
  const auto& wanted = !request.layers.empty() ? request.layers
                       : source.is_osm()       ? io::osm_layers_used()
                                               : std::vector<std::string>{};
  return wanted.empty() || std::find(wanted.begin(), wanted.end(), layer) != wanted.end();
}

std::optional<geo::Crs> layer_crs(const io::LayerInfo& layer, const SourceRequest& request,
                                  const io::VectorSource& source) {
  if (request.input_crs) return request.input_crs;
  if (const auto from_mapping = mapping_crs(request.mapping, layer.name)) return from_mapping;
  if (source.is_attribute_table()) return std::nullopt;  // a CSV carries no CRS of its own
  return layer.crs;
}

void require_crs(const std::optional<geo::Crs>& crs, const io::LayerInfo& layer,
                 const fs::path& file) {
  if (crs) return;
  throw Error(ErrorCode::kMissingCrs,
              fmt::format("layer '{}' has no coordinate reference system, so its coordinates "
                          "cannot be placed on the ground",
                          layer.name),
              {.file = file.string(),
               .fix = "declare it: --input-crs EPSG:4326 for GPS/WGS84 lon/lat, GCJ-02 for "
                      "Amap/Tencent, BD-09 for Baidu, or the EPSG code of the file (e.g. "
                      "EPSG:4547); or add a .prj file beside a Shapefile"});
}

// Names decoded with the wrong code page (GBK read as Latin-1) look like "Ã¥Â­Â¦".
bool looks_misdecoded(const std::string& name) {
  bool latin1_supplement = false;
  for (std::size_t i = 0; i + 1 < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c >= 0xE3 && c <= 0xE9) return false;  // CJK present: decoded fine
    if (c == 0xC2 || c == 0xC3) latin1_supplement = true;
  }
  return latin1_supplement;
}

bool is_huxiao_store(const fs::path& path) {
  if (path.extension() != ".gpkg") return false;
  try {
    store::inspect(path);
    return true;
  } catch (const Error&) {
    return false;
  }
}

// A project store as a source (a demo county, another team's project): its features are
// already classified; they only go back to WGS84 so the usual checks apply.
quality::SourceSummary read_store(const SourceRequest& request, ReadContext& ctx,
                                  Progress& progress) {
  model::Project p = store::read_project(request.path, {}, progress);
  const geo::Transformer to_wgs84(p.info.crs, geo::Crs::wgs84());
  quality::SourceSummary summary{
      request.path.string(), "huxiao store", p.info.crs.label(), 0, 0, {}};
  const auto add = [&](auto& items, const char* layer) {
    for (auto& item : items) {
      Staged s{std::move(item)};
      for_each_coordinate(s, [&](geo::Point& pt) {
        if (const auto q = to_wgs84.apply(pt)) pt = *q;
      });
      ctx.out.push_back(std::move(s));
      ++summary.read_per_layer[layer];
      ++summary.features_read;
      ++summary.features_used;
    }
  };
  add(p.schools, "schools");
  add(p.water, "water");
  add(p.waterways, "waterways");
  add(p.roads, "roads");
  add(p.pois, "pois");
  add(p.police, "police");
  ctx.store_info = std::move(p.info);
  return summary;
}

quality::SourceSummary read_source(const SourceRequest& request, ReadContext& ctx,
                                   Progress& progress) {
  if (request.mapping == nullptr && is_huxiao_store(request.path))
    return read_store(request, ctx, progress);
  io::SourceOptions so;
  so.encoding = request.encoding ? request.encoding : mapping_encoding(request.mapping);
  so.layers = request.layers;
  const io::VectorSource source = io::VectorSource::open(request.path, so);
  const std::string file = request.path.string();

  quality::SourceSummary summary;
  summary.file = file;
  summary.driver = source.driver();

  // Per layer: a transformer into WGS84 lon/lat (where all checks are made) and, for tables,
  // the mapping that says which columns hold what.
  std::unordered_map<std::string, geo::Transformer> to_wgs84;
  std::unordered_map<std::string, scenario::LayerMapping> mappings;
  std::vector<std::string> crs_labels;
  for (const auto& layer : source.layers()) {
    if (!is_read(layer.name, request, source)) continue;
    if (const auto* explicit_mapping = mapping_for(request.mapping, layer.name)) {
      mappings.emplace(layer.name, *explicit_mapping);
    } else if (source.is_attribute_table()) {
      auto guessed = guess_mapping(layer);
      if (!guessed) {
        throw Error(ErrorCode::kBadValue,
                    fmt::format("cannot tell which columns of layer '{}' hold the coordinates "
                                "(columns: {})",
                                layer.name, fmt::join(layer.fields, ", ")),
                    {.file = file,
                     .fix = "name them lon/lat (or 经度/纬度), or give --mapping FILE saying which "
                            "columns hold lon, lat and name"});
      }
      mappings.emplace(layer.name, std::move(*guessed));
    }
    if (layer.geometry_type == "None" && !source.is_attribute_table() &&
        !mapping_has_coordinates(request.mapping, layer.name)) {
      continue;  // an attribute table inside a GeoPackage: nothing to place
    }
    const auto crs = layer_crs(layer, request, source);
    require_crs(crs, layer, request.path);
    to_wgs84.emplace(layer.name, geo::Transformer(*crs, geo::Crs::wgs84()));
    const std::string label = crs->label();
    if (std::find(crs_labels.begin(), crs_labels.end(), label) == crs_labels.end())
      crs_labels.push_back(label);
  }
  summary.crs = fmt::format("{}", fmt::join(crs_labels, ", "));

  std::size_t misdecoded = 0, named = 0;
  const bool tagged_source = source.is_osm();
  source.for_each(
      [&](const io::RawFeature& f) {
        ++summary.features_read;
        ++summary.read_per_layer[*f.layer];
        const auto t = to_wgs84.find(*f.layer);
        if (t == to_wgs84.end()) return;
        model::SourceRef ref{file, *f.layer, f.row, {}};
        std::vector<Staged> staged;
        std::string note;
        if (const auto m = mappings.find(*f.layer); m != mappings.end()) {
          auto result = classify_mapped(f, m->second, ref);
          staged = std::move(result.features);
          for (auto& problem : result.problems) {
            problem.file = file;
            problem.layer = *f.layer;
            problem.row = f.row;
            ctx.report.add(std::move(problem));
          }
        } else if (tagged_source || has_osm_tags(f)) {
          staged = classify_tagged(f, ref, tagged_source).features;
        }
        for (auto& s : staged) {
          bool ok = true;
          for_each_coordinate(s, [&](geo::Point& p) {
            if (!std::isfinite(p.x) || !std::isfinite(p.y)) ok = false;
          });
          if (!ok) continue;  // reported by the classifier already
          const geo::Point raw = anchor_of(s);
          for_each_coordinate(s, [&](geo::Point& p) {
            if (const auto q = t->second.apply(p))
              p = *q;
            else
              ok = false;
          });
          if (!ok) {
            ctx.report.add(issue_for(s, Severity::kError, "transform_failed",
                                     fmt::format("coordinates ({}, {}) are outside the area of {}",
                                                 raw.x, raw.y, summary.crs),
                                     "dropped"));
            continue;
          }
          if (!name_of(s).empty()) {
            ++named;
            if (looks_misdecoded(name_of(s))) ++misdecoded;
          }
          ++summary.features_used;
          ctx.out.push_back(std::move(s));
        }
      },
      progress);

  for (const auto& layer : source.layers()) {
    if (to_wgs84.count(layer.name) && summary.read_per_layer[layer.name] == 0) {
      ctx.report.add({.severity = Severity::kWarning,
                      .code = "empty_layer",
                      .file = file,
                      .layer = layer.name,
                      .message = "the layer has no features",
                      .action = "skipped"});
    }
  }
  if (named >= 5 && misdecoded * 3 > named) {
    ctx.report.add({.severity = Severity::kWarning,
                    .code = "suspect_encoding",
                    .file = file,
                    .message = fmt::format("{} of {} names look like Chinese text decoded with the "
                                           "wrong code page",
                                           misdecoded, named),
                    .action = "re-import with --encoding GBK (or add a .cpg file saying GBK)"});
  }
  if (source.recoded_from_gb18030()) {
    ctx.report.add({.severity = Severity::kInfo,
                    .code = "recoded_text",
                    .file = file,
                    .message = "text was not UTF-8 and was read as GBK/GB18030",
                    .action = "give --encoding to choose another code page"});
  }
  return summary;
}

// [SECTION] coordinate checks (WGS84)

bool is_zero(const geo::Point& p) {
  return std::fabs(p.x) < 1e-7 && std::fabs(p.y) < 1e-7;
}
bool in_range(const geo::Point& p) {
  return std::fabs(p.x) <= 180.0 && std::fabs(p.y) <= 90.0;
}

void swap_axes(Staged& s) {
  for_each_coordinate(s, [](geo::Point& p) { std::swap(p.x, p.y); });
}

// Where the bulk of the data lies: the declared region, or the central 90 % of the anchors
// widened generously, so only gross errors (swapped axes) fall outside it.
geo::Box reference_box(const std::vector<Staged>& items, const geo::Region& region) {
  if (!region.whole()) return region.box();
  std::vector<double> xs, ys;
  for (const auto& s : items) {
    const geo::Point a = anchor_of(s);
    if (in_range(a) && !is_zero(a)) {
      xs.push_back(a.x);
      ys.push_back(a.y);
    }
  }
  if (xs.empty()) return {};
  std::sort(xs.begin(), xs.end());
  std::sort(ys.begin(), ys.end());
  const auto pct = [](const std::vector<double>& v, double q) {
    return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
  };
  geo::Box b{pct(xs, 0.05), pct(ys, 0.05), pct(xs, 0.95), pct(ys, 0.95)};
  const double pad_x = std::max(2.0, b.max_x - b.min_x), pad_y = std::max(2.0, b.max_y - b.min_y);
  return {b.min_x - pad_x, b.min_y - pad_y, b.max_x + pad_x, b.max_y + pad_y};
}

bool outside_region(const Staged& s, const geo::Region& region) {
  if (region.whole()) return false;
  if (std::holds_alternative<model::School>(s) || std::holds_alternative<model::Poi>(s) ||
      std::holds_alternative<model::PoliceUnit>(s)) {
    return !region.contains(anchor_of(s));
  }
  geo::Box b;
  Staged copy = s;
  for_each_coordinate(copy, [&](geo::Point& p) { b.expand(p); });
  return !region.intersects(b);
}

void check_coordinates(std::vector<Staged>& items, const ImportOptions& options,
                       quality::Report& report) {
  std::vector<Staged> kept;
  kept.reserve(items.size());
  for (auto& s : items) {
    const geo::Point a = anchor_of(s);
    if (is_zero(a)) {
      report.add(issue_for(
          s, Severity::kError, "zero_coordinates",
          "the position is (0, 0), in the sea off West Africa: a blank coordinate saved as zero",
          "dropped"));
      continue;
    }
    if (!in_range(a)) {
      if (in_range({a.y, a.x})) {
        swap_axes(s);
        report.add(issue_for(s, Severity::kWarning, "swapped_lat_lon",
                             fmt::format("longitude and latitude were swapped ({}, {})", a.x, a.y),
                             "swapped back"));
      } else {
        report.add(issue_for(s, Severity::kError, "coordinates_out_of_range",
                             fmt::format("({}, {}) is not a longitude/latitude", a.x, a.y),
                             "dropped"));
        continue;
      }
    }
    kept.push_back(std::move(s));
  }
  // Swapped axes that still look valid (lat 30, lon 104 written as lon 30, lat 104 is caught
  // above; lon 30.6 / lat 104 is not) are found against where the rest of the data lies.
  const geo::Box bulk = reference_box(kept, options.region);
  items.clear();
  for (auto& s : kept) {
    const geo::Point a = anchor_of(s);
    if (!bulk.empty() && !bulk.contains(a) && bulk.contains({a.y, a.x})) {
      swap_axes(s);
      report.add(issue_for(s, Severity::kWarning, "swapped_lat_lon",
                           fmt::format("longitude and latitude were swapped ({}, {})", a.x, a.y),
                           "swapped back"));
    }
    if (outside_region(s, options.region)) {
      Issue i = issue_for(
          s, Severity::kWarning, "outside_region",
          fmt::format("({:.6f}, {:.6f}) lies outside the declared region", a.x, a.y), "dropped");
      i.lonlat = anchor_of(s);
      report.add(std::move(i));
      continue;
    }
    items.push_back(std::move(s));
  }
}

// Schools far from every other school: an offshore island, or a typo in a coordinate. A remote
// rural school is also far from the others, so distance alone is not enough: a school is flagged
// when its nearest neighbour is beyond `isolated_km` AND beyond the deepest two-fold gap in the
// sorted nearest-neighbour distances (outback schools 110-190 km apart stay quiet; an island
// 570 km offshore does not).
double km_between(const geo::Point& a, const geo::Point& b) {
  constexpr double kEarthKm = 6371.0088;
  const double to_rad = std::numbers::pi / 180.0;
  const double dlat = (b.y - a.y) * to_rad, dlon = (b.x - a.x) * to_rad;
  const double h = std::pow(std::sin(dlat / 2), 2) + std::cos(a.y * to_rad) *
                                                         std::cos(b.y * to_rad) *
                                                         std::pow(std::sin(dlon / 2), 2);
  return 2.0 * kEarthKm * std::asin(std::min(1.0, std::sqrt(h)));
}

// Indices of schools with no other school within `km` (grid buckets of about `km`).
std::vector<std::size_t> schools_without_neighbour(const std::vector<geo::Point>& pts, double km) {
  const double cell_deg = km / 111.32;
  std::map<std::pair<long long, long long>, std::vector<std::size_t>> grid;
  const auto key_of = [&](const geo::Point& p) {
    return std::pair{static_cast<long long>(std::floor(p.x / cell_deg)),
                     static_cast<long long>(std::floor(p.y / cell_deg))};
  };
  for (std::size_t i = 0; i < pts.size(); ++i) grid[key_of(pts[i])].push_back(i);
  std::vector<std::size_t> lonely;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    const auto [kx, ky] = key_of(pts[i]);
    // Longitude cells shrink towards the poles: widen the search in x accordingly.
    const long long reach_x =
        1 +
        static_cast<long long>(1.0 / std::max(0.1, std::cos(pts[i].y * std::numbers::pi / 180.0)));
    bool found = false;
    for (long long dx = -reach_x; dx <= reach_x && !found; ++dx) {
      for (long long dy = -1; dy <= 1 && !found; ++dy) {
        const auto it = grid.find({kx + dx, ky + dy});
        if (it == grid.end()) continue;
        found = std::any_of(it->second.begin(), it->second.end(), [&](std::size_t j) {
          return j != i && km_between(pts[i], pts[j]) <= km;
        });
      }
    }
    if (!found) lonely.push_back(i);
  }
  return lonely;
}

void flag_isolated(const std::vector<Staged>& items, double isolated_km, quality::Report& report) {
  std::vector<std::size_t> school_index;
  std::vector<geo::Point> pts;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!std::holds_alternative<model::School>(items[i])) continue;
    school_index.push_back(i);
    pts.push_back(anchor_of(items[i]));
  }
  if (pts.size() < 3) return;
  std::vector<std::pair<double, std::size_t>> candidates;  // (nearest-neighbour km, school)
  for (std::size_t i : schools_without_neighbour(pts, isolated_km)) {
    double nearest = std::numeric_limits<double>::infinity();
    for (std::size_t j = 0; j < pts.size(); ++j)
      if (j != i) nearest = std::min(nearest, km_between(pts[i], pts[j]));
    candidates.emplace_back(nearest, i);
  }
  std::sort(candidates.rbegin(), candidates.rend());
  std::size_t cut = 0;  // flag candidates[0, cut)
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    const double next = k + 1 < candidates.size() ? candidates[k + 1].first : isolated_km;
    if (candidates[k].first > 2.0 * next) cut = k + 1;
  }
  for (std::size_t k = 0; k < cut; ++k) {
    const auto [km, i] = candidates[k];
    const Staged& s = items[school_index[i]];
    Issue issue =
        issue_for(s, Severity::kWarning, "isolated",
                  fmt::format("({:.6f}, {:.6f}) is {:.0f} km from the nearest other school: "
                              "an offshore island or a wrong coordinate",
                              pts[i].x, pts[i].y, km),
                  "kept; check the position");
    issue.lonlat = pts[i];
    report.add(std::move(issue));
  }
}

// [SECTION] projection and repair

geo::Crs choose_crs(const std::vector<Staged>& items, const ImportOptions& options) {
  if (options.project_crs) return *options.project_crs;
  std::vector<double> xs, ys;
  for (const auto& s : items) {
    const geo::Point a = anchor_of(s);
    xs.push_back(a.x);
    ys.push_back(a.y);
  }
  std::nth_element(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(xs.size() / 2), xs.end());
  std::nth_element(ys.begin(), ys.begin() + static_cast<std::ptrdiff_t>(ys.size() / 2), ys.end());
  return geo::utm_crs_for({xs[xs.size() / 2], ys[ys.size() / 2]});
}

void project_all(std::vector<Staged>& items, const geo::Crs& crs) {
  tbb::enumerable_thread_specific<geo::Transformer> transformers(
      [&] { return geo::Transformer(geo::Crs::wgs84(), crs); });
  tbb::parallel_for(std::size_t{0}, items.size(), [&](std::size_t i) {
    const geo::Transformer& t = transformers.local();
    for_each_coordinate(items[i], [&](geo::Point& p) {
      if (const auto q = t.apply(p)) p = *q;
    });
  });
}

void drop_repeated_vertices(geo::LineString& line) {
  line.erase(std::unique(line.begin(), line.end()), line.end());
}

// Returns false if nothing usable is left.
bool repair_area(geo::MultiPolygon& area, const geo::GeosContext& geos, const Staged& owner,
                 quality::Report& report) {
  const geo::ValidityReport v = geos.check(area);
  if (v.valid) return geo::area(area) > 0.0;
  area = geos.make_valid(area);
  const bool usable = !area.empty() && geo::area(area) > 0.0;
  report.add(issue_for(
      owner, Severity::kWarning, "invalid_geometry", fmt::format("invalid polygon: {}", v.reason),
      usable ? "repaired with GEOS MakeValid" : "dropped: nothing left after repair"));
  return usable;
}

void repair_geometries(std::vector<Staged>& items, quality::Report& report) {
  geo::GeosContext geos;
  std::vector<Staged> kept;
  kept.reserve(items.size());
  for (auto& s : items) {
    bool keep = true;
    if (auto* school = std::get_if<model::School>(&s)) {
      if (school->campus && !repair_area(*school->campus, geos, s, report)) school->campus.reset();
      if (school->defaulted.location_from_campus) {
        if (school->campus)
          school->location = geo::centroid(*school->campus);
        else
          keep = false;
      }
    } else if (auto* water = std::get_if<model::WaterBody>(&s)) {
      keep = repair_area(water->area, geos, s, report);
      if (keep && water->kind_inferred) {
        water->kind = geo::area(water->area) < kPondMaxAreaM2 ? model::WaterKind::kPond
                                                              : model::WaterKind::kLake;
      }
    } else if (auto* line = std::get_if<model::Road>(&s)) {
      drop_repeated_vertices(line->line);
      keep = line->line.size() >= 2;
    } else if (auto* ww = std::get_if<model::Waterway>(&s)) {
      drop_repeated_vertices(ww->line);
      keep = ww->line.size() >= 2;
    }
    if (!keep) {
      report.add(issue_for(s, Severity::kWarning, "degenerate_geometry",
                           "the geometry has no length or area", "dropped"));
      continue;
    }
    kept.push_back(std::move(s));
  }
  items = std::move(kept);
}

// [SECTION] de-duplication

std::string name_key(const std::string& name) {
  return text::to_lower_ascii(text::trim(name));
}

// Copies what `from` knows and `into` only defaulted.
void merge_school_facts(model::School& into, const model::School& from) {
  if (into.name.empty()) into.name = from.name;
  if (into.defaulted.level && !from.defaulted.level) {
    into.level = from.level;
    into.defaulted.level = false;
  }
  if (into.defaulted.enrollment && !from.defaulted.enrollment) {
    into.enrollment = from.enrollment;
    into.defaulted.enrollment = false;
  }
  if (!into.campus && from.campus) {
    into.campus = from.campus;
  }
  if (into.defaulted.location_from_campus && !from.defaulted.location_from_campus) {
    into.location = from.location;  // a surveyed point beats a centroid
    into.defaulted.location_from_campus = false;
  }
  into.gates.insert(into.gates.end(), from.gates.begin(), from.gates.end());
}

bool same_place(const model::School& a, const model::School& b, double tolerance_m) {
  if (geo::distance(a.location, b.location) <= tolerance_m) return true;
  return (a.campus && geo::contains(*a.campus, b.location)) ||
         (b.campus && geo::contains(*b.campus, a.location));
}

void deduplicate_schools(std::vector<Staged>& items, double tolerance_m, quality::Report& report) {
  std::vector<std::size_t> schools;
  for (std::size_t i = 0; i < items.size(); ++i)
    if (std::holds_alternative<model::School>(items[i])) schools.push_back(i);
  std::vector<bool> removed(items.size(), false);
  std::unordered_map<std::string, std::vector<std::size_t>> by_name;
  for (std::size_t i : schools) by_name[name_key(name_of(items[i]))].push_back(i);

  const auto merge = [&](std::size_t keep, std::size_t drop, std::string_view why) {
    auto& a = std::get<model::School>(items[keep]);
    const auto& b = std::get<model::School>(items[drop]);
    merge_school_facts(a, b);
    report.add(issue_for(items[drop], Severity::kInfo, "duplicate",
                         fmt::format("{} as {}", why, a.id), fmt::format("merged into {}", a.id)));
    removed[drop] = true;
  };
  // Same name, same place: one school mapped twice (a node and its campus way).
  for (auto& [key, group] : by_name) {
    if (key.empty()) continue;
    for (std::size_t x = 0; x < group.size(); ++x) {
      for (std::size_t y = x + 1; y < group.size(); ++y) {
        const std::size_t i = group[x], j = group[y];
        if (removed[i] || removed[j]) continue;
        const auto& a = std::get<model::School>(items[i]);
        const auto& b = std::get<model::School>(items[j]);
        if (!same_place(a, b, tolerance_m)) continue;
        const bool keep_i = a.campus.has_value() || !b.campus.has_value();
        merge(keep_i ? i : j, keep_i ? j : i, "the same school appears twice");
      }
    }
  }
  // An unnamed campus holding exactly one named school point: the point names the campus.
  for (std::size_t i : by_name[""]) {
    if (removed[i]) continue;
    auto& campus = std::get<model::School>(items[i]);
    if (!campus.campus) continue;
    std::vector<std::size_t> inside;
    for (std::size_t j : schools) {
      if (j == i || removed[j]) continue;
      const auto& p = std::get<model::School>(items[j]);
      if (!p.campus && !p.name.empty() && geo::contains(*campus.campus, p.location))
        inside.push_back(j);
    }
    if (inside.size() == 1) merge(inside.front(), i, "an unnamed campus of the same school");
  }
  std::vector<Staged> kept;
  for (std::size_t i = 0; i < items.size(); ++i)
    if (!removed[i]) kept.push_back(std::move(items[i]));
  items = std::move(kept);
}

// [SECTION] assembly

void apply_level_overrides(model::School& s,
                           const std::map<model::SchoolLevel, scenario::LevelOverride>& overrides) {
  const auto it = overrides.find(s.level);
  if (it == overrides.end()) return;
  const scenario::LevelOverride& o = it->second;
  if (s.defaulted.enrollment && o.enrollment) s.enrollment = *o.enrollment;
  if (s.defaulted.boarding && o.boarding) s.boarding = *o.boarding;
  if (s.defaulted.morning_bell && o.morning_bell) s.morning_bell = *o.morning_bell;
  if (s.defaulted.dismissal && o.dismissal) s.dismissal = *o.dismissal;
}

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                     fmt::gmtime(std::chrono::system_clock::to_time_t(now)));
}

model::Project assemble(std::vector<Staged>& items, const geo::Crs& crs,
                        const std::vector<SourceRequest>& sources, const ImportOptions& options,
                        bool any_osm, const std::optional<model::ProjectInfo>& store_info) {
  model::Project p;
  if (store_info) {
    // Re-importing a store keeps what it said about itself (synthetic, attribution).
    p.info.synthetic = store_info->synthetic;
    p.info.attribution = store_info->attribution;
    p.info.extra = store_info->extra;
  }
  p.info.crs = crs;
  p.info.name =
      options.project_name.empty() ? sources.front().path.stem().string() : options.project_name;
  for (const auto& s : sources) p.info.sources.push_back(s.path.string());
  const std::string osm = "© OpenStreetMap contributors, ODbL 1.0";
  if (any_osm && std::find(p.info.attribution.begin(), p.info.attribution.end(), osm) ==
                     p.info.attribution.end()) {
    p.info.attribution.push_back(osm);
  }
  p.info.created_utc = utc_now();
  for (auto& s : items) {
    std::visit(
        [&](auto& item) {
          using T = std::decay_t<decltype(item)>;
          if constexpr (std::is_same_v<T, model::School>) {
            apply_level_overrides(item, options.school_defaults);
            p.schools.push_back(std::move(item));
          } else if constexpr (std::is_same_v<T, model::WaterBody>)
            p.water.push_back(std::move(item));
          else if constexpr (std::is_same_v<T, model::Waterway>)
            p.waterways.push_back(std::move(item));
          else if constexpr (std::is_same_v<T, model::Road>)
            p.roads.push_back(std::move(item));
          else if constexpr (std::is_same_v<T, model::Poi>)
            p.pois.push_back(std::move(item));
          else
            p.police.push_back(std::move(item));
        },
        s);
  }
  return p;
}

void fill_counts(const model::Project& p, quality::Report& report) {
  report.set_count("schools", static_cast<std::int64_t>(p.schools.size()));
  report.set_count("water", static_cast<std::int64_t>(p.water.size()));
  report.set_count("waterways", static_cast<std::int64_t>(p.waterways.size()));
  report.set_count("roads", static_cast<std::int64_t>(p.roads.size()));
  report.set_count("pois", static_cast<std::int64_t>(p.pois.size()));
  report.set_count("police", static_cast<std::int64_t>(p.police.size()));
  std::map<std::string, std::int64_t> levels, water, waterways, roads, pois, police;
  for (const auto& s : p.schools) ++levels[std::string(model::to_string(s.level))];
  for (const auto& w : p.water) ++water[std::string(model::to_string(w.kind))];
  for (const auto& w : p.waterways) ++waterways[std::string(model::to_string(w.kind))];
  std::int64_t drivable = 0, walkable = 0;
  for (const auto& r : p.roads) {
    drivable += r.drivable;
    walkable += r.walkable;
  }
  roads["drivable"] = drivable;
  roads["walkable"] = walkable;
  for (const auto& x : p.pois) ++pois[std::string(model::to_string(x.category))];
  for (const auto& x : p.police) ++police[std::string(model::to_string(x.kind))];
  report.set_breakdown("schools", levels);
  report.set_breakdown("water", water);
  report.set_breakdown("waterways", waterways);
  report.set_breakdown("roads", roads);
  report.set_breakdown("pois", pois);
  report.set_breakdown("police", police);
}

void report_missing_names(const model::Project& p, quality::Report& report) {
  for (const auto& s : p.schools) {
    if (!s.name.empty()) continue;
    report.add({.severity = Severity::kWarning,
                .code = "missing_name",
                .file = s.source.file,
                .layer = s.source.layer,
                .row = s.source.row,
                .feature_id = s.id,
                .message = "the school has no name",
                .action = "kept; add a name"});
  }
}

}  // namespace

geo::Region load_region(const scenario::RegionSpec& spec) {
  if (spec.bbox) return geo::Region::from_box(*spec.bbox, spec.name);
  if (!spec.polygon) return {};
  const io::VectorSource source = io::VectorSource::open(*spec.polygon);
  geo::MultiPolygon outline;
  std::optional<geo::Transformer> to_wgs84;
  for (const auto& layer : source.layers()) {
    require_crs(layer.crs, layer, *spec.polygon);
    to_wgs84.emplace(*layer.crs, geo::Crs::wgs84());
    break;
  }
  source.for_each([&](const io::RawFeature& f) {
    if (!f.geometry) return;
    geo::Geometry g = *f.geometry;
    geo::for_each_point(g, [&](geo::Point& p) {
      if (auto q = to_wgs84->apply(p)) p = *q;
    });
    if (const auto* poly = std::get_if<geo::Polygon>(&g)) outline.push_back(*poly);
    if (const auto* multi = std::get_if<geo::MultiPolygon>(&g))
      outline.insert(outline.end(), multi->begin(), multi->end());
  });
  if (outline.empty()) {
    throw Error(ErrorCode::kEmptyInput, "the region file holds no polygon",
                {.file = spec.polygon->string(),
                 .fix = "give a GeoJSON/GeoPackage with the boundary polygon"});
  }
  return geo::Region::from_polygon(std::move(outline), spec.name);
}

std::vector<SourceRequest> requests_for(const scenario::Scenario& s) {
  std::vector<SourceRequest> out;
  for (const auto& src : s.sources) {
    SourceRequest r;
    r.path = src.path;
    r.mapping = src.mapping ? &*src.mapping : nullptr;
    r.input_crs = src.input_crs;
    r.encoding = src.encoding;
    r.layers = src.layers;
    out.push_back(std::move(r));
  }
  return out;
}

ImportOptions import_options_for(const scenario::Scenario& s) {
  ImportOptions o;
  o.project_name = s.name;
  o.project_crs = s.crs;
  o.region = load_region(s.region);
  o.duplicate_distance_m = s.quality.duplicate_distance_m;
  o.isolated_distance_km = s.quality.isolated_distance_km;
  o.school_defaults = s.school_defaults;
  return o;
}

ImportResult import_sources(const std::vector<SourceRequest>& sources, const ImportOptions& options,
                            Progress& progress) {
  if (sources.empty()) {
    throw Error(ErrorCode::kBadParameter, "no source to import",
                {.fix = "name at least one data file"});
  }
  require_positive("duplicate distance (m)", options.duplicate_distance_m);
  require_positive("isolated distance (km)", options.isolated_distance_km);
  ImportResult result;
  std::vector<Staged> items;
  ReadContext ctx{options, result.report, items, std::nullopt};
  bool any_osm = false;
  for (const auto& request : sources) {
    auto summary = read_source(request, ctx, progress);
    any_osm = any_osm || summary.driver == "OSM";
    if (summary.features_used == 0) {
      result.report.add({.severity = Severity::kError,
                         .code = "nothing_usable",
                         .file = summary.file,
                         .message =
                             "no school, water, road, point of interest or police feature was "
                             "found in this source",
                         .action = "give a --mapping file that says which columns hold what"});
    }
    result.report.add_source(std::move(summary));
  }
  check_coordinates(items, options, result.report);
  if (options.region.whole()) flag_isolated(items, options.isolated_distance_km, result.report);
  if (items.empty()) {
    throw Error(ErrorCode::kEmptyInput, "nothing to import: no usable feature in the sources",
                {.file = sources.front().path.string(),
                 .fix = "check the data-quality problems above; for a school list give --mapping "
                        "and --input-crs"});
  }
  const geo::Crs crs = choose_crs(items, options);
  result.report.set_crs(crs.label());
  project_all(items, crs);
  repair_geometries(items, result.report);
  deduplicate_schools(items, options.duplicate_distance_m, result.report);
  result.project = assemble(items, crs, sources, options, any_osm, ctx.store_info);
  report_missing_names(result.project, result.report);
  fill_counts(result.project, result.report);
  if (options.strict && result.report.count(Severity::kError) > 0) {
    std::vector<std::string> first;
    for (const auto& i : result.report.issues()) {
      if (i.severity == Severity::kError && first.size() < 5)
        first.push_back(i.where() + ": " + i.message);
    }
    throw Error(ErrorCode::kBadValue,
                fmt::format("{} error-level data problems (strict mode): {}",
                            result.report.count(Severity::kError), fmt::join(first, "; ")),
                {.file = sources.front().path.string(),
                 .fix = "fix the listed rows or import without --strict"});
  }
  return result;
}

}  // namespace huxiao::ingest
