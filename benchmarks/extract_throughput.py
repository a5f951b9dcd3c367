"""Extraction throughput: documents per second per core, and peak memory, on a synthetic corpus.

    PYTHONPATH=src python benchmarks/extract_throughput.py --n 100000

The corpus is generated streaming by isd.synthetic.readouts (nothing is held in memory);
one process (one core) extracts every document.  Prints documents/s, MB/s, peak RSS at
several points (memory must stay flat as the corpus grows) and, as a sanity check, how
many synthetic events were found (same date, party and official).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="number of documents (default 100000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--lang", default="mixed", choices=["en", "zh", "mixed"])
    args = ap.parse_args(argv)

    from isd.extract.api import extract_text, lexicon
    from isd.extract.evaluate import compatible
    from isd.synthetic import readouts

    t0 = time.perf_counter()
    lexicon()
    setup = time.perf_counter() - t0
    gen_time = ext_time = ext_cpu = 0.0
    chars = found = true = predicted = 0
    checkpoints = {max(1, args.n // 10), max(1, args.n // 2), args.n}
    rss_at: list[tuple[int, float]] = []
    cpu0 = time.process_time()
    it = readouts(args.n, seed=args.seed, lang=args.lang, syndicated=0.1)
    for i in range(1, args.n + 1):
        g0 = time.perf_counter()
        text, events = next(it)
        g1 = time.perf_counter()
        c1 = time.thread_time()
        pred = extract_text(text)
        ext_cpu += time.thread_time() - c1
        ext_time += time.perf_counter() - g1
        gen_time += g1 - g0
        chars += len(text)
        true += len(events)
        predicted += len(pred)
        used = set()
        for e in events:
            for j, p in enumerate(pred):
                if j not in used and compatible(e, p):
                    used.add(j)
                    found += 1
                    break
        if i in checkpoints:
            rss_at.append((i, rss_mb()))
    cpu = time.process_time() - cpu0
    print(f"documents          {args.n}")
    print(f"lexicon build      {setup:.2f} s")
    print(f"extraction time    {ext_time:.2f} s wall, {ext_cpu:.2f} s CPU (generation {gen_time:.2f} s, not counted)")
    print(f"docs/s per core    {args.n / ext_cpu:,.0f}  (CPU time of the extracting thread; wall: {args.n / ext_time:,.0f})")
    print(f"MB/s per core      {chars / ext_cpu / 1e6:.2f}")
    print(f"process CPU time   {cpu:.2f} s (single thread)")
    for i, mb in rss_at:
        print(f"peak RSS after {i:>7} docs: {mb:.0f} MB")
    print(f"events recovered   {found}/{true} true events ({found / max(true, 1):.1%}); {predicted} predicted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
