#include "support/test_support.hpp"

#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

namespace huxiao::testing {
namespace fs = std::filesystem;

fs::path shared_data(const std::string& relative) {
  return fs::path(HUXIAO_SHARED_DATA) / relative;
}
fs::path source_dir() {
  return fs::path(HUXIAO_SOURCE_DIR);
}

ScratchDir::ScratchDir() {
  std::random_device rd;
  path_ =
      fs::temp_directory_path() / ("huxiao-test-" + std::to_string(rd()) + std::to_string(rd()));
  fs::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

namespace {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

}  // namespace

CliResult run_cli(const std::vector<std::string>& args) {
  std::string command = shell_quote(HUXIAO_CLI);
  for (const auto& a : args) command += " " + shell_quote(a);
  command += " 2>&1 < /dev/null";
  CliResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr) {
    result.output += buffer.data();
  }
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

void write_file(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream f(path, std::ios::binary);
  f << content;
}

std::string read_file(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace huxiao::testing
