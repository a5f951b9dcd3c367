from __future__ import annotations

import json

import pandas as pd
import pytest

from isd.link.backends import DuckDBBackend
from isd.link.evaluate import evaluate_labelled, evaluate_synthetic
from isd.link.features import features
from isd.link.linkage import cluster, pairs_in_clusters, pairwise_scores, predict_pairs, train
from isd.link.model import load_parameters

W = "Wang Xiaohong"


def cand(uid, date, parties, cn=(W,), **kw):
    row = {"unique_id": uid, "date": date, "chinese_names": list(cn), "parties": list(parties),
           "counterpart_names": [], "counterpart_titles": [], "city": "Beijing", "topics": ["counterdrug"],
           "event_type": "bilateral_meeting", "mode": "in_person"}
    row.update(kw)
    return row


def test_labelled_pairs_precision_recall(labelled_pairs, codebook):
    r = evaluate_labelled(labelled_pairs, codebook)
    print("labelled pairs:", json.dumps({k: v for k, v in r.items() if k != "errors"}))
    assert r["matches"] >= 15 and r["non_matches"] >= 10
    assert r["precision"] >= 0.95, r["errors"]
    assert r["recall"] >= 0.95, r["errors"]


def test_synthetic_precision_recall(codebook):
    r = evaluate_synthetic(5000, codebook, seed=202)
    print("synthetic 5000:", json.dumps(r))
    assert r["true_pairs"] > 3000
    assert r["precision"] >= 0.95 and r["recall"] >= 0.95


def test_vetoes_hold_whatever_else_agrees(names):
    same = dict(counterpart_titles=["Minister of Interior"], topics=["counterdrug", "cybercrime"])
    rows = [
        cand("a1", "2024-05-01", ["RUS"], **same),
        cand("a2", "2024-05-01", ["KAZ"], **same),          # same official, same day, other country
        cand("b1", "2024-06-01", ["LAO"], **same),
        cand("b2", "2024-06-01", ["LAO"], cn=["陈文清"], **same),  # other Chinese official
        cand("c1", "2024-07-01", ["VNM"], **same),
        cand("c2", "2024-07-03", ["VNM"], **same),          # same country, two days later
        cand("d1", "2024-08-01", ["KHM"], **same),
        cand("d2", "2024-08-02", ["柬埔寨"], cn=["王小洪"], **same),  # the real match: one day apart, other script
    ]
    f = features(rows, names)
    b = DuckDBBackend()
    try:
        pairs = predict_pairs(f, b)
    finally:
        b.close()
    got = {(a, c) for a, c in zip(pairs.unique_id_l, pairs.unique_id_r)}
    assert ("a1", "a2") not in got and ("b1", "b2") not in got and ("c1", "c2") not in got
    assign = cluster(pairs, f, 0.8)
    assert assign.get("d1") == assign.get("d2") == "d1"
    assert set(assign) == {"d1", "d2"}


def test_cluster_refuses_chains_through_vetoed_records(names):
    # x has no party: it is compatible with y (RUS) and with z (KAZ) but y and z are not
    rows = [cand("x", "2024-05-01", []), cand("y", "2024-05-01", ["RUS"]), cand("z", "2024-05-01", ["KAZ"])]
    f = features(rows, names)
    pairs = pd.DataFrame({"unique_id_l": ["x", "x"], "unique_id_r": ["y", "z"], "match_probability": [0.99, 0.95]})
    assign = cluster(pairs, f, 0.8)
    assert assign == {"x": "x", "y": "x"}


def test_pairwise_scores():
    s = pairwise_scores({("a", "b"), ("c", "d")}, {("b", "a"), ("e", "f")})
    assert s["precision"] == 0.5 and s["recall"] == 0.5 and s["true_positives"] == 1
    assert pairs_in_clusters({"a": 1, "b": 1, "c": 1, "d": 2}) == {("a", "b"), ("a", "c"), ("b", "c")}


def test_bundled_model_is_trained():
    p = load_parameters()
    assert p["trained_on"] and "synthetic" in p["trained_on"]
    # evidence the model learned: agreeing topics favour a match, disagreeing counterpart agencies count against
    m, u = p["mu"]["topics"][0]
    assert m > u
    m, u = p["mu"]["cp_agency"][1]
    assert m < u


def test_training_recovers_a_working_model(codebook, names, tmp_path):
    from isd.link.synthetic import candidate_events

    rows = list(candidate_events(4000, seed=5, codebook=codebook))
    f = features(rows, names)
    b = DuckDBBackend()
    try:
        params = train(f, {r["unique_id"]: r["cluster"] for r in rows}, b)
        test_rows = list(candidate_events(3000, seed=6, codebook=codebook))
        tf = features(test_rows, names)
        pairs = predict_pairs(tf, b, params=params)
    finally:
        b.close()
    assert 0 < params["prior"] < 1 and params["matching_pairs"] > 1000
    assign = cluster(pairs, tf, 0.8)
    s = pairwise_scores(pairs_in_clusters(assign), pairs_in_clusters({r["unique_id"]: r["cluster"] for r in test_rows}))
    assert s["precision"] >= 0.95 and s["recall"] >= 0.93


def test_bad_model_file_is_named(tmp_path):
    bad = tmp_path / "m.json"
    bad.write_text('{"mu": {"day": [[0.5, 0.5]]}}')
    with pytest.raises(ValueError, match="m.json"):
        load_parameters(bad)


def test_synthetic_is_deterministic_and_labelled(codebook):
    from isd.link.synthetic import candidate_events

    a = list(candidate_events(300, seed=3, codebook=codebook))
    b = list(candidate_events(300, seed=3, codebook=codebook))
    assert a == b and len(a) == 300
    assert len({r["cluster"] for r in a}) < 300  # occasions with several reports
    assert {r["language"] for r in a} == {"en", "zh"}
    officials = {o.id for o in codebook.officials}
    resolved = {n for r in a for n in r["chinese_names"]}
    assert resolved and all(codebook.find_official(n) is not None and codebook.find_official(n).id in officials
                            for n in resolved)


def test_records_without_date_or_parties_do_not_break_linkage(names):
    rows = [cand("n1", None, ["RUS"]), cand("n2", None, ["俄罗斯"]), cand("n3", "2024-05-01", []),
            cand("n4", "2024-05-01", ["RUS"])]
    f = features(rows, names)
    b = DuckDBBackend()
    try:
        pairs = predict_pairs(f, b)
    finally:
        b.close()
    # undated reports are never blocked together (no day to block on)
    assert not ({"n1", "n2"} <= set(pairs.unique_id_l) | set(pairs.unique_id_r))
    manual = pd.DataFrame({"unique_id_l": ["n1", "n3"], "unique_id_r": ["n2", "n4"], "match_probability": [0.9, 0.9]})
    assert cluster(manual, f, 0.8) == {"n1": "n1", "n2": "n1", "n3": "n3", "n4": "n3"}
