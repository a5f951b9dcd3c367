"""Round-4 rule families, each on short readouts written for these tests (real facts, our own words), in the
styles the real-readout check and the foreign-side dev set showed to fail: one meeting per country for "guests
from A, B and C"; a web page's caption above the dateline; venues that are not parties; envoys and police
officers named in appositions; namesakes of listed officials; title words joined by "of"; a second Chinese
host on the visitor's trip; "the same day" and other date forms; where a foreign-side meeting happened;
the world gazetteer; planned (not made) signings; attendees; foreign "Ministers of Public Security"."""

from isd.extract import extract_text


def who(ev):
    return [(c["country_iso3"] or c["organization"], c["name"]) for c in ev["counterparts"]]


def chinese(ev):
    c = ev["chinese_side"][0]
    return c["name_en"] or c["name_zh"], c["agency"]


# --- (1) "met with guests from A, B and C": one meeting per country (CODEBOOK §2) ---------------------------

def test_guests_from_a_list_of_countries_are_separate_sideline_meetings():
    text = ("PUBLISHED: 2023-09-20\n\nNANJING, Sept. 19 (Xinhua) -- Chinese State Councilor and Minister of Public "
            "Security Wang Xiaohong on Tuesday met with guests from Guyana, Russia and Kyrgyzstan who are in "
            "Lianyungang to attend the Global Public Security Cooperation Forum.\n\nMeeting with Minister of Home "
            "Affairs Robeson Benn of Guyana, Wang called for closer law enforcement cooperation.\n\nMeeting with "
            "Russian Deputy Prosecutor General Petr Gorodov, Wang spoke of judicial assistance in criminal cases.\n\n"
            "Meeting with Kyrgyz Internal Affairs Minister Ulan Niyazbekov, Wang proposed joint work against "
            "terrorism and cross-border gambling.\n")
    evs = extract_text(text)
    assert sorted(who(e)[0][0] for e in evs) == ["GUY", "KGZ", "RUS"]
    assert all(e["event_type"] == "sideline_bilateral" and e["multilateral_context"] == "GPSCFL 2023" for e in evs)
    assert all(e["location"]["city"] == "Lianyungang" for e in evs)  # the forum's city, not the dateline's
    kgz = next(e for e in evs if who(e)[0][0] == "KGZ")
    assert kgz["counterparts"][0]["agency_type"] == "interior_home_affairs"
    assert "counterterrorism" in kgz["topics"]


def test_interpol_president_met_with_other_guests_is_a_bilateral_meeting_not_multilateral():
    text = ("PUBLISHED: 2024-09-07\n\nBEIJING, Sept. 6 (Xinhua) -- Chinese State Councilor and Minister of Public "
            "Security Wang Xiaohong met with officials from the Maldives and Ethiopia, as well as the president of "
            "Interpol, in Beijing on Friday.\n\nInterpol President Ahmed Nasser Al-Raisi, Commissioner General of "
            "the Ethiopian Federal Police Commission Demelash Gebremichael and Maldivian Minister of Homeland "
            "Security Ali Ihusan were all in Beijing for the upcoming Global Public Security Cooperation Forum.\n")
    evs = extract_text(text)
    assert sorted(who(e)[0][0] for e in evs) == ["ETH", "INTERPOL", "MDV"]
    assert not any(e["event_type"] == "multilateral_meeting" for e in evs)
    interpol = next(e for e in evs if who(e)[0][0] == "INTERPOL")
    assert interpol["counterparts"][0]["rank_level"] == "other"  # an organisation's president, not a head of state
    eth = next(e for e in evs if who(e)[0][0] == "ETH")
    assert eth["counterparts"][0]["agency_type"] == "national_police"


# --- (2) a web page: headline, caption and summary above the dateline ---------------------------------------

