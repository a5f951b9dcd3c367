"""Draw the random sample for independent second coding (issue 7).

Seeded (20261123): 12% of event ids (events_*.yaml, events2_*.yaml) and 12% of
agreement ids (agreements_*.yaml, ev_agreements_*.yaml), rounded up.
Prints ONLY each sampled record's id and its sources (url, title) so the second
coder does not see the first coding. Writes the same to sample.yaml.

Usage: /work/venv/bin/python data/research/double/draw_sample.py
"""
from __future__ import annotations

import math
import random
import sys
from pathlib import Path

import yaml

SEED = 20261123
FRACTION = 0.12
RESEARCH = Path(__file__).resolve().parent.parent


def _ids_and_sources(patterns: list[str]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for pattern in patterns:
        for path in sorted(RESEARCH.glob(pattern)):
            records = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            if not isinstance(records, list):
                sys.exit(f"{path}: expected a list of records")
            for i, rec in enumerate(records):
                if not isinstance(rec, dict) or "id" not in rec:
                    sys.exit(f"{path}: record {i} has no id")
                srcs = []
                for s in rec.get("sources") or []:
                    if isinstance(s, dict):
                        srcs.append({k: s[k] for k in ("url", "title") if k in s})
                    else:
                        srcs.append({"url": str(s)})
                out.setdefault(str(rec["id"]), srcs)
    return out


def draw(pool: dict[str, list[dict]], rng: random.Random) -> list[dict]:
    ids = sorted(pool)
    k = math.ceil(FRACTION * len(ids))
    picked = sorted(rng.sample(ids, k))
    return [{"id": i, "sources": pool[i]} for i in picked]


def main() -> None:
    rng = random.Random(SEED)
    events = _ids_and_sources(["events_*.yaml", "events2_*.yaml"])
    agreements = _ids_and_sources(["agreements_*.yaml", "ev_agreements_*.yaml"])
    sample = {
        "seed": SEED,
        "fraction": FRACTION,
        "population": {"events": len(events), "agreements": len(agreements)},
        "events": draw(events, rng),
        "agreements": draw(agreements, rng),
    }
    text = yaml.safe_dump(sample, allow_unicode=True, sort_keys=False, width=200)
    (Path(__file__).resolve().parent / "sample.yaml").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
