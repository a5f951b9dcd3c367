"""Round-3 rule families, each on short readouts written for these tests (real facts, our own words):
a second or third host met on the same trip, delegation leaders named after "led by", foreign titles that
look Chinese, generic "Chinese delegation" wording, organisations inside a host unit's name, interior-ministry
security talks with an envoy, consuls general named after their post, and years from a dateline weekday."""

from isd.extract import extract_text


def who(ev):
    return [(c["country_iso3"] or c["organization"], c["name"]) for c in ev["counterparts"]]


# --- (1) more hosts on the same trip, no country in the sentence ---------------------------------

def test_also_called_on_two_more_hosts_gives_one_event_each():
    text = ("SINGAPORE, Feb. 18, 2011 (Xinhua) -- Visiting Chinese State Councilor and Minister of Public Security "
            "Meng Jianzhu and Singapore's Minister for Home Affairs K. Shanmugam on Friday signed a memorandum of "
            "understanding on fighting cross-border crime.\n\nDuring the visit Meng also called on President S R Nathan "
            "and on Deputy Prime Minister and Coordinating Minister for National Security Wong Kan Seng, discussing "
            "law enforcement cooperation.\n")
    evs = extract_text(text)
    names = [who(e)[0][1] for e in evs]
    assert names == ["K. Shanmugam", "S R Nathan", "Wong Kan Seng"]
    assert all(who(e)[0][0] == "SGP" and e["chinese_side"][0]["name_en"] == "Meng Jianzhu" for e in evs)
    assert {e["date"] for e in evs} == {"2011-02-18"}


def test_same_day_talks_by_the_delegation_with_a_second_host():
    text = ("PUBLISHED: 2026-03-15\n\nCOLOMBO - A delegation of the People's Republic of China led by Zhang Yong, "
            "Deputy Administrator of China's National Immigration Administration, met Inspector General of Police "
            "Priyantha Weerasooriya of Sri Lanka at Police Headquarters on March 14, 2026.\n\nOn the same day the "
            "delegation held bilateral talks with Minister of Public Security and Parliamentary Affairs Ananda "
            "Wijepala on organised crime and immigration.\n")
    evs = extract_text(text)
    assert [who(e) for e in evs] == [[("LKA", "Priyantha Weerasooriya")], [("LKA", "Ananda Wijepala")]]
    for e in evs:
        assert e["chinese_side"][0]["name_en"] == "Zhang Yong"  # not the Chinese minister of public security
        assert e["chinese_side"][0]["agency"] == "MPS"


def test_a_later_sentence_without_a_new_person_adds_no_event():
    text = ("BEIJING, May 25, 2023 (Xinhua) -- Chinese State Councilor and Minister of Public Security Wang Xiaohong "
            "held a work meeting with Lao Vice Prime Minister and Minister of Public Security Vilay Lakhamphong on "
            "Thursday.\n\nWang also said the two sides should protect the China-Laos Railway.\n")
    evs = extract_text(text)
    assert len(evs) == 1 and who(evs[0])[0][0] == "LAO"


# --- (2) Chinese officials named only by a bureau or a non-ministerial title ---------------------------

def test_delegation_leader_after_led_by_with_lower_case_title():
    text = ("Vietnamese and Chinese police officers meet\n\n(VOVworld) - Deputy Minister of Public Security To Lam "
            "received a delegation of China's Ministry of Public Security led by Yin Zhishan, deputy head of the "
            "ministry's Security Guard Department, in Hanoi on Thursday, May 14, 2015.\n\nYin said he hoped "
            "cooperation would keep growing.\n")
    (ev,) = extract_text(text)
    assert ev["chinese_side"][0]["name_en"] == "Yin Zhishan" and ev["chinese_side"][0]["agency"] == "MPS"
    assert who(ev)[0][0] == "VNM" and ev["date"] == "2015-05-14"


def test_provincial_delegation_leader_after_his_titles():
    text = ("PUBLISHER: Ministry of Internal Affairs of the Russian Federation\nPUBLISHED: 2019-07-02\n\nA delegation of "
            "the Public Security Department of Jilin Province of the People's Republic of China, headed by Deputy "
            "Governor and head of the department Liu Jinbo, has made a working visit to Yakutia.\n\nThe Chinese "
            "delegation held meetings and talks with the republic's police on transnational crime.\n")
    (ev,) = extract_text(text)
    assert ev["chinese_side"][0]["name_en"] == "Liu Jinbo"
    assert ev["chinese_side"][0]["agency"] == "provincial_psb"
    assert who(ev)[0][0] == "RUS"


# --- (5) generic Chinese wording ------------------------------------------------------------------------

def test_generic_chinese_delegation_gives_way_to_the_named_mission():
    text = ("DATELINE: Lahore, 2017-02-24\n\nA four-member Chinese delegation led by Consul General Long Dingbin "
            "called on Punjab Inspector General of Police Mushtaq Ahmad Sukhera on Friday and handed over the keys "
            "of ten vehicles for the Special Protection Unit.\n")
    (ev,) = extract_text(text)
    assert ev["chinese_side"][0]["agency"] == "embassy" and ev["chinese_side"][0]["name_en"] == "Long Dingbin"
    assert ev["event_type"] == "material_assistance"


def test_consul_general_named_after_the_post():
    text = ("KARACHI, June 30, 2022 - China's Consul General in Karachi, Li Bijian, called on Inspector General of "
            "Police Sindh Ghulam Nabi Memon on Thursday to discuss the security of Chinese nationals.\n")
    (ev,) = extract_text(text)
    assert ev["chinese_side"][0]["name_en"] == "Li Bijian" and ev["chinese_side"][0]["agency"] == "embassy"


