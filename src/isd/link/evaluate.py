"""Measuring linkage quality: labelled pairs and synthetic data with known truth.

Labelled pairs file (JSONL), one pair a line::

    {"id": "ru-2023-12-05", "match": true, "note": "Xinhua EN vs MPS ZH",
     "a": {candidate row}, "b": {candidate row}}

All candidates of the file are linked together (as they would be in the store) and a
pair counts as predicted-matched when both records end in one cluster.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from isd.link.features import features
from isd.link.linkage import cluster, pairs_in_clusters, pairwise_scores, predict_pairs


def load_labelled_pairs(path: str | Path | None) -> list[dict[str, Any]]:
    if path is None:
        return []
    p = Path(path)
    out = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"{p}:{n}: not JSON ({exc})") from None
        for k in ("a", "b", "match"):
            if k not in row:
                raise ValueError(f"{p}:{n}: labelled pair lacks {k!r}")
        if not isinstance(row["match"], bool):
            raise ValueError(f"{p}:{n}: 'match' must be true or false")
        out.append(row)
    return out


def _backend(engine: str) -> Any:
    from isd.link.backends import make_backend

    return make_backend(engine)


def evaluate_labelled(pairs: list[dict[str, Any]], codebook: Any, *, engine: str = "duckdb",
                      threshold: float = 0.8, backend: Any = None) -> dict[str, Any]:
    from isd.link.names import NameIndex

    if not pairs:
        return {"pairs": 0}
    rows: dict[str, dict[str, Any]] = {}
    for p in pairs:
        for side in ("a", "b"):
            r = p[side]
            if r["unique_id"] in rows and rows[r["unique_id"]] != r:
                raise ValueError(f"labelled pairs: unique_id {r['unique_id']!r} used for two different records")
            rows[r["unique_id"]] = r
    feats = features(list(rows.values()), NameIndex.from_codebook(codebook))
    scored, assign = _score_and_cluster(feats, engine, backend, threshold)
    tp = fp = fn = tn = 0
    errors = []
    for p in pairs:
        a, b = p["a"]["unique_id"], p["b"]["unique_id"]
        same = a in assign and assign.get(a) == assign.get(b)
        if same and p["match"]:
            tp += 1
        elif same:
            fp += 1
            errors.append({"id": p.get("id"), "error": "false merge", "note": p.get("note")})
        elif p["match"]:
            fn += 1
            errors.append({"id": p.get("id"), "error": "missed", "note": p.get("note")})
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"pairs": len(pairs), "matches": tp + fn, "non_matches": fp + tn, "true_positives": tp,
            "false_positives": fp, "false_negatives": fn, "precision": precision, "recall": recall,
            "threshold": threshold, "errors": errors}


def _score_and_cluster(feats: Any, engine: str, backend: Any, threshold: float) -> tuple[Any, dict]:
    """Score candidate pairs (on a backend of our own unless one is given) and cluster them."""
    own = backend is None
    backend = backend or _backend(engine)
    try:
        scored = predict_pairs(feats, backend)
    finally:
        if own:
            backend.close()
    return scored, cluster(scored, feats, threshold)


def evaluate_synthetic(n: int, codebook: Any, *, seed: int = 101, engine: str = "duckdb", threshold: float = 0.8,
                       backend: Any = None) -> dict[str, Any]:
    from isd.link.names import NameIndex
    from isd.link.synthetic import candidate_events

    rows = list(candidate_events(n, seed=seed, codebook=codebook))
    feats = features(rows, NameIndex.from_codebook(codebook))
    scored, assign = _score_and_cluster(feats, engine, backend, threshold)
    truth = {r["unique_id"]: r["cluster"] for r in rows}
    scores = pairwise_scores(pairs_in_clusters(assign), pairs_in_clusters(truth))
    scores.update({"candidates": n, "seed": seed, "threshold": threshold, "scored_pairs": len(scored)})
    return scores


def train_synthetic(n: int, seed: int, codebook: Any, output: str | Path, engine: str = "duckdb") -> Path:
    from isd.link.linkage import train
    from isd.link.names import NameIndex
    from isd.link.synthetic import candidate_events

    rows = list(candidate_events(n, seed=seed, codebook=codebook))
    feats = features(rows, NameIndex.from_codebook(codebook))
    backend = _backend(engine)
    try:
        params = train(feats, {r["unique_id"]: r["cluster"] for r in rows}, backend)
    finally:
        backend.close()
    params["trained_on"] = f"isd.link.synthetic.candidate_events(n={n}, seed={seed})"
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
    return out
