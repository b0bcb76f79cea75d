#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it: a warnings-as-errors build with every test,
# then the same tests once more under AddressSanitizer + UndefinedBehaviorSanitizer.
# Needs ../shared/data beside the checkout (reference data; see its README).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${HUXIAO_JOBS:-2}"

echo "== build (warnings are errors) and test"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHUXIAO_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== build and test under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DHUXIAO_WERROR=ON -DHUXIAO_SANITIZE=ON >/dev/null
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS="detect_leaks=1:abort_on_error=0" \
LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"
