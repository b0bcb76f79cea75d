#!/usr/bin/env bash
# distance_to_water.tif from `huxiao drowning` against gdal_proximity.py on the same grid and the
# same water cells (gdal_rasterize of the store's water polygons and waterway lines): the two
# must agree within one cell everywhere. Needs python3-gdal (for gdal_proximity.py and numpy).
#   usage: scripts/verify/risk_distance_vs_gdal_proximity.sh [OSM_FILE]
set -euo pipefail
cd "$(dirname "$0")/../.."
osm="${1:-../shared/data/osm/chengdu-center.osm}"
huxiao="${HUXIAO:-build/engine/huxiao}"
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
"$huxiao" import "$osm" -o "$w/s.gpkg" >/dev/null
"$huxiao" drowning "$w/s.gpkg" -o "$w/out" >/dev/null
read -r te tr size < <(/usr/bin/python3 - "$w/out/distance_to_water.tif" <<'PY'
import sys
from osgeo import gdal
d = gdal.Open(sys.argv[1]); g = d.GetGeoTransform()
print(f"{g[0]},{g[3] + g[5] * d.RasterYSize},{g[0] + g[1] * d.RasterXSize},{g[3]} {g[1]} {d.RasterXSize}x{d.RasterYSize}")
PY
)
IFS=, read -r x0 y0 x1 y1 <<<"$te"
gdal_rasterize -q -burn 1 -ot Byte -init 0 -te "$x0" "$y0" "$x1" "$y1" -tr "$tr" "$tr" -l water "$w/s.gpkg" "$w/mask.tif"
gdal_rasterize -q -burn 1 -at -l waterways "$w/s.gpkg" "$w/mask.tif"
gdal_proximity.py -q "$w/mask.tif" "$w/prox.tif" -values 1 -distunits GEO -ot Float32
/usr/bin/python3 - "$w/out/distance_to_water.tif" "$w/prox.tif" "$tr" "$size" <<'PY'
import sys
import numpy as np
from osgeo import gdal
ours = gdal.Open(sys.argv[1]).ReadAsArray().astype(np.float64)
peer = gdal.Open(sys.argv[2]).ReadAsArray().astype(np.float64)
cell = float(sys.argv[3])
diff = np.abs(ours - peer)
print(f"grid {sys.argv[4]} cells of {cell:g} m")
print(f"max |huxiao - gdal_proximity| = {diff.max():.3f} m ({diff.max() / cell:.3f} cells); mean {diff.mean():.4f} m")
print(f"cells differing by more than 1e-3 m: {(diff > 1e-3).sum()} of {diff.size}")
sys.exit(0 if diff.max() <= cell else 1)
PY
