#include "core/error.hpp"

#include <cmath>

#include <fmt/format.h>

namespace huxiao {
namespace {

std::string compose(std::string_view what, const ErrorContext& ctx) {
  std::string out;
  if (!ctx.file.empty()) {
    out += ctx.file;
    if (ctx.line > 0) out += fmt::format(":{}", ctx.line);
    if (ctx.column > 0) out += fmt::format(":{}", ctx.column);
    out += ": ";
  }
  if (!ctx.feature.empty()) out += ctx.feature + ": ";
  out += what;
  if (!ctx.fix.empty()) out += fmt::format(" (fix: {})", ctx.fix);
  return out;
}

}  // namespace

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::kFileNotFound:
      return "file not found";
    case ErrorCode::kUnreadable:
      return "unreadable input";
    case ErrorCode::kMissingCrs:
      return "missing coordinate reference system";
    case ErrorCode::kBadCrs:
      return "bad coordinate reference system";
    case ErrorCode::kBadGeometry:
      return "bad geometry";
    case ErrorCode::kBadValue:
      return "bad value";
    case ErrorCode::kEmptyInput:
      return "empty input";
    case ErrorCode::kBadParameter:
      return "bad parameter";
    case ErrorCode::kScenario:
      return "scenario error";
    case ErrorCode::kWriteFailed:
      return "write failed";
    case ErrorCode::kCancelled:
      return "cancelled";
    case ErrorCode::kInternal:
      return "internal error";
  }
  return "error";
}

Error::Error(ErrorCode code, std::string_view what, ErrorContext context)
    : std::runtime_error(compose(what, context)),
      code_(code),
      context_(std::move(context)),
      problem_(what) {}

void require_positive(std::string_view name, double value, std::string_view fix) {
  if (!(value > 0.0) || !std::isfinite(value)) {
    throw Error(
        ErrorCode::kBadParameter, fmt::format("{} must be a positive number, got {}", name, value),
        {.fix = fix.empty() ? fmt::format("give {} a value above 0", name) : std::string(fix)});
  }
}

void require_in_range(std::string_view name, double value, double lo, double hi,
                      std::string_view fix) {
  if (!(value >= lo && value <= hi)) {
    throw Error(ErrorCode::kBadParameter,
                fmt::format("{} must lie in [{}, {}], got {}", name, lo, hi, value),
                {.fix = fix.empty() ? fmt::format("set {} between {} and {}", name, lo, hi)
                                    : std::string(fix)});
  }
}

}  // namespace huxiao
