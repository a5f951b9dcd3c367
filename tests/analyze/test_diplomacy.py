"""Diplomacy analyses on the hand-built dataset (answers counted by hand in conftest.py)."""

from __future__ import annotations

import isd.analyze as ia
from isd.model import interactions


def rows(df, key):
    return {r[key]: r for r in df.to_dict(orient="records")}


def test_interactions_vs_events(ds):
    a = rows(ia.interactions_by_agency(ds), "agency")
    assert (a["all"]["interactions"], a["all"]["events"]) == (11, 7)  # E6 is a candidate
    assert (a["MPS"]["interactions"], a["MPS"]["events"]) == (10, 6)  # E2 = 1 event, 4 interactions
    assert (a["CPLC"]["interactions"], a["CPLC"]["events"]) == (1, 1)  # E5 lists Russia twice: 1 interaction
    assert (a["MPS"]["bilateral_events"], a["MPS"]["multilateral_events"]) == (4, 2)


def test_sql_interactions_agree_with_the_model(hand_store, ds):
    events = hand_store.list("event", review_status=["coded", "double_coded", "adjudicated"])
    expected = sorted((i.event_id, i.party, i.multilateral, i.agency) for i in interactions(events))
    got = ds.sql("SELECT event_id, party, multilateral, agency FROM inter ORDER BY ALL")
    assert sorted(map(tuple, got.itertuples(index=False))) == expected


def test_by_period(ds):
    p = ia.interactions_by_period(ds)
    assert {(r.period, r.agency): (r.interactions, r.events) for r in p.itertuples()} == {
        ("2022", "MPS"): (1, 1), ("2023", "MPS"): (8, 4), ("2024", "CPLC"): (1, 1), ("2024", "MPS"): (1, 1)}
    q = ia.interactions_by_period(ds, by="quarter")
    assert set(q.period) == {"2022-Q4", "2023-Q1", "2023-Q2", "2023-Q3", "2024-Q1"}


def test_by_country_bilateral_and_multilateral(ds):
    c = rows(ia.interactions_by_country(ds), "iso3")
    assert (c["RUS"]["bilateral"], c["RUS"]["multilateral"], c["RUS"]["total"]) == (2, 1, 3)
    assert (c["SLB"]["bilateral"], c["SLB"]["multilateral"]) == (1, 1)  # E4 sideline + E3 forum
    assert "sco" not in c  # organizations are parties, not countries
    top = ia.most_engaged_countries(ds, n=1)
    assert list(top.iso3) == ["RUS"] and top.iloc[0].record_ids == ["E2", "E5", "E8"]


def test_bilateral_by_region(ds):
    r = rows(ia.bilateral_by_region(ds), "region")
    assert (r["eastern_europe_caucasus"]["bilateral"], r["eastern_europe_caucasus"]["share"]) == (2, 40.0)
    assert sum(v["bilateral"] for v in r.values()) == 5


def test_engagements_by_official(ds):
    e = ia.engagements_by_official(ds, n=1, officials="wang_xiaohong,chen_wenqing")
    got = {(r.official, r.iso3): (r.interactions, r.record_ids) for r in e.itertuples()}
    assert got == {("wang_xiaohong", "RUS"): (2, ["E2", "E8"]), ("chen_wenqing", "RUS"): (2, ["E5", "E8"])}


def test_sideline_share_counts_the_sideline_and_the_session(ds):
    s = ia.sideline_share(ds, context="gpscfl")
    assert len(s) == 1
    r = s.iloc[0]
    assert (r.year, r.interactions, r.events, r.sideline_bilaterals, r.year_interactions, r.share) == \
        (2023, 3, 2, 1, 8, 37.5)
    all_ctx = rows(ia.sideline_share(ds), "context")
    assert all_ctx["SCO"]["share"] == 50.0  # "SCO 2023" -> context SCO, 4 of 2023's 8 interactions


def test_meeting_formats(ds):
    m = rows(ia.meeting_formats(ds), "format")
    assert m["sideline"]["record_ids"] == ["E4"]  # a sideline bilateral is its own event
    assert (m["standalone"]["meetings"], m["standalone"]["countries"]) == (4, 3)
    assert m["all"]["meetings"] == 5


def test_window_and_status_filters(ds):
    a = rows(ia.interactions_by_agency(ds, date_from="2024-01-01"), "agency")
    assert a["all"]["events"] == 2  # E5, E8
    b = rows(ia.interactions_by_agency(ds, status="all"), "agency")
    assert b["MSS"]["events"] == 1  # E6 candidate
    c = rows(ia.interactions_by_agency(ds, agencies=["CPLC"]), "agency")
    assert set(c) == {"CPLC", "all"}
