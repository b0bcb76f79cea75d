#!/usr/bin/env bash
# OR-Library p-median pmed1–40 (Beasley) against the published optima: for each instance the
# objective, the proven bound, the gap and the time of `huxiao deploy bench`. Writes
# OUT/pmed.csv and OUT/pmed.md.
#   usage: scripts/verify/deploy_pmed.sh [OUT] [TIME_LIMIT_S] [FIRST] [LAST]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$here/out/verify-deploy}
limit=${2:-600}
first=${3:-1}
last=${4:-40}
huxiao=${HUXIAO:-$here/build/engine/huxiao}
data=${HUXIAO_SHARED_DATA:-$here/../shared/data}/facloc/pmed
mkdir -p "$out"
csv=$out/pmed.csv
echo "instance,n,p,optimum,objective,bound,gap_percent,proven,matches_optimum,seconds,method" > "$csv"
for k in $(seq "$first" "$last"); do
  name=pmed$k
  opt=$(awk -v n="$name" '$1 == n {print $2}' "$data/pmedopt.txt")
  json=$("$huxiao" deploy bench "$data/$name.txt" --format orlib-pmed --time-limit "$limit" --json)
  python3 - "$json" "$name" "$opt" >> "$csv" <<'PY'
import json, sys
r = json.loads(sys.argv[1]); name = sys.argv[2]; opt = float(sys.argv[3])
print(f'{name},{r["demands"]},{r["p"]},{opt:.0f},{r["objective"]:.0f},{r["bound"]:.0f},'
      f'{100*r["gap"]:.4f},{str(r["proven_optimal"]).lower()},{str(abs(r["objective"]-opt) < 0.5).lower()},'
      f'{r["seconds"]:.3f},"{r["method"]}"')
PY
  tail -1 "$csv"
done
python3 - "$csv" > "$out/pmed.md" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print("| instance | n | p | optimum | huxiao | bound | gap % | proven | time s |")
print("|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print(f'| {r["instance"]} | {r["n"]} | {r["p"]} | {r["optimum"]} | {r["objective"]} | {r["bound"]} | '
          f'{r["gap_percent"]} | {r["proven"]} | {r["seconds"]} |')
hit = sum(r["matches_optimum"] == "true" for r in rows)
proven = sum(r["proven"] == "true" for r in rows)
print(f'\noptimum reached on {hit}/{len(rows)}, proven on {proven}/{len(rows)}; '
      f'total {sum(float(r["seconds"]) for r in rows):.1f} s')
PY
tail -1 "$out/pmed.md"
