"""Rule families added for foreign-government releases and other phrasings (issue 3, round 2).

Every snippet is written for this test in the style of a real readout (real facts, our own words)."""

import datetime as dt

from isd.extract import dates as D
from isd.extract import extract_text


def parties(ev):
    return [c["country_iso3"] or c["organization"] for c in ev["counterparts"]]


def chinese(ev):
    return ev["chinese_side"][0]


# --- datelines and dates -------------------------------------------------------------------------

def test_dateline_forms():
    assert D.body_dateline("MOSCOW, May 27. /TASS/. Chen Wenqing said", 0)[:4] == ("Moscow", None, 5, 27)
    assert D.body_dateline("NAIROBI, Kenya, Oct 7 - The ambassador", 0)[:4] == ("Nairobi", None, 10, 7)
    assert D.body_dateline("Honiara, 16 July 2024 - The minister", 0)[:4] == ("Honiara", 2024, 7, 16)
    assert D.body_dateline("BEIJING, March 21st - Alexander Bortnikov", 0)[:4] == ("Beijing", None, 3, 21)
    assert D.body_dateline("HA NOI, September 26, 2016 - Guo", 0)[:4] == ("Ha Noi", 2016, 9, 26)
    assert D.body_dateline("The minister said in May 2024 - nothing", 0) is None


def test_month_relative_phrases_give_month_precision():
    ref = dt.date(2024, 1, 19)
    (h,) = D.find_dates("visited the office earlier this month", 0, 37, ref, 2024)
    assert (h.date, h.precision) == (dt.date(2024, 1, 1), "month")
    (h,) = D.find_dates("signed last month", 0, 17, ref, 2024)
    assert (h.date, h.precision) == (dt.date(2023, 12, 1), "month")


def test_ordinal_day_inside_a_sentence_and_dateline_not_taken_for_event_date():
    text = ("Honiara, 16 July 2024 - Acting Prime Minister Bradley Tovosia met Wang Zhizhong, Vice Minister of "
            "Public Security of the People's Republic of China, at his office on Friday 12th July, 2024. They discussed "
            "police training and equipment.")
    (ev,) = extract_text(text)
    assert ev["date"] == "2024-07-12" and parties(ev) == ["SLB"]
    assert chinese(ev)["name_en"] == "Wang Zhizhong" and chinese(ev)["rank"] == "vice_minister"
    assert ev["location"]["city"] == "Honiara"


# --- announcements are not events ------------------------------------------------------------------

def test_announced_visit_is_no_event():
    text = ("BEIJING, April 10, 2015 (Xinhua) -- State Councilor and Minister of Public Security Guo Shengkun will visit "
            "Russia from Sunday and attend a meeting of security council secretaries of the Shanghai Cooperation "
            "Organization, a spokeswoman said. Guo is travelling at the invitation of Nikolai Patrushev, secretary of "
            "Russia's Security Council. The two are expected to exchange views on law enforcement cooperation.")
    assert extract_text(text) == []


def test_past_meeting_next_to_a_future_plan_is_kept():
    text = ("BEIJING, Dec. 5, 2023 (Xinhua) -- Minister of Public Security Wang Xiaohong met with Russian Interior "
            "Minister Vladimir Kolokoltsev on Tuesday. The two sides will hold further talks next year.")
    (ev,) = extract_text(text)
    assert parties(ev) == ["RUS"] and ev["date"] == "2023-12-05"


# --- the foreign side as subject -----------------------------------------------------------------------

def test_his_chinese_counterpart_takes_the_country_of_the_lead():
    text = ("VN, China step up security cooperation\n\nBEIJING (VNA) - Viet Nam and China agreed on January 5, 2012 to "
            "share more information on drug trafficking. The agreement came out of talks in Beijing between Minister "
            "of Public Security Tran Dai Quang and his Chinese counterpart Meng Jianzhu. Later the same day Quang met "
            "Zhou Yongkang, Secretary of the Political and Legal Affairs Commission of the CPC Central Committee.")
    evs = extract_text(text)
    assert [parties(e) for e in evs] == [["VNM"], ["VNM"]]
    assert [chinese(e)["name_en"] for e in evs] == ["Meng Jianzhu", "Zhou Yongkang"]
    assert [chinese(e)["rank"] for e in evs] == ["minister", "cplc_head"]
    assert all(e["date"] == "2012-01-05" for e in evs)


