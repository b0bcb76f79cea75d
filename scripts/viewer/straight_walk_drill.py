#!/usr/bin/env python3
"""Stand-in drill trajectories to exercise the viewer's playback until evac/ writes real ones.

NOT an evacuation simulation: each pupil starts at a random point of the school's campus and,
after a random pre-movement delay (0-60 s), walks in a straight line at 1.0-1.5 m/s to the
nearest gate and then 40 m on to an assembly point outside it; no collisions, no walls.
Writes layer `drill_trajectories` (point, agent, time) into a copy of the store, in the
playback contract the viewer reads (docs/viewer.md).

usage: straight_walk_drill.py STORE.gpkg OUT.gpkg [SCHOOL_ID|auto] [PUPILS=600]
  auto: the largest campus among schools with two gates or more.
Needs the GDAL command-line tools only."""
import csv, io, math, random, re, shutil, subprocess, sys, tempfile

store, out = sys.argv[1], sys.argv[2]
school = sys.argv[3] if len(sys.argv) > 3 else "auto"
pupils = int(sys.argv[4]) if len(sys.argv) > 4 else 600
rng = random.Random(1)

def table(layer):
    text = subprocess.run(["ogr2ogr", "-f", "CSV", "/vsistdout/", store, layer, "-lco", "GEOMETRY=AS_WKT"],
                          check=True, capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(text)))

if school == "auto":
    gate_count = {}
    for g in table("school_gates"):
        gate_count[g["school_id"]] = gate_count.get(g["school_id"], 0) + 1
    school = max((c for c in table("school_campus") if gate_count.get(c["school_id"], 0) >= 2),
                 key=lambda c: float(c["area_m2"]))["school_id"]
_table = table
table = lambda layer: [r for r in _table(layer) if r["school_id"] == school]

campus = table("school_campus")[0]
print("school", school, campus["name"])
ring = [tuple(map(float, p.split())) for p in re.search(r"\(+([^()]*)\)", campus["WKT"]).group(1).split(",")]
gates = [tuple(map(float, re.search(r"POINT \(([^)]*)\)", g["WKT"]).group(1).split())) for g in table("school_gates")]
cx, cy = sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)

def inside(x, y):
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit

xs, ys = [p[0] for p in ring], [p[1] for p in ring]
rows = []
for agent in range(pupils):
    while True:
        x, y = rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys))
        if inside(x, y):
            break
    gx, gy = min(gates, key=lambda g: math.hypot(g[0] - x, g[1] - y))
    ox, oy = gx - cx, gy - cy  # outward from the campus centre through the gate
    n = math.hypot(ox, oy) or 1.0
    path = [(x, y), (gx, gy), (gx + ox / n * 40, gy + oy / n * 40)]
    speed, t = rng.uniform(1.0, 1.5), rng.uniform(0, 60)
    rows.append((agent, 0.0, x, y))
    for (ax, ay), (bx, by) in zip(path, path[1:]):
        steps = max(1, int(math.hypot(bx - ax, by - ay) / speed))  # one sample a second
        for k in range(1, steps + 1):
            f = k / steps
            rows.append((agent, t + k * math.hypot(bx - ax, by - ay) / speed / steps, ax + (bx - ax) * f, ay + (by - ay) * f))
        t += math.hypot(bx - ax, by - ay) / speed
epsg = re.findall(r'ID\["EPSG",(\d+)\]', subprocess.run(["ogrinfo", "-so", store, "school_gates"],
                                                        capture_output=True, text=True).stdout)[-1]
shutil.copyfile(store, out)
with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
    f.write("agent,time,x,y\n" + "".join(f"{a},{t:.2f},{x:.2f},{y:.2f}\n" for a, t, x, y in rows))
subprocess.run(["ogr2ogr", "-update", out, f.name, "-nln", "drill_trajectories", "-a_srs", f"EPSG:{epsg}",
                "-oo", "X_POSSIBLE_NAMES=x", "-oo", "Y_POSSIBLE_NAMES=y", "-oo", "AUTODETECT_TYPE=YES",
                "-nlt", "POINT"], check=True)
print(f"{out}: {pupils} pupils of {school}, {len(rows)} samples, {len(gates)} gates, EPSG:{epsg}")
