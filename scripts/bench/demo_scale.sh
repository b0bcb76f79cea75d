#!/usr/bin/env bash
# Times the synthetic-county generator at national scale (default 500 000 schools and
# 5 000 000 points of interest) including writing the GeoPackage store, with peak memory.
#   usage: scripts/bench/demo_scale.sh [SCHOOLS]
set -euo pipefail
cd "$(dirname "$0")/../.."
schools="${1:-500000}"
huxiao="${HUXIAO:-build/engine/huxiao}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
/usr/bin/time -f "wall %e s, peak memory %M KiB" "$huxiao" demo --schools "$schools" -o "$tmp/national.gpkg" 2>&1 | tail -n 12
ls -l "$tmp/national.gpkg" | awk '{printf "store size: %.0f MiB\n", $5/1048576}'
"$huxiao" info "$tmp/national.gpkg"
