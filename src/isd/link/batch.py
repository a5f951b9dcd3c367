"""Linkage over a parquet of candidate rows (``isd batch link``).

Input: a parquet file or directory with the candidate columns of
:mod:`isd.link.features` (``unique_id``, ``date``, ``chinese_names``, ``parties`` …;
missing optional columns are treated as empty).  Output: the scored pairs that pass
the vetoes, with ``same_cluster`` telling whether the clustering at the threshold put
the two records in one event, and ``cluster_id``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from isd.link.features import CANDIDATE_COLUMNS, features


def read_candidates(path: str | Path) -> list[dict[str, Any]]:
    import pyarrow.dataset as ds

    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"candidates {p} does not exist")
    dataset = ds.dataset(str(p), format="parquet")
    names = dataset.schema.names
    if "unique_id" not in names and {"doc_id", "n", "record"} <= set(names):
        return _from_extract_output(dataset, p)
    if "unique_id" not in names:
        raise ValueError(f"{p}: candidates parquet needs a 'unique_id' column, or the doc_id/n/record columns "
                         f"that `isd batch extract` writes (has {names})")
    cols = [c for c in CANDIDATE_COLUMNS + ["cluster"] if c in names]
    return dataset.to_table(columns=cols).to_pylist()


def _from_extract_output(dataset: Any, path: Path) -> list[dict[str, Any]]:
    """Candidates from `isd batch extract` output: one per extracted record (error rows skipped)."""
    import json

    from isd.link.features import candidate_from_record

    out = []
    for batch in dataset.to_batches(columns=["doc_id", "n", "record"]):
        for doc_id, n, rec in zip(*(batch.column(i).to_pylist() for i in range(3))):
            if rec is None or n is None or n < 0:
                continue
            try:
                data = json.loads(rec)
            except ValueError as exc:
                raise ValueError(f"{path}: record {doc_id}#{n} is not JSON ({exc})") from None
            if isinstance(data, dict) and data.get("kind", "event") == "event":
                out.append(candidate_from_record(data, f"{doc_id}#{n}", source=doc_id))
    return out


def name_index(codebook: Any = None) -> Any:
    from isd.link.names import NameIndex

    if codebook is None:
        from isd.codebook import load_codebook

        codebook = load_codebook()
    return NameIndex.from_codebook(codebook)


def _spark_features(spark: Any, candidates: str | Path, codebook_dir: str | None) -> tuple[Any, Any, int]:
    """Features computed in the Spark executors (the driver never holds the candidates).

    Returns (Spark DataFrame of features, pandas frame of the columns clustering needs,
    number of candidates)."""
    from isd.link.backends import feature_schema

    p = str(candidates)
    if "://" not in p and not Path(p).exists():
        raise FileNotFoundError(f"candidates {p} does not exist")
    names = spark.read.parquet(p).columns  # local paths and cluster URIs (hdfs://, s3a://) alike
    extract_output = "unique_id" not in names and {"doc_id", "n", "record"} <= set(names)
    if "unique_id" not in names and not extract_output:
        raise ValueError(f"{p}: candidates parquet needs a 'unique_id' column, or the doc_id/n/record columns "
                         f"that `isd batch extract` writes (has {names})")
    cols = ["doc_id", "n", "record"] if extract_output else [c for c in CANDIDATE_COLUMNS if c in names]
    schema = feature_schema()
    order = [f.name for f in schema.fields]

    def run(rows: Any) -> Any:
        import json

        from isd.link.features import candidate_from_record, feature_row
        from isd.link.names import NameIndex

        from isd.codebook import load_codebook

        idx = NameIndex.from_codebook(load_codebook(codebook_dir) if codebook_dir else load_codebook())
        for r in rows:
            d = r.asDict(recursive=True)
            if extract_output:
                if d["record"] is None or d["n"] is None or d["n"] < 0:
                    continue
                rec = json.loads(d["record"])
                if not isinstance(rec, dict) or rec.get("kind", "event") != "event":
                    continue
                d = candidate_from_record(rec, f"{d['doc_id']}#{d['n']}", source=d["doc_id"])
            f = feature_row(d, idx)
            yield tuple(f[c] for c in order)

    sdf = spark.createDataFrame(spark.read.parquet(p).select(*cols).rdd.mapPartitions(run), schema)
    sdf = sdf.persist()
    small = sdf.select("unique_id", "day", "officials", "parties").toPandas()
    small["day"] = small["day"].astype("Int64")
    for c in ("officials", "parties"):
        small[c] = [None if v is None else list(v) for v in small[c]]
    return sdf, small, len(small)


def link_parquet(engine: Any, candidates: str | Path, output: str | Path, *, threshold: float = 0.8,
                 codebook: Any = None) -> Any:
    import pandas as pd

    from isd.engines.base import RunStats
    from isd.link.linkage import cluster, predict_pairs

    t0 = time.perf_counter()
    backend = engine.link_backend()
    if getattr(backend, "name", None) == "spark":
        cb_dir = getattr(codebook, "directory", None)
        sdf, feats, n_rows = _spark_features(backend.spark, candidates, str(cb_dir) if cb_dir else None)
        to_score: Any = sdf
    else:
        rows = read_candidates(candidates)
        n_rows = len(rows)
        feats = features(rows, name_index(codebook))
        del rows
        to_score = feats
    t_feat = time.perf_counter() - t0
    try:
        pairs = predict_pairs(to_score, backend)
    finally:
        backend.close()  # a Spark backend borrowed from the engine leaves the session running
    assign = cluster(pairs, feats, threshold)
    pairs["cluster_id"] = [assign.get(a) if assign.get(a) == assign.get(b) else None
                           for a, b in zip(pairs["unique_id_l"], pairs["unique_id_r"])]
    pairs["same_cluster"] = pairs["cluster_id"].notna()
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(pairs).to_parquet(out, index=False)
    stats = RunStats(engine.name, documents=n_rows, rows=len(pairs))
    stats.seconds = time.perf_counter() - t0
    stats.extra.update({
        "features_seconds": round(t_feat, 3),
        "linked_pairs": int(pairs["same_cluster"].sum()),
        "events_merged": len(set(assign.values())),
        "records_in_merges": len(assign),
        "threshold": threshold,
    })
    return stats
