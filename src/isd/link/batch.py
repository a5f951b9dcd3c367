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


def link_parquet(engine: Any, candidates: str | Path, output: str | Path, *, threshold: float = 0.8,
                 codebook: Any = None) -> Any:
    import pandas as pd

    from isd.engines.base import RunStats
    from isd.link.linkage import cluster, predict_pairs

    t0 = time.perf_counter()
    rows = read_candidates(candidates)
    feats = features(rows, name_index(codebook))
    t_feat = time.perf_counter() - t0
    backend = engine.link_backend()
    try:
        pairs = predict_pairs(feats, backend)
    finally:
        backend.close()  # a Spark backend borrowed from the engine leaves the session running
    assign = cluster(pairs, feats, threshold)
    pairs["cluster_id"] = [assign.get(a) if assign.get(a) == assign.get(b) else None
                           for a, b in zip(pairs["unique_id_l"], pairs["unique_id_r"])]
    pairs["same_cluster"] = pairs["cluster_id"].notna()
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(pairs).to_parquet(out, index=False)
    stats = RunStats(engine.name, documents=len(rows), rows=len(pairs))
    stats.seconds = time.perf_counter() - t0
    stats.extra.update({
        "features_seconds": round(t_feat, 3),
        "linked_pairs": int(pairs["same_cluster"].sum()),
        "events_merged": len(set(assign.values())),
        "records_in_merges": len(assign),
        "threshold": threshold,
    })
    return stats
