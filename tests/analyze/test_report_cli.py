"""The report, the CLI and the real codebook (officials' tenures, regions)."""

from __future__ import annotations

import datetime as dt
import json

from analyze_handdata import agreements, events, trainings
from typer.testing import CliRunner

import isd.analyze as ia
from isd.analyze.data import Reference
from isd.model import Agreement, Party, Signatory


def test_rank_on_date_and_regions_from_the_real_codebook(ctx):
    recs = [
        Agreement(id="W1", date=dt.date(2020, 3, 1), parties=[Party(country_iso3="LAO")], review_status="coded",
                  chinese_signatory=Signatory(name="王小洪", rank="minister")),  # EVM on that date
        Agreement(id="W2", date=dt.date(2023, 3, 1), parties=[Party(country_iso3="LAO")], review_status="coded",
                  chinese_signatory=Signatory(name="Wang Xiaohong")),  # minister on that date
        Agreement(id="W3", date=dt.date(2024, 3, 1), parties=[Party(organization="sco_rats")], format="multilateral",
                  review_status="coded"),
    ]
    ctx.store.put_many(recs, user="t")
    r = {x["rank"]: x["record_ids"] for x in ia.signatory_rank(ctx).to_dict(orient="records")}
    assert r["executive_vice_minister"] == ["W1"] and r["minister"] == ["W2"]
    assert r["ministerial_level"] == ["W1", "W2"]
    reg = ia.agreements_by_region(ctx)
    assert reg.iloc[0]["region"] == "southeast_asia" and reg.iloc[0]["agreements"] == 2
    m = ia.multilateral_by_org(ctx)
    assert m.iloc[0]["organization"] == "sco"  # RATS counted under its parent
    assert ia.multilateral_by_org(ctx, by_parent=False).iloc[0]["organization"] == "sco_rats"
    y = ia.agreements_by_year(ctx)
    assert list(y.new_partner) == [1, 0, 0] and list(y.repeat_partner) == [0, 1, 0]
    ref = Reference.from_codebook(ctx.codebook)
    assert ref.region_of("VNM") == "southeast_asia" and ref.codebook_version == ctx.codebook.version


def test_report_builds_html_csv_svg_png(ctx, tmp_path):
    from isd.analyze.report import build_report

    ctx.store.put_many([*agreements(), *events(), *trainings()], user="t")
    out = tmp_path / "rep"
    path = build_report(ctx, out, pdf=False)
    html = path.read_text(encoding="utf-8")
    assert path == out / "report.html"
    assert "id='rec-A01'" in html and 'href="#rec-A01"' in html  # numbers link to their records
    assert "<svg" in html and "Methods" in html and f"codebook version <b>{ctx.codebook.version}</b>" in html
    assert "coded, double_coded, adjudicated" in html
    tp = (out / "tables" / "top_partners.csv").read_text(encoding="utf-8")
    assert tp.splitlines()[1].startswith('1,"VNM",') and "record_ids" not in tp  # ids are in the companion CSV
    ids = (out / "tables" / "top_partners_records.csv").read_text(encoding="utf-8").splitlines()
    assert ids[0] == '"row","record_id"' and ids[1:4] == ['1,"A01"', '1,"A02"', '1,"A12"']
    by_period = (out / "tables" / "interactions_by_period_records.csv").read_text(encoding="utf-8").splitlines()
    assert by_period[0] == '"row","period","record_id"'  # the row and its first column
    assert "tables/top_partners_records.csv" in html
    for name in ("agreements_map", "agreements_by_year", "topic_network", "interactions_map", "bilateral_by_region"):
        png = (out / "figures" / f"{name}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
        assert (out / "figures" / f"{name}.svg").read_text(encoding="utf-8").lstrip().startswith(("<svg", "<?xml"))
    records = (out / "records.csv").read_text(encoding="utf-8")
    assert "A09" not in records and "E6" not in records  # candidates are not in a reviewed report


def _cli(ctx, *args):
    from isd.cli import app, build_app

    build_app()
    return CliRunner().invoke(app, ["--home", str(ctx.settings.home), *args])


def test_cli_analyze(ctx):
    ctx.store.put_many([*agreements(), *events(), *trainings()], user="t")
    ctx.close()
    res = _cli(ctx, "analyze", "--list")
    assert res.exit_code == 0 and "top_partners" in res.stdout
    res = _cli(ctx, "analyze", "top_partners", "--format", "csv", "-o", "n=1")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[1].startswith("1,VNM,")
    res = _cli(ctx, "analyze", "interactions_by_agency", "--format", "json", "--from", "2024-01-01")
    data = {r["agency"]: r for r in json.loads(res.stdout)}
    assert data["all"]["events"] == 2
    res = _cli(ctx, "analyze", "agreements_by_year", "--status", "all", "--format", "json")
    assert any(r["year"] == 2024 for r in json.loads(res.stdout))
    bad = _cli(ctx, "analyze", "no_such_thing")
    assert bad.exit_code != 0 and "isd analyze --list" in bad.output
    bad = _cli(ctx, "analyze", "top_partners", "--from", "yesterday")
    assert bad.exit_code != 0 and "not an ISO date" in bad.output
    bad = _cli(ctx, "analyze", "top_partners", "-o", "x=1")
    assert bad.exit_code != 0 and "KEY one of" in bad.output


def test_snapshot_is_reused_until_the_store_changes(sqlite_store, tmp_path):
    from isd.analyze.data import load_frames, store_state

    sqlite_store.put_many([*agreements(), *events(), *trainings()], user="t")
    cache = tmp_path / "cache"
    first = load_frames(sqlite_store, cache)
    key = store_state(sqlite_store)
    assert (cache / f"snapshot-{key}" / "complete").exists()
    again = load_frames(sqlite_store, cache)
    assert again["agreements"].equals(first["agreements"])
    # an edit (same row count) changes the key through the audit log, and the new data is read
    a01 = sqlite_store.get("agreement", "A01")
    sqlite_store.put(a01.model_copy(update={"format": "multilateral"}), user="t")
    assert store_state(sqlite_store) != key
    fresh = load_frames(sqlite_store, cache)
    fmt = dict(zip(fresh["agreements"].column("id").to_pylist(), fresh["agreements"].column("format").to_pylist()))
    assert fmt["A01"] == "multilateral"
    assert [p.name for p in cache.iterdir()] == [f"snapshot-{store_state(sqlite_store)}"]  # old snapshot removed


def test_documents_signed_on_a_partys_first_date_are_all_new(sqlite_store):
    day = dt.date(2006, 11, 20)
    recs = [Agreement(id=f"U{i}", date=day, parties=[Party(country_iso3="USA")], review_status="coded")
            for i in range(5)]
    recs.append(Agreement(id="U9", date=dt.date(2011, 5, 1), parties=[Party(country_iso3="USA")],
                          review_status="coded"))
    sqlite_store.put_many(recs, user="t")
    from analyze_handdata import reference

    y = {r["year"]: r for r in ia.agreements_by_year(sqlite_store, ref=reference()).to_dict(orient="records")}
    assert (y[2006]["new_partner"], y[2006]["repeat_partner"]) == (5, 0)
    assert (y[2011]["new_partner"], y[2011]["repeat_partner"]) == (0, 1)
