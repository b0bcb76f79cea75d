"""Compares huxiao's zone_findings with PostGIS ST_DWithin, rule by rule (run by zones_vs_postgis.sh)."""
import subprocess
import sys

import yaml

LAYERS = {"pois": ("pois", "poi_id", "category"), "water": ("water", "water_id", "kind"),
          "waterways": ("waterways", "waterway_id", "kind"), "roads": ("roads", "road_id", "class")}


def psql(sql):
    out = subprocess.run(["psql", "-At", "-F", "\t", "-c", sql], check=True, capture_output=True, text=True).stdout
    return [tuple(line.split("\t")) for line in out.splitlines() if line]


def main():
    rules = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))["rules"]
    # The school's base: its campus polygon when mapped, else its point (as huxiao measures).
    psql("DROP TABLE IF EXISTS bases; CREATE TABLE bases AS SELECT s.school_id, s.level, COALESCE(c.geom, s.geom) AS geom "
         "FROM schools s LEFT JOIN school_campus c USING (school_id); CREATE INDEX ON bases USING gist (geom); ANALYZE bases;")
    ours_all = set(psql("SELECT school_id, feature_id, rule_id FROM zone_findings"))
    total_ours = total_pg = 0
    ok = True
    print(f"{'rule':<26} {'PostGIS':>8} {'huxiao':>8}  equal")
    for r in rules:
        table, id_col, cat_col = LAYERS[r["feature"]]
        levels = ",".join(f"'{x}'" for x in r["levels"])
        cats = ",".join(f"'{x}'" for x in r["categories"])
        pg = set((a, b, r["id"]) for a, b in psql(
            f"SELECT b.school_id, f.{id_col} FROM bases b JOIN {table} f ON ST_DWithin(b.geom, f.geom, {r['distance_m']}) "
            f"WHERE b.level IN ({levels}) AND f.{cat_col} IN ({cats})"))
        ours = {p for p in ours_all if p[2] == r["id"]}
        equal = pg == ours
        ok = ok and equal
        total_ours += len(ours)
        total_pg += len(pg)
        print(f"{r['id']:<26} {len(pg):>8} {len(ours):>8}  {'yes' if equal else 'NO'}")
        if not equal:
            print("   only PostGIS:", sorted(pg - ours)[:5], " only huxiao:", sorted(ours - pg)[:5])
    print(f"{'total':<26} {total_pg:>8} {total_ours:>8}  {'yes' if ok else 'NO'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
