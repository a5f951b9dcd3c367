"""The extra English development sets, each with its facts log on every line:

- dev2 (tests/gold/en_dev2.jsonl, docs en_2NN_*): foreign-government releases, embassy hand-overs,
  passive voice, undated datelines, announcements;
- dev3 (tests/gold/en_dev3.jsonl, docs en_3NN_*): police and interior-ministry releases from South
  Asia, Africa, Central Asia and Russia: envoys, bureau and provincial delegations, several hosts
  met on one trip, hand-overs, phone and video talks.

Checks that every line is valid gold (the same checks as tests/gold/en_check_gold.py) and that the
extractor keeps its score on each set."""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEADER_KEYS = ("DATELINE:", "PUBLISHED:", "URL:", "PUBLISHER:", "LANG:")
# set name → (doc prefix, minimum documents, minimum F1 the extractor must keep)
SETS = {"en_dev2": ("en_2", 30, 0.85), "en_dev3": ("en_3", 20, 0.9)}


def rows(name):
    gold = ROOT / "tests" / "gold" / f"{name}.jsonl"
    return [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name", sorted(SETS))
def test_lines_are_valid_gold(name):
    prefix, minimum, _ = SETS[name]
    sys.path.insert(0, str(ROOT / "tests" / "gold"))
    try:
        import en_check_gold as G
    finally:
        sys.path.pop(0)
    problems: list[str] = []
    paths = set()
    for n, row in enumerate(rows(name), 1):
        rel = row["document"]["path"]
        assert rel.startswith(f"tests/gold/docs/dev/{prefix}") and rel.endswith(".txt"), rel
        paths.add(rel)
        lines = (ROOT / rel).read_text(encoding="utf-8").splitlines()
        i = 0
        while i < len(lines) and lines[i].startswith(HEADER_KEYS):
            i += 1
        words = len(" ".join(lines[i:]).split())
        assert 80 <= words <= 400, f"{rel}: {words} words"
        assert row.get("sources") and all(s.get("url") for s in row["sources"]), f"line {n}: no facts log"
        for j, e in enumerate(row["events"]):
            G.check_event(e, f"{name}.jsonl:{n} event {j}", problems)
    assert not problems, "\n".join(problems)
    on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests/gold/docs/dev").glob(f"{prefix}*.txt")}
    assert on_disk == paths
    assert len(paths) >= minimum


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SETS))
def test_extractor_score_does_not_regress(name):
    from isd.extract.evaluate import predict_gold_docs, score

    floor = SETS[name][2]
    gold = rows(name)
    res = {r["field"]: r for r in score(gold, predict_gold_docs(gold, ROOT))["fields"]}
    assert res["event"]["f1"] >= floor
    assert res["chinese_official"]["f1"] >= floor
    assert res["counterpart_country"]["f1"] >= floor
