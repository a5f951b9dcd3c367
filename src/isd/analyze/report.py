"""``isd report``: one self-contained HTML report of every analysis, plus CSVs, SVGs, PNGs.

Layout of the output directory::

    report.html            charts inline (SVG), tables, methods, record appendix
    report.pdf             when Chromium is installed (headless --print-to-pdf)
    tables/<name>.csv      every analysis (its table)
    tables/<name>_records.csv  the records behind each row: row, key columns, record_id
    figures/<name>.svg|png every chart
    records.csv            every record the report counts (id, kind, date, parties, title)

Traceability: every table row lists the ids of its records; in the HTML each id links to
its entry in the appendix (``#rec-<id>``).  Very large stores cap the links shown per cell
and the appendix length; the ``_records.csv`` files always hold every id.  The analyses run
with ``Dataset.lazy_ids`` (ids kept as Arrow lists, never turned into Python objects).

Speed (1M interactions, 2 cores: see ``benchmarks/analyze.py``): the analyses run in two
lanes on two DuckDB connections to the same data (``Dataset.fork``); charts are built and
rendered on worker threads as soon as their analysis returns, and kept in
``<ISD_HOME>/cache/charts`` by spec (an unchanged chart is copied, byte-identical); each
table's CSVs are written by another thread.  ``timings.txt`` gives the stages' seconds.
"""

from __future__ import annotations

import collections
import datetime as dt
import html
import math
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import pyarrow as pa

    from isd.analyze.data import Dataset
    from isd.context import Context

MAX_TABLE_ROWS = 150
MAX_LINKS = 12
MAX_APPENDIX = 4000
CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")

# (section, analysis, caption) in report order
SECTIONS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Agreements (cf. Carnegie 2026, seed 003)", [
        ("agreements_by_year", "Bilateral agreements per year, new vs repeat partners (Figure 3)"),
        ("agreements_by_country", "Agreements by country (Figure 1)"),
        ("agreements_vs_training", "Agreements vs police training by country (Figure 2)"),
        ("top_partners", "Countries with the most bilateral agreements (Table 1)"),
        ("agreements_by_region", "Bilateral agreements by region"),
        ("top_topics_by_region", "Top three topics by region (Figure 6)"),
        ("topic_counts", "Topics: counts and shares; multi-topic, single-topic, generic"),
        ("topic_cooccurrence", "Topic network (Figure 4)"),
        ("topics_by_year", "Topics over time (Figure 5)"),
        ("signatory_rank", "Chinese signatories by rank on the signing date"),
        ("signatory_by_minister", "Agreements by Chinese signatory"),
        ("counterpart_agency", "Counterpart agency types"),
        ("seniority_pairs", "Seniority of both signatories"),
        ("multilateral_by_org", "Multilateral agreements by organization"),
        ("doc_types", "Document types"),
    ]),
    ("Security diplomacy (cf. Carnegie 2025, seed 002)", [
        ("interactions_by_period", "Interactions per year and agency (Figure 1)"),
        ("interactions_by_agency", "Interactions and events by agency"),
        ("interactions_by_country", "Interactions by country (Figures 2-3)"),
        ("bilateral_by_region", "Bilateral interactions by region (Figure 9)"),
        ("most_engaged_countries", "Most engaged countries (Table 2)"),
        ("engagements_by_official", "Countries engaged most often per official (Table 3)"),
        ("sideline_share", "Share of the year's interactions held around a mechanism (Figure 6)"),
        ("meeting_formats", "Bilateral meetings: standalone vs sideline"),
    ]),
    ("Coverage", [
        ("coverage", "The project's counts beside the figures the seed reports publish"),
    ]),
]


# the analyses that start the second lane (a second DuckDB connection, Dataset.fork, on its
# own thread): the longest one, so the chart inputs go first on the main lane
SIDE_FIRST = ("coverage",)
_RECORDS = object()  # the queue item "build the records list"

# the analyses the charts are drawn from (run first, so the charts render during the others)
CHART_INPUTS = frozenset({
    "agreements_by_country", "agreements_by_year", "agreements_vs_training", "bilateral_by_region",
    "interactions_by_country", "interactions_by_period", "sideline_share", "top_topics_by_region",
    "topic_cooccurrence", "topics_by_year"})


