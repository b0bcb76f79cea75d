#!/usr/bin/env bash
# SJC maximal covering (Lorena & Pereira instances) against the 90 optima proven with CBC in
# sjc/sjc_mclp_optima_cbc.csv. Writes OUT/sjc.csv and OUT/sjc.md.
#   usage: scripts/verify/deploy_sjc.sh [OUT] [TIME_LIMIT_S]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$here/out/verify-deploy}
limit=${2:-600}
huxiao=${HUXIAO:-$here/build/engine/huxiao}
data=${HUXIAO_SHARED_DATA:-$here/../shared/data}/facloc/sjc
mkdir -p "$out"
csv=$out/sjc.csv
echo "instance,S,p,optimum,objective,bound,gap_percent,proven,matches_optimum,seconds,reference_cbc_seconds" > "$csv"
tail -n +2 "$data/sjc_mclp_optima_cbc.csv" | while IFS=, read -r inst S p total opt status ref; do
  json=$("$huxiao" deploy bench "$data/$inst.txt" --format sjc --p "$p" --radius "$S" --time-limit "$limit" --json)
  python3 - "$json" "$inst" "$S" "$p" "$opt" "$ref" >> "$csv" <<'PY'
import json, sys
r = json.loads(sys.argv[1]); inst, S, p, opt, ref = sys.argv[2:]
opt = float(opt)
print(f'{inst},{S},{p},{opt:.0f},{r["objective"]:.0f},{r["bound"]:.0f},{100*r["gap"]:.4f},'
      f'{str(r["proven_optimal"]).lower()},{str(abs(r["objective"]-opt) < 0.5).lower()},{r["seconds"]:.3f},{float(ref):.3f}')
PY
done
python3 - "$csv" > "$out/sjc.md" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
hit = sum(r["matches_optimum"] == "true" for r in rows)
proven = sum(r["proven"] == "true" for r in rows)
print(f'SJC MCLP: optimum matched on {hit}/{len(rows)}, proven on {proven}/{len(rows)}; '
      f'total {sum(float(r["seconds"]) for r in rows):.2f} s (reference CBC runs: '
      f'{sum(float(r["reference_cbc_seconds"]) for r in rows):.2f} s)')
bad = [r for r in rows if r["matches_optimum"] != "true"]
for r in bad:
    print(f'  MISMATCH {r["instance"]} S={r["S"]} p={r["p"]}: {r["objective"]} vs {r["optimum"]}')
PY
cat "$out/sjc.md"
