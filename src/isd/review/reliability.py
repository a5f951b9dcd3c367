"""Inter-coder reliability: Krippendorff's alpha per variable over double-coded units.

Decisions (documented here and on the reliability page):

- A *unit* is one record in one coding round that both coders submitted.
- Single-valued codes (event_type, mode, doc_type, dates, country codes …) are
  **nominal** variables: two values agree only when identical.  An empty value is a
  category of its own (leaving a value empty is a coding decision).
- Multi-valued topic sets are split into **one binary variable per topic**
  (``topics.counterdrug`` = was the topic coded or not), each with nominal alpha.  We
  prefer this to MASI distance because it tells the team *which* topic is coded
  unreliably, and it is the same alpha computation as every other variable.
  Topics no coder used in any unit are not listed.
- Party lists (counterparts, parties, recipients) are compared as the **set of foreign
  parties** (ISO3 or organization), nominally: names and titles are free text.
- When every unit has the same value the alpha formula is 0/0: alpha is reported as
  undefined (None) with the note "no variation"; observed agreement is shown anyway.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from isd.review.double import coded_pairs
from isd.review.variables import party_key, variables
from isd.store import Store

MIN_UNITS = 2


@dataclass
class Reliability:
    kind: str
    variable: str
    method: str  # nominal | binary per topic | party set (nominal)
    units: int
    agreement: float | None  # share of units where the two coders agree
    alpha: float | None
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _canon(value: Any) -> str:
    import json

    if value is None or value == "" or value == [] or value == {}:
        return "∅"
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _alpha(pairs: list[tuple[str, str]]) -> tuple[float | None, str]:
    import numpy as np
    import krippendorff

    if len(pairs) < MIN_UNITS:
        return None, f"fewer than {MIN_UNITS} units"
    cats = sorted({x for p in pairs for x in p})
    if len(cats) < 2:
        return None, "no variation: every unit has the same value"
    idx = {c: i for i, c in enumerate(cats)}
    data = np.array([[idx[a] for a, _ in pairs], [idx[b] for _, b in pairs]], dtype=float)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")), ""


def _row(kind: str, name: str, method: str, pairs: list[tuple[str, str]]) -> Reliability:
    alpha, note = _alpha(pairs)
    agree = sum(a == b for a, b in pairs) / len(pairs) if pairs else None
    return Reliability(kind, name, method, len(pairs), None if agree is None else round(agree, 4),
                       None if alpha is None else round(alpha, 4), note)


def reliability(store: Store, kind: str | None = None) -> list[Reliability]:
    """Alpha per (kind, variable) over every double-coded unit in the store."""
    units = coded_pairs(store, kind)
    by_kind: dict[str, list] = {}
    for u in units:
        by_kind.setdefault(u.kind, []).append(u)
    out: list[Reliability] = []
    for k in sorted(by_kind):
        us = by_kind[k]
        codings = [tuple(u.codings.values()) for u in us]
        for var in variables(k):
            if var.reliability == "none":
                continue
            if var.reliability == "binary_set":
                used = sorted({t for a, b in codings for t in (a.get(var.name) or []) + (b.get(var.name) or [])})
                for topic in used:
                    pairs = [(str(topic in (a.get(var.name) or [])), str(topic in (b.get(var.name) or [])))
                             for a, b in codings]
                    out.append(_row(k, f"{var.name}.{topic}", "binary per topic", pairs))
                continue
            if var.reliability == "party_set":
                pairs = [(party_key(a.get(var.name)), party_key(b.get(var.name))) for a, b in codings]
                out.append(_row(k, var.name, "party set (nominal)", pairs))
                continue
            pairs = [(_canon(a.get(var.name)), _canon(b.get(var.name))) for a, b in codings]
            out.append(_row(k, var.name, "nominal", pairs))
    return out
