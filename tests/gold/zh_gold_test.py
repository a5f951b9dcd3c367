"""Checks on the Chinese half of the extraction gold set (tests/gold/zh_*).

These tests read only files in this folder: the documents under docs/<split>/zh_*.txt, the answer files
zh_dev.jsonl / zh_heldout.jsonl and the facts log zh_sources.yaml.  They check that every answer line is
valid, uses the codebook's codes (CODEBOOK.md section 3-5, copied here as the brief lists them), points at an
existing document, and that the coded facts are anchored in the document text (Chinese names, agreement
titles), so that a typo in the gold set fails here rather than silently skewing extractor scores.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pycountry
import pytest
import yaml

GOLD = Path(__file__).resolve().parent
REPO = GOLD.parent.parent
SPLITS = ("dev", "heldout")

EVENT_TYPES = {"bilateral_meeting", "sideline_bilateral", "multilateral_meeting", "agreement_signing",
               "training", "material_assistance", "forum", "other"}
MODES = {"in_person", "video", "phone"}
PRECISIONS = {"day", "month", "year"}
AGENCIES = {"MPS", "MSS", "CPLC", "MFA", "provincial_psb", "embassy", "other"}
RANKS = {"minister", "executive_vice_minister", "vice_minister", "assistant_minister", "cplc_head", "other"}
AGENCY_TYPES = {"interior_home_affairs", "public_security", "state_security", "national_police", "justice",
                "prosecutor", "immigration_border", "narcotics", "intelligence", "foreign_affairs",
                "head_of_government", "international_org", "other"}
RANK_LEVELS = {"ministerial", "vice_ministerial", "other", "unknown"}
TOPICS = {"social_stability", "transnational_crime", "counterdrug", "telecom_fraud", "counterterrorism",
          "overseas_interests_bri", "capacity_building", "event_security", "cybercrime",
          "financial_crime_gambling", "human_trafficking", "immigration_border", "generic"}
DOC_TYPES = {"protocol", "accord", "mou", "meeting_minutes", "joint_statement", "letter_of_intent",
             "exchange_of_notes", "handover_document", "cooperation_plan", "action_plan", "outcomes_list",
             "cooperation_document"}
ORGANIZATIONS = set(__import__("isd.codebook", fromlist=["load_codebook"]).load_codebook().codes("organization"))
HEADER_KEYS = {"DATELINE", "PUBLISHED", "URL", "PUBLISHER", "LANG"}
EVENT_KEYS = {"date", "date_precision", "event_type", "multilateral_context", "mode", "location", "chinese_side",
              "counterparts", "topics", "agreements"}
OPTIONAL_EVENT_KEYS = {"date_end"}

# Wang Xiaohong: executive vice minister 2018-03 .. 2022-06-23, minister from 2022-06-24 (CODEBOOK section 3).
WANG_MINISTER_FROM = dt.date(2022, 6, 24)


def _sources() -> dict:
    with open(GOLD / "zh_sources.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def _source_entries() -> dict[str, dict]:
    """zh_sources.yaml's entries, plus the facts logged inline on the lines of later sets (zh_dev2.jsonl ...)."""
    entries = {d["path"]: d for d in _sources()["documents"]}
    for path in _extra_sets():
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            rel = row["document"]["path"]
            entries.setdefault(rel, {"path": rel, "encoding": row.get("encoding", "utf-8"),
                                     "sources": row.get("sources") or []})
    return entries


def _extra_sets() -> list[Path]:
    """Dev sets added after the first (zh_dev2.jsonl, zh_dev3.jsonl ...): answers carry their own sources."""
    return sorted(p for p in GOLD.glob("zh_dev*.jsonl") if p.name != "zh_dev.jsonl")


def _answers(split: str) -> list[tuple[int, dict]]:
    rows = []
    paths = [GOLD / f"zh_{split}.jsonl"] + (_extra_sets() if split == "dev" else [])
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            assert line.strip(), f"{path.name} line {n}: blank line"
            try:
                rows.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:  # pragma: no cover - reported as failure
                pytest.fail(f"{path.name} line {n}: invalid JSON ({exc})")
    return rows


