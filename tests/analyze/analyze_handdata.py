"""A small hand-built dataset whose answers were counted by hand (see the comments).

Agreements (reviewed and MPS-signed unless said):
  A01 2006 VNM bilateral, minister (stored rank), counterdrug+transnational_crime, protocol
  A02 2008 VNM bilateral, signed "Meng Jianzhu" (name only; stored rank vice_minister is WRONG:
      he was minister on the date), counterdrug, meeting minutes
  A03 2019 RUS bilateral, wang_xiaohong (executive vice minister on the date; stored "minister"), generic, MOU
  A04 2023 RUS bilateral, wang_xiaohong (minister on the date), counterterrorism+counterdrug+transnational_crime
  A05 2023 KHM bilateral, vice minister, capacity_building, meeting minutes
  A06 2010 multilateral SCO naming KAZ (UZB not named: members are never expanded), counterterrorism
  A07 2011 multilateral ASEAN, generic
  A08 2012 KAZ bilateral signed by the MFA (broader set only), immigration_border
  A09 2024 USA bilateral, CANDIDATE (only with status=all)
  A10 2024 VNM bilateral, REJECTED (never counted)
  A11 2005 KHM bilateral, before 2006 (so A05 is KHM's first since 2006: new), generic
  A12 2016 VNM bilateral, minister, immigration_border+counterdrug, action plan
Events (reviewed unless said):
  E1 2023-03 bilateral MPS Wang — VNM                               1 interaction
  E2 2023-05 multilateral MPS Wang "SCO 2023" — KAZ, UZB, RUS, org sco 4 interactions
  E3 2023-09 forum MPS Wang "GPSCFL 2023" (gpscfl) — FJI, SLB        2 interactions
  E4 2023-09 sideline bilateral MPS Liu Zhongyi "GPSCFL 2023" — SLB   1 interaction
  E5 2024-01 bilateral CPLC Chen Wenqing — RUS (two Russian officials) 1 interaction
  E6 2024-02 bilateral MSS — USA, CANDIDATE
  E7 2022-12 bilateral MPS Xu Datong — USA                          1 interaction
  E8 2024-03 bilateral MPS Wang with Chen Wenqing — RUS             1 interaction
Trainings: T1 2015 VNM+LAO, T2 2016 FJI.
"""

from __future__ import annotations

import datetime as dt

from isd.analyze.data import Post, Reference
from isd.model import (
    Agreement,
    ChineseParticipant,
    Counterpart,
    Event,
    Party,
    Signatory,
    Training,
)

D = dt.date


def reference() -> Reference:
    regions = {"VNM": "southeast_asia", "KHM": "southeast_asia", "LAO": "southeast_asia", "RUS": "eastern_europe_caucasus",
               "USA": "north_america", "KAZ": "central_asia", "UZB": "central_asia", "TWN": "east_asia",
               "FJI": "pacific_islands", "SLB": "pacific_islands"}
    ref = Reference(regions=regions, country_names={k: k.title() for k in regions},
                    org_names={"sco": "Shanghai Cooperation Organisation", "asean": "ASEAN"},
                    official_names={"wang_xiaohong": "Wang Xiaohong", "meng_jianzhu": "Meng Jianzhu",
                                    "chen_wenqing": "Chen Wenqing"},
                    official_aliases={"wang xiaohong": "wang_xiaohong", "王小洪": "wang_xiaohong",
                                      "meng jianzhu": "meng_jianzhu", "chen wenqing": "chen_wenqing"},
                    doc_type_groups={"protocol": "protocol_accord_mou", "accord": "protocol_accord_mou",
                                     "mou": "protocol_accord_mou", "meeting_minutes": "meeting_minutes",
                                     "joint_statement": "other", "action_plan": "other",
                                     "cooperation_document": "unspecified"},
                    codebook_version="test")
    ref.posts = [
        Post("wang_xiaohong", "MPS", "vice_minister", D(2016, 1, 1), D(2017, 12, 31)),
        Post("wang_xiaohong", "MPS", "executive_vice_minister", D(2018, 1, 1), D(2022, 6, 23)),
        Post("wang_xiaohong", "MPS", "minister", D(2022, 6, 24)),
        Post("meng_jianzhu", "MPS", "minister", D(2007, 10, 30), D(2012, 12, 28)),
        Post("meng_jianzhu", "CPLC", "cplc_head", D(2012, 11, 19), D(2017, 10, 25)),
        Post("chen_wenqing", "CPLC", "cplc_head", D(2022, 10, 23)),
    ]
    return ref


