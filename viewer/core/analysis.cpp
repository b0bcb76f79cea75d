#include "viewer/core/analysis.hpp"

#include <charconv>

#include "core/error.hpp"
#include "demo/synthetic_county.hpp"
#include "ingest/importer.hpp"
#include "viewer/core/engine_analyses.hpp"

namespace huxiao::viewer {

// [SECTION] registry

void AnalysisRegistry::add(Analysis analysis) {
  for (auto& a : analyses_)
    if (a.name == analysis.name) {
      a = std::move(analysis);
      return;
    }
  analyses_.push_back(std::move(analysis));
}

const Analysis* AnalysisRegistry::find(std::string_view name) const {
  for (const auto& a : analyses_)
    if (a.name == name) return &a;
  return nullptr;
}

std::string AnalysisRegistry::names() const {
  std::string out;
  for (const auto& a : analyses_) out += (out.empty() ? "" : ", ") + a.name;
  return out;
}

std::string param(const AnalysisParams& p, const Analysis& a, const std::string& key) {
  if (auto it = p.find(key); it != p.end()) return it->second;
  for (const auto& def : a.params)
    if (def.key == key) return def.default_value;
  throw Error(ErrorCode::kBadParameter, "analysis '" + a.name + "' has no parameter '" + key + "'",
              {.fix = "see the analysis panel for its parameters"});
}

double param_number(const AnalysisParams& p, const Analysis& a, const std::string& key) {
  const std::string text = param(p, a, key);
  double v = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size())
    throw Error(ErrorCode::kBadParameter,
                "parameter '" + key + "' of '" + a.name + "' is not a number: '" + text + "'",
                {.fix = "type a number"});
  return v;
}

// [SECTION] built-in analyses

namespace {

Analysis demo_analysis() {
  Analysis a{
      "demo", "示例县 (合成数据)", {{"schools", "学校数", "120"}, {"seed", "随机种子", "1"}}, {}};
  a.run = [a](const Document&, const AnalysisParams& p, Progress& progress) {
    demo::DemoOptions options;
    const double schools = param_number(p, a, "schools");
    require_in_range("schools", schools, 1, 20000, "the viewer shows up to 20 000 schools");
    options.schools = static_cast<std::size_t>(schools);
    options.seed = static_cast<std::uint64_t>(param_number(p, a, "seed"));
    AnalysisOutput out;
    out.document.emplace();
    out.document->project = demo::make_demo_project(options, progress);
    out.summary = "示例县: " + std::to_string(out.document->project.schools.size()) + " 所学校";
    return out;
  };
  return a;
}

Analysis import_analysis() {
  Analysis a{"import", "导入数据", {{"path", "文件", ""}, {"input_crs", "坐标系 (可空)", ""}}, {}};
  a.run = [a](const Document&, const AnalysisParams& p, Progress& progress) {
    ingest::SourceRequest request;
    request.path = param(p, a, "path");
    if (const auto crs = param(p, a, "input_crs"); !crs.empty())
      request.input_crs = geo::Crs::parse(crs);
    ingest::ImportOptions options;
    options.project_name = request.path.stem().string();
    auto result = ingest::import_sources({request}, options, progress);
    AnalysisOutput out;
    out.document.emplace();
    out.document->project = std::move(result.project);
    out.summary = "导入 " + std::to_string(out.document->project.feature_count()) + " 个要素";
    return out;
  };
  return a;
}

Analysis raster_analysis() {
  Analysis a{"raster", "栅格图层", {{"path", "GeoTIFF", ""}, {"colormap", "色带", "risk"}}, {}};
  a.run = [a](const Document& doc, const AnalysisParams& p, Progress&) {
    RasterOverlay overlay;
    overlay.grid = io::read_raster(param(p, a, "path"));
    const int raster_epsg = overlay.grid.crs.empty() ? 0 : overlay.grid.crs.epsg().value_or(0);
    const int project_epsg =
        doc.project.info.crs.empty() ? 0 : doc.project.info.crs.epsg().value_or(0);
    if (raster_epsg != 0 && project_epsg != 0 && raster_epsg != project_epsg)
      throw Error(ErrorCode::kBadCrs,
                  "the raster is in EPSG:" + std::to_string(raster_epsg) +
                      ", the project in EPSG:" + std::to_string(project_epsg),
                  {.file = param(p, a, "path"),
                   .fix = "warp it first: gdalwarp -t_srs EPSG:" + std::to_string(project_epsg)});
    const auto map = parse_colormap(param(p, a, "colormap"));
    if (!map)
      throw Error(ErrorCode::kBadParameter, "unknown colour map '" + param(p, a, "colormap") + "'",
                  {.fix = "use risk, viridis, inferno, blues or gray"});
    const auto [lo, hi] = overlay.grid.value_range();
    overlay.scale = {*map, lo, hi};
    AnalysisOutput out;
    out.summary = "栅格 " + overlay.grid.name;
    out.rasters.push_back(std::move(overlay));
    return out;
  };
  return a;
}

}  // namespace

AnalysisRegistry builtin_analyses() {
  AnalysisRegistry r;
  r.add(demo_analysis());
  r.add(import_analysis());
  r.add(raster_analysis());
  r.add(zones_analysis());
  r.add(drowning_analysis());
  r.add(evac_analysis());
  r.add(deploy_analysis());
  return r;
}

// [SECTION] worker

void JobProgress::begin(std::string_view task, std::uint64_t total) {
  std::lock_guard lock(mutex_);
  task_ = task;
  total_ = total;
  done_ = 0;
}

float JobProgress::fraction() const {
  const auto total = total_.load();
  return total == 0
             ? 0.0f
             : static_cast<float>(static_cast<double>(done_.load()) / static_cast<double>(total));
}

std::string JobProgress::task() const {
  std::lock_guard lock(mutex_);
  return task_;
}

Job::Job(const Analysis& analysis, Document snapshot, AnalysisParams params)
    : name_(analysis.name) {
  thread_ =
      std::thread([this, run = analysis.run, doc = std::move(snapshot), p = std::move(params)] {
        try {
          output_ = run(doc, p, progress_);
        } catch (...) {
          error_ = std::current_exception();
        }
        finished_ = true;
      });
}

Job::~Job() {
  progress_.request_cancel();
  if (thread_.joinable()) thread_.join();
}

AnalysisOutput Job::take() {
  if (thread_.joinable()) thread_.join();
  if (error_) std::rethrow_exception(error_);
  // An analysis without cancel points of its own still finishes; a cancelled result is dropped.
  if (progress_.cancel_requested())
    throw Error(ErrorCode::kCancelled, "the analysis '" + name_ + "' was cancelled");
  if (!output_) throw Error(ErrorCode::kInternal, "the analysis returned nothing");
  AnalysisOutput out = std::move(*output_);
  output_.reset();
  return out;
}

}  // namespace huxiao::viewer
