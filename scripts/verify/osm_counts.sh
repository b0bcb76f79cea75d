#!/usr/bin/env bash
# Compares what `huxiao import` classifies in an OSM extract with independent counts of the same
# file: GDAL's OSM driver with its *default* osmconf.ini (not huxiao's) queried with SQL, and
# osmium-tool's tags-filter. Prints one table.
#   usage: scripts/verify/osm_counts.sh [OSM_FILE]
set -euo pipefail
cd "$(dirname "$0")/../.."
osm="${1:-../shared/data/osm/chengdu-center.osm}"
huxiao="${HUXIAO:-build/engine/huxiao}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

q() {  # count features of an SQL query on the OSM file with GDAL's default configuration
  ogrinfo -ro -q "$osm" -dialect SQLite -sql "$1" 2>/dev/null | awk -F'= ' '/n \(Integer/ {print $2}'
}
osmium_count() {  # count OSM objects matching a tags-filter expression
  osmium tags-filter -R -o "$tmp/f.osm" --overwrite "$osm" "$@" >/dev/null 2>&1
  osmium fileinfo -e "$tmp/f.osm" 2>/dev/null | awk '/Number of (nodes|ways|relations):/ {gsub(/ /,""); split($0,a,":"); s+=a[2]} END {print s+0}'
}

"$huxiao" import "$osm" -o "$tmp/h.gpkg" >/dev/null
h() { ogrinfo -ro -q "$tmp/h.gpkg" -sql "$1" 2>/dev/null | awk -F'= ' '/\(Integer/ {print $2}'; }

drivable="'motorway','motorway_link','trunk','trunk_link','primary','primary_link','secondary','secondary_link','tertiary','tertiary_link','unclassified','residential','living_street','service','track','road'"
printf "%-34s %10s %10s %10s\n" "class" "GDAL SQL" "osmium" "huxiao"
edu="'school','kindergarten','college','university'"
edu_tags="other_tags like '%\"amenity\"=>\"school\"%' or other_tags like '%\"amenity\"=>\"kindergarten\"%' or other_tags like '%\"amenity\"=>\"college\"%' or other_tags like '%\"amenity\"=>\"university\"%'"
printf "%-34s %10s %10s %10s\n" "amenity=school/kindergarten/college/university" "" "" ""
printf "%-34s %10s %10s %10s\n" "  all (node, way, relation)" \
  "$(( $(q "select count(*) as n from points where $edu_tags") + $(q "select count(*) as n from multipolygons where amenity in ($edu)") ))" \
  "$(osmium_count nwr/amenity=school,kindergarten,college,university)" "$(h "select count(*) as n from schools")"
printf "%-34s %10s %10s %10s\n" "  named" \
  "$(( $(q "select count(*) as n from points where name is not null and ($edu_tags)") + $(q "select count(*) as n from multipolygons where name is not null and amenity in ($edu)") ))" \
  "-" "$(h "select count(*) as n from schools where name != ''")"
printf "%-34s %10s %10s %10s\n" "  kindergartens (amenity / +name)" \
  "$(( $(q "select count(*) as n from points where other_tags like '%\"amenity\"=>\"kindergarten\"%'") + $(q "select count(*) as n from multipolygons where amenity = 'kindergarten'") ))" \
  "$(osmium_count nwr/amenity=kindergarten)" "$(h "select count(*) as n from schools where level = 'kindergarten'")"
printf "%-34s %10s %10s %10s\n" "police" \
  "$(( $(q "select count(*) as n from points where other_tags like '%\"amenity\"=>\"police\"%'") + $(q "select count(*) as n from multipolygons where amenity = 'police'") ))" \
  "$(osmium_count nwr/amenity=police)" "$(h "select count(*) as n from police")"
printf "%-34s %10s %10s %10s\n" "water polygons" \
  "$(q "select count(*) as n from multipolygons where natural = 'water' or landuse in ('reservoir','basin') or other_tags like '%\"waterway\"=>\"riverbank\"%'")" \
  "$(osmium_count wr/natural=water wr/landuse=reservoir,basin wr/waterway=riverbank)" "$(h "select count(*) as n from water")"
printf "%-34s %10s %10s %10s\n" "waterway lines" \
  "$(q "select count(*) as n from lines where waterway in ('river','stream','canal','ditch','drain')")" \
  "$(osmium_count w/waterway=river,stream,canal,ditch,drain)" "$(h "select count(*) as n from waterways")"
printf "%-34s %10s %10s %10s\n" "drivable highway ways" \
  "$(q "select count(*) as n from lines where highway in ($drivable)")" \
  "$(osmium_count w/highway=motorway,motorway_link,trunk,trunk_link,primary,primary_link,secondary,secondary_link,tertiary,tertiary_link,unclassified,residential,living_street,service,track,road)" \
  "$(h "select count(*) as n from roads where drivable = 1")"
printf "%-34s %10s %10s %10s\n" "all highway lines" "$(q "select count(*) as n from lines where highway is not null")" \
  "$(osmium_count w/highway)" "$(h "select count(*) as n from roads")"
