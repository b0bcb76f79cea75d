#!/usr/bin/env bash
# Frame time of huxiao-viewer under Xvfb + Mesa llvmpipe: the Chengdu store with a 4096 × 4096
# heatmap (the real drowning_risk.tif of Chengdu, resampled nearest-neighbour to 4096² by
# gdal_translate), with and without panels; then the frames drawn while an analysis (drowning
# risk) runs on the worker. The view pans 1 px a frame (20 px: a fast drag), so the map cache
# is redrawn whenever the view leaves its lattice cell. Peers in the same run: `--cache redraw`
# (both caches drawn afresh every frame: a zoom or an edit every frame) and `--cache off` (map
# and panels drawn straight into the window, as before the caches). Prints the load average beside each figure:
# the machine is shared.
# Usage: scripts/bench/viewer_frames.sh [BUILD_DIR] [WORK_DIR] [FRAMES]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
work=${2:-$(mktemp -d)}
frames=${3:-300}
mkdir -p "$work"
huxiao=$build/engine/huxiao
viewer=$build/viewer/huxiao-viewer
[ -f "$work/chengdu.gpkg" ] ||
  "$huxiao" import "$root/../shared/data/osm/chengdu-center.osm" -o "$work/chengdu.gpkg" > /dev/null
if [ ! -f "$work/risk4096.tif" ]; then
  cp "$work/chengdu.gpkg" "$work/chengdu-risk.gpkg"
  "$huxiao" drowning "$work/chengdu-risk.gpkg" -o "$work/drowning" > /dev/null
  gdal_translate -q -r near -outsize 4096 4096 "$work/drowning/drowning_risk.tif" "$work/risk4096.tif"
fi
measure() {  # NAME, then viewer arguments
  local name=$1
  shift
  local out
  out=$(xvfb-run -a -s "-screen 0 1280x800x24" /usr/bin/time -f '%e s wall %U s user' \
    "$viewer" --size 1280x800 "$@" 2>&1 | grep -E 'frames|while|wall')
  printf '%-44s %s | load %s\n' "$name" "$(echo "$out" | tr '\n' ' ')" "$(cut -d' ' -f1-3 /proc/loadavg)"
}
printf 'open %s\nraster %s risk 0.6\n' "$work/chengdu.gpkg" "$work/risk4096.tif" > "$work/heat.viewer"
printf 'open %s\n' "$work/chengdu.gpkg" > "$work/plain.viewer"
printf 'open %s\nrun drowning\n' "$work/chengdu.gpkg" > "$work/busy.viewer"
measure "Chengdu + 4096² heatmap, panels" --script "$work/heat.viewer" --frames "$frames"
measure "Chengdu + 4096² heatmap, panels, 20 px/frame" --script "$work/heat.viewer" \
  --frames "$frames" --pan 20
measure "Chengdu + 4096² heatmap, panels, caches redrawn" --script "$work/heat.viewer" \
  --frames "$frames" --cache redraw
measure "Chengdu + 4096² heatmap, panels, no caches" --script "$work/heat.viewer" \
  --frames "$frames" --cache off
measure "Chengdu + 4096² heatmap, no panels" --script "$work/heat.viewer" --frames "$frames" --no-panels
measure "Chengdu, panels" --script "$work/plain.viewer" --frames "$frames"
measure "Chengdu, panels, drowning running" --script "$work/busy.viewer" --frames "$frames"