def _agr(id, date, parties, *, fmt="bilateral", topics=(), rank=None, name=None, official=None, cp_level="unknown",
         cp_type=None, doc="cooperation_document", status="coded", mps=True, agency="MPS"):
    return Agreement(id=id, date=date, format=fmt, review_status=status, signer_is_mps=mps, chinese_agency=agency,
                     parties=[Party(country_iso3=p) if p.isupper() else Party(organization=p) for p in parties],
                     topics=list(topics), doc_type=doc,
                     chinese_signatory=Signatory(name=name, rank=rank, official_id=official, agency=agency),
                     counterpart_signatory=Signatory(rank_level=cp_level, agency_type=cp_type))


def agreements() -> list[Agreement]:
    return [
        _agr("A01", D(2006, 3, 1), ["VNM"], topics=["counterdrug", "transnational_crime"], rank="minister",
             cp_level="ministerial", cp_type="interior_home_affairs", doc="protocol"),
        _agr("A02", D(2008, 5, 1), ["VNM"], topics=["counterdrug"], rank="vice_minister", name="Meng Jianzhu",
             cp_level="ministerial", cp_type="interior_home_affairs", doc="meeting_minutes"),
        _agr("A03", D(2019, 5, 1), ["RUS"], rank="minister", official="wang_xiaohong", cp_level="vice_ministerial",
             cp_type="justice", doc="mou"),
        _agr("A04", D(2023, 5, 1), ["RUS"], topics=["counterterrorism", "counterdrug", "transnational_crime"],
             official="wang_xiaohong", cp_level="ministerial", cp_type="public_security", doc="accord"),
        _agr("A05", D(2023, 6, 1), ["KHM"], topics=["capacity_building"], rank="vice_minister", cp_level="ministerial",
             cp_type="interior_home_affairs", doc="meeting_minutes"),
        _agr("A06", D(2010, 1, 1), ["sco", "KAZ"], fmt="multilateral", topics=["counterterrorism"], doc="joint_statement"),
        _agr("A07", D(2011, 1, 1), ["asean"], fmt="multilateral"),
        _agr("A08", D(2012, 1, 1), ["KAZ"], topics=["immigration_border"], mps=False, agency="MFA"),
        _agr("A09", D(2024, 1, 1), ["USA"], topics=["counterdrug"], status="candidate"),
        _agr("A10", D(2024, 2, 1), ["VNM"], topics=["counterdrug"], status="rejected"),
        _agr("A11", D(2005, 6, 1), ["KHM"]),
        _agr("A12", D(2016, 1, 1), ["VNM"], topics=["immigration_border", "counterdrug"], rank="minister",
             cp_type="national_police", doc="action_plan"),
    ]


WANG = ChineseParticipant(name_en="Wang Xiaohong", agency="MPS", rank="minister", official_id="wang_xiaohong")
CHEN = ChineseParticipant(name_en="Chen Wenqing", agency="CPLC", rank="cplc_head")


def _ev(id, date, etype, parties, chinese, *, context=None, mechanism=None, status="coded"):
    cps = [Counterpart(country_iso3=p) if p.isupper() else Counterpart(organization=p) for p in parties]
    return Event(id=id, date=date, event_type=etype, counterparts=cps, chinese_side=chinese,
                 multilateral_context=context, mechanism_id=mechanism, review_status=status)


def events() -> list[Event]:
    return [
        _ev("E1", D(2023, 3, 1), "bilateral_meeting", ["VNM"], [WANG]),
        _ev("E2", D(2023, 5, 10), "multilateral_meeting", ["KAZ", "UZB", "RUS", "sco"], [WANG], context="SCO 2023"),
        _ev("E3", D(2023, 9, 10), "forum", ["FJI", "SLB"], [WANG], context="GPSCFL 2023", mechanism="gpscfl"),
        _ev("E4", D(2023, 9, 11), "sideline_bilateral", ["SLB"],
            [ChineseParticipant(name_en="Liu Zhongyi", agency="MPS", rank="vice_minister")],
            context="GPSCFL 2023", mechanism="gpscfl"),
        _ev("E5", D(2024, 1, 5), "bilateral_meeting", ["RUS", "RUS"], [CHEN]),
        _ev("E6", D(2024, 2, 1), "bilateral_meeting", ["USA"],
            [ChineseParticipant(name_en="Chen Yixin", agency="MSS", rank="minister")], status="candidate"),
        _ev("E7", D(2022, 12, 1), "bilateral_meeting", ["USA"],
            [ChineseParticipant(name_en="Xu Datong", agency="MPS", rank="vice_minister")]),
        _ev("E8", D(2024, 3, 1), "bilateral_meeting", ["RUS"], [WANG, CHEN]),
    ]


def trainings() -> list[Training]:
    return [
        Training(id="T1", date=D(2015, 4, 1), recipients=[Party(country_iso3="VNM"), Party(country_iso3="LAO")],
                 review_status="coded"),
        Training(id="T2", date=D(2016, 4, 1), recipients=[Party(country_iso3="FJI")], review_status="coded"),
    ]


