#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

#include "core/error.hpp"

namespace huxiao {
namespace fs = std::filesystem;

namespace {

fs::path temp_name_for(const fs::path& target) {
  std::random_device rd;
  const auto tag = fmt::format(".tmp-{:08x}", rd());
  // Keep the extension last: GDAL picks drivers by it.
  return target.parent_path() / (target.stem().string() + tag + target.extension().string());
}

}  // namespace

AtomicOutput::AtomicOutput(fs::path target) : target_(std::move(target)) {
  const fs::path dir = target_.parent_path().empty() ? fs::path(".") : target_.parent_path();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) {
      throw Error(ErrorCode::kWriteFailed,
                  fmt::format("cannot create the output folder: {}", ec.message()),
                  {.file = dir.string(), .fix = "choose a writable output path"});
    }
  }
  temp_ = temp_name_for(target_);
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) {
    std::error_code ec;
    fs::remove(temp_, ec);
  }
}

void AtomicOutput::commit() {
  // The data must be on disk before the new name points at it, or a power cut could leave a
  // renamed but empty file where the good old one was.
  if (const int fd = ::open(temp_.c_str(), O_RDONLY); fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  std::error_code ec;
  fs::rename(temp_, target_, ec);
  if (ec) {
    throw Error(ErrorCode::kWriteFailed,
                fmt::format("cannot move the finished file into place: {}", ec.message()),
                {.file = target_.string(), .fix = "check that the folder is writable"});
  }
  committed_ = true;
}

void write_text_file_atomic(const fs::path& target, std::string_view content) {
  AtomicOutput out(target);
  {
    std::ofstream f(out.temp_path(), std::ios::binary);
    f.write(content.data(), static_cast<std::streamsize>(content.size()));
    f.close();
    if (!f) {
      throw Error(ErrorCode::kWriteFailed, "cannot write the file",
                  {.file = target.string(), .fix = "check free disk space and permissions"});
    }
  }
  out.commit();
}

}  // namespace huxiao
