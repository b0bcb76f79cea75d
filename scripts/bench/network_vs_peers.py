#!/usr/bin/env python3
"""Benchmarks huxiao's travel-time matrix and one-to-all Dijkstra against networkx and pgRouting,
side by side in one run, on the same graph (huxiao's own export) and the same places.

Cases:
  chengdu    the real test bed (out/chengdu.gpkg, imported if missing): schools x candidate posts
  synthetic  a `huxiao demo` county with about 1 000 000 road pieces: origins x candidate posts,
             plus one-to-all Dijkstra from random nodes
Candidate posts (and the synthetic origins) are random graph nodes written into the store as
layers with ogr2ogr, so every tool answers exactly the same question. Drive profile at 07:30.

The times printed are wall-clock seconds on this machine, whatever its load: compare ratios from
one run only. "compute" is the matrix itself (huxiao's own timer, networkx's Dijkstra loop, the
pgRouting query); "whole" adds reading the data and building the graph.

Usage: scripts/bench/network_vs_peers.py [--huxiao build/engine/huxiao] [--no-pgrouting]
       [--synthetic-schools 160000] [--posts 500] [--synthetic-origins 50] [--synthetic-posts 1000]
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


def read_matrix(path):
    with open(path, "rb") as f:
        head = f.read(32)
        rows, cols = struct.unpack("<QQ", head[16:32])
        data = struct.unpack(f"<{rows * cols}d", f.read(rows * cols * 8))
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

def matrix_case(args, name, store, origins_layer, origin_nodes, posts, coords, arcs, tmp, pg, table):
    crs = store_crs(args.huxiao, store, tmp)
    write_layer(store, crs, tmp, "bench_posts", posts, coords)
    if origins_layer == "bench_origins":
        write_layer(store, crs, tmp, "bench_origins", origin_nodes, coords)
    mbin = os.path.join(tmp, f"{name}_matrix.bin")
    out, whole = timed([args.huxiao, "route", "matrix", store, "--from", origins_layer, "--to", "bench_posts",
                        "--profile", "drive", "--at", "07:30", "-o", mbin])
    m = re.search(r"matrix ([\d.]+) s \(CPU ([\d.]+) s, (\d+) threads\)", out)
    compute, cpu, threads = float(m.group(1)), float(m.group(2)), int(m.group(3))
    rows, cols, hx = read_matrix(mbin)
    print(f"\n== {name}: {rows} x {cols} drive matrix at 07:30 ==")
    print(f"huxiao     compute {compute:.4f} s (CPU {cpu:.4f} s, {threads} threads)   whole command {whole:.3f} s")

    g, load_s = load_networkx(arcs)
    nxm, nx_s, nx_cpu = networkx_matrix(g, origin_nodes, posts)
    diff = max((abs(hx[r * cols + c] - nxm[r][c]) for r in range(rows) for c in range(cols)
                if not math.isinf(nxm[r][c])), default=0.0)
    unreach_agree = all(math.isinf(hx[r * cols + c]) == math.isinf(nxm[r][c]) for r in range(rows) for c in range(cols))
    print(f"networkx   compute {nx_s:.4f} s (CPU {nx_cpu:.4f} s)   whole {load_s + nx_s:.3f} s (graph load {load_s:.3f} s)   "
          f"max |diff| vs huxiao {diff:.3g} s, unreachable agree: {unreach_agree}")
    print(f"  ratio networkx / huxiao: compute {nx_s / compute:.1f}x (CPU time {nx_cpu / cpu:.1f}x), "
          f"whole {(load_s + nx_s) / whole:.1f}x")
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
                expected[(s + 1, t + 1)] = nxm[r][c]
        worst = 0.0
        for line in pg.psql(["-c", f"SELECT start_vid, end_vid, agg_cost FROM {query}"]).splitlines():
            a, b, v = line.split("|")
            worst = max(worst, abs(float(v) - expected[(int(a), int(b))]))
        print(f"pgRouting  pgr_dijkstraCost {pg_s:.4f} s ({res} pairs returned, max |diff| vs networkx "
              f"{worst:.3g} s; table load {pg_load:.2f} s)")
        print(f"  ratio pgRouting / huxiao: compute {pg_s / compute:.1f}x")
        if args.cost_matrix and name == "chengdu":  # 1 000+ full searches: too slow on the big graph
            both = sorted(set(origin_nodes) | set(posts))
            sql = (f"SELECT count(*) FROM pgr_dijkstraCostMatrix('SELECT id, source, target, cost FROM {table}', "
                   f"{ids(both)}, directed => true)")
            res, pgm_s = pg.timed_query(sql)
            sq = os.path.join(tmp, f"{name}_square.bin")
            write_layer(store, crs, tmp, "bench_all", both, coords)
            out, _ = timed([args.huxiao, "route", "matrix", store, "--from", "bench_all", "--to", "bench_all",
                            "--profile", "drive", "--at", "07:30", "-o", sq])
            sq_s = float(re.search(r"matrix ([\d.]+) s", out).group(1))
            print(f"pgRouting  pgr_dijkstraCostMatrix on the {len(both)} places: {pgm_s:.4f} s ({res} pairs); "
                  f"huxiao same square matrix {sq_s:.4f} s; ratio {pgm_s / sq_s:.1f}x")
    return g


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
    p.add_argument("--synthetic-origins", type=int, default=50)
    p.add_argument("--synthetic-posts", type=int, default=1000)
    p.add_argument("--one-to-all-sources", type=int, default=5)
    p.add_argument("--no-pgrouting", action="store_true")
    p.add_argument("--cost-matrix", action="store_true",
                   help="also pgr_dijkstraCostMatrix (a square matrix over all places) on Chengdu")
    p.add_argument("--skip-synthetic", action="store_true")
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
                        "chengdu_edges")
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
                g = matrix_case(args, "synthetic", args.synthetic, "bench_origins", origins, posts, coords, arcs,
                                tmp, pg, "synthetic_edges")
                one_to_all_case(args, args.synthetic, g, arcs, pg, "synthetic_edges", len(coords))
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
