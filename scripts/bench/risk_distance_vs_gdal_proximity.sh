#!/usr/bin/env bash
# Distance to water on a 50 km × 50 km grid at 10 m (25 M cells): huxiao's exact transform
# against gdal_proximity.py on the same mask, in one run. Builds bench programs if needed.
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake -S . -B build -DHUXIAO_BUILD_BENCH=ON >/dev/null && cmake --build build -j2 --target bench_distance_to_water >/dev/null
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
build/scripts/bench/bench_distance_to_water "$w/mask.tif" 50 10 | tee "$w/h.txt"
t0=$(date +%s.%N)
gdal_proximity.py -q "$w/mask.tif" "$w/prox.tif" -values 1 -distunits GEO -ot Float32
t1=$(date +%s.%N)
h=$(grep -o 'transform: [0-9.]*' "$w/h.txt" | awk '{print $2}')
printf "gdal_proximity.py: %.3f s\nratio gdal_proximity/huxiao: %.1f\n" "$(echo "$t1 - $t0" | bc -l)" "$(echo "($t1 - $t0) / $h" | bc -l)"
