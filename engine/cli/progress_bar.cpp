#include "cli/progress_bar.hpp"

#include <unistd.h>
#include <cstdio>

#include <fmt/format.h>

namespace huxiao::cli {

using Clock = std::chrono::steady_clock;

ProgressBar::ProgressBar() : tty_(isatty(STDERR_FILENO) == 1) {}

void ProgressBar::begin(std::string_view task, std::uint64_t total) {
  // Nested tasks (writing one layer of a store) report inside their parent: only the outermost
  // task owns the bar.
  if (depth_++ > 0) return;
  task_ = task;
  total_ = total;
  last_done_ = 0;
  drawn_ = false;
  started_ = last_draw_ = Clock::now();
}

void ProgressBar::update(std::uint64_t done) {
  if (depth_ != 1) return;
  last_done_ = done;
  const auto now = Clock::now();
  if (now - started_ < std::chrono::seconds(1)) return;
  if (tty_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  if (!tty_ && drawn_) return;
  last_draw_ = now;
  draw(done, false);
}

void ProgressBar::end() {
  if (--depth_ > 0) return;
  if (drawn_) draw(total_, true);
}

void ProgressBar::draw(std::uint64_t done, bool final) {
  const double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
  const double fraction =
      total_ > 0 ? std::min(1.0, static_cast<double>(done) / static_cast<double>(total_)) : 0.0;
  if (!tty_) {
    if (final)
      std::fprintf(stderr, "%s: done in %.1f s\n", task_.c_str(), seconds);
    else
      std::fprintf(stderr, "%s ...\n", task_.c_str());
    drawn_ = true;
    return;
  }
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(fraction * kWidth);
  const std::string bar = std::string(static_cast<std::size_t>(filled), '#') +
                          std::string(static_cast<std::size_t>(kWidth - filled), '-');
  std::fprintf(stderr, "\r%-32.32s [%s] %3d%% %6.1f s%s", task_.c_str(), bar.c_str(),
               static_cast<int>(fraction * 100.0), seconds, final ? "\n" : "");
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace huxiao::cli
