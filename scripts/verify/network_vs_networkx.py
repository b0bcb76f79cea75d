#!/usr/bin/env python3
"""Checks huxiao's travel times against networkx on the very same graph.

For each profile (walking; driving at the morning peak), huxiao exports its graph
(`huxiao route export-graph`), networkx loads the arcs into a DiGraph (parallel arcs keep the
cheapest), and both compute the times for the same random node pairs: networkx with
single_source_dijkstra_path_length, huxiao through its matrix code (`huxiao route node-times`),
once with plain Dijkstra and once with the contraction hierarchy (bucket many-to-many).
Every pair must agree within 1e-6 s, unreachable pairs included.

Usage: scripts/verify/network_vs_networkx.py [--store out/chengdu.gpkg] [--huxiao build/engine/huxiao]
       [--pairs 1000] [--seed 1]
The store is imported from ../shared/data/osm/chengdu-center.osm if it does not exist.
Exit status 0 when every pair agrees.
"""

import argparse
import csv
import math
import os
import random
import subprocess
import sys
import tempfile

import networkx as nx

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOLERANCE = 1e-6


def run(cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def load_digraph(arcs_csv):
    g = nx.DiGraph()
    with open(arcs_csv, newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            u, v, w = int(row["from"]), int(row["to"]), float(row["seconds"])
            if g.has_edge(u, v) and g[u][v]["weight"] <= w:
                continue
            g.add_edge(u, v, weight=w)
    return g


def node_count(nodes_csv):
    with open(nodes_csv, encoding="utf-8-sig") as f:
        return sum(1 for _ in f) - 1


def check_profile(args, profile, at, tmp, method):
    arcs = os.path.join(tmp, f"{profile}_arcs.csv")
    nodes = os.path.join(tmp, f"{profile}_nodes.csv")
    extra = ["--at", at] if at else []
    run([args.huxiao, "route", "export-graph", args.store, "--profile", profile, "-o", arcs, "--nodes", nodes] + extra)
    g = load_digraph(arcs)
    n = node_count(nodes)
    rng = random.Random(args.seed)
    pairs = [(rng.randrange(n), rng.randrange(n)) for _ in range(args.pairs)]
    pairs_csv = os.path.join(tmp, f"{profile}_pairs.csv")
    with open(pairs_csv, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["source", "target"])
        w.writerows(pairs)
    out_csv = os.path.join(tmp, f"{profile}_times.csv")
    run([args.huxiao, "route", "node-times", args.store, "--profile", profile, "--pairs", pairs_csv, "-o", out_csv,
         "--method", method] + extra)
    huxiao = {}
    with open(out_csv, encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            huxiao[(int(row["source"]), int(row["target"]))] = float(row["seconds"])

    by_source = {}
    for s, _ in pairs:
        if s not in by_source:
            by_source[s] = nx.single_source_dijkstra_path_length(g, s, weight="weight") if s in g else {s: 0.0}
    worst, mismatches, unreachable = 0.0, [], 0
    for s, t in pairs:
        expected = by_source[s].get(t, math.inf)
        got = huxiao[(s, t)]
        if math.isinf(expected) or math.isinf(got):
            unreachable += math.isinf(expected)
            if math.isinf(expected) != math.isinf(got):
                mismatches.append((s, t, got, expected))
            continue
        diff = abs(got - expected)
        worst = max(worst, diff)
        if diff > TOLERANCE:
            mismatches.append((s, t, got, expected))
    label = profile + (f" at {at}" if at else "") + f" ({method})"
    print(f"{label}: graph {n} nodes, {g.number_of_edges()} arcs in networkx; {len(pairs)} pairs, "
          f"{unreachable} unreachable in both, max |huxiao - networkx| = {worst:.3g} s, "
          f"{len(mismatches)} mismatches")
    for m in mismatches[:10]:
        print(f"  mismatch {m[0]} -> {m[1]}: huxiao {m[2]!r}, networkx {m[3]!r}")
    return not mismatches


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--store", default=os.path.join(ROOT, "out", "chengdu.gpkg"))
    p.add_argument("--huxiao", default=os.path.join(ROOT, "build", "engine", "huxiao"))
    p.add_argument("--osm", default=os.path.join(ROOT, "..", "shared", "data", "osm", "chengdu-center.osm"))
    p.add_argument("--pairs", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--methods", default="dijkstra,skeleton,ch,core",
                   help="huxiao matrix methods to check, comma-separated")
    args = p.parse_args()
    if not os.path.exists(args.store):
        run([args.huxiao, "import", args.osm, "-o", args.store])
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for profile, at in (("walk", None), ("drive", None), ("drive", "07:30")):
            for method in args.methods.split(","):
                ok = check_profile(args, profile, at, tmp, method) and ok
    print("OK: huxiao equals networkx on every pair" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
