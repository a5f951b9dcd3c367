"""Developer tool: build isd's bundled public dataset release from the research logs.

Reads every research fact file in ``data/research/`` (events, agreements, trainings,
assistance, presence: facts and URLs only, no article text), turns each fact into isd
records, deduplicates them (against each other and against the bundled seed-report
records), validates everything through the ordinary importer and writes the release:

    src/isd/data/release/records.jsonl   sources + records (isd.publish.formats.write_jsonl)
    src/isd/data/release/release.json    version, date, counts, codebook version, inputs
    src/isd/data/release/CHANGELOG.md, CITATION.cff

When ``data/research/double/*.yaml`` (independent re-coding of a sample) exists, it also
computes Krippendorff's alpha per variable (``reliability.json``) and marks the sampled
records ``double_coded`` or ``adjudicated`` (``tools/build_dataset_double.py``).

Deterministic: the same inputs give byte-identical output.  Run by hand:

    PYTHONPATH=src /work/venv/bin/python tools/build_dataset.py [--version 0.1.0]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
import tempfile
from calendar import monthrange
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from rapidfuzz import fuzz

from isd.codebook import load_codebook
from isd.model import (
    Agreement,
    Assistance,
    ChineseParticipant,
    Event,
    Party,
    Presence,
    Source,
    Training,
    parse_record,
)

ROOT = Path(__file__).resolve().parents[1]
RESEARCH = ROOT / "data" / "research"
SEED = ROOT / "src" / "isd" / "data" / "seed" / "records.jsonl"
OUT = ROOT / "src" / "isd" / "data" / "release"
AGENCIES = {"MPS", "MSS", "CPLC", "MFA", "provincial_psb", "embassy", "other"}
MULTI = {"multilateral_meeting", "forum"}
# Seed agreement rows that stand for one of N documents (no individual title or date):
# never matched automatically.
SEED_AGGREGATE = re.compile(r"^agr_(multilateral_|post_gsi_|2006_usa_five_mous_|rus_.*_series|rus_fss_border)")
# Public addresses of the seed reports (records the reports cite without a URL have the
# report as source).  The 2026 agreements paper (src_seed_003) had no public URL we could
# confirm when this release was built.
SEED_REPORT_URLS = {
    "src_seed_000": "https://www.americanprogress.org/article/the-expanding-international-reach-of-chinas-police/",
    "src_seed_002": "https://carnegieendowment.org/research/2025/08/a-new-world-cop-on-the-beat-chinas-internal-security-outreach-under-the-global-security-initiative?lang=en",
    "src_seed_004": "https://en.wikipedia.org/wiki/Ministry_of_Public_Security_(China)",
}
EXPLICIT_MERGES = {"agr_2024-11_EGY_security_cooperation_protocol": "agr_2024-10-29_EGY_security_protocol"}
PRESENCE_KIND = {"police_liaison_team": "liaison_officer", "liaison_officer": "liaison_officer",
                 "advisory_team": "advisory_team", "joint_patrol": "joint_patrols",
                 "overseas_police_station_report": "overseas_police_station", "facility": "security_facility",
                 "other": "police_deployment"}
PRESENCE_STATUS = {"planned": "reported", "active": "active", "ended": "ended", "reported": "reported",
                   "denied": "denied", "closed": "closed", "unknown": "unknown"}


class BuildError(Exception):
    pass


# --- small helpers ---------------------------------------------------------------------


def parse_date(value: Any, where: str) -> tuple[dt.date | None, str]:
    """A research date (date, 'YYYY-MM-DD', 'YYYY-MM', YYYY) → (date, precision)."""
    if value is None:
        return None, "day"
    if isinstance(value, dt.datetime):
        return value.date(), "day"
    if isinstance(value, dt.date):
        return value, "day"
    s = str(value).strip()
    for fmt, prec in (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year")):
        try:
            return dt.datetime.strptime(s, fmt).date(), prec
        except ValueError:
            pass
    raise BuildError(f"{where}: bad date {value!r}")


def interval(d: dt.date | None, prec: str) -> tuple[dt.date, dt.date] | None:
    if d is None:
        return None
    if prec == "month":
        return d.replace(day=1), d.replace(day=monthrange(d.year, d.month)[1])
    if prec == "year":
        return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)
    return d, d


def dates_compatible(a: tuple, b: tuple, slack: int = 1, allow_year: bool = False) -> bool:
    """(date, precision) pairs describe the same day within ``slack`` days (a month or
    year precision covers its whole period; year precision only when ``allow_year``)."""
    if not allow_year and "year" in (a[1], b[1]):
        return False
    ia, ib = interval(*a), interval(*b)
    if ia is None or ib is None:
        return False
    pad = dt.timedelta(days=slack)
    return ia[0] - pad <= ib[1] and ib[0] - pad <= ia[1]


def party_of(code: str) -> Party:
    code = str(code).strip()
    if len(code) == 3 and code.isalpha() and code.isupper():
        return Party(country_iso3=code)
    return Party(organization=code)


def join_notes(*parts: Any) -> str | None:
    out = [str(p).strip() for p in parts if p not in (None, "", [])]
    return " | ".join(out) or None


# --- the builder ----------------------------------------------------------------------------


class Builder:
    def __init__(self) -> None:
        self.cb = load_codebook()
        self.official_ids = {o.id for o in self.cb.officials}
        self.sources: dict[str, Source] = {}
        self.records: dict[tuple[str, str], Any] = {}  # (kind, id) → record
        self.origin: dict[tuple[str, str], str] = {}  # (kind, id) → "file id"
        self.alias: dict[tuple[str, str], str] = {}  # (kind, research id) → final id
        self.merges: list[str] = []
        self.raw: dict[tuple[str, str], dict] = {}  # research id → the research file's dict (first coding)
        self.current_raw: dict | None = None
        self.skipped: list[str] = []
        self.problems: list[str] = []
        self.seed_ids: set[tuple[str, str]] = set()
        self.files: list[str] = []
        self.mech_names = sorted(((n.name.lower(), n.id) for n in self.cb.scan_names("mechanism") if len(n.name) > 3),
                                 key=lambda x: -len(x[0]))

    # sources --------------------------------------------------------------------------
    def source(self, s: dict, where: str) -> str:
        url = str(s.get("url") or "").strip()
        if not url.startswith("http"):
            raise BuildError(f"{where}: source without an http URL: {s!r}")
        published, prec = (None, "day")
        notes = None
        try:
            published, prec = parse_date(s.get("published"), where)
        except BuildError:
            notes = f"published: {s.get('published')}"
        if prec != "day":
            notes, published = f"published: {s.get('published')} (precision {prec})", None
        new = Source(id=Source.make_id(url), url=url, publisher=s.get("publisher"), language=s.get("language"),
                     title=s.get("title"), published=published, notes=notes)
        old = self.sources.get(new.id)
        if old is None:
            self.sources[new.id] = new
        else:
            for f in ("publisher", "language", "title", "published", "notes"):
                if getattr(old, f) in (None, "") and getattr(new, f) not in (None, ""):
                    setattr(old, f, getattr(new, f))
        return new.id

    def sources_of(self, rec: dict, where: str) -> list[str]:
        out = [self.source(s, where) for s in rec.get("sources") or []]
        if not out:
            raise BuildError(f"{where}: no sources")
        return out

    # codes ----------------------------------------------------------------------------------
    def official(self, c: dict) -> str | None:
        oid = c.get("official_id")
        if oid in self.official_ids:
            return oid
        for name in (c.get("name_zh"), c.get("name_en")):
            found = self.cb.find_official(name) if name else None
            if found:
                return found.id
        return None

    def mechanism(self, context: str | None) -> str | None:
        if not context:
            return None
        found = self.cb.find_mechanism(context) or self.cb.find_mechanism(re.sub(r"\s*\(.*\)|\s+\d{4}$", "", context))
        if found:
            return found.id
        low = context.lower()
        for name, mid in self.mech_names:
            if re.search(r"(?<![a-z])" + re.escape(name) + r"(?![a-z])", low):
                return mid
        return None

    def chinese(self, c: dict, day: dt.date | None) -> ChineseParticipant:
        oid = self.official(c)
        rank = c.get("rank")
        if rank is None and oid and day:
            rank = self.cb.rank_on(oid, day)
        agency = c.get("agency") if c.get("agency") in AGENCIES else "other"
        return ChineseParticipant(name_en=c.get("name_en"), name_zh=c.get("name_zh"), title=c.get("title"),
                                  agency=agency, rank=rank, official_id=oid)

    def add(self, rec: Any, where: str) -> None:
        key = (rec.kind, rec.id)
        if key in self.records:
            raise BuildError(f"{where}: duplicate {rec.kind} id {rec.id!r} (first in {self.origin[key]})")
        self.records[key] = rec
        self.origin[key] = where
        self.alias[key] = rec.id
        if self.current_raw is not None:
            self.raw[key] = self.current_raw

    def make(self, cls: type, data: dict, where: str) -> Any | None:
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                self.problems.append(f"{where}: {'.'.join(map(str, err['loc']))}: {err['msg']}")
            return None

    # readers -----------------------------------------------------------------------------
    def load_yaml(self, path: Path) -> list[dict]:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as exc:
            raise BuildError(f"{path.name}: invalid YAML: {exc}") from None
        if not isinstance(data, list):
            raise BuildError(f"{path.name}: expected a list of records")
        self.files.append(path.name)
        return data

    def read_events(self, path: Path) -> None:
        stem = path.stem
        for r in self.load_yaml(path):
            where = f"{path.name} {r.get('id')}"
            day, prec = parse_date(r.get("date"), where)
            loc = r.get("location") or {}
            cps, cp_notes = [], []
            for c in r.get("counterparts") or []:
                if c.get("note"):
                    cp_notes.append(f"counterpart note: {c['note']}")
                cps.append({k: c.get(k) for k in ("country_iso3", "organization", "name", "title", "agency_type")}
                           | {"rank_level": c.get("rank_level") or "unknown"})
            agreements = []
            for i, a in enumerate(r.get("agreements") or []):
                aid = a.get("agreement_id") or f"agr_{r['id'].removeprefix('ev_')}_{i + 1}"
                agreements.append(aid)
                if not a.get("agreement_id"):
                    self.pending_embedded.append((r, a, aid, path.name))
            data = {
                "id": r["id"], "date": day, "date_precision": r.get("date_precision") or prec,
                "event_type": r.get("event_type"), "multilateral_context": r.get("multilateral_context"),
                "mechanism_id": self.mechanism(r.get("multilateral_context")), "mode": r.get("mode") or "in_person",
                "location": {"city": loc.get("city"), "country_iso3": loc.get("country_iso3")},
                "chinese_side": [self.chinese(c, day).model_dump() for c in r.get("chinese_side") or []],
                "counterparts": cps, "topics": r.get("topics") or [], "agreements": agreements,
                "sources": self.sources_of(r, where), "review_status": "coded", "coder": f"research:{stem}",
                "notes": join_notes(f"research {path.name}", r.get("note"), *cp_notes, f"query: {r.get('query')}"),
            }
            rec = self.make(Event, data, where)
            if rec:
                self.current_raw = r
                self.add(rec, where)
                self.current_raw = None

    def agreement_from(self, r: dict, where: str, stem: str) -> Agreement | None:
        day, prec = parse_date(r.get("date"), where)
        cs = r.get("chinese_signatory") or {}
        ps = r.get("counterpart_signatory") or {}
        agency = cs.get("agency") if cs.get("agency") in AGENCIES else None
        signer = r.get("signer_is_mps")
        extra = []
        if signer is None:
            signer = agency == "MPS"
            extra.append(f"signer_is_mps not stated in the source; set from the Chinese signatory's agency ({agency or 'unknown'})")
        oid = self.official({"official_id": cs.get("official_id"), "name_zh": cs.get("name_zh"), "name_en": cs.get("name")})
        ev = r.get("event")
        if isinstance(ev, dict):
            extra.append("occasion: " + "; ".join(f"{k}={v}" for k, v in ev.items() if v not in (None, [], {})))
        if cs.get("name_zh"):
            extra.append(f"Chinese signatory name_zh: {cs['name_zh']}")
        data = {
            "id": r["id"], "date": day, "date_precision": r.get("date_precision") or prec,
            "parties": [party_of(p).model_dump() for p in r.get("parties") or []], "format": r.get("format") or "bilateral",
            "chinese_signatory": {"name": cs.get("name"), "title": cs.get("title"), "agency": cs.get("agency"),
                                  "rank": cs.get("rank"), "official_id": oid},
            "counterpart_signatory": {k: ps.get(k) for k in ("name", "title", "agency_type", "rank_level")},
            "signer_is_mps": bool(signer), "chinese_agency": agency or ("MPS" if signer else "other"),
            "title_zh": r.get("title_zh"), "title_en": r.get("title_en"), "doc_type": r.get("doc_type") or "cooperation_document",
            "topics": r.get("topics") or [], "event_id": r.get("event_id"), "sources": self.sources_of(r, where),
            "review_status": "coded", "coder": f"research:{stem}",
            "notes": join_notes(f"research {where.split()[0]}", r.get("note"), *extra, f"query: {r.get('query')}"),
        }
        return self.make(Agreement, data, where)

    def read_agreements(self, path: Path) -> None:
        for r in self.load_yaml(path):
            where = f"{path.name} {r.get('id')}"
            rec = self.agreement_from(r, where, path.stem)
            if rec:
                self.current_raw = r
                self.add(rec, where)
                self.current_raw = None
                if r.get("seed_record"):
                    self.explicit_seed[rec.id] = r["seed_record"]

    def embedded_agreements(self) -> None:
        """Agreements listed in an event without an agreement record of their own."""
        for r, a, aid, fname in self.pending_embedded:
            where = f"{fname} {r['id']} agreements"
            cs = (r.get("chinese_side") or [{}])[0]
            cp = (r.get("counterparts") or [{}])[0]
            parties = [c.get("country_iso3") or c.get("organization") for c in r.get("counterparts") or []]
            data = {"id": aid, "date": r.get("date"), "date_precision": r.get("date_precision"), "parties": parties,
                    "format": "multilateral" if len(parties) > 1 or any(not (len(p) == 3 and p.isupper()) for p in parties) else "bilateral",
                    "chinese_signatory": {"name": cs.get("name_en"), "name_zh": cs.get("name_zh"), "official_id": cs.get("official_id"),
                                          "rank": cs.get("rank"), "title": cs.get("title"), "agency": cs.get("agency")},
                    "counterpart_signatory": {k: cp.get(k) for k in ("name", "title", "agency_type", "rank_level")},
                    "signer_is_mps": cs.get("agency") == "MPS", "title_zh": a.get("title_zh"), "title_en": a.get("title_en"),
                    "doc_type": a.get("doc_type"), "topics": r.get("topics") or [], "event_id": r["id"],
                    "sources": r.get("sources"), "query": r.get("query"),
                    "note": "agreement listed in the event's research record; signatories taken from the event's first participants"}
            rec = self.agreement_from(data, where, Path(fname).stem)
            if rec:
                self.add(rec, where)

    def read_trainings(self, path: Path) -> None:
        for r in self.load_yaml(path):
            where = f"{path.name} {r.get('id')}"
            start, prec = parse_date(r.get("start_date"), where)
            end, _ = parse_date(r.get("end_date"), where)
            loc = r.get("location") or {}
            data = {
                "id": r["id"], "date": start, "date_end": end if end and start and end >= start else None,
                "date_precision": r.get("date_precision") or prec,
                "recipients": [party_of(p).model_dump() for p in r.get("recipients") or []],
                "chinese_agency": r.get("chinese_agency") if r.get("chinese_agency") in AGENCIES else "other",
                "host_institution": r.get("host_institution"),
                "location": {"city": loc.get("city"), "country_iso3": loc.get("country_iso3")},
                "trainees": r.get("trainees"), "subject": r.get("subject"), "topics": r.get("topics") or [],
                "event_id": r.get("linked_event"), "sources": self.sources_of(r, where), "review_status": "coded",
                "coder": f"research:{path.stem}",
                "notes": join_notes(f"research {path.name}", r.get("recipient_agency") and f"recipient agency: {r['recipient_agency']}",
                                    r.get("trainee_note"), loc.get("province") and f"province: {loc['province']}",
                                    r.get("end_date") and f"end: {r['end_date']}", r.get("note"), f"query: {r.get('query')}"),
            }
            rec = self.make(Training, data, where)
            if rec:
                self.add(rec, where)

    def read_assistance(self, path: Path) -> None:
        for r in self.load_yaml(path):
            where = f"{path.name} {r.get('id')}"
            day, prec = parse_date(r.get("date"), where)
            rc = r.get("recipient") or {}
            donor = r.get("donor") or {}
            value = r.get("value") or {}
            data = {
                "id": r["id"], "date": day, "date_precision": r.get("date_precision") or prec,
                "recipient": {"country_iso3": rc.get("country_iso3")},
                "chinese_agency": donor.get("agency") if donor.get("agency") in AGENCIES else "other",
                "items": r.get("items"), "value": value.get("amount"), "currency": value.get("currency"),
                "topics": r.get("topics") or [], "event_id": r.get("linked_event"), "sources": self.sources_of(r, where),
                "review_status": "coded", "coder": f"research:{path.stem}",
                "notes": join_notes(f"research {path.name}", rc.get("agency") and f"recipient: {rc['agency']}",
                                    donor.get("name") and f"donor: {donor['name']}",
                                    value.get("usd") and f"about USD {value['usd']}", value.get("note"),
                                    r.get("occasion") and f"occasion: {r['occasion']}", r.get("note"), f"query: {r.get('query')}"),
            }
            rec = self.make(Assistance, data, where)
            if rec:
                self.add(rec, where)

    def read_presence(self, path: Path) -> None:
        for r in self.load_yaml(path):
            where = f"{path.name} {r.get('id')}"
            countries = [r["country_iso3"]] if r.get("country_iso3") else list(r.get("countries") or [])
            if not countries:
                self.skipped.append(f"{where}: scope {r.get('scope')!r} names no single country (a Presence needs one); kept out")
                continue
            history, srcs = [], self.sources_of(r, where)
            for h in r.get("status_history") or []:
                day, _ = parse_date(h.get("date"), where)
                status = PRESENCE_STATUS.get(h.get("status"), "unknown")
                note = join_notes(h.get("status") == "planned" and "planned", h.get("date_precision") != "day" and
                                  f"date precision {h.get('date_precision')}", h.get("note"))
                history.append({"date": day, "status": status, "note": note})
                if h.get("source"):
                    srcs.append(self.source({"url": h["source"]}, where))
            active = [h["date"] for h in history if h["status"] == "active" and h["date"]]
            ended = [h["date"] for h in history if h["status"] in ("ended", "closed") and h["date"]]
            for iso in countries:
                rid = r["id"] if len(countries) == 1 else f"{r['id']}_{iso}"
                data = {
                    "id": rid, "presence_type": PRESENCE_KIND.get(r.get("kind"), "police_deployment"), "country_iso3": iso,
                    "chinese_agency": r.get("chinese_agency") if r.get("chinese_agency") in AGENCIES else "other",
                    "start_date": min(active) if active else None, "end_date": max(ended) if ended else None,
                    "status": history[-1]["status"] if history else "unknown", "history": history,
                    "description": r.get("description"), "sources": srcs, "review_status": "coded",
                    "coder": f"research:{path.stem}",
                    "notes": join_notes(f"research {path.name} (kind {r.get('kind')}, scope {r.get('scope')})",
                                        len(countries) > 1 and f"one of {len(countries)} country records split from {r['id']}",
                                        r.get("note"), f"query: {r.get('query')}"),
                }
                rec = self.make(Presence, data, where)
                if rec:
                    self.add(rec, where)
                    self.alias[("presence", r["id"])] = rid if len(countries) == 1 else self.alias.get(("presence", r["id"]), rid)

    # dedup --------------------------------------------------------------------------------
    @staticmethod
    def ev_officials(e: Event) -> tuple[set[str], set[str]]:
        return {c.official_id for c in e.chinese_side if c.official_id}, {c.agency for c in e.chinese_side} or {"MPS"}

    def same_occasion(self, a: Event, b: Event, seed: bool = False) -> bool:
        """Same occasion: same kind (multilateral or not), dates within a day (a month/year
        date covers its period), same Chinese official (or agency when one has no official),
        a shared foreign party and, for that party, the same counterpart person when both
        name one.  Between research records an unnamed counterpart matches only on exact days."""
        meet = {"bilateral_meeting", "sideline_bilateral", "agreement_signing"}
        if a.event_type != b.event_type and not {a.event_type, b.event_type} <= meet and not (
                seed and (a.event_type in MULTI) == (b.event_type in MULTI)):
            return False
        if a.mechanism_id and b.mechanism_id and a.mechanism_id != b.mechanism_id:
            return False
        ca, cb_ = a.multilateral_context, b.multilateral_context
        if not seed and ca and cb_ and fuzz.token_set_ratio(ca.lower(), cb_.lower()) < 50:
            return False
        if seed and a.topics and b.topics and not set(a.topics) & set(b.topics) and "generic" not in {*a.topics, *b.topics}:
            return False
        sa = {c.name_en for c in a.chinese_side if c.name_en}
        sb = {c.name_en for c in b.chinese_side if c.name_en}
        if sa and sb and not sa & sb:
            return False
        same_file = not seed and self.origin[("event", a.id)].split()[0] == self.origin[("event", b.id)].split()[0]
        slack = 1 if a.date_precision == b.date_precision == "day" else 0
        if not dates_compatible((a.date, a.date_precision), (b.date, b.date_precision), slack):
            return False
        oa, ga = self.ev_officials(a)
        ob, gb = self.ev_officials(b)
        if oa and ob:
            if not oa & ob:
                return False
        elif not ga & gb:
            return False
        shared = {c.party for c in a.counterparts} & {c.party for c in b.counterparts}
        if not shared:
            return False
        for party in shared:
            na = {c.name for c in a.counterparts if c.party == party and c.name}
            nb = {c.name for c in b.counterparts if c.party == party and c.name}
            if na and nb:
                if max(fuzz.token_set_ratio(x.lower(), y.lower()) for x in na for y in nb) < 70:
                    return False
            elif same_file:
                return False
            elif not seed:
                ta = {c.agency_type for c in a.counterparts if c.party == party}
                tb = {c.agency_type for c in b.counterparts if c.party == party}
                if not (a.date_precision == b.date_precision == "day") or not ta & tb:
                    return False
        return True

    def merge_into(self, kind: str, keep_id: str, drop_id: str) -> None:
        keep, drop = self.records[(kind, keep_id)], self.records.pop((kind, drop_id))
        dorigin = self.origin.pop((kind, drop_id))
        keep.sources = list(dict.fromkeys([*keep.sources, *drop.sources]))
        for f in ("date", "date_end", "multilateral_context", "mechanism_id", "title_zh", "title_en", "event_id",
                  "host_institution", "trainees", "subject", "items", "value", "currency", "city", "start_date",
                  "end_date", "description"):
            if f in type(keep).model_fields and getattr(keep, f) in (None, "") and getattr(drop, f, None) not in (None, ""):
                setattr(keep, f, getattr(drop, f))
        if hasattr(keep, "date_precision") and getattr(drop, "date", None) is not None and keep.date is not None:
            order = {"day": 0, "month": 1, "year": 2}
            if order[drop.date_precision] < order[keep.date_precision]:  # the more precise date wins
                keep.date, keep.date_precision = drop.date, drop.date_precision
        if kind == "event":
            have = {c.party for c in keep.counterparts}
            keep.counterparts = [*keep.counterparts, *[c for c in drop.counterparts if c.party not in have]]
            for i, c in enumerate(keep.counterparts):
                dc = next((d for d in drop.counterparts if d.party == c.party), None)
                if dc and c.name is None and dc.name:
                    keep.counterparts[i] = dc
            ids = {c.official_id or c.name_en for c in keep.chinese_side}
            keep.chinese_side = [*keep.chinese_side, *[c for c in drop.chinese_side if (c.official_id or c.name_en) not in ids]]
            if not keep.location.city and drop.location.city:
                keep.location = drop.location
            keep.agreements = list(dict.fromkeys([*keep.agreements, *drop.agreements]))
        if hasattr(keep, "topics"):
            keep.topics = [*keep.topics, *drop.topics] if keep.topics else list(drop.topics)
        if kind == "presence":
            seen = {(h.date, h.status) for h in keep.history}
            keep.history = sorted([*keep.history, *[h for h in drop.history if (h.date, h.status) not in seen]],
                                  key=lambda h: (h.date or dt.date.min))
        keep.notes = join_notes(keep.notes, f"merged {drop_id} ({dorigin}, coder {drop.coder})", drop.notes)
        for k, v in list(self.alias.items()):
            if k[0] == kind and v == drop_id:
                self.alias[k] = keep_id
        self.merges.append(f"{kind}: {drop_id} ({dorigin}) → {keep_id}")

    def dedup_events(self) -> None:
        research = sorted((r for (k, _), r in self.records.items() if k == "event" and (k, r.id) not in self.seed_ids),
                          key=lambda r: (self.files.index(self.origin[("event", r.id)].split()[0]), r.id))
        alive = {r.id for r in research}
        for i, a in enumerate(research):
            if a.id not in alive:
                continue
            for b in research[i + 1:]:
                if b.id in alive and self.same_occasion(self.records[("event", a.id)], b):
                    self.merge_into("event", a.id, b.id)
                    alive.discard(b.id)
        pairs = []
        for sid in sorted(r for (k, r) in self.seed_ids if k == "event"):
            s = self.records[("event", sid)]
            ps = {p.party for p in s.counterparts}
            for x in sorted(alive):
                e = self.records[("event", x)]
                if self.same_occasion(s, e, seed=True):
                    pe = {p.party for p in e.counterparts}
                    score = len(ps & pe) / len(ps | pe) + (0.5 if s.mechanism_id and s.mechanism_id == e.mechanism_id else 0) + (0.5 if s.event_type == e.event_type else 0)
                    pairs.append((-score, sid, x))
        used_seed: set[str] = set()
        for _, sid, x in sorted(pairs):
            if sid in used_seed or x not in alive:
                continue
            others = [y for _, s2, y in pairs if s2 == sid and y != x and y in alive]
            if others:
                self.merges.append(f"event: seed {sid} also fits {', '.join(others)}; merged the best match {x} only")
            self.merge_into("event", sid, x)
            used_seed.add(sid)
            alive.discard(x)

    def dedup_agreements(self) -> None:
        def same(a: Agreement, b: Agreement, allow_year: bool) -> bool:
            if {p.key for p in a.parties} != {p.key for p in b.parties} or a.doc_type != b.doc_type:
                return False
            if not dates_compatible((a.date, a.date_precision), (b.date, b.date_precision), 1, allow_year):
                return False
            ta, tb = a.title_en or a.title_zh, b.title_en or b.title_zh
            return not (ta and tb) or fuzz.token_sort_ratio(ta.lower(), tb.lower()) >= 80
        research = sorted((r for (k, _), r in self.records.items() if k == "agreement" and (k, r.id) not in self.seed_ids),
                          key=lambda r: (self.files.index(self.origin[("agreement", r.id)].split()[0]), r.id))
        alive = {r.id for r in research}
        for drop, keep in sorted(EXPLICIT_MERGES.items()):  # duplicates the researchers named in their notes
            self.merge_into("agreement", keep, drop)
            alive.discard(drop)
        for i, a in enumerate(research):
            if a.id not in alive:
                continue
            for b in research[i + 1:]:
                if b.id in alive and same(self.records[("agreement", a.id)], b, False):
                    self.merge_into("agreement", a.id, b.id)
                    alive.discard(b.id)
        for rid, sid in sorted(self.explicit_seed.items()):
            rid = self.alias[("agreement", rid)]
            if ("agreement", sid) not in self.records:
                self.problems.append(f"agreement {rid}: seed_record {sid!r} is not in the seed data")
            elif rid in alive:
                self.merge_into("agreement", sid, rid)
                alive.discard(rid)
        for sid in sorted(r for (k, r) in self.seed_ids if k == "agreement"):
            if SEED_AGGREGATE.match(sid) or sid in self.explicit_seed.values():
                continue
            s = self.records[("agreement", sid)]
            cands = [x for x in sorted(alive) if same(s, self.records[("agreement", x)], True)]
            if len(cands) == 1:
                self.merge_into("agreement", sid, cands[0])
                alive.discard(cands[0])
            elif cands:
                self.merges.append(f"agreement: seed {sid} matched {len(cands)} research agreements ({', '.join(cands)}); none merged")

    def dedup_other(self) -> None:
        for kind, party, slack in (("assistance", lambda r: {r.recipient.key}, 3), ("training", lambda r: {p.key for p in r.recipients}, 3)):
            seeds = sorted(r for (k, r) in self.seed_ids if k == kind)
            for sid in seeds:
                s = self.records[(kind, sid)]
                cands = [r for (k, _), r in sorted(self.records.items()) if k == kind and (k, r.id) not in self.seed_ids
                         and party(r) and party(r) == party(s)
                         and dates_compatible((s.date, s.date_precision), (r.date, r.date_precision), slack)]
                if len(cands) == 1:
                    self.merge_into(kind, sid, cands[0].id)
        deploy = {"police_deployment", "liaison_officer", "advisory_team"}
        for sid in sorted(r for (k, r) in self.seed_ids if k == "presence"):
            s = self.records[("presence", sid)]
            cands = [r for (k, _), r in sorted(self.records.items()) if k == "presence" and (k, r.id) not in self.seed_ids
                     and r.country_iso3 == s.country_iso3
                     and (r.presence_type == s.presence_type or {r.presence_type, s.presence_type} <= deploy)]
            if len(cands) == 1:
                self.merge_into("presence", sid, cands[0].id)

    # links ------------------------------------------------------------------------------
    def link(self) -> None:
        ev = lambda i: self.alias.get(("event", i), i)
        ag = lambda i: self.alias.get(("agreement", i), i)
        for (kind, _), r in sorted(self.records.items()):
            if kind == "event":
                r.agreements = list(dict.fromkeys(ag(a) for a in r.agreements))
                for a in r.agreements:
                    if ("agreement", a) not in self.records:
                        self.problems.append(f"{self.origin[('event', r.id)]}: agreement {a!r} is not in the data")
            elif getattr(r, "event_id", None):
                r.event_id = ev(r.event_id)
                if ("event", r.event_id) not in self.records:
                    self.problems.append(f"{self.origin[(kind, r.id)]}: event {r.event_id!r} is not in the data")
        for (kind, _), r in sorted(self.records.items()):
            if kind == "event":
                for a in r.agreements:
                    agr = self.records.get(("agreement", a))
                    if agr and not agr.event_id:
                        agr.event_id = r.id
            elif kind == "agreement" and r.event_id:
                e = self.records.get(("event", r.event_id))
                if e and r.id not in e.agreements:
                    e.agreements = [*e.agreements, r.id]
        # agreements logged with their occasion but no event id: link when exactly one event fits
        events = [r for (k, _), r in sorted(self.records.items()) if k == "event"]
        for (kind, _), a in sorted(self.records.items()):
            if kind != "agreement" or a.event_id or a.date_precision != "day" or ("agreement", a.id) in self.seed_ids:
                continue
            keys = {p.key for p in a.parties}
            fit = [e for e in events if e.date_precision == "day" and e.date and abs((e.date - a.date).days) <= 1
                   and keys <= {c.party for c in e.counterparts}]
            if len(fit) == 1:
                a.event_id = fit[0].id
                fit[0].agreements = [*fit[0].agreements, a.id]
                self.merges.append(f"link: agreement {a.id} → event {fit[0].id} (same date and parties)")

    # run ----------------------------------------------------------------------------------
    def run(self) -> None:
        self.pending_embedded: list = []
        self.explicit_seed: dict[str, str] = {}
        for n, line in enumerate(SEED.read_text(encoding="utf-8").splitlines(), start=1):
            d = json.loads(line)
            if d.get("kind") == "source":
                d.pop("kind")
                self.sources[d["id"]] = Source.model_validate(d)
            else:
                rec = parse_record(d)
                self.records[(rec.kind, rec.id)] = rec
                self.origin[(rec.kind, rec.id)] = f"seed records.jsonl:{n} {rec.id}"
                self.seed_ids.add((rec.kind, rec.id))
        self.files.append("records.jsonl")
        for sid, url in SEED_REPORT_URLS.items():  # the seed reports themselves, where their public URL is known
            if sid in self.sources and not self.sources[sid].url:
                self.sources[sid].url = url
        for pattern, reader in (("events_*.yaml", self.read_events), ("events2_*.yaml", self.read_events), ("events3_*.yaml", self.read_events),
                                ("ev_agreements_*.yaml", self.read_agreements), ("agreements_*.yaml", self.read_agreements),
                                ("trainings_*.yaml", self.read_trainings), ("assistance_*.yaml", self.read_assistance),
                                ("presence_*.yaml", self.read_presence)):
            for path in sorted(RESEARCH.glob(pattern)):
                reader(path)
        self.embedded_agreements()
        if self.problems:
            return
        self.dedup_events()
        self.dedup_agreements()
        self.dedup_other()
        self.link()
        for (kind, rid), r in self.records.items():  # re-validate after merging (topics, dedup of lists)
            try:
                parse_record(r.model_dump())
            except ValidationError as exc:
                self.problems.append(f"{self.origin[(kind, rid)]}: {exc}")

    def check_codes(self) -> None:
        from isd.publish.importer import _codes

        iso3, orgs = self.cb.codes("iso3"), self.cb.codes("organization") | self.cb.codes("mechanism")
        for (kind, rid), r in sorted(self.records.items()):
            for path, value in _codes(r):
                if path.endswith("country_iso3") and value not in iso3:
                    self.problems.append(f"{self.origin[(kind, rid)]}: {path}: unknown country code {value!r}")
                if path.endswith("organization") and value not in orgs:
                    self.problems.append(f"{self.origin[(kind, rid)]}: {path}: unknown organization {value!r}")
            for sid in r.sources:
                if sid not in self.sources:
                    self.problems.append(f"{self.origin[(kind, rid)]}: source {sid!r} missing")


def query_logs() -> list[str]:
    return sorted(p.name for p in RESEARCH.glob("queries*.yaml"))


def release_date() -> dt.date:
    """The latest date a research query was run: deterministic, unlike today's date."""
    days = []
    for name in query_logs():
        for q in yaml.safe_load((RESEARCH / name).read_text(encoding="utf-8")) or []:
            try:
                days.append(parse_date(q.get("date_run"), name)[0])
            except BuildError:
                pass
    return max(d for d in days if d) if any(days) else dt.date(2026, 1, 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--version", default="0.1.0")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    from isd.context import Context, Settings
    from isd.errors import InputError
    from isd.publish.formats import write_jsonl
    from isd.publish.importer import import_path
    from isd.publish.release import build_release

    b = Builder()
    try:
        b.run()
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    b.check_codes()
    from build_dataset_double import apply_double  # sibling module in tools/

    reliability = apply_double(b, RESEARCH / "double")
    held_back = hold_back_unsourced(b)
    if b.problems:
        print(f"{len(b.problems)} problem(s); nothing written:", file=sys.stderr)
        for p in b.problems:
            print("  " + p, file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"merged {len([m for m in b.merges if '→' in m])}:")
        for m in b.merges:
            print("  " + m)
        for s in b.skipped:
            print("  skipped " + s)
    used = {s for r in b.records.values() for s in r.sources}
    ordered = ([b.sources[s] for s in sorted(used)]
               + [r for kind in ("event", "agreement", "training", "assistance", "mechanism", "presence")
                  for r in sorted((r for (k, _), r in b.records.items() if k == kind), key=lambda r: r.id)])
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        draft = write_jsonl(tmp_path / "draft.jsonl", ordered)
        ctx = Context(Settings(home=tmp_path / "home", database_url=f"sqlite:///{tmp_path / 'release.db'}"))
        try:
            import_path(ctx.store, draft, ctx.codebook, user="build-dataset")
        except InputError as exc:
            for p in exc.problems:
                rec = ordered[p.row - 1] if p.row else None
                where = b.origin.get((getattr(rec, "kind", "source"), rec.id), rec.id) if rec else "?"
                print(f"  {where}: {p.column}: {p.message}", file=sys.stderr)
            return 1
        day = release_date()
        target = build_release(ctx, args.version, tmp_path / "rel", date=day, authors=["isd contributors"])
        args.out.mkdir(parents=True, exist_ok=True)
        shutil.copy(target / "isd.jsonl", args.out / "records.jsonl")
        for name in ("CHANGELOG.md", "CITATION.cff"):
            shutil.copy(target / name, args.out / name)
        meta = json.loads((target / "release.json").read_text(encoding="utf-8"))
    meta["built_from"] = {"research_files": sorted(set(b.files) - {"records.jsonl"}), "query_logs": query_logs(),
                          "seed": "src/isd/data/seed/records.jsonl", "tool": "tools/build_dataset.py"}
    meta["merges"] = [m for m in b.merges if "→" in m]
    meta["held_back"] = held_back
    meta["review_status_counts"] = _status_counts(b)
    meta["interactions"] = _interactions(b)
    (args.out / "release.json").write_text(json.dumps(meta, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    if reliability is not None:
        (args.out / "reliability.json").write_text(json.dumps(reliability, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                                                   encoding="utf-8")
    print(f"wrote {args.out} — counts: {meta['counts']}")
    return 0


def hold_back_unsourced(b: Builder) -> list[str]:
    """Keep out of the release every record none of whose sources has a URL.

    A released record must be checkable (issue 7: every record has a source URL).  The
    records this removes are the seed report's aggregate rows expanded into one record
    per document ("one of 24 SCO documents; titles unknown") and a few seed agreements
    cited without a link; they stay in the seed data (``isd seed --part seed``) and the
    published totals they stand for are compared in ``isd analyze coverage``.
    """
    held: list[str] = []
    for key, rec in sorted(b.records.items()):
        if not any(b.sources[s].url for s in rec.sources if s in b.sources):
            held.append(f"{key[0]} {key[1]}: no source with a URL")
            del b.records[key]
    gone = {rid for _, rid in (h.split(":")[0].split(" ", 1) for h in held)}
    for key, rec in list(b.records.items()):
        if key[0] == "event" and any(a in gone for a in rec.agreements):
            b.records[key] = rec.model_copy(update={"agreements": [a for a in rec.agreements if a not in gone]})
        elif getattr(rec, "event_id", None) in gone:
            b.records[key] = rec.model_copy(update={"event_id": None})
    return held


def _status_counts(b: Builder) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (kind, _), r in b.records.items():
        out[kind][r.review_status] += 1
    return {k: dict(v) for k, v in sorted(out.items())}


def _interactions(b: Builder) -> int:
    return sum(len({c.party for c in r.counterparts}) for (k, _), r in b.records.items() if k == "event")


if __name__ == "__main__":
    raise SystemExit(main())
