#!/usr/bin/env bash
# AILS real-world MCLP (Máximo, Cordeau, Nascimento 2023): New York r = 400 m and San Francisco
# r = 600 m, p = 50 … 100, against the published optima in ails_mclp/optima/. Large: each run
# reports its gap and time within the limit. Writes OUT/ails.csv and OUT/ails.md.
#   usage: scripts/verify/deploy_ails.sh [OUT] [TIME_LIMIT_S] [INSTANCE_P_R ...]
#   e.g.   scripts/verify/deploy_ails.sh out 600 SanFrancisco_50_600 NewYork_100_400
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$here/out/verify-deploy}
limit=${2:-600}
shift $(( $# > 2 ? 2 : $# ))
huxiao=${HUXIAO:-$here/build/engine/huxiao}
data=${HUXIAO_SHARED_DATA:-$here/../shared/data}/facloc/ails_mclp
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  for f in "$data"/optima/*.txt; do cases+=("$(basename "$f" .txt)"); done
fi
mkdir -p "$out"
csv=$out/ails.csv
echo "instance,p,r,published,objective,bound,gap_percent,proven,matches_published,seconds,heuristic_objective,heuristic_best_s,best_found_s" > "$csv"
for c in "${cases[@]}"; do
  IFS=_ read -r inst p r <<< "$c"
  opt=$(awk '$1 == "f:" {print $2}' "$data/optima/$c.txt")
  json=$("$huxiao" deploy bench "$data/instances/$inst.txt" --format ails --p "$p" --radius "$r" --time-limit "$limit" --json)
  python3 - "$json" "$inst" "$p" "$r" "$opt" >> "$csv" <<'PY'
import json, sys
r = json.loads(sys.argv[1]); inst, p, rad, opt = sys.argv[2:]
opt = float(opt)
print(f'{inst},{p},{rad},{opt:.0f},{r["objective"]:.0f},{r["bound"]:.0f},{100*r["gap"]:.4f},'
      f'{str(r["proven_optimal"]).lower()},{str(abs(r["objective"]-opt) < 0.5).lower()},{r["seconds"]:.2f},'
      f'{r.get("heuristic_objective", 0):.0f},{r.get("heuristic_best_s", 0):.1f},{r.get("best_found_s", 0):.1f}')
PY
  tail -1 "$csv"
done
column -s, -t "$csv" > "$out/ails.md"
