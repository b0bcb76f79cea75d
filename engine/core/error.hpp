#pragma once
// One error type for the whole engine, in the spirit of JuPedSim's SimulationError and
// libosmium's typed exceptions: a code a program can switch on, plus the three things a user
// needs to act on it — which file, which feature, and how to fix it.

#include <stdexcept>
#include <string>
#include <string_view>

namespace huxiao {

enum class ErrorCode {
  kFileNotFound,
  kUnreadable,
  kMissingCrs,
  kBadCrs,
  kBadGeometry,
  kBadValue,
  kEmptyInput,
  kBadParameter,
  kScenario,
  kWriteFailed,
  kCancelled,
  kInternal,
};

std::string_view to_string(ErrorCode code);

struct ErrorContext {
  std::string file;     // the file the problem is in, if any
  int line = 0;         // 1-based line in that file, 0 if unknown
  int column = 0;       // 1-based column, 0 if unknown
  std::string feature;  // e.g. "layer points, feature 42 (成都市人北实验小学)"
  std::string fix;      // what the user should do about it
};

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string_view what, ErrorContext context = {});

  ErrorCode code() const noexcept { return code_; }
  const ErrorContext& context() const noexcept { return context_; }
  // The bare problem without file/feature/fix decoration.
  const std::string& problem() const noexcept { return problem_; }

 private:
  ErrorCode code_;
  ErrorContext context_;
  std::string problem_;
};

// Range checks for parameters, so every module rejects nonsense the same way.
void require_positive(std::string_view name, double value, std::string_view fix = {});
void require_in_range(std::string_view name, double value, double lo, double hi,
                      std::string_view fix = {});

}  // namespace huxiao
