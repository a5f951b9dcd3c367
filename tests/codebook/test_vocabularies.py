"""Topics, document types, agency types and rank rules behave as CODEBOOK §3-§5 say."""

from __future__ import annotations

import pytest


def test_topic_keywords(cb):
    for t in cb.topics:
        if t.code == "generic":
            assert not t.keywords_en and not t.keywords_zh
        else:
            assert t.keywords_en and t.keywords_zh, t.code
    kw = {t.code: set(t.keywords_zh) | set(t.keywords_en) for t in cb.topics}
    # CODEBOOK §5 seed keywords are kept (extend, don't narrow)
    seeds = {
        "social_stability": ["社会稳定", "安宁", "维稳", "政治安全", "反干涉", "social stability", "political security"],
        "transnational_crime": ["跨国犯罪", "有组织犯罪", "追逃追赃", "遣返", "transnational crime", "organized crime", "fugitives"],
        "counterdrug": ["毒品", "禁毒", "贩毒", "芬太尼", "drug", "narcotics", "fentanyl"],
        "telecom_fraud": ["电信诈骗", "电信网络诈骗", "电诈", "telecom fraud", "scam"],
        "counterterrorism": ["反恐", "恐怖主义", "三股势力", "分裂", "极端", "counterterrorism", "three evils", "extremism"],
        "overseas_interests_bri": ["中国公民和机构安全", "海外利益", "一带一路", "Chinese citizens"],
        "capacity_building": ["执法能力建设", "培训", "警用物资", "联合巡逻", "capacity building", "training", "equipment", "joint patrols"],
        "event_security": ["大型活动安保", "major event security"],
        "cybercrime": ["网络犯罪", "网络安全", "cybercrime", "cybersecurity"],
        "financial_crime_gambling": ["赌博", "跨境赌博", "经济犯罪", "洗钱", "gambling", "money laundering", "financial crime"],
        "human_trafficking": ["拐卖", "反拐", "人口贩运", "human trafficking"],
        "immigration_border": ["边境管理", "非法出入境", "移民", "出入境", "border", "immigration", "illegal migrants"],
    }
    for code, words in seeds.items():
        missing = [w for w in words if w not in kw[code]]
        assert not missing, (code, missing)
    # generic law-enforcement cooperation names no area
    for t in cb.topics:
        assert "执法合作" not in t.keywords_zh and "law enforcement cooperation" not in [k.lower() for k in t.keywords_en]


@pytest.mark.parametrize("title,code", [
    ("中华人民共和国公安部和尼泊尔政府内政部会谈纪要", "meeting_minutes"),
    ("中越两国公安部第二次合作打击犯罪会议纪要", "meeting_minutes"),
    ("中华人民共和国公安部和意大利共和国内政部关于开展警务联合巡逻的谅解备忘录", "mou"),
    ("关于加强执法合作的意向备忘录", "mou"),
    ("关于打击跨国犯罪的合作协定", "accord"),
    ("合作协定书", "accord"),
    ("关于打击跨国犯罪的合作协议书", "protocol"),
    ("执法合作协议", "protocol"),
    ("对话成果清单", "outcomes_list"),
    ("物资交接书", "handover_document"),
    ("关于落实行动计划的谅解备忘录", "mou"),        # the head noun ends the title
    ("谅解备忘录实施行动方案", "action_plan"),
    ("合作意向书", "letter_of_intent"),
    ("換文", "exchange_of_notes"),                  # Traditional
    ("Memorandum of Understanding on Law Enforcement Cooperation", "mou"),
    ("Minutes of Meeting on Further Strengthening Law Enforcement and Security Cooperation", "meeting_minutes"),
    ("Joint Statement on Law Enforcement Cooperation", "joint_statement"),
    ("Letter of Intent on Police Training", "letter_of_intent"),
])
def test_doc_type_precedence(cb, title, code):
    assert cb.doc_type_of(title) == code


def test_doc_type_unknown(cb):
    assert cb.doc_type_of("中华人民共和国和某国引渡条约") is None
    assert cb.doc_type_of("") is None
    groups = {d.code: d.group for d in cb.doc_types}
    assert groups["protocol"] == groups["accord"] == groups["mou"] == "protocol_accord_mou"
    assert groups["meeting_minutes"] == "meeting_minutes"
    assert groups["cooperation_document"] == "unspecified"