def test_caption_above_the_dateline_is_no_extra_event_but_gives_the_context():
    text = ("PUBLISHED: 2024-09-09\n\nChina's public security minister meets Serbian official\n\n"
            "Chinese State Councilor and Minister of Public Security Wang Xiaohong meets with Serbian Deputy Prime "
            "Minister and Minister of the Interior Ivica Dacic, who is in China for the upcoming Global Public "
            "Security Cooperation Forum (Lianyungang), in Beijing, Sept. 8, 2024. (Xinhua/photographer)\n\n"
            "BEIJING, Sept. 8 (Xinhua) -- Chinese State Councilor and Minister of Public Security Wang Xiaohong met "
            "with Serbian Deputy Prime Minister and Minister of the Interior Ivica Dacic here on Sunday.\n\n"
            "Wang called for deeper cooperation against telecom fraud and terrorism.\n")
    evs = extract_text(text)
    assert len(evs) == 1
    e = evs[0]
    assert who(e) == [("SRB", "Ivica Dacic")] and e["date"] == "2024-09-08"
    assert e["multilateral_context"] == "GPSCFL 2024"
    assert e["counterparts"][0]["agency_type"] == "interior_home_affairs"


# --- (3) venues are not parties ------------------------------------------------------------------------------

def test_permanent_mission_to_the_united_nations_is_a_venue():
    text = ("PUBLISHED: 2024-06-27\n\nISLAMABAD - Federal Minister for Interior Mohsin Naqvi held a meeting with "
            "Chinese Vice Minister of Public Security Qi Yanjun in New York on Thursday.\n\nThe meeting took place at "
            "the Permanent Mission of the People's Republic of China to the United Nations. The two sides discussed "
            "training for Pakistani law enforcement agencies and the security of Chinese citizens.\n")
    evs = extract_text(text)
    assert [who(e)[0][0] for e in evs] == ["PAK"]
    assert evs[0]["counterparts"][0]["agency_type"] == "interior_home_affairs"
    assert evs[0]["location"] == {"city": "New York", "country_iso3": "USA"}


# --- (4) Chinese envoys and police officers named in appositions ----------------------------------------------

def test_ambassador_named_after_a_comma_and_a_lower_case_title():
    text = ("PUBLISHED: 2019-11-19\n\nInterior Minister, Chinese Ambassador Discuss Security Situation\n\n"
            "ISLAMABAD - Minister for Interior Ejaz Shah in a meeting with Chinese ambassador to Pakistan Yao Jing "
            "here on Tuesday discussed the security situation and cooperation on the Safe City project.\n")
    evs = extract_text(text)
    assert len(evs) == 1
    assert chinese(evs[0]) == ("Yao Jing", "embassy")
    assert who(evs[0]) == [("PAK", "Ejaz Shah")]
    assert evs[0]["location"]["city"] == "Islamabad"


def test_ambassador_named_before_his_title_at_a_handover():
    text = ("VIENTIANE, Oct 23, 2020 (KPL) - The Ministry of Public Security of Laos today received a batch of law "
            "enforcement vehicles provided as assistance by the Ministry of Public Security of China.\n\nThe handover "
            "ceremony was attended by Minister of Public Security Vilay Lakhamfong and by Jiang Zaidong, Ambassador "
            "of the People's Republic of China to the Lao PDR.\n")
    evs = extract_text(text)
    assert len(evs) == 1
    assert chinese(evs[0]) == ("Jiang Zaidong", "embassy")
    assert evs[0]["event_type"] == "material_assistance"
    assert evs[0]["location"] == {"city": "Vientiane", "country_iso3": "LAO"}


def test_police_attache_with_a_rank_before_the_name():
    text = ("PUBLISHED: 2023-10-20\n\nBANGKOK - The Commissioner-General of the Royal Thai Police, Pol Gen Torsak "
            "Sukvimol, on Thursday received Pol Maj-Gen Wen Yongkang, Counsellor and Police Attache of the Embassy of "
            "the People's Republic of China in Thailand, at police headquarters. They discussed online scams and "
            "the safety of Chinese tourists.\n")
    evs = extract_text(text)
    assert len(evs) == 1
    assert chinese(evs[0]) == ("Wen Yongkang", "embassy")
    assert evs[0]["counterparts"][0]["agency_type"] == "national_police"
    assert set(evs[0]["topics"]) >= {"telecom_fraud", "overseas_interests_bri"}


