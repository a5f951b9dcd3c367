"""Draw a second random sample for independent coding by coder3 (issue 7).

Seeded (2026112302): 25 event ids from the newer research files (events3_*.yaml first,
then events2_*.yaml), excluding every id already in sample.yaml. Only events are drawn:
the double-coding comparison in tools/build_dataset_double.py covers events and
agreements, not trainings/assistance. Prints ONLY each sampled record's id and its
sources (url, title) so coder3 does not see the first coding; writes the same to
sample2.yaml.

Usage: /work/venv/bin/python data/research/double/draw_sample2.py
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

from draw_sample import _ids_and_sources

SEED = 2026112302
K = 25
HERE = Path(__file__).resolve().parent


def main() -> None:
    taken = yaml.safe_load((HERE / "sample.yaml").read_text(encoding="utf-8")) or {}
    already = {str(r["id"]) for part in ("events", "agreements") for r in taken.get(part) or []}
    rng = random.Random(SEED)
    preferred = {k: v for k, v in _ids_and_sources(["events3_*.yaml"]).items() if k not in already}
    fallback = {k: v for k, v in _ids_and_sources(["events2_*.yaml"]).items() if k not in already and k not in preferred}
    picked = sorted(rng.sample(sorted(preferred), min(K, len(preferred))))
    if len(picked) < K:
        picked += sorted(rng.sample(sorted(fallback), min(K - len(picked), len(fallback))))
    if len(picked) < K:
        sys.exit(f"only {len(picked)} undrawn event ids available, wanted {K}")
    pool = {**fallback, **preferred}
    sample = {"seed": SEED, "k": K, "excluded": "ids in sample.yaml",
              "population": {"events3": len(preferred), "events2": len(fallback)},
              "events": [{"id": i, "sources": pool[i]} for i in picked]}
    text = yaml.safe_dump(sample, allow_unicode=True, sort_keys=False, width=200)
    (HERE / "sample2.yaml").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
