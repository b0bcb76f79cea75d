#!/usr/bin/env bash
# Rebuilds the screenshots in docs/ (viewer.md) from real engine outputs, each produced by the
# viewer's own analysis panels on the worker thread (`run NAME`, `wait`): Chengdu (OSM import)
# with 200 m zones, the drowning-risk heatmap and 5 deployment posts; the overview; the demo
# county; a teaching-building drill (evac template, exit-E closed) in playback with density.
# Needs a build (huxiao, huxiao-viewer), xvfb-run and ../shared/data.
# Usage: scripts/viewer/docs_screenshots.sh [BUILD_DIR] [WORK_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
huxiao=$build/engine/huxiao
viewer=$build/viewer/huxiao-viewer
run_viewer() { xvfb-run -a -s "-screen 0 1280x800x24" "$viewer" --size 1280x800 "$@"; }

[ -f "$work/chengdu.gpkg" ] ||
  "$huxiao" import "$root/../shared/data/osm/chengdu-center.osm" -o "$work/chengdu.gpkg" > /dev/null

# Chengdu: the three analyses run in the viewer, one after the other, on the open store.
cat > "$work/chengdu.viewer" <<SCRIPT
open $work/chengdu.gpkg
run zones radius=200
wait
run drowning
wait
run deploy posts=5 threshold=3
wait
layer deploy_assignments off
opacity drowning_risk 0.6
view 104.045 30.655 104.100 30.695
select 104.0882575 30.6894012
SCRIPT
run_viewer --script "$work/chengdu.viewer" --screenshot "$root/docs/viewer-chengdu.png"
run_viewer "$work/chengdu.gpkg" --screenshot "$root/docs/viewer-chengdu-overview.png"

# The demo county: generated in the viewer by its own analysis panel.
printf 'run demo schools=120 seed=1\nwait\n' > "$work/demo.viewer"
run_viewer --script "$work/demo.viewer" --screenshot "$root/docs/viewer-demo-county.png"

# A drill: the evac template (4 floors × 6 classes of 45, two stairwells, exits W and E) with
# exit-E closed from the start, simulated by evac/ in the viewer, played back at 60 s with the
# viewer's 1 m density cells.
cat > "$work/drill.viewer" <<SCRIPT
run evac close=exit-E@0
wait
layer density_peak off
playback drill_trajectories 60 1
SCRIPT
run_viewer --script "$work/drill.viewer" --screenshot "$root/docs/viewer-drill-playback.png"
echo "screenshots in $root/docs (work files in $work)"
