#include "core/progress.hpp"

#include "core/error.hpp"

namespace huxiao {
namespace {

class NullProgress final : public Progress {
 public:
  void begin(std::string_view, std::uint64_t) override {}
  void update(std::uint64_t) override {}
  void end() override {}
};

}  // namespace

Progress& no_progress() {
  static NullProgress sink;
  return sink;
}

ProgressTask::ProgressTask(Progress& sink, std::string_view task, std::uint64_t total)
    : sink_(sink) {
  sink_.begin(task, total);
}

ProgressTask::~ProgressTask() {
  sink_.end();
}

void ProgressTask::update(std::uint64_t done) {
  sink_.update(done);
}

void ProgressTask::check_cancel() const {
  if (sink_.cancel_requested()) throw Error(ErrorCode::kCancelled, "cancelled by the user");
}

}  // namespace huxiao
