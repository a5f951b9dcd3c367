"""Building one event's fields (CODEBOOK §3) from its anchor and focus sentences.

A mixin of the per-document extraction context (:mod:`isd.extract.rules`): the date, mode,
Chinese side, counterparts (title, name, agency type, rank level), context, type, location,
topics and agreements, each with the evidence span that supports it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from isd.extract import dates as D
from isd.extract.lexicon import Hit
from isd.extract.patterns import *  # noqa: F401,F403 - the shared precompiled patterns (see __all__)

_CN_BEFORE = re.compile(r"(?:chinese|china's|china’s|\bprc|中国|中方)\s*(?:state councilor and |the )?$")
# "the Minister of Internal Affairs, Hon. Andrew Solomon Napuat, …": a name set off by commas
_COMMA_NAME_T = re.compile(r",\s+(?:(?:Hon|Mr|Ms|Mrs|Dr|Gen|H\.E)\.?\s+)?([A-Z][A-Za-z'’\-]+(?:\s[A-Z][A-Za-z'’\-]+){1,3})(?=[,.;]|\s+(?:at|in|on|and|who|said|has|had|was|is)\b)")
_MIXED_ROLES = re.compile(r"\s*(?:,|\band|\bor|和|及)\s+(?:senior |other |high-ranking |top )?(?:officials|representatives|police|delegat|heads|chiefs|commissioners|ministers|官员|代表)")
_ORG_WORDS = {"Agency", "Service", "Services", "Department", "Ministry", "Bureau", "Office", "Force", "Forces", "Commission",
              "Committee", "Council", "Administration", "Directorate", "Authority", "Command", "Unit", "Division",
              "Affairs", "Police", "Security", "Headquarters", "Secretariat", "Organization", "Organisation", "Republic"}
_ORG_TAIL = re.compile(r"\s+(?:Agency|Service|Department|Bureau|Office|Force|Commission|Committee|Council|Administration|"
                       r"Directorate|Authority|Command|Division)\b")
# title words the dictionary lacks, before and after its words: "Deputy Assistant to the | President", "Minister |
# and Deputy Homeland Security Advisor"
_TITLE_WORD = r"(?:Deputy|Assistant|Senior|Special|Principal|Chief|Executive|First|Under|Permanent|Acting|Associate)"
_TITLE_LEFT = re.compile(r"(?<![A-Za-z])(?:" + _TITLE_WORD + r"\s+)*" + _TITLE_WORD + r"\s+(?:(?:to|of)\s+(?:the\s+)?(?:[A-Z][A-Za-z.]{0,12}\s+)?)?$")
_TITLE_RIGHT = re.compile(r"\s+and\s+(?!the\b)(?:(?:[A-Z][A-Za-z\-]+|of|for|the)\s+){0,5}?(?:Advis[eo]r|Secretary|Director(?: General)?|"
                          r"Commissioner|Coordinator|Counsel(?:l?or)?|Envoy)\b")
_THE_COUNTRY = re.compile(r"\b((?:to|of) the )(?:[A-Z][A-Za-z.]{0,12} )(?=President|Prime Minister|Vice President)")
_BODY_END = re.compile(r"\b(?:Department|Ministry|Office|Bureau|Directorate|Service|Division)$")
_PORTFOLIO_W = (r"(?:Internal|Interior|Home|Security|Immigration|Citizen|Citizenship|Services|Affairs|Police|Policing|National|Public|"
                r"Safety|Coordination|Administration|Border|Borders|Correctional|Corrections|Defence|Defense|Justice|Narcotics|"
                r"Drug|Drugs|Control|Migration|Criminal|Investigation|Investigations|Foreign|Law|Enforcement|Intelligence|"
                r"Counter|Counterterrorism|Terrorism|Federal|Government|Provincial|Registration|Population|Emergency|Prisons|"
                r"Cooperation|International|Relations|Legal|Order|Peace)")
_BODY_RIGHT = re.compile(r"\s+(?:for|of)\s+(?:the\s+)?" + _PORTFOLIO_W + r"(?:\s+(?:and\s+)?" + _PORTFOLIO_W + r"){0,3}\b")
_ZH_DEPUTY_BEFORE = re.compile(r"(?:第一|常务)?副$")
_ZH_POST_NAME = re.compile(r"((?:[\u4e00-\u9fff]{1,8}、)?(?:[\u4e00-\u9fff]{0,6}?)(?:副|常务副)?(?:院长|校长|主任|厅长|局长|处长|政委|书记|总队长|支队长|所长|负责人))"
                           r"([\u4e00-\u9fff]{2,3}?)(?=[，、。,在于同与会出表说和及率希指介致强对等讲主代发宣作称])")
# the leader a visitor accompanies: "陪同某国国家主席访华期间",
# "accompanying President To Lam on his state visit"
_ESCORT = re.compile(r"陪同[^，。；]{0,60}?(?:访问|访华)期间|\baccompany(?:ing)? [^,.;]{0,80}?\b(?:visit|trip|tour)\b")
_LEADERS_AFTER = re.compile(r"[^，。,；]{0,12}?(?:所达成|达成的|共同达成)[^，。]{0,20}?共识")
_LEADERS_BEFORE = re.compile(r"\bconsensus (?:reached|agreed) (?:by|between) [^.;]{0,90}$")
_BRI_WORD = re.compile(r"一带一路|belt and road|\bbri\b")
_BRI_SECURITY = re.compile(r"安保|安全|保护|保障|护航|security|secure|protect|safety|safeguard|police|警|执法|law enforcement")
_GLUED_WORD = re.compile(r"^([A-Z][a-z]+ [A-Z][a-z]*(?:ng|n|a|e|i|o|u|r))(?:at|on|of|to)$")
_HONORIFICS = {"Hon", "Mr", "Mrs", "Ms", "Dr", "Gen", "General", "Pol", "Colonel", "Col", "Lt", "Maj", "Senior", "Lieutenant"}
_INVITED = re.compile(r"\binvit|to be held|will be held|邀请|将于|将在")
_WITNESS = re.compile(r"witness|in the presence of|presence|thanked|graced|见证|出席")
# "welcomed the plan for Polri and BNPT to sign a memorandum": not signed (yet)
_PLANNED_SIGN = re.compile(r"(?:\bto|\bwill(?:\s+\w+){0,3}|\bwould|\bshall|\bplans? to|\bagreed to|\bexpected to|(?:将|拟|计划)[^，。；,;]{0,12})\s*$")
_ENVOY_NEAR = re.compile(r"ambassador|embassy|attach|counsel|consul|charg|envoy|大使|使馆", re.I)
_SAME_DAY = re.compile(r"\b(?:the same day|that same day|later that day|later in the day|the same afternoon|that afternoon|that evening)\b|同日|当天|当日")
_REFERS_BACK = re.compile(r"\s*(?:he|she|they|the (?:minister|ig|igp|commissioner|chief|official|envoy|ambassador)|他|她)\b", re.I)
_HOST_VERB = re.compile(r"\b(?:received|receives|welcomed|welcomes|hosted|hosts)\b|会见了?|接见")
_VISITING_CN = re.compile(r"\bvisiting (?:chinese|china's|china’s|state councilor|state councillor|minister of public security|"
                          r"vice minister|deputy minister|secretary of the central|delegation of china|delegation from china)|来访的")
# "China donated uniform material …": a donation is material assistance whatever the items are called
_DONATION = re.compile(r"\bdonat(?:ed|es|ion|ions|ing)\b|\bgifted\b|捐赠|捐助|赠送")
_CJK_GAP = re.compile(r"[\u4e00-\u9fff]{1,3}")
_WITNESS_BEFORE = re.compile(r"(?:witnessed by|in the presence of|in presence of)\b[^.;]{0,60}$")
_ENVOY_WORDS_RX = re.compile(r"大使|使馆|ambassador|embassy")
_AMB_WORD = re.compile(r"大使|ambassador")
_ZH_TITLE_END = re.compile(r"[长理官监使臣记席令任表员]")
# an embassy named as the story's source: "…, the Chinese Embassy in Honiara said", "according to the Chinese embassy"
_SOURCE_AFTER = re.compile(r"(?: in [a-z'’\- ]{3,30}?)?(?: (?:has |had )?(?:said|says|reported|announced|stated|posted|wrote))\b|[^，。]{0,8}?(?:消息|通报)")
_SOURCE_BEFORE = re.compile(r"\baccording to (?:a (?:statement|release|post) (?:from|by|of) )?(?:the )?$|据$")
_COMPLETED_SPAN = re.compile(r"\b(?:after|upon|on|having) (?:successfully )?complet(?:ing|ed|ion of) (?:a|an|the|their|its|his|her) "
                             r"(one|two|three|four|five|six|eight|ten|twelve|\d{1,2})[- ](day|week|month)s?[- ]")
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8, "ten": 10, "twelve": 12}
_VISITING_END = re.compile(r"visiting\s*$")
_LINK_WORD = re.compile(r"\s*(?:[A-Z][A-Za-z\-]*\s+)?(?:of|for)\b|(?:'s|’s)")
_SIGNED_BEFORE = re.compile(r"以来|\bsince\b|previously signed|had signed|had been signed|已签署的|先后签署")
_SIGN_YEAR_RX = re.compile(r"(?:\bin |\bsince |^|[，,。\s])((?:19|20)\d\d)(?:年|\b)")
_ZH_ENVOY = re.compile(r"中国驻[\u4e00-\u9fff]{1,12}?(?:大使|总领事)([\u4e00-\u9fff]{2,3}?)(?=[，、。在表说会出与和同向对致率]|$)")
_GENERIC_ACTORS = {"chinese delegation", "chinese police delegation", "chinese police officials", "chinese police officers"}
_ENVOY_WORDS = {"consul general", "police counselor", "police counsellor", "deputy chief of mission"}
from isd.extract.patterns import _has_word, _TITLE_LINK, _PORTFOLIO_NAME, _PORTFOLIO_WORDS, _CAP_RUN, _LED_BY, _TITLE_TOKENS, EventDraft, Sentence, _clean_title


_DELEGATION_HEAD = re.compile(r"head of (?:the )?delegation|delegation head|代表团团长|团长", re.I)


def _gap(t: tuple, h: Hit) -> int:
    """Characters between a title span (start, end, …) and a hit; 0 when they touch or overlap."""
    if h.start >= t[1]:
        return h.start - t[1]
    if h.end <= t[0]:
        return t[0] - h.end
    return 0


class FieldsMixin:
    """Field builders; expects the attributes set up by ``rules._Context``."""

    def _ev(self, evidence: list[dict], field_: str, a: int, b: int, rule: str) -> None:
        evidence.append({"field": field_, "start": a, "end": b, "text": self.text[a:b], "rule": rule})

    def _build(self, d: EventDraft) -> dict[str, Any]:
        anchor = self._sent(d.anchor)
        focus_sents = [self._sent(i) for i in dict.fromkeys(d.focus)] or [anchor]
        evidence: list[dict[str, Any]] = []

        # date
        date, precision = self.ref_date, "day"
        date_rule = "reference_" + self.ref_rule
        span = self.ref_span
        for s in [anchor] + focus_sents:
            a = max(s.start, self.dateline_span[1]) if s.start < self.dateline_span[1] else s.start
            hits = [h for h in self._find_dates(a, s.end, self.ref_date, self.ref_year) if h.date
                    and (s is anchor or not h.rule.startswith("en_range"))]  # "a visit from January 4 to 7" dates no meeting
            if hits:
                absolute = [h for h in hits if h.rule in D.ABSOLUTE]
                # a day beats a month ("in April … on April 3"); otherwise the first
                h = min(absolute, key=lambda x: (x.precision != "day", x.start)) if absolute else hits[0]
                date, precision, date_rule, span = h.date, h.precision, h.rule, (h.start, h.end)
                if h.rule.endswith("_vague") and not absolute:
                    continue  # "近日……" then "11月27日……举行了交接仪式": a later exact date wins over a vague one
                break
        if date_rule.startswith("reference_") and anchor in self.sents:
            # "24日，陈文清出席……会议。会议期间，他会见了……": the date is in the sentence before
            k = self.sents.index(anchor)
            prev = self.sents[k - 1] if k > 0 else None
            back = _REFERS_BACK.match(self.text, anchor.start)  # "X said on Wednesday … He made the remarks in a meeting"
            if prev is not None and ("\n" not in self.text[prev.end - 1 : anchor.start + 1] or back):
                hits = [h for h in self._find_dates(max(prev.start, self.dateline_span[1]), prev.end,
                                                self.ref_date, self.ref_year)
                        if h.date and (h.rule in D.ABSOLUTE or (back and h.rule in ("en_weekday", "zh_weekday")))]
                if hits:
                    h = hits[0]
                    date, precision, date_rule, span = h.date, h.precision, h.rule, (h.start, h.end)
        if date_rule.startswith("reference_") and getattr(self, "prev_date", None) is None:
            for s in self.sents[:2]:  # the lead: "… from 1 to 21 June 2016"
                a = max(s.start, self.dateline_span[1]) if s.start < self.dateline_span[1] else s.start
                hits = [h for h in self._find_dates(a, s.end, self.ref_date, self.ref_year)
                        if h.date and h.rule in D.ABSOLUTE]
                if hits:
                    h = hits[0]
                    date, precision, date_rule, span = h.date, h.precision, h.rule, (h.start, h.end)
                    break
        if (getattr(self, "prev_date", None) is not None and _SAME_DAY.search(self.scan[anchor.start : anchor.end])
                and not any(h.date and h.rule in D.ABSOLUTE and h.rule != "zh_d" for h in D.find_dates(
                    self.scan, anchor.start, anchor.end, self.ref_date, self.ref_year))):
            date_rule = "reference_same_day"  # "Later the same day Quang met Zhou Yongkang": the previous meeting's day
        if date_rule.startswith("reference_") and getattr(self, "prev_date", None) is not None:
            date, precision, date_rule = self.prev_date, self.prev_precision, "previous_event"
        self.prev_date, self.prev_precision = date, precision
        if span:
            self._ev(evidence, "date", span[0], span[1], "date." + date_rule)

        # mode
        mode = "in_person"
        for s in [anchor] + focus_sents:
            v, p = s.kinds("video"), s.kinds("phone")
            if (v or p) and s is not anchor and date is not None and self._other_date(s, date):
                continue  # "今年1月初，王小洪曾与雅毕举行视频通话": another, earlier occasion's mode
            if v or p:
                h = (v or p)[0]
                mode = "video" if v else "phone"
                self._ev(evidence, "mode", h.start, h.end, "mode.cue")
                break

        # Chinese side
        chinese = []
        for oid in d.officials:
            info = self.lex.officials.get(oid)
            if info is None:
                continue
            rank, agency, title = self.lex.official_rank(oid, date)
            chinese.append({"name_en": info.name_en, "name_zh": info.name_zh, "title": title,
                            "agency": agency or "MPS", "rank": rank or "other", "official_id": oid})
            h = next((h for s in self.sents for h in s.hits if h.kind == "official" and h.value == oid), None)
            if h:
                self._ev(evidence, f"chinese_side[{len(chinese) - 1}].name", h.start, h.end, "official.name")
                self._ev(evidence, f"chinese_side[{len(chinese) - 1}].rank", h.start, h.end, "rank.tenure_on_date")
        if not chinese and d.cn_person is not None:
            chinese.append({"name_en": d.cn_person[0], "name_zh": None, "title": None, "agency": d.cn_person[1],
                            "rank": "other"})
        if not chinese:
            titled = self._titled_chinese(anchor, evidence)
            chinese.append(titled or self._generic_chinese(anchor, evidence))

        # parties
        counterparts = []
        for k, p in enumerate(d.parties):
            cp = self._counterpart(p, d, focus_sents, evidence, k)
            v = d.visitor_of
            if v is not None and v.built_cps and not cp.get("title"):
                same = next((c for c in v.built_cps if (c.get("country_iso3") or c.get("organization")) == p), None)
                if same is not None:  # "Later the same day Quang met Zhou Yongkang": the same visitor
                    cp = dict(same)
            counterparts.append(cp)
        d.built_cps = counterparts

        # context, type, location
        context, mcity, mcountry = self._context(d, anchor, focus_sents, date, evidence)
        d.context, d.context_city, d.context_country = context, mcity, mcountry
        etype = self._type(d, anchor, focus_sents, context)
        cue_kinds = {"training": ("training",), "material_assistance": ("handover", "handover_items"),
                     "agreement_signing": ("sign",), "multilateral_meeting": ("multilateral", "meet"),
                     "forum": ("multilateral",)}.get(etype, ("meet", "phone", "video", "sideline"))
        cue = next((h for s in [anchor] + focus_sents for h in s.hits if h.kind in cue_kinds), None)
        if cue is not None:
            self._ev(evidence, "event_type", cue.start, cue.end, f"event_type.{cue.kind}")
        location = self._location(d, anchor, focus_sents, mcity, mcountry, chinese, evidence, counterparts, mode)
        m = d.sideline_of
        if (m is not None and getattr(m, "location", None) and mode == "in_person"
                and not any(h.kind == "city" for h in anchor.hits) and location != m.location):
            location = dict(m.location)  # a meeting on the sidelines: where the multilateral occasion was
        d.location = location
        self.prev_location = location

        # topics
        topics: list[str] = []
        for s in focus_sents:
            titles = [(a, b) for a, b, _ag, rk in self._title_spans(s) if rk]
            for h in s.kinds("topic"):
                if any(a <= h.start and h.end <= b for a, b in titles):
                    continue  # "Minister for Home Affairs and Immigration" names a post, not an area
                if h.value == "overseas_interests_bri" and _BRI_WORD.search(h.word) and not _BRI_SECURITY.search(
                        self.scan[max(s.start, h.start - 50) : min(s.end, h.end + 30)]):
                    continue  # "共建'一带一路'" praised in passing names no security of it (CODEBOOK §5)
                if h.value and h.value not in topics:
                    topics.append(h.value)
                    self._ev(evidence, f"topics.{h.value}", h.start, h.end, "topic.keyword")
        if etype == "training" and "capacity_building" not in topics:
            topics.append("capacity_building")
        if etype == "material_assistance" and "capacity_building" not in topics:
            topics.append("capacity_building")
        if not topics:
            topics = ["generic"]

        if etype == "training" and date is not None and precision == "day":
            m = _COMPLETED_SPAN.search(self.scan, anchor.start, anchor.end)
            if m:  # "returned home on 6 November after completing a one-month seminar": it began a month before
                n = _NUMBER_WORDS.get(m.group(1)) or (int(m.group(1)) if m.group(1).isdigit() else 1)
                days = n * {"day": 1, "week": 7, "month": 30}[m.group(2)]
                if days >= 7:
                    date, precision = (date - dt.timedelta(days=days)).replace(day=1), "month"
        agreements = self._agreements(focus_sents, evidence, date)
        confidence = 0.5 + 0.2 * bool(d.officials) + 0.15 * all(c.get("title") for c in counterparts) + 0.1 * (date is not None)
        event = {
            "date": date.isoformat() if date else None,
            "date_precision": precision,
            "event_type": etype,
            "multilateral_context": context,
            "mode": mode,
            "location": location,
            "chinese_side": chinese,
            "counterparts": counterparts,
            "topics": topics,
            "agreements": agreements,
            "confidence": round(min(confidence, 0.95), 2),
            "evidence": evidence,
        }
        return event

    def _find_dates(self, a: int, b: int, ref, ref_year) -> list:
        """D.find_dates on the scan text, remembered per span (the same sentences are read for several fields)."""
        cache = self.__dict__.setdefault("_dates_cache", {})
        key = (a, b)
        if key not in cache:
            cache[key] = D.find_dates(self.scan, a, b, ref, ref_year)
        return cache[key]

    def _sent_date(self, s: Sentence):
        """The first absolute date a sentence states (a DateHit), or None."""
        a = max(s.start, self.dateline_span[1]) if s.start < self.dateline_span[1] else s.start
        return next((h for h in self._find_dates(a, s.end, self.ref_date, self.ref_year)
                     if h.date and h.rule in D.ABSOLUTE and not h.rule.startswith("en_range")), None)

    def _other_year(self, s: Sentence, day: dt.date) -> bool:
        """The signing is dated in another year before its verb ("in 2008 the two countries signed …",
        "2008年两国签署") — not a period the document covers ("an agreement covering 2011 and 2012")."""
        sign = next((h for h in s.hits if h.kind == "sign"), None)
        end = sign.start if sign is not None else s.end
        return any(int(m.group(1)) != day.year for m in _SIGN_YEAR_RX.finditer(self.scan, s.start, end))

    def _other_date(self, s: Sentence, day: dt.date) -> bool:
        """The sentence states a date that is not the event's (another month, or another day)."""
        h = self._sent_date(s)
        if h is None:
            return False
        if h.precision == "month":
            return (h.date.year, h.date.month) != (day.year, day.month)
        return abs((h.date - day).days) > 1

    def _sent(self, idx: int) -> Sentence:
        sents = self.sents
        if self.headline is not None and not any(self._is_anchor(s) for s in self.sents):
            sents = [self.headline] + self.sents
        return sents[min(idx, len(sents) - 1)]

    def _titled_chinese(self, anchor: Sentence, evidence: list[dict]) -> dict[str, Any] | None:
        """A Chinese official not in the reference lists: the name after his title
        ("Vice Minister of Public Security Xu Datong", "公安部副部长徐大彤")."""
        for s in [anchor] + self.sents[:2]:
            for h in s.kinds("ctitle"):
                rank, agency, title = h.value
                if agency not in ("MPS", "MSS", "CPLC", "MFA") or self._foreign_owned(s, h):
                    continue
                after = self.text[h.end : min(s.end, h.end + 40)]
                m = _EN_NAME_AFTER.match(after)
                if m and h.word.isascii() and m.group(1).split()[0] not in _NOT_NAME and not after.startswith((" of", ",")):
                    name_en, name_zh = m.group(1).strip(), None
                elif h.word.isascii() and (mb := _EN_NAME_BEFORE.search(self.text[max(s.start, h.start - 60) : h.start])) \
                        and mb.group(1).split()[0] not in _NOT_NAME:
                    name_en, name_zh = mb.group(1).strip(), None  # "Yang Chunlei, Deputy Secretary of …"
                else:
                    mz = re.match(r"([\u4e00-\u9fff]{2,3}?)(?=[，、。在于同与会出表说和及率]|\d|$)", after)
                    if not mz or h.word.isascii():
                        continue
                    name_en, name_zh = None, mz.group(1)
                self._ev(evidence, "chinese_side[0].name", h.start, h.end, "official.title_name")
                return {"name_en": name_en, "name_zh": name_zh, "title": title or self.text[h.start : h.end],
                        "agency": agency, "rank": rank}
        return None

    def _envoy_name(self, sents: list[Sentence]) -> "re.Match | None":
        for s in sents:
            for h in s.kinds("cactor"):
                if h.word in _ENVOY_WORDS:
                    m = _EN_NAME_AFTER.match(self.text[h.end : h.end + 40])
                    if m and m.group(1).split()[0] not in _NOT_NAME and not self.text[h.end : h.end + 4].startswith((" of", " at", " in")):
                        return m
        return None

    def _generic_chinese(self, anchor: Sentence, evidence: list[dict]) -> dict[str, Any]:
        sents = [anchor] + self.sents
        generic = [h for s in sents for h in s.kinds("cactor") if h.word in _GENERIC_ACTORS]
        specific = any(h.word not in _GENERIC_ACTORS for s in sents for h in s.kinds("cactor"))
        for s in sents:
            for h in s.kinds("cactor"):
                if self._foreign_owned(s, h) or (specific and generic and h.word in _GENERIC_ACTORS):
                    continue  # "the Chinese delegation" names no agency when an embassy or a bureau is named
                agency = h.value
                name = None
                if agency == "embassy" and ("embassy" in h.word or "使馆" in h.word) and (_SOURCE_AFTER.match(self.scan, h.end) or _SOURCE_BEFORE.search(
                        self.scan[max(s.start, h.start - 40) : h.start])):
                    continue  # "…, the Chinese Embassy in Honiara said": who reports the occasion, not who held it
                if agency == "embassy":
                    seg = self.scan[s.start : s.end]
                    if _P9.search(seg) and not _P10.search(seg):
                        pass
                    m = None
                    if h.word in _ENVOY_WORDS:
                        m = _EN_NAME_AFTER.match(self.text[h.end : h.end + 40])
                        if m and (m.group(1).split()[0] in _NOT_NAME or self.text[h.end : h.end + 3].startswith((" of", " at", " in"))):
                            m = None
                        if m is None:
                            m = _EN_NAME_BEFORE.search(self.text[max(s.start, h.start - 50) : h.start])
                    if m is None and (m0 := _P11.search(self.text[h.start : h.end + 60])):
                        m = _P11.match(self.text, h.start + m0.start())  # the whole name, past the window
                    if m is None:  # "The Chinese Embassy handed over …; Police Counselor Li Qingchun …"
                        m = self._envoy_name(sents[:1] + self.sents[:4])
                    m = m or _P12.search(self.text[s.start : s.end])
                    body0 = self.sents[0].start if self.sents else self.body_start  # not the headline's Title Case
                    m = m or _AMB_EN.search(self.text[body0 : self.limit])
                    m = m or _P13.search(self.text[s.start : s.end])
                    m = m or _P14.search(self.text[s.start : s.end])
                    name = m.group(1).strip() if m else None
                    if name and _P15.search(name):
                        name = None
                    if name and not name.isascii():
                        self._ev(evidence, "chinese_side[0].agency", h.start, h.end, "chinese.actor")
                        return {"name_en": None, "name_zh": name, "title": self.text[h.start:h.end], "agency": agency,
                                "rank": "other"}
                else:
                    name = self._led_by_name(s, h)
                if not name or not _CN_PERSON.fullmatch(name):
                    found = self._chinese_person(anchor, agency)
                    if found:
                        name = found[0]
                        if found[1] and agency != "embassy":
                            agency = "embassy"  # "Jiang Zaidong, Ambassador of the People's Republic of China"
                if not name and agency != "embassy":
                    # "由公安部主办、湖北省公安厅协办……湖北省公安厅国际合作部门负责人汪学伟讲话": the ministry hosts by
                    # name only; the officer the story names speaks for the provincial department that ran it
                    for ag in (agency, "provincial_psb") if agency == "MPS" else (agency,):
                        zn = self._zh_titled_in(ag)
                        if zn is not None:
                            self._ev(evidence, "chinese_side[0].name", zn[1], zn[2], "chinese.actor_title_name")
                            return {"name_en": None, "name_zh": zn[0], "title": zn[3], "agency": ag, "rank": "other"}
                if not name and agency != "embassy":
                    zh = self._zh_envoy(sents[:1] + self.sents[:4])
                    if zh:  # "中国公安部援助……交接仪式" then "中国驻老挝大使姜再冬在仪式上致辞": the envoy present
                        self._ev(evidence, "chinese_side[0].agency", h.start, h.end, "chinese.actor")
                        return {"name_en": None, "name_zh": zh, "title": "中国驻外大使", "agency": "embassy", "rank": "other"}
                self._ev(evidence, "chinese_side[0].agency", h.start, h.end, "chinese.actor")
                if name and (m := _GLUED_WORD.match(name)):
                    name = m.group(1)  # "H.E Zhang Lizhongat met": a word glued to the name; no pinyin syllable ends so
                return {"name_en": name, "name_zh": None, "title": self.text[h.start:h.end], "agency": agency,
                        "rank": "other"}
        return {"name_en": None, "name_zh": None, "title": None, "agency": "MPS", "rank": "other"}

    def _zh_titled_in(self, agency: str) -> tuple[str, int, int, str] | None:
        """"云南警官学院院长刘功华", "云南省公安厅党委委员、政治部主任郭品": the first person the story names by a post
        in a Chinese body of this agency (name, span, title)."""
        for s in self.sents[:12]:
            for h in s.kinds("cactor"):
                if h.value != agency or h.word.isascii() or self._foreign_owned(s, h):
                    continue
                m = _ZH_POST_NAME.match(self.text, h.end, min(s.end, h.end + 30))
                if m:
                    return m.group(2), m.start(2), m.end(2), self.text[h.start : m.start(2)]
        return None

    def _zh_envoy(self, sents: list[Sentence]) -> str | None:
        """"中国驻老挝大使姜再冬": a Chinese ambassador's name in Chinese script."""
        for s in sents:
            m = _ZH_ENVOY.search(self.text, s.start, s.end)
            if m:
                return m.group(1)
        return None

    def _chinese_person(self, anchor: Sentence, agency: str) -> tuple[str, bool] | None:
        """A Chinese envoy's or police officer's name in a foreign-side story: a pinyin "Surname Given" pair
        set next to the Chinese side's words ("Jiang Zaidong, Ambassador of the People's Republic of China",
        "The Ambassador of China to Sri Lanka, Qi Zhenhong", "headed by Mr Zhang Wei, … Public Security Bureau"),
        in the meeting's sentence first, then in the lead; never a counterpart's or a known official's name."""
        taken = {h.word for s in self.sents for h in s.hits if h.kind == "official" and not self._homonym(s, h)}
        for s in [anchor] + [x for x in self.sents[:10] if x is not anchor]:
            seg = self.text[s.start : s.end]
            for m in _CN_PERSON.finditer(seg):
                name = m.group(1)
                if name.lower() in taken:
                    continue
                around = seg[max(0, m.start() - 90) : m.end() + 110]
                if not _CN_PERSON_CUE.search(around):
                    continue
                envoy = bool(_ENVOY_NEAR.search(seg[max(0, m.start() - 60) : m.end() + 60]))
                if agency == "embassy" and not envoy:
                    continue
                return name, envoy
        return None

    def _led_by_name(self, s: Sentence, h) -> str | None:
        """'a delegation of China's Ministry of Public Security led by Yin Zhishan, deputy head of …',
        'headed by Deputy Governor and head of the department Liu Jinbo': the delegation leader's name."""
        m = _LED_BY.search(self.text, h.end, min(s.end, h.end + 200))
        if m is None or m.start() - h.end > 80:
            # "A delegation … led by Zhang Yong, Deputy Administrator of China's National Immigration Administration"
            m = next((x for x in _LED_BY.finditer(self.text, max(s.start, h.start - 150), h.start)), None)
        if m is None:
            return None
        for run in _CAP_RUN.findall(m.group(1)):
            toks = run.split()
            while toks and toks[0] in _TITLE_TOKENS:
                toks.pop(0)
            if not toks:
                continue  # "Deputy Governor and head of the department Liu Jinbo"
            if 2 <= len(toks) <= 3 and not any(t in _NOT_NAME or t in _TITLE_TOKENS for t in toks):
                return " ".join(toks)
            return None
        return None

    def _counterpart(self, party: str, d: EventDraft, focus: list[Sentence], evidence: list[dict], k: int) -> dict[str, Any]:
        is_org = not (len(party) == 3 and party.isupper() and party.isalpha()) or any(
            h.kind == "org" and h.value == party for s in focus for h in s.hits)
        cp: dict[str, Any] = {"country_iso3": None if is_org else party, "organization": party if is_org else None,
                              "name": None, "title": None, "agency_type": "international_org" if is_org else None,
                              "rank_level": "unknown"}
        ph = d.party_hits.get(party)
        if ph is not None:
            self._ev(evidence, f"counterparts[{k}].party", ph.start, ph.end, "party.dictionary")
        # the title: agency/rank words nearest a mention of this party in its sentences
        best = None
        if d.title_span is not None:
            a, b, agency, rank, name = d.title_span
            cp.update(title=_clean_title(self.text[a:b]), name=name, rank_level=self.lex.rank_level_of(_clean_title(self.text[a:b])) or rank or "unknown")
            if not is_org:
                cp["agency_type"] = agency or "other"
            self._ev(evidence, f"counterparts[{k}].title", a, b, "counterpart.title")
            return cp
        anchor_s = self._sent(d.anchor)
        if not d.multilateral and len(d.parties) == 1:
            best = self._best_title(party, anchor_s, focus, is_org, d.name)
        for s in ([] if best is not None or (not d.multilateral and len(d.parties) == 1) else focus):
            mentions = [h for h in s.hits if h.kind in ("country", "org") and h.value == party]
            titles = self._title_spans(s)
            if any(h.kind == "cactor" and h.value == "embassy" for h in s.hits):
                # "中国驻利比里亚大使", "Chinese Ambassador": the Chinese side's title, not the counterpart's
                titles = [t for t in titles if not _AMB_WORD.search(self.scan[t[0] : t[1]])]
            for m in mentions:
                for t in titles:
                    dist = _gap(t, m)
                    score = dist + (0 if t[3] else 45)  # a person's title (with a rank word) first
                    if dist <= 100 and (t[3] or dist <= 40) and (best is None or score < best[0]):
                        best = (score, t, s)
        if best is None and (d.multilateral or d.forum):
            # "Heads of the police forces of Fiji, Vanuatu, …", "五国内务部长率团参会": a title shared by a list
            for s in focus:
                if not any(h.kind in ("country", "org") and h.value == party for h in s.hits):
                    continue
                for t in self._title_spans(s):
                    m = next(h for h in s.hits if h.kind in ("country", "org") and h.value == party)
                    dist = _gap(t, m)
                    if dist <= 120 and (best is None or dist < best[0]):
                        best = (dist, t, s)
            if best is not None:
                _, (a, b, agency, rank), s = best
                cp["agency_type"] = agency if not is_org and agency else cp["agency_type"]
                # "Heads of the police forces of Fiji, …": the shared rank; "ministers and senior police
                # representatives from …": mixed delegations, unknown
                m0 = next(h for h in s.hits if h.kind in ("country", "org") and h.value == party)
                between = self.scan[min(a, m0.start) : max(b, m0.end)]
                mixed = _MIXED_ROLES.search(between) or _MIXED_ROLES.match(self.scan, b)
                cp["rank_level"] = "unknown" if (mixed or is_org) else (self.lex.rank_level_of(self.text[a:b]) or rank or "unknown")
                self._ev(evidence, f"counterparts[{k}].agency_type", a, b, "counterpart.shared_title")
                best = None
                if cp["agency_type"] is None:
                    cp["agency_type"] = "other"
                return cp
        if best is not None:
            _, (a, b, agency, rank), s = best[:3]
            cp["title"] = _clean_title(self.text[a:b])
            if not is_org and agency:
                cp["agency_type"] = agency
            cp["rank_level"] = self.lex.rank_level_of(cp["title"]) or rank or "unknown"
            if is_org and not d.multilateral and cp["rank_level"] != "unknown":
                cp["rank_level"] = "other"  # an organisation's president or secretary-general is on no government's ladder
            if not is_org and cp["title"]:
                coded = self.lex.classify_title(_THE_COUNTRY.sub(r"\1", cp["title"]))
                if coded is not None:
                    if coded[0] not in ("other",) and (cp["title"].isascii() or cp["agency_type"] == "other"):
                        cp["agency_type"] = coded[0]
                    if coded[1] not in ("unknown",):
                        cp["rank_level"] = coded[1]
            if d.multilateral and _MIXED_ROLES.match(self.scan, b):
                cp["rank_level"] = "unknown"  # "ministers and senior police representatives from …"
            self._ev(evidence, f"counterparts[{k}].title", a, b, "counterpart.title")
            cp["name"] = self._name_near(a, b, s) or (best[3] if len(best) > 3 else None)
        if cp["agency_type"] is None:
            cp["agency_type"] = "other"
        if (cp["rank_level"] == "unknown" and not is_org and not d.multilateral and cp["title"] and cp["name"]
                and not _DELEGATION_HEAD.search(cp["title"])):
            cp["rank_level"] = "other"  # a named person with a stated rank below vice-minister (docs/decisions.md)
        return cp

    def _best_title(self, party: str, anchor: Sentence, focus: list[Sentence], is_org: bool, known: str | None = None):
        """The counterpart's title for a one-party meeting: among the title spans of the meeting's
        sentences that are not the Chinese side's, the one that best looks like this party's person:
        near a mention of the party (its name or one of its cities), with a rank word, an agency word
        and a person's name ("Inspector General of Police Islamabad Akbar Nasir Khan welcomed …").
        A title nearer another foreign party's mention is that party's."""
        best = None
        seen: set[int] = set()
        mission = self._chinese_mission()
        handover = anchor.has("handover")
        pool = [anchor] + focus
        if anchor in self.sents and _REFERS_BACK.match(self.text, anchor.start):
            k = self.sents.index(anchor)  # "He made the remarks in a meeting with …": the speaker is in the sentence before
            if k > 0:
                pool.append(self.sents[k - 1])
        anchor_text = self.text[anchor.start : anchor.end]
        named_pass = self._named_titles() if self._needs_named_pass(anchor, party) else []
        for t, name, s in named_pass:
            # "Deputy Prime Minister and Minister of Interior Sar Kheng … returned"; then "Sar Kheng and Zhao Kezhi met":
            # the person the meeting sentence names, titled elsewhere in the story
            last = name.split()[-1]
            if s is not anchor and len(last) >= 3 and _has_word(anchor_text, last) and not _CN_PERSON.fullmatch(name) and not (
                    known and last != known.split()[-1]):
                others_near = [h for h in self.parties_in(s) if h.value != party and _gap(t, h) <= 20]
                if others_near or (is_org and t[2] not in (None, "international_org")):
                    continue
                score = (0 if t[3] else 45) + (0 if t[2] else 25) - 20
                if best is None or score < best[0]:
                    best = (score, t, s, name)
        for order, s in enumerate(pool):
            if s.start in seen:
                continue
            seen.add(s.start)
            mentions = [h for h in s.hits if (h.kind in ("country", "org") and h.value == party)
                        or (h.kind == "city" and h.value[1] == party)]
            seg = self.scan[s.start : s.end]
            witness = "witness" in seg or "presence" in seg
            others = [h for h in self.parties_in(s) if h.value != party]
            chinese = [h for h in s.hits if h.kind in ("official", "ctitle", "cactor") and not self._foreign_owned(s, h)]
            seg_s = self.scan[s.start : s.end]
            escort = ([(m.start(), m.end()) for m in _ESCORT.finditer(self.scan, s.start, s.end)]
                      if ("陪同" in seg_s or "accompany" in seg_s) else [])
            leaders = "共识" in seg_s or "consensus" in seg_s
            for t in self._title_spans(s):
                a, b, agency, rank = t
                words = self.scan[a:b]
                if any(x <= a and b <= y for x, y in escort) or leaders and (
                        _LEADERS_AFTER.match(self.scan, b, min(s.end, b + 40))
                        or _LEADERS_BEFORE.search(self.scan[max(s.start, a - 100) : a])):
                    # "在陪同……国家主席苏林……访问期间": the leader the visitor accompanied; "落实……国家主席苏林所达成的
                    # 重要共识", "the consensus reached by the two heads of state": the leaders, not the one met
                    continue
                if (mission or any(h.kind == "cactor" and h.value == "embassy" for h in s.hits)) and _ENVOY_WORDS_RX.search(words):
                    continue  # the Chinese envoy's title
                if any(h.start - 4 <= b and a <= h.end + 4 and not any(
                        m.start >= h.end and m.end <= a for m in mentions) for h in chinese) or _CN_BEFORE.search(
                        self.scan[max(s.start, a - 25) : a]):
                    continue  # "Chinese Vice Minister …", "Police Counselor Li Qingchun of the Chinese embassy"
                dist = min((_gap(t, m) for m in mentions), default=None)
                od = min((_gap(t, o) for o in others), default=None)
                if od is not None and (dist is None or od < dist) and od <= 40:
                    continue  # "… and Tajik Minister X": another party's person
                name = self._name_near(a, b, s)
                if name is None and (m := _COMMA_NAME_T.match(self.text, b, s.end)):
                    name = m.group(1)
                if dist is None:
                    if not (rank or name or s is anchor):
                        continue  # "the interior ministers of the five countries": the anchor's own words still count
                    # the meeting's own sentence naming a titled person ("Deputy Prime Minister and Minister for Home
                    # Affairs Narayan Kaji Shrestha held a meeting with …") beats a later short mention
                    dist = (12 if name else 50) if s is anchor else 80
                elif dist > 100 and not name:
                    continue
                if is_org and agency not in (None, "international_org"):
                    agency = None
                score = min(dist, 120) / 2 + (0 if rank else 45) + (0 if agency else 25) + (0 if name else 20) + 2 * order
                if known and name:
                    score += -60 if (name == known or name.split()[-1] == known.split()[-1]) else 30  # the draft's own visitor
                if agency == "head_of_government" and handover and _WITNESS.search(self.scan[s.start : s.end]):
                    score += 40  # a president or prime minister who witnessed a hand-over is not its recipient
                if witness and _WITNESS_BEFORE.search(self.scan[max(s.start, a - 60) : a]):
                    score += 40  # "witnessed by Home Minister X", "in the presence of …": not the party's signatory
                if best is None or score < best[0]:
                    best = (score, t, s, name)
        return best

    def _needs_named_pass(self, anchor: Sentence, party: str) -> bool:
        """Whether the meeting sentence lacks a titled person near the party (then look for the person elsewhere)."""
        for t in self._title_spans(anchor):
            if t[3] and self._name_near(t[0], t[1], anchor):
                return False
        return True

    def _named_titles(self) -> list[tuple[tuple, str, Sentence]]:
        """Every (title span, person name, sentence) of the story whose title is not the Chinese side's (cached)."""
        cache = getattr(self, "_named_titles_cache", None)
        if cache is None:
            cache = []
            for s in self.sents[:40]:
                chinese = [h for h in s.hits if h.kind in ("official", "ctitle", "cactor") and not self._foreign_owned(s, h)]
                for t in self._title_spans(s):
                    if any(h.start - 4 <= t[1] and t[0] <= h.end + 4 for h in chinese):
                        continue
                    name = self._name_near(t[0], t[1], s)
                    if name and " " in name:
                        cache.append((t, name, s))
            self._named_titles_cache = cache
        return cache

    def _title_spans(self, s: Sentence) -> list[tuple[int, int, str | None, str | None]]:
        """Runs of adjacent agency/rank words in a sentence → (start, end, agency_type, rank_level)."""
        if s._titles is None:
            s._titles = self._title_spans_uncached(s)
        return s._titles

    def _title_spans_uncached(self, s: Sentence) -> list[tuple[int, int, str | None, str | None]]:
        offs = [h for h in s.hits if h.kind == "official"]
        chn = [h for h in s.hits if h.kind == "country" and h.value == "CHN"]
        names = [(h.start, h.end) for h in s.hits if h.kind in ("mech", "org", "official")
                 or (h.kind == "cactor" and not self._foreign_owned(s, h))
                 or (h.kind == "ctitle" and (any(0 <= o.start - h.end <= 2 for o in offs)
                                             or any(0 <= h.start - c.end <= 4 for c in chn)))]
        countries = [(h.start, h.end) for h in s.hits if h.kind == "country"]
        hs = [h for h in s.hits if h.kind in ("agency", "rank")
              and not any(a <= h.start and h.end <= b for a, b in names)]
        runs: list[list[Hit]] = []
        for h in hs:
            gap = self.scan[runs[-1][-1].end : h.start] if runs and h.start >= runs[-1][-1].end else ""
            if runs and gap and len(gap) <= 40:
                for a, b in countries:  # "Inspector General of the Nepal Police"
                    if runs[-1][-1].end <= a and b <= h.start:
                        gap = gap.replace(self.scan[a:b], " ")
            if runs and h.start - runs[-1][-1].end <= 40 and len(gap) <= 8 and _P16.fullmatch(gap):
                runs[-1].append(h)
            elif runs and 0 < h.start - runs[-1][-1].end <= 45 and self._linked_title(runs[-1][-1], h):
                runs[-1].append(h)
            elif (runs and runs[-1][-1].kind == "agency" and h.kind == "rank" and 0 < h.start - runs[-1][-1].end <= 3
                  and _CJK_GAP.fullmatch(self.scan[runs[-1][-1].end : h.start])):
                runs[-1].append(h)  # "内政部联邦部长", "警察总署第一副署长": a ministry, a qualifier, the post
            elif runs and h.start < max(x.end for x in runs[-1]):
                runs[-1].append(h)
            else:
                runs.append([h])
        out = []
        for r in runs:
            a, b = min(h.start for h in r), max(h.end for h in r)
            ag = [h for h in r if h.kind == "agency"]
            agency = None
            if ag:
                bestag = max(ag, key=lambda h: (h.end - h.start, h.value != "head_of_government"))
                agency = bestag.value
                if agency == "head_of_government" and _P17.search(self.scan[a:b]):
                    specific = [h for h in ag if h.value != "head_of_government"]
                    agency = max(specific, key=lambda h: h.end - h.start).value if specific else "other"
            rk = [h for h in r if h.kind == "rank"]
            rank = None
            if rk:
                levels = {h.value for h in rk}
                rank = "ministerial" if "ministerial" in levels and not _P18.search(self.scan[a:b]) else None
                if rank is None:
                    best = max(rk, key=lambda h: h.end - h.start)
                    rank = best.value
            if agency is None and rank is None:
                continue
            while (m := _ORG_TAIL.match(self.text, b)) and m.end() <= s.end:
                b = m.end()  # "Drug Control Agency", "Federal Police Commission": the body's last word
            if self.text[a:b].isascii():
                # the whole English post around the dictionary words: "Deputy Assistant to the President and Deputy
                # Homeland Security Advisor", "Senior Advisor to the Minister of Interior"; coded as a whole
                a2, b2 = a, b
                if (m := _TITLE_LEFT.search(self.text, max(s.start, a - 60), a)) and m.end() == a:
                    a2 = m.start()
                if (m := _TITLE_RIGHT.match(self.text, b2)) and m.end() <= s.end:
                    b2 = m.end()
                if _BODY_END.search(self.text, a2, b2) and (m := _BODY_RIGHT.match(self.text, b2)) and m.end() <= s.end:
                    b2 = m.end()  # "Principal Secretary of the State Department | for Internal Security"
                if (a2, b2) != (a, b):
                    coded = self.lex.classify_title(_THE_COUNTRY.sub(r"\1", _clean_title(self.text[a2:b2])))
                    if coded is not None:
                        a, b = a2, b2
                        agency, rank = coded[0], (coded[1] if coded[1] != "unknown" else rank)
            elif a > s.start and (m := _ZH_DEPUTY_BEFORE.search(self.scan, max(s.start, a - 4), a)):
                # "会见柬埔寨副首相兼内政大臣": the deputy's 副 before the dictionary word belongs to the post
                coded = self.lex.classify_title(self.text[m.start() : b])
                if coded is not None:
                    a, rank = m.start(), (coded[1] if coded[1] != "unknown" else rank)
                    if coded[0] != "other" or agency in (None, "head_of_government"):
                        agency = coded[0]  # "副首相" is no head of government; "…委员会副秘书长" keeps its body's agency
            out.append((a, b, agency, rank))
        return out

    def _is_place(self, name: str) -> bool:
        return self.lex.is_place(name)

    def _linked_title(self, prev: Hit, h: Hit) -> bool:
        """Two title words joined by "of"/"for"/"'s" and capitalised words only ("Director of Russia's
        Foreign Intelligence Service"); never across a comma, a lower-case word or a person's name."""
        gap = self.text[prev.end : h.start]
        if "," in gap or not _TITLE_LINK.fullmatch(gap):
            return False
        linked = prev.word.endswith((" of", " for")) or _LINK_WORD.match(gap)
        return bool(linked)

    def _name_near(self, a: int, b: int, s: Sentence) -> str | None:
        after = self.text[b : min(s.end, b + 60)]
        m = _EN_NAME_AFTER.match(after)
        if m and m.group(1).split()[0] not in _NOT_NAME and not after.startswith((" of", ",", " and")) and not any(
                t in _ORG_WORDS for t in m.group(1).split()):
            toks = m.group(1).split()
            for i in range(len(toks) - 2, 0, -1):
                if toks[i].rstrip(".") in ("Dr", "Mr", "Mrs", "Ms", "Hon", "Gen", "Pol"):
                    toks = toks[i + 1 :]  # "Inspector General of Police Punjab Dr Usman Anwar"
                    break
            while len(toks) > 2 and toks[0].rstrip(".") in _TITLE_TOKENS | _HONORIFICS:
                toks.pop(0)  # "Secretary Nikolai Patrushev", "Hon. Andrew Napuat"
            name = " ".join(toks)
            if self._is_place(name):
                return None  # "Central Police Office Lahore": a place, not a person
            return name
        before = self.text[max(s.start, a - 60) : a]
        before = _P19.sub("", before)
        m = _EN_NAME_BEFORE.search(before)
        if m:
            toks = m.group(1).split()
            while toks and toks[0] in _NOT_NAME:
                toks.pop(0)
            if toks:
                return " ".join(toks)
        if (m := _PORTFOLIO_NAME.match(self.text[b : min(s.end, b + 90)] + " ")):
            # "Minister for Defence and National Security Inia Seruiratu"
            toks = m.group(1).split()
            while toks and toks[0] in _PORTFOLIO_WORDS | {"and", "the"}:
                toks.pop(0)
            if 2 <= len(toks) <= 4 and not any(t in _NOT_NAME for t in toks):
                return " ".join(toks)
        if not _ZH_TITLE_END.match(self.scan[b - 1 : b]):
            return None
        m = _ZH_NAME_AFTER.match(self.text[b : min(s.end, b + 12)])
        if m and _P20.match(m.group(1)) and not _P21.search(m.group(1)):
            return m.group(1)
        return None