def _all_rows() -> list[tuple[str, int, dict]]:
    return [(split, n, row) for split in SPLITS for n, row in _answers(split)]


def _read_doc(rel: str) -> str:
    entry = _source_entries()[rel]
    return (REPO / rel).read_bytes().decode(entry["encoding"])


def _to_simplified(text: str) -> str:
    import opencc

    return opencc.OpenCC("t2s").convert(text)


def test_every_zh_document_has_exactly_one_answer_in_file_order():
    for split in SPLITS:
        on_disk = sorted(p.name for p in (GOLD / "docs" / split).glob("zh_*.txt"))
        listed = [Path(row["document"]["path"]).name for _, row in _answers(split)]
        assert listed == on_disk, f"zh_{split}.jsonl does not list docs/{split}/zh_*.txt in file order"
        for _, row in _answers(split):
            assert row["document"]["path"].startswith(f"tests/gold/docs/{split}/zh_")


def test_sizes_and_mix():
    rows = _all_rows()
    dev = [r for r in rows if r[0] == "dev"]
    held = [r for r in rows if r[0] == "heldout"]
    assert len(rows) >= 42 and len(dev) >= 28 and len(held) >= 12
    negatives = [r for r in rows if not r[2]["events"]]
    assert len(negatives) >= 6
    assert any(not r[2]["events"] for r in held), "heldout needs at least one negative"
    events = [e for _, _, row in rows for e in row["events"]]
    kinds = {e["event_type"] for e in events}
    assert {"sideline_bilateral", "multilateral_meeting", "training", "material_assistance"} <= kinds
    assert sum(e["event_type"] == "training" for e in events) >= 3
    assert sum(e["event_type"] == "material_assistance" for e in events) >= 3
    assert sum(e["mode"] in {"video", "phone"} for e in events) >= 2
    assert sum(bool(e["agreements"]) and any(a["title"] for a in e["agreements"]) for e in events) >= 5
    ranks = [p["rank"] for e in events for p in e["chinese_side"]]
    agencies = [p["agency"] for e in events for p in e["chinese_side"]]
    assert ranks.count("vice_minister") >= 3
    assert agencies.count("CPLC") >= 2 and agencies.count("MSS") >= 1
    assert sum(len(row["events"]) >= 3 for _, _, row in rows) >= 3, "need 3+ multi-meeting articles"
    assert sum(e["location"]["country_iso3"] not in (None, "CHN") for e in events) >= 2, "need meetings abroad"
    assert sum(e["date"] < "2022-01-01" for e in events) >= 2, "need older events"


def test_answer_lines_use_codebook_codes():
    for split, n, row in _all_rows():
        where = f"zh_{split}.jsonl line {n}"
        assert {"document", "events"} <= set(row) <= {"document", "events", "sources", "encoding"}, where
        for i, e in enumerate(row["events"]):
            at = f"{where} event {i}"
            assert EVENT_KEYS <= set(e) <= EVENT_KEYS | OPTIONAL_EVENT_KEYS, f"{at}: keys {sorted(e)}"
            date = dt.date.fromisoformat(e["date"])
            if e.get("date_end"):
                assert dt.date.fromisoformat(e["date_end"]) >= date, at
            assert e["date_precision"] in PRECISIONS, at
            if e["date_precision"] == "month":
                assert date.day == 1, f"{at}: month precision dates use the 1st"
            assert e["event_type"] in EVENT_TYPES, at
            assert e["mode"] in MODES, at
            if e["event_type"] == "sideline_bilateral":
                assert e["multilateral_context"], f"{at}: sideline needs its context"
            loc = e["location"]
            assert set(loc) == {"city", "country_iso3"}, at
            # video/phone calls are located where the Chinese side took part (same rule as the English half)
            assert pycountry.countries.get(alpha_3=loc["country_iso3"] or ""), f"{at}: location country"
            assert e["chinese_side"], f"{at}: no Chinese party"
            for p in e["chinese_side"]:
                assert set(p) == {"name_en", "name_zh", "title", "agency", "rank"}, at
                assert p["agency"] in AGENCIES and p["rank"] in RANKS, at
            for c in e["counterparts"]:
                assert set(c) == {"country_iso3", "organization", "name", "title", "agency_type", "rank_level"}, at
                assert (c["country_iso3"] is None) != (c["organization"] is None), f"{at}: country xor organization"
                if c["country_iso3"]:
                    assert pycountry.countries.get(alpha_3=c["country_iso3"]), f"{at}: {c['country_iso3']}"
                else:
                    assert c["organization"] in ORGANIZATIONS, f"{at}: {c['organization']}"
                assert c["agency_type"] in AGENCY_TYPES and c["rank_level"] in RANK_LEVELS, at
            parties = [c["country_iso3"] or c["organization"] for c in e["counterparts"]]
            assert len(parties) == len(set(parties)), f"{at}: one entry per foreign party"
            assert e["topics"] and set(e["topics"]) <= TOPICS, at
            assert len(e["topics"]) == len(set(e["topics"])), at
            assert "generic" not in e["topics"] or e["topics"] == ["generic"], at
            for a in e["agreements"]:
                assert set(a) == {"title", "doc_type"} and a["doc_type"] in DOC_TYPES, at
                assert a["title"], f"{at}: agreement without a title (use the text's own words)"


