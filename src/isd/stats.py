"""Counts of the store's records by type, year, region and review status (``isd stats``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from isd.store import Store
from isd.store.tables import MAIN_TABLE

# where each record type names its foreign party's country (table, key column, country column)
COUNTRY_OF = {
    "event": ("event_counterparts", "event_id", "country_iso3"),
    "agreement": ("agreement_parties", "agreement_id", "country_iso3"),
    "training": ("training_recipients", "training_id", "country_iso3"),
    "assistance": ("assistance", "id", "recipient_country_iso3"),
    "presence": ("presence", "id", "country_iso3"),
}
DATE_OF = {"event": "date", "agreement": "date", "training": "date", "assistance": "date", "presence": "start_date"}


def compute_stats(store: Store, codebook: Any) -> dict[str, Any]:
    """Per record type: total, by review status, by year, by region.

    A record with parties in several regions counts once in each of them (so region
    counts of events are not additive; interactions are).
    """
    region_of = {c.iso3: c.region for c in codebook.countries}
    out: dict[str, Any] = {"sources": store.count("source"), "documents": _count(store, "documents"), "records": {}}
    for kind in ("event", "agreement", "training", "assistance", "mechanism", "presence"):
        main = store.read_table(MAIN_TABLE[kind])
        entry: dict[str, Any] = {"total": int(len(main))}
        entry["by_review_status"] = dict(sorted(Counter(main["review_status"].fillna("unknown")).items())) if len(main) else {}
        if kind in DATE_OF and len(main):
            years = Counter("unknown" if d is None or d != d else str(d)[:4] for d in main[DATE_OF[kind]])
            entry["by_year"] = dict(sorted(years.items()))
        if kind in COUNTRY_OF and len(main):
            table, key, col = COUNTRY_OF[kind]
            df = store.read_table(table)
            regions: dict[str, set] = defaultdict(set)
            for rid, iso in zip(df[key], df[col]):
                if iso is None or iso != iso:
                    continue
                regions[region_of.get(iso, "unknown")].add(rid)
            entry["by_region"] = {r: len(ids) for r, ids in sorted(regions.items())}
        out["records"][kind] = entry
    events = store.read_table("event_counterparts")
    out["interactions"] = int(len(events.drop_duplicates(["event_id", "country_iso3", "organization"]))) if len(events) else 0
    return out


def _count(store: Store, table: str) -> int:
    import sqlalchemy as sa

    with store.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(store.table(table))).scalar_one())
