#!/usr/bin/env bash
# Times `huxiao import` of an OSM extract against `ogr2ogr` converting the same layers
# (points, lines, multipolygons) to GeoPackage, interleaved in one run on this machine, and
# prints the ratio. huxiao does more (classification, CRS projection, validity checks,
# de-duplication, quality report); ogr2ogr is the floor of "just get it into a GeoPackage".
#   usage: scripts/bench/import_vs_ogr2ogr.sh [OSM_FILE] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
osm="${1:-../shared/data/osm/chengdu-center.osm}"
runs="${2:-7}"
huxiao="${HUXIAO:-build/engine/huxiao}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

: > "$tmp/h"; : > "$tmp/o"
for i in $(seq "$runs"); do
  rm -f "$tmp"/*.gpkg
  t0=$(now); "$huxiao" import "$osm" -o "$tmp/h.gpkg" >/dev/null; t1=$(now)
  echo "$t1 - $t0" | bc -l >> "$tmp/h"
  t0=$(now); ogr2ogr -q -f GPKG "$tmp/o.gpkg" "$osm" points lines multipolygons; t1=$(now)
  echo "$t1 - $t0" | bc -l >> "$tmp/o"
done
h=$(median < "$tmp/h"); o=$(median < "$tmp/o")
features=$(ogrinfo -q -ro -so "$tmp/h.gpkg" 2>/dev/null | wc -l)
printf "input: %s (%s runs, median)\n" "$osm" "$runs"
printf "huxiao import : %.3f s (%s layers written)\n" "$h" "$features"
printf "ogr2ogr -> GPKG: %.3f s\n" "$o"
printf "ratio ogr2ogr/huxiao: %.2f (above 1: huxiao faster)\n" "$(echo "$o / $h" | bc -l)"
