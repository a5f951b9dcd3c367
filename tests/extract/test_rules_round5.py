"""Round-5 rule families, each on short readouts written for these tests (real facts, our own words), in the
styles the real-readout check showed to fail: where a trip puts a meeting (a Chinese official abroad, a foreign
minister in China, told by either side's press); an embassy that only reports an occasion; trainings dated
from their end; whole counterpart titles (left and right of the dictionary words, a leading 副); a multilateral
session's party titled by its minister's meeting the same day."""

from isd.extract import extract_text


def who(ev):
    return [(c["country_iso3"] or c["organization"], c["name"]) for c in ev["counterparts"]]


def loc(ev):
    return ev["location"]["city"], ev["location"]["country_iso3"]


def by_name(evs, name):
    return next(e for e in evs if any(c["name"] == name for c in e["counterparts"]))


# --- (1) location on trips -------------------------------------------------------------------------------------

def test_while_in_the_host_country_the_later_meetings_are_located_there():
    text = ("PUBLISHED: 2018-05-13\nPUBLISHER: Manila paper\n\nCambodia, China sign security pact\n\n"
            "Cambodian Interior Minister Sar Kheng and Chinese Minister of Public Security Zhao Kezhi held talks on "
            "Friday, May 11, on counter-terrorism and cybercrime cooperation.\n\n"
            "Zhao also met Prime Minister Hun Sen while in Cambodia.\n")
    evs = extract_text(text)
    assert {e["location"]["country_iso3"] for e in evs} == {"KHM"}


def test_headline_meet_in_a_foreign_capital_locates_the_meetings_abroad():
    text = ("PUBLISHED: 2016-12-08\n\nGuo Shengkun holds law enforcement talks in Washington\n\n"
            "China's public security minister Guo Shengkun and U.S. Attorney General Loretta Lynch met on Wednesday "
            "and agreed to work together against transnational crime and to pursue fugitives.\n")
    evs = extract_text(text)
    assert [loc(e) for e in evs] == [("Washington", "USA")]


def test_foreign_outlet_minister_met_wang_in_beijing_is_located_in_china():
    text = ("PUBLISHED: 2025-09-22\nPUBLISHER: Vanuatu Daily Post\n\n"
            "Motorcycles, drones and other police gear are to go from China to Vanuatu, Internal Affairs Minister "
            "Andrew Solomon Napuat told reporters.\n\n"
            "The minister gave the news after talks with Wang Xiaohong, China's Minister of Public Security, held "
            "on Friday, September 19, 2025, in Beijing.\n")
    evs = extract_text(text)
    e = by_name(evs, "Andrew Solomon Napuat")
    assert loc(e) == ("Beijing", "CHN")


def test_foreign_dateline_visit_to_chinese_ministry_headquarters_is_in_china():
    text = ("PUBLISHED: 2026-01-07\nPUBLISHER: Pakistani channel\n\n"
            "Islamabad: Interior Minister Mohsin Naqvi held talks with Chinese Minister of Public Security Wang Xiaohong "
            "on Wednesday after he visited the headquarters of China's Ministry of Public Security.\n\n"
            "Counterterrorism and the training of police officers were on the agenda.\n")
    evs = extract_text(text)
    assert len(evs) == 1 and evs[0]["location"]["country_iso3"] == "CHN"
    assert evs[0]["location"]["city"] != "Islamabad"


def test_minister_visits_china_headline_locates_the_talks_in_china():
    text = ("PUBLISHED: 2023-09-14\nPUBLISHER: Vietnam News\n\nPublic security minister visits China\n\n"
            "To Lam, Viet Nam's Minister of Public Security, and his Chinese counterpart Wang Xiaohong jointly "
            "presided over the eighth ministerial-level conference on preventing and combating crime, where the two "
            "ministries signed an MOU against cross-border gambling.\n")
    evs = extract_text(text)
    assert evs and all(e["location"]["country_iso3"] == "CHN" for e in evs)


def test_tour_abroad_without_country_names_locates_each_meeting_with_its_host():
    text = ("PUBLISHED: 2023-11-13\n\nChinese state security minister ends 10-day tour of Southeast Asia\n\n"
            "In Phnom Penh's talks, Minister of State Security Chen Yixin and Cambodian Prime Minister Hun Manet agreed "
            "to work more closely on security.\n\nThai Prime Minister Srettha Thavisin later received Chen.\n")
    evs = extract_text(text)
    got = {who(e)[0][0]: e["location"]["country_iso3"] for e in evs}
    assert got == {"KHM": "KHM", "THA": "THA"}


