#!/usr/bin/env bash
# Rebuilds the screenshots in docs/ (viewer.md): the Chengdu store with a water-proximity heatmap,
# drawn 200 m zones and posts; the synthetic demo county. Needs a build (huxiao, huxiao-viewer),
# xvfb-run and ../shared/data. Usage: scripts/viewer/docs_screenshots.sh [BUILD_DIR] [WORK_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
huxiao=$build/engine/huxiao
viewer=$build/viewer/huxiao-viewer
run_viewer() { xvfb-run -a -s "-screen 0 1280x800x24" "$viewer" --size 1280x800 "$@"; }

"$huxiao" import "$root/../shared/data/osm/chengdu-center.osm" -o "$work/chengdu.gpkg" > /dev/null
python3 "$root/scripts/viewer/proximity_raster.py" "$work/chengdu.gpkg" "$work/water_proximity.tif" 512 1
ogr2ogr -f CSV "$work/schools.csv" "$work/chengdu.gpkg" schools -t_srs EPSG:4326 -lco GEOMETRY=AS_XY

# 200 m zones (16-gons) and a post 60 m east of each school in the central box, as edits.
python3 - "$work" <<'PY'
import csv, math, sys
work = sys.argv[1]
rows = [r for r in csv.DictReader(open(f"{work}/schools.csv", encoding="utf-8"))
        if 104.045 < float(r["X"]) < 104.10 and 30.655 < float(r["Y"]) < 30.695 and r["level"] != "university"]
lines = [f"open {work}/chengdu.gpkg", f"raster {work}/water_proximity.tif risk 0.55"]
for i, r in enumerate(rows[:10]):
    lon, lat = float(r["X"]), float(r["Y"])
    dlat, dlon = 200 / 111320, 200 / (111320 * math.cos(math.radians(lat)))
    ring = " ".join(f"{lon + dlon * math.cos(a):.7f} {lat + dlat * math.sin(a):.7f}"
                    for a in (2 * math.pi * k / 16 for k in range(16)))
    lines.append(f"add-zone zone{i} {r['school_id']} {ring}")
    lines.append(f"add-post post{i} {lon + 60 / (111320 * math.cos(math.radians(lat))):.7f} {lat:.7f} 2")
lines += ["fix-post post0 on", "view 104.045 30.655 104.100 30.695", f"select {rows[0]['X']} {rows[0]['Y']}"]
open(f"{work}/chengdu.viewer", "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
run_viewer --script "$work/chengdu.viewer" --screenshot "$root/docs/viewer-chengdu.png"
run_viewer "$work/chengdu.gpkg" --screenshot "$root/docs/viewer-chengdu-overview.png"

# The demo county: generated in the viewer by its own analysis panel, on the worker thread.
cat > "$work/demo.viewer" <<SCRIPT
run demo schools=120 seed=1
wait
SCRIPT
run_viewer --script "$work/demo.viewer" --screenshot "$root/docs/viewer-demo-county.png"
# A drill in playback: stand-in straight-walk trajectories (NOT a simulation; evac/ will supply
# real ones) for the largest two-gate campus of the demo county, at 60 s with 5 m density cells.
"$huxiao" demo -o "$work/demo.gpkg" > /dev/null
python3 "$root/scripts/viewer/straight_walk_drill.py" "$work/demo.gpkg" "$work/drill.gpkg" auto 600
read -r lon lat < <(ogr2ogr -f CSV /vsistdout/ "$work/drill.gpkg" schools -t_srs EPSG:4326 -lco GEOMETRY=AS_XY \
  -where "school_id = (SELECT school_id FROM school_campus ORDER BY area_m2 DESC LIMIT 1)" 2>/dev/null |
  awk -F, 'NR == 2 { print $1, $2 }')
cat > "$work/drill.viewer" <<SCRIPT
playback drill_trajectories 60 5
view $(python3 -c "print($lon - 0.00225, $lat - 0.00175, $lon + 0.00225, $lat + 0.00175)")
SCRIPT
run_viewer "$work/drill.gpkg" --script "$work/drill.viewer" --screenshot "$root/docs/viewer-drill-playback.png"
echo "screenshots in $root/docs (work files in $work)"
