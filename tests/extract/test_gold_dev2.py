"""The second English development set (tests/gold/en_dev2.jsonl, docs tests/gold/docs/dev/en_2NN_*):
foreign-government releases, embassy hand-overs, passive voice, undated datelines, announcements.

Checks that every line is valid gold (the same checks as tests/gold/en_check_gold.py, with the
facts log kept in each line's ``sources``) and that the extractor keeps its score on it."""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "gold" / "en_dev2.jsonl"
HEADER_KEYS = ("DATELINE:", "PUBLISHED:", "URL:", "PUBLISHER:", "LANG:")


def rows():
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_dev2_lines_are_valid_gold():
    sys.path.insert(0, str(ROOT / "tests" / "gold"))
    try:
        import en_check_gold as G
    finally:
        sys.path.pop(0)
    problems: list[str] = []
    paths = set()
    for n, row in enumerate(rows(), 1):
        rel = row["document"]["path"]
        assert rel.startswith("tests/gold/docs/dev/en_2") and rel.endswith(".txt"), rel
        paths.add(rel)
        lines = (ROOT / rel).read_text(encoding="utf-8").splitlines()
        i = 0
        while i < len(lines) and lines[i].startswith(HEADER_KEYS):
            i += 1
        words = len(" ".join(lines[i:]).split())
        assert 80 <= words <= 400, f"{rel}: {words} words"
        assert row.get("sources") and all(s.get("url") for s in row["sources"]), f"line {n}: no facts log"
        for j, e in enumerate(row["events"]):
            G.check_event(e, f"en_dev2.jsonl:{n} event {j}", problems)
    assert not problems, "\n".join(problems)
    on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests/gold/docs/dev").glob("en_2*.txt")}
    assert on_disk == paths
    assert len(paths) >= 30


@pytest.mark.slow
def test_extractor_score_on_dev2_does_not_regress():
    from isd.extract.evaluate import predict_gold_docs, score

    gold = rows()
    res = {r["field"]: r for r in score(gold, predict_gold_docs(gold, ROOT))["fields"]}
    assert res["event"]["f1"] >= 0.85
    assert res["chinese_official"]["f1"] >= 0.85
    assert res["counterpart_country"]["f1"] >= 0.85
