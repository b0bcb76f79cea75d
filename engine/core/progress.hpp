#pragma once
// Long work reports progress through this interface; the CLI draws a bar, the viewer a widget,
// tests count calls. Cancellation is polled by the worker, never forced.

#include <cstdint>
#include <string_view>

namespace huxiao {

class Progress {
 public:
  virtual ~Progress() = default;
  virtual void begin(std::string_view task, std::uint64_t total) = 0;
  // `done` is absolute (0..total), so a dropped call never skews the bar.
  virtual void update(std::uint64_t done) = 0;
  virtual void end() = 0;
  virtual bool cancel_requested() const { return false; }
};

// A sink that ignores everything; stateless, so sharing one instance is safe.
Progress& no_progress();

// Scoped task: begin on construction, end on destruction; throws kCancelled from check().
class ProgressTask {
 public:
  ProgressTask(Progress& sink, std::string_view task, std::uint64_t total);
  ~ProgressTask();
  ProgressTask(const ProgressTask&) = delete;
  ProgressTask& operator=(const ProgressTask&) = delete;

  void update(std::uint64_t done);
  void check_cancel() const;

 private:
  Progress& sink_;
};

}  // namespace huxiao
