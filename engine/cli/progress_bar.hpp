#pragma once
// A terminal progress bar on stderr. It stays silent for work shorter than a second, and when
// stderr is not a terminal it prints one line per task instead of redrawing.

#include <chrono>
#include <cstdint>
#include <string>

#include "core/progress.hpp"

namespace huxiao::cli {

class ProgressBar final : public Progress {
 public:
  ProgressBar();
  void begin(std::string_view task, std::uint64_t total) override;
  void update(std::uint64_t done) override;
  void end() override;

 private:
  void draw(std::uint64_t done, bool final);

  bool tty_;
  int depth_ = 0;
  std::string task_;
  std::uint64_t total_ = 0;
  std::uint64_t last_done_ = 0;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace huxiao::cli