# --- (5) namesakes of listed officials -----------------------------------------------------------------------

def test_a_police_attache_is_not_his_namesake_in_the_officials_list():
    text = ("PUBLISHED: 2018-11-29\n\nISLAMABAD - The Inspector General of Police of Islamabad, Muhammad Aamir "
            "Zulfiqar Khan, said on Wednesday that security around the Chinese Embassy had been reinforced.\n\n"
            "He made the remarks in a meeting with the Chinese Police Attache, Wang Yong.\n")
    evs = extract_text(text)
    assert len(evs) == 1
    assert chinese(evs[0]) == ("Wang Yong", "embassy")  # not the MPS official elected to INTERPOL in 2024
    assert evs[0]["date"] == "2018-11-28"  # "said on Wednesday" in the sentence the meeting refers back to
    assert evs[0]["counterparts"][0]["title"] == "Inspector General of Police"


# --- (6) titles whose words are joined by "of" --------------------------------------------------------------

def test_title_words_joined_by_of_and_a_country_name():
    text = ("MOSCOW, May 23 (Xinhua) -- Chen Wenqing, head of China's Commission for Political and Legal Affairs, "
            "held talks in Moscow on Monday with Russian Security Council Secretary Nikolai Patrushev on "
            "counter-terrorism.\n\nChen also held a bilateral meeting with Sergei Naryshkin, director of Russia's "
            "Foreign Intelligence Service, during his stay.\n")
    evs = extract_text(text)
    assert [who(e)[0][1] for e in evs] == ["Nikolai Patrushev", "Sergei Naryshkin"]
    assert evs[0]["counterparts"][0]["agency_type"] == "state_security"
    assert evs[0]["counterparts"][0]["rank_level"] == "ministerial"
    assert evs[1]["counterparts"][0]["agency_type"] == "intelligence"


# --- (7) the visitor's trip: another Chinese host, the same visitor ------------------------------------------

def test_the_visiting_minister_later_meets_a_provincial_police_chief():
    text = ("PUBLISHED: 2024-09-10\n\nGUANGZHOU - Serbian Deputy Prime Minister and Minister of Internal Affairs Ivica Dacic "
            "today held a meeting with Zhang Ruiem, deputy mayor of Guangzhou and director of the Guangzhou Public "
            "Security Bureau, on the fight against transnational crime.\n\nThe minister later met Liu Guozhou, vice "
            "governor of Guangdong Province and director of the Guangdong Provincial Public Security Department.\n")
    evs = extract_text(text)
    assert [chinese(e)[0] for e in evs] == ["Zhang Ruiem", "Liu Guozhou"]
    assert all(who(e)[0][0] == "SRB" for e in evs)
    assert evs[1]["chinese_side"][0]["agency"] == "provincial_psb"
    assert evs[1]["counterparts"][0]["name"] == "Ivica Dacic"


def test_later_the_same_day_the_visitor_meets_another_official():
    text = ("BEIJING (VNA) - Viet Nam and China agreed on January 5, 2012 to step up the fight against drug "
            "trafficking.\n\nThe agreement came out of talks in Beijing between Minister of Public Security Tran Dai "
            "Quang and his Chinese counterpart Meng Jianzhu.\n\nLater the same day Quang met Zhou Yongkang, Secretary "
            "of the Political and Legal Affairs Commission.\n\nQuang is paying an official visit to China from "
            "January 4 to 7, 2012.\n")
    evs = extract_text(text)
    assert [chinese(e)[0] for e in evs] == ["Meng Jianzhu", "Zhou Yongkang"]
    assert [e["date"] for e in evs] == ["2012-01-05", "2012-01-05"]
    assert evs[1]["counterparts"][0]["agency_type"] == "public_security"  # the same visitor's title


# --- (8) date forms ---------------------------------------------------------------------------------------------

def _date(body, published="2024-06-20"):
    evs = extract_text(f"PUBLISHED: {published}\n\n{body}")
    return [(e["date"], e["date_precision"]) for e in evs]


