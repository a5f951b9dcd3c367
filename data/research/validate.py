"""Validate the research fact files (data/research/events_*.yaml, agreements_*.yaml, queries.yaml).

Usage: PYTHONPATH=src /work/venv/bin/python data/research/validate.py
Checks YAML validity, required keys, codes per CODEBOOK (event types, modes, agency types, rank levels,
topics, doc types), ISO3 codes and organization ids known to the codebook data, unique ids and sources.
"""
from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CB = HERE.parent.parent / "src" / "isd" / "codebook" / "data"

EVENT_TYPES = {"bilateral_meeting", "sideline_bilateral", "multilateral_meeting", "agreement_signing", "training",
               "material_assistance", "forum", "other"}
MODES = {"in_person", "video", "phone"}
AGENCY_TYPES = {"interior_home_affairs", "public_security", "state_security", "national_police", "justice", "prosecutor",
                "immigration_border", "narcotics", "intelligence", "foreign_affairs", "head_of_government",
                "international_org", "other"}
RANK_LEVELS = {"ministerial", "vice_ministerial", "other", "unknown"}
CN_RANKS = {"minister", "executive_vice_minister", "vice_minister", "assistant_minister", "cplc_head", "other"}
TOPICS = {"social_stability", "transnational_crime", "counterdrug", "telecom_fraud", "counterterrorism",
          "overseas_interests_bri", "capacity_building", "event_security", "cybercrime", "financial_crime_gambling",
          "human_trafficking", "immigration_border", "generic"}
DOC_TYPES = {"protocol", "accord", "mou", "meeting_minutes", "joint_statement", "letter_of_intent", "exchange_of_notes",
             "handover_document", "cooperation_plan", "action_plan", "outcomes_list", "cooperation_document", "other"}
WARNINGS: list[str] = []
AGENCIES = {"MPS", "MSS", "CPLC", "MFA", "provincial_psb", "embassy", "other"}


def known_codes():
    iso = {c["iso3"] for c in yaml.safe_load((CB / "countries.yaml").read_text())["countries"]}
    orgs = {o["id"] for o in yaml.safe_load((CB / "organizations.yaml").read_text())["organizations"]}
    return iso, orgs


def _date(v, where, errs):
    if isinstance(v, dt.date):
        return
    s = str(v)
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            dt.datetime.strptime(s, fmt)
            return
        except ValueError:
            pass
    errs.append(f"{where}: bad date {v!r}")


def _sources(rec, where, errs):
    srcs = rec.get("sources") or []
    if not srcs:
        errs.append(f"{where}: no sources")
    for s in srcs:
        if not str(s.get("url", "")).startswith("http"):
            errs.append(f"{where}: source without url")
        for k in ("publisher", "language", "title"):
            if not s.get(k):
                WARNINGS.append(f"{where}: source missing {k}")


def check_event(r, where, iso, orgs, errs):
    for k in ("id", "date", "date_precision", "event_type", "mode", "location", "chinese_side", "counterparts", "topics",
              "sources", "query"):
        if k not in r:
            errs.append(f"{where}: missing {k}")
    _date(r.get("date"), where, errs)
    if r.get("date_precision") not in ("day", "month", "year"):
        errs.append(f"{where}: date_precision {r.get('date_precision')!r}")
    if r.get("event_type") not in EVENT_TYPES:
        errs.append(f"{where}: event_type {r.get('event_type')!r}")
    if r.get("mode") not in MODES:
        errs.append(f"{where}: mode {r.get('mode')!r}")
    loc = r.get("location") or {}
    if loc.get("country_iso3") and loc["country_iso3"] not in iso:
        errs.append(f"{where}: location iso3 {loc['country_iso3']}")
    for c in r.get("chinese_side") or []:
        if c.get("agency") not in AGENCIES:
            errs.append(f"{where}: chinese agency {c.get('agency')!r}")
        if c.get("rank") not in CN_RANKS:
            errs.append(f"{where}: chinese rank {c.get('rank')!r}")
    if not r.get("counterparts"):
        errs.append(f"{where}: no counterparts")
    for c in r.get("counterparts") or []:
        if c.get("country_iso3") and c["country_iso3"] not in iso:
            errs.append(f"{where}: counterpart iso3 {c['country_iso3']}")
        if c.get("organization") and c["organization"] not in orgs:
            errs.append(f"{where}: organization {c['organization']}")
        if not c.get("country_iso3") and not c.get("organization"):
            errs.append(f"{where}: counterpart without country or organization")
        if c.get("agency_type") not in AGENCY_TYPES:
            errs.append(f"{where}: agency_type {c.get('agency_type')!r}")
        if c.get("rank_level") not in RANK_LEVELS:
            errs.append(f"{where}: rank_level {c.get('rank_level')!r}")
    for t in r.get("topics") or []:
        if t not in TOPICS:
            errs.append(f"{where}: topic {t}")
    for a in r.get("agreements") or []:
        if a.get("doc_type") not in DOC_TYPES:
            errs.append(f"{where}: agreement doc_type {a.get('doc_type')!r}")
    _sources(r, where, errs)


