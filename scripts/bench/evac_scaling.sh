#!/usr/bin/env bash
# Evacuation simulator speed: agent-steps per second for both models at 1 000 / 10 000 /
# 50 000 agents on one core (a hall at RiMEA 9's density, `huxiao evac-bench`), and the
# real-time factor of the 1 080-student drill (4 floors × 6 classes × 45, 2 stairwells) on one
# core. Compare with JuPedSim's figures in ../shared/peers.md (same machine kind).
# CPU seconds are printed beside wall seconds: on a shared machine the wall clock includes
# waiting for the CPU.
# Usage: scripts/bench/evac_scaling.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
huxiao="$build/engine/huxiao"
ninja -C "$build" -j2 huxiao >/dev/null
timed() { /usr/bin/time -f '    (%e s wall, %U s CPU, %M KiB peak)' "$@"; }
for model in csm sfm; do
  for n in 1000 10000 50000; do
    seconds=20
    [ "$model" = sfm ] && seconds=5
    timed "$huxiao" evac-bench --agents "$n" --model "$model" --threads 1 --seconds "$seconds"
  done
done
out="$(mktemp -d)"
for close in "" "--close stair-E@0"; do
  echo "drill: 1080 students, one core ${close:+($close)}"
  # shellcheck disable=SC2086
  timed "$huxiao" evac --template --threads 1 --fps 0 -o "$out/drill" $close | grep -E 'out:|simulated|jam'
done
rm -rf "$out"