def test_date_forms_numeric_ordinal_and_ranges():
    meeting = "Chinese Minister of Public Security Wang Xiaohong met Pakistani Interior Minister Mohsin Naqvi {} in Beijing."
    assert _date(meeting.format("on 12/06/2024")) == [("2024-06-12", "day")]
    assert _date(meeting.format("on the 12th")) == [("2024-06-12", "day")]
    assert _date(meeting.format("on June 12th")) == [("2024-06-12", "day")]
    assert _date(meeting.format("earlier this month")) == [("2024-06-01", "month")]
    assert _date("ISLAMABAD, (APP - 27th Jun, 2024) " + meeting.format("on Thursday")) == [("2024-06-27", "day")]


def test_url_year_dates_a_dateline_without_year():
    text = ("URL: https://example.org/news/2024/09/ministers.html\n\nBISHKEK, Sept. 10 -- Kyrgyz Minister of "
            "Internal Affairs Ulan Niyazbekov met visiting Chinese Minister of Public Security Wang Xiaohong.\n")
    evs = extract_text(text)
    assert [e["date"] for e in evs] == ["2024-09-10"]
    assert evs[0]["location"] == {"city": "Bishkek", "country_iso3": "KGZ"}  # "visiting": the host's capital


# --- (9) where a foreign-side meeting happened; the gazetteer ------------------------------------------------

def test_foreign_host_receiving_a_chinese_delegation_is_at_home():
    text = ("PUBLISHED: 2024-08-23\n\nDeputy Director of the Ho Chi Minh City Department of Public Security Colonel Le "
            "Quang Dao on August 22 received a delegation of the Shanghai Municipal Public Security Bureau of China, "
            "headed by Mr Zhang Wei, head of the bureau's Political Department.\n")
    evs = extract_text(text)
    assert len(evs) == 1
    assert chinese(evs[0]) == ("Zhang Wei", "provincial_psb")
    assert evs[0]["location"] == {"city": "Ho Chi Minh City", "country_iso3": "VNM"}


def test_capitals_from_the_codebook_gazetteer():
    text = ("PUBLISHED: 2017-03-01\n\nAccra - China's Ambassador to Ghana, Sun Baohong, held talks in Accra with the "
            "Acting Inspector-General of Police, David Asante-Apeatu, on security for Chinese nationals and training.\n")
    evs = extract_text(text)
    assert len(evs) == 1
    assert evs[0]["location"] == {"city": "Accra", "country_iso3": "GHA"}
    assert chinese(evs[0]) == ("Sun Baohong", "embassy")
    assert evs[0]["counterparts"][0]["rank_level"] == "other"
    dhaka = extract_text("PUBLISHED: 2024-09-12\n\nDHAKA, Sept 11 - Home Adviser Jahangir Alam Chowdhury today met a "
                         "visiting Chinese police delegation at the Secretariat to discuss drug smuggling.\n")
    assert [who(e)[0][0] for e in dhaka] == ["BGD"]
    assert dhaka[0]["location"]["country_iso3"] == "BGD"


# --- (10) things said, planned or attended are not events of their own ----------------------------------------

def test_a_planned_signing_is_no_agreement():
    text = ("PUBLISHED: 2023-11-02\n\nJAKARTA - Indonesian Vice President Ma'ruf Amin received Chinese Minister of "
            "Public Security Wang Xiaohong on Wednesday and welcomed the plan for the two police forces to sign a "
            "memorandum of understanding on counter-terrorism.\n")
    evs = extract_text(text)
    assert len(evs) == 1 and evs[0]["agreements"] == []


def test_attendees_are_not_another_meeting():
    text = ("PUBLISHED: 2025-02-12\n\nNAIROBI - Inspector General of Police Douglas Kanja on Tuesday met Chinese "
            "Ambassador to Kenya Guo Haiyan at the National Police Service headquarters to discuss police training.\n\n"
            "Also present at the meeting were Ambassador Jane Makori of the Kenyan foreign ministry and senior "
            "police commanders.\n")
    evs = extract_text(text)
    assert [who(e)[0] for e in evs] == [("KEN", "Douglas Kanja")]