def test_a_recent_visit_to_china_does_not_move_an_embassy_meeting():
    text = ("PUBLISHED: 2024-06-16\nPUBLISHER: Press Information Department, Government of Pakistan\n\n"
            "Islamabad: 16, June 2024\n\nInterior Minister Mohsin Naqvi called on Ambassador Jiang Zaidong at the Chinese "
            "Embassy on Sunday. They talked about keeping Chinese nationals safe and about the Prime Minister's "
            "recent visit to China.\n")
    evs = extract_text(text)
    assert evs and evs[0]["location"]["country_iso3"] == "PAK"


def test_visiting_chinese_minister_is_not_a_trip_to_china():
    text = ("PUBLISHED: 2011-02-19\n\nSINGAPORE, Feb. 18 (Xinhua) -- Visiting Chinese State Councilor and Minister of "
            "Public Security Meng Jianzhu and Singapore's Minister for Home Affairs K. Shanmugam on Friday signed a "
            "memorandum of understanding on fighting cross-border crime.\n\n"
            "During the visit Meng also called on President S R Nathan.\n")
    evs = extract_text(text)
    assert evs and all(e["location"]["country_iso3"] == "SGP" for e in evs)


# --- (2) the Chinese side of institution-run trainings -----------------------------------------------------------

def test_embassy_that_reports_a_training_is_not_its_actor_and_training_dated_from_its_end():
    text = ("PUBLISHED: 2022-11-09\n\nSolomon Islands officers back from police training in China\n\n"
            "Thirty-two officers of the Royal Solomon Islands Police Force returned home on 6 November after "
            "completing a one-month policing training seminar in Fujian Province, China, the Chinese Embassy in "
            "Honiara said.\n\nThey attended the seminar under the memorandum of understanding on police cooperation "
            "between China's Ministry of Public Security and the Solomon Islands Ministry of Police.\n")
    evs = extract_text(text)
    assert len(evs) == 1
    e = evs[0]
    assert e["event_type"] == "training"
    assert e["chinese_side"][0]["agency"] == "MPS"
    assert loc(e) == (None, "CHN")
    assert e["date"][:7] == "2022-10" and e["date_precision"] == "month"


# --- (3) whole counterpart titles ------------------------------------------------------------------------------

def test_title_words_around_president_make_an_adviser_not_a_head_of_government():
    text = ("PUBLISHED: 2024-01-30\n\nBEIJING, Jan. 30 (Xinhua) -- State Councilor and Minister of Public Security "
            "Wang Xiaohong met a U.S. delegation led by Jen Daskal, Deputy Assistant to the US President and Deputy "
            "Homeland Security Advisor, in Beijing on Tuesday; the meeting started a joint working group on drugs.\n")
    evs = extract_text(text)
    cp = evs[0]["counterparts"][0]
    assert cp["country_iso3"] == "USA"
    assert (cp["agency_type"], cp["rank_level"]) == ("other", "other")
    assert cp["title"].startswith("Deputy Assistant")


def test_state_department_for_internal_security_is_an_interior_body():
    text = ("PUBLISHED: 2025-12-10\n\nBEIJING, Dec. 9 (Xinhua) -- Vice Minister of Public Security Zhang Xumin met "
            "with Kenya's Principal Secretary of the State Department for Internal Security Raymond Omollo in "
            "Beijing on Tuesday.\n")
    cp = extract_text(text)[0]["counterparts"][0]
    assert cp["agency_type"] == "interior_home_affairs"
    assert cp["name"] == "Raymond Omollo"


def test_leading_fu_stays_with_the_chinese_title():
    text = ("新华社北京3月29日电 国务委员、公安部部长赵克志29日在北京会见柬埔寨副首相兼内政大臣萨肯，"
            "双方就执法合作交换了意见。\n")
    cp = extract_text(text)[0]["counterparts"][0]
    assert cp["title"].startswith("副首相")
    assert (cp["agency_type"], cp["rank_level"]) == ("interior_home_affairs", "ministerial")


def test_deputy_premier_without_portfolio_in_chinese_is_not_head_of_government():
    text = "新华社北京8月8日电 公安部副部长许甘露8日在曼谷会见泰国副总理巴威，双方就打击跨国犯罪合作交换了意见。\n"
    cp = extract_text(text)[0]["counterparts"][0]
    assert cp["agency_type"] == "other" and cp["rank_level"] == "ministerial"


