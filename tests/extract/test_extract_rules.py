"""Behaviour on readouts written for these tests (real facts, our own words)."""

from isd.extract import extract_document, extract_text


def events_of(path):
    return extract_document(path)[0]["events"]


def parties(ev):
    return [c["country_iso3"] or c["organization"] for c in ev["counterparts"]]


def test_separate_sideline_meetings_each_with_own_topics(fixtures):
    evs = events_of(fixtures / "en_multi_gpscfl2023.txt")
    assert [parties(e) for e in evs] == [["GUY"], ["RUS"], ["KGZ"]]
    for e in evs:
        assert e["date"] == "2023-09-19"
        assert e["event_type"] == "sideline_bilateral"
        assert e["multilateral_context"] == "GPSCFL 2023"
        assert e["location"] == {"city": "Lianyungang", "country_iso3": "CHN"}
        assert e["chinese_side"][0]["name_en"] == "Wang Xiaohong" and e["chinese_side"][0]["rank"] == "minister"
    guy, rus, kgz = evs
    assert guy["topics"] == ["generic"]
    assert rus["topics"] == ["social_stability"]
    assert set(kgz["topics"]) == {"counterterrorism", "financial_crime_gambling"}
    assert guy["counterparts"][0]["name"] == "Robeson Benn"
    assert rus["counterparts"][0]["name"] == "Petr Gorodov"
    assert rus["counterparts"][0]["agency_type"] == "prosecutor"
    assert kgz["counterparts"][0]["agency_type"] == "interior_home_affairs"
    assert kgz["counterparts"][0]["rank_level"] == "ministerial"


def test_video_call_date_mode_and_location(fixtures):
    (ev,) = events_of(fixtures / "en_video_us_dhs_2024.txt")
    assert ev["date"] == "2024-01-10" and ev["mode"] == "video"
    assert parties(ev) == ["USA"]
    assert ev["location"]["country_iso3"] == "CHN"  # San Francisco is where the presidents met, not this call
    assert ev["topics"] == ["counterdrug"]
    assert ev["counterparts"][0]["agency_type"] == "public_security"


def test_traditional_chinese_abroad_with_signing_and_evidence_offsets(fixtures):
    path = fixtures / "zh_hant_lyon_interpol_2024.txt"
    text = path.read_text("utf-8")
    evs = events_of(path)
    assert [parties(e) for e in evs] == [["INTERPOL"], ["FRA"]]
    interpol, fra = evs
    assert interpol["date"] == "2024-11-28"
    assert interpol["location"] == {"city": "Lyon", "country_iso3": "FRA"}
    assert interpol["agreements"] and interpol["agreements"][0]["doc_type"] == "cooperation_document"
    assert {"telecom_fraud", "financial_crime_gambling", "counterterrorism"} <= set(interpol["topics"])
    assert fra["location"]["country_iso3"] == "FRA"
    assert fra["topics"] == ["generic"]
    for ev in evs:
        for span in ev["evidence"]:
            assert text[span["start"] : span["end"]] == span["text"]  # spans point into the ORIGINAL text
            assert span["rule"]


def test_two_phone_calls_topics_do_not_leak(fixtures):
    evs = events_of(fixtures / "zh_phone_zhao_2021.txt")
    assert [parties(e) for e in evs] == [["ARE"], ["KAZ"]]
    are, kaz = evs
    assert all(e["mode"] == "phone" and e["date"] == "2021-06-07" for e in evs)
    assert are["chinese_side"][0]["name_en"] == "Zhao Kezhi" and are["chinese_side"][0]["rank"] == "minister"
    assert set(are["topics"]) == {"counterterrorism", "financial_crime_gambling", "telecom_fraud"}
    assert kaz["topics"] == ["immigration_border"]
    assert are["counterparts"][0]["agency_type"] == "interior_home_affairs"
    assert are["counterparts"][0]["rank_level"] == "ministerial"


def test_gbk_file_gives_same_events(fixtures, tmp_path):
    src = fixtures / "zh_phone_zhao_2021.txt"
    p = tmp_path / "gbk.txt"
    p.write_bytes(src.read_text("utf-8").encode("gbk"))
    strip = lambda evs: [{k: v for k, v in e.items() if k != "evidence"} for e in evs]
    assert strip(events_of(p)) == strip(events_of(src))


def test_training(fixtures):
    (ev,) = events_of(fixtures / "en_training_solomon_2022.txt")
    assert ev["event_type"] == "training"
    assert parties(ev) == ["SLB"]
    assert ev["date"] == "2022-11-06"
    assert "capacity_building" in ev["topics"] and "event_security" in ev["topics"]


def test_out_of_scope_documents(fixtures):
    assert events_of(fixtures / "neg_pla_golden_dragon_2024.txt") == []
    assert events_of(fixtures / "neg_domestic_campaign.txt") == []


def test_rank_on_date_from_name_alone():
    text = ("PUBLISHED: 2019-11-27\n\nBEIJING, Nov. 27 (Xinhua) -- Wang Xiaohong held talks with Thailand's "
            "Minister of the Interior Anupong Paochinda in Beijing on Wednesday.")
    (ev,) = extract_text(text)
    assert ev["chinese_side"][0]["rank"] == "executive_vice_minister"
    assert ev["date"] == "2019-11-27"


