#!/usr/bin/env bash
# The full drowning run (register, exposure over the walking network, heatmap and distance
# rasters, sign sites, patrol route, all outputs) on the synthetic national-scale demo set, with
# wall/CPU time and peak memory. The store is generated first (not timed here: see demo_scale.sh).
#   usage: scripts/bench/risk_national.sh [SCHOOLS] [extra huxiao drowning options]
#   e.g.   scripts/bench/risk_national.sh 500000          (national scale, the issue's target)
#          scripts/bench/risk_national.sh 20000 --patrol-within 20
# STORE=path reuses an existing demo store of that size instead of generating one.
set -euo pipefail
cd "$(dirname "$0")/../.."
schools="${1:-500000}"
shift || true
huxiao="${HUXIAO:-build/engine/huxiao}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
store="${STORE:-$tmp/national.gpkg}"
if [[ ! -f "$store" ]]; then
  echo "generating the demo set: $schools schools"
  /usr/bin/time -f "demo: %e s wall, %U s user, peak %M KiB" \
    "$huxiao" demo --schools "$schools" -o "$store" 2>&1 | tail -n 3
fi
"$huxiao" info "$store" | sed -n '1,12p'
# Timed on a copy: the run writes its layers into the store.
cp "$store" "$tmp/run.gpkg"
/usr/bin/time -v "$huxiao" drowning "$tmp/run.gpkg" -o "$tmp/out" "$@" >"$tmp/log" 2>&1 || {
  tail -n 30 "$tmp/log"
  exit 1
}
grep -E "done in|note:|bank segments|patrol from|not reachable" "$tmp/log"
grep -E "Elapsed|User time|System time|Maximum resident" "$tmp/log"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("segments", d["segments"], "in layer", d["segments_in_layer"], "waters", d["waters"], "; raster", d["raster_size"], "cells of", d["raster_cell_m"], "m; patrol", {k: d["patrol"].get(k) for k in ("start","stops","length_m","seconds")})' "$tmp/out/drowning_summary.json"
