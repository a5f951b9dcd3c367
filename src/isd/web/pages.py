"""Browse pages: dashboard, record lists with filters and search, a page per record
with its sources and evidence, a page per source with its stored document text."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse

from isd.web.app import page
from isd.web.queries import PLURAL, ListQuery, document_for, list_ids, list_rows, records_citing, status_counts
from isd.web.render import Span, bar_chart, chart_for, field_matches, highlight, locate, safe_url, snippet

# analysis -> (label columns, value column) of its bar chart
DASHBOARD_ANALYSES: dict[str, tuple[tuple[str, ...], str]] = {
    "interactions_by_period": (("period", "agency"), "interactions"),
    "interactions_by_agency": (("agency",), "interactions"),
    "bilateral_by_region": (("region",), "bilateral"),
    "most_engaged_countries": (("name",), "total"),
    "agreements_by_year": (("year",), "total"),
    "agreements_by_region": (("region",), "agreements"),
    "top_partners": (("name",), "agreements"),
    "topic_counts": (("item",), "agreements"),
}
MAPS = {"interactions": ("interactions_by_country", "Interactions by country (event × foreign party)"),
        "agreements": ("agreements_by_country", "Agreements by country")}
AGENCIES = ("MPS", "MSS", "CPLC", "MFA", "provincial_psb", "embassy", "other")


def _int(value: Any, name: str, lo: int = 0, hi: int = 10**9) -> int | None:
    if value in (None, ""):
        return None
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise HTTPException(400, f"{name}: {value!r} is not a whole number") from None
    if not lo <= n <= hi:
        raise HTTPException(400, f"{name}: {n} is out of range {lo}–{hi}")
    return n


def region_countries(request: Request, region: str) -> list[str]:
    if not region:
        return []
    cb = codebook(request)
    try:
        return [c.iso3 for c in cb.countries_in(region)]
    except Exception:
        raise HTTPException(400, f"unknown region {region!r}") from None


def codebook(request: Request):
    cb = getattr(request.app.state, "codebook", None)
    if cb is None:
        from isd.codebook import default_codebook

        cb = request.app.state.codebook = default_codebook()
    return cb


def regions(request: Request) -> list[tuple[str, str]]:
    cb = codebook(request)
    return [(r.code, getattr(r, "name_en", None) or r.code) for r in cb.regions]


def filters_from(request: Request) -> tuple[ListQuery, dict[str, str]]:
    p = request.query_params
    raw = {k: p.get(k, "") for k in ("q", "status", "year_from", "year_to", "agency", "region", "country", "page")}
    countries = region_countries(request, raw["region"])
    if raw["country"]:
        countries = [raw["country"].upper()] if not countries or raw["country"].upper() in countries else ["-"]
    pg = _int(raw["page"], "page", 1, 100000) or 1
    f = ListQuery(q=raw["q"][:200], status=raw["status"], year_from=_int(raw["year_from"], "year_from", 1900, 2100),
                  year_to=_int(raw["year_to"], "year_to", 1900, 2100), agency=raw["agency"], countries=countries,
                  limit=50, offset=(pg - 1) * 50)
    return f, raw


def _generation(store: Any) -> int:
    """Changes whenever the store is written (the newest audit-log row)."""
    import sqlalchemy as sa

    t = store.table("audit_log")
    with store.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.max(t.c.id))).scalar() or 0)


def _dashboard_data(request: Request, raw: dict[str, str]) -> list[dict[str, Any]]:
    """The dashboard's analyses, cached until the store changes (they take seconds)."""
    import threading

    state = request.app.state
    if not hasattr(state, "dash_cache"):
        state.dash_cache, state.dash_lock = {}, threading.Lock()
    key = (tuple(sorted((k, v) for k, v in raw.items() if k != "page")), _generation(state.store))
    with state.dash_lock:  # one computation at a time; others wait for the cached result
        hit = state.dash_cache.get(key)
        if hit is None:
            hit = _compute_dashboard(request, raw)
            if len(state.dash_cache) > 64:
                state.dash_cache.clear()
            state.dash_cache[key] = hit
    return hit


