"""The packaged codebook loads, is fast, and agrees with CODEBOOK.md and isd.model."""

from __future__ import annotations

import datetime as dt
import itertools
import time
import typing

import pytest

from isd.codebook import CODE_KINDS, Codebook, CodebookError, default_codebook, load_codebook

REGIONS = {
    "southeast_asia", "east_asia", "south_asia", "central_asia", "eastern_europe_caucasus", "europe",
    "middle_east_north_africa", "sub_saharan_africa", "latin_america_caribbean", "pacific_islands",
    "north_america", "oceania_other",
}


def test_loads_fast_and_fresh():
    t = time.perf_counter()
    cb = load_codebook()
    elapsed = time.perf_counter() - t
    assert isinstance(cb, Codebook)
    assert elapsed < 1.0, f"loading took {elapsed:.2f}s"
    assert cb.version == "1.0.0"
    assert "CODEBOOK.md" in cb.follows
    # no global cache: two loads are two objects; default_codebook() is cached
    assert load_codebook() is not cb
    assert default_codebook() is default_codebook()


def test_import_does_no_work():
    """Importing the package loads no data (checked in a fresh interpreter)."""
    import subprocess
    import sys

    code = ("import sys, isd.codebook as m; "
            "assert 'opencc' not in sys.modules, 'opencc imported at import time'; "
            "assert m.default_codebook.cache_info().currsize == 0")
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": "src", "PATH": ""}, cwd=_root())


def _root():
    from pathlib import Path

    return str(Path(__file__).resolve().parents[2])


def test_models_are_frozen(cb):
    c = cb.country("VNM")
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        c.iso3 = "XXX"


def test_code_lists_agree_with_model(cb):
    from isd import model

    pairs = {
        "topic": model.Topic, "doc_type": model.DocType, "agency_type": model.AgencyType,
        "rank_level": model.RankLevel, "region": model.Region, "event_type": model.EventType,
        "mode": model.Mode, "chinese_rank": model.ChineseRank, "agency": model.Agency,
        "review_status": model.ReviewStatus,
    }
    for kind, literal in pairs.items():
        assert cb.codes(kind) == frozenset(typing.get_args(literal)), kind


def test_codebook_section_lists(cb):
    assert cb.codes("region") == REGIONS
    assert len(cb.topics) == 13
    assert {d.code for d in cb.doc_types} - {"other"} == {
        "protocol", "accord", "mou", "meeting_minutes", "joint_statement", "letter_of_intent", "exchange_of_notes",
        "handover_document", "cooperation_plan", "action_plan", "outcomes_list", "cooperation_document"}
    assert len(cb.agency_types) == 13
    assert cb.rank_order() == ["cplc_head", "minister", "executive_vice_minister", "vice_minister", "assistant_minister", "other"]


def test_every_code_kind_answers(cb):
    for kind in CODE_KINDS:
        assert cb.codes(kind), kind
    with pytest.raises(CodebookError):
        cb.codes("colour")


def test_countries_regions(cb):
    assert {c.region for c in cb.countries} <= REGIONS
    iso3 = [c.iso3 for c in cb.countries]
    assert len(iso3) == len(set(iso3))
    un = [c for c in cb.countries if c.kind == "un_member"]
    assert len(un) == 193
    for extra in ("TWN", "HKG", "MAC", "PSE", "XKX", "VAT", "CHN"):
        assert cb.country(extra)
    assert cb.country("CHN").region == "east_asia"
    assert cb.country("TWN").region == "east_asia"
    for code in ("RUS", "BLR", "UKR", "MDA", "ARM", "AZE", "GEO"):
        assert cb.country(code).region == "eastern_europe_caucasus", code
    assert cb.country("AUS").region == cb.country("NZL").region == "oceania_other"
    for code in ("FJI", "SLB", "VUT", "WSM", "TON", "KIR", "PNG"):
        assert cb.country(code).region == "pacific_islands"
    assert cb.country("AFG").region == "central_asia"  # as the agreements paper counts it
    assert cb.country("IRN").region == cb.country("TUR").region == "middle_east_north_africa"
    with pytest.raises(CodebookError):
        cb.country("ZZZ")


