#!/usr/bin/env python3
"""Benchmarks huxiao's travel-time matrix and one-to-all Dijkstra against networkx and pgRouting,
side by side in one run, on the same graph (huxiao's own export) and the same places.

Cases:
  chengdu    the real test bed (out/chengdu.gpkg, imported if missing): schools x candidate posts
  synthetic  a `huxiao demo` county with about 1 000 000 road pieces: origins x candidate posts,
             plus one-to-all Dijkstra from random nodes
Each matrix is computed by huxiao four times: with its full contraction hierarchy (`--method ch`:
preprocessing and query timed apart, and their total), with a hierarchy that leaves a core
uncontracted (`--method core`, what `auto` picks for a one-off matrix from 48 origins, 160 on a
small graph), with the skeleton (`--method skeleton`, what `auto` picks from 8 origins below
that: its building is inside the matrix time) and with plain Dijkstra (`--method dijkstra`);
with --cost-matrix also a square pgr_dijkstraCostMatrix over random places
against the same square matrix in huxiao.
Candidate posts (and the synthetic origins) are random graph nodes written into the store as
layers with ogr2ogr, so every tool answers exactly the same question. Drive profile at 07:30.

The times printed are wall-clock seconds on this machine, whatever its load: compare ratios from
one run only. "compute" is the matrix itself (huxiao's own timer, networkx's Dijkstra loop, the
pgRouting query); "whole" adds reading the data and building the graph.

Usage: scripts/bench/network_vs_peers.py [--huxiao build/engine/huxiao] [--no-pgrouting]
       [--synthetic-schools 160000] [--posts 500] [--synthetic-origins 100] [--synthetic-posts 1000]
       [--cost-matrix [--square-places 1000] [--synthetic-square-places 200]]
"""

import argparse
import csv
import math
import os
import random
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

import networkx as nx

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PG_BIN = "/usr/lib/postgresql/15/bin"
PG_PORT = "55437"


def sh(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    if r.returncode != 0:
        raise SystemExit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr}")
    return r.stdout


def timed(cmd):
    t = time.perf_counter()
    out = sh(cmd)
    return out, time.perf_counter() - t


def store_crs(huxiao, store, tmp):
    """A file with the WKT of the store's CRS (the demo county's is a custom Albers projection)."""
    info = sh(["ogrinfo", "-so", store, "roads"])
    wkt = info.split("Layer SRS WKT:\n", 1)[1].split("\nData axis", 1)[0]
    path = os.path.join(tmp, "store_crs.wkt")
    with open(path, "w") as f:
        f.write(wkt)
    return path


