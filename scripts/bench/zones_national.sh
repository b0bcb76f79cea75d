#!/usr/bin/env bash
# The national zones run (docs/zones.md, "National scale"): `huxiao demo --schools 500000` once
# (about 4 min, 1.9 GB, kept as STORE), then `huxiao zones` on a fresh copy of it, timed with
# /usr/bin/time -v, with the phase times from zones_summary.json and the load average before and
# after (the machine is shared: compare runs only at similar load, or use SCHOOLS=20000 and the
# write phase).
#   usage: scripts/bench/zones_national.sh [STORE] [WORKDIR]   (env SCHOOLS, HUXIAO)
set -euo pipefail
cd "$(dirname "$0")/../.."
huxiao="$(realpath "${HUXIAO:-build/engine/huxiao}")"
schools="${SCHOOLS:-500000}"
store="${1:-/tmp/huxiao-national-$schools.gpkg}"
work="${2:-$(mktemp -d)}"
mkdir -p "$work"
[ -f "$store" ] || "$huxiao" demo --schools "$schools" -o "$store" >/dev/null
cp "$store" "$work/run.gpkg"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -v "$huxiao" zones "$work/run.gpkg" -o "$work/out" >"$work/log" 2>&1
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"
grep -E "Elapsed|User time|System time|Maximum resident" "$work/log"
/usr/bin/python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['seconds']; \
print('phases (s): ' + ', '.join('%s %.2f' % kv for kv in s.items()))" "$work/out/zones_summary.json"
rm -f "$work/run.gpkg"