def test_title_alone_resolves_holder():
    text = "新华社北京2020年5月8日电 公安部部长8日在京会见越南公安部部长苏林，双方签署了《打击跨国犯罪合作谅解备忘录》。"
    (ev,) = extract_text(text)
    assert ev["chinese_side"][0]["name_en"] == "Zhao Kezhi"
    assert ev["agreements"] == [{"title": "打击跨国犯罪合作谅解备忘录", "doc_type": "mou"}]
    assert "transnational_crime" in ev["topics"]


def test_handover_is_material_assistance():
    text = ("PUBLISHED: 2023-10-30\n\nThe Chinese Embassy in Solomon Islands handed over police equipment "
            "donated by China's Ministry of Public Security to the Royal Solomon Islands Police Force in Honiara on Monday.")
    (ev,) = extract_text(text)
    assert ev["event_type"] == "material_assistance"
    assert parties(ev) == ["SLB"]


def test_no_event_without_chinese_party():
    assert extract_text("NAIROBI, March 3 -- Kenyan police arrested 12 suspects on Monday, the National Police Service said.") == []


def test_multilateral_dialogue_is_one_event_with_all_parties(fixtures):
    (ev,) = events_of(fixtures / "en_pacific_dialogue_2023.txt")
    assert ev["event_type"] == "multilateral_meeting"
    assert ev["multilateral_context"] == "China-Pacific Islands dialogue 2023"
    assert parties(ev) == ["WSM", "SLB", "TON", "KIR", "VUT", "PNG", "COK"]
    assert ev["date"] == "2023-12-08" and ev["location"]["city"] == "Beijing"
    assert ev["counterparts"][0]["agency_type"] in ("public_security", "national_police")
    assert "capacity_building" in ev["topics"]


def test_foreign_release_party_from_publisher(fixtures):
    (ev,) = events_of(fixtures / "en_release_malaysia_gpscfl2024.txt")
    assert parties(ev) == ["MYS"]
    assert ev["event_type"] == "sideline_bilateral" and ev["multilateral_context"] == "GPSCFL 2024"
    assert ev["date"] == "2024-09-11" and ev["location"]["city"] == "Lianyungang"
    assert ev["topics"] == ["telecom_fraud"]


def test_visitor_meets_two_chinese_officials():
    text = ("新华社北京8月20日电 越共中央政治局委员、公安部部长梁三光20日在北京同国务委员、公安部部长王小洪举行会谈。"
            "双方同意加强打击电信诈骗合作。\n同日，梁三光还会见了国家安全部部长陈一新，双方同意加强反恐合作。")
    evs = extract_text(text, meta={"published": "2024-08-21"})
    assert [(parties(e), e["chinese_side"][0]["name_en"]) for e in evs] == [
        (["VNM"], "Wang Xiaohong"), (["VNM"], "Chen Yixin")]
    assert evs[0]["topics"] == ["telecom_fraud"] and evs[1]["topics"] == ["counterterrorism"]
    assert all(e["date"] == "2024-08-20" for e in evs)


def test_official_outside_the_lists_named_after_title():
    (ev,) = extract_text("PUBLISHED: 2015-05-30\n\n公安部副部长李伟29日在京会见泰国警察总监颂育，双方就反恐合作交换意见。")
    assert ev["chinese_side"][0]["name_zh"] == "李伟" and ev["chinese_side"][0]["rank"] == "vice_minister"
    assert ev["date"] == "2015-05-29" and parties(ev) == ["THA"] and ev["topics"] == ["counterterrorism"]


def test_year_from_weekday_and_tenure_when_no_year_given():
    text = ("BEIJING, Dec. 5 (Xinhua) -- Wang Xiaohong, Chinese State Councilor and Minister of Public Security, "
            "met with Russian Minister of Internal Affairs Vladimir Kolokoltsev in Beijing on Tuesday.")
    (ev,) = extract_text(text)
    assert ev["date"] == "2023-12-05"  # 5 December fell on a Tuesday in 2023, while Wang was minister


def test_visit_then_meeting_takes_date_and_place_of_the_meeting():
    text = ("PUBLISHED: 2024-09-13\n\nFrom Sept. 9 to 12, Chinese Vice Minister of Public Security Xu Ganlu visited "
            "Cambodia at the invitation of the Cambodian Ministry of Interior. During the visit, Xu met with Cambodian "
            "Deputy Prime Minister and Minister of Interior Sar Sokha in Phnom Penh on Sept. 10. The two sides agreed "
            "to intensify the crackdown on online scams.")
    (ev,) = extract_text(text)
    assert ev["date"] == "2024-09-10" and ev["location"] == {"city": "Phnom Penh", "country_iso3": "KHM"}
    assert ev["counterparts"][0]["name"] == "Sar Sokha" and ev["topics"] == ["telecom_fraud"]


def test_met_separately_with_two_people_of_one_country():
    text = ("DATELINE: Beijing, 2024-10-16\n\nWang Xiaohong met separately on Wednesday with Tajik Minister of "
            "Internal Affairs Ramazon Rahimzoda and Habibullo Vokhidzoda, director of Tajikistan's Drug Control Agency.")
    evs = extract_text(text)
    assert [e["counterparts"][0]["name"] for e in evs] == ["Ramazon Rahimzoda", "Habibullo Vokhidzoda"]
    assert all(parties(e) == ["TJK"] and e["date"] == "2024-10-16" for e in evs)
