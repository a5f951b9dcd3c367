"""Local and Spark engines give identical output (Spark in local mode; one session)."""

from __future__ import annotations

import pandas as pd
import pytest

pytestmark = [pytest.mark.spark, pytest.mark.slow]

FN = "isd.engines.functions:fail_on_marker"


@pytest.fixture(scope="module")
def spark_engine():
    pytest.importorskip("pyspark")
    from isd.engines.spark import SparkEngine

    eng = SparkEngine(master="local[2]")
    yield eng
    eng.close()


def test_map_documents_parquet_identical(spark_engine, docs_parquet, tmp_path):
    from isd.engines import LocalEngine
    from isd.engines.documents import read_output

    sl = LocalEngine(workers=2).map_documents(FN, docs_parquet, tmp_path / "local.parquet")
    ss = spark_engine.map_documents(FN, docs_parquet, tmp_path / "spark.parquet")
    a, b = read_output(tmp_path / "local.parquet"), read_output(tmp_path / "spark.parquet")
    assert len(a) > 500
    pd.testing.assert_frame_equal(a, b)
    assert (sl.documents, sl.rows, sl.errors) == (ss.documents, ss.rows, ss.errors)


def test_map_documents_warc_identical(spark_engine, warc_dir, tmp_path):
    from isd.engines import LocalEngine
    from isd.engines.documents import read_output

    LocalEngine(workers=1).map_documents(FN, warc_dir, tmp_path / "local.parquet")
    spark_engine.map_documents(FN, warc_dir, tmp_path / "spark.parquet")
    a, b = read_output(tmp_path / "local.parquet"), read_output(tmp_path / "spark.parquet")
    assert len(a) == 39  # 40 documents, one blank (no row); the <<FAIL>> one gives an error row
    assert (a.n < 0).sum() == 1
    pd.testing.assert_frame_equal(a, b)


def test_batch_link_identical(spark_engine, tmp_path):
    from isd.codebook import load_codebook
    from isd.engines import LocalEngine
    from isd.link.synthetic import candidate_events

    cb = load_codebook()
    cands = tmp_path / "cands.parquet"
    pd.DataFrame(list(candidate_events(1500, seed=11, codebook=cb))).to_parquet(cands)
    LocalEngine(workers=2).link(cands, tmp_path / "local.parquet", codebook=cb)
    spark_engine.link(cands, tmp_path / "spark.parquet", codebook=cb)
    key = ["unique_id_l", "unique_id_r"]
    a = pd.read_parquet(tmp_path / "local.parquet").sort_values(key).reset_index(drop=True)
    b = pd.read_parquet(tmp_path / "spark.parquet").sort_values(key).reset_index(drop=True)
    assert len(a) > 1000
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