@pytest.mark.parametrize("text,iso3", [
    ("Lao PDR", "LAO"), ("Laos", "LAO"), ("Burma", "MMR"), ("Myanmar", "MMR"), ("老挝", "LAO"), ("寮國", "LAO"),
    ("柬埔寨", "KHM"), ("the United States", "USA"), ("US", "USA"), ("U.S.", "USA"), ("Viet Nam", "VNM"),
    ("vietnam", "VNM"), ("Russian Federation", "RUS"), ("Russia", "RUS"), ("UAE", "ARE"), ("Türkiye", "TUR"),
    ("Turkey", "TUR"), ("Côte d'Ivoire", "CIV"), ("Cote d’Ivoire", "CIV"), ("Ivory Coast", "CIV"), ("DRC", "COD"),
    ("Congo-Brazzaville", "COG"), ("the Solomon Islands", "SLB"), ("所罗门群岛", "SLB"), ("韩国", "KOR"),
    ("朝鲜", "PRK"), ("台湾", "TWN"), ("臺灣", "TWN"), ("美国", "USA"), ("英国", "GBR"), ("越南", "VNM"),
    ("緬甸", "MMR"), ("Vietnamese", "VNM"), ("Cambodian", "KHM"), ("Lao", "LAO"), ("Russian", "RUS"),
    ("  Kyrgyz Republic ", "KGZ"), ("吉尔吉斯斯坦", "KGZ"), ("Hong Kong SAR", "HKG"), ("Macau", "MAC"),
])
def test_find_country(cb, text, iso3):
    found = cb.find_country(text)
    assert found is not None, text
    assert found.iso3 == iso3


def test_find_country_misses(cb):
    assert cb.find_country("Atlantis") is None
    assert cb.find_country("") is None
    assert cb.find_country(None) is None
    assert cb.find_country("Congolese") is None  # ambiguous demonym left out
    assert cb.find_country("Vietnamese", demonyms=False) is None
    # pycountry's misspelling is not carried over
    assert cb.find_country("柬埔塞") is None


def test_names_are_news_forms(cb):
    assert cb.country("KOR").name_zh == "韩国"
    assert cb.country("PRK").name_zh == "朝鲜"
    assert cb.country("KHM").name_zh == "柬埔寨"
    assert cb.country("TWN").name_zh == "台湾"


def test_organizations_and_mechanisms(cb):
    for text, oid in [("INTERPOL", "interpol"), ("国际刑警组织", "interpol"), ("SCO", "sco"), ("上合组织", "sco"),
                      ("RATS", "sco_rats"), ("上合组织地区反恐怖机构", "sco_rats"), ("ASEAN", "asean"), ("东盟", "asean"),
                      ("LMLECC", "lmlecc"), ("澜湄综合执法安全合作中心", "lmlecc"), ("Europol", "europol"),
                      ("EAPCCO", "eapcco"), ("UNODC", "unodc"), ("CELAC", "celac"), ("C+C5", "c_c5"), ("CICA", "cica"),
                      ("BRICS", "brics"), ("African Union", "au"), ("Arab League", "arab_league"), ("PIF", "pif"),
                      ("AFRIPOL", "afripol"), ("GCC", "gcc")]:
        org = cb.find_organization(text)
        assert org is not None and org.id == oid, text
    assert cb.organization("sco_rats").parent == "sco"
    assert set(cb.organization("asean").members) >= {"VNM", "LAO", "KHM"}
    gps = cb.find_mechanism("全球公共安全合作论坛（连云港）")
    assert gps is not None and gps.id == "gpscfl"
    assert cb.find_mechanism("Lianyungang Forum").id == "gpscfl"
    years = {s.year for s in gps.sessions}
    assert {2022, 2023, 2024, 2025} <= years
    assert cb.session_on("gpscfl", "2023-09-20").id == "gpscfl_2023"
    mech, sess = cb.session("china_pic_police_dialogue_2022")
    assert mech.id == "china_pic_police_dialogue" and sess.mode == "video"
    for m in cb.mechanisms:
        for s in m.sessions:
            assert s.source_url and s.source_url.startswith("http"), s.id


