"""Scoring extracted events against a gold set (precision / recall / F1 per field).

Event matching, per document: a predicted and a gold event can match when their dates
agree (see below) or are within one day, they share a foreign party, and they share the Chinese official (by
name; by agency when neither names one).  Pairs are chosen greedily, most agreeing
fields first.  Field scores:

* single-valued fields (date, event_type, …): a true positive is a matched pair that
  agrees; precision = TP / predicted events, recall = TP / gold events;
* dates honour the gold ``date_precision``: a gold date of precision ``month`` (stored as
  the first of the month) agrees with any predicted date in that month, ``year`` with any
  date in that year, ``day`` only with the same day (event matching allows ±1 day);
* set-valued fields (counterpart countries, topics, agreement types, …): micro-averaged
  over items, items of unmatched events counting as false positives / negatives.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

SINGLE = ["date", "event_type", "multilateral_context", "mode", "location.city", "location.country_iso3",
          "chinese_official", "chinese_rank", "chinese_agency"]
SETS = ["counterpart_country", "counterpart_agency_type", "counterpart_rank_level", "topics", "agreement_doc_types"]


def _date(v: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(v)[:10]) if v else None
    except ValueError:
        return None


def _parties(ev: dict) -> list[str]:
    return [str(c.get("country_iso3") or c.get("organization") or "").upper() for c in ev.get("counterparts") or []]


def _officials(ev: dict) -> set[str]:
    names = {(c.get(k) or "").strip().lower() for c in ev.get("chinese_side") or [] for k in ("name_en", "name_zh")}
    names.discard("")
    if names:
        return names
    return {"agency:" + str(c.get("agency")) for c in ev.get("chinese_side") or []}


def value(ev: dict, name: str) -> Any:
    loc = ev.get("location") or {}
    cs = (ev.get("chinese_side") or [{}])[0] if ev.get("chinese_side") else {}
    if name == "date":
        return ev.get("date")
    if name == "location.city":
        return (loc.get("city") or "").strip().lower() or None
    if name == "location.country_iso3":
        return loc.get("country_iso3")
    if name == "chinese_official":
        return _Names(_officials(ev))
    if name == "chinese_rank":
        return cs.get("rank")
    if name == "chinese_agency":
        return cs.get("agency")
    if name == "counterpart_country":
        return Counter(_parties(ev))
    if name == "counterpart_agency_type":
        return Counter((p, c.get("agency_type")) for p, c in zip(_parties(ev), ev.get("counterparts") or []))
    if name == "counterpart_rank_level":
        return Counter((p, c.get("rank_level")) for p, c in zip(_parties(ev), ev.get("counterparts") or []))
    if name == "topics":
        return Counter(ev.get("topics") or ["generic"])
    if name == "agreement_doc_types":
        return Counter(a.get("doc_type") for a in ev.get("agreements") or [])
    return ev.get(name)


class _Names(frozenset):
    """Chinese officials compare equal when they share a name (English or Chinese)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, frozenset) and bool(self & other) or (not self and not other)

    __hash__ = frozenset.__hash__


def dates_agree(g: dict, p: dict, slack_days: int = 0) -> bool:
    """The predicted date agrees with the gold one at the gold's precision (month: same
    month; year: same year; day: within ``slack_days``)."""
    gd, pd = _date(g.get("date")), _date(p.get("date"))
    if gd is None or pd is None:
        return False
    precision = g.get("date_precision") or "day"
    if precision == "month":
        return (gd.year, gd.month) == (pd.year, pd.month) or abs((gd - pd).days) <= slack_days
    if precision == "year":
        return gd.year == pd.year
    return abs((gd - pd).days) <= slack_days


def agree(g: dict, p: dict, f: str) -> bool:
    if f == "date":
        return dates_agree(g, p)
    return value(g, f) == value(p, f)


def compatible(g: dict, p: dict) -> bool:
    if not dates_agree(g, p, slack_days=1):
        return False
    if not set(_parties(g)) & set(_parties(p)):
        return False
    return bool(_officials(g) & _officials(p))


def match(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    cands = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if compatible(g, p):
                n_agree = sum(agree(g, p, f) for f in SINGLE + SETS)
                cands.append((-n_agree, i, j))
    cands.sort()
    used_g, used_p, pairs = set(), set(), []
    for _, i, j in cands:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        pairs.append((i, j))
    return pairs


def _doc_key(doc: dict) -> str:
    path = (doc.get("document") or {}).get("path") or ""
    return Path(path).name


def score(gold_docs: Iterable[dict], pred_docs: Iterable[dict]) -> dict[str, Any]:
    preds = {_doc_key(d): d for d in pred_docs}
    counts: dict[str, list[int]] = {f: [0, 0, 0] for f in ["event", *SINGLE, *SETS]}  # tp, n_pred, n_gold
    docs = 0
    missing = []
    for gdoc in gold_docs:
        docs += 1
        key = _doc_key(gdoc)
        pdoc = preds.get(key)
        if pdoc is None:
            missing.append(key)
        gold = gdoc.get("events") or []
        pred = (pdoc or {}).get("events") or []
        pairs = match(gold, pred)
        counts["event"][0] += len(pairs)
        counts["event"][1] += len(pred)
        counts["event"][2] += len(gold)
        for f in SINGLE:
            counts[f][0] += sum(agree(gold[i], pred[j], f) for i, j in pairs)
            counts[f][1] += len(pred)
            counts[f][2] += len(gold)
        for f in SETS:
            counts[f][0] += sum(sum((value(gold[i], f) & value(pred[j], f)).values()) for i, j in pairs)
            counts[f][1] += sum(sum(value(p, f).values()) for p in pred)
            counts[f][2] += sum(sum(value(g, f).values()) for g in gold)
    rows = []
    for f, (tp, npred, ngold) in counts.items():
        p = tp / npred if npred else (1.0 if ngold == 0 else 0.0)
        r = tp / ngold if ngold else (1.0 if npred == 0 else 0.0)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        rows.append({"field": f, "tp": tp, "predicted": npred, "gold": ngold,
                     "precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3)})
    return {"documents": docs, "missing_predictions": missing, "fields": rows}


def read_jsonl(path: str | Path) -> list[dict]:
    from isd.errors import InputError, Problem

    out, problems = [], []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(Problem(str(path), f"not valid JSON ({exc.msg})", row=n))
                continue
            if not isinstance(obj, dict) or "events" not in obj:
                problems.append(Problem(str(path), "expected an object with 'document' and 'events'", row=n))
                continue
            out.append(obj)
    if problems:
        raise InputError(problems)
    return out


def predict_gold_docs(gold_docs: list[dict], base: Path, codebook: Any | None = None) -> list[dict]:
    """Run the extractor on the documents a gold file names (paths relative to ``base``)."""
    from isd.extract.api import extract_document

    out = []
    for g in gold_docs:
        rel = (g.get("document") or {}).get("path") or ""
        path = base / rel
        if not path.exists():
            alt = list(base.rglob(Path(rel).name)) if rel else []
            path = alt[0] if alt else path
        try:
            res = extract_document(path, codebook=codebook)[0]
            out.append({"document": {"path": rel}, "events": res["events"]})
        except Exception as exc:  # report, score as no events
            out.append({"document": {"path": rel}, "events": [], "error": f"{path}: {exc}"})
    return out