def test_a_foreign_minister_of_public_security_is_not_the_chinese_minister():
    text = ("PUBLISHED: 2023-03-15\n\nCOLOMBO - China donated uniform material for the Sri Lanka Police on Wednesday. "
            "The donation was handed over by the Ambassador of China to Sri Lanka, Qi Zhenhong, to the Minister of "
            "Public Security, Tiran Alles.\n")
    evs = extract_text(text)
    assert len(evs) == 1
    assert chinese(evs[0]) == ("Qi Zhenhong", "embassy")  # not Wang Xiaohong by rank-on-date
    assert who(evs[0]) == [("LKA", "Tiran Alles")]
    assert evs[0]["event_type"] == "material_assistance"


# --- (11) round-4b: exact dates over vague ones, places of crime, misspelt names, third-country envoys ----------

def test_an_exact_date_later_in_the_story_beats_a_vague_lead():
    text = ("PUBLISHED: 2015-11-29\n\n缅甸中文网讯 中国政府向缅甸警方捐赠的505辆警用车辆近日完成交接。11月27日上午，双方在内比都举行"
            "警用车辆交接仪式，缅甸内政部联邦部长哥哥中将和中国驻缅甸大使洪亮出席仪式。\n")
    evs = extract_text(text)
    assert len(evs) == 1
    e = evs[0]
    assert (e["date"], e["event_type"]) == ("2015-11-27", "material_assistance")
    assert e["location"] == {"city": "Nay Pyi Taw", "country_iso3": "MMR"}
    assert e["counterparts"][0]["agency_type"] == "interior_home_affairs"  # 内政部联邦部长: the ministry, a qualifier, the post


def test_a_country_named_as_the_place_of_crimes_is_no_party():
    text = ("PUBLISHED: 2025-01-29\n\nBANGKOK - Royal Thai Police chief Kittirat Phanphet met Chinese Assistant Minister of "
            "Public Security Liu Zhongyi on Tuesday to plan operations against call-centre scams in the Myawaddy region "
            "of Myanmar.\n")
    evs = extract_text(text)
    assert [who(e)[0][0] for e in evs] == ["THA"]


def test_a_misspelt_surname_with_the_chinese_title_finds_the_official():
    text = ("PUBLISHED: 2023-09-22\n\nThai deputy police chief Pol Gen Surachate Hakparn met China's Deputy Minister of Public Security, Zhou "
            "Ganlu, in Lianyungang on the sidelines of the Global Public Security Cooperation Forum to discuss online "
            "scams and Chinese tourists.\n")
    evs = extract_text(text)
    assert len(evs) == 1
    assert evs[0]["chinese_side"][0]["name_en"] == "Xu Ganlu"
    assert evs[0]["chinese_side"][0]["rank"] == "vice_minister"
    assert evs[0]["multilateral_context"] == "GPSCFL 2023"


def test_a_third_country_ambassador_meeting_the_same_host_is_no_chinese_event():
    text = ("PUBLISHED: 2024-03-28\n\nKATHMANDU - Ambassador of the People's Republic of China to Nepal Chen Song paid a "
            "courtesy call on Home Minister Rabi Lamichhane on Wednesday to discuss border security.\n\nAlso today, "
            "Ambassador of Pakistan to Nepal Abrar Hashmi met with the Home Minister.\n\nDuring the meeting, Ambassador "
            "Hashmi spoke of an agreement on crime control between Nepal and Pakistan.\n")
    evs = extract_text(text)
    assert [(chinese(e)[0], who(e)[0][0]) for e in evs] == [("Chen Song", "NPL")]


