"""Patterns, sentence splitting and small helpers shared by the extraction rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from isd.extract.lexicon import Hit

__all__ = [
    "EventDraft",
    "Sentence",
    "_ABBREV",
    "_AMB_EN",
    "_CITY_COMMA",
    "_EN_NAME_AFTER",
    "_EN_NAME_BEFORE",
    "_LOC_BEFORE",
    "_NOT_NAME",
    "_P0",
    "_P1",
    "_P10",
    "_P11",
    "_P12",
    "_P13",
    "_P14",
    "_P15",
    "_P16",
    "_P17",
    "_P18",
    "_P19",
    "_P2",
    "_P20",
    "_P21",
    "_P22",
    "_P23",
    "_P24",
    "_P25",
    "_P26",
    "_P27",
    "_P3",
    "_P4",
    "_P5",
    "_P6",
    "_P7",
    "_P8",
    "_P9",
    "_SENT_END",
    "_CN_PERSON",
    "_CN_PERSON_CUE",
    "_TITLE_LINK",
    "_SIGN_TITLE_ZH",
    "_ZH_NAME_AFTER",
    "_clean_title",
    "_doc_type_from_hits",
    "_followed_by_title",
    "_has_word",
    "split_sentences",
]

_ABBREV = re.compile(r"(?:\b(?:[A-Z]\.){0,3}[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Maj|Capt|Sgt|St|No|Hon|Sen|Rep|Gov|Prof|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Jr|Sr|Co|Corp|Inc|Ltd|vs|etc|H\.E))\.$")
_SENT_END = re.compile(r"[。！？!?；;]+[”\"’]?|\.(?=[\s”\"’]|$)|\n")
_LOC_BEFORE = re.compile(r"(?:\bin|\bin the|\bto|\bvisit(?:ing|ed|s)?|\btour of|\bwhile in|在|赴|访问|抵达|于|驻|"
                         r"\b(?:region|area|areas|province|state|district|town|city|border areas?|territory) of)\s*$")
_CITY_COMMA = re.compile(r",\s*$")
_EN_NAME_AFTER = re.compile(r"\s*((?:[A-Z](?:[A-Za-z'’\-]+\.?|\.)?\s){0,4}[A-Z][A-Za-z'’\-]+)")
# "a delegation of China's Ministry of Public Security led by Yin Zhishan, deputy head of …"
_LED_BY = re.compile(r"\b(?:led|headed) by\s+([^,;.()]{3,90})")
_CAP_RUN = re.compile(r"[A-Z][A-Za-z'’\-]+(?:\s+[A-Z][A-Za-z'’\-]+)+")
_TITLE_TOKENS = {"Ambassador", "Deputy", "Vice", "Director", "General", "Director-General", "Governor", "Head", "Chief", "Minister",
                 "Commissioner", "Administrator", "Secretary", "Mr", "Mr.", "Ms", "Madam", "Consul", "Counsellor", "Counselor",
                 "Police", "Senior", "Colonel", "Major", "Inspector", "Assistant", "Executive", "Party", "Political", "Commissar"}
# "Minister of Public Security and Parliamentary Affairs Ananda Wijepala": a compound portfolio is never the Chinese title
_FOREIGN_PORTFOLIO = re.compile(r"\s+and\s+(?!State\b|Party\b)(?:[A-Z][a-z]+\s+)?(?:Affairs|Administration|Services|Order|Justice|Defence|Home)\b")
# "the Directorate of Interpol and International Relations": an organisation's name inside a national unit's
_UNIT_OF = re.compile(r"(?:directorate|department|division|desk|office|unit|bureau|section|director|head|chief) (?:of|for) (?:the )?$")
# "Coordinating Minister for National Security Wong Kan Seng": the portfolio's words, then the name
_PORTFOLIO_NAME = re.compile(r"\s+(?:for|of|and)\s+((?:(?:[A-Z][A-Za-z'’\-]*\.?|and)\s){1,7}[A-Z][A-Za-z'’\-]+)(?=[,.;(]|\s+(?:and|who|on|in|at)\b|\s*$)")
_PORTFOLIO_WORDS = {"National", "Security", "Home", "Affairs", "Internal", "Public", "Law", "Justice", "Interior", "Defence",
                    "Defense", "Police", "Safety", "Order", "Foreign", "Legal", "Immigration", "Border", "Coordinating",
                    "Administration", "Parliamentary", "Citizenship", "Services", "Homeland", "State", "General", "Central"}
_EN_NAME_BEFORE = re.compile(r"((?:(?:[A-Z][A-Za-z'’\-]+\.?|bin|al|van|de|da|von|el|ibn)\s){0,5}[A-Z][A-Za-z'’\-]+),\s*(?:the\s+)?$")
_ZH_NAME_AFTER = re.compile(r"([\u4e00-\u9fff·・]{2,10}?)(?=[，、。；：（(“”\s\d]|上将|中将|少将|大将|将军|先生|女士|阁下|会见|会谈|会面|会晤|举行|时|在|并|一行|出席|表示|说|率|等|和|与|及|同|通|进行|共同|签署|$)")
_NOT_NAME = {"The", "He", "She", "They", "Both", "Wang", "China", "Chinese", "On", "In", "At", "During", "While",
             "Meeting", "With", "And", "Minister", "Ministry"}
# Mainland pinyin surnames: a "Surname Givenname" pair next to a Chinese envoy's or police body's words
# ("Jiang Zaidong, Ambassador of the People's Republic of China", "led by Mr Tan Yongsheng, Deputy Director …")
_CN_SURNAMES = (
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie Song Tang Han Feng "
    "Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng Wei Su Lu Ding Ren Shen Yao Cui Zhong Tan Fan Jin "
    "Shi Liao Jia Xia Fu Fang Bai Zou Meng Xiong Qin Qiu Yin Xue Yan Duan Lei Hou Long Tao Gu Mao Hao Gong Shao Wan Qian Dai "
    "Mo Kong Xiang Chang Wen Kang Qi Niu Bao Ning Yi Zhan Ji Geng Hong Rao Lan Ou Zang Zuo Mu Ling Xing Ni Shu Ge Qu Tong "
    "Lyu Zhai Yue Chai Ke Jing Guan Lou Miao Quan Shan Sheng Shang Bian Jiao Ba Ai Hua Nie Ran Rong Lian Sha Chu Zhuang"
).split()
_CN_PERSON = re.compile(r"\b(?:Mr\.?\s+|Ms\.?\s+|Mrs\.?\s+|Madam\s+|H\.E\.?\s+)?((?:" + "|".join(_CN_SURNAMES) + r")\s[A-Z][a-z]{1,11}(?:[a-z]{0,8}))\b(?![ \-][A-Z])")
_CN_PERSON_CUE = re.compile(r"ambassador|embassy|attach|counsell?or|consul|charg|chinese|china|public security|police|delegation|led by|headed by|cplt|liaison team|大使|使馆|公安", re.I)
_SIGN_TITLE_ZH = re.compile(r"《([^》]{2,120})》")

# precompiled patterns (hot paths)
_P0 = re.compile(r"\s*(?:[^\n]{0,250}\n\s*\n\s*)?([A-Z][A-Za-z .'’\-]{2,30}?)\s*(?:,\s*[A-Z][A-Za-z .'’\-]{2,30}?\s*)?"
                 r"(?:\([A-Za-z .]{2,20}\)\s*)?(?:--|—|–|-(?=\s)|:(?=\s))")
_P1 = re.compile(r"[.。!！?？]\s*$")
_P2 = re.compile(r"合作论坛|合作峰会|峰会")
_P3 = re.compile(r"\s*(?:北京)?(?:峰会|论坛|大会|会议|(?:leaders'?|ministers'?|ministerial|heads of government|foreign ministers'?)?\s*(?:summit|forum|conference|meeting)\b)"
                 r"|\)?\s*(?:\([a-z\-]{2,12}\)\s*)?(?:i-24/7\s*)?(?:systems?|databases?|terminals?|equipment|network|notices?)\b|\s*(?:系统|数据库|设备|红色通缉令)")  # "INTERPOL systems": equipment
_P4 = re.compile(r"police|policing|law enforcement|public security|counter-?terror|警|公安|执法|反恐|"
                 r"security (?:of|for) (?:the )?chinese|security (?:arrangements|plans?|situation) |internal security|safe city|"
                 r"anti-?smuggling|interior minister|minister (?:for|of) (?:the )?interior|home affairs|internal affairs|home minister|"
                 r"border security")
_P5 = re.compile(r"\b(?:all|each|every|including|the (?:two|three|four|five|six|seven|eight|nine|ten)\b)|各国|[二两三四五六七八九十]国|各方|其中包括")
_P6 = re.compile(r"[A-Za-z]")
_P7 = re.compile(r"dialogue|conference|co-chair|attended|took part|ministerial meeting|hosted|brought together|represented|participat|对话|部长级会议|部长会议|主持|出席|共同主持|参会|与会|率团|发言|集体会见|summit|general assembly|大会|会议")
_P8 = re.compile(r"ministerial dialogue|ministerial conference|ministerial meeting|部长级对话|部长级会议|部级对话|部长会议|会晤机制|首次会议|主旨发言|主旨讲话|参会|与会|集体会见|co-chair|共同主持|jointly met|multilateral")
_P9 = re.compile(r"(?<!chinese )(?<!china's )ambassador")
_P10 = re.compile(r"chin|中国|驻")
_AMB_EN = re.compile(r"(?:Chinese|China's|China’s) (?:[Aa]mbassador|[Cc]onsul[- ][Gg]eneral)(?: (?:to|in) (?:the )?[A-Z][a-z]+(?: [A-Z][a-z]+)?)?,?\s+((?:[A-Z][a-z]+\s?){2,3})")
_P11 = re.compile(r"(?:Ambassador|ambassador)\s+((?:[A-Z][a-z]+\s?){1,3})")
_P12 = re.compile(r"Ambassador\s+((?:[A-Z][a-z]+\s?){1,3})")
_P13 = re.compile(r"大使([\u4e00-\u9fff]{2,3}?)(?=[，、。和与同及出在表说会向]|$)")
_P14 = re.compile(r"([\u4e00-\u9fff]{2,3})大使")
_P15 = re.compile(r"[国驻馆使方]")
# "Head of the State Border Guard", "Director of Russia's Foreign Intelligence Service", "Commissioner General of
# the Ethiopian Federal Police": a linking "of"/"for"/"'s" and a few capitalised words join two title words
_TITLE_LINK = re.compile(r"(?:\s+[A-Z][A-Za-z\-]*)?(?:\s+(?:of|for)\b|(?:'s|’s)\b)?(?:\s+(?:the|of|for|[A-Z][A-Za-z'’\-]*))*\s+")
_P16 = re.compile(r"(?:\s|,|，|、|和|及|与|兼|\band\b|\bof\b|\bthe\b)*")
_P17 = re.compile(r"deputy|vice (?!president)|副(?!总统)")  # a deputy PM is not the head of government; a vice president is
_P18 = re.compile(r"^(deputy|vice|副)")
_P19 = re.compile(r"(?:[A-Z][a-z]+(?:'s|’s)\s+|the\s+)$")
_P20 = re.compile(r"[\u4e00-\u9fff]")
_P21 = re.compile(r"[部局门之间方国会长委员的和与在是了对将]")
_P22 = re.compile(r"(?:\bin|\bat|\bvisit(?:ed|ing|s)?|\bto|在|于|抵达|赴)\s*(?:the city of\s*)?$")
_P23 = re.compile(r"(?:\bin|\bat)\s+(?:[a-z'’\-]+,?\s+){0,4}$|(?:在|于)\S{0,6}$")
_P24 = re.compile(r"[^.;:,()]*?(?=(?:,|\.|;|\(| and (?:a|an|the) | together with | as well as | along with | at | during |$))")
_P25 = re.compile(r"(?:'s|’s)?\s*(?:minister|ministry|deputy|police|interior|inspector|secretary|national)")
_P26 = re.compile(r"\s+")
_P27 = re.compile(r"^(?:the|a|an|two|three)\s+", re.I)


@dataclass
class Sentence:
    start: int
    end: int
    hits: list[Hit] = field(default_factory=list)

    _kindset: frozenset | None = None
    _titles: list | None = None

    def kinds(self, kind: str) -> list[Hit]:
        return [h for h in self.hits if h.kind == kind]

    def has(self, kind: str) -> bool:
        ks = self._kindset
        if ks is None:
            ks = self._kindset = frozenset(h.kind for h in self.hits)
        return kind in ks


@dataclass
class EventDraft:
    parties: list[str]
    officials: list[str]
    anchor: int  # sentence index
    multilateral: bool = False
    sideline_of: "EventDraft | None" = None
    focus: list[int] = field(default_factory=list)
    party_hits: dict[str, Hit] = field(default_factory=dict)
    name: str | None = None
    forum: bool = False
    context: str | None = None
    context_city: str | None = None
    context_country: str | None = None
    implicit: bool = False  # the party was inferred from the place, not named
    weak: bool = False  # created from a sentence without a meeting word (re-anchored by the next one)
    title_span: tuple | None = None  # (start, end, agency, rank, name) when one sentence names several visitors
    cn_person: tuple | None = None  # (name, agency) of a Chinese host not in the officials list ("later met Liu Guozhou, …")
    visitor_of: "EventDraft | None" = None  # the same foreign visitor's earlier meeting (its counterpart is this one's)
    built_cps: list | None = None  # the counterparts _build coded for this draft
    location: dict | None = None  # the location _build coded for this draft


def split_sentences(text: str, scan: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = start
    for m in _SENT_END.finditer(scan, start, end):
        if m.group(0) == "." and _ABBREV.search(text[max(pos, m.start() - 12) : m.start() + 1]):
            continue
        if m.group(0) == "." and m.start() + 2 < end and text[m.start() + 1 : m.start() + 3].strip()[:1].isdigit():
            continue
        e = m.end()
        if text[pos:e].strip():
            out.append((pos, e))
        pos = e
    if pos < end and text[pos:end].strip():
        out.append((pos, end))
    return out


def _has_word(seg: str, tok: str) -> bool:
    """``tok`` occurs in ``seg`` not inside a longer Latin word (no regex compile per call)."""
    i = seg.find(tok)
    while i >= 0:
        before = seg[i - 1] if i > 0 else " "
        after = seg[i + len(tok)] if i + len(tok) < len(seg) else " "
        if not (before.isascii() and before.isalpha()) and not (after.isascii() and after.islower()):
            return True
        i = seg.find(tok, i + 1)
    return False


def _followed_by_title(scan: str, end: int) -> bool:
    return bool(_P25.match(scan[end : end + 30]))


def _clean_title(t: str) -> str:
    t = _P26.sub(" ", t).strip(" ,，、;；:")
    t = _P27.sub("", t)
    return t[:1].upper() + t[1:] if t else t


def _doc_type_from_hits(hits: list[Hit], zh: bool) -> str | None:
    dts = [h for h in hits if h.kind == "doctype"]
    if not dts:
        return None
    if zh:
        best = max(dts, key=lambda h: (h.end, h.end - h.start))
    else:
        best = min(dts, key=lambda h: (h.start, -(h.end - h.start)))
    return best.value
