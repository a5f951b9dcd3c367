"""isd.extract.titles: a counterpart's agency_type and rank_level from the title.

(a) one or more titles per rule of src/isd/extract/title_rules.yaml (titles written for
    these tests); (b) the rules file's validation; (c) every titled counterpart of the
    development gold files (never the held-out sets) with an accuracy floor, printing the
    disagreements when it fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isd.extract.titles import (
    AGENCY_TYPES,
    RANK_LEVELS,
    TitleClassifier,
    TitleCoding,
    TitleRulesError,
    classify_title,
    default_rules_path,
    load_title_rules,
    title_classifier,
)

GOLD = Path(__file__).resolve().parents[1] / "gold"
DEV_FILES = ["en_dev.jsonl", "en_dev2.jsonl", "en_dev3.jsonl", "en_dev4.jsonl", "zh_dev.jsonl", "zh_dev2.jsonl"]
# measured 2026-11-23 on 256 titled counterparts: agency_type 0.945, rank_level 0.930; the
# remaining disagreements are context-only codings ("Head of delegation" coded with the
# delegation's agency) and gold lines inconsistent with each other (see the helper report)
AGENCY_FLOOR = 0.93
RANK_FLOOR = 0.92


def code(title, organization=False):
    k = classify_title(title, organization=organization)
    return k.agency_type, k.rank_level


# --- (a) rules -----------------------------------------------------------------------------

@pytest.mark.parametrize("title,agency,rank", [
    # interior ministries, incl. combined portfolios
    ("Minister of Internal Affairs", "interior_home_affairs", "ministerial"),
    ("Minister for Home Affairs and Immigration", "interior_home_affairs", "ministerial"),
    ("Federal Minister for Interior", "interior_home_affairs", "ministerial"),
    ("Interior Minister", "interior_home_affairs", "ministerial"),
    ("Minister of the Interior, Community Development and Public Security", "interior_home_affairs", "ministerial"),
    ("Cabinet Secretary for Interior and National Administration", "interior_home_affairs", "ministerial"),
    ("Minister of Homeland Security", "interior_home_affairs", "ministerial"),
    ("Secretary of State for the Home Department", "interior_home_affairs", "ministerial"),
    # the US DHS is public_security (CODEBOOK §3)
    ("Secretary of Homeland Security", "public_security", "ministerial"),
    ("Assistant Secretary of Homeland Security", "public_security", "vice_ministerial"),
    # public security ministries, police ministries, their local departments
    ("Minister of Public Security", "public_security", "ministerial"),
    ("Minister of Police", "public_security", "ministerial"),
    ("Minister of Police, National Security and Correctional Services", "public_security", "ministerial"),
    ("Deputy Director, Provincial Department of Public Security", "public_security", "other"),
    ("Minister of Security", "public_security", "ministerial"),
    # police forces and their heads: rank other (decisions.md)
    ("Inspector-General of Police", "national_police", "other"),
    ("Inspector General of Police", "national_police", "other"),
    ("Acting Inspector General of Police", "national_police", "other"),
    ("Commissioner General of the Royal Thai Police", "national_police", "other"),
    ("Deputy Commissioner, Royal Police Force", "national_police", "other"),
    ("Chief of Police", "national_police", "other"),
    ("AIGP, Chief Political Commissar, Police Force", "national_police", "other"),
    ("Head of the Public Security Directorate", "national_police", "other"),
    ("Commander of the Law Enforcement Command", "national_police", "other"),
    ("Director General of Security (National Police)", "national_police", "other"),
    ("Police superintendent", "national_police", "other"),
    ("National Police", "national_police", "unknown"),
    # a minister who is also police chief: the first title decides the rank
    ("Minister and Inspector-General of Police", "national_police", "ministerial"),
    # justice, prosecutors
    ("Minister of Justice and Police", "justice", "ministerial"),
    ("Attorney General", "justice", "ministerial"),
    ("Secretary of Justice", "justice", "ministerial"),
    ("Deputy Attorney-General", "justice", "vice_ministerial"),
    ("Prosecutor General", "prosecutor", "ministerial"),
    ("Deputy Prosecutor General", "prosecutor", "vice_ministerial"),
    # state security, security councils, intelligence
    ("Secretary of the Security Council", "state_security", "ministerial"),
    ("Deputy Secretary of the Security Council", "state_security", "vice_ministerial"),
    ("Director of the Federal Security Service", "state_security", "ministerial"),
    ("Chairman of the National Security Committee", "state_security", "ministerial"),
    ("First Deputy Director of the Federal Security Service", "state_security", "vice_ministerial"),
    ("Minister of State Security", "state_security", "ministerial"),
    ("Director of the Foreign Intelligence Service", "intelligence", "ministerial"),
    ("Head of the National Intelligence Agency", "intelligence", "other"),
    ("Public Security Intelligence Agency", "intelligence", "unknown"),
    # narcotics, borders
    ("Director General of the Anti-Narcotics Force", "narcotics", "other"),
    ("Deputy Secretary-General of the National Authority for Combating Drugs", "narcotics", "other"),
    ("Head of the State Border Guard Service", "immigration_border", "other"),
    ("Director General of Immigration", "immigration_border", "other"),
    # foreign affairs, diplomats
    ("Deputy Prime Minister and Minister of Foreign Affairs", "foreign_affairs", "ministerial"),
    ("Foreign Minister", "foreign_affairs", "ministerial"),
    ("Ambassador", "foreign_affairs", "other"),
    ("Minister-Counsellor", "other", "other"),
    # heads of government; deputy premiers alone have no agency of their own
    ("Prime Minister", "head_of_government", "ministerial"),
    ("President", "head_of_government", "ministerial"),
    ("Vice President", "head_of_government", "ministerial"),
    ("Acting Prime Minister and Deputy Prime Minister", "head_of_government", "ministerial"),
    ("Deputy Prime Minister", "other", "ministerial"),
    ("Deputy PM and Interior Minister", "interior_home_affairs", "ministerial"),
    ("Cambodian Deputy Prime Minister and Minister of Interior", "interior_home_affairs", "ministerial"),
    ("Serbia's First Deputy Prime Minister and Minister of Internal Affairs", "interior_home_affairs", "ministerial"),
    ("Deputy Prime Minister and Minister of Interior", "interior_home_affairs", "ministerial"),
    ("Vice Prime Minister and Minister of Public Security", "public_security", "ministerial"),
    ("Deputy Prime Minister and Coordinating Minister for National Security", "other", "ministerial"),
    # no agency of their own
    ("Minister of National Defence", "other", "ministerial"),
    ("Coordinating Minister for Political, Legal and Security Affairs", "other", "ministerial"),
    ("Secretary of the National Security and Defense Council", "other", "ministerial"),
    ("Chief of the General Staff of the People's Army", "other", "other"),
    ("Commander of the Prime Minister's Bodyguard Unit", "other", "other"),
    ("Deputy Assistant to the President", "other", "other"),
    ("Party chief of the city", "other", "other"),
    # vice-ministerial ladder
    ("Deputy Minister of Public Security", "public_security", "vice_ministerial"),
    ("Vice-Minister of the Interior", "interior_home_affairs", "vice_ministerial"),
    ("First Deputy Minister of Internal Affairs", "interior_home_affairs", "vice_ministerial"),
    ("Assistant Minister for Home Affairs", "interior_home_affairs", "vice_ministerial"),
    ("Minister of State for Home Affairs", "interior_home_affairs", "vice_ministerial"),
    ("State Secretary of the Federal Ministry of the Interior", "interior_home_affairs", "vice_ministerial"),
    ("Permanent Secretary, Ministry of Interior", "interior_home_affairs", "vice_ministerial"),
    ("Principal Secretary for Interior", "interior_home_affairs", "vice_ministerial"),
    # a ministry's (administrative) Secretary is not a cabinet secretary
    ("Secretary, Ministry of Home Affairs", "interior_home_affairs", "other"),
    ("Secretary of the Ministry of Home Affairs", "interior_home_affairs", "other"),
    ("Cabinet Secretary for the Ministry of Interior", "interior_home_affairs", "ministerial"),
    ("Secretary of State for Security", "interior_home_affairs", "vice_ministerial"),
    ("Secretary of State", "foreign_affairs", "ministerial"),
    # dual titles: the first named decides; a party post gives way
    ("Deputy Minister of Home Affairs and Chief of the Police Force", "interior_home_affairs", "vice_ministerial"),
    ("Secretary of the Party Central Secretariat, Minister of Public Security", "public_security", "ministerial"),
    ("General To Lam, Minister of Public Security", "public_security", "ministerial"),
    ("H.E. Sar Kheng, Deputy Prime Minister and Minister of Interior", "interior_home_affairs", "ministerial"),
    # bodies, groups, untitled parties
    ("Ministry of Home Affairs", "interior_home_affairs", "unknown"),
    ("Head of delegation", "other", "unknown"),
    ("officials", "other", "unknown"),
    ("representative", "other", "unknown"),
    ("Representative of the Capital Territory Police", "national_police", "other"),
    ("Chairman of a Centre for Countering Extremism", "other", "other"),
    ("Minister", "other", "ministerial"),
])
def test_english_titles(title, agency, rank):
    assert code(title) == (agency, rank)


@pytest.mark.parametrize("title,agency,rank", [
    ("内政部副部长兼警察总监", "interior_home_affairs", "vice_ministerial"),
    ("國家安全委員會秘書", "state_security", "ministerial"),  # Traditional → Simplified
    ("国家安全委员会秘书", "state_security", "ministerial"),
    ("俄罗斯联邦安全会议副秘书", "state_security", "vice_ministerial"),
    ("哈萨克斯坦国家安全委员会主席", "state_security", "ministerial"),
    ("阿联酋副总理兼内政部部长", "interior_home_affairs", "ministerial"),
    ("柬埔寨副首相兼内政大臣", "interior_home_affairs", "ministerial"),
    ("副总理兼公安部部长", "public_security", "ministerial"),
    ("越南公安部副部长", "public_security", "vice_ministerial"),
    ("塔吉克斯坦内务部第一副部长", "interior_home_affairs", "vice_ministerial"),
    ("内政部国务秘书", "interior_home_affairs", "vice_ministerial"),
    ("内政部常务秘书", "interior_home_affairs", "vice_ministerial"),
    ("斯里兰卡公安部秘书", "public_security", "other"),
    ("约旦公安总局局长", "national_police", "other"),
    ("泰国皇家警察总监", "national_police", "other"),
    ("国家警察总署总监兼移民总局局长", "national_police", "other"),
    ("乌克兰边防总局总局长", "immigration_border", "other"),
    ("所罗门群岛警察、国家安全与惩戒部部长", "public_security", "ministerial"),
    ("警察部门负责人", "national_police", "other"),
    ("巴基斯坦内政部部长兼禁毒部部长", "interior_home_affairs", "ministerial"),
    ("老挝国防部部长", "other", "ministerial"),
    ("马来西亚副总理", "other", "ministerial"),
    ("哈萨克斯坦总统", "head_of_government", "ministerial"),
    ("柬埔寨首相", "head_of_government", "ministerial"),
    ("美国国土安全部部长", "public_security", "ministerial"),
    ("司法部长", "justice", "ministerial"),
    ("副总检察长", "prosecutor", "vice_ministerial"),
    ("老挝人民革命党中央政治局委员、书记处书记、公安部部长", "public_security", "ministerial"),
    ("执法部门、警察院校", "other", "unknown"),
    ("代表团团长", "other", "unknown"),
    ("部級代表", "other", "unknown"),
])
def test_chinese_titles(title, agency, rank):
    assert code(title) == (agency, rank)


@pytest.mark.parametrize("title,rank", [
    ("President of INTERPOL", "other"),
    ("Under-Secretary-General", "other"),
    ("Chief of Mission of the International Organization for Migration", "other"),
    ("officials", "other"),
    ("国际刑警组织主席", "other"),
    ("联合国副秘书长", "other"),
    ("Heads of delegations to the council meeting", "unknown"),
    ("Head of delegation", "unknown"),
    ("Ministerial Meeting on Transnational Crime", "ministerial"),
    ("Secretaries of Security Councils of member states", "ministerial"),
    ("第8届打击跨国犯罪部长级会议", "ministerial"),
    ("部长", "ministerial"),  # a member state's minister, not the organisation's official
    ("Ministers", "ministerial"),
    ("Vice Minister of Public Security", "other"),
    ("", "unknown"),
    (None, "unknown"),
])
def test_organisations(title, rank):
    assert code(title, organization=True) == ("international_org", rank)


@pytest.mark.parametrize("title", [None, "", "   ", " ,; "])
def test_empty_title_is_other_unknown(title):
    assert code(title) == ("other", "unknown")


def test_case_punctuation_and_spacing_do_not_matter():
    base = code("Inspector-General of Police")
    for variant in ("INSPECTOR GENERAL OF POLICE", "inspector general  of police", "Inspector–General of Police.",
                    "  the Inspector General of Police ", "Inspector General of Police,"):
        assert code(variant) == base, variant
    assert code("Deputy Prime Minister & Minister of Interior") == ("interior_home_affairs", "ministerial")
    assert code("内政部 副部长") == ("interior_home_affairs", "vice_ministerial")


def test_evidence_names_rule_and_words():
    k = classify_title("Deputy Prime Minister and Minister of Interior")
    assert isinstance(k, TitleCoding)
    assert (k.agency_rule, k.agency_keyword) == ("interior", "interior")
    assert k.rank_rule == "ministerial" and k.rank_keyword == "prime minister"
    k = classify_title("Inspector General of Police")
    assert k.rank_rule == "other_below_ministerial" and k.agency_rule == "national_police"
    k = classify_title("Ministry of Home Affairs")
    assert k.rank_rule == "no_person" and k.rank_keyword is None


def test_segments():
    clf = title_classifier()
    seg = lambda t: clf.segments(*clf.normalize(t))
    assert seg("Deputy Prime Minister and Minister of Interior") == ["deputy prime minister", "minister of interior"]
    assert seg("Minister of Justice and Police") == ["minister of justice and police"]
    assert seg("Minister of Police, National Security and Correctional Services") == [
        "minister of police, national security and correctional services"]
    assert seg("内政部副部长兼警察总监") == ["内政部副部长", "警察总监"]
    assert seg("所罗门群岛警察、国家安全与惩戒部部长") == ["所罗门群岛警察、国家安全与惩戒部部长"]


def test_outputs_are_codebook_codes():
    rules = load_title_rules()
    assert {r.agency for r in rules.agency_rules} <= set(AGENCY_TYPES)
    assert {r.level for r in rules.rank_rules} <= set(RANK_LEVELS)
    for t in ("Minister", "Police", "内政部", "x", "President of the Republic"):
        k = classify_title(t)
        assert k.agency_type in AGENCY_TYPES and k.rank_level in RANK_LEVELS


# --- (b) the rules file --------------------------------------------------------------------

def test_rules_load_cached_per_path(tmp_path):
    assert load_title_rules() is load_title_rules()
    assert load_title_rules(default_rules_path()) is load_title_rules(default_rules_path())
    copy = tmp_path / "rules.yaml"
    copy.write_text(default_rules_path().read_text("utf-8"), "utf-8")
    assert load_title_rules(copy) is not load_title_rules()
    assert classify_title("Attorney General", rules_path=copy)[:2] == ("justice", "ministerial")


def _broken(tmp_path, old: str, new: str) -> Path:
    text = default_rules_path().read_text("utf-8")
    assert old in text
    p = tmp_path / "broken.yaml"
    p.write_text(text.replace(old, new, 1), "utf-8")
    return p


def test_bad_pattern_is_reported_with_file_and_rule(tmp_path):
    p = _broken(tmp_path, "    zh: [禁毒, 缉毒, 毒品]", "    zh: ['禁毒(']")
    with pytest.raises(TitleRulesError) as exc:
        load_title_rules(p)
    assert str(p) in str(exc.value) and "rule 'narcotics'" in str(exc.value) and "禁毒(" in str(exc.value)


def test_unknown_code_and_unknown_key_are_rejected(tmp_path):
    with pytest.raises(TitleRulesError, match="agency"):
        load_title_rules(_broken(tmp_path, "agency: narcotics", "agency: drugs"))
    with pytest.raises(TitleRulesError, match="extra|not permitted"):
        load_title_rules(_broken(tmp_path, "version: 1", "version: 1\nsurprise: true"))
    with pytest.raises(TitleRulesError, match="duplicate"):
        load_title_rules(_broken(tmp_path, "  - id: intelligence", "  - id: narcotics"))


def test_missing_or_malformed_file(tmp_path):
    with pytest.raises(TitleRulesError, match="cannot read"):
        load_title_rules(tmp_path / "absent.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("agency_rules: [", "utf-8")
    with pytest.raises(TitleRulesError, match="not valid YAML"):
        load_title_rules(bad)
    lst = tmp_path / "list.yaml"
    lst.write_text("- a\n", "utf-8")
    with pytest.raises(TitleRulesError, match="mapping"):
        load_title_rules(lst)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.booleans())
def test_any_text_gives_codebook_codes(title, organization):
    k = classify_title(title, organization=organization)
    assert k.agency_type in AGENCY_TYPES and k.rank_level in RANK_LEVELS
    assert (k.agency_type == "international_org") if organization else k.agency_type != "international_org"


def test_non_string_title_is_a_clear_error():
    with pytest.raises(TypeError, match="title must be a string"):
        classify_title(42)


def test_classifier_instance_is_independent():
    clf = TitleClassifier(load_title_rules())
    assert clf.classify("Minister of Interior", False)[:2] == ("interior_home_affairs", "ministerial")
    assert clf._classify("Minister of Interior", False) == clf.classify("Minister of Interior", False)


# --- (c) the development gold --------------------------------------------------------------

def _dev_titles() -> list[tuple[str, int, dict]]:
    rows = []
    for name in DEV_FILES:
        assert "heldout" not in name
        with (GOLD / name).open(encoding="utf-8") as fh:
            for ln, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                for ev in json.loads(line)["events"]:
                    for cp in ev["counterparts"]:
                        if cp.get("title"):
                            rows.append((name, ln, cp))
    return rows


def test_dev_gold_titles_accuracy():
    rows = _dev_titles()
    assert len(rows) >= 200
    ok_a = ok_r = 0
    wrong = []
    for name, ln, cp in rows:
        k = classify_title(cp["title"], organization=bool(cp.get("organization")))
        ok_a += k.agency_type == cp["agency_type"]
        ok_r += k.rank_level == cp["rank_level"]
        if (k.agency_type, k.rank_level) != (cp["agency_type"], cp["rank_level"]):
            wrong.append(f"{name}:{ln} {cp['title']!r}: gold {cp['agency_type']}/{cp['rank_level']}, "
                         f"got {k.agency_type}/{k.rank_level} ({k.agency_rule}/{k.rank_rule})")
    acc_a, acc_r = ok_a / len(rows), ok_r / len(rows)
    report = f"agency_type {acc_a:.3f}, rank_level {acc_r:.3f} on {len(rows)} titles; disagreements:\n" + "\n".join(wrong)
    assert acc_a >= AGENCY_FLOOR and acc_r >= RANK_FLOOR, report
