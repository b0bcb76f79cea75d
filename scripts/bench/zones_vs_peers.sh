#!/usr/bin/env bash
# The peers' job from ../shared/peers.md — all (school, POI) pairs within 200 m — on a synthetic
# county from `huxiao demo` (default 20 000 schools x 200 000 POIs), timed in one run for:
#   huxiao zones (indexed exact audit; also draws zones and dissolves clusters),
#   GeoPandas 0.12 (buffer + sjoin, python3-geopandas) and PostGIS 3.3 ST_DWithin with GiST.
# huxiao runs with --planar --from-points so that all three measure the same thing (planar metres
# from school points); by default huxiao measures ellipsoidal distances across extents this large.
# Needs python3-geopandas, postgresql-15-postgis-3 (apt). Prints times, pair counts, ratios.
#   usage: scripts/bench/zones_vs_peers.sh [SCHOOLS] [POIS_PER_SCHOOL]
set -euo pipefail
cd "$(dirname "$0")/../.."
schools="${1:-20000}"
per="${2:-10}"
huxiao="${HUXIAO:-build/engine/huxiao}"
work=$(mktemp -d)
source scripts/pg_local.sh
pg_local_start
trap 'pg_local_stop; rm -rf "$work"' EXIT
now() { date +%s.%N; }

"$huxiao" demo --schools "$schools" --pois-per-school "$per" -o "$work/bench.gpkg" >/dev/null
cat > "$work/rules.yaml" <<'YAML'
rules:
  - id: any_poi_200m
    feature: pois
    categories: [internet_cafe, game_arcade, bar_ktv, tobacco, alcohol, lottery, hotel, gambling, newsstand]
    levels: [kindergarten, primary, junior, senior, nine_year, vocational, university]
    distance_m: 200
YAML

t0=$(now)
"$huxiao" zones "$work/bench.gpkg" --from-points --planar --rules "$work/rules.yaml" -o "$work/zones" > "$work/h.txt"
h_whole=$(echo "$(now) - $t0" | bc -l)
h_compute=$(/usr/bin/python3 -c "import json;print(json.load(open('$work/zones/zones_summary.json'))['seconds']['zones_and_audit'])")
h_audit=$(/usr/bin/python3 -c "import json;s=json.load(open('$work/zones/zones_summary.json'))['seconds'];print(s['index']+s['audit'])")
h_pairs=$(/usr/bin/python3 -c "import json;print(json.load(open('$work/zones/zones_summary.json'))['findings'])")

/usr/bin/python3 - "$work/bench.gpkg" > "$work/gp.txt" <<'PY'
import sys, time
t0 = time.perf_counter()
import geopandas as gpd
schools = gpd.read_file(sys.argv[1], layer="schools")
pois = gpd.read_file(sys.argv[1], layer="pois")
t1 = time.perf_counter()
zones = schools[["school_id", "geometry"]].copy()
zones["geometry"] = zones.buffer(200)          # GeoPandas' default: a 64-gon inside the circle
pairs = gpd.sjoin(pois[["poi_id", "geometry"]], zones, predicate="within")
t2 = time.perf_counter()
print(len(pairs), t2 - t1, t2 - t0)
PY
read -r gp_pairs gp_compute gp_whole < "$work/gp.txt"

t0=$(now)
ogr2ogr -f PostgreSQL "$PG_DSN" "$work/bench.gpkg" schools pois -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST -overwrite
psql -q -c "VACUUM ANALYZE;" >/dev/null
pg_load=$(echo "$(now) - $t0" | bc -l)
q="SELECT count(*) FROM schools s JOIN pois p ON ST_DWithin(s.geom, p.geom, 200);"
psql -At -c "$q" >/dev/null   # warm the cache, as the peer figure is warm
t0=$(now); pg_pairs=$(psql -At -c "$q"); pg_query=$(echo "$(now) - $t0" | bc -l)

printf "job: all (school, POI) pairs within 200 m, %s schools x %s POIs\n" "$schools" "$(( schools * per ))"
printf "%-30s %10s %10s %10s\n" "" "compute s" "whole s" "pairs"
printf "%-30s %10.3f %10s %10s\n" "huxiao audit (index + pairs)" "$h_audit" "" "$h_pairs"
printf "%-30s %10.3f %10.3f %10s\n" "huxiao zones (+outlines,clusters)" "$h_compute" "$h_whole" "$h_pairs"
printf "%-30s %10.3f %10.3f %10s\n" "GeoPandas buffer+sjoin" "$gp_compute" "$gp_whole" "$gp_pairs"
printf "%-30s %10.3f %10.3f %10s\n" "PostGIS ST_DWithin (warm)" "$pg_query" "$(echo "$pg_query + $pg_load" | bc -l)" "$pg_pairs"
printf "ratio GeoPandas/huxiao, the pair job (audit): %.1f\n" "$(echo "$gp_compute / $h_audit" | bc -l)"
printf "ratio PostGIS query/huxiao, the pair job (audit): %.1f\n" "$(echo "$pg_query / $h_audit" | bc -l)"
printf "ratio GeoPandas/huxiao, whole zones compute: %.1f\n" "$(echo "$gp_compute / $h_compute" | bc -l)"
printf "ratio PostGIS query/huxiao, whole zones compute: %.1f\n" "$(echo "$pg_query / $h_compute" | bc -l)"
grep -E "^time:" "$work/h.txt"
