from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from isd.engines import LocalEngine, make_engine
from isd.engines.documents import read_output, resolve_fn

FN = "isd.engines.functions:fail_on_marker"


def test_local_in_process_and_pool_agree(docs_parquet, tmp_path):
    s1 = LocalEngine(workers=1, batch_size=32).map_documents(FN, docs_parquet, tmp_path / "one.parquet")
    s2 = LocalEngine(workers=2, batch_size=32).map_documents(FN, docs_parquet, tmp_path / "two.parquet")
    a, b = read_output(tmp_path / "one.parquet"), read_output(tmp_path / "two.parquet")
    assert a.equals(b)
    assert s1.documents == s2.documents == 600
    blanks = sum(1 for i in range(600) if i % 50 == 7)
    fails = sum(1 for i in range(600) if i % 97 == 13 and i % 50 != 7)
    assert s1.errors == fails and s1.rows == 600 - blanks - fails
    err = a[a.n < 0]
    assert len(err) == fails and err.error.str.contains("marker found").all()
    row = json.loads(a[a.doc_id == "doc00001"].record.iloc[0])
    assert row["script"] == "en" and row["agencies"] == ["MPS"] and row["url"] == "https://example.org/1"
    row = json.loads(a[a.doc_id == "doc00002"].record.iloc[0])
    assert row["script"] == "zh" and row["agencies"] == ["MPS"]


def test_output_is_replaced_atomically_and_no_tmp_left(docs_parquet, tmp_path):
    out = tmp_path / "o" / "out.parquet"
    LocalEngine(workers=1).map_documents(FN, docs_parquet, out)
    LocalEngine(workers=1).map_documents("isd.engines.functions:doc_profile", docs_parquet, out)
    assert [p.name for p in out.parent.iterdir()] == ["out.parquet"]
    assert read_output(out).error.isna().all()


def test_warc_input(warc_dir, tmp_path):
    s = LocalEngine(workers=2, batch_size=8).map_documents(FN, warc_dir, tmp_path / "w.parquet")
    df = read_output(tmp_path / "w.parquet")
    assert s.documents == 40
    rows = [json.loads(r) for r in df.record.dropna()]
    assert rows and all(r["url"].startswith("https://example.org/") for r in rows)
    assert {r["script"] for r in rows} == {"en", "zh"}


def test_bad_inputs_are_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.parquet"):
        LocalEngine(workers=1).map_documents(FN, tmp_path / "nope.parquet", tmp_path / "o.parquet")
    p = tmp_path / "bad.parquet"
    pd.DataFrame({"id": ["a"], "body": ["x"]}).to_parquet(p)
    with pytest.raises(ValueError, match="'text' column"):
        LocalEngine(workers=1).map_documents(FN, p, tmp_path / "o.parquet")
    with pytest.raises(ValueError, match="module:function"):
        resolve_fn("isd.engines.functions")
    with pytest.raises(ValueError, match="cannot be imported"):
        resolve_fn("isd.engines.functions:nope")
    with pytest.raises(ValueError, match="unknown engine"):
        make_engine("hadoop")


def test_cli_batch_extract_and_link(docs_parquet, tmp_path, codebook):
    from isd.cli import app, build_app
    from isd.link.synthetic import candidate_events

    build_app()
    out = tmp_path / "out.parquet"
    r = CliRunner().invoke(app, ["--home", str(tmp_path / "h"), "batch", "extract", "--engine", "local", "--workers", "2",
                                 "--fn", "isd.engines.functions:doc_profile", "--input", str(docs_parquet),
                                 "--output", str(out)])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout[r.stdout.index("{"):])["documents"] == 600
    cands = tmp_path / "cands.parquet"
    pd.DataFrame(list(candidate_events(800, seed=9, codebook=codebook))).to_parquet(cands)
    pairs = tmp_path / "pairs.parquet"
    r = CliRunner().invoke(app, ["--home", str(tmp_path / "h"), "batch", "link", "--input", str(cands),
                                 "--output", str(pairs)])
    assert r.exit_code == 0, r.output
    df = pd.read_parquet(pairs)
    assert {"unique_id_l", "unique_id_r", "match_probability", "same_cluster", "cluster_id"} <= set(df.columns)
    assert df.same_cluster.sum() > 100
    r = CliRunner().invoke(app, ["--home", str(tmp_path / "h"), "batch", "link", "--input", str(tmp_path / "none.parquet"),
                                 "--output", str(pairs)])
    assert r.exit_code != 0 and "none.parquet" in r.output.replace("\n", "")  # rich wraps long paths