def _compute_dashboard(request: Request, raw: dict[str, str]) -> list[dict[str, Any]]:
    """Run the dashboard's analyses (isd.analyze) with the filters; failures become notes."""
    try:
        import isd.analyze as ia
        from isd.analyze.registry import dataset_for, load_all
    except ImportError:
        return []
    store = request.app.state.store
    kwargs = _analysis_kwargs(raw)
    region_iso = set(region_countries(request, raw.get("region", "")))
    out = []
    try:
        registry = load_all()
        ds = dataset_for(store, **kwargs)
    except Exception as exc:  # the analysis stage is still being built: show tables only
        return [{"name": "analyses", "title": "Analyses", "error": f"{type(exc).__name__}: {exc}"}]
    for name, (labels, value) in DASHBOARD_ANALYSES.items():
        if name not in registry:
            continue
        item: dict[str, Any] = {"name": name, "title": registry[name].title}
        try:
            df = ia.run(name, ds, **kwargs)  # same filters: the prepared dataset is reused
            if region_iso:
                df = _region_filter(df, region_iso, raw["region"])
            if len(df) and all(c in df.columns for c in (*labels, value)):
                lab = df[labels[0]].astype(str)
                for extra in labels[1:]:
                    lab = lab + " · " + df[extra].astype(str)
                item["chart"] = bar_chart(list(lab), list(df[value]), f"{registry[name].title}: {value}")
            else:
                item["chart"] = chart_for(df, registry[name].title)
            shown = df.drop(columns=[c for c in ("record_ids",) if c in df.columns]).head(15)
            item["columns"] = list(shown.columns)
            item["rows"] = [[_cell(v) for v in row] for row in shown.itertuples(index=False)]
            item["total_rows"] = len(df)
        except Exception as exc:
            item["error"] = f"{type(exc).__name__}: {exc}"
        out.append(item)
    return out


def _analysis_kwargs(raw: dict[str, str]) -> dict[str, Any]:
    yf, yt = _int(raw.get("year_from"), "year_from", 1900, 2100), _int(raw.get("year_to"), "year_to", 1900, 2100)
    return {"date_from": f"{yf}-01-01" if yf else None, "date_to": f"{yt}-12-31" if yt else None,
            "agencies": (raw["agency"],) if raw.get("agency") else (),
            "status": "all" if raw.get("status") == "all" else "reviewed"}


def map_svg(request: Request, which: str, raw: dict[str, str]) -> str:
    """A world map (server-side SVG via isd.analyze.charts + vl-convert), cached until the store changes."""
    import threading

    state = request.app.state
    if not hasattr(state, "map_cache"):
        state.map_cache, state.map_lock = {}, threading.Lock()
    key = (which, tuple(sorted((k, v) for k, v in raw.items() if k != "page")), _generation(state.store))
    with state.map_lock:
        hit = state.map_cache.get(key)
        if hit is None:
            import isd.analyze as ia
            import vl_convert as vlc
            from isd.analyze.charts import chart_choropleth, setup_fonts

            name, title = MAPS[which]
            df = ia.run(name, state.store, **_analysis_kwargs(raw))
            region_iso = set(region_countries(request, raw.get("region", "")))
            if region_iso:
                df = _region_filter(df, region_iso, raw["region"])
            setup_fonts()
            hit = vlc.vegalite_to_svg(chart_choropleth(df, "total", title, which))
            if len(state.map_cache) > 32:
                state.map_cache.clear()
            state.map_cache[key] = hit
    return hit


def _region_filter(df: Any, iso: set[str], region: str) -> Any:
    for col in ("country_iso3", "party", "country", "iso3"):
        if col in df.columns:
            return df[df[col].isin(iso)]
    if "region" in df.columns:
        return df[df["region"] == region]
    return df


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.3g}" if v == v else ""
    if isinstance(v, (list, tuple)):
        return ", ".join(map(str, v))
    return "" if v is None else str(v)


def evidence_rows(store: Any, rec: Any) -> dict[str, list[dict[str, Any]]]:
    """For each variable: its evidence entries with the highlighted source words."""
    from isd.review.variables import variables

    docs: dict[str, Any] = {}
    srcs = store.get_many("source", sorted({e.source_id for e in rec.evidence if e.source_id}))
    out: dict[str, list[dict[str, Any]]] = {}
    for v in variables(rec.kind):
        rows = []
        for i, e in enumerate(rec.evidence):
            if not field_matches(e.field, v.name) or (e.field == "*" and v.name != variables(rec.kind)[0].name):
                continue
            row: dict[str, Any] = {"e": e, "index": i, "snippet": None, "problem": None}
            if e.source_id:
                if e.source_id not in docs:
                    src = srcs.get(e.source_id)
                    docs[e.source_id] = document_for(store, src) if src else None
                doc = docs[e.source_id]
                text = (doc or {}).get("text") or ""
                span = locate(text, e.start, e.end, e.text) if text else None
                if span:
                    row["snippet"] = snippet(text, span[0], span[1], e.field)
                elif e.start is not None or e.text:
                    row["problem"] = "no stored text" if not text else "the span does not match the stored text"
            rows.append(row)
        out[v.name] = rows
    return out


