"""Extraction throughput: documents per second (and per core) on the local engine
(1 and 2 processes) and on Spark local[1] and local[2].

    PYTHONPATH=src /work/venv/bin/python benchmarks/engine_extract.py --docs 20000
    PYTHONPATH=src /work/venv/bin/python benchmarks/engine_extract.py --fn isd.engines.functions:doc_profile

Documents come from the synthetic readout generator (isd.synthetic.readouts, English and
Chinese, 20 % syndicated near-copies).  Spark's start-up (~10 s) is measured apart
and not counted in the throughput; each Spark run is preceded by a small warm-up job.
Outputs of all runs are checked to be identical.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path


def make_docs(n: int, path: Path, seed: int = 1) -> int:
    import pandas as pd

    from isd.synthetic import readouts

    rows = [{"id": f"doc{i:07d}", "text": text, "language": None}
            for i, (text, _events) in enumerate(readouts(n, seed=seed, lang="mixed", syndicated=0.2))]
    pd.DataFrame(rows).to_parquet(path, row_group_size=500)
    return sum(len(r["text"]) for r in rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--fn", default="isd.extract:extract_text")
    ap.add_argument("--no-spark", action="store_true")
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()

    from isd.engines import LocalEngine
    from isd.engines.documents import read_output, resolve_fn

    resolve_fn(a.fn)
    tmp = Path(tempfile.mkdtemp(prefix="isd-bench-"))
    docs = tmp / "docs.parquet"
    chars = make_docs(a.docs, docs)
    print(f"{a.docs} documents, {chars / a.docs:.0f} characters on average, fn={a.fn}", file=sys.stderr)
    results = []
    outputs = {}
    for workers in (1, 2):
        out = tmp / f"local{workers}.parquet"
        s = LocalEngine(workers=workers).map_documents(a.fn, docs, out)
        outputs[f"local[{workers}]"] = out
        results.append({"run": f"local engine, {workers} process(es)", "cores": workers, **s.as_dict()})
        print(json.dumps(results[-1]), flush=True)
    if not a.no_spark:
        from isd.engines.spark import SparkEngine

        small = tmp / "small.parquet"
        import pandas as pd

        pd.read_parquet(docs).head(50).to_parquet(small)
        for cores in (1, 2):
            t = time.perf_counter()
            eng = SparkEngine(master=f"local[{cores}]")
            eng.map_documents(a.fn, small, tmp / "warm")
            startup = time.perf_counter() - t
            out = tmp / f"spark{cores}"
            s = eng.map_documents(a.fn, docs, out)
            eng.close()
            outputs[f"spark[{cores}]"] = out
            results.append({"run": f"spark local[{cores}]", "cores": cores, "startup_and_warmup_s": round(startup, 1),
                            **s.as_dict()})
            print(json.dumps(results[-1]), flush=True)
    ref = None
    for name, out in outputs.items():
        df = read_output(out)
        if ref is None:
            ref = df
        elif not ref.equals(df):
            raise SystemExit(f"output of {name} differs from the local engine's")
    print("\nall outputs identical\n")
    print(f"{'run':<32} {'docs':>6} {'rows':>6} {'s':>7} {'docs/s':>8} {'docs/s/core':>12}")
    for r in results:
        print(f"{r['run']:<32} {r['documents']:>6} {r['rows']:>6} {r['seconds']:>7.1f} {r['docs_per_second']:>8.1f} "
              f"{r['docs_per_second'] / r['cores']:>12.1f}")
    if a.json:
        a.json.write_text(json.dumps(results, indent=1))
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
