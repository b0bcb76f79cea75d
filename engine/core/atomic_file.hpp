#pragma once
// Every output is written under a temporary name beside its target and renamed into place only
// when complete, so a crash or an error never leaves a half-written file where a good one was.

#include <filesystem>

namespace huxiao {

class AtomicOutput {
 public:
  explicit AtomicOutput(std::filesystem::path target);
  ~AtomicOutput();  // removes the temporary file unless commit() succeeded
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::filesystem::path& temp_path() const { return temp_; }
  const std::filesystem::path& target() const { return target_; }
  void commit();  // atomic rename over the target

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  bool committed_ = false;
};

// Writes a whole text file atomically.
void write_text_file_atomic(const std::filesystem::path& target, std::string_view content);

}  // namespace huxiao