def test_a_donation_announced_for_later_does_not_hide_the_meeting_already_held():
    text = ("PUBLISHED: 2025-09-23\n\nPORT VILA - The Minister of Internal Affairs, Hon. Andrew Solomon Napuat, has "
            "confirmed that China will donate police equipment to the Vanuatu Police Force following his meeting with "
            "China's State Councillor and Minister of Public Security, Wang Xiaohong, in Beijing last Friday.\n\nChina "
            "will also provide INTERPOL communication systems.\n")
    evs = extract_text(text)
    assert [(who(e)[0][0], e["date"], e["event_type"]) for e in evs] == [("VUT", "2025-09-19", "bilateral_meeting")]
    assert evs[0]["location"] == {"city": "Beijing", "country_iso3": "CHN"}
    assert evs[0]["counterparts"][0]["agency_type"] == "interior_home_affairs"


def test_peacekeeping_police_departure_is_out_of_scope():
    text = ("PUBLISHED: 2025-08-05\n\n中国第九支赴南苏丹维和警队出征仪式5日在北京举行，队员将在联合国南苏丹特派团执行维和任务。\n")
    assert extract_text(text) == []


# --- (12) round-4c: the lead dates the occasion; months; an earlier call told in the same story ----------------

def test_the_lead_sentence_dates_a_dialogue_whose_co_chairs_come_next():
    text = ("PUBLISHED: 2022-11-24\n\n本报北京电  首次中国—部分南太岛国执法能力与警务合作部级对话本周二以视频方式举行。"
            "中共中央书记处书记、公安部部长王小洪与所罗门群岛警察、国家安全与惩教部部长维科共同主持并作主旨发言。"
            "斐济、瓦努阿图、基里巴斯、汤加和巴布亚新几内亚警察部门负责人出席并发言。\n")
    evs = extract_text(text)
    assert len(evs) == 1
    e = evs[0]
    assert (e["date"], e["mode"], e["event_type"]) == ("2022-11-22", "video", "multilateral_meeting")
    assert sorted(c["country_iso3"] for c in e["counterparts"]) == ["FJI", "KIR", "PNG", "SLB", "TON", "VUT"]


def test_an_earlier_call_between_the_same_pair_is_its_own_event():
    text = ("PUBLISHED: 2024-04-26\n\n新华社北京4月25日电  国务委员、公安部部长王小洪25日在北京会见应邀来华进行工作访问的缅甸内政部部长雅毕。"
            "王小洪表示，愿同缅方深入开展打击电信网络诈骗等跨境犯罪行动。\n\n今年1月初，王小洪曾与雅毕举行视频通话。\n")
    evs = extract_text(text)
    got = sorted((e["date"], e["date_precision"], e["mode"]) for e in evs)
    assert got == [("2024-01-01", "month", "video"), ("2024-04-25", "day", "in_person")]
    assert all(e["counterparts"][0]["country_iso3"] == "MMR" for e in evs)


def test_a_coming_month_is_no_event_date_and_a_stated_day_wins():
    text = ("PUBLISHED: 2024-04-20\n\nNUKU'ALOFA - A team of China's Ministry of Public Security paid a courtesy call on "
            "Tongan Prime Minister Hu'akavameiliku on April 3, 2024 to discuss police support for the Pacific Islands "
            "Forum leaders' meeting in August.\n")
    evs = extract_text(text)
    assert [(e["date"], e["date_precision"]) for e in evs] == [("2024-04-03", "day")]


def test_a_news_agency_desk_is_not_the_party():
    text = ("PUBLISHED: 2025-09-23\n\nSydney, Sept 23 (AFP) Vanuatu's interior minister Andrew Solomon Napuat said China "
            "will donate police equipment to his country's police force.\n\nThe announcement comes after Napuat paid a "
            "visit to Beijing last week, where he met with his Chinese counterpart Wang Xiaohong.\n")
    evs = extract_text(text)
    assert [e["counterparts"][0]["country_iso3"] for e in evs] == ["VUT"]
    assert evs[0]["location"]["country_iso3"] == "CHN"


# --- (13) round-4d: the occasion's organisation is no party; a second Chinese official at the same meeting -------

