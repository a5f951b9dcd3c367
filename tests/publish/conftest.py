import pytest

from isd.model import (Agreement, Assistance, ChineseParticipant, Counterpart, Event, Evidence, Location, Mechanism,
                       MechanismSession, Party, Presence, Signatory, Source, StatusChange, Training)


@pytest.fixture
def sample_records():
    """One record of every kind, with nested values, lists, nulls, text that needs quoting and Chinese."""
    src = Source(id="src_a", url="https://www.mps.gov.cn/n2253534/n2253535/c1/content.html", publisher="MPS",
                 language="zh", published="2024-09-09", sha256="b" * 64, title="王小洪会见吉尔吉斯斯坦内务部部长")
    src2 = Source(id="src_b", url="https://english.news.cn/20240910/x/c.html", publisher="Xinhua", language="en")
    ev = Event(id="ev1", event_type="sideline_bilateral", date="2024-09-09", multilateral_context="GPSCFL 2024",
               location=Location(city="Lianyungang", country_iso3="CHN"),
               chinese_side=[ChineseParticipant(name_en="Wang Xiaohong", name_zh="王小洪", title="Minister of Public Security",
                                                agency="MPS", rank="minister", official_id="wang_xiaohong")],
               counterparts=[Counterpart(country_iso3="KGZ", name="Ulan Niyazbekov", title="Minister of Internal Affairs",
                                         agency_type="interior_home_affairs", rank_level="ministerial")],
               topics=["counterterrorism", "transnational_crime"], sources=["src_a", "src_b"], agreements=["ag1"],
               evidence=[Evidence(field="date", source_id="src_a", start=0, end=6, text='9月9日, "quoted"\nnew line',
                                  rule="date.zh_md", coder="isd-extract/0.1")],
               review_status="coded", confidence=0.9)
    ag = Agreement(id="ag1", date="2024-09-09", parties=[Party(country_iso3="KGZ")], format="bilateral",
                   chinese_signatory=Signatory(name="Wang Xiaohong", rank="minister", agency="MPS"),
                   counterpart_signatory=Signatory(name="Ulan Niyazbekov", agency_type="interior_home_affairs", rank_level="ministerial"),
                   title_zh="中华人民共和国公安部与吉尔吉斯共和国内务部合作谅解备忘录", doc_type="mou", topics=["counterterrorism"],
                   sources=["src_a"], event_id="ev1", review_status="coded")
    ml = Agreement(id="ag2", date="2011-01-01", date_precision="year", parties=[Party(organization="sco")], format="multilateral",
                   doc_type="accord", topics=[], sources=["src_b"], review_status="candidate")
    tr = Training(id="tr1", date="2023-05-01", date_end="2023-05-20", recipients=[Party(country_iso3="LAO"), Party(country_iso3="KHM")],
                  trainees=30, subject="counter-narcotics", topics=["counterdrug", "capacity_building"], sources=["src_b"])
    asst = Assistance(id="as1", date="2024-08-20", recipient=Party(country_iso3="WSM"), items="police training academy",
                      value=33000000.0, currency="USD", topics=["capacity_building"], sources=["src_b"], review_status="coded")
    mech = Mechanism(id="GPSCFL", name_en="Global Public Security Cooperation Forum (Lianyungang)", name_zh="全球公共安全合作论坛（连云港）",
                     host_agency="MPS", sessions=[MechanismSession(id="GPSCFL-2024", name="GPSCFL 2024", date="2024-09-09",
                                                                   location=Location(city="Lianyungang", country_iso3="CHN"))],
                     sources=["src_b"], review_status="coded")
    pres = Presence(id="pr1", presence_type="joint_patrols", country_iso3="ITA", start_date="2016-05-01", end_date="2022-12-01",
                    status="ended", history=[StatusChange(date="2016-05-01", status="active"), StatusChange(date="2022-12-01", status="ended", note="halted")],
                    sources=["src_b"], review_status="coded")
    return [src, src2, ev, ag, ml, tr, asst, mech, pres]