def check_agreement(r, where, iso, orgs, errs):
    for k in ("id", "date", "date_precision", "parties", "format", "signer_is_mps", "doc_type", "topics", "sources",
              "query"):
        if k not in r:
            errs.append(f"{where}: missing {k}")
    _date(r.get("date"), where, errs)
    for p in r.get("parties") or []:
        if p not in iso and p not in orgs:
            errs.append(f"{where}: party {p}")
    if r.get("format") not in {"bilateral", "multilateral"}:
        errs.append(f"{where}: format {r.get('format')!r}")
    if r.get("doc_type") not in DOC_TYPES:
        errs.append(f"{where}: doc_type {r.get('doc_type')!r}")
    for t in r.get("topics") or []:
        if t not in TOPICS:
            errs.append(f"{where}: topic {t}")
    cs = r.get("counterpart_signatory") or {}
    if cs.get("agency_type") and cs["agency_type"] not in AGENCY_TYPES:
        errs.append(f"{where}: counterpart agency_type {cs['agency_type']}")
    if cs.get("rank_level") and cs["rank_level"] not in RANK_LEVELS:
        errs.append(f"{where}: counterpart rank_level {cs['rank_level']}")
    _sources(r, where, errs)


def main() -> int:
    iso, orgs = known_codes()
    errs: list[str] = []
    ids = Counter()
    stats = Counter()
    for path in sorted(HERE.glob("events_*.yaml")) + sorted(HERE.glob("agreements_*.yaml")) + sorted(HERE.glob("ev_agreements_*.yaml")):
        try:
            data = yaml.safe_load(path.read_text()) or []
        except yaml.YAMLError as e:
            errs.append(f"{path.name}: invalid YAML: {e}")
            continue
        if not isinstance(data, list):
            errs.append(f"{path.name}: not a list")
            continue
        for i, r in enumerate(data):
            where = f"{path.name}[{i}] {r.get('id')}"
            ids[r.get("id")] += 1
            if path.name.startswith("events_"):
                check_event(r, where, iso, orgs, errs)
                stats["events"] += 1
                stats["interactions"] += len(r.get("counterparts") or [])
                stats[f"ev_{str(r.get('date'))[:4]}"] += 1
            else:
                check_agreement(r, where, iso, orgs, errs)
                stats["agreements"] += 1
    # other helpers' event files (e.g. events2_*.yaml): not schema-checked here, only id collisions and
    # same-day/same-counterpart overlaps with events_*.yaml (possible double-recording of one occasion).
    def _cc(r):
        return tuple(sorted({str(c.get("country_iso3") or c.get("organization") or "") for c in (r.get("counterparts") or [])}))
    mine = {}
    for path in sorted(HERE.glob("events_*.yaml")):
        for r in (yaml.safe_load(path.read_text()) or []):
            mine[(str(r.get("date"))[:10], _cc(r))] = r.get("id")
    for path in sorted(HERE.glob("events2_*.yaml")):
        try:
            other = yaml.safe_load(path.read_text()) or []
        except yaml.YAMLError:
            continue
        for r in other if isinstance(other, list) else []:
            ids[r.get("id")] += 1
            hit = mine.get((str(r.get("date"))[:10], _cc(r)))
            if hit:
                WARNINGS.append(f"{path.name} {r.get('id')}: same date and counterparts as {hit} (possible duplicate occasion)")
    for k, n in ids.items():
        if n > 1:
            errs.append(f"duplicate id {k} ({n}x)")
    q = HERE / "queries.yaml"
    if q.exists():
        stats["queries"] = len(yaml.safe_load(q.read_text()) or [])
    for w in WARNINGS:
        print("WARNING", w)
    for e in errs:
        print("ERROR", e)
    print(dict(sorted(stats.items())))
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