def test_the_organisation_whose_meeting_the_visitors_attend_is_no_party():
    text = ("PUBLISHED: 2018-05-21\n\nBEIJING, May 21 (Xinhua) -- Chinese State Councilor and Minister of Public Security "
            "Zhao Kezhi on Monday met separately with the security council secretaries of Kyrgyzstan and Uzbekistan, who "
            "are in Beijing for the 13th meeting of Security Council Secretaries of the Shanghai Cooperation "
            "Organization (SCO).\n")
    evs = extract_text(text)
    assert sorted(who(e)[0][0] for e in evs) == ["KGZ", "UZB"]
    assert all(e["multilateral_context"] == "SCO" and e["event_type"] == "sideline_bilateral" for e in evs)


def test_a_vice_minister_who_also_spoke_at_the_meeting_joins_its_chinese_side():
    text = ("PUBLISHED: 2023-04-30\n\nBEIJING - Chinese Minister of Public Security Wang Xiaohong held talks with Cambodian "
            "Deputy Prime Minister and Minister of Interior Sar Kheng in Beijing on April 29 on fighting telecom fraud.\n\n"
            "Chinese Vice Minister of Public Security Xu Datong and Cambodian National Police Commissioner General Neth "
            "Savoeun also spoke at the meeting.\n")
    evs = extract_text(text)
    assert len(evs) == 1
    assert [c["name_en"] for c in evs[0]["chinese_side"]] == ["Wang Xiaohong", "Xu Datong"]
    assert evs[0]["counterparts"][0]["agency_type"] == "interior_home_affairs"


def test_a_hand_over_after_the_signing_is_an_event_of_its_own():
    text = ("PUBLISHED: 2018-05-13\n\nPHNOM PENH - Deputy Prime Minister and Minister of Interior Sar Kheng and visiting "
            "Chinese State Councillor and Minister of Public Security Zhao Kezhi signed a memorandum of understanding on "
            "combating terrorism and cybercrime in Phnom Penh on Friday, May 11.\n\nAfter the signing, Zhao's delegation "
            "handed over a consignment of donated equipment to the Cambodian police, including body armour and "
            "walkie-talkies.\n")
    evs = extract_text(text)
    kinds = sorted((e["event_type"], e["date"]) for e in evs)
    assert kinds == [("agreement_signing", "2018-05-11"), ("material_assistance", "2018-05-11")] or kinds == [
        ("bilateral_meeting", "2018-05-11"), ("material_assistance", "2018-05-11")]
    signing = next(e for e in evs if e["event_type"] != "material_assistance")
    assert [a["doc_type"] for a in signing["agreements"]] == ["mou"]
    assert "capacity_building" not in signing["topics"]


def test_an_organisation_named_as_a_kind_of_equipment_or_unit_is_no_party():
    text = ("PUBLISHED: 2018-08-15\n\nKAMPALA, Aug. 14 (Xinhua) -- The Chinese embassy in Uganda donated a 22-seater "
            "minibus to the directorate of Interpol and international relations of the Uganda Police Force.\n\nZheng "
            "Zhuqiang, Chinese ambassador to Uganda, handed over the vehicle. China earlier paid for the training of "
            "Interpol officers.\n")
    evs = extract_text(text)
    assert [(who(e)[0][0], e["event_type"]) for e in evs] == [("UGA", "material_assistance")]
    assert chinese(evs[0]) == ("Zheng Zhuqiang", "embassy")


def test_a_session_named_without_parties_takes_the_ministers_met_separately_on_its_sidelines():
    text = ("PUBLISHED: 2024-09-11\n\n新华社南京9月10日电  中国—中亚公安内务部长会晤机制首次会议10日在江苏连云港举行，"
            "国务委员、公安部部长王小洪出席并作主旨发言。会上，各方代表团团长共同签署有关合作文件。\n\n"
            "同日，王小洪分别会见哈萨克斯坦内务部部长萨杰诺夫、吉尔吉斯斯坦内务部部长尼亚兹别科夫。\n")
    evs = extract_text(text)
    multi = [e for e in evs if e["event_type"] == "multilateral_meeting"]
    side = [e for e in evs if e["event_type"] == "sideline_bilateral"]
    assert len(multi) == 1 and sorted(c["country_iso3"] for c in multi[0]["counterparts"]) == ["KAZ", "KGZ"]
    assert sorted(who(e)[0][0] for e in side) == ["KAZ", "KGZ"]
    assert all(e["location"]["city"] == "Lianyungang" for e in evs)
    assert all(e["multilateral_context"] == "China-Central Asia ministerial 2024" for e in evs)


