"""Agreement analyses on the hand-built dataset of conftest.py (answers counted by hand)."""

from __future__ import annotations

import pytest

import isd.analyze as ia


def rows(df, key):
    return {r[key]: r for r in df.to_dict(orient="records")}


def test_headline_counts_are_mps_signed_reviewed_and_formats_separate(ds):
    by_year = ia.agreements_by_year(ds)
    assert int(by_year.bilateral.sum()) == 7  # A01 A02 A03 A04 A05 A11 A12 (not A08 MFA, A09 candidate, A10 rejected)
    assert int(by_year.multilateral.sum()) == 2  # A06 A07
    ids = {i for ids in by_year.record_ids for i in ids}
    assert "A08" not in ids and "A09" not in ids and "A10" not in ids


def test_new_vs_repeat_partner_from_dates_not_stored_status(ds):
    y = rows(ia.agreements_by_year(ds), "year")
    assert (y[2006]["new_partner"], y[2006]["repeat_partner"]) == (1, 0)  # A01 VNM first
    assert (y[2008]["new_partner"], y[2008]["repeat_partner"]) == (0, 1)  # A02 VNM again
    assert (y[2019]["new_partner"], y[2019]["repeat_partner"]) == (1, 0)  # A03 RUS first
    assert (y[2023]["new_partner"], y[2023]["repeat_partner"]) == (1, 1)  # A04 RUS repeat, A05 KHM new
    assert y[2023]["new_partners"] == ["KHM"]  # KHM's 2005 agreement predates 2006
    assert (y[2005]["new_partner"], y[2005]["repeat_partner"]) == (0, 0)


def test_new_vs_repeat_uses_history_outside_the_window(ds):
    y = rows(ia.agreements_by_year(ds, date_from="2008-01-01"), "year")
    assert 2006 not in y
    assert (y[2008]["new_partner"], y[2008]["repeat_partner"]) == (0, 1)  # still repeat: A01 (2006) came first


def test_status_all_adds_candidates_never_rejected(ds):
    y = rows(ia.agreements_by_year(ds, status="all"), "year")
    assert y[2024]["bilateral"] == 1 and y[2024]["record_ids"] == ["A09"]  # A10 (rejected) never counted
    assert y[2024]["new_partners"] == ["USA"]


def test_broader_scope_adds_other_signers(ds):
    assert int(ia.agreements_by_year(ds, scope="broader").bilateral.sum()) == 8  # + A08 (MFA)


def test_multilateral_agreement_does_not_make_members_partners(ds):
    c = rows(ia.agreements_by_country(ds), "iso3")
    assert set(c) == {"VNM", "RUS", "KHM", "KAZ"}  # UZB (an SCO member not named) is absent
    assert (c["KAZ"]["bilateral"], c["KAZ"]["multilateral"]) == (0, 1)  # named in A06 only
    assert (c["VNM"]["bilateral"], c["VNM"]["total"]) == (3, 3)
    tp = ia.top_partners(ds, n=10)
    assert "KAZ" not in set(tp.iso3)  # partners are bilateral only


def test_top_partners_table(ds):
    tp = ia.top_partners(ds, n=1, topics=1)
    assert list(tp.iso3) == ["VNM"]
    r = tp.iloc[0]
    assert r.agreements == 3 and r.per_year == "2006 (1), 2008 (1), 2016 (1)"
    assert r.top_topics == "counterdrug (3)"
    assert r.record_ids == ["A01", "A02", "A12"]
    tied = ia.top_partners(ds, n=2)
    assert list(tied.iso3) == ["VNM", "KHM", "RUS"]  # RUS and KHM tie at 2: both kept


def test_regions_and_top_topics_by_region(ds):
    r = rows(ia.agreements_by_region(ds), "region")
    assert (r["southeast_asia"]["agreements"], r["southeast_asia"]["share"]) == (5, 71.4)
    assert (r["eastern_europe_caucasus"]["agreements"], r["eastern_europe_caucasus"]["share"]) == (2, 28.6)
    t = ia.top_topics_by_region(ds)
    sea = t[t.region == "southeast_asia"]
    assert list(sea.topic) == ["counterdrug", "capacity_building", "immigration_border"]
    assert list(sea.agreements) == [3, 1, 1]
    assert "generic" not in set(t.topic)