def _chart_builders(ref: Any) -> dict[str, tuple[str, Any]]:
    """analysis name -> (figure file name, function of the analysis frame returning its chart)."""
    from isd.analyze import charts as ch

    return {
        "agreements_by_country": ("agreements_map", lambda df: ch.chart_choropleth(
            df, "total", "Countries with security cooperation agreements with China", "agreements")),
        "agreements_vs_training": ("agreements_vs_training_map", lambda df: ch.chart_categories_map(
            df, "Bilateral agreements vs police training")),
        "agreements_by_year": ("agreements_by_year", lambda df: ch.chart_agreements_by_year(
            df, "Bilateral agreements per year: new and repeat partners")),
        "topic_cooccurrence": ("topic_network", lambda df: ch.chart_topic_network(
            df, ref.topic_labels, "Topics of bilateral agreements and how often they co-occur")),
        "topics_by_year": ("topics_by_year", lambda df: ch.chart_topics_by_year(
            df, ref.topic_labels, "Topics of bilateral agreements over time")),
        "top_topics_by_region": ("top_topics_by_region", lambda df: ch.chart_top_topics_by_region(
            df, ref.topic_labels, ref.region_labels, "Top three topics by region (bilateral)")),
        "interactions_by_period": ("interactions_by_year", lambda df: ch.chart_stacked_period(
            df, "Security diplomacy interactions per year, by Chinese agency")),
        "interactions_by_country": ("interactions_map", lambda df: ch.chart_choropleth(
            df, "total", "Security diplomacy interactions by country", "interactions")),
        "bilateral_by_region": ("bilateral_by_region", lambda df: ch.chart_hbar(
            df, "region", "bilateral", ref.region_labels, "Bilateral interactions by region", "bilateral interactions")),
        "sideline_share": ("sideline_share", lambda df: ch.chart_sideline_share(
            _top_contexts(df), "Share of each year's interactions held around a mechanism")),
    }


def _charts(results: dict[str, pd.DataFrame], ds: Dataset, warnings: list[str]) -> dict[str, tuple[str, Any]]:
    """analysis name -> (figure file name, Vega-Lite dict) for the analyses that have a figure."""
    from isd.analyze.geo import MapDataMissing

    out: dict[str, tuple[str, Any]] = {}
    for analysis, (name, build) in _chart_builders(ds.ref).items():
        if not len(results.get(analysis, [])):
            continue
        try:
            out[analysis] = (name, build(results[analysis]))
        except (ImportError, MapDataMissing) as exc:  # a missing map package loses the map, not the report
            warnings.append(f"figure {name} skipped: {exc}")
    return out


def _chart_job(fig_dir: Path, name: str, build: Any, df: pd.DataFrame,
               cache_dir: Path | None = None) -> tuple[str | None, float, str | None]:
    """Build and render one chart (on a worker thread): (SVG text or None, seconds, warning)."""
    from isd.analyze.charts import render
    from isd.analyze.geo import MapDataMissing

    t1 = time.perf_counter()
    try:
        chart = build(df)
    except (ImportError, MapDataMissing) as exc:  # a missing map package loses the map, not the report
        return None, time.perf_counter() - t1, f"figure {name} skipped: {exc}"
    svg = render(chart, fig_dir, name, cache_dir=cache_dir)["svg"].read_text(encoding="utf-8")
    return svg, time.perf_counter() - t1, None


def _warm_charts() -> bool:
    """Start the chart machinery while the store loads: fonts and the map shapes.
    Returns whether a CJK font is installed."""
    from isd.analyze.charts import setup_fonts

    cjk = setup_fonts()
    from contextlib import suppress

    from isd.analyze.geo import MapDataMissing, world_features

    with suppress(ImportError, MapDataMissing):  # reported (as a warning) when a map is drawn
        world_features()
    return cjk


def _top_contexts(df: pd.DataFrame, k: int = 6) -> pd.DataFrame:
    keep = df.groupby("context").interactions.sum().sort_values(ascending=False).head(k).index
    return df[df.context.isin(keep)]


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return html.escape(", ".join(map(str, value)))
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return html.escape(str(value))


