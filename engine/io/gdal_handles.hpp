#pragma once
// RAII for GDAL/OGR handles, and a scope that turns GDAL's error stack into messages we can
// attach to huxiao::Error instead of letting GDAL print to stderr.

#include <memory>
#include <optional>
#include <string>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

namespace huxiao::io {

struct DatasetCloser {
  void operator()(GDALDataset* d) const { GDALClose(d); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

struct FeatureDeleter {
  void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
};
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;

struct GeometryDeleter {
  void operator()(OGRGeometry* g) const { OGRGeometryFactory::destroyGeometry(g); }
};
using GeometryPtr = std::unique_ptr<OGRGeometry, GeometryDeleter>;

// Registers GDAL's drivers once per process (GDAL's own registry; thread-safe).
void ensure_gdal();

// While alive, GDAL errors are collected instead of printed. GDAL keeps handlers per thread.
class GdalErrorCapture {
 public:
  GdalErrorCapture();
  ~GdalErrorCapture();
  GdalErrorCapture(const GdalErrorCapture&) = delete;
  GdalErrorCapture& operator=(const GdalErrorCapture&) = delete;
  const std::string& messages() const { return messages_; }
  bool failed() const { return failed_; }  // an error (not just a warning) was raised

 private:
  static void CPL_STDCALL handler(CPLErr level, CPLErrorNum code, const char* message);
  std::string messages_;
  bool failed_ = false;
};

// Sets a GDAL config option for the calling thread while alive, then restores the previous value.
class ThreadConfigOption {
 public:
  ThreadConfigOption(std::string key, const std::string& value);
  ~ThreadConfigOption();
  ThreadConfigOption(const ThreadConfigOption&) = delete;
  ThreadConfigOption& operator=(const ThreadConfigOption&) = delete;

 private:
  std::string key_;
  std::optional<std::string> previous_;
};

// A temporary in-memory file (/vsimem) holding `content`, unlinked on destruction.
class MemoryFile {
 public:
  explicit MemoryFile(std::string_view content, std::string_view suffix);
  ~MemoryFile();
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace huxiao::io