def test_officials_rank_on(cb):
    assert cb.rank_on("wang_xiaohong", dt.date(2021, 6, 1)) == "executive_vice_minister"
    assert cb.rank_on("wang_xiaohong", "2023-01-01") == "minister"
    assert cb.rank_on("wang_xiaohong", "2017-06-01") == "vice_minister"
    assert cb.rank_on("wang_xiaohong", "2010-01-01") is None
    assert cb.rank_on("chen_wenqing", "2020-01-01") == "minister"
    assert cb.rank_on("chen_wenqing", "2024-01-01") == "cplc_head"
    assert cb.rank_on("guo_shengkun", "2015-05-05") == "minister"
    assert cb.rank_on("meng_jianzhu", "2014-01-01") == "cplc_head"
    titles = {p.title_en for p in cb.posts_on("wang_xiaohong", "2024-01-01")}
    assert {"Minister of Public Security", "State Councilor"} <= titles
    assert cb.official("wang_xiaohong").state_councilor_on(dt.date(2024, 1, 1))
    assert not cb.official("wang_xiaohong").state_councilor_on(dt.date(2022, 7, 1))
    with pytest.raises(CodebookError):
        cb.official("nobody")
    with pytest.raises(ValueError):
        cb.rank_on("wang_xiaohong", "June 2022")


def test_required_officials_present(cb):
    ministers = {"zhou_yongkang", "meng_jianzhu", "guo_shengkun", "zhao_kezhi", "wang_xiaohong"}
    cplc = {"zhou_yongkang", "meng_jianzhu", "guo_shengkun", "chen_wenqing"}
    mss = {"geng_huichang", "chen_wenqing", "chen_yixin"}
    ids = {o.id for o in cb.officials}
    assert ministers | cplc | mss <= ids
    for oid in ministers:
        assert any(p.rank == "minister" and p.agency == "MPS" for p in cb.official(oid).posts), oid
    for oid in cplc:
        assert any(p.rank == "cplc_head" for p in cb.official(oid).posts), oid
    for oid in mss:
        assert any(p.rank == "minister" and p.agency == "MSS" for p in cb.official(oid).posts), oid
    assert cb.find_official("王小洪").id == "wang_xiaohong"
    assert cb.find_official("Wang Xiaohong").id == "wang_xiaohong"
    assert cb.find_official("陳文清").id == "chen_wenqing"  # Traditional


def test_every_post_sourced_and_not_overlapping(cb):
    for o in cb.officials:
        for p in o.posts:
            assert p.source_url.startswith("http"), (o.id, p.title_en)
            assert isinstance(p.start, dt.date)
        for i, p in enumerate(o.posts):
            for q in o.posts[:i]:
                if (p.agency, p.rank, p.title_en) == (q.agency, q.rank, q.title_en):
                    assert (q.end is not None and q.end < p.start) or (p.end is not None and p.end < q.start), o.id


def test_mps_minister_succession_has_no_gap_or_overlap(cb):
    posts = sorted((p for o in cb.officials for p in o.posts if p.agency == "MPS" and p.rank == "minister"),
                   key=lambda p: p.start)
    for a, b in itertools.pairwise(posts):
        assert a.end is not None and (b.start - a.end).days == 1, (a.title_en, a.end, b.start)
    assert posts[-1].end is None


@pytest.mark.parametrize("agency,rank", [("CPLC", "cplc_head"), ("MSS", "minister"), ("MPS", "executive_vice_minister")])
def test_one_holder_at_a_time(cb, agency, rank):
    posts = sorted(((o.id, p) for o in cb.officials for p in o.posts if p.agency == agency and p.rank == rank),
                   key=lambda x: x[1].start)
    assert len(posts) >= 3
    for (ida, a), (idb, b) in itertools.pairwise(posts):
        assert a.end is not None and a.end < b.start, (ida, a.end, idb, b.start)