def test_events_validate_as_isd_model_events():
    from isd import model as M

    for split, n, row in _all_rows():
        for i, e in enumerate(row["events"]):
            M.Event(id=f"zh-{split}-{n}-{i}", **{k: v for k, v in e.items() if k != "agreements"})


def test_rank_on_date_for_wang_xiaohong():
    seen = set()
    for split, n, row in _all_rows():
        for e in row["events"]:
            for p in e["chinese_side"]:
                if p["name_en"] == "Wang Xiaohong":
                    date = dt.date.fromisoformat(e["date"])
                    want = "minister" if date >= WANG_MINISTER_FROM else "executive_vice_minister"
                    assert p["rank"] == want, f"zh_{split}.jsonl line {n}: Wang Xiaohong on {date}"
                    seen.add(want)
    assert seen == {"minister", "executive_vice_minister"}


def test_documents_are_well_formed_and_anchor_the_answers():
    entries = _source_entries()
    for split, n, row in _all_rows():
        rel = row["document"]["path"]
        assert rel in entries, f"{rel} missing from zh_sources.yaml"
        raw = (REPO / rel).read_bytes()
        text = _read_doc(rel)
        lines = text.splitlines()
        i = 0
        while i < len(lines) and re.match(r"^[A-Z]+: ", lines[i]):
            assert lines[i].split(":", 1)[0] in HEADER_KEYS, f"{rel}: header {lines[i]!r}"
            i += 1
        body = "\n".join(lines[i:])
        han = len(re.findall(r"[\u4e00-\u9fff]", body))
        assert 80 <= han <= 900, f"{rel}: {han} Chinese characters in the body"
        simple = _to_simplified(text)
        for e in row["events"]:
            for p in e["chinese_side"]:
                if p["name_zh"]:
                    assert p["name_zh"] in simple, f"{rel}: {p['name_zh']} not in text"
            for a in e["agreements"]:
                if a["title"]:
                    assert _to_simplified(a["title"]) in simple, f"{rel}: agreement title not in text"
        if entries[rel]["encoding"] != "utf-8":
            with pytest.raises(UnicodeDecodeError):
                raw.decode("utf-8")


def test_special_encodings_and_scripts_are_present():
    docs = _sources()["documents"]
    gbk = [d for d in docs if d["encoding"] == "gbk"]
    assert gbk, "need one GBK-encoded document"
    trad = [d for d in docs if d["script"] == "traditional"]
    assert trad, "need Traditional-Chinese text"
    for d in trad:
        text = _read_doc(d["path"])
        assert _to_simplified(text) != text, f"{d['path']} is not in Traditional characters"
    for d in docs:
        assert d["sources"] and all(s.get("url") for s in d["sources"]), d["path"]
        assert d["queries"], d["path"]
