#!/usr/bin/env bash
# huxiao's location solvers against CBC on the full MIP, built the way spopt builds it (binary
# y and z / x, no reduction, no start) and solved by the `cbc` program — in one run, same
# machine, same time limit. Writes OUT/deploy_vs_cbc.csv.
# Time to target: huxiao's best_found_s (when its final solution was first found) against the
# time at which cbc's log first shows an incumbent at least as good; if cbc never gets there,
# its whole run is used and the ratio is a lower bound (ratio_is_lower_bound = true).
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
echo "case,huxiao_objective,huxiao_bound,huxiao_proven,huxiao_s,huxiao_cpu_s,cbc_objective,cbc_status,cbc_s,cbc_cpu_s,same_objective,time_ratio,huxiao_best_found_s,cbc_time_to_target_s,target_ratio,ratio_is_lower_bound" > "$csv"
for c in "${cases[@]}"; do
  IFS=: read -r fmt inst radius p <<< "$c"
  case $fmt in
    sjc)   file=$data/sjc/$inst.txt;              args=(--format sjc --radius "$radius" --p "$p") ;;
    ails)  file=$data/ails_mclp/instances/$inst.txt; args=(--format ails --radius "$radius" --p "$p") ;;
    orlib) file=$data/pmed/$inst.txt;             args=(--format orlib-pmed) ;;
  esac
  lp=$out/${c//:/_}.lp
  /usr/bin/time -f '%U %S' -o "$out/time.txt" "$huxiao" deploy bench "$file" "${args[@]}" \
    --time-limit "$limit" --full-lp "$lp" --json > "$out/huxiao.json" 2>/dev/null
  json=$(cat "$out/huxiao.json")
  hux_cpu=$(awk '{print $1 + $2}' "$out/time.txt")
  start=$(date +%s.%N)
  log=$(/usr/bin/time -f 'CPU %U %S' cbc "$lp" timeMode elapsed sec "$limit" solve quit 2>&1 || true)
  end=$(date +%s.%N)
  python3 - "$c" "$json" "$log" "$start" "$end" "$hux_cpu" >> "$csv" <<'PY'
import json, re, sys
case, js, log, t0, t1, hux_cpu = sys.argv[1:]
r = json.loads(js)
cpu = re.search(r"CPU ([0-9.]+) ([0-9.]+)", log)
cbc_cpu = float(cpu.group(1)) + float(cpu.group(2)) if cpu else float("nan")
m = re.search(r"Objective value:\s*(-?[0-9.e+]+)", log)
cbc_obj = abs(float(m.group(1))) if m else float("nan")
status = "optimal" if "Optimal solution found" in log else ("time limit" if "Stopped on time" in log else "other")
cbc_s = float(t1) - float(t0)
same = abs(cbc_obj - r["objective"]) < 0.5
# cbc minimises the negated objective: an incumbent reaches the target when -value >= ours.
hits = [float(t) for v, t in re.findall(r"Integer solution of (-?[0-9.e+]+) found.*?\(([0-9.]+) seconds\)", log)
        if abs(float(v)) >= r["objective"] - 0.5]
reached = bool(hits) or (same and status == "optimal")
cbc_target = min(hits) if hits else cbc_s
found = max(r.get("best_found_s", r["seconds"]), 1e-3)
print(f'{case},{r["objective"]:.0f},{r["bound"]:.0f},{str(r["proven_optimal"]).lower()},{r["seconds"]:.2f},{float(hux_cpu):.2f},'
      f'{cbc_obj:.0f},{status},{cbc_s:.2f},{cbc_cpu:.2f},{str(same).lower()},{cbc_s / max(r["seconds"], 1e-3):.1f},'
      f'{found:.2f},{cbc_target:.2f},{cbc_target / found:.1f},{str(not reached).lower()}')
PY
  rm -f "$lp"
  tail -1 "$csv"
done
