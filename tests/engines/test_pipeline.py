"""batch extract → batch link on synthetic readouts with syndicated near-copies."""

from __future__ import annotations

import json

import pandas as pd

from isd.engines import LocalEngine
from isd.link.linkage import pairs_in_clusters, pairwise_scores


def test_extract_then_link_merges_syndicated_copies(tmp_path, codebook):
    from isd.synthetic import readouts

    docs, true_events = [], {}
    for i, (text, events) in enumerate(readouts(200, seed=4, syndicated=0.3)):
        docs.append({"id": f"d{i:04d}", "text": text})
        true_events[f"d{i:04d}"] = events
    pd.DataFrame(docs).to_parquet(tmp_path / "docs.parquet")
    eng = LocalEngine(workers=2)
    s = eng.map_documents("isd.extract:extract_text", tmp_path / "docs.parquet", tmp_path / "ext.parquet")
    assert s.documents == 200 and s.errors == 0 and s.rows >= 200
    st = eng.link(tmp_path / "ext.parquet", tmp_path / "pairs.parquet", codebook=codebook)
    assert st.extra["events_merged"] > 20

    # truth: an extracted record is the true event of its document with the same foreign party
    ext = pd.read_parquet(tmp_path / "ext.parquet")
    label = {}
    for doc, n, rec in zip(ext.doc_id, ext.n, ext.record):
        r = json.loads(rec)
        party = (r.get("counterparts") or [{}])[0].get("country_iso3")
        hits = [e for e in true_events[doc] if e["counterparts"][0]["country_iso3"] == party]
        if len(hits) == 1:
            e = hits[0]
            label[f"{doc}#{n}"] = (e["date"], party, e["chinese_side"][0]["name_en"])
    pairs = pd.read_parquet(tmp_path / "pairs.parquet")
    pred = {(a, b) for a, b, same in zip(pairs.unique_id_l, pairs.unique_id_r, pairs.same_cluster)
            if same and a in label and b in label}
    truth = pairs_in_clusters(label)
    scores = pairwise_scores(pred, truth)
    print("extract→link:", scores)
    assert scores["true_pairs"] > 50
    assert scores["precision"] >= 0.95 and scores["recall"] >= 0.85