def test_topic_counts_and_generic(ds):
    t = ia.topic_counts(ds)
    topics = rows(t[t.group == "topic"], "item")
    assert (topics["counterdrug"]["agreements"], topics["counterdrug"]["with_other_topics"]) == (4, 3)
    assert topics["counterdrug"]["share"] == 57.1  # 4 of 7 bilateral
    assert topics["transnational_crime"]["agreements"] == 2
    assert "generic" not in topics
    s = rows(t[t.group == "structure"], "item")
    assert {k: v["agreements"] for k, v in s.items()} == {"multi_topic": 3, "single_topic": 2, "generic": 2}
    assert s["generic"]["record_ids"] == ["A03", "A11"]


def test_topic_cooccurrence(ds):
    t = ia.topic_cooccurrence(ds)
    edges = {(r.source, r.target): r.weight for r in t[t.kind == "edge"].itertuples()}
    assert edges == {("counterdrug", "transnational_crime"): 2, ("counterdrug", "counterterrorism"): 1,
                     ("counterterrorism", "transnational_crime"): 1, ("counterdrug", "immigration_border"): 1}
    nodes = {r.source: r.weight for r in t[t.kind == "node"].itertuples()}
    assert nodes["counterdrug"] == 4 and "generic" not in nodes


def test_topics_by_year_counts_generic(ds):
    t = ia.topics_by_year(ds)
    assert t[(t.year == 2019)].topic.tolist() == ["generic"]
    assert int(t[t.year == 2023].agreements.sum()) == 4  # A04 three topics + A05 one


def test_signatory_rank_is_rank_on_the_date(ds):
    r = rows(ia.signatory_rank(ds), "rank")
    # A02: Meng Jianzhu was MINISTER in 2008 (stored 'vice_minister' is overridden by the tenure);
    # A03: Wang Xiaohong was EXECUTIVE VICE MINISTER in 2019 (stored 'minister' overridden)
    assert r["minister"]["record_ids"] == ["A01", "A02", "A04", "A12"]
    assert r["executive_vice_minister"]["record_ids"] == ["A03"]
    assert r["vice_minister"]["record_ids"] == ["A05"]
    assert r["unknown"]["record_ids"] == ["A11"]
    assert (r["ministerial_level"]["agreements"], r["ministerial_level"]["share"]) == (5, 71.4)


def test_signatory_by_minister_splits_ranks(ds):
    s = ia.signatory_by_minister(ds)
    wang = s[s.signatory == "wang_xiaohong"].set_index("rank")
    assert wang.loc["executive_vice_minister", "record_ids"] == ["A03"]
    assert wang.loc["minister", "record_ids"] == ["A04"]
    assert s[s.signatory == "meng_jianzhu"].iloc[0]["name"] == "Meng Jianzhu"


def test_counterpart_agency_and_seniority(ds):
    c = rows(ia.counterpart_agency(ds), "agency_type")
    assert c["interior_home_affairs"]["agreements"] == 3 and c["interior_home_affairs"]["share"] == 42.9
    p = rows(ia.seniority_pairs(ds), "pair")
    assert p["both_ministerial"]["record_ids"] == ["A01", "A02", "A04"]
    assert p["cn_vice_minister__foreign_ministerial"]["record_ids"] == ["A05"]
    assert p["cn_ministerial__foreign_vice_ministerial"]["record_ids"] == ["A03"]  # EVM counts as ministerial
    assert p["both_vice_ministerial"]["agreements"] == 0
    assert p["foreign_ministerial"]["agreements"] == 4


def test_multilateral_by_org_and_doc_types(ds):
    m = rows(ia.multilateral_by_org(ds), "organization")
    assert m["sco"]["agreements"] == 1 and m["sco"]["topics"] == "counterterrorism (1)"
    assert m["asean"]["topics"] == "generic (1)"
    d = ia.doc_types(ds)
    groups = rows(d[d.level == "group"], "item")
    assert {k: v["agreements"] for k, v in groups.items()} == {
        "protocol_accord_mou": 3, "meeting_minutes": 2, "other": 2, "unspecified": 2}
    assert groups["protocol_accord_mou"]["share"] == 33.3  # of all 9 agreements


def test_agency_filter(ds):
    assert ia.agreements_by_year(ds, agencies=["MSS"]).empty
    assert int(ia.agreements_by_year(ds, agencies=["MPS"]).total.sum()) == 9


def test_bad_filters_are_clear_errors(ds):
    with pytest.raises(ValueError, match="not an ISO date"):
        ia.agreements_by_year(ds, date_from="last year")
    with pytest.raises(ValueError, match="status must be"):
        ia.agreements_by_year(ds, status="everything")
    with pytest.raises(ValueError, match="format must be"):
        ia.topic_counts(ds, format="trilateral")
