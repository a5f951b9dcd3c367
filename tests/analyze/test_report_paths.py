"""The report's faster paths (issue: full report at 1M interactions in under 10 s): two DuckDB
connections on one dataset, the chart cache, and a report that is the same every time."""

from __future__ import annotations

from analyze_handdata import agreements, events, trainings

import isd.analyze as ia
from isd.analyze.output import ids_array
from isd.analyze.registry import load_all


def _same(a, b) -> bool:
    if list(a.columns) != list(b.columns) or len(a) != len(b):
        return False
    rest_a, rest_b = a.drop(columns="record_ids"), b.drop(columns="record_ids")
    return (rest_a.astype(object).where(rest_a.notna(), None).values.tolist()
            == rest_b.astype(object).where(rest_b.notna(), None).values.tolist()
            and ids_array(a.record_ids).to_pylist() == ids_array(b.record_ids).to_pylist())


def test_fork_runs_every_analysis_like_the_original_connection(ds):
    """A second connection (Dataset.fork) sees the same tables and views and gives the same
    results, also for coverage, which creates its own temporary tables on its connection."""
    side = ds.fork()
    try:
        for name, a in load_all().items():
            assert _same(a.impl(side), a.impl(ds)), name
        assert side.con is not ds.con
    finally:
        side.close()
    assert len(ia.coverage(ds)) > 0  # the original connection still works after the fork is closed


def test_shared_query_results_on_the_report_path(ds):
    """With lazy_ids a repeated query is answered from the results kept for the run, also on a
    fork (most_engaged_countries after interactions_by_country); the answer is the same."""
    ds.lazy_ids = True
    side = ds.fork()
    try:
        first = ia.interactions_by_country.__wrapped__(ds)
        assert ds._results and side._results is ds._results
        again = ia.most_engaged_countries.__wrapped__(side, n=100)
        side.con.execute("SELECT count(*) FROM agr").fetchone()  # an unfinished result on that connection
        assert _same(again.drop(columns="rank"), first)
        assert _same(ia.interactions_by_country.__wrapped__(side), first)  # no error after fetchone
    finally:
        side.close()
        ds.lazy_ids = False
        ds._results.clear()


def test_chart_cache_copies_the_same_files(tmp_path):
    """render(cache_dir=…) keeps the SVG and PNG by spec and copies them when the same chart is
    drawn again; a different chart is rendered."""
    from isd.analyze.charts import render

    spec = {"data": {"values": [{"k": "a", "n": 3}, {"k": "b", "n": 5}]}, "mark": "bar",
            "encoding": {"x": {"field": "k", "type": "nominal"}, "y": {"field": "n", "type": "quantitative"}}}
    cache = tmp_path / "cache"
    plain = render(spec, tmp_path / "plain", "c")
    first = render(spec, tmp_path / "one", "c", cache_dir=cache)
    assert first["png"].read_bytes() == plain["png"].read_bytes()
    assert first["svg"].read_text(encoding="utf-8") == plain["svg"].read_text(encoding="utf-8")
    cached = list(cache.glob("*.png"))
    assert len(cached) == 1 and len(list(cache.glob("*.svg"))) == 1
    cached[0].write_bytes(b"from the cache")  # so a copy from the cache can be told apart
    second = render(spec, tmp_path / "two", "c", cache_dir=cache)
    assert second["png"].read_bytes() == b"from the cache"
    other = dict(spec, mark="point")
    third = render(other, tmp_path / "three", "c", cache_dir=cache)
    assert third["png"].read_bytes()[:4] == b"\x89PNG" and len(list(cache.glob("*.png"))) == 2


def test_report_twice_gives_the_same_files(ctx, tmp_path):
    """Every CSV, figure and the records list are identical from one run to the next (the
    second run copies its charts from the cache); an event's parties keep the coded order."""
    from isd.analyze.report import build_report

    ctx.store.put_many([*agreements(), *events(), *trainings()], user="t")
    build_report(ctx, tmp_path / "a", pdf=False)
    assert list((ctx.settings.home / "cache" / "charts").glob("*.png"))
    build_report(ctx, tmp_path / "b", pdf=False)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*")
                   if p.is_file() and p.suffix in (".csv", ".svg", ".png"))
    assert len(files) > 40
    for f in files:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f
    records = (tmp_path / "a" / "records.csv").read_text(encoding="utf-8")
    assert '"E2","event",2023-05-10,"multilateral_meeting","KAZ, UZB, RUS, sco"' in records
    timings = (tmp_path / "b" / "timings.txt").read_text(encoding="utf-8")
    assert all(k in timings for k in ("load", "analyses", "records", "html", "total"))
