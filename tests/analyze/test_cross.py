"""Cross-dataset analyses and coverage against the shipped published figures."""

from __future__ import annotations

import isd.analyze as ia
from isd.analyze.cross import published_figures


def test_agreements_vs_training(ds):
    t = {r.iso3: (r.category, r.record_ids) for r in ia.agreements_vs_training(ds).itertuples()}
    assert t == {"VNM": ("both", ["A01", "A02", "A12", "T1"]), "KHM": ("agreements_only", ["A05", "A11"]),
                 "RUS": ("agreements_only", ["A03", "A04"]), "LAO": ("training_only", ["T1"]),
                 "FJI": ("training_only", ["T2"])}


def test_published_figures_ship_with_the_package():
    figs = published_figures()
    ids = {f["id"] for f in figs}
    assert {"agr_bilateral", "int_total", "sig_cn_ministerial_level", "t1_vnm_total"} <= ids
    for f in figs:
        assert f["seed_file"][:3] in ("002", "003") and "value" in f and f["measure"]


def test_coverage_recomputes_figures(ds):
    c = {r.figure_id: r for r in ia.coverage(ds).itertuples()}
    assert (c["agr_bilateral"].published, c["agr_bilateral"].project) == (170, 7)
    assert c["agr_bilateral"].status == "below"
    assert c["agr_multilateral"].project == 2
    assert c["agr_bilateral_partner_countries"].project == 3  # VNM RUS KHM
    assert c["agr_partner_countries_all"].project == 4  # + KAZ named in A06
    assert c["agr_broader_set"].project == 10  # 9 MPS + A08 (MFA)
    assert c["sig_cn_ministerial_level"].project == 5
    assert c["sig_cn_minister_pct"].project == 57.1
    assert c["t1_vnm_total"].project == 3 and c["t1_vnm_2016"].project == 1
    assert c["topic_generic"].project == 2
    assert c["int_total"].project == 11 and c["int_events"].project == 7
    assert c["int_mps_interactions"].project == 10 and c["int_mps_meetings"].project == 6
    assert c["int_russia_bilateral"].project == 2 and c["int_russia_multilateral"].project == 1
    assert c["int_bilateral_sideline"].project == 1
    assert c["training_countries_138"].project == 3
    assert c["int_cplc_interactions"].project == 2  # Chen Wenqing took part in E5 and E8
    assert c["cp_core_ministries_over_half"].status == "match"  # 4 of 7 = 57.1% > 50%
    assert c["train_interpol_2017_pledge"].status == "not_computed"  # a pledge, not countable from records
    assert c["int_mss_meetings"].project == 0 and c["int_mss_meetings"].status == "below"
