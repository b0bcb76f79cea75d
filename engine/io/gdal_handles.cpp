#include "io/gdal_handles.hpp"

#include <atomic>
#include <mutex>
#include <random>

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <fmt/format.h>

namespace huxiao::io {

void ensure_gdal() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

GdalErrorCapture::GdalErrorCapture() {
  CPLPushErrorHandlerEx(&GdalErrorCapture::handler, this);
}

GdalErrorCapture::~GdalErrorCapture() {
  CPLPopErrorHandler();
}

void CPL_STDCALL GdalErrorCapture::handler(CPLErr level, CPLErrorNum, const char* message) {
  if (level < CE_Warning) return;
  auto* self = static_cast<GdalErrorCapture*>(CPLGetErrorHandlerUserData());
  if (self == nullptr || message == nullptr) return;
  if (level >= CE_Failure) self->failed_ = true;
  if (!self->messages_.empty()) self->messages_ += "; ";
  // Long GDAL messages repeat themselves; the first few hundred bytes carry the meaning.
  if (self->messages_.size() < 2000) self->messages_ += message;
}

ThreadConfigOption::ThreadConfigOption(std::string key, const std::string& value)
    : key_(std::move(key)) {
  if (const char* old = CPLGetThreadLocalConfigOption(key_.c_str(), nullptr)) previous_ = old;
  CPLSetThreadLocalConfigOption(key_.c_str(), value.c_str());
}

ThreadConfigOption::~ThreadConfigOption() {
  CPLSetThreadLocalConfigOption(key_.c_str(), previous_ ? previous_->c_str() : nullptr);
}

MemoryFile::MemoryFile(std::string_view content, std::string_view suffix) {
  std::random_device rd;
  path_ = fmt::format("/vsimem/huxiao-{:08x}{:08x}{}", rd(), rd(), suffix);
  VSILFILE* f = VSIFOpenL(path_.c_str(), "wb");
  if (f != nullptr) {
    VSIFWriteL(content.data(), 1, content.size(), f);
    VSIFCloseL(f);
  }
}

MemoryFile::~MemoryFile() {
  VSIUnlink(path_.c_str());
}

}  // namespace huxiao::io