def register(app: FastAPI) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(request: Request):
        _, raw = filters_from(request)
        store = request.app.state.store
        from urllib.parse import urlencode

        query = urlencode({k: v for k, v in raw.items() if v and k != "page"})
        return page(request, "dashboard.html", {"raw": raw, "counts": status_counts(store), "query": query,
                                                "maps": MAPS, "analyses": _dashboard_data(request, raw),
                                                "regions": regions(request), "agencies": AGENCIES})

    def record_list(request: Request, plural: str):
        if plural not in PLURAL:
            raise HTTPException(404, f"no list {plural!r}; lists: {', '.join(PLURAL)}")
        kind = PLURAL[plural]
        store = request.app.state.store
        f, raw = filters_from(request)
        ids, total = list_ids(store, kind, f)
        rows = list_rows(store, kind, ids)
        pg = f.offset // f.limit + 1
        return page(request, "list.html", {"plural": plural, "kind": kind, "rows": rows, "total": total, "raw": raw,
                                           "page": pg, "pages": max(1, (total + f.limit - 1) // f.limit),
                                           "regions": regions(request), "agencies": AGENCIES})

    @app.get("/dashboard/map/{which}.svg", include_in_schema=False)
    def dashboard_map(request: Request, which: str):
        from fastapi.responses import Response

        if which not in MAPS:
            raise HTTPException(404, f"no map {which!r}")
        _, raw = filters_from(request)
        try:
            svg = map_svg(request, which, raw)
        except Exception as exc:  # maps need the analysis stage and Natural Earth shapes
            raise HTTPException(503, f"map unavailable: {type(exc).__name__}: {exc}") from None
        # an SVG shown through <img> never runs script; its own inline styles are allowed
        return Response(svg, media_type="image/svg+xml", headers={
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
            "Cache-Control": "private, max-age=60"})

    def _lister(plural: str) -> Any:
        def _list(request: Request) -> Any:
            return record_list(request, plural)
        return _list

    for name in PLURAL:
        app.add_api_route(f"/{name}", _lister(name), methods=["GET"], response_class=HTMLResponse,
                          include_in_schema=False)

    @app.get("/records/{kind}/{record_id}", response_class=HTMLResponse, include_in_schema=False)
    def record_page(request: Request, kind: str, record_id: str):
        from isd.review.variables import REVIEW_KINDS, display, record_values, variables
        from isd.review.workflow import neighbours

        if kind == "source":
            return source_page(request, record_id)
        if kind not in REVIEW_KINDS:
            raise HTTPException(404, f"unknown record kind {kind!r}")
        store = request.app.state.store
        rec = store.get(kind, record_id)
        if rec is None:
            raise HTTPException(404, f"no {kind} with id {record_id!r}")
        vals = record_values(rec)
        srcs = store.get_many("source", rec.sources)
        sources = [{"s": srcs.get(s), "id": s, "url": safe_url(srcs[s].url) if s in srcs else None,
                    "archive": safe_url(srcs[s].archive_url) if s in srcs else None} for s in rec.sources]
        prev_id, next_id = neighbours(store, kind, record_id)
        user = request.state.user
        history = store.audit(kind, record_id, limit=50) if user and user.can("reviewer") else []
        return page(request, "record.html", {
            "rec": rec, "kind": kind, "vars": variables(kind), "vals": vals, "display": display,
            "evidence": evidence_rows(store, rec), "sources": sources, "prev_id": prev_id, "next_id": next_id,
            "history": history, "plural": {v: k for k, v in PLURAL.items()}[kind]})

    @app.get("/sources/{source_id}", response_class=HTMLResponse, include_in_schema=False)
    def source_page(request: Request, source_id: str, record: str = ""):
        store = request.app.state.store
        src = store.get("source", source_id)
        if src is None:
            raise HTTPException(404, f"no source with id {source_id!r}")
        doc = document_for(store, src)
        text = (doc or {}).get("text") or ""
        citing = records_citing(store, source_id)
        spans: list[Span] = []
        focus = None
        if record and ":" in record:
            kind, rid = record.split(":", 1)
            if (kind, rid) in citing:
                focus = store.get(kind, rid)
        for kind, rid in ([(focus.kind, focus.id)] if focus else citing):
            rec = focus or store.get(kind, rid)
            for e in rec.evidence:
                if e.source_id == source_id and text:
                    span = locate(text, e.start, e.end, e.text)
                    if span:
                        spans.append(Span(span[0], span[1], f"{rid}: {e.field}"))
        return page(request, "source.html", {"src": src, "doc": doc, "body": highlight(text, spans) if text else None,
                                             "url": safe_url(src.url), "archive": safe_url(src.archive_url),
                                             "citing": citing, "focus": focus, "marks": len(spans)})
