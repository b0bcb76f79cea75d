#!/usr/bin/env bash
# Checks the zones output layers, written through SQLite by io/gpkg_bulk_writer, against the same
# layers written by GDAL's own GeoPackage driver (ogr2ogr copies them into a fresh file): every
# row, attribute and geometry blob must be byte-identical, layer extents and feature counts equal,
# each packed R-tree must pass SQLite's rtreecheck() and give GDAL the same features for a window,
# and GDAL's validate_gpkg.py must accept the store. Needs gdal-bin, python3-gdal, sqlite3.
#   usage: scripts/verify/zones_gpkg_vs_gdal.sh [SCHOOLS]   (default 20000: about 10 s)
set -euo pipefail
cd "$(dirname "$0")/../.."
schools="${1:-20000}"
huxiao="${HUXIAO:-build/engine/huxiao}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$huxiao" demo --schools "$schools" -o "$work/store.gpkg" >/dev/null
"$huxiao" zones "$work/store.gpkg" -o "$work/zones" >/dev/null
layers="safety_zones zone_clusters zone_findings zone_summary"
# shellcheck disable=SC2086
ogr2ogr -f GPKG "$work/gdal.gpkg" "$work/store.gpkg" $layers -preserve_fid \
  -lco FID=fid -lco GEOMETRY_NAME=geom
status=0
check() { if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1: $2 != $3"; status=1; fi; }
dump() { sqlite3 -cmd ".mode quote" "$1" "$2" | md5sum; }
for t in $layers; do
  check "$t rows" "$(dump "$work/store.gpkg" "SELECT * FROM $t ORDER BY fid")" \
    "$(dump "$work/gdal.gpkg" "SELECT * FROM $t ORDER BY fid")"
  meta="SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = '$t'
        UNION ALL SELECT feature_count, 0, 0, 0 FROM gpkg_ogr_contents WHERE table_name = '$t'"
  check "$t extent and count" "$(dump "$work/store.gpkg" "$meta")" "$(dump "$work/gdal.gpkg" "$meta")"
  check "$t rtreecheck" "$(sqlite3 "$work/store.gpkg" "SELECT rtreecheck('rtree_${t}_geom')")" ok
  window="SELECT id FROM rtree_${t}_geom WHERE maxx >= 600000 AND minx <= 700000 AND maxy >= 2400000 AND miny <= 2500000 ORDER BY id"
  check "$t window query ($(sqlite3 "$work/store.gpkg" "SELECT count(*) FROM ($window)") features)" \
    "$(dump "$work/store.gpkg" "$window")" "$(dump "$work/gdal.gpkg" "$window")"
done
check "validate_gpkg.py" "$(/usr/bin/python3 /usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py "$work/store.gpkg" 2>&1)" ""
exit $status
