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
import functools
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
        return _city_key(loc.get("city"))
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


def _city_key(city: Any) -> str | None:
    """A city compared by the gazetteer's canonical name ("Naypyidaw" = "Nay Pyi Taw"), else by its
    lower-cased spelling without spaces and hyphens."""
    raw = str(city or "").strip().lower()
    if not raw:
        return None
    flat = _flat(raw)
    return _city_aliases().get(flat, flat)


@functools.lru_cache(maxsize=1)
def _city_aliases() -> dict[str, str]:
    """Every gazetteer name (flattened) → its city's canonical key (built once per process)."""
    out: dict[str, str] = {}
    try:
        from isd.codebook import default_codebook

        for c in getattr(default_codebook(), "cities", []):
            canon = _flat(c.name_en)
            for n in (*c.names_en(), *c.names_zh()):
                out.setdefault(_flat(n), canon)
    except Exception:  # scoring must not depend on the codebook loading
        return {}
    return out


def _flat(name: str) -> str:
    return name.lower().replace(" ", "").replace("-", "").replace("'", "").replace("’", "")


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


def _show(ev: dict, f: str) -> Any:
    """A field's value in a readable form (for error listings)."""
    v = value(ev, f)
    if isinstance(v, Counter):
        return sorted(f"{k[0]}:{k[1]}" if isinstance(k, tuple) else str(k) for k in v.elements())
    if isinstance(v, frozenset):
        return sorted(v)
    return v


def _brief(ev: dict) -> str:
    """One line naming an event: date, type, Chinese side → counterparts."""
    cs = ", ".join(c.get("name_en") or c.get("name_zh") or str(c.get("agency")) for c in ev.get("chinese_side") or [])
    cps = ", ".join(f"{p}" + (f" ({c.get('name')})" if c.get("name") else "")
                    for p, c in zip(_parties(ev), ev.get("counterparts") or []))
    return f"{ev.get('date')} {ev.get('event_type')} {cs or '?'} -> {cps or '?'}"


def diagnose(gold_docs: Iterable[dict], pred_docs: Iterable[dict]) -> list[dict[str, Any]]:
    """Per document with any error: the gold events no prediction matched (``missed``), the
    predicted events no gold event matched (``spurious``) and, for matched pairs, every field
    on which they disagree (``mismatches``: field, gold value, predicted value).  Documents
    the extractor got entirely right are left out."""
    preds = {_doc_key(d): d for d in pred_docs}
    out: list[dict[str, Any]] = []
    for gdoc in gold_docs:
        key = _doc_key(gdoc)
        gold = gdoc.get("events") or []
        pred = (preds.get(key) or {}).get("events") or []
        pairs = match(gold, pred)
        gi, pj = {i for i, _ in pairs}, {j for _, j in pairs}
        mismatches = []
        for i, j in pairs:
            for f in SINGLE + SETS:
                if not agree(gold[i], pred[j], f):
                    mismatches.append({"event": _brief(gold[i]), "field": f,
                                       "gold": _show(gold[i], f), "predicted": _show(pred[j], f)})
        missed = [_brief(g) for i, g in enumerate(gold) if i not in gi]
        spurious = [_brief(p) for j, p in enumerate(pred) if j not in pj]
        if missed or spurious or mismatches:
            out.append({"document": (gdoc.get("document") or {}).get("path") or key, "missed": missed,
                        "spurious": spurious, "mismatches": mismatches})
    return out


def format_diagnosis(rows: list[dict[str, Any]]) -> str:
    """The diagnosis as plain text, one block per document."""
    lines: list[str] = []
    for r in rows:
        lines.append(f"== {r['document']}")
        lines.extend(f"  MISSED    {m}" for m in r["missed"])
        lines.extend(f"  SPURIOUS  {s}" for s in r["spurious"])
        for m in r["mismatches"]:
            lines.append(f"  {m['field']:<24} gold={m['gold']!r} predicted={m['predicted']!r}   [{m['event']}]")
    if not rows:
        lines.append("no errors")
    return "\n".join(lines)


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
