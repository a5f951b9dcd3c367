"""Run the linkage: score blocked pairs, apply vetoes, cluster, evaluate, train.

``predict_pairs(features_df, backend)`` returns the scored pairs that pass the vetoes
(never the same event: different Chinese officials, different foreign parties, dates
more than a day apart).  ``cluster(pairs, threshold)`` groups records greedily by
descending match probability, refusing any union that would put two vetoed records
in one cluster.  ``pairwise_scores`` measures pairwise precision and recall against
known clusters.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any, Iterable

from isd.link.backends import LinkBackend
from isd.link.model import VETO_COMPARISONS, load_parameters, settings

PAIR_COLUMNS = ["unique_id_l", "unique_id_r", "match_probability", "match_weight"]
_GAMMAS = ["day", "officials", "parties", "cp_name", "cp_agency", "city", "topics", "event_type", "mode"]


def _linker(features_df: Any, backend: LinkBackend, params: dict[str, Any] | None = None) -> Any:
    from splink import Linker

    params = params or load_parameters()
    sdf = backend.register(features_df)
    return Linker(sdf, settings(params["mu"], params["prior"]), log_level=logging.WARNING)


def predict_pairs(features_df: Any, backend: LinkBackend, *, threshold: float = 0.0,
                  params: dict[str, Any] | None = None) -> Any:
    """Scored candidate pairs (pandas), vetoed pairs removed, sorted deterministically."""
    import pandas as pd

    n = features_df.count() if hasattr(features_df, "rdd") else len(features_df)
    if n < 2:
        return pd.DataFrame(columns=PAIR_COLUMNS + [f"gamma_{g}" for g in _GAMMAS])
    linker = _linker(features_df, backend, params)
    # splink ≥ 5 keeps gamma_ columns with retain_matching_columns; filter in the backend
    pred = linker.inference.predict(threshold_match_probability=threshold if threshold > 0 else None)
    veto = " AND ".join(f"gamma_{c} <> 0" for c in VETO_COMPARISONS)
    cols = ", ".join(PAIR_COLUMNS + [f"gamma_{g}" for g in _GAMMAS])
    sql = f"SELECT {cols} FROM {pred.physical_name} WHERE {veto}"  # names are ours, no user input
    kept = linker.misc.query_sql(sql, output_type="pandas")
    # splink orders each pair by unique_id already (l < r); make row order deterministic
    kept["match_probability"] = kept["match_probability"].astype(float).round(10)
    kept["match_weight"] = kept["match_weight"].astype(float).round(8)
    for g in _GAMMAS:
        kept[f"gamma_{g}"] = kept[f"gamma_{g}"].astype(int)
    return kept.sort_values(["unique_id_l", "unique_id_r"]).reset_index(drop=True)


def _vetoed(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a["day"] is not None and b["day"] is not None and abs(a["day"] - b["day"]) > 1:
        return True
    for key in ("officials", "parties"):
        x, y = a[key], b[key]
        if x and y and not (set(x) & set(y)):
            return True
    return False


def _int_or_none(v: Any) -> int | None:
    try:
        return None if v is None or v != v else int(v)
    except (TypeError, ValueError):  # pandas.NA
        return None


def _list_or_none(v: Any) -> list[str] | None:
    if v is None or isinstance(v, float):
        return None
    return list(v)


def cluster(pairs: Any, features_df: Any, threshold: float) -> dict[str, str]:
    """Greedy, veto-respecting clustering: ``{unique_id: cluster_id}`` for linked records.

    The cluster id is the smallest unique_id in the cluster.  Records in no accepted
    pair are not in the result.
    """
    strong = pairs[pairs["match_probability"] >= threshold]
    if strong.empty:
        return {}
    ids = set(strong["unique_id_l"]) | set(strong["unique_id_r"])
    sub = features_df[features_df["unique_id"].isin(ids)]
    info = {
        r["unique_id"]: {"day": _int_or_none(r["day"]), "officials": _list_or_none(r["officials"]),
                         "parties": _list_or_none(r["parties"])}
        for r in sub[["unique_id", "day", "officials", "parties"]].to_dict("records")
    }
    parent: dict[str, str] = {i: i for i in ids}
    members: dict[str, list[str]] = {i: [i] for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    order = strong.sort_values(["match_probability", "unique_id_l", "unique_id_r"], ascending=[False, True, True])
    for a, b in zip(order["unique_id_l"], order["unique_id_r"]):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        ma, mb = members[ra], members[rb]
        if len(ma) * len(mb) <= 400 and any(_vetoed(info[x], info[y]) for x in ma for y in mb):
            continue
        if len(ma) < len(mb) or (len(ma) == len(mb) and rb < ra):
            ra, rb = rb, ra
        parent[rb] = ra
        members[ra] = members[ra] + members.pop(rb)
    out: dict[str, str] = {}
    for root, ms in members.items():
        if len(ms) < 2:
            continue
        cid = min(ms)
        for m in ms:
            out[m] = cid
    return out


def pairs_in_clusters(assign: dict[str, Any]) -> set[tuple[str, str]]:
    groups: dict[Any, list[str]] = defaultdict(list)
    for uid, c in assign.items():
        groups[c].append(uid)
    out: set[tuple[str, str]] = set()
    for ms in groups.values():
        ms = sorted(ms)
        for i in range(len(ms)):
            for j in range(i + 1, len(ms)):
                out.add((ms[i], ms[j]))
    return out


def pairwise_scores(predicted: Iterable[tuple[str, str]], truth: Iterable[tuple[str, str]]) -> dict[str, float]:
    p = {tuple(sorted(x)) for x in predicted}
    t = {tuple(sorted(x)) for x in truth}
    tp = len(p & t)
    precision = tp / len(p) if p else 1.0
    recall = tp / len(t) if t else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "true_pairs": len(t),
            "predicted_pairs": len(p), "true_positives": tp}


def link_candidates(features_df: Any, backend: LinkBackend, threshold: float = 0.8,
                    params: dict[str, Any] | None = None) -> tuple[Any, dict[str, str]]:
    """Score pairs and cluster them: (pairs DataFrame, {unique_id: cluster_id})."""
    pairs = predict_pairs(features_df, backend, params=params)
    return pairs, cluster(pairs, features_df, threshold)


FLOOR = 0.01


def _floored(counts: list[float]) -> list[float]:
    """Proportions with a floor: no single field may be more than ~100:1 evidence, since
    the synthetic training data is cleaner than real reports."""
    total = sum(counts)
    probs = [max(c / total, FLOOR) for c in counts]
    s = sum(probs)
    return [round(p / s, 6) for p in probs]


def train(features_df: Any, labels: dict[str, Any], backend: LinkBackend) -> dict[str, Any]:
    """Estimate the model from labelled candidates; returns parameters for the model file.

    Supervised Fellegi-Sunter *within blocks*: every pair the blocking rules produce is
    scored for its comparison levels; m is the level distribution among true matches,
    u among non-matches, the prior is the share of blocked pairs that match (add-one
    smoothing).  Estimating u among blocked pairs (not random pairs) makes the model
    describe the decision it is used for — is this blocked pair one occasion? — and
    keeps the probabilities meaningful whatever the size of the data set.
    The veto ("else") levels of day, officials and parties keep their fixed m ≈ 0.
    """
    from isd.link.model import _DEFAULT_MU

    pairs = predict_pairs(features_df, backend, params={"prior": 0.5, "mu": _DEFAULT_MU})
    same = [labels[a] == labels[b] for a, b in zip(pairs["unique_id_l"], pairs["unique_id_r"])]
    n_match = sum(same)
    if n_match == 0 or n_match == len(same):
        raise ValueError("training needs blocked pairs that match and pairs that do not; give more labelled data")
    mu: dict[str, list[tuple[float, float]]] = {}
    for name, default in _DEFAULT_MU.items():
        k = len(default)  # levels estimated, most similar first
        top = k if name in VETO_COMPARISONS else k - 1  # gamma value of the most similar level
        cm = [1.0] * k
        cu = [1.0] * k
        for g, s in zip(pairs[f"gamma_{name}"], same):
            idx = top - int(g)
            if 0 <= idx < k and int(g) >= 0:
                (cm if s else cu)[idx] += 1
        mu[name] = list(zip(_floored(cm), _floored(cu)))
    prior = (n_match + 1) / (len(same) + 2)
    return {"prior": round(prior, 6), "mu": mu, "blocked_pairs": len(same), "matching_pairs": n_match}