def _ids_cell(ids: list, anchors: set[str], total: int | None = None, csv: str = "") -> str:
    ids = list(ids or [])
    total = len(ids) if total is None else total
    links = [f'<a href="#rec-{html.escape(str(i))}">{html.escape(str(i))}</a>' if i in anchors else html.escape(str(i))
             for i in ids[:MAX_LINKS]]
    where = f"<a href='{html.escape(csv)}'>CSV</a>" if csv else "CSV"
    more = f' <span class="more">… +{total - len(links)} (see {where})</span>' if total > len(links) else ""
    return f'<span class="n">{total}</span> ' + " ".join(links) + more


def _table_html(df: pd.DataFrame, anchors: set[str], counts: list[int] | None = None, csv: str = "",
                total_rows: int | None = None) -> str:
    """``counts``: the number of ids of each row when ``record_ids`` holds only the first ids."""
    cols = [c for c in df.columns if c != "record_ids"]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols) + ("<th>records</th>" if "record_ids" in df else "")
    rows = []
    for k, rec in enumerate(df.head(MAX_TABLE_ROWS).to_dict(orient="records")):
        cells = "".join(f"<td>{_cell(rec[c])}</td>" for c in cols)
        if "record_ids" in rec:
            n = counts[k] if counts is not None else None
            cells += f'<td class="ids">{_ids_cell(rec["record_ids"], anchors, n, csv)}</td>'
        rows.append(f"<tr>{cells}</tr>")
    n_rows = len(df) if total_rows is None else total_rows
    note = f"<p class='note'>First {MAX_TABLE_ROWS} of {n_rows} rows; the CSV has all.</p>" if n_rows > MAX_TABLE_ROWS else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{note}"


def _records(ds: Dataset) -> pa.Table:
    """Every record the report counts, as an Arrow table (written to records.csv by Arrow),
    ordered by kind (agreement, event, training) then id.  Parties are listed in the order
    coded, aggregated per record before the join; an event's come from ``inter`` (one row per
    party, so no DISTINCT: that listed them in hash order, which changed from run to run).
    Each kind is one query sorted by id, the three put end to end (cheaper than sorting
    their union by kind and id); an event's parties are sorted as a list of (position, party)
    (positions are distinct within an event), cheaper than an ordered ``string_agg``; events
    are grouped, joined and sorted by their number ``ev_k`` (the id order), not the id text."""
    import pyarrow as pa

    parts = [ds.arrow("""
        WITH ap AS (SELECT agreement_id, string_agg(COALESCE(country_iso3, organization), ', ' ORDER BY position) AS parties
                    FROM raw_agreement_parties GROUP BY agreement_id)
        SELECT a.id, 'agreement' AS kind, CAST(a.date AS DATE) AS date, a.format AS type, ap.parties,
               COALESCE(a.title_en, a.title_zh, '') AS title, a.review_status
        FROM agr a LEFT JOIN ap ON ap.agreement_id = a.id ORDER BY a.id"""), ds.arrow("""
        WITH ep AS (SELECT ev_k, array_to_string(list_transform(list_sort(list(struct_pack(p := position, party := party))),
                                                                lambda x: x.party), ', ') AS parties
                    FROM inter GROUP BY ev_k)
        SELECT e.id, 'event' AS kind, CAST(e.date AS DATE) AS date, e.event_type AS type, ep.parties,
               COALESCE(e.multilateral_context, '') AS title, e.review_status
        FROM ev e LEFT JOIN ep ON ep.ev_k = e.ev_k ORDER BY e.ev_k"""), ds.arrow("""
        SELECT t.id, 'training' AS kind, CAST(t.date AS DATE) AS date, 'training' AS type,
               string_agg(r.iso3, ', ') AS parties, '' AS title, t.review_status
        FROM tr t LEFT JOIN tr_recipient r ON r.id = t.id GROUP BY ALL ORDER BY t.id""")]
    schema = parts[0].schema
    return pa.concat_tables([p.cast(schema) for p in parts])