def test_passive_received_by():
    text = ("BEIJING, March 21, 2025 - Alexander Bortnikov, Director of the Federal Security Service of Russia, was "
            "received on Friday by Chinese State Councilor and Minister of Public Security Wang Xiaohong. They "
            "discussed counter-terrorism.")
    (ev,) = extract_text(text)
    assert parties(ev) == ["RUS"] and chinese(ev)["name_en"] == "Wang Xiaohong"
    assert ev["counterparts"][0]["agency_type"] == "state_security"
    assert ev["topics"] == ["counterterrorism"]


def test_foreign_ministry_of_public_security_is_not_chinese():
    text = ("DATELINE: Hanoi, 2023-12-01\n\nDeputy Minister of Public Security Tran Quoc To hosted a reception in Hanoi "
            "on December 1 for Yang Chunlei, Deputy Secretary of the Political and Legal Affairs Commission of the "
            "Communist Party of China Central Committee. They agreed to fight cross-border gambling.")
    (ev,) = extract_text(text)
    assert parties(ev) == ["VNM"]
    assert chinese(ev)["name_en"] == "Yang Chunlei" and chinese(ev)["agency"] == "CPLC" and chinese(ev)["rank"] == "other"
    assert ev["counterparts"][0]["rank_level"] == "vice_ministerial"


def test_own_embassy_visit_by_a_foreign_deputy_minister_is_no_event():
    text = ("MPS - During a working trip to China, Deputy Minister of Public Security Nguyen Van Thanh visited the "
            "Vietnamese Embassy in Beijing. Ambassador Dang Minh Khoi briefed him on the embassy's work. He asked the "
            "embassy to support the Ministry of Public Security in its cooperation with Chinese law enforcement agencies.")
    assert extract_text(text) == []


# --- embassies, consulates and hand-overs ------------------------------------------------------------

def test_embassy_handover_names_the_envoy_and_the_type():
    text = ("ISLAMABAD, March 15, 2023 - The Chinese Embassy on Wednesday handed over 250 bullet-proof jackets to the "
            "Islamabad police at the Central Police Office. Police Counselor Li Qingchun attended with two second "
            "secretaries, and Inspector General of Police Akbar Nasir Khan received the delegation.")
    (ev,) = extract_text(text)
    assert ev["event_type"] == "material_assistance" and parties(ev) == ["PAK"]
    assert chinese(ev)["agency"] == "embassy" and chinese(ev)["name_en"] == "Li Qingchun"
    assert ev["date"] == "2023-03-15"


def test_consul_general_handover_and_money_is_not_a_party():
    text = ("DATELINE: Lahore, 2017-02-24\n\nConsul General Long Dingbin called on the Punjab Inspector General of "
            "Police on Friday and handed over the keys of ten vehicles worth 300,000 U.S. dollars to the Punjab police.")
    (ev,) = extract_text(text)
    assert parties(ev) == ["PAK"] and ev["event_type"] == "material_assistance"
    assert chinese(ev)["name_en"] == "Long Dingbin" and ev["location"]["city"] == "Lahore"


def test_deputy_chief_of_mission_named_before_the_title():
    text = ("PUBLISHED: 2017-07-26\n\nMonrovia - China donated assorted equipment to the Liberia National Police. The "
            "items were handed over on Monday by Li Zhuang, deputy chief of mission at the Chinese Embassy in Liberia.")
    (ev,) = extract_text(text)
    assert parties(ev) == ["LBR"] and chinese(ev)["name_en"] == "Li Zhuang" and ev["date"] == "2017-07-24"


def test_a_title_alone_does_not_name_one_of_several_deputies():
    from isd.extract.api import lexicon

    lex = lexicon()
    assert lex.holder("other", "CPLC", dt.date(2023, 12, 1)) is None
    assert lex.holder("vice_minister", "MPS", dt.date(2024, 7, 12)) is None
    assert lex.holder("minister", "MPS", dt.date(2024, 7, 12)) == "wang_xiaohong"