def test_ambassador_name_is_not_cut_short():
    text = ("PUBLISHED: 2021-11-06\n\nKAMPALA - A delegation of the Chinese embassy and the Chinese business community, "
            "led by Ambassador Zhang Lizhong, on Friday met senior officers of the Uganda Police Force and donated "
            "five motorcycles.\n")
    (ev,) = extract_text(text)
    assert ev["chinese_side"][0]["name_en"] == "Zhang Lizhong"
    assert ev["event_type"] == "material_assistance"


# --- hosts' own units, envoys' security talks -----------------------------------------------------------

def test_interpol_inside_a_police_directorate_name_is_not_a_party():
    text = ("KAMPALA, Aug. 14 (Xinhua) -- The Chinese embassy in Uganda on Tuesday donated a 22-seater minibus to the "
            "Uganda Police Force's Directorate of Interpol and International Relations. Chinese Ambassador Zheng "
            "Zhuqiang handed over the vehicle to Deputy Inspector General of Police Muzeyi Sabiiti.\n")
    evs = extract_text(text)
    assert [who(e)[0][0] for e in evs] == ["UGA"]
    assert evs[0]["event_type"] == "material_assistance" and evs[0]["date"] == "2018-08-14"  # Aug 14 fell on a Tuesday


def test_interior_minister_and_envoy_on_security_are_in_scope():
    text = ("PUBLISHED: 2019-11-19\n\nISLAMABAD - Federal Minister for Interior Ejaz Shah and China's Ambassador to "
            "Pakistan Yao Jing discussed bilateral matters and the security situation in the country at a meeting "
            "here on Tuesday.\n")
    (ev,) = extract_text(text)
    assert who(ev)[0][0] == "PAK" and ev["chinese_side"][0]["name_en"] == "Yao Jing"


def test_envoy_trade_talk_without_security_words_stays_out():
    text = ("PUBLISHED: 2019-11-19\n\nISLAMABAD - Commerce Adviser Abdul Razak Dawood and China's Ambassador to Pakistan "
            "Yao Jing discussed bilateral trade and textile exports at a meeting here on Tuesday.\n")
    assert extract_text(text) == []


# --- dates -----------------------------------------------------------------------------------------------

def test_year_from_weekday_prefers_the_dateline_day_itself():
    text = ("MOSCOW, May 27. /TASS/. Chen Wenqing, secretary of the Central Political and Legal Affairs Commission, "
            "and Russian Security Council Secretary Sergei Shoigu co-chaired a meeting of the law enforcement and "
            "security cooperation mechanism on Tuesday.\n")
    (ev,) = extract_text(text)
    assert ev["date"] == "2025-05-27"  # a Tuesday; 27 May 2026 was a Wednesday


import pytest  # noqa: E402

_SGP_LEAD = ("SINGAPORE, Feb. 18, 2011 (Xinhua) -- Visiting Chinese State Councilor and Minister of Public Security "
             "Meng Jianzhu and Singapore's Minister for Home Affairs K. Shanmugam on Friday signed a memorandum of "
             "understanding on fighting cross-border crime.\n\n")


@pytest.mark.parametrize("second", [
    "Meng later met with Deputy Prime Minister Wong Kan Seng at his office.\n",
    "Separately, Meng met Deputy Prime Minister Wong Kan Seng.\n",
    "He then held talks with the Coordinating Minister for National Security, Wong Kan Seng.\n",
    "The Chinese delegation also called on Deputy Prime Minister Wong Kan Seng.\n",
])
def test_phrasings_of_a_second_host_on_the_same_trip(second):
    evs = extract_text(_SGP_LEAD + second)
    assert [who(e) for e in evs] == [[("SGP", "K. Shanmugam")], [("SGP", "Wong Kan Seng")]]
    assert evs[1]["chinese_side"][0]["name_en"] == "Meng Jianzhu"


def test_a_host_meeting_someone_else_is_not_a_second_chinese_meeting():
    evs = extract_text(_SGP_LEAD + "Singapore's Police Commissioner Ng Joo Hee also met the press afterwards.\n")
    assert [who(e) for e in evs] == [[("SGP", "K. Shanmugam")]]


# --- (3) aid inside a story; cue words that are not what they seem -------------------------------------

def test_equipment_supplied_by_china_and_inaugurated_is_material_assistance():
    text = ("KATHMANDU, Sept. 2, 2013 - Nepal Police on Monday began operating a digital trunking radio system "
            "supplied by the Chinese government. The system was inaugurated by Inspector General of Nepal Police Kuber "
            "Singh Rana and Liao Jinrong, Director-General of the International Cooperation Department of China's "
            "Ministry of Public Security.\n")
    (ev,) = extract_text(text)
    assert ev["event_type"] == "material_assistance" and who(ev)[0][0] == "NPL"
    assert ev["chinese_side"][0]["agency"] == "MPS"


def test_telephone_scams_do_not_make_a_phone_call():
    text = ("PUBLISHED: 2025-11-20\n\nUzbekistan's Minister of Internal Affairs Aziz Tashpulatov was received in Beijing "
            "on Wednesday by State Councilor and Minister of Public Security Wang Xiaohong, who proposed closer "
            "cooperation against terrorism, telephone scams and cybercrime.\n")
    (ev,) = extract_text(text)
    assert ev["mode"] == "in_person" and ev["date"] == "2025-11-19"
