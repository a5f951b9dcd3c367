"""Validate the English gold set (tests/gold/en_*.jsonl, docs, en_sources.yaml).

Run from the repository root:
    PYTHONPATH=src /work/venv/bin/python tests/gold/en_check_gold.py

Checks: every line is valid JSON; every document path exists and is an en_ file of the
right split; document bodies (after KEY: value headers) are 80-400 words; every code is
one of the values of isd.model (CODEBOOK §3-5); sideline meetings name their context;
counterparts name a country (ISO3) or a known organization, one entry per party; every
event validates as an isd.model.Event; every document has a facts-log entry in
en_sources.yaml. Exits non-zero and lists the problems (file:line: message) otherwise.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import get_args

import pycountry
import yaml

from isd import model as M

ROOT = Path(__file__).resolve().parents[2]
GOLD_DIR = ROOT / "tests" / "gold"
HEADER = re.compile(r"^(DATELINE|PUBLISHED|URL|PUBLISHER|LANG):\s")
from isd.codebook import load_codebook

ORGS = set(load_codebook().codes("organization"))  # codebook ids are snake_case: interpol, sco, sco_rats …
CODES = {
    "event_type": set(get_args(M.EventType)), "mode": set(get_args(M.Mode)), "agency": set(get_args(M.Agency)),
    "rank": set(get_args(M.ChineseRank)), "agency_type": set(get_args(M.AgencyType)),
    "rank_level": set(get_args(M.RankLevel)), "topic": set(get_args(M.Topic)),
    "doc_type": set(get_args(M.DocType)), "date_precision": set(get_args(M.DatePrecision)),
}


def _iso3(code: str | None) -> bool:
    return code is not None and pycountry.countries.get(alpha_3=code) is not None


def check_event(e: dict, where: str, problems: list[str]) -> None:
    def bad(msg: str) -> None:
        problems.append(f"{where}: {msg}")

    for field in ("date", "date_end"):
        if e.get(field):
            try:
                dt.date.fromisoformat(e[field])
            except ValueError:
                bad(f"{field} {e[field]!r} is not an ISO date")
    for field, code in (("date_precision", "date_precision"), ("event_type", "event_type"), ("mode", "mode")):
        if e.get(field) not in CODES[code]:
            bad(f"{field} {e.get(field)!r} not in {sorted(CODES[code])}")
    if e.get("event_type") == "sideline_bilateral" and not e.get("multilateral_context"):
        bad("sideline_bilateral without multilateral_context")
    if not _iso3(e.get("location", {}).get("country_iso3")):
        bad(f"location country {e.get('location')!r} is not ISO3")
    if not e.get("chinese_side"):
        bad("no chinese_side")
    for c in e.get("chinese_side", []):
        if c.get("agency") not in CODES["agency"]:
            bad(f"chinese agency {c.get('agency')!r}")
        if c.get("rank") not in CODES["rank"]:
            bad(f"chinese rank {c.get('rank')!r}")
    parties = []
    if not e.get("counterparts"):
        bad("no counterparts")
    for c in e.get("counterparts", []):
        iso, org = c.get("country_iso3"), c.get("organization")
        if iso is None and org is None:
            bad("counterpart has neither country_iso3 nor organization")
        if iso is not None and not _iso3(iso):
            bad(f"counterpart country {iso!r} is not ISO3")
        if org is not None and org not in ORGS:
            bad(f"organization {org!r} not in {sorted(ORGS)}")
        if c.get("agency_type") not in CODES["agency_type"]:
            bad(f"agency_type {c.get('agency_type')!r}")
        if c.get("rank_level") not in CODES["rank_level"]:
            bad(f"rank_level {c.get('rank_level')!r}")
        parties.append(iso or org)
    if len(parties) != len(set(parties)):
        bad(f"a foreign party appears twice: {parties}")
    topics = e.get("topics") or []
    if not topics or any(t not in CODES["topic"] for t in topics):
        bad(f"topics {topics!r}")
    if "generic" in topics and len(topics) > 1:
        bad("generic mixed with other topics")
    for a in e.get("agreements", []):
        if a.get("doc_type") not in CODES["doc_type"] or not a.get("title"):
            bad(f"agreement {a!r}")
    try:
        M.Event(id="gold", **{k: v for k, v in e.items() if k != "agreements"})
    except Exception as exc:  # pydantic ValidationError: report, do not stop
        bad(f"isd.model.Event rejects it: {exc}")


def main() -> int:
    problems: list[str] = []
    seen: set[str] = set()
    n_docs = n_events = n_neg = 0
    inline_logged: set[str] = set()
    dev_sets = [("dev", p.name) for p in sorted(GOLD_DIR.glob("en_dev*.jsonl"))]
    for split, jsonl_name in (*dev_sets, ("heldout", "en_heldout.jsonl")):
        jsonl = GOLD_DIR / jsonl_name
        if not jsonl.exists():
            problems.append(f"{jsonl}: missing")
            continue
        for lineno, line in enumerate(jsonl.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{jsonl.name}:{lineno}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: invalid JSON ({exc})")
                continue
            rel = row.get("document", {}).get("path", "")
            if not re.fullmatch(rf"tests/gold/docs/{split}/en_\d{{3}}_[a-z0-9_]+\.txt", rel):
                problems.append(f"{where}: bad document path {rel!r}")
            path = ROOT / rel
            if not path.exists():
                problems.append(f"{where}: {rel} does not exist")
                continue
            seen.add(rel)
            if row.get("sources"):  # en_dev2.jsonl carries its facts log on the line
                inline_logged.add(rel)
            lines = path.read_text(encoding="utf-8").splitlines()
            i = 0
            while i < len(lines) and HEADER.match(lines[i]):
                i += 1
            words = len(" ".join(lines[i:]).split())
            if not 80 <= words <= 400:
                problems.append(f"{where}: {rel} body has {words} words (80-400)")
            n_docs += 1
            events = row.get("events")
            if not isinstance(events, list):
                problems.append(f"{where}: events is not a list")
                continue
            n_neg += not events
            for j, e in enumerate(events):
                n_events += 1
                check_event(e, f"{where} event {j}", problems)
    for split in ("dev", "heldout"):
        for p in sorted((GOLD_DIR / "docs" / split).glob("en_*.txt")):
            rel = p.relative_to(ROOT).as_posix()
            if rel not in seen:
                problems.append(f"{rel}: document has no line in en_{split}*.jsonl")
    sources = yaml.safe_load((GOLD_DIR / "en_sources.yaml").read_text(encoding="utf-8"))
    logged = {d["path"] for d in sources.get("documents", []) if d.get("sources")}
    for rel in sorted(seen - logged - inline_logged):
        problems.append(f"en_sources.yaml: no facts-log entry with sources for {rel}")
    print(f"{n_docs} documents, {n_events} events, {n_neg} negatives")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
