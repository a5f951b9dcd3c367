"""Filtered, searchable record lists (SQLAlchemy expressions, bound parameters only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from isd.store import Store

PLURAL = {"events": "event", "agreements": "agreement", "trainings": "training", "assistance": "assistance",
          "presence": "presence", "mechanisms": "mechanism", "sources": "source"}

_DATE = {"event": "date", "agreement": "date", "training": "date", "assistance": "date", "presence": "start_date",
         "source": "published"}
# (table, column) holding the Chinese agency, and the foreign country, of each kind
_AGENCY = {"event": ("event_chinese_side", "agency"), "agreement": ("agreements", "chinese_agency"),
           "training": ("trainings", "chinese_agency"), "assistance": ("assistance", "chinese_agency"),
           "presence": ("presence", "chinese_agency"), "mechanism": ("mechanisms", "host_agency")}
_COUNTRY = {"event": ("event_counterparts", "country_iso3"), "agreement": ("agreement_parties", "country_iso3"),
            "training": ("training_recipients", "country_iso3"), "assistance": ("assistance", "recipient_country_iso3"),
            "presence": ("presence", "country_iso3")}


@dataclass
class ListQuery:
    q: str = ""
    status: str = ""
    year_from: int | None = None
    year_to: int | None = None
    agency: str = ""
    countries: list[str] = field(default_factory=list)  # from a country or a region filter
    limit: int = 50
    offset: int = 0


def _like(term: str) -> str:
    esc = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{esc}%"


def _text_cols(t: sa.Table) -> list[sa.Column]:
    return [c for c in t.columns if isinstance(c.type, (sa.Text, sa.String))]


def _in_kind(store: Store, kind: str, table: str, column: str, cond: Any) -> Any:
    """``main.id IN (child rows matching cond)`` or the condition itself on the main table."""
    specs = store.specs[kind]
    main = store.table(specs[0].name)
    if table == specs[0].name:
        return cond(main.c[column])
    spec = next(s for s in specs if s.name == table)
    child = store.table(table)
    return main.c.id.in_(sa.select(child.c[spec.key]).where(cond(child.c[column])))


def list_ids(store: Store, kind: str, f: ListQuery) -> tuple[list[str], int]:
    """The ids of one page of records of ``kind`` matching the filters, and the total."""
    specs = store.specs[kind]
    main = store.table(specs[0].name)
    conds: list[Any] = []
    if f.status and "review_status" in main.c:
        conds.append(main.c.review_status == f.status)
    date_col = _DATE.get(kind)
    if date_col is not None:
        if f.year_from:
            conds.append(main.c[date_col] >= dt.date(f.year_from, 1, 1))
        if f.year_to:
            conds.append(main.c[date_col] <= dt.date(f.year_to, 12, 31))
    if f.agency and kind in _AGENCY:
        t, c = _AGENCY[kind]
        conds.append(_in_kind(store, kind, t, c, lambda col: col == f.agency))
    if f.countries and kind in _COUNTRY:
        t, c = _COUNTRY[kind]
        conds.append(_in_kind(store, kind, t, c, lambda col: col.in_(f.countries)))
    sqlite = store.dialect == "sqlite"  # SQLite's LIKE ignores ASCII case already; lower() costs time

    def match(col: Any, pattern: str) -> Any:
        return col.like(pattern, escape="\\") if sqlite else col.ilike(pattern, escape="\\")

    for term in f.q.split()[:8]:
        pattern = _like(term)
        alts = [match(col, pattern) for col in _text_cols(main)]
        for spec in specs[1:]:
            if spec.name.endswith(("_evidence", "_sources")):  # source text is searched on its own page
                continue
            child = store.table(spec.name)
            cols = [c for c in _text_cols(child) if c.name != spec.key]
            if cols:
                alts.append(main.c.id.in_(sa.select(child.c[spec.key]).where(
                    sa.or_(*[match(c, pattern) for c in cols]))))
        conds.append(sa.or_(*alts))
    where = sa.and_(sa.true(), *conds)
    order = [main.c[date_col].desc(), main.c.id] if date_col else [main.c.id]
    with store.engine.connect() as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(main).where(where)).scalar_one()
        ids = list(conn.execute(sa.select(main.c.id).where(where).order_by(*order)
                                .limit(f.limit).offset(f.offset)).scalars())
    return ids, int(total)


def status_counts(store: Store) -> list[dict[str, Any]]:
    """Records per kind and review status (the dashboard's work overview)."""
    out = []
    with store.engine.connect() as conn:
        for kind in ("event", "agreement", "training", "assistance", "mechanism", "presence"):
            main = store.table(store.specs[kind][0].name)
            rows = conn.execute(sa.select(main.c.review_status, sa.func.count()).group_by(main.c.review_status)).all()
            counts = {r[0]: int(r[1]) for r in rows}
            out.append({"kind": kind, **{s: counts.get(s, 0) for s in
                                         ("candidate", "coded", "double_coded", "adjudicated", "rejected")},
                        "total": sum(counts.values())})
    return out


def document_for(store: Store, source: Any) -> dict[str, Any] | None:
    """The stored document of a source: by document_id, else by URL, else by SHA-256."""
    t = store.table("documents")
    with store.engine.connect() as conn:
        for col, value in (("id", source.document_id), ("url", source.url), ("sha256", source.sha256)):
            if value:
                row = conn.execute(sa.select(t).where(t.c[col] == value).limit(1)).mappings().first()
                if row:
                    return dict(row)
    return None


def records_citing(store: Store, source_id: str) -> list[tuple[str, str]]:
    """(kind, id) of every record that lists the source."""
    out = []
    with store.engine.connect() as conn:
        for kind in ("event", "agreement", "training", "assistance", "mechanism", "presence"):
            spec = next(s for s in store.specs[kind] if s.name.endswith("_sources"))
            t = store.table(spec.name)
            out += [(kind, r) for r in conn.execute(sa.select(t.c[spec.key]).where(t.c.source_id == source_id)).scalars()]
    return out


def list_rows(store: Store, kind: str, ids: list[str]) -> list[dict[str, Any]]:
    """Light rows for a list page (a few queries, no full records): id, date, status,
    summary, number of sources — in the order of ``ids``."""
    if not ids:
        return []
    specs = store.specs[kind]
    main = store.table(specs[0].name)
    by_id: dict[str, dict[str, Any]] = {}
    with store.engine.connect() as conn:
        for row in conn.execute(sa.select(main).where(main.c.id.in_(ids))).mappings():
            by_id[row["id"]] = dict(row)
        def child(name: str, *cols: str) -> dict[str, list[tuple]]:
            spec = next((s for s in specs if s.name == name), None)
            out: dict[str, list[tuple]] = {}
            if spec is None:
                return out
            t = store.table(name)
            q = sa.select(t.c[spec.key], *[t.c[c] for c in cols]).where(t.c[spec.key].in_(ids)).order_by(
                t.c[spec.key], t.c.position)
            for r in conn.execute(q):
                out.setdefault(r[0], []).append(tuple(r[1:]))
            return out
        n_sources = {k: len(v) for k, v in child(f"{kind}_sources", "source_id").items()} if kind != "source" else {}
        parties = {}
        people: dict[str, list[tuple]] = {}
        if kind == "event":
            parties = child("event_counterparts", "country_iso3", "organization")
            people = child("event_chinese_side", "name_en", "name_zh", "agency")
        elif kind in ("agreement", "training"):
            parties = child(f"{kind}_parties" if kind == "agreement" else "training_recipients",
                            "country_iso3", "organization")
    rows = []
    for rid in ids:
        r = by_id.get(rid)
        if r is None:
            continue
        ps = ", ".join(dict.fromkeys(c or o or "?" for c, o in parties.get(rid, []))) or "?"
        if kind == "source":
            what = r.get("title") or r.get("url") or ""
        elif kind == "event":
            who = ", ".join((n or z or a) for n, z, a in people.get(rid, [])[:2]) or "?"
            what = f"{r['event_type'].replace('_', ' ')}: {who} — {ps}"
        elif kind == "agreement":
            what = f"{(r['doc_type'] or '').replace('_', ' ')} with {ps}: {r.get('title_en') or r.get('title_zh') or ''}"
        elif kind == "training":
            what = f"training for {ps}: {r.get('subject') or ''}"
        elif kind == "assistance":
            what = f"assistance to {r.get('recipient_country_iso3') or r.get('recipient_organization')}: {r.get('items') or ''}"
        elif kind == "mechanism":
            what = r.get("name_en") or ""
        else:
            what = f"{(r.get('presence_type') or '').replace('_', ' ')} in {r.get('country_iso3')} {r.get('city') or ''}"
        rows.append({"id": rid, "kind": kind, "date": r.get(_DATE.get(kind, "date")),
                     "summary": what.strip(), "status": r.get("review_status", ""), "sources": n_sources.get(rid, 0)})
    return rows
