import json
import shutil

import sqlalchemy as sa
from typer.testing import CliRunner

from isd.cli import app, build_app

runner = CliRunner()


def invoke(args, tmp_path):
    build_app()
    return runner.invoke(app, ["--home", str(tmp_path / "home"), *args], catch_exceptions=False)


def test_extract_jsonl_and_bad_file_does_not_stop_batch(fixtures, tmp_path):
    folder = tmp_path / "docs"
    shutil.copytree(fixtures, folder)
    (folder / "zz_binary.txt").write_bytes(bytes(range(256)) * 50)
    res = invoke(["extract", str(folder), "--format", "jsonl"], tmp_path)
    assert res.exit_code == 1
    assert "zz_binary.txt" in res.stderr.replace("\n", "")
    lines = [json.loads(l) for l in res.stdout.splitlines() if l.strip()]
    assert len(lines) == len(list(fixtures.iterdir()))
    by_name = {l["document"]["path"].split("/")[-1]: l for l in lines}
    assert len(by_name["en_multi_gpscfl2023.txt"]["events"]) == 3
    assert by_name["neg_pla_golden_dragon_2024.txt"]["events"] == []
    assert len(by_name["en_video_us_dhs_2024.txt"]["document"]["sha256"]) == 64


def test_table_format(fixtures, tmp_path):
    res = invoke(["extract", str(fixtures / "zh_phone_zhao_2021.txt"), "--format", "table"], tmp_path)
    assert res.exit_code == 0, res.output
    assert "ARE" in res.stdout and "KAZ" in res.stdout


def test_to_store_is_idempotent(fixtures, tmp_path):
    from isd.context import Context, Settings

    res1 = invoke(["extract", str(fixtures), "--to-store", "--format", "json"], tmp_path)
    assert res1.exit_code == 0, res1.output
    assert "created" in res1.stderr
    c = Context(Settings(home=tmp_path / "home"))
    store = c.store
    n_events, n_agreements = store.count("event"), store.count("agreement")
    assert n_events >= 7 and n_agreements >= 1
    ev = store.list("event")[0]
    assert ev.review_status == "candidate"
    assert ev.evidence and all(e.coder.startswith("isd-extract/") and e.rule for e in ev.evidence)
    ag = store.list("agreement")[0]
    assert ag.event_id and ag.id in store.get("event", ag.event_id).agreements
    assert store.count("training") == 1
    res2 = invoke(["extract", str(fixtures), "--to-store", "--format", "json"], tmp_path)
    assert res2.exit_code == 0
    assert "0 created, 0 updated" in res2.stderr
    assert store.count("event") == n_events and store.count("agreement") == n_agreements
    c.close()


def test_from_store_new_documents(fixtures, tmp_path):
    from isd.context import Context, Settings

    c = Context(Settings(home=tmp_path / "home"))
    store = c.store
    docs = store.table("documents")
    text = (fixtures / "en_video_us_dhs_2024.txt").read_text("utf-8")
    with store.transaction() as conn:
        conn.execute(docs.insert().values(id="doc_1", url="http://example.org/a", text=text, language="en",
                                          sha256="a" * 64, title="t"))
        conn.execute(docs.insert().values(id="doc_2", url=None, text="nothing to see", language="en", sha256="b" * 64))
    res = invoke(["extract", "--from-store", "--new", "--format", "json"], tmp_path)
    assert res.exit_code == 0, res.output
    assert store.count("event") == 1
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(docs.c.id, docs.c.extracted_at, docs.c.extractor_version)).all()
    assert all(r.extracted_at is not None and r.extractor_version for r in rows)
    ev = store.list("event")[0]
    src = store.get("source", ev.sources[0])
    assert src.url == "http://example.org/a" and src.document_id == "doc_1"
    res = invoke(["extract", "--from-store", "--new", "--format", "json"], tmp_path)
    assert json.loads(res.stdout) == []  # nothing new
    c.close()


def test_eval_command(tmp_path, fixtures):
    gold = tmp_path / "gold.jsonl"
    doc = fixtures / "en_video_us_dhs_2024.txt"
    ev = {"date": "2024-01-10", "event_type": "bilateral_meeting", "multilateral_context": None, "mode": "video",
          "location": {"city": "Beijing", "country_iso3": "CHN"},
          "chinese_side": [{"name_en": "Wang Xiaohong", "agency": "MPS", "rank": "minister"}],
          "counterparts": [{"country_iso3": "USA", "organization": None, "agency_type": "public_security",
                            "rank_level": "ministerial"}], "topics": ["counterdrug"], "agreements": []}
    gold.write_text(json.dumps({"document": {"path": str(doc)}, "events": [ev]}) + "\n")
    res = invoke(["eval", str(gold), "--docs", "/", "--json"], tmp_path)
    assert res.exit_code == 0, res.output
    fields = {r["field"]: r for r in json.loads(res.stdout)["fields"]}
    assert fields["event"]["f1"] == 1.0 and fields["mode"]["f1"] == 1.0


def test_eval_with_prediction_file(tmp_path):
    ev = {"date": "2024-01-10", "event_type": "bilateral_meeting", "mode": "video",
          "chinese_side": [{"name_en": "Wang Xiaohong"}], "counterparts": [{"country_iso3": "USA"}], "topics": ["counterdrug"]}
    gold = tmp_path / "g.jsonl"
    pred = tmp_path / "p.jsonl"
    gold.write_text(json.dumps({"document": {"path": "docs/a.txt"}, "events": [ev]}) + "\n")
    pred.write_text(json.dumps({"document": {"path": "a.txt"}, "events": [dict(ev, mode="phone")]}) + "\n")
    res = invoke(["eval", str(gold), str(pred), "--json"], tmp_path)
    fields = {r["field"]: r for r in json.loads(res.stdout)["fields"]}
    assert fields["event"]["f1"] == 1.0 and fields["mode"]["f1"] == 0.0
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    res = invoke(["eval", str(bad), str(pred)], tmp_path)
    err = res.stderr.replace("\n", "")
    assert res.exit_code == 1 and "bad.jsonl, " in err and "not valid JSON" in err


def test_extract_from_store_function(ctx, fixtures):
    """The entry point isd demo / isd watch call."""
    from isd.extract.store import extract_from_store

    docs = ctx.store.table("documents")
    text = (fixtures / "zh_phone_zhao_2021.txt").read_text("utf-8")
    with ctx.store.transaction() as conn:
        conn.execute(docs.insert().values(id="doc_z", url="http://example.org/z", text=text, language="zh", sha256="c" * 64))
    first = extract_from_store(ctx, only_new=True)
    assert first["documents"] == 1 and first["events"] == 2 and first["created"] >= 3 and not first["errors"]
    again = extract_from_store(ctx, only_new=True)
    assert again["documents"] == 0
    redo = extract_from_store(ctx, only_new=False)  # re-extracting changes nothing
    assert redo["documents"] == 1 and redo["created"] == 0 and redo["updated"] == 0
