#pragma once
// Analyses the viewer can run, and the worker thread that runs them. An analysis takes a copy of
// the document and its parameters and returns what to show: a new document (import, demo),
// store layers (zones, posts, findings) and rasters (drowning risk, density). The engine
// modules register theirs here (see builtin_analyses) — the panel draws itself from the
// parameter list, so a new analysis needs no UI code.

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "io/raster_reader.hpp"
#include "viewer/core/colormap.hpp"
#include "viewer/core/document.hpp"

namespace huxiao::viewer {

struct RasterOverlay {
  io::RasterGrid grid;
  ColorScale scale;
  double opacity = 0.7;
  std::string units;  // for the legend
};

struct AnalysisOutput {
  std::optional<Document> document;  // replaces the open document (import, demo)
  std::vector<model::Table> layers;  // added to the document, replacing same-named layers
  std::vector<RasterOverlay> rasters;
  std::string summary;  // one line for the status bar
};

struct AnalysisParam {
  std::string key;
  std::string label;          // Chinese, for the panel
  std::string default_value;  // the panel's text field starts with it
};
using AnalysisParams = std::map<std::string, std::string>;

struct Analysis {
  std::string name;   // used by `run NAME` in scripts
  std::string title;  // panel header
  std::vector<AnalysisParam> params;
  std::function<AnalysisOutput(const Document&, const AnalysisParams&, Progress&)> run;
};

class AnalysisRegistry {
 public:
  void add(Analysis analysis);  // replaces one of the same name
  const Analysis* find(std::string_view name) const;
  const std::vector<Analysis>& all() const { return analyses_; }
  std::string names() const;  // "demo, import" for error messages

 private:
  std::vector<Analysis> analyses_;
};

// demo (synthetic county), import (any source huxiao import reads), raster (load a GeoTIFF as
// an overlay), and the engine's zones, drowning, evac and deploy (engine_analyses.hpp).
AnalysisRegistry builtin_analyses();

// Parameter access with a clear error naming the analysis and key.
std::string param(const AnalysisParams& p, const Analysis& a, const std::string& key);
double param_number(const AnalysisParams& p, const Analysis& a, const std::string& key);

// [SECTION] the worker

// Progress as the UI thread sees it: written by the worker, read every frame.
class JobProgress final : public Progress {
 public:
  void begin(std::string_view task, std::uint64_t total) override;
  void update(std::uint64_t done) override { done_ = done; }
  void end() override {}
  bool cancel_requested() const override { return cancel_; }

  void request_cancel() { cancel_ = true; }
  float fraction() const;
  std::string task() const;

 private:
  mutable std::mutex mutex_;
  std::string task_;
  std::atomic<std::uint64_t> done_{0}, total_{0};
  std::atomic<bool> cancel_{false};
};

// Runs one analysis on its own thread. The destructor cancels and joins, so a job never
// outlives the viewer.
class Job {
 public:
  Job(const Analysis& analysis, Document snapshot, AnalysisParams params);
  ~Job();
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;

  const std::string& name() const { return name_; }
  bool finished() const { return finished_; }
  void cancel() { progress_.request_cancel(); }
  const JobProgress& progress() const { return progress_; }
  // Once finished: the output, or the analysis's exception rethrown; Error(kCancelled) after
  // cancel(), even when the analysis ran to the end.
  AnalysisOutput take();

 private:
  std::string name_;
  JobProgress progress_;
  std::optional<AnalysisOutput> output_;
  std::exception_ptr error_;
  std::atomic<bool> finished_{false};
  std::thread thread_;
};

}  // namespace huxiao::viewer