@pytest.mark.parametrize("title,level", [
    ("Deputy Minister of Internal Affairs", "vice_ministerial"),
    ("Vice Minister of Public Security", "vice_ministerial"),
    ("First Deputy Minister of the Interior", "vice_ministerial"),
    ("Minister of Internal Affairs", "ministerial"),
    ("Deputy Prime Minister and Minister of Interior", "ministerial"),
    ("Inspector-General of Police", "other"),  # police heads: see the ruling in ranks.yaml
    ("Deputy Inspector General of Police", "other"),
    ("Secretary of State for Security", "vice_ministerial"),
    ("Home Secretary", "ministerial"),
    ("Permanent Secretary of the Ministry of Interior", "vice_ministerial"),
    ("Minister-Counsellor of the Embassy", "other"),
    ("Secretary-General of INTERPOL", "other"),
    ("副部长", "vice_ministerial"),
    ("内务部第一副部长", "vice_ministerial"),
    ("内政部长", "ministerial"),
    ("副总理兼内政部长", "ministerial"),
    ("國家警察總監", "other"),
    ("常务次长", "vice_ministerial"),
])
def test_rank_rules(cb, title, level):
    assert cb.rank_level_of(title) == level


def test_rank_rule_none(cb):
    assert cb.rank_level_of("spokesperson") is None


@pytest.mark.parametrize("body,code", [
    ("Ministry of Internal Affairs", "interior_home_affairs"),
    ("Ministry of Home Affairs", "interior_home_affairs"),
    ("Department of Homeland Security", "public_security"),
    ("Ministry of Public Security", "public_security"),
    ("State Security Service", "state_security"),
    ("Royal Thai Police", "national_police"),
    ("Inspector-General of Police", "national_police"),
    ("Attorney General", "justice"),
    ("Prosecutor General's Office", "prosecutor"),
    ("Department of Immigration", "immigration_border"),
    ("Narcotics Control Board", "narcotics"),
    ("National Intelligence Agency", "intelligence"),
    ("Deputy Minister of Foreign Affairs", "foreign_affairs"),
    ("Prime Minister", "head_of_government"),
    ("INTERPOL", "international_org"),
    ("内政部", "interior_home_affairs"),
    ("国家警察总署", "national_police"),
    ("禁毒委员会", "narcotics"),
    ("国家安全部", "state_security"),
    ("公安部", "public_security"),
])
def test_agency_types(cb, body, code):
    assert cb.agency_type_of(body) == code


def test_chinese_titles(cb):
    cases = {
        "公安部部长": ("minister", "MPS"),
        "公安部常务副部长": ("executive_vice_minister", "MPS"),
        "公安部副部长": ("vice_minister", "MPS"),
        "公安部部长助理": ("assistant_minister", "MPS"),
        "中央政法委书记": ("cplc_head", "CPLC"),
        "国家安全部部长": ("minister", "MSS"),
        "國務委員": ("other", "other"),
        "Executive Vice Minister of Public Security": ("executive_vice_minister", "MPS"),
    }
    for title, (rank, agency) in cases.items():
        t = cb.find_chinese_title(title)
        assert t is not None, title
        assert (t.rank, t.agency) == (rank, agency), title


def test_scan_names(cb):
    names = cb.scan_names("country")
    us = [n for n in names if n.name == "US"]
    assert us and us[0].id == "USA" and us[0].case_sensitive
    assert any(n.name == "Vietnamese" and n.id == "VNM" and not n.case_sensitive for n in names)
    assert any(n.name == "老挝" and n.language == "zh" for n in names)
    orgs = cb.scan_names("organization")
    assert any(n.name == "SCO" and n.case_sensitive for n in orgs)
    assert any(n.name == "王小洪" and n.id == "wang_xiaohong" for n in cb.scan_names("official"))
    assert any(n.id == "公安部常务副部长" for n in cb.scan_names("chinese_title"))
    import pytest

    from isd.codebook import CodebookError

    with pytest.raises(CodebookError):
        cb.scan_names("planet")
