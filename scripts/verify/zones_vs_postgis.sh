#!/usr/bin/env bash
# Cross-checks the safety-zone audit against PostGIS: for every rule of the rule table, the set of
# (school, feature) pairs within the rule distance by ST_DWithin (GiST-indexed, on the same
# store layers, metric CRS) must equal huxiao's zone_findings. Needs postgresql-15-postgis-3 and
# python3-yaml (apt); not part of CI.
#   usage: scripts/verify/zones_vs_postgis.sh [OSM_FILE] [RULES_YAML]
set -euo pipefail
cd "$(dirname "$0")/../.."
osm="${1:-../shared/data/osm/chengdu-center.osm}"
rules="${2:-data/rules/zone_audit_rules.yaml}"
huxiao="${HUXIAO:-build/engine/huxiao}"
work=$(mktemp -d)
source scripts/pg_local.sh
pg_local_start
trap 'pg_local_stop; rm -rf "$work"' EXIT

"$huxiao" import "$osm" -o "$work/store.gpkg" >/dev/null
"$huxiao" zones "$work/store.gpkg" --rules "$rules" -o "$work/zones" >/dev/null
ogr2ogr -f PostgreSQL "$PG_DSN" "$work/store.gpkg" schools school_campus pois water waterways roads zone_findings \
  -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST -overwrite
psql -q -c "VACUUM ANALYZE;" >/dev/null
/usr/bin/python3 scripts/verify/zones_compare.py "$rules"