# --- (4) a multilateral session's party titled by its minister's meeting the same day ----------------------------

def test_session_party_takes_the_post_of_the_minister_met_separately_the_same_day():
    text = ("本报连云港9月10日电 中国—中亚公安内务部长会晤机制首次会议10日在江苏连云港举行，国务委员、公安部部长王小洪"
            "出席并作主旨发言。\n\n会上，各方代表团团长作了发言，共同签署有关合作文件。\n\n"
            "同日，王小洪分别会见哈萨克斯坦内务部部长萨杰诺夫、吉尔吉斯斯坦内务部部长尼亚兹别科夫。\n")
    evs = extract_text(text)
    multi = next(e for e in evs if e["event_type"] == "multilateral_meeting")
    kaz = next(c for c in multi["counterparts"] if c["country_iso3"] == "KAZ")
    assert (kaz["agency_type"], kaz["rank_level"]) == ("interior_home_affairs", "ministerial")


# --- (5) promised gifts, equipment named after an organisation, older relative dates ---------------------------

def test_a_promised_donation_is_not_a_hand_over_and_interpol_systems_are_equipment():
    text = ("PUBLISHED: 2025-09-22\nPUBLISHER: Vanuatu Daily Post\n\n"
            "Police equipment, International Criminal Police Organisation (INTERPOL) systems among it, will be shipped and "
            "donated to the Vanuatu Police Force later this year, Internal Affairs Minister Andrew Solomon Napuat "
            "said.\n\nThe minister gave the news after talks with Wang Xiaohong, China's Minister of Public Security, "
            "held on Friday, September 19, 2025, in Beijing.\n")
    evs = extract_text(text)
    assert [who(e)[0][0] for e in evs] == ["VUT"]
    assert evs[0]["event_type"] != "material_assistance"


def test_a_hand_over_by_an_ambassador_to_a_country_stays_a_hand_over():
    text = ("PUBLISHED: 2020-07-16\nPUBLISHER: Chinese Embassy in Zambia\n\n"
            "Chinese Ambassador to Zambia Li Jie handed over police housing units in Monze on 4 July in the presence "
            "of Minister of Home Affairs Stephen Kampyongo.\n")
    evs = extract_text(text)
    assert evs and evs[0]["event_type"] == "material_assistance"


def test_qianri_is_two_days_before_publication():
    text = ("PUBLISHED: 2018-04-20\nPUBLISHER: 柬华日报\n\n"
            "中国公安部国际合作局局长廖进荣访柬期间，于前日下午会见柬埔寨移民总局局长宋坡上将，"
            "双方同意加强打击跨国犯罪合作。\n")
    evs = extract_text(text)
    assert evs and evs[0]["date"] == "2018-04-18"


# --- (6) Chinese trainings: the course words, Chinese police, the host's named officer ---------------------------

def test_lao_police_trained_with_chinese_police_is_a_training_in_china():
    text = ("PUBLISHED: 2011-12-09\n\n老挝警察完成湄公河联合巡逻培训\n\n"
            "11月20日起，15名老挝警察在云南关累港同中国警察接受了为期20天的培训，内容包括船艇驾驶和联合执法。\n")
    evs = extract_text(text)
    assert len(evs) == 1
    e = evs[0]
    assert (e["event_type"], e["chinese_side"][0]["agency"], who(e)[0][0]) == ("training", "MPS", "LAO")
    assert e["location"]["country_iso3"] == "CHN"


def test_police_college_programme_names_its_host_officer():
    text = ("中新社昆明12月8日电 云南警官学院8日为首批老挝学员举行警务留学生培养项目开学仪式。\n\n"
            "云南警官学院院长刘功华在仪式上勉励学员刻苦学习。\n")
    evs = extract_text(text)
    assert len(evs) == 1
    e = evs[0]
    assert e["event_type"] == "training"
    assert e["chinese_side"][0]["name_zh"] == "刘功华"
    assert e["chinese_side"][0]["agency"] == "provincial_psb"


