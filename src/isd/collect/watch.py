"""``isd watch``: run the configured sources on a schedule (or once, for cron), extract
new documents when the extractor is installed, and publish a digest of new candidate
events: ``digest.json`` and ``digest.atom`` in the data directory, and optionally a
JSON POST to a webhook."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import sqlalchemy as sa

from isd import __version__

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")


def parse_every(value: str) -> float:
    """'6h' → 21600.0 seconds (s, m, h, d; bare numbers are seconds)."""
    m = _DURATION.match(value or "")
    if not m:
        raise ValueError(f"--every {value!r}: expected a duration like 30m, 6h or 1d")
    n = float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
    if n < 60:
        raise ValueError(f"--every {value!r}: at least one minute between runs")
    return n


def find_extractor() -> tuple[Callable[..., Any] | None, str]:
    """The extractor's from-store function, looked up at run time: (function, where) or (None, why)."""
    for mod_name in ("isd.extract.store", "isd.extract.store_io", "isd.extract.api", "isd.extract"):
        try:
            mod = importlib.import_module(mod_name)
        except ImportError:
            continue
        fn = getattr(mod, "extract_from_store", None)
        if callable(fn):
            return fn, f"{mod_name}.extract_from_store"
    return None, "isd.extract has no extract_from_store (extractor not installed); documents were collected but not extracted"


def new_events(ctx, since: dt.datetime) -> list[dict[str, Any]]:
    store = ctx.store
    ev = store.table("events")
    src = store.table("event_sources")
    sources = store.table("sources") if "sources" in store.metadata.tables else None
    out = []
    with store.engine.connect() as c:
        q = sa.select(ev).where(ev.c.created_at >= since, ev.c.review_status == "candidate").order_by(ev.c.date, ev.c.id)
        for row in c.execute(q).mappings():
            d = {k: row[k] for k in ("id", "event_type", "date", "mode", "location_city", "location_country_iso3", "review_status")}
            d["sources"] = list(c.execute(sa.select(src.c.source_id).where(src.c.event_id == row["id"]).order_by(src.c.position)).scalars())
            if sources is not None and d["sources"] and "url" in sources.c:
                d["urls"] = [u for u in c.execute(sa.select(sources.c.url).where(sources.c.id.in_(d["sources"]))).scalars() if u]
            out.append(d)
    return out


def new_documents(ctx, ids: list[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    docs = ctx.store.table("documents")
    with ctx.store.engine.connect() as c:
        rows = c.execute(sa.select(docs.c.id, docs.c.url, docs.c.title, docs.c.published, docs.c.language, docs.c.source_name,
                                   docs.c.story_id).where(docs.c.id.in_(ids)).order_by(docs.c.published, docs.c.id)).mappings()
        return [dict(r) for r in rows]


def _atom(digest: dict[str, Any]) -> str:
    now = digest["generated"]
    entries = []
    for e in digest["events"]:
        title = f"{e['event_type']} {e.get('date') or ''} {e.get('location_country_iso3') or ''}".strip()
        link = (e.get("urls") or [None])[0]
        entries.append(
            f"<entry><id>urn:isd:event:{escape(e['id'])}</id><title>{escape(title)}</title><updated>{now}</updated>"
            + (f'<link href="{escape(link)}"/>' if link else "")
            + f"<summary>candidate event {escape(e['id'])}; sources: {escape(', '.join(e['sources']))}</summary></entry>")
    for d in digest["documents"]:
        entries.append(
            f"<entry><id>urn:isd:document:{escape(d['id'])}</id><title>{escape(d.get('title') or d['id'])}</title>"
            f"<updated>{now}</updated>" + (f'<link href="{escape(d["url"])}"/>' if d.get("url") else "")
            + f"<summary>new document from {escape(d.get('source_name') or '?')} ({escape(d.get('language') or '?')}), "
            f"published {escape(str(d.get('published') or 'unknown'))}</summary></entry>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<id>urn:isd:digest</id><title>isd: new candidate events</title><updated>{now}</updated>"
            f'<generator version="{__version__}">isd</generator>' + "".join(entries) + "</feed>\n")


def write_digest(ctx, *, since: dt.datetime, new_doc_ids: list[str], summaries: dict[str, Any], extraction: Any,
                 webhook: str | None = None) -> dict[str, Any]:
    home = Path(ctx.settings.home)
    home.mkdir(parents=True, exist_ok=True)
    digest = {
        "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "since": since.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "collected": summaries,
        "extraction": extraction,
        "events": new_events(ctx, since),
        "documents": new_documents(ctx, new_doc_ids),
    }
    text = json.dumps(digest, ensure_ascii=False, indent=2, default=str)
    (home / "digest.json").write_text(text, encoding="utf-8")
    (home / "digest.atom").write_text(_atom(json.loads(text)), encoding="utf-8")
    result = {"json": str(home / "digest.json"), "atom": str(home / "digest.atom"), "events": len(digest["events"]),
              "documents": len(digest["documents"])}
    if webhook:
        import httpx

        try:
            r = httpx.post(webhook, content=text.encode("utf-8"), headers={"Content-Type": "application/json"}, timeout=15)
            result["webhook"] = f"HTTP {r.status_code}"
        except httpx.HTTPError as exc:
            result["webhook"] = f"failed: {exc}"
    return result


def watch_once(ctx, source_names: list[str], *, webhook: str | None = None, progress: bool = True,
               fetcher_options: dict[str, Any] | None = None) -> dict[str, Any]:
    from isd.collect.crawler import SourceCrawl
    from isd.collect.sources import load_source

    started = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    summaries: dict[str, Any] = {}
    new_ids: list[str] = []
    for name in source_names:
        try:
            loaded = load_source(name)
            name = loaded.name
            s = SourceCrawl(ctx, loaded, fetcher_options=fetcher_options, progress=progress).run()
        except Exception as exc:  # one broken source must not stop the others
            summaries[name] = {"error": f"{type(exc).__name__}: {exc}"}
            ctx.console.print(f"[red]source {name} failed:[/] {exc}")
            continue
        summaries[name] = s.as_dict()
        new_ids.extend(s.new_ids)
    fn, where = find_extractor()
    if fn is None:
        extraction: Any = {"skipped": where}
        ctx.console.print(f"[yellow]extraction skipped:[/] {where}")
    else:
        try:
            extraction = fn(ctx, only_new=True)
        except Exception as exc:
            extraction = {"error": f"{where}: {type(exc).__name__}: {exc}"}
    digest = write_digest(ctx, since=started, new_doc_ids=new_ids, summaries=summaries, extraction=extraction, webhook=webhook)
    return {"collected": summaries, "extraction": extraction, "digest": digest}


def watch_loop(ctx, source_names: list[str], *, every: float, webhook: str | None = None,
               runs: int | None = None) -> None:
    n = 0
    while True:
        t0 = time.monotonic()
        result = watch_once(ctx, source_names, webhook=webhook)
        ctx.console.print(f"watch run {n + 1}: {result['digest']}")
        n += 1
        if runs is not None and n >= runs:
            return
        time.sleep(max(0.0, every - (time.monotonic() - t0)))
