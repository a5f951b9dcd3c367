"""Linkage at scale: 10k → 100k → 1M synthetic candidate events.

For each size, in a fresh subprocess (so peak memory is that size's alone):
generate candidates with known truth (isd.link.synthetic), compute features, score
blocked pairs with splink (DuckDB or Spark), cluster, and measure pairwise
precision/recall against the truth.  Prints one JSON line per size and a table.

    PYTHONPATH=src /work/venv/bin/python benchmarks/link_scale.py                 # 10k, 100k, 1M on DuckDB
    PYTHONPATH=src /work/venv/bin/python benchmarks/link_scale.py --max 100000
    PYTHONPATH=src /work/venv/bin/python benchmarks/link_scale.py --engine spark --sizes 10000,100000

Peak memory is sampled from /proc over the whole process tree (the Python process
and, with Spark, the JVM and its Python workers), every 0.2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                parts = fh.read().rsplit(")", 1)[1].split()
            ppid = int(parts[1])
            with open(f"/proc/{d}/statm") as fh:
                rss[int(d)] = int(fh.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(d))
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, []))
    return total


class PeakSampler:
    def __init__(self, pid: int, every: float = 0.2):
        self.pid, self.every, self.peak = pid, every, 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(self.every)

    def __enter__(self) -> "PeakSampler":
        self._t.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._t.join()
        self.peak = max(self.peak, tree_rss(self.pid))


def run_one(n: int, engine: str, master: str, threshold: float, seed: int) -> dict:
    from isd.codebook import load_codebook
    from isd.link.backends import make_backend
    from isd.link.features import features
    from isd.link.linkage import cluster, pairs_in_clusters, pairwise_scores, predict_pairs
    from isd.link.names import NameIndex
    from isd.link.synthetic import candidate_events

    out: dict = {"n": n, "engine": engine, "master": master if engine == "spark" else None, "seed": seed}
    with PeakSampler(os.getpid()) as mem:
        t = time.perf_counter()
        cb = load_codebook()
        rows = list(candidate_events(n, seed=seed, codebook=cb))
        truth = {r["unique_id"]: r["cluster"] for r in rows}
        out["generate_s"] = round(time.perf_counter() - t, 2)
        t = time.perf_counter()
        feats = features(rows, NameIndex.from_codebook(cb))
        del rows
        out["features_s"] = round(time.perf_counter() - t, 2)
        t = time.perf_counter()
        backend = make_backend(engine, master=master)
        try:
            pairs = predict_pairs(feats, backend)
        finally:
            backend.close()
        out["score_s"] = round(time.perf_counter() - t, 2)
        t = time.perf_counter()
        assign = cluster(pairs, feats, threshold)
        out["cluster_s"] = round(time.perf_counter() - t, 2)
        out["link_s"] = round(out["features_s"] + out["score_s"] + out["cluster_s"], 2)
        out["scored_pairs"] = len(pairs)
    out["peak_rss_mb"] = round(mem.peak / 2**20)
    s = pairwise_scores(pairs_in_clusters(assign), pairs_in_clusters(truth))
    out.update({k: (round(v, 4) if isinstance(v, float) else v) for k, v in s.items()})
    out["threshold"] = threshold
    out["cores"] = os.cpu_count()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated candidate counts")
    ap.add_argument("--max", type=int, default=1_000_000, help="skip sizes above this")
    ap.add_argument("--engine", default="duckdb", choices=["duckdb", "spark"])
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--json", type=Path, help="also write the results to this JSON file")
    a = ap.parse_args()
    if a.one:
        print(json.dumps(run_one(a.one, a.engine, a.master, a.threshold, a.seed)), flush=True)
        return
    sizes = [int(s) for s in a.sizes.split(",") if s and int(s) <= a.max]
    results = []
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parent.parent / "src")
    env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    for n in sizes:
        cmd = [sys.executable, __file__, "--one", str(n), "--engine", a.engine, "--master", a.master,
               "--threshold", str(a.threshold), "--seed", str(a.seed)]
        t = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stderr[-3000:], file=sys.stderr)
            raise SystemExit(f"size {n} failed")
        line = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")][-1]
        r = json.loads(line)
        r["wall_s"] = round(time.perf_counter() - t, 1)
        results.append(r)
        print(json.dumps(r), flush=True)
    print()
    hdr = f"{'n':>9} {'engine':>7} {'gen s':>7} {'feat s':>7} {'score s':>8} {'clust s':>8} {'link s':>8} " \
          f"{'µs/rec':>7} {'pairs':>9} {'peak MB':>8} {'prec':>6} {'recall':>6}"
    print(hdr)
    for r in results:
        print(f"{r['n']:>9} {r['engine']:>7} {r['generate_s']:>7} {r['features_s']:>7} {r['score_s']:>8} "
              f"{r['cluster_s']:>8} {r['link_s']:>8} {1e6 * r['link_s'] / r['n']:>7.0f} {r['scored_pairs']:>9} "
              f"{r['peak_rss_mb']:>8} {r['precision']:>6.3f} {r['recall']:>6.3f}")
    if a.json:
        a.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
