"""The occasion of one event: its context (platform session), type, location and the agreements signed.

A mixin of the per-document extraction context (:mod:`isd.extract.rules`), used by
:meth:`isd.extract.fields.FieldsMixin._build`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from isd.extract.fields import _DONATION, _HOST_VERB, _INVITED, _PLANNED_SIGN, _SIGNED_BEFORE, _VISITING_CN, _VISITING_END
from isd.extract.lexicon import Hit
from isd.extract.patterns import *  # noqa: F401,F403 - the shared precompiled patterns (see __all__)
from isd.extract.patterns import EventDraft, Sentence, _clean_title, _doc_type_from_hits
from isd.extract.textio import make_scan_text

import re

# a place visited: "while in Cambodia", "during his visit to Viet Nam", "arrived in Phnom Penh",
# "on an official visit to the United States", "visits China", "访问柬埔寨期间", "抵达金边"
_TRIP_BEFORE = re.compile(
    r"(?:\bwhile (?:he was |she was |they were )?in|\bwhen in|\bstay in|"
    r"\b(?:visit|trip|tour|stay|travels?) (?:to|in|of)|\bvisit(?:s|ed|ing)?|\btour(?:s|ed|ing)?|\btour of|"
    r"\barriv(?:ed|es|ing|al) in|\blanded in|\btravel(?:l?ed|s|ling)? to|\bheld in|\btook place in|\bmeet in|\bmet in|"
    r"\bheadquarters (?:of|in)|\bin (?:[a-z\-]+ ){1,2}province,|\b(?:dialogue|meeting|conference|forum|talks|session|ceremony) (?:held )?in|"
    r"访问|出访|抵达|到访|前往|赴)\s*(?:the )?(?:(?:capital|port|border|coastal) (?:city )?(?:of )?|city of )?$")
_TRIP_FAR = re.compile(r"(?:\bwhile (?:he was |she was |they were )?in|\bwhen in|\barrived in|"
                       r"\bduring (?:his|her|their|the) (?:[\w\-]+ ){0,3}(?:visit|trip|stay) (?:to|in)|在|访问)\s*$")
_TRIP_ZH_AFTER = re.compile(r"\s*(?:访问|进行[^，。]{0,8}访问|期间|出席|参加)")
# "visited the headquarters of China's Ministry of Public Security": a visit to a Chinese institution
_VISIT_CN_INST = re.compile(r"\bvisit(?:s|ed|ing)? (?:to )?(?:the )?(?:headquarters of )?(?:china's|china’s|the chinese) "
                            r"(?:ministry|mps|national|police|people's)|\bin china (?:to|for) (?:attend|take part|participate)|"
                            r"\bvisiting china\b|\bvisits? (?:to )?china\b|\btrip to china\b|访华|来华")
# a Chinese official on a tour abroad naming no country: each meeting in the host's country
_TOUR_ABROAD = re.compile(r"\b(?:overseas|foreign) (?:visit|trip|tour)|\btour of (?:southeast|central|south|east|west)|"
                          r"\b(?:\d+|[a-z]+)-day (?:tour|trip|visit) (?:of|to) (?:southeast|central|south|east|west|the pacific|africa|europe|latin)")
# the trip told is not this occasion's: an invitation, a plan, a recalled earlier visit
_TRIP_NOT_NOW = re.compile(r"\binvit|\bwill\b|\bwould\b|\bto be held|\blook(?:s|ed|ing)? forward|\bnext (?:year|month)|\blast (?:year|month)|"
                           r"\bwelcom\w* [^.;]{0,60}\bto (?:visit|come)|\bhopes? to\b|\bexpect|欢迎[^。；]{0,20}(?:访|来)|期待|"
                           r"\brecall|\bprevious|\brecent|\bearlier this year|\bin (?:19|20)\d\d\b|邀请|将于|将在|前不久|去年|明年|曾经|此前")
_NAME_NEXT = re.compile(r" [A-Z]")  # "visiting Chinese State Councilor", "visiting Cambodian Deputy Prime Minister"
_INST_IN = re.compile(r"\b(?:embassy|consulate(?: general)?|liaison team|team|office|mission|bureau|centre|center|representative)"
                      r" (?:in|at)\s*$")
# "China will donate police equipment …", "将向…捐赠": a promised gift, not a hand-over made
_FUTURE_GIFT = re.compile(r"(?:\bwill|\bwould|\bshall|\b(?:is|are|plans?|pledged|promised|agreed|ready|going|set|expected|intends?) to|"
                          r"将|拟|计划|愿)(?:\s+[a-z]+){0,3}\s*(?:向[^，。]{0,12})?$")
_PLAIN_IN = re.compile(r"(?:\bin|\bat|在|于)\s+(?:the\s+)?(?:(?:capital|port|border|coastal)\s+(?:city\s+)?(?:of\s+)?|city of\s+)?$|(?:在|于)$")
_TALKED = re.compile(r"\b(?:also |then )?(?:spoke|talked) (?:about|of|on)\b|\b(?:also )?discussed\b|\bexchanged views\b|"
                     r"\bheld talks\b|交换了?意见|进行了?会谈|举行了?会谈")
_AREA_AFTER = re.compile(r"\s+(?:region|area|areas|border|borderlands?|district|zone|township)\b|(?:地区|一带|边境)")
_AREA_OF = re.compile(r"\b(?:region|area|areas|border areas?|borderlands?|district|zone) of\s*$")
_CHINA_WORDS = ("china", "中国", "people's republic of china", "the people's republic of china", "prc")
# a foreign government's own building: the meeting is at the host's
_FOREIGN_VENUE = re.compile(r"\bat (?:the )?(?:government house|state house|presidential palace|prime minister'?s office|"
                            r"office of the prime minister|white house|kremlin|malacañang|malacanang)\b")


class OccasionMixin:
    """Context, type, location and agreements of an event; expects the attributes of ``rules._Context``."""

    def _context(self, d: EventDraft, anchor: Sentence, focus: list[Sentence], date: dt.date | None,
                 evidence: list[dict]) -> tuple[str | None, str | None, str | None]:
        year = date.year if date else self.ref_year
        if d.sideline_of is not None and d.sideline_of.context:
            m = d.sideline_of
            return m.context, m.context_city, m.context_country
        own = [h for s in [anchor] + focus for h in s.hits if h.kind == "mech"]
        if d.sideline_of is not None or d.multilateral:
            pool = own or [h for s in self.sents for h in s.hits if h.kind == "mech"]
        else:
            pool = [h for h in own if self._sideline_cue_near(h, anchor, focus)]
            if not pool:
                lead = self.sents[:2] + self.pre_sents
                pool = [h for s in lead for h in s.hits if h.kind == "mech" and self._sideline_cue_near(h, s, [])]
        if not pool:
            return None, None, None
        h = pool[0]
        label, city, country = self.lex.mechanism_label(h.value, year)
        self._ev(evidence, "multilateral_context", h.start, h.end, "context.mechanism")
        return label, city, country

    def _sideline_cue_near(self, h: Hit, anchor: Sentence, focus: list[Sentence]) -> bool:
        for s in [anchor] + focus:
            if s.start <= h.start < s.end:
                if _INVITED.search(self.scan[s.start : s.end]):
                    return False  # "invited him to the forum to be held in September": a later occasion
                return any(c.kind == "sideline" for c in s.hits)
        return False

    def _type(self, d: EventDraft, anchor: Sentence, focus: list[Sentence], context: str | None) -> str:
        sents = [anchor] + focus
        lead = ([self.headline] if self.headline else []) + self.sents[:1]
        if (any(s.has("training") for s in sents[:2]) and not any(s.has("meet") for s in sents[:1])) or (
                any(s.has("training") for s in lead) and not any(s.has("meet") or s.has("sign") for s in lead + sents[:1])):
            return "training"
        if any(s.has("handover") and (s.has("handover_items") or s.has("doctype")
                                      or _DONATION.search(self.scan[s.start : s.end]))
               and not all(_FUTURE_GIFT.search(self.scan[max(s.start, h.start - 30) : h.start]) for h in s.kinds("handover"))
               for s in sents[:3]):
            return "material_assistance"
        if d.forum:
            return "forum"
        if d.multilateral:
            return "multilateral_meeting"
        if d.sideline_of is not None or context:
            return "sideline_bilateral"
        k = next((i for i, x in enumerate(self.sents) if x is anchor), None)
        near = [anchor] + (self.sents[k + 1 : k + 2] if k is not None else [])
        if anchor.has("sign") and not any(s.has("meet") or s.has("phone") or s.has("video") for s in sents) and not any(
                _TALKED.search(self.scan[s.start : s.end]) for s in near):
            return "agreement_signing"  # "… signed a MOU. They also spoke about further cooperation": a meeting
        return "bilateral_meeting"

    def _location(self, d: EventDraft, anchor: Sentence, focus: list[Sentence], mcity: str | None,
                  mcountry: str | None, chinese: list[dict], evidence: list[dict],
                  counterparts: list[dict], mode: str) -> dict[str, Any]:
        remote = mode in ("video", "phone")
        for s in [anchor]:
            for h in s.kinds("city"):
                if remote and h.value[1] != "CHN":
                    continue  # a call: only where the Chinese side sat ("在北京同……举行视频会谈")
                before = self.scan[max(s.start, h.start - 40) : h.start]
                if _INST_IN.search(before) or _AREA_AFTER.match(self.scan, h.end):
                    # "the Chinese Embassy in Honiara": a name; "operations in the Myawaddy region of Myanmar": where the
                    # crimes are, not where the officials met
                    continue
                if h.word.startswith("在") or _P22.search(before) or _P23.search(before):
                    self._ev(evidence, "location", h.start, h.end, "location.city_in_event")
                    return {"city": h.value[0], "country_iso3": h.value[1]}
        near = None if remote else self._trip_place(d, anchor, focus, chinese, near=True)
        if near is not None:
            return {"city": near[0] or next((c[0] for c in (self._lead_city(), self._ref_city()) if c and c[1] == near[1]),
                                            None), "country_iso3": near[1]}
        for s in ([] if remote else [anchor]):
            for h in s.hits:
                if h.kind == "country" and id(h) in self.loc_hits and h.value not in ("HKG", "MAC", "CHN") and not (
                        _AREA_OF.search(self.scan[max(s.start, h.start - 20) : h.start])):
                    self._ev(evidence, "location", h.start, h.end, "location.country_in_event")
                    city = self._ref_city()
                    return {"city": city[0] if city and city[1] == h.value else None, "country_iso3": h.value}
        if not remote and d.parties and any(h.kind == "country" and h.value == "CHN" and id(h) in self.loc_hits
                                            and h.word in ("china", "中国", "people's republic of china")
                                            and not _VISITING_END.search(self.scan[max(0, h.start - 10) : h.start])
                                            for h in anchor.hits):
            # "completed a one-month seminar in Fujian Province, China", "on a visit to China": in China
            city = self._lead_city() or self._ref_city()
            return {"city": city[0] if city and city[1] == "CHN" else None, "country_iso3": "CHN"}
        if not remote and len(d.parties) == 1 and _VISITING_CN.search(self.scan[anchor.start : anchor.end]):
            iso = d.parties[0]  # "… met visiting State Councilor Wang Xiaohong" (BISHKEK dateline): the host country
            for c in (self._ref_city(), self._lead_city()):
                if c and c[1] == iso:
                    return {"city": c[0], "country_iso3": iso}
            if len(iso) == 3 and iso.isupper():
                return {"city": None, "country_iso3": iso}
        if chinese and chinese[0].get("agency") == "embassy" and counterparts and counterparts[0].get("country_iso3"):
            iso = counterparts[0]["country_iso3"]  # an embassy acts in its host country: the lead's or dateline's city there
            for c in (self._lead_city(), self._ref_city(), self._publisher_city()):
                if c and c[1] == iso:
                    return {"city": c[0], "country_iso3": iso}
            return {"city": None, "country_iso3": iso}
        trip = None if remote else self._trip_place(d, anchor, focus, chinese)
        if trip is not None:
            tcity, tiso = trip
            if tcity is None and mcity and mcountry == tiso and (d.sideline_of is not None or d.multilateral or d.forum
                                                                   or d.context):
                tcity = mcity
            if tcity is None:
                for c in (self._lead_city(), self._ref_city()):
                    if c and c[1] == tiso:
                        tcity = c[0]
                        break
            return {"city": tcity, "country_iso3": tiso}
        if mcity and not remote and (d.sideline_of is not None or d.multilateral or d.forum or d.context) and not any(
                h.kind == "city" for h in anchor.hits):
            # a session of a platform held in one city ("GPSCFL" is Lianyungang): that city, not the dateline's
            return {"city": mcity, "country_iso3": mcountry or "CHN"}
        prev = getattr(self, "prev_location", None)
        if prev is not None and not remote:
            return dict(prev)
        lead = self._lead_city()
        if lead and not remote:
            return {"city": lead[0], "country_iso3": lead[1]}
        city = self._ref_city()
        if city:
            if self.ref_span:
                self._ev(evidence, "location", self.ref_span[0], self.ref_span[1], "location.dateline")
            return {"city": city[0], "country_iso3": city[1]}
        if mcity or mcountry:
            return {"city": mcity, "country_iso3": mcountry}
        if not remote and len(d.parties) == 1 and self._foreign_host(anchor):
            # "Colonel Le Quang Dao received a delegation of the Shanghai Public Security Bureau": at the host's
            iso = d.parties[0]
            city = next((h.value for s in self.sents for h in s.hits if h.kind == "city" and h.value[1] == iso), None)
            return {"city": city[0] if city else None, "country_iso3": iso}
        ph = next(iter(d.party_hits.values()), None)
        if ph is not None and ph.word == "publisher" and not remote:
            # a foreign government's own release naming no place: the meeting was at home
            return {"city": None, "country_iso3": ph.value}
        return {"city": None, "country_iso3": "CHN"}

    def _trip_place(self, d: EventDraft, anchor: Sentence, focus: list[Sentence],
                    chinese: list[dict], near: bool = False) -> tuple[str | None, str] | None:
        """Where a trip the story tells puts this occasion: the visited country when it is this event's
        party ("While in Cambodia, Zhao also met …"), China when the foreign side is the visitor ("Public
        security minister visits China", "… met Wang Xiaohong on Friday in Beijing"); nearest sentence first."""
        parties = {p for p in d.parties if len(p) == 3 and p.isupper()}
        if not parties or (chinese and chinese[0].get("agency") == "embassy"):
            return None  # an embassy acts in its host country (below)
            return None
        lead = ([self.headline] if self.headline else []) + self.pre_sents + self.sents[:2]
        seen: set[int] = set()
        levels = [[anchor], focus, lead, self.sents]
        for level, sents in enumerate(levels):
            if near and level > 1:
                return None
            if not near and level <= 1:
                seen.update(id(s) for s in sents)
                continue  # looked at by the near pass (called first)
            for s in sents:
                if s is None or id(s) in seen:
                    continue
                seen.add(id(s))
                seg = self.scan[s.start : s.end]
                if _TRIP_NOT_NOW.search(seg):
                    continue
                for h in s.hits:
                    if h.kind == "city":
                        iso, city = h.value[1], h.value[0]
                    elif h.kind == "country" and (h.word in _CHINA_WORDS if h.value == "CHN" else id(h) in self.loc_hits) and (
                            not self.scan.startswith(("'s", "’s"), h.end)) and not _NAME_NEXT.match(self.text, h.end):
                        iso, city = h.value, None
                    else:
                        continue
                    if iso not in parties and iso != "CHN":
                        continue
                    if d.multilateral and iso != "CHN" and level > 0:
                        continue  # one of many parties' countries named in passing ("赴泰国执行押解任务")
                    if level == 0 and iso == "CHN" and h.kind == "country" and id(h) in self.loc_hits:
                        return None, "CHN"  # "completed a two-week seminar … in China"
                    if level == 3 and (iso == "CHN" or d.multilateral):
                        continue  # China named far from the occasion says nothing of it
                    before = self.scan[max(s.start, h.start - 48) : h.start]
                    cue = (_TRIP_FAR if level == 3 else _TRIP_BEFORE).search(before) or level < 3 and (
                        before.endswith("在") and _TRIP_ZH_AFTER.match(self.scan, h.end))
                    if not cue and h.kind == "city" and level <= 1 and not d.multilateral and any(
                            s.has(k) for k in ("meet", "sign", "training", "handover")) and _PLAIN_IN.search(before):
                        cue = True  # "met with … Wang Xiaohong on Friday, September 19, 2025, in Beijing"
                    if cue:
                        return city, iso
                if level <= 2 and _VISIT_CN_INST.search(seg):
                    return None if False else (None, "CHN")
                if level <= 2 and _FOREIGN_VENUE.search(seg) and len(parties) == 1:
                    return None, next(iter(parties))
        if len(parties) == 1 and not d.multilateral:
            body = self.scan[self.body_start : self.limit]
            if _TOUR_ABROAD.search(body) and not _VISIT_CN_INST.search(body):
                return None, next(iter(parties))
        return None

    def _foreign_host(self, s: Sentence) -> bool:
        """The foreign side receives/hosts/welcomes the Chinese visitors: no Chinese actor before the verb, one after."""
        m = _HOST_VERB.search(self.scan, s.start, s.end)
        if m is None:
            return False
        chinese = [h for h in s.hits if h.kind in ("official", "cactor", "ctitle") and not self._foreign_owned(s, h)
                   or (h.kind == "country" and h.value == "CHN")]
        return not any(h.end <= m.start() for h in chinese) and any(h.start >= m.end() for h in chinese)

    def _agreements(self, focus: list[Sentence], evidence: list[dict], day: dt.date | None = None) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        seen: set[tuple[int, int]] = set()
        for s in focus:
            if _SIGNED_BEFORE.search(self.scan[s.start : s.end]) or (
                    day is not None and s.has("sign") and self._other_year(s, day)):
                continue  # "2008年两国签署……谅解备忘录以来", "since the MOU signed in 2011": an earlier document
            signs = [h for h in s.kinds("sign") if not _PLANNED_SIGN.search(self.scan[max(s.start, h.start - 24) : h.start])]
            if not signs:
                continue
            first_sign = signs[0]
            for m in _SIGN_TITLE_ZH.finditer(self.text, s.start, s.end):
                title = m.group(1)
                dts = self.lex.scan(make_scan_text(title, self.lex.converter))
                dtype = _doc_type_from_hits(dts, zh=True)
                if dtype and (m.start(), m.end()) not in seen:
                    seen.add((m.start(), m.end()))
                    out.append({"title": title, "doc_type": dtype})
                    self._ev(evidence, f"agreements[{len(out) - 1}]", m.start(), m.end(), "agreement.quoted_title")
            if out:
                continue
            for h in s.kinds("doctype"):
                if h.start < first_sign.start - 40:
                    continue
                if any(a <= h.start < b for a, b in seen):
                    continue
                a, b = self._agreement_span(h, first_sign, s)
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                title = _clean_title(self.text[a:b])
                out.append({"title": title, "doc_type": h.value})
                self._ev(evidence, f"agreements[{len(out) - 1}]", a, b, "agreement.doc_term")
        return out

    def _agreement_span(self, h: Hit, sign: Hit, s: Sentence) -> tuple[int, int]:
        if _P20.match(self.text[h.start]):
            a = max(sign.end, s.start) if sign.end <= h.start else max(s.start, h.start - 30)
            seg = self.text[a : h.start]
            cut = max(seg.rfind(c) for c in "，、。；了和及") if seg else -1
            a = a + cut + 1 if cut >= 0 else a
            return a, h.end
        a = h.start
        tail = self.text[h.end : s.end]
        m = _P24.match(tail)
        b = h.end + (len(m.group(0)) if m else 0)
        return a, min(b, h.end + 160)