def _status_counts(ds: Dataset) -> pd.DataFrame:
    return ds.sql("""
        SELECT 'agreement' AS kind, review_status, count(*) AS records FROM raw_agreements GROUP BY ALL
        UNION ALL SELECT 'event', review_status, count(*) FROM raw_events GROUP BY ALL
        UNION ALL SELECT 'training', review_status, count(*) FROM raw_trainings GROUP BY ALL
        ORDER BY kind, review_status""")


def build_report(ctx: Context, out_dir: Path | None = None, *, status: str = "reviewed", pdf: bool = True,
                 dataset: Dataset | None = None) -> Path:
    """Build the report into ``out_dir`` (default ``<ISD_HOME>/reports/<timestamp>``); returns the HTML path."""
    from concurrent.futures import ThreadPoolExecutor

    from isd.analyze.data import Dataset, Filters
    from isd.analyze.registry import load_all

    t0 = time.perf_counter()
    registry = load_all()
    out = Path(out_dir) if out_dir else ctx.settings.reports_dir / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    (out / "tables").mkdir(parents=True, exist_ok=True)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    console = ctx.console
    charts_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="isd-chart")
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="isd-csv")
    lane_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="isd-side")
    warm = charts_pool.submit(_warm_charts)  # fonts, map shapes: while the store loads
    try:
        ds = dataset or Dataset.from_store(ctx.store, codebook=ctx.codebook, filters=Filters(status=status),
                                           cache_dir=ctx.settings.home / "cache" / "analyze", threads=1)
    except BaseException:
        for pool in (charts_pool, writer, lane_pool):
            pool.shutdown(wait=False, cancel_futures=True)
        raise
    timings: dict[str, float] = {"load": time.perf_counter() - t0}

    # Stages overlap (2 cores): the chart machinery starts on a worker thread while the store
    # loads; the analyses that feed a chart run first and each chart is built and rendered on
    # a worker (vl-convert works in native code, outside the GIL) while this thread runs the
    # other analyses (DuckDB also leaves the GIL); each table's CSVs are written by a third
    # thread with Arrow's C++ writer as soon as the analysis returns.
    import pyarrow.csv as pacsv

    results: dict[str, pd.DataFrame] = {}
    order = [n for n in registry if n in CHART_INPUTS] + [n for n in registry if n not in CHART_INPUTS]
    fig_dir = out / "figures"
    table_dir = out / "tables"
    lazy_before = ds.lazy_ids
    ds.lazy_ids = True  # record ids stay Arrow lists: written to <name>_records.csv, never made Python lists
    builders = _chart_builders(ds.ref)
    chart_cache = ctx.settings.home / "cache" / "charts"  # rendered figures by spec: an unchanged chart is copied
    side = ds.fork()  # a second DuckDB connection: two lanes of analyses at once
    try:
        t = time.perf_counter()
        pending: dict[str, Any] = {}
        written: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        # Two lanes take the analyses from one queue (chart inputs first, the records list
        # last): the side lane starts with the longest analysis (coverage), this thread with
        # the chart inputs; whichever lane is free takes the next item.
        todo = collections.deque([n for n in order if n not in SIDE_FIRST] + [_RECORDS])
        lock = threading.Lock()

        def lane(d: Dataset, first: list[str]) -> float:
            """Run ``first`` then queue items on ``d``; returns the seconds spent on the records list."""
            took = 0.0
            while True:
                if first:
                    name = first.pop(0)
                else:
                    with lock:
                        if not todo:
                            return took
                        name = todo.popleft()
                if name is _RECORDS:
                    t1 = time.perf_counter()
                    extra["records"] = _records(d)
                    took = time.perf_counter() - t1
                    continue
                results[name] = registry[name].impl(d)
                written[name] = writer.submit(_write_table, name, results[name], table_dir)
                if name in builders and len(results[name]):
                    fname, build = builders[name]
                    pending[name] = charts_pool.submit(_chart_job, fig_dir, fname, build, results[name], chart_cache)

        side_done = lane_pool.submit(lane, side, [n for n in SIDE_FIRST if n in registry])
        main_records = lane(ds, [])
        timings["analyses"] = time.perf_counter() - t
        t = time.perf_counter()
        side_records = side_done.result()
        timings["side_wait"] = time.perf_counter() - t
        timings["records"] = main_records or side_records
        records = extra["records"]
        status_counts = _status_counts(ds)
        inter_total = int(ds.con.execute("SELECT count(*) FROM inter").fetchone()[0])
        results = {name: results[name] for name in registry}  # registry order
        records_written = writer.submit(pacsv.write_csv, records, out / "records.csv")
        shown = records.slice(0, MAX_APPENDIX).to_pandas()  # the appendix lists the first records
        per_kind = records.group_by("kind").aggregate([("id", "count")]).to_pydict()
        kinds = {str(k): int(v) for k, v in zip(per_kind["kind"], per_kind["id_count"])}
        t = time.perf_counter()
        tables: dict[str, pd.DataFrame] = {}
        id_counts: dict[str, list[int]] = {}
        for name in registry:
            view, counts = written[name].result()
            tables[name] = view
            if counts is not None:
                id_counts[name] = counts
        records_written.result()
        timings["csv_wait"] = time.perf_counter() - t
        t = time.perf_counter()
        cjk = warm.result()
        svgs: dict[str, str] = {}
        for a, fut in pending.items():
            svg, took, warning = fut.result()
            if warning:
                console.print(f"[yellow]warning:[/] {warning}")
                continue
            svgs[a] = svg
            timings[f"chart:{builders[a][0]}"] = took
        timings["charts_wait"] = time.perf_counter() - t
    finally:
        ds.lazy_ids = lazy_before
        ds._results.clear()  # the query results kept for this run
        lane_pool.shutdown(wait=True)
        side.close()
        charts_pool.shutdown(wait=True)
        writer.shutdown(wait=True)

    t = time.perf_counter()
    html_path = out / "report.html"
    page = _html(ds, tables, id_counts, svgs, (shown, kinds, records.num_rows), status_counts, registry, cjk,
                 inter_total)
    html_path.write_text(page, encoding="utf-8")
    timings["html"] = time.perf_counter() - t
    if pdf:
        t = time.perf_counter()
        made = _pdf(html_path)
        timings["pdf"] = time.perf_counter() - t
        if not made:
            console.print("[yellow]PDF skipped:[/] no Chromium found (install the Debian package chromium)")
    timings["total"] = time.perf_counter() - t0
    (out / "timings.txt").write_text("".join(f"{k}\t{v:.2f}\n" for k, v in timings.items()), encoding="utf-8")
    if dataset is None:
        ds.close()
    return html_path