# --- (14) round-4e: more foreign-side phrasings ----------------------------------------------------------------

def test_a_meeting_was_held_between_the_igp_and_a_chinese_provincial_delegation():
    text = ("PUBLISHED: 2023-11-28\n\nA meeting was held between Inspector General of Police Punjab Dr Usman Anwar and a "
            "delegation of the Public Security Department of Jiangsu Province of China at the Central Police Office "
            "Lahore on Monday. Both sides agreed to cooperate in training.\n")
    evs = extract_text(text)
    assert len(evs) == 1
    e = evs[0]
    assert who(e) == [("PAK", "Usman Anwar")]
    assert e["counterparts"][0]["title"] == "Inspector General of Police"
    assert e["location"] == {"city": "Lahore", "country_iso3": "PAK"}
    assert e["chinese_side"][0]["agency"] == "provincial_psb"


def test_welcomed_and_an_interior_cabinet_secretary():
    text = ("PUBLISHED: 2025-10-07\n\nNAIROBI - Interior Cabinet Secretary Kipchumba Murkomen welcomed Chinese Ambassador "
            "Guo Haiyan at his office on Monday and conferred with her on police training.\n")
    evs = extract_text(text)
    assert len(evs) == 1
    assert chinese(evs[0]) == ("Guo Haiyan", "embassy")
    c = evs[0]["counterparts"][0]
    assert (c["country_iso3"], c["name"], c["agency_type"], c["rank_level"]) == (
        "KEN", "Kipchumba Murkomen", "interior_home_affairs", "ministerial")


def test_earlier_and_future_signings_are_no_agreements_of_the_meeting():
    text = ("PUBLISHED: 2013-11-06\n\n本报讯 11月5日，第四届中柬禁毒合作双边会议在河南举行。公安部禁毒局局长刘跃进率团出席，柬埔寨国家禁毒"
            "委员会副秘书长率团来华与会。据介绍，2008年两国签署政府间禁毒合作谅解备忘录以来，双方禁毒部门密切配合。"
            "会后双方将以互换信函的方式签署本次会议的会议纪要。\n")
    evs = extract_text(text)
    assert [(e["date"], e["agreements"]) for e in evs] == [("2013-11-05", [])]
    text_en = ("PUBLISHED: 2010-12-18\n\nBEIJING - Chinese Minister of Public Security Meng Jianzhu and Russian Minister of "
               "Internal Affairs Rashid Nurgaliyev held talks in Beijing on Friday. At the end of the meeting they signed the "
               "minutes of their talks together with a cooperation agreement covering 2011 and 2012.\n")
    evs = extract_text(text_en)
    assert sorted(a["doc_type"] for a in evs[0]["agreements"]) == ["meeting_minutes", "protocol"]


def test_chinese_text_envoy_at_a_handover_and_a_foreign_minister_of_public_security():
    text = ("PUBLISHED: 2020-10-26\n\n万象消息：中国公安部援助老挝公安部执法车辆交接仪式23日在老挝首都万象举行。"
            "中国驻老挝大使姜再冬在仪式上致辞说，这批执法车辆将有助于提升老挝公安部的执法能力。"
            "老挝人民革命党中央书记处书记、公安部部长维莱在讲话中感谢中方的支持。\n")
    evs = extract_text(text)
    assert len(evs) == 1
    cs = evs[0]["chinese_side"][0]
    assert (cs["name_zh"], cs["agency"]) == ("姜再冬", "embassy")  # not the Chinese minister by rank-on-date
    assert evs[0]["event_type"] == "material_assistance"
    assert evs[0]["location"] == {"city": "Vientiane", "country_iso3": "LAO"}