def test_mps_university_is_the_ministry_not_a_provincial_department():
    text = ("PUBLISHED: 2024-05-20\n\nA training course for senior police officers from Pacific island countries "
            "opened at China People's Police University in Langfang on Monday, with 25 trainees from Fiji, "
            "Vanuatu and Solomon Islands.\n")
    evs = extract_text(text)
    assert evs and all(e["chinese_side"][0]["agency"] == "MPS" and e["event_type"] == "training" for e in evs)


# --- (7) counterparts: not the leader accompanied, nor the leaders whose consensus is cited ---------------------

def test_the_visitor_is_the_minister_not_the_leader_he_accompanied():
    text = ("越通社北京8月20日电 在陪同国家主席苏林访华期间，越共中央政治局委员、公安部部长梁三光上将20日在北京"
            "与中国国务委员、公安部部长王小洪会谈。\n\n"
            "双方同意按照两国最高领导人所达成的共识，加强打击电信网络诈骗合作。\n")
    evs = extract_text(text)
    assert len(evs) == 1
    cp = evs[0]["counterparts"][0]
    assert (cp["country_iso3"], cp["name"], cp["agency_type"], cp["rank_level"]) == (
        "VNM", "梁三光", "public_security", "ministerial")
    assert evs[0]["chinese_side"][0]["name_en"] == "Wang Xiaohong"


# --- (8) background signings, foreign publishers, defence officials, BRI in passing -----------------------------

def test_a_pact_signed_last_year_is_background_not_an_event():
    text = ("PUBLISHED: 2023-06-19\n\nOfficers of the Solomon Islands Police Response Team finished two weeks of "
            "intensive training run by the China Police Liaison Team at the Rove police headquarters in capital city "
            "Honiara.\n\nCommissioner Zhao Jinyong of the CPLT handed out the certificates.\n\nSolomon Islands signed "
            "a policing pact with China last year, to the concern of the United States and Australia.\n")
    evs = extract_text(text)
    assert len(evs) == 1
    e = evs[0]
    assert e["event_type"] == "training" and who(e)[0][0] == "SLB"
    assert loc(e) == ("Honiara", "SLB")
    assert e["chinese_side"][0]["name_en"] == "Zhao Jinyong" and e["chinese_side"][0]["agency"] == "MPS"


def test_another_countrys_ministry_of_public_security_as_publisher_is_no_chinese_actor():
    text = ("PUBLISHED: 2020-02-10\nPUBLISHER: Ministry of Public Security of Viet Nam\n\n"
            "A delegation of the Vietnamese Ministry of Public Security headed by Minister To Lam began a working visit "
            "to Laos on February 10.\n\nThat afternoon the minister met Lao Prime Minister Thongloun Sisoulith, who "
            "praised cooperation between the two police forces.\n")
    assert extract_text(text) == []


def test_a_defence_ministry_official_is_out_of_scope():
    text = ("PUBLISHED: 2013-01-23\n\nMajor General Qian Lihua of China's defence ministry handed vehicles and equipment "
            "to the Vanuatu Police Force in Port Vila on Tuesday.\n")
    assert extract_text(text) == []


def test_belt_and_road_praised_in_passing_is_no_security_topic_but_its_security_is():
    praise = ("BEIJING, May 14 (Xinhua) -- Chinese Minister of Public Security Zhao Kezhi met with Kyrgyz Interior Minister "
              "Kashkar Junushaliev in Beijing on Tuesday. Both praised the joint construction of the Belt and Road. "
              "They agreed to fight drug trafficking together.\n")
    topics = extract_text(praise)[0]["topics"]
    assert "overseas_interests_bri" not in topics and "counterdrug" in topics
    guard = praise.replace("Both praised the joint construction of the Belt and Road.",
                           "They agreed to enhance security capacity for the Belt and Road construction.")
    assert "overseas_interests_bri" in extract_text(guard)[0]["topics"]


# --- (9) MPS-hosted courses run by a province; one course, its trainees' several countries ----------------------

def test_course_hosted_by_the_ministry_names_the_provincial_officer_who_ran_it():
    text = ("PUBLISHED: 2016-10-26\n\n乍得警务执法研修班在湖北警官学院开班\n\n"
            "10月25日下午，由公安部主办、湖北省公安厅协办的乍得共和国中高级警务执法研修班开班。"
            "湖北省公安厅国际合作部门负责人汪学伟讲话，乍得中央警察局联络处处长代表学员发言。\n")
    evs = extract_text(text)
    assert len(evs) == 1
    e = evs[0]
    assert (e["event_type"], e["date"], who(e)[0][0]) == ("training", "2016-10-25", "TCD")
    assert (e["chinese_side"][0]["name_zh"], e["chinese_side"][0]["agency"]) == ("汪学伟", "provincial_psb")


