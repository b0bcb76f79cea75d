#pragma once
// Error-path tests check what the user would read: the code, the line and the message text.

#include <functional>

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace huxiao::testing {

// Runs `fn`, which must throw huxiao::Error, and returns the error for inspection.
inline Error catch_error(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected a huxiao::Error, but nothing was thrown";
  return Error(ErrorCode::kInternal, "<nothing thrown>");
}

}  // namespace huxiao::testing
