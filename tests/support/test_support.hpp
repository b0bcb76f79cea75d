#pragma once
// Shared helpers for the test executables: reference data paths, scratch folders, running the CLI.

#include <filesystem>
#include <string>
#include <vector>

namespace huxiao::testing {

// ../shared/data/<relative>; the test is skipped by the caller if it is missing.
std::filesystem::path shared_data(const std::string& relative);
std::filesystem::path source_dir();

// A fresh folder under the system temp dir, removed with its contents on destruction.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

struct CliResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};
// Runs the built `huxiao` program with the given arguments (each quoted for the shell).
CliResult run_cli(const std::vector<std::string>& args);

void write_file(const std::filesystem::path& path, const std::string& content);
std::string read_file(const std::filesystem::path& path);

}  // namespace huxiao::testing