def test_trainees_from_several_countries_are_parties_of_the_one_course():
    text = ("中新社昆明12月8日电 记者8日从云南警官学院获悉，警务硕士留学生培养项目在云南警官学院启动，首批老挝学员入学。"
            "来自老挝、蒙古国、坦桑尼亚和安哥拉的二十名学员参加本期项目。\n")
    evs = extract_text(text)
    assert len(evs) == 1
    assert sorted(c["country_iso3"] for c in evs[0]["counterparts"]) == ["AGO", "LAO", "MNG", "TZA"]


# --- (10) two officials of one country met in one sentence; a signing followed by talks ---------------------------

def test_two_titled_officials_of_one_country_are_two_meetings_not_chinas_leader():
    text = ("PUBLISHED: 2016-12-08\n\nChina, U.S. law enforcement chiefs meet in Washington\n\n"
            "Visiting Chinese Minister of Public Security Guo Shengkun held meetings on Wednesday with U.S. Attorney "
            "General Loretta Lynch and U.S. Secretary of Homeland Security Jeh Johnson.\n\n"
            "In the talks with Johnson, Guo said Chinese President Xi Jinping and his U.S. counterpart both valued "
            "cooperation on cybersecurity.\n")
    evs = extract_text(text)
    got = {c["name"]: (c["agency_type"], c["rank_level"]) for e in evs for c in e["counterparts"]}
    assert got == {"Loretta Lynch": ("justice", "ministerial"), "Jeh Johnson": ("public_security", "ministerial")}


def test_a_signing_followed_by_talks_stays_a_meeting():
    text = ("PUBLISHED: 2018-05-13\n\nCambodian Interior Minister Sar Kheng and China's Minister of Public Security Zhao "
            "Kezhi signed an MOU against terrorism and cybercrime on Friday, May 11. Afterwards the two ministers talked "
            "about deepening law enforcement cooperation.\n")
    evs = extract_text(text)
    assert len(evs) == 1
    assert evs[0]["event_type"] == "bilateral_meeting" and evs[0]["agreements"]


def test_an_invitation_to_visit_china_does_not_move_a_meeting_held_abroad():
    text = ("PUBLISHED: 2024-05-20\n\nPHNOM PENH, May 19 (Xinhua) -- Visiting Chinese State Councilor and Minister of "
            "Public Security Wang Xiaohong held talks with Cambodian Deputy Prime Minister and Minister of Interior Sar "
            "Sokha on Sunday.\n\nSar Sokha said he looked forward to visiting China again and welcomed closer "
            "cooperation against telecom fraud.\n")
    evs = extract_text(text)
    assert evs and all(e["location"]["country_iso3"] == "KHM" for e in evs)
    zh = ("新华社金边5月19日电 国务委员、公安部部长王小洪19日在金边会见柬埔寨副首相兼内政大臣韶索卡。\n\n"
          "王小洪表示，欢迎韶索卡再次访华，愿深化打击电信网络诈骗合作。\n")
    evs = extract_text(zh)
    assert evs and all(e["location"]["country_iso3"] == "KHM" for e in evs)


def test_a_word_glued_to_an_envoys_pinyin_name_is_cut_off():
    text = ("PUBLISHED: 2021-11-06\nPUBLISHER: Ugandan news site\n\n"
            "The delegation led by the Chinese Ambassador to Uganda H.E Zhang Lizhongat met with senior officers of the "
            "Uganda Police Force at Naguru on Friday and handed over a donation of police equipment.\n")
    evs = extract_text(text)
    assert evs and evs[0]["chinese_side"][0]["name_en"] == "Zhang Lizhong"
    assert evs[0]["chinese_side"][0]["agency"] == "embassy"


def test_the_region_where_crimes_happen_is_not_the_meeting_place():
    text = ("PUBLISHED: 2025-01-29\n\nBANGKOK - Thai police commanders and Chinese Assistant Minister of Public Security "
            "Liu Zhongyi met at the Royal Thai Police headquarters on Tuesday to plan operations against scam centres in "
            "the Myawaddy region of Myanmar.\n")
    evs = extract_text(text)
    assert evs and all(loc(e) == ("Bangkok", "THA") for e in evs)
