#!/usr/bin/env bash
# Evacuation verification and validation: the RiMEA suite (both models) with its figures, the
# fundamental diagram against Weidmann (RiMEA 4, RMSE), and bottleneck flows against the
# measured data in ../shared/data/ped/validation/bottleneck_flow (relative error per width).
# Usage: scripts/verify/evac_validation.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
ninja -C "$build" -j2 test_evac huxiao >/dev/null
"$build/tests/test_evac" --gtest_also_run_disabled_tests \
  --gtest_filter='Models/Rimea.*:Validation.*' 2>&1 | grep -E '^(RiMEA|bottleneck)|FAILED|PASSED'