def _write_table(name: str, df: pd.DataFrame, table_dir: Path) -> tuple[pd.DataFrame, list[int] | None]:
    """Write ``<name>.csv`` (the table) and ``<name>_records.csv`` (row, key columns, record_id:
    one line per record behind each row).  Returns the table for the HTML, its ``record_ids``
    column replaced by the first ``MAX_LINKS`` ids of each of the first ``MAX_TABLE_ROWS`` rows,
    and the number of ids of each of those rows (None when the table has no ids)."""
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    from isd.analyze.output import ids_array, split_ids, to_csv_frame

    table_dir.mkdir(parents=True, exist_ok=True)
    table, long = split_ids(df)
    _write_csv(to_csv_frame(table), table_dir / f"{name}.csv")
    if long is None:
        table.attrs["rows"] = len(table)
        return table, None
    pacsv.write_csv(long, table_dir / f"{name}_records.csv")
    head = ids_array(df["record_ids"].iloc[:MAX_TABLE_ROWS])
    counts = pc.list_value_length(head).to_pylist()
    view = table.head(MAX_TABLE_ROWS).copy()
    view["record_ids"] = pc.list_slice(head, 0, MAX_LINKS).to_pylist()
    view.attrs["rows"] = len(table)
    return view, counts


def _write_tables(results: dict[str, pd.DataFrame], table_dir: Path) -> tuple[dict[str, pd.DataFrame], dict]:
    """:func:`_write_table` for every analysis: the tables for the HTML, and per analysis
    with ids the number of ids of each shown row."""
    shown: dict[str, pd.DataFrame] = {}
    counts: dict[str, list[int]] = {}
    for name, df in results.items():
        shown[name], n = _write_table(name, df, table_dir)
        if n is not None:
            counts[name] = n
    return shown, counts


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    """CSV through Arrow's C++ writer (several times faster than pandas on large tables)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    table = pa.Table.from_pandas(df, preserve_index=False)
    pacsv.write_csv(table, path)


def _pdf(html_path: Path) -> bool:
    exe = next((c for c in CHROMIUM if Path(c).exists()), None) or shutil.which("chromium")
    if not exe:
        return False
    pdf_path = html_path.with_suffix(".pdf")
    import tempfile

    with tempfile.TemporaryDirectory(prefix="isd-chromium-") as profile:
        # offline and quiet: no first-run, sync, component or background connections
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
               f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}", html_path.resolve().as_uri()]
        try:
            subprocess.run(cmd, check=True, timeout=120, capture_output=True)
        except (subprocess.SubprocessError, OSError):
            return False
    return pdf_path.exists()


CSS = """
body{font-family:'WenQuanYi Micro Hei','DejaVu Sans',sans-serif;max-width:1100px;margin:2em auto;color:#222;line-height:1.45}
h1{color:#1f4e79} h2{border-bottom:2px solid #1f4e79;padding-bottom:.2em;margin-top:2em} h3{margin-top:1.6em}
table{border-collapse:collapse;font-size:12px;margin:.5em 0;width:100%} th,td{border:1px solid #ccc;padding:3px 6px;
vertical-align:top;text-align:left} th{background:#eef3f8} td.ids{font-size:11px;max-width:360px} .n{font-weight:bold}
.more,.note{color:#777} figure{margin:1em 0} figure svg{max-width:100%;height:auto} .small{font-size:12px;color:#555}
.match{color:#2c7c5a} .below,.above{color:#b65708} nav a{margin-right:1em}
@media print{a{color:inherit;text-decoration:none} h2{page-break-before:always} figure{page-break-inside:avoid}}
"""


def _html(ds: Dataset, results: dict[str, pd.DataFrame], id_counts: dict[str, list[int]], svgs: dict[str, str],
          records: tuple[pd.DataFrame, dict[str, int], int], status_counts: pd.DataFrame, registry: dict,
          cjk: bool, inter_total: int | None = None) -> str:
    """``results``: the tables as :func:`_write_tables` returns them (first rows, first ids)."""
    shown, counts, n_records = records  # the first MAX_APPENDIX records, records per kind, all records
    anchors = set(shown.id)
    f = ds.filters
    if inter_total is None:
        inter_total = int(ds.con.execute("SELECT count(*) FROM inter").fetchone()[0])
    parts = [(f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>isd report</title><style>{CSS}</style></head><body>"),
             "<h1>China's internal security diplomacy: analyses</h1>",
             (f"<p class='small'>Generated {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} by isd from the project store; "
              f"codebook version {html.escape(ds.ref.codebook_version)}; {html.escape(f.describe())}.</p>"),
             "<nav>" + "".join(f"<a href='#sec-{i}'>{html.escape(title)}</a>" for i, (title, _) in enumerate(SECTIONS))
             + "<a href='#methods'>Methods</a><a href='#appendix'>Records</a></nav>",
             ("<h2 id='summary'>Summary</h2><ul>"
             f"<li>{counts.get('agreement', 0)} agreements counted ({'MPS-signed (headline)' if f.scope == 'mps' else 'broader set'}),"
             f" {counts.get('event', 0)} events giving {inter_total} interactions (event × foreign party),"
             f" {counts.get('training', 0)} trainings.</li></ul>")]
    for i, (title, items) in enumerate(SECTIONS):
        parts.append(f"<h2 id='sec-{i}'>{html.escape(title)}</h2>")
        for name, caption in items:
            df = results.get(name)
            if df is None:
                continue
            a = registry[name]
            parts.append(f"<h3 id='an-{name}'>{html.escape(caption)}</h3>")
            parts.append(f"<p class='small'>Analysis <code>{name}</code> ({html.escape(a.seed or '')}): "
                         f"{html.escape(a.doc.splitlines()[0] if a.doc else '')} "
                         f"<a href='tables/{name}.csv'>CSV</a>"
                         + (f", <a href='tables/{name}_records.csv'>records CSV</a>" if name in id_counts else "")
                         + "</p>")
            if name in svgs:
                parts.append(f"<figure>{_strip_xml(svgs[name])}</figure>")
            if df.empty:
                parts.append("<p class='note'>No records in scope.</p>")
            else:
                parts.append(_table_html(df, anchors, id_counts.get(name), f"tables/{name}_records.csv",
                                         total_rows=df.attrs.get("rows")))
    parts.append(_methods(ds, status_counts, cjk))
    parts.append("<h2 id='appendix'>Records behind the numbers</h2>")
    if n_records > MAX_APPENDIX:
        parts.append(f"<p class='note'>The first {MAX_APPENDIX} of {n_records} records are listed; "
                     "<a href='records.csv'>records.csv</a> lists all.</p>")
    parts.append(_appendix(shown))
    parts.append("</body></html>")
    return "\n".join(parts)


def _strip_xml(svg: str) -> str:
    return svg.split("?>", 1)[1] if svg.startswith("<?xml") else svg


def _appendix(df: pd.DataFrame) -> str:
    rows = [f"<tr id='rec-{html.escape(str(r.id))}'><td>{html.escape(str(r.id))}</td><td>{r.kind}</td><td>{_cell(r.date)}</td>"
            f"<td>{_cell(r.type)}</td><td>{_cell(r.parties)}</td><td>{_cell(r.title)}</td><td>{_cell(r.review_status)}</td></tr>"
            for r in df.itertuples()]
    return ("<table><thead><tr><th>id</th><th>kind</th><th>date</th><th>type</th><th>parties</th><th>title / context</th>"
            "<th>review</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _methods(ds: Dataset, status_counts: pd.DataFrame, cjk: bool) -> str:
    f = ds.filters
    statuses = ", ".join(f.statuses)
    sc = "".join(f"<tr><td>{r.kind}</td><td>{r.review_status}</td><td>{r.records}</td></tr>" for r in status_counts.itertuples())
    return f"""<h2 id='methods'>Methods</h2>
<p>Data: the isd store, coded under codebook version <b>{html.escape(ds.ref.codebook_version)}</b>. Records counted:
review status in ({html.escape(statuses)}){' — machine candidates are included, so numbers are provisional' if f.status == 'all' else ''};
rejected records are never counted. Filters: {html.escape(f.describe())}.</p>
<table><thead><tr><th>kind</th><th>review status</th><th>records in the store</th></tr></thead><tbody>{sc}</tbody></table>
<p>Counting rules (CODEBOOK §7):</p><ul>
<li>Headline agreement counts are agreements signed by the Ministry of Public Security; the broader set
(<code>--scope broader</code>) adds those signed by the MFA, provincial public security bodies and embassies.</li>
<li>Bilateral and multilateral agreements are counted separately; a multilateral agreement does not make the members of
the organization partners (only countries the agreement names are listed as covered).</li>
<li>New vs repeat partner is computed from the data: the first bilateral agreement with a party since 2006 (by date,
over all dates, whatever window is shown) is <i>new</i>, later ones are <i>repeat</i>; documents signed on the party's
first signing date are all new (one first signing).</li>
<li>The Chinese signatory's rank is the rank held on the signing date, from the codebook's tenures of officials when the
record names the official; minister and executive vice minister are ministerial level.</li>
<li>An interaction is one (event × foreign party); an event is one occasion. A sideline bilateral is an event of its own
and keeps its link to the multilateral context it was held around.</li>
<li>Topics come from titles, official descriptions and readouts; an agreement naming no area is <i>generic</i>.
Regions are the codebook's assignment of countries.</li></ul>
<p>Every table row lists the ids of the records behind it; ids link to the appendix, and each table's records CSV
(<code>tables/&lt;analysis&gt;_records.csv</code>: row, key, record_id) holds all ids.
Charts were drawn with Vega-Lite and rendered offline{'' if cjk else ' (no CJK font installed: Chinese labels may not render)'};
maps use Natural Earth boundaries (illustrative; no position on borders).</p>"""
