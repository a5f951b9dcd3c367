"""Synthetic readout-like documents with their true events (for benchmarks and linkage tests).

    from isd.synthetic import readouts
    for text, events in readouts(1000, seed=1, lang="mixed", syndicated=0.2):
        ...

Documents follow the genre (Xinhua / MPS readouts in English and Chinese): a header,
a dateline, one to four meetings of a real Chinese official (with the rank they held on
that date) with counterparts from real countries, the cooperation areas named for each
meeting, sometimes a signed document, video and phone calls.  Counterpart *people* are
invented (syllable names).  Events are dicts in the gold-set format (CODEBOOK §3).
Generation streams: memory does not grow with ``n``.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, Iterator

WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS_EN = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]

# (English title, Chinese title, agency_type, rank_level)
TITLES = [
    ("Minister of Internal Affairs", "内务部长", "interior_home_affairs", "ministerial"),
    ("Minister of the Interior", "内政部长", "interior_home_affairs", "ministerial"),
    ("Minister of Public Security", "公安部长", "public_security", "ministerial"),
    ("Minister of Police", "警察部长", "public_security", "ministerial"),
    ("Deputy Minister of Internal Affairs", "内务部副部长", "interior_home_affairs", "vice_ministerial"),
    ("Minister of Justice", "司法部长", "justice", "ministerial"),
    ("Inspector General of Police", "警察总监", "national_police", "other"),
]
TOPIC_WORDS = {
    "counterterrorism": ("counter-terrorism", "反恐"),
    "transnational_crime": ("the fight against transnational crime", "打击跨国犯罪"),
    "counterdrug": ("drug control", "禁毒"),
    "telecom_fraud": ("combating telecom fraud", "打击电信网络诈骗"),
    "cybercrime": ("cybersecurity", "网络安全"),
    "capacity_building": ("law enforcement capacity building", "执法能力建设"),
    "financial_crime_gambling": ("cross-border gambling", "跨境赌博"),
    "human_trafficking": ("human trafficking", "打击拐卖人口"),
    "event_security": ("security for major events", "大型活动安保"),
    "overseas_interests_bri": ("the safety of Belt and Road projects", "一带一路安保"),
}
DOCS = [("memorandum of understanding on police cooperation", "警务合作谅解备忘录", "mou"),
        ("cooperation protocol", "合作协议", "protocol"),
        ("minutes of talks", "会谈纪要", "meeting_minutes")]
SYLL = ["ka", "ri", "mo", "sa", "len", "to", "vi", "na", "dor", "be", "lu", "zan", "ta", "mir", "go", "el", "ran", "di"]


def _data() -> Any:
    """The codebook (countries and officials come from the reviewed reference data)."""
    from isd.codebook import load_codebook

    return load_codebook()


def _countries(cb: Any) -> list[tuple[str, str, str, str | None]]:
    """(iso3, English name, demonym-or-name, Chinese name) for UN member states with plain English names."""
    out = []
    for c in cb.countries:
        if c.iso3 in ("CHN", "USA", "GBR") or c.kind != "un_member" or not c.name_en.isascii():
            continue
        adj = next((d for d in c.demonyms_en if d.isascii()), c.name_en)
        out.append((c.iso3, c.name_en, adj, c.name_zh))
    return out


def _officials(cb: Any) -> list[dict[str, Any]]:
    offs = []
    for o in cb.officials:
        for post in o.posts:
            end_d = post.end or dt.date(2025, 12, 31)
            if end_d < dt.date(2013, 1, 1) or post.rank not in ("minister", "executive_vice_minister", "vice_minister", "cplc_head"):
                continue
            if (post.agency, post.rank) not in ZH_TITLES:
                continue
            offs.append({"name_en": o.name_en, "name_zh": o.name_zh, "surname_en": o.name_en.split()[0],
                         "rank": post.rank, "agency": post.agency, "title": post.title_en,
                         "start": max(post.start, dt.date(2013, 1, 1)), "end": end_d})
    return offs


ZH_TITLES = {("MPS", "minister"): "公安部部长", ("MPS", "executive_vice_minister"): "公安部常务副部长",
             ("MPS", "vice_minister"): "公安部副部长", ("MSS", "minister"): "国家安全部部长",
             ("CPLC", "cplc_head"): "中央政法委书记"}


def _person(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(SYLL) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{word()} {word()}"


def readouts(n: int, seed: int = 0, lang: str = "mixed", syndicated: float = 0.0) -> Iterator[tuple[str, list[dict]]]:
    """Yield ``n`` (document text, true events) pairs.  ``lang``: "en", "zh" or "mixed";
    ``syndicated``: share of documents that are near-copies of an earlier one (same events)."""
    rng = random.Random(seed)
    data = _data()
    countries = _countries(data)
    officials = _officials(data)
    recent: list[tuple[str, list[dict]]] = []
    for i in range(n):
        if recent and rng.random() < syndicated:
            text, events = rng.choice(recent)
            yield _near_copy(text, rng), events
            continue
        language = lang if lang in ("en", "zh") else rng.choice(["en", "zh"])
        off = rng.choice(officials)
        span = (off["end"] - off["start"]).days
        date = off["start"] + dt.timedelta(days=rng.randint(0, max(span, 0)))
        k = rng.choices([1, 2, 3, 4], weights=[6, 2, 2, 1])[0]
        parties = rng.sample(countries, k)
        mode = rng.choices(["in_person", "video", "phone"], weights=[8, 2, 1])[0] if k == 1 else "in_person"
        metas = []
        for p in parties:
            t = rng.choice(TITLES)
            topics = rng.sample(sorted(TOPIC_WORDS), rng.randint(0, 3))
            doc = rng.choice(DOCS) if rng.random() < 0.15 else None
            metas.append((p, t, _person(rng), topics, doc))
        text = (_english if language == "en" else _chinese)(off, date, metas, mode, rng)
        events = []
        for (iso3, _name, _adj, _zh), t, person, topics, doc in metas:
            events.append({
                "date": date.isoformat(), "date_precision": "day",
                "event_type": "bilateral_meeting", "multilateral_context": None, "mode": mode,
                "location": {"city": "Beijing", "country_iso3": "CHN"},
                "chinese_side": [{"name_en": off["name_en"], "name_zh": off["name_zh"], "title": off["title"],
                                  "agency": off["agency"], "rank": off["rank"]}],
                "counterparts": [{"country_iso3": iso3, "organization": None, "name": person,
                                  "title": t[0], "agency_type": t[2], "rank_level": t[3]}],
                "topics": sorted(topics) or ["generic"],
                "agreements": [{"title": doc[0] if language == "en" else doc[1], "doc_type": doc[2]}] if doc else [],
            })
        if len(recent) < 50:
            recent.append((text, events))
        elif rng.random() < 0.1:
            recent[rng.randrange(50)] = (text, events)
        yield text, events


def _english(off: dict, date: dt.date, metas: list, mode: str, rng: random.Random) -> str:
    filed = date + dt.timedelta(days=rng.choice([0, 0, 1]))
    when = "on " + WEEKDAYS_EN[date.weekday()]
    title = off["title"]
    lines = [f"PUBLISHED: {filed.isoformat()}", "LANG: en", ""]
    lines.append(f"BEIJING, {MONTHS_EN[filed.month - 1]} {filed.day} (Xinhua) -- ")
    how = {"in_person": "met with", "video": "held talks via video link with", "phone": "held a phone call with"}[mode]
    if len(metas) == 1:
        (iso3, name, adj, _zh), t, person, topics, doc = metas[0]
        lines[-1] += f"Chinese {title} {off['name_en']} {how} {adj} {t[0]} {person} in Beijing {when}."
        lines.append("")
        lines.append(_en_para(off, name, person, topics, doc, first=False))
    else:
        names = ", ".join(m[0][1] for m in metas[:-1]) + " and " + metas[-1][0][1]
        lines[-1] += (f"Chinese {title} {off['name_en']} {when} held separate meetings in Beijing with visiting "
                      f"officials from {names}.")
        for (iso3, name, adj, _zh), t, person, topics, doc in metas:
            lines.append("")
            lines.append(f"Meeting {person}, {name}'s {t[0]}, " + _en_para(off, name, person, topics, doc, first=True))
    return "\n".join(lines) + "\n"


def _en_para(off: dict, name: str, person: str, topics: list[str], doc: Any, first: bool) -> str:
    subj = off["surname_en"] if first else off["surname_en"]
    if topics:
        areas = ", ".join(TOPIC_WORDS[t][0] for t in topics)
        s = f"{subj} said China was ready to deepen cooperation with {name} in {areas}."
    else:
        s = f"{subj} said China valued its friendship with {name} and hoped to deepen law enforcement ties."
    if doc:
        s += f" The two sides signed a {doc[0]}."
    return s + f" {person} said his ministry looked forward to closer cooperation."


def _chinese(off: dict, date: dt.date, metas: list, mode: str, rng: random.Random) -> str:
    filed = date + dt.timedelta(days=rng.choice([0, 0, 1]))
    title = ZH_TITLES.get((off["agency"], off["rank"]), "公安部部长")
    lines = [f"PUBLISHED: {filed.isoformat()}", "LANG: zh", ""]
    head = f"新华社北京{filed.month}月{filed.day}日电 {title}{off['name_zh']}{date.day}日在京"
    how = {"in_person": "会见", "video": "同{x}举行视频会谈", "phone": "同{x}通电话"}[mode]
    if len(metas) == 1:
        (iso3, name, adj, zh), t, person, topics, doc = metas[0]
        who = f"{zh}{t[1]}{_zh_person(person)}"
        head += (how.format(x=who) if "{x}" in how else how + who) + "。"
        lines.append(head)
        lines.append(_zh_para(off, zh, topics, doc))
    else:
        whos = "、".join(f"{m[0][3]}{m[1][1]}{_zh_person(m[2])}" for m in metas)
        lines.append(head + f"分别会见{whos}。")
        for (iso3, name, adj, zh), t, person, topics, doc in metas:
            lines.append(f"在会见{zh}客人时，" + _zh_para(off, zh, topics, doc))
    return "\n".join(lines) + "\n"


def _zh_person(person: str) -> str:
    table = {"ka": "卡", "ri": "里", "mo": "莫", "sa": "萨", "len": "连", "to": "托", "vi": "维", "na": "纳",
             "dor": "多", "be": "贝", "lu": "卢", "zan": "赞", "ta": "塔", "mir": "米", "go": "戈", "el": "埃",
             "ran": "兰", "di": "迪"}
    last = person.split()[-1].lower()
    out, i = "", 0
    while i < len(last):
        for L in (3, 2):
            if last[i : i + L] in table:
                out += table[last[i : i + L]]
                i += L
                break
        else:
            i += 1
    return out or "卡里"


def _zh_para(off: dict, zh: str, topics: list[str], doc: Any) -> str:
    if topics:
        s = f"{off['name_zh']}表示，中方愿同{zh}方深化{'、'.join(TOPIC_WORDS[t][1] for t in topics)}等领域合作。"
    else:
        s = f"{off['name_zh']}表示，中方高度重视发展同{zh}的友好关系，愿进一步加强执法合作。"
    if doc:
        s += f"会见后，双方签署了{doc[1]}。"
    return s


def _near_copy(text: str, rng: random.Random) -> str:
    """A syndicated copy: another publisher header, a changed headline word, a trailing line."""
    lines = text.split("\n")
    publisher = rng.choice(["People's Daily Online", "China Daily", "CGTN", "人民网", "中国新闻网"])
    lines.insert(2, f"PUBLISHER: {publisher}")
    if rng.random() < 0.5:
        lines.append("(Editor: staff)" if text.isascii() else "（责任编辑：王某）")
    return "\n".join(lines)
