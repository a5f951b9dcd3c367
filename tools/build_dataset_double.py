"""Double coding for ``tools/build_dataset.py`` (CODEBOOK §8).

An independent second coder re-codes a random sample of research records into
``data/research/double/coder*_*.yaml`` (coder2, coder3, ...; same fact format, keyed by research id).
This module compares the two codings variable by variable, computes Krippendorff's
alpha (nominal) per variable, and marks the sampled records ``double_coded`` — or
``adjudicated`` where the codings differed and the disagreement was settled after
re-reading the sources (``ADJUDICATIONS``; the decision goes into the record's notes).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml
from build_dataset import Builder, join_notes, parse_date

from isd.model import Signatory

TOPIC_CODES = ("social_stability", "transnational_crime", "counterdrug", "telecom_fraud", "counterterrorism",
               "overseas_interests_bri", "capacity_building", "event_security", "cybercrime",
               "financial_crime_gambling", "human_trafficking", "immigration_border", "generic")
# Disagreements settled after re-reading the sources (research id → decision, field values set).
ADJUDICATIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "ev_2023-04-14_liu_zhao_BRA_federal_police": (
        ("bilateral_meeting: the letter of intent was signed at a meeting at MPS headquarters (CODEBOOK §3: a meeting at "
        "which documents are signed stays a meeting)"), {"event_type": "bilateral_meeting"}),
    "ev_2025-05-28_chen_wenqing_high_reps_forum13": (
        ("multilateral_meeting: the International Meeting of High Representatives for Security Issues is a meeting of "
        "delegation heads, not a forum session"), {"event_type": "multilateral_meeting"}),
    "ev_2024-06_chen_wenqing_SGP_sgf4": (
        "month precision kept: both sources announce the 18-20 June visit; neither gives the forum's day", {}),
    "agr_2023-10-31_MMR_7th_lesc_ministerial_minutes": (
        ("31 Oct kept: Xinhua's report of the signing gives no earlier day; 30 Oct is the day of the separate talks "
        "reported by The Irrawaddy"), {}),
    "agr_2024-11_EGY_security_cooperation_protocol": (
        ("same document as agr_2024-10-29_EGY_security_protocol (merged, as the research note asked); 29 Oct kept: "
        "Xinhua's report of the signing was published on 30 Oct, so the Egyptian 31 Oct date cannot be right"),
        {"date": dt.date(2024, 10, 29), "date_precision": "day"}),
    "agr_2017-10_USA_lecd_outcomes_list": (
        ("4 Oct 2017, the day of the first law-enforcement and cybersecurity dialogue that adopted the list (the CAC "
        "page of 10 Oct publishes it); co-chaired on the Chinese side by Minister Guo Shengkun"),
        {"date": dt.date(2017, 10, 4), "date_precision": "day",
         "chinese_signatory": Signatory(name="Guo Shengkun", rank="minister", agency="MPS", official_id="guo_shengkun")}),
    "ev_2023-09-20_wang_xiaohong_PAK": (
        ("first coding kept (generic): the record's source names no cooperation area; the second coder took topics from "
        "a Pakistani release that is not among the record's sources"), {}),
}


def _cp_set(r: dict, key: str) -> str:
    return ";".join(sorted({str(c.get(key)) for c in r.get("counterparts") or []}))


def event_values(b: Builder, r: dict) -> dict[str, Any]:
    first = (r.get("chinese_side") or [{}])[0]
    day, prec = parse_date(r.get("date"), "double")
    vals = {
        "date": f"{day}/{prec}", "event_type": r.get("event_type"), "mode": r.get("mode"),
        "counterpart_countries": ";".join(sorted({str(c.get("country_iso3") or c.get("organization")) for c in r.get("counterparts") or []})),
        "chinese_official": b.official(first) or first.get("name_en") or f"({first.get('agency')})",
        "chinese_rank": first.get("rank"), "counterpart_agency_type": _cp_set(r, "agency_type"),
        "counterpart_rank_level": _cp_set(r, "rank_level"),
    }
    topics = set(r.get("topics") or [])
    vals.update({f"topic:{t}": int(t in topics) for t in TOPIC_CODES})
    return vals


def agreement_values(b: Builder, r: dict) -> dict[str, Any]:
    day, prec = parse_date(r.get("date"), "double")
    cs = r.get("chinese_signatory") or {}
    return {"agreement_date": f"{day}/{prec}", "doc_type": r.get("doc_type"),
            "agreement_parties": ";".join(sorted(map(str, r.get("parties") or []))),
            "chinese_signatory": b.official({"official_id": cs.get("official_id"), "name_en": cs.get("name"),
                                             "name_zh": cs.get("name_zh")}) or cs.get("name")}


def apply_double(b: Builder, folder: Path) -> dict | None:
    """Second codings in ``folder`` (same fact format, keyed by research id): Krippendorff's
    alpha per variable, and the records marked double_coded / adjudicated."""
    import krippendorff
    import numpy as np

    files = sorted(folder.glob("coder*_*.yaml")) if folder.is_dir() else []
    if not files:
        return None
    units: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
    n_units = {"event": 0, "agreement": 0}
    unavailable = []
    for path in files:
        for r in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            rid = r.get("id")
            kind = "agreement" if str(rid).startswith("agr_") else "event"
            first = b.raw.get((kind, rid))
            if first is None:
                b.problems.append(f"{path.name} {rid}: no research record with this id")
                continue
            if r.get("unavailable"):
                unavailable.append(rid)
                continue
            fn = event_values if kind == "event" else agreement_values
            v1, v2 = fn(b, first), fn(b, r)
            n_units[kind] += 1
            diffs = [f"{k}: {v1[k]} / {v2[k]}" for k in v1 if v1[k] != v2[k]]
            for k in v1:
                units[k].append((v1[k], v2[k]))
            final = b.records[(kind, b.alias[(kind, rid)])]
            summary = f"second coding ({r.get('coder') or path.stem}, {path.name})"
            if not diffs:
                final.review_status = "double_coded"
                final.notes = join_notes(final.notes, f"{summary}: agrees on all compared variables")
            elif rid in ADJUDICATIONS:
                decision, values = ADJUDICATIONS[rid]
                for field_name, value in values.items():
                    setattr(final, field_name, value)
                final.review_status = "adjudicated"
                final.notes = join_notes(final.notes, f"{summary} differs on {'; '.join(diffs)}", f"adjudicated: {decision}")
            else:
                final.review_status = "double_coded"
                final.notes = join_notes(final.notes, f"{summary} differs on {'; '.join(diffs)} (first coding kept; not yet adjudicated)")
    out: dict[str, Any] = {"method": "Krippendorff's alpha, nominal, 2 coders (research coder vs independent second coder)",
                           "files": [p.name for p in files], "units": n_units, "unavailable": unavailable, "variables": {}}
    for var, pairs in sorted(units.items()):
        cats = {v: i for i, v in enumerate(sorted({str(x) for pair in pairs for x in pair}))}
        data = np.array([[cats[str(p[0])] for p in pairs], [cats[str(p[1])] for p in pairs]], dtype=float)
        agree = sum(p[0] == p[1] for p in pairs) / len(pairs)
        alpha = None if len(cats) < 2 else float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
        out["variables"][var] = {"alpha": None if alpha is None else round(alpha, 3), "units": len(pairs),
                                 "percent_agreement": round(100 * agree, 1),
                                 **({"note": "no variation: alpha undefined"} if alpha is None else {})}
    return out
