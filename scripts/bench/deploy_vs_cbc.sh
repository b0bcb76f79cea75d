#!/usr/bin/env bash
# huxiao's location solvers against CBC on the full MIP, built the way spopt builds it (binary
# y and z / x, no reduction, no start) and solved by the `cbc` program — in one run, same
# machine, same time limit. Writes OUT/deploy_vs_cbc.csv.
#   usage: scripts/bench/deploy_vs_cbc.sh [OUT] [TIME_LIMIT_S] [CASE ...]
#   CASE:  sjc:SJC818:150:80  (format:instance:radius:p)   ails:SanFrancisco:600:50
#          orlib:pmed20::     (p from the file)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$here/out/bench-deploy}
limit=${2:-600}
shift $(( $# > 2 ? 2 : $# ))
huxiao=${HUXIAO:-$here/build/engine/huxiao}
data=${HUXIAO_SHARED_DATA:-$here/../shared/data}/facloc
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(sjc:SJC324:150:40 sjc:SJC402:150:40 sjc:SJC500:150:60 sjc:SJC708:150:80 sjc:SJC818:150:80 orlib:pmed20:: ails:SanFrancisco:600:50)
mkdir -p "$out"
csv=$out/deploy_vs_cbc.csv
echo "case,huxiao_objective,huxiao_bound,huxiao_proven,huxiao_s,cbc_objective,cbc_status,cbc_s,same_objective,time_ratio,huxiao_heuristic_objective,huxiao_heuristic_best_s" > "$csv"
for c in "${cases[@]}"; do
  IFS=: read -r fmt inst radius p <<< "$c"
  case $fmt in
    sjc)   file=$data/sjc/$inst.txt;              args=(--format sjc --radius "$radius" --p "$p") ;;
    ails)  file=$data/ails_mclp/instances/$inst.txt; args=(--format ails --radius "$radius" --p "$p") ;;
    orlib) file=$data/pmed/$inst.txt;             args=(--format orlib-pmed) ;;
  esac
  lp=$out/${c//:/_}.lp
  json=$("$huxiao" deploy bench "$file" "${args[@]}" --time-limit "$limit" --full-lp "$lp" --json 2>/dev/null)
  start=$(date +%s.%N)
  log=$(cbc "$lp" timeMode elapsed sec "$limit" solve quit 2>&1 || true)
  end=$(date +%s.%N)
  python3 - "$c" "$json" "$log" "$start" "$end" >> "$csv" <<'PY'
import json, re, sys
case, js, log, t0, t1 = sys.argv[1:]
r = json.loads(js)
m = re.search(r"Objective value:\s*(-?[0-9.e+]+)", log)
cbc_obj = abs(float(m.group(1))) if m else float("nan")
status = "optimal" if "Optimal solution found" in log else ("time limit" if "Stopped on time" in log else "other")
cbc_s = float(t1) - float(t0)
same = abs(cbc_obj - r["objective"]) < 0.5
print(f'{case},{r["objective"]:.0f},{r["bound"]:.0f},{str(r["proven_optimal"]).lower()},{r["seconds"]:.2f},'
      f'{cbc_obj:.0f},{status},{cbc_s:.2f},{str(same).lower()},{cbc_s / max(r["seconds"], 1e-3):.1f},'
      f'{r.get("heuristic_objective", 0):.0f},{r.get("heuristic_best_s", 0):.1f}')
PY
  rm -f "$lp"
  tail -1 "$csv"
done