def export(huxiao, store, tmp, tag):
    arcs, nodes = os.path.join(tmp, f"{tag}_arcs.csv"), os.path.join(tmp, f"{tag}_nodes.csv")
    sh([huxiao, "route", "export-graph", store, "--profile", "drive", "--at", "07:30", "-o", arcs, "--nodes", nodes])
    coords = []
    with open(nodes, encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            coords.append((float(row["x"]), float(row["y"])))
    return arcs, coords


def write_layer(store, crs, tmp, layer, node_ids, coords):
    path = os.path.join(tmp, f"{layer}.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "x", "y"])
        for i, n in enumerate(node_ids):
            w.writerow([f"n{n}", f"{layer} {i}", repr(coords[n][0]), repr(coords[n][1])])
    sh(["ogr2ogr", "-update", "-overwrite", "-f", "GPKG", store, path, "-nln", layer, "-a_srs", crs,
        "-oo", "X_POSSIBLE_NAMES=x", "-oo", "Y_POSSIBLE_NAMES=y", "-oo", "KEEP_GEOM_COLUMNS=NO"])


def read_matrix(path, max_rows=None):
    """(rows, cols, the first max_rows rows flattened) of a huxiao binary matrix."""
    with open(path, "rb") as f:
        head = f.read(32)
        rows, cols = struct.unpack("<QQ", head[16:32])
        k = rows if max_rows is None else min(rows, max_rows)
        data = struct.unpack(f"<{k * cols}d", f.read(k * cols * 8))
    return rows, cols, data


def load_networkx(arcs):
    t = time.perf_counter()
    g = nx.DiGraph()
    with open(arcs, encoding="utf-8-sig") as f:
        next(f)
        for line in f:
            u, v, w, _, _ = line.split(",")
            u, v, w = int(u), int(v), float(w)
            if g.has_edge(u, v) and g[u][v]["weight"] <= w:
                continue
            g.add_edge(u, v, weight=w)
    return g, time.perf_counter() - t


def networkx_matrix(g, origins, posts):
    t, c = time.perf_counter(), time.process_time()
    out = []
    for s in origins:
        d = nx.single_source_dijkstra_path_length(g, s, weight="weight")
        out.append([d.get(p, math.inf) for p in posts])
    return out, time.perf_counter() - t, time.process_time() - c


# [SECTION] pgRouting on a throwaway local server

class Postgres:
    def __init__(self, tmp):
        self.dir = os.path.join(tmp, "pg")
        os.makedirs(self.dir)
        shutil.chown(self.dir, "postgres", "postgres")
        self.as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        sh(self.as_pg + [f"{PG_BIN}/initdb", "-D", f"{self.dir}/data", "-A", "trust", "-U", "postgres"])
        sh(self.as_pg + [f"{PG_BIN}/pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/log", "-w", "-o",
                         f"-p {PG_PORT} -k {self.dir} -c listen_addresses='' -c shared_buffers=512MB "
                         "-c work_mem=256MB", "start"])
        self.psql(["-c", "CREATE EXTENSION pgrouting CASCADE"])

    def psql(self, args):
        return sh(["psql", "-X", "-q", "-At", "-h", self.dir, "-p", PG_PORT, "-U", "postgres", "-d", "postgres"] + args)

    def timed_query(self, sql):
        out = self.psql(["-c", "\\timing on", "-c", sql])
        ms = float(re.findall(r"Time: ([\d.]+) ms", out)[-1])
        return out.splitlines()[0], ms / 1000.0

    def load(self, table, arcs):
        self.psql(["-c", f"DROP TABLE IF EXISTS {table}; CREATE TABLE {table} (source bigint, target bigint, "
                         "cost float8, metres float8, edge bigint)",
                   "-c", f"\\copy {table} FROM '{arcs}' CSV HEADER",
                   "-c", f"ALTER TABLE {table} ADD COLUMN id bigserial; "
                         f"UPDATE {table} SET source = source + 1, target = target + 1",
                   "-c", f"VACUUM ANALYZE {table}"])

    def stop(self):
        subprocess.run(self.as_pg + [f"{PG_BIN}/pg_ctl", "-D", f"{self.dir}/data", "-m", "fast", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def ids(nodes):
    return "ARRAY[" + ",".join(str(n + 1) for n in nodes) + "]::bigint[]"


# [SECTION] cases

def huxiao_matrix(args, store, origins_layer, posts_layer, out_bin, method):
    """One `huxiao route matrix` run: its own timings (CH preprocessing on a line of its own)."""
    out, whole = timed([args.huxiao, "route", "matrix", store, "--from", origins_layer, "--to", posts_layer,
                        "--profile", "drive", "--at", "07:30", "--method", method, "-o", out_bin])
    m = re.search(r"matrix ([\d.]+) s \(CPU ([\d.]+) s, (\d+) threads\)", out)
    r = {"compute": float(m.group(1)), "cpu": float(m.group(2)), "threads": int(m.group(3)), "whole": whole,
         "pre": 0.0, "pre_cpu": 0.0, "pre_line": ""}
    c = re.search(r"contraction hierarchy ([\d.]+) s \(CPU ([\d.]+) s\)(.*)", out)
    if c:
        r["pre"], r["pre_cpu"], r["pre_line"] = float(c.group(1)), float(c.group(2)), c.group(3).strip(" :")
    r["total"] = r["pre"] + r["compute"]
    r["total_cpu"] = r["pre_cpu"] + r["cpu"]
    return r


def max_diff(a, b):
    """Largest |a - b| over pairs both reach, and whether both agree on which pairs are unreachable."""
    worst = max((abs(x - y) for x, y in zip(a, b) if not math.isinf(x) and not math.isinf(y)), default=0.0)
    return worst, all(math.isinf(x) == math.isinf(y) for x, y in zip(a, b))


def matrix_case(args, name, store, origins_layer, origin_nodes, posts, coords, arcs, tmp, pg, table, square):
    crs = store_crs(args.huxiao, store, tmp)
    write_layer(store, crs, tmp, "bench_posts", posts, coords)
    if origins_layer == "bench_origins":
        write_layer(store, crs, tmp, "bench_origins", origin_nodes, coords)
    dj_bin, ch_bin = os.path.join(tmp, f"{name}_dijkstra.bin"), os.path.join(tmp, f"{name}_ch.bin")
    core_bin = os.path.join(tmp, f"{name}_core.bin")
    sk_bin = os.path.join(tmp, f"{name}_skeleton.bin")
    dj = huxiao_matrix(args, store, origins_layer, "bench_posts", dj_bin, "dijkstra")
    sk = huxiao_matrix(args, store, origins_layer, "bench_posts", sk_bin, "skeleton")
    ch = huxiao_matrix(args, store, origins_layer, "bench_posts", ch_bin, "ch")
    core = huxiao_matrix(args, store, origins_layer, "bench_posts", core_bin, "core")
    rows, cols, hx = read_matrix(dj_bin)
    _, _, hx_ch = read_matrix(ch_bin)
    _, _, hx_core = read_matrix(core_bin)
    _, _, hx_sk = read_matrix(sk_bin)
    ch_diff, ch_agree = max_diff(hx, hx_ch)
    sk_diff, sk_agree = max_diff(hx, hx_sk)
    core_diff, core_agree = max_diff(hx, hx_core)
    print(f"\n== {name}: {rows} x {cols} drive matrix at 07:30 ==")
    print(f"huxiao CH        preprocessing {ch['pre']:.3f} s (CPU {ch['pre_cpu']:.3f} s; {ch['pre_line']})")
    print(f"huxiao CH        query {ch['compute']:.4f} s (CPU {ch['cpu']:.4f} s, {ch['threads']} threads); "
          f"total incl. preprocessing {ch['total']:.3f} s (CPU {ch['total_cpu']:.3f} s); whole command "
          f"{ch['whole']:.3f} s; max |CH - Dijkstra| {ch_diff:.3g} s, unreachable agree: {ch_agree}")
    print(f"huxiao core CH   preprocessing {core['pre']:.3f} s (CPU {core['pre_cpu']:.3f} s; {core['pre_line']})")
    print(f"huxiao core CH   query {core['compute']:.4f} s (CPU {core['cpu']:.4f} s); total incl. preprocessing "
          f"{core['total']:.3f} s (CPU {core['total_cpu']:.3f} s); whole command {core['whole']:.3f} s; "
          f"max |core - Dijkstra| {core_diff:.3g} s, unreachable agree: {core_agree}")
    print(f"huxiao Dijkstra  compute {dj['compute']:.4f} s (CPU {dj['cpu']:.4f} s); whole command {dj['whole']:.3f} s")
    print(f"huxiao skeleton  compute incl. building it {sk['compute']:.4f} s (CPU {sk['cpu']:.4f} s); whole command "
          f"{sk['whole']:.3f} s; max |skeleton - Dijkstra| {sk_diff:.3g} s, unreachable agree: {sk_agree}")

    g, load_s = load_networkx(arcs)
    # networkx runs one full Dijkstra per origin whatever the targets, so its time is linear in
    # the rows: on the big graph a sample of rows, scaled up, keeps the run short.
    sample = args.networkx_origins if name == "synthetic" else 0
    k = min(len(origin_nodes), sample or len(origin_nodes))
    nxm, nx_s, nx_cpu = networkx_matrix(g, origin_nodes[:k], posts)
    scaled = ""
    if k < len(origin_nodes):
        nx_s, nx_cpu = nx_s * len(origin_nodes) / k, nx_cpu * len(origin_nodes) / k
        scaled = f" [measured on the first {k} of {len(origin_nodes)} origins, scaled x{len(origin_nodes) / k:g}]"
    flat = [v for row in nxm for v in row]
    diff, unreach_agree = max_diff(hx[:k * cols], flat)
    print(f"networkx         compute {nx_s:.4f} s (CPU {nx_cpu:.4f} s)   whole {load_s + nx_s:.3f} s (graph load "
          f"{load_s:.3f} s)   max |diff| vs huxiao {diff:.3g} s, unreachable agree: {unreach_agree}{scaled}")
    print(f"  networkx / huxiao CH query:      {nx_s / ch['compute']:.1f}x (CPU time {nx_cpu / ch['cpu']:.1f}x)")
    print(f"  networkx / huxiao CH incl. pre:  {nx_s / ch['total']:.1f}x (CPU time {nx_cpu / ch['total_cpu']:.1f}x)")
    print(f"  networkx / huxiao core CH incl. pre: {nx_s / core['total']:.1f}x (CPU time "
          f"{nx_cpu / core['total_cpu']:.1f}x)")
    print(f"  networkx / huxiao Dijkstra:      {nx_s / dj['compute']:.1f}x (CPU time {nx_cpu / dj['cpu']:.1f}x)")
    print(f"  networkx / huxiao skeleton incl. building it: {nx_s / sk['compute']:.1f}x (CPU time "
          f"{nx_cpu / sk['cpu']:.1f}x)")
    print(f"  whole commands networkx / huxiao CH: {(load_s + nx_s) / ch['whole']:.1f}x, core CH: "
          f"{(load_s + nx_s) / core['whole']:.1f}x")
    if pg:
        t = time.perf_counter()
        pg.load(table, arcs)
        pg_load = time.perf_counter() - t
        query = (f"pgr_dijkstraCost('SELECT id, source, target, cost FROM {table}', {ids(origin_nodes)}, "
                 f"{ids(posts)}, directed => true)")
        res, pg_s = pg.timed_query(f"SELECT count(*) FROM {query}")
        # Same answers? (fetched separately, untimed; pgRouting leaves out unreachable and s = t pairs)
        expected = {}
        for r, s in enumerate(origin_nodes):
            for c, t in enumerate(posts):
                expected[(s + 1, t + 1)] = hx[r * cols + c]
        worst = 0.0
        for line in pg.psql(["-c", f"SELECT start_vid, end_vid, agg_cost FROM {query}"]).splitlines():
            a, b, v = line.split("|")
            worst = max(worst, abs(float(v) - expected[(int(a), int(b))]))
        print(f"pgRouting        pgr_dijkstraCost {pg_s:.4f} s ({res} pairs returned, max |diff| vs huxiao "
              f"{worst:.3g} s; table load {pg_load:.2f} s)")
        print(f"  pgRouting / huxiao CH query {pg_s / ch['compute']:.1f}x, incl. pre {pg_s / ch['total']:.1f}x; "
              f"core CH incl. pre {pg_s / core['total']:.1f}x; pgRouting / huxiao Dijkstra {pg_s / dj['compute']:.1f}x; "
              f"skeleton {pg_s / sk['compute']:.1f}x")
        if args.cost_matrix and square:
            rng = random.Random(5)
            pool = sorted(set(origin_nodes) | set(posts))
            both = sorted(rng.sample(pool, min(square, len(pool))))
            sql = (f"SELECT count(*) FROM pgr_dijkstraCostMatrix('SELECT id, source, target, cost FROM {table}', "
                   f"{ids(both)}, directed => true)")
            res, pgm_s = pg.timed_query(sql)
            write_layer(store, crs, tmp, "bench_all", both, coords)
            sq_ch = huxiao_matrix(args, store, "bench_all", "bench_all", os.path.join(tmp, f"{name}_sq_ch.bin"), "ch")
            sq_dj = huxiao_matrix(args, store, "bench_all", "bench_all", os.path.join(tmp, f"{name}_sq_dj.bin"),
                                  "dijkstra")
            sq_core = huxiao_matrix(args, store, "bench_all", "bench_all",
                                    os.path.join(tmp, f"{name}_sq_core.bin"), "core")
            print(f"pgRouting        pgr_dijkstraCostMatrix on {len(both)} places (square): {pgm_s:.4f} s ({res} pairs)")
            print(f"  huxiao CH same square matrix: query {sq_ch['compute']:.4f} s (CPU {sq_ch['cpu']:.4f} s), "
                  f"incl. preprocessing {sq_ch['total']:.3f} s (CPU {sq_ch['total_cpu']:.3f} s); "
                  f"huxiao Dijkstra {sq_dj['compute']:.4f} s (CPU {sq_dj['cpu']:.4f} s)")
            print(f"  huxiao core CH same square matrix: incl. preprocessing {sq_core['total']:.3f} s (CPU "
                  f"{sq_core['total_cpu']:.3f} s)")
            print(f"  pgRouting / huxiao CH query {pgm_s / sq_ch['compute']:.1f}x, incl. pre "
                  f"{pgm_s / sq_ch['total']:.1f}x; core CH incl. pre {pgm_s / sq_core['total']:.1f}x; "
                  f"pgRouting / huxiao Dijkstra {pgm_s / sq_dj['compute']:.1f}x")
    return g


def nearest_nodes(points, coords, cell=500.0):
    """The graph node nearest each point (what osmnx users do: nearest_nodes), by a grid."""
    grid = {}
    for n, (x, y) in enumerate(coords):
        grid.setdefault((int(x // cell), int(y // cell)), []).append(n)
    out = []
    for x, y in points:
        cx, cy, r, best = int(x // cell), int(y // cell), 0, None
        while best is None or r * cell < math.sqrt(best[0]) + cell:
            for i in range(cx - r, cx + r + 1):
                for j in range(cy - r, cy + r + 1):
                    if max(abs(i - cx), abs(j - cy)) != r:
                        continue
                    for n in grid.get((i, j), ()):
                        d = (coords[n][0] - x) ** 2 + (coords[n][1] - y) ** 2
                        if best is None or d < best[0]:
                            best = (d, n)
            r += 1
        out.append(best[1])
    return out


def schools_case(args, store, g, coords, posts, tmp):
    """The issue's own question on the synthetic county: its schools (at their nearest graph
    nodes) x the candidate posts, with huxiao's automatic method, for the first N schools and for
    all of them; networkx timed on a sample of the same rows and scaled (linear in the rows)."""
    out = sh(["ogr2ogr", "-f", "CSV", "/vsistdout/", store, "schools", "-lco", "GEOMETRY=AS_XY"])
    points = [(float(r["X"]), float(r["Y"])) for r in csv.DictReader(out.splitlines())]
    t = time.perf_counter()
    nodes = nearest_nodes(points, coords)
    print(f"\n== synthetic schools x candidate posts: {len(nodes)} schools (nearest nodes found in "
          f"{time.perf_counter() - t:.1f} s) x {len(posts)} posts, drive at 07:30 ==")
    crs = store_crs(args.huxiao, store, tmp)
    k = min(len(nodes), args.networkx_origins or 20)
    nxm, nx_s, nx_cpu = networkx_matrix(g, nodes[:k], posts)
    per_row, per_row_cpu = nx_s / k, nx_cpu / k
    print(f"networkx         {per_row:.3f} s per school (CPU {per_row_cpu:.3f} s), measured on {k} schools")
    counts = [int(c) for c in args.school_counts.split(",")]
    for count in counts:
        n = len(nodes) if count <= 0 else min(count, len(nodes))
        write_layer(store, crs, tmp, "bench_schools", nodes[:n], coords)
        path = os.path.join(tmp, "schools.bin")
        r = huxiao_matrix(args, store, "bench_schools", "bench_posts", path, "auto")
        rows, cols, hx = read_matrix(path, k)
        diff, agree = max_diff(hx[:k * cols], [v for row in nxm for v in row])
        os.remove(path)
        method = "contraction hierarchy" if r["pre_line"] else "Dijkstra"
        print(f"huxiao auto ({method}) {rows} x {cols}: preprocessing {r['pre']:.3f} s (CPU "
              f"{r['pre_cpu']:.3f} s), query {r['compute']:.3f} s (CPU {r['cpu']:.3f} s), total "
              f"{r['total']:.3f} s (CPU {r['total_cpu']:.3f} s); whole command {r['whole']:.1f} s; "
              f"max |diff| vs networkx on {k} rows {diff:.3g} s, unreachable agree: {agree}")
        print(f"  networkx ({per_row * rows:.0f} s for {rows} rows, scaled) / huxiao incl. preprocessing: "
              f"{per_row * rows / r['total']:.1f}x (CPU time {per_row_cpu * rows / r['total_cpu']:.1f}x)")


def one_to_all_case(args, store, g, arcs, pg, table, n_nodes):
    out, _ = timed([args.huxiao, "route", "one-to-all", store, "--profile", "drive", "--at", "07:30",
                    "--sources", str(args.one_to_all_sources)])
    hx = float(re.search(r"mean ([\d.]+) s", out).group(1))
    hx_cpu = float(re.search(r"CPU mean ([\d.]+) s", out).group(1))
    print(f"\n== one-to-all Dijkstra on the synthetic graph ==\n{out.strip()}")
    rng = random.Random(3)
    sources = [rng.randrange(n_nodes) for _ in range(args.one_to_all_sources)]
    t, c = time.perf_counter(), time.process_time()
    for s in sources:
        nx.single_source_dijkstra_path_length(g, s, weight="weight")
    nx_s = (time.perf_counter() - t) / len(sources)
    nx_cpu = (time.process_time() - c) / len(sources)
    print(f"networkx   mean {nx_s:.4f} s per source (CPU {nx_cpu:.4f} s); ratio networkx / huxiao "
          f"{nx_s / hx:.1f}x (CPU time {nx_cpu / hx_cpu:.1f}x)")
    if pg:
        times = []
        for s in sources[:3]:
            _, q = pg.timed_query(f"SELECT count(*) FROM pgr_drivingDistance('SELECT id, source, target, cost "
                                  f"FROM {table}', {s + 1}, 1e12, directed => true)")
            times.append(q)
        pg_s = sum(times) / len(times)
        print(f"pgRouting  pgr_drivingDistance mean {pg_s:.4f} s per source; ratio pgRouting / huxiao {pg_s / hx:.1f}x")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--huxiao", default=os.path.join(ROOT, "build", "engine", "huxiao"))
    p.add_argument("--chengdu", default=os.path.join(ROOT, "out", "chengdu.gpkg"))
    p.add_argument("--osm", default=os.path.join(ROOT, "..", "shared", "data", "osm", "chengdu-center.osm"))
    p.add_argument("--synthetic", default=os.path.join(ROOT, "out", "bench_network_1m.gpkg"))
    p.add_argument("--synthetic-schools", type=int, default=160000)
    p.add_argument("--posts", type=int, default=500)
    p.add_argument("--synthetic-origins", type=int, default=100)
    p.add_argument("--synthetic-posts", type=int, default=1000)
    p.add_argument("--one-to-all-sources", type=int, default=5)
    p.add_argument("--networkx-origins", type=int, default=0,
                   help="time networkx on only this many synthetic origins and scale (0: all)")
    p.add_argument("--no-pgrouting", action="store_true")
    p.add_argument("--cost-matrix", action="store_true",
                   help="also pgr_dijkstraCostMatrix (a square matrix over random places) on both graphs")
    p.add_argument("--square-places", type=int, default=1000, help="places in the Chengdu square matrix")
    p.add_argument("--synthetic-square-places", type=int, default=200,
                   help="places in the synthetic square matrix")
    p.add_argument("--skip-synthetic", action="store_true")
    p.add_argument("--school-counts", default="1000,0",
                   help="synthetic schools x posts matrices for the first N schools (0: all); '' to skip")
    p.add_argument("--only-schools", action="store_true",
                   help="on the synthetic graph run only the schools x posts case")
    args = p.parse_args()
    # Stop the throwaway PostgreSQL server on Ctrl-C or kill as well.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"networkx {nx.__version__}")
    if not os.path.exists(args.chengdu):
        sh([args.huxiao, "import", args.osm, "-o", args.chengdu])
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        pg = None if args.no_pgrouting else Postgres(tmp)
        try:
            # Chengdu: the real schools (at the graph nodes they snap to) x random candidate posts.
            arcs, coords = export(args.huxiao, args.chengdu, tmp, "chengdu")
            rng = random.Random(1)
            schools = schools_at_nodes(args, tmp, coords)
            posts = [rng.randrange(len(coords)) for _ in range(args.posts)]
            matrix_case(args, "chengdu", args.chengdu, "bench_origins", schools, posts, coords, arcs, tmp, pg,
                        "chengdu_edges", args.square_places)
            if not args.skip_synthetic:
                if not os.path.exists(args.synthetic):
                    t = time.perf_counter()
                    sh([args.huxiao, "demo", "-o", args.synthetic, "--schools", str(args.synthetic_schools),
                        "--pois-per-school", "0.1"])
                    print(f"\n(generated {args.synthetic} in {time.perf_counter() - t:.1f} s)")
                print(sh([args.huxiao, "route", "stats", args.synthetic, "--profile", "drive", "--at", "07:30"]).strip())
                arcs, coords = export(args.huxiao, args.synthetic, tmp, "synthetic")
                origins = [rng.randrange(len(coords)) for _ in range(args.synthetic_origins)]
                posts = [rng.randrange(len(coords)) for _ in range(args.synthetic_posts)]
                if args.only_schools:
                    write_layer(args.synthetic, store_crs(args.huxiao, args.synthetic, tmp), tmp, "bench_posts",
                                posts, coords)
                    g, _ = load_networkx(arcs)
                else:
                    g = matrix_case(args, "synthetic", args.synthetic, "bench_origins", origins, posts, coords,
                                    arcs, tmp, pg, "synthetic_edges", args.synthetic_square_places)
                    one_to_all_case(args, args.synthetic, g, arcs, pg, "synthetic_edges", len(coords))
                if args.school_counts:
                    schools_case(args, args.synthetic, g, coords, posts, tmp)
        finally:
            if pg:
                pg.stop()


def schools_at_nodes(args, tmp, coords):
    """The graph node nearest each Chengdu school (what osmnx users do: nearest_nodes)."""
    out = sh(["ogr2ogr", "-f", "CSV", "/vsistdout/", args.chengdu, "schools", "-lco", "GEOMETRY=AS_XY"])
    schools = []
    for row in csv.DictReader(out.splitlines()):
        x, y = float(row["X"]), float(row["Y"])
        schools.append(min(range(len(coords)), key=lambda n: (coords[n][0] - x) ** 2 + (coords[n][1] - y) ** 2))
    return schools


if __name__ == "__main__":
    sys.exit(main())
