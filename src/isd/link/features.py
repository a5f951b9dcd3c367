"""Candidate rows and the normalised comparison features linkage runs on.

A *candidate* is one report's view of an event, as a flat dict (the form in
``CANDIDATES.parquet`` and in the synthetic generator)::

    unique_id      str            record id (an event id in the store)
    date           str | None     ISO date of the occasion
    event_type     str | None     CODEBOOK §3 event_type
    mode           str | None     in_person / video / phone
    chinese_names  list[str]      Chinese-side officials: ids or names in any script
    parties        list[str]      foreign parties: ISO3, organization ids or names
    counterpart_names  list[str]  foreign persons, any script
    counterpart_titles list[str]  their titles / ministries, any script
    agency_types   list[str]      counterpart agency_type codes when known
    city           str | None     place, any script
    topics         list[str]      topic codes
    source         str | None     publisher (informative only)
    language       str | None

:func:`features` turns candidates into the columns the splink model compares
(:data:`FEATURE_COLUMNS`).  It is pure Python and deterministic, so the DuckDB and
Spark backends compare identical inputs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from isd.link.names import NameIndex, has_han, person_key

EPOCH = dt.date(1970, 1, 1)

CANDIDATE_COLUMNS = [
    "unique_id", "date", "event_type", "mode", "chinese_names", "parties", "counterpart_names",
    "counterpart_titles", "agency_types", "city", "topics", "source", "language",
]
FEATURE_COLUMNS = [
    "unique_id", "day", "day_p1", "officials", "lead_official", "parties", "party_key",
    "cp_name", "cp_agency", "city", "topics", "event_type", "mode",
]

# Title words → CODEBOOK agency_type (first match wins; Chinese and English).
TITLE_AGENCY: list[tuple[str, str]] = [
    ("homeland security", "public_security"), ("国土安全", "public_security"),
    ("internal affairs", "interior_home_affairs"), ("interior", "interior_home_affairs"),
    ("home affairs", "interior_home_affairs"), ("内政", "interior_home_affairs"),
    ("内务", "interior_home_affairs"), ("内卫", "interior_home_affairs"),
    ("public security", "public_security"), ("公安", "public_security"),
    ("state security", "state_security"), ("national security", "state_security"), ("国家安全", "state_security"),
    ("prosecut", "prosecutor"), ("procurat", "prosecutor"), ("检察", "prosecutor"),
    ("justice", "justice"), ("司法", "justice"),
    ("immigration", "immigration_border"), ("border", "immigration_border"), ("移民", "immigration_border"),
    ("边境", "immigration_border"), ("边防", "immigration_border"),
    ("narcotic", "narcotics"), ("drug", "narcotics"), ("禁毒", "narcotics"), ("毒品", "narcotics"),
    ("intelligence", "intelligence"), ("情报", "intelligence"),
    ("foreign affairs", "foreign_affairs"), ("foreign minister", "foreign_affairs"), ("外交", "foreign_affairs"),
    ("prime minister", "head_of_government"), ("president of the republic", "head_of_government"),
    ("总理", "head_of_government"), ("总统", "head_of_government"),
    ("secretary general", "international_org"), ("secretary-general", "international_org"),
    ("秘书长", "international_org"), ("主席", "international_org"),
    ("police", "national_police"), ("警察", "national_police"), ("警务", "national_police"),
]


def title_agency(title: str | None) -> str | None:
    if not title:
        return None
    t = title.lower()
    for word, code in TITLE_AGENCY:
        if word in t:
            return code
    return None


def _day(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return (value - EPOCH).days
    try:
        return (dt.date.fromisoformat(str(value)[:10]) - EPOCH).days
    except ValueError:
        raise ValueError(f"candidate date {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    try:
        return [str(v) for v in value if v is not None and str(v) != ""]
    except TypeError:
        return []


def candidate_from_event(event: Any) -> dict[str, Any]:
    """The candidate row of a store :class:`isd.model.Event`."""
    chinese = []
    for p in event.chinese_side:
        chinese.append(p.official_id or p.name_zh or p.name_en)
    return {
        "unique_id": event.id,
        "date": event.date.isoformat() if event.date else None,
        "event_type": event.event_type,
        "mode": event.mode,
        "chinese_names": [c for c in chinese if c],
        "parties": [c.party for c in event.counterparts],
        "counterpart_names": [c.name for c in event.counterparts if c.name],
        "counterpart_titles": [c.title or c.agency or "" for c in event.counterparts if c.title or c.agency],
        "agency_types": [c.agency_type for c in event.counterparts if c.agency_type],
        "city": event.location.city,
        "topics": list(event.topics),
        "source": event.sources[0] if event.sources else None,
        "language": None,
    }


def candidate_from_record(rec: dict[str, Any], unique_id: str, source: str | None = None) -> dict[str, Any]:
    """The candidate row of an event given as a plain dict (the extractor's output,
    ``isd.extract.extract_text``: CODEBOOK §3 field names)."""
    chinese = []
    for p in rec.get("chinese_side") or []:
        if isinstance(p, dict):
            chinese.append(p.get("official_id") or p.get("name_zh") or p.get("name_en"))
    cps = [c for c in rec.get("counterparts") or [] if isinstance(c, dict)]
    loc = rec.get("location") or {}
    return {
        "unique_id": unique_id,
        "date": rec.get("date"),
        "event_type": rec.get("event_type"),
        "mode": rec.get("mode"),
        "chinese_names": [c for c in chinese if c],
        "parties": [c.get("country_iso3") or c.get("organization") for c in cps
                    if c.get("country_iso3") or c.get("organization")],
        "counterpart_names": [c["name"] for c in cps if c.get("name")],
        "counterpart_titles": [c.get("title") or c.get("agency") for c in cps if c.get("title") or c.get("agency")],
        "agency_types": [c["agency_type"] for c in cps if c.get("agency_type")],
        "city": loc.get("city") if isinstance(loc, dict) else None,
        "topics": [t for t in rec.get("topics") or [] if isinstance(t, str)],
        "source": source,
        "language": rec.get("language"),
    }


def feature_row(cand: dict[str, Any], names: NameIndex) -> dict[str, Any]:
    uid = cand.get("unique_id")
    if uid is None or str(uid) == "":
        raise ValueError(f"candidate without unique_id: {cand!r:.200}")
    day = _day(cand.get("date"))
    officials = sorted({o for o in (names.official(n) for n in _list(cand.get("chinese_names"))) if o})
    parties = sorted({p for p in (names.party(n) for n in _list(cand.get("parties"))) if p})
    cp_names = _list(cand.get("counterpart_names"))
    # Compare a counterpart's name by its Latin key; a Chinese transliteration of a
    # foreign name (科洛科利采夫) does not map back to Kolokoltsev, so only its family-name
    # part would mislead: keep the key, the model learns how much it is worth.
    cp_name = person_key(cp_names[0]) if cp_names else None
    agencies = _list(cand.get("agency_types"))
    if not agencies:
        agencies = [a for a in (title_agency(t) for t in _list(cand.get("counterpart_titles"))) if a]
    topics = sorted(set(_list(cand.get("topics"))) - {"generic"})
    return {
        "unique_id": str(uid),
        "day": day,
        "day_p1": None if day is None else day + 1,
        "officials": officials or None,
        "lead_official": officials[0] if officials else None,
        "parties": parties or None,
        "party_key": "|".join(parties) if parties else None,
        "cp_name": cp_name,
        "cp_name_han": bool(cp_names and has_han(cp_names[0])),
        "cp_agency": agencies[0] if agencies else None,
        "city": names.city(cand.get("city")),
        "topics": topics or None,
        "event_type": cand.get("event_type") or None,
        "mode": cand.get("mode") or None,
    }


def features(candidates: Iterable[dict[str, Any]], names: NameIndex) -> "Any":
    """A pandas DataFrame of :data:`FEATURE_COLUMNS` (one row per candidate)."""
    import pandas as pd

    rows = [feature_row(c, names) for c in candidates]
    df = pd.DataFrame(rows, columns=FEATURE_COLUMNS + ["cp_name_han"])
    if df["unique_id"].duplicated().any():
        dup = df.loc[df["unique_id"].duplicated(), "unique_id"].iloc[0]
        raise ValueError(f"duplicate candidate unique_id {dup!r}")
    for col in ("day", "day_p1"):
        df[col] = df[col].astype("Int64")
    return df
