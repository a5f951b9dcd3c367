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

_GENERIC_ACTORS = {"chinese delegation", "chinese police delegation", "chinese police officials", "chinese police officers"}
_ENVOY_WORDS = {"consul general", "police counselor", "police counsellor", "deputy chief of mission"}
from isd.extract.patterns import _PORTFOLIO_NAME, _PORTFOLIO_WORDS, _CAP_RUN, _LED_BY, _TITLE_TOKENS, EventDraft, Sentence, _clean_title, _doc_type_from_hits
from isd.extract.textio import make_scan_text


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
            hits = [h for h in D.find_dates(self.scan, a, s.end, self.ref_date, self.ref_year) if h.date
                    and (s is anchor or h.rule != "en_range")]  # "a visit from January 4 to 7" dates no meeting
            if hits:
                absolute = [h for h in hits if h.rule in D.ABSOLUTE]
                h = (absolute or hits)[0]
                date, precision, date_rule, span = h.date, h.precision, h.rule, (h.start, h.end)
                break
        if date_rule.startswith("reference_") and anchor in self.sents:
            # "24日，陈文清出席……会议。会议期间，他会见了……": the date is in the sentence before
            k = self.sents.index(anchor)
            prev = self.sents[k - 1] if k > 0 else None
            if prev is not None and "\n" not in self.text[prev.end - 1 : anchor.start + 1]:
                hits = [h for h in D.find_dates(self.scan, max(prev.start, self.dateline_span[1]), prev.end,
                                                self.ref_date, self.ref_year) if h.date and h.rule in D.ABSOLUTE]
                if hits:
                    h = hits[0]
                    date, precision, date_rule, span = h.date, h.precision, h.rule, (h.start, h.end)
        if date_rule.startswith("reference_") and getattr(self, "prev_date", None) is None:
            for s in self.sents[:2]:  # the lead: "… from 1 to 21 June 2016"
                a = max(s.start, self.dateline_span[1]) if s.start < self.dateline_span[1] else s.start
                hits = [h for h in D.find_dates(self.scan, a, s.end, self.ref_date, self.ref_year)
                        if h.date and h.rule in D.ABSOLUTE]
                if hits:
                    h = hits[0]
                    date, precision, date_rule, span = h.date, h.precision, h.rule, (h.start, h.end)
                    break
        if date_rule.startswith("reference_") and getattr(self, "prev_date", None) is not None:
            date, precision, date_rule = self.prev_date, self.prev_precision, "previous_event"
        self.prev_date, self.prev_precision = date, precision
        if span:
            self._ev(evidence, "date", span[0], span[1], "date." + date_rule)

        # mode
        mode = "in_person"
        for s in [anchor] + focus_sents:
            v, p = s.kinds("video"), s.kinds("phone")
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
        if not chinese:
            titled = self._titled_chinese(anchor, evidence)
            chinese.append(titled or self._generic_chinese(anchor, evidence))

        # parties
        counterparts = []
        for k, p in enumerate(d.parties):
            cp = self._counterpart(p, d, focus_sents, evidence, k)
            counterparts.append(cp)

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
        self.prev_location = location

        # topics
        topics: list[str] = []
        for s in focus_sents:
            titles = [(a, b) for a, b, _ag, rk in self._title_spans(s) if rk]
            for h in s.kinds("topic"):
                if any(a <= h.start and h.end <= b for a, b in titles):
                    continue  # "Minister for Home Affairs and Immigration" names a post, not an area
                if h.value and h.value not in topics:
                    topics.append(h.value)
                    self._ev(evidence, f"topics.{h.value}", h.start, h.end, "topic.keyword")
        if etype == "training" and "capacity_building" not in topics:
            topics.append("capacity_building")
        if etype == "material_assistance" and "capacity_building" not in topics:
            topics.append("capacity_building")
        if not topics:
            topics = ["generic"]

        agreements = self._agreements(focus_sents, evidence)
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
                if agency not in ("MPS", "MSS", "CPLC") or self._foreign_owned(s, h):
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
                    m = m or _AMB_EN.search(self.text[self.body_start : self.limit])
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
                self._ev(evidence, "chinese_side[0].agency", h.start, h.end, "chinese.actor")
                return {"name_en": name, "name_zh": None, "title": self.text[h.start:h.end], "agency": agency,
                        "rank": "other"}
        return {"name_en": None, "name_zh": None, "title": None, "agency": "MPS", "rank": "other"}

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
        if not is_org and not d.multilateral and len(d.parties) == 1 and not any(
                h.kind == "country" and h.value == party for h in anchor_s.hits):
            # the party is not named where the meeting is reported ("Minister of Public Security Luong Tam
            # Quang held talks with his Chinese counterpart"): the visitor's title in that sentence
            for t in self._title_spans(anchor_s):
                if t[3] and not re.search(r"大使|ambassador", self.scan[t[0] : t[1]]):
                    best = (0, t, anchor_s)
                    break
        for s in ([] if best is not None else focus):
            mentions = [h for h in s.hits if h.kind in ("country", "org") and h.value == party]
            titles = self._title_spans(s)
            if any(h.kind == "cactor" and h.value == "embassy" for h in s.hits):
                # "中国驻利比里亚大使", "Chinese Ambassador": the Chinese side's title, not the counterpart's
                titles = [t for t in titles if not re.search(r"大使|ambassador", self.scan[t[0] : t[1]])]
            for m in mentions:
                for t in titles:
                    dist = t[0] - m.end if t[0] >= m.end else m.start - t[1]
                    if dist < 0:
                        dist = 0
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
                    dist = abs(t[0] - m.end) if t[0] >= m.end else abs(m.start - t[1])
                    if dist <= 120 and (best is None or dist < best[0]):
                        best = (dist, t, s)
            if best is not None:
                _, (a, b, agency, rank), s = best
                cp["agency_type"] = agency if not is_org and agency else cp["agency_type"]
                cp["rank_level"] = "unknown"
                self._ev(evidence, f"counterparts[{k}].agency_type", a, b, "counterpart.shared_title")
                best = None
                if cp["agency_type"] is None:
                    cp["agency_type"] = "other"
                return cp
        if best is not None:
            _, (a, b, agency, rank), s = best
            cp["title"] = _clean_title(self.text[a:b])
            if agency and not (is_org and agency != "international_org" and False):
                cp["agency_type"] = agency if not is_org else cp["agency_type"]
            if not is_org and agency:
                cp["agency_type"] = agency
            cp["rank_level"] = self.lex.rank_level_of(cp["title"]) or rank or "unknown"
            self._ev(evidence, f"counterparts[{k}].title", a, b, "counterpart.title")
            cp["name"] = self._name_near(a, b, s)
        if cp["agency_type"] is None:
            cp["agency_type"] = "other"
        return cp

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
            out.append((a, b, agency, rank))
        return out

    def _name_near(self, a: int, b: int, s: Sentence) -> str | None:
        after = self.text[b : min(s.end, b + 60)]
        m = _EN_NAME_AFTER.match(after)
        if m and m.group(1).split()[0] not in _NOT_NAME and not after.startswith((" of", ",", " and")):
            return m.group(1).strip()
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
        if not re.match(r"[长理官监使臣记席令任表员]", self.scan[b - 1 : b]):
            return None
        m = _ZH_NAME_AFTER.match(self.text[b : min(s.end, b + 12)])
        if m and _P20.match(m.group(1)) and not _P21.search(m.group(1)):
            return m.group(1)
        return None

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
                lead = self.sents[:2]
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
                return any(c.kind == "sideline" for c in s.hits)
        return False

    def _type(self, d: EventDraft, anchor: Sentence, focus: list[Sentence], context: str | None) -> str:
        sents = [anchor] + focus
        lead = ([self.headline] if self.headline else []) + self.sents[:1]
        if (any(s.has("training") for s in sents[:2]) and not any(s.has("meet") for s in sents[:1])) or (
                any(s.has("training") for s in lead) and not any(s.has("meet") or s.has("sign") for s in lead + sents[:1])):
            return "training"
        if any(s.has("handover") and (s.has("handover_items") or s.has("doctype")) for s in sents[:3]):
            return "material_assistance"
        if d.forum:
            return "forum"
        if d.multilateral:
            return "multilateral_meeting"
        if d.sideline_of is not None or context:
            return "sideline_bilateral"
        if anchor.has("sign") and not any(s.has("meet") or s.has("phone") or s.has("video") for s in sents):
            return "agreement_signing"
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
                if h.word.startswith("在") or _P22.search(before) or _P23.search(before):
                    self._ev(evidence, "location", h.start, h.end, "location.city_in_event")
                    return {"city": h.value[0], "country_iso3": h.value[1]}
        for s in ([] if remote else [anchor]):
            for h in s.hits:
                if h.kind == "country" and id(h) in self.loc_hits and h.value not in ("HKG", "MAC", "CHN"):
                    self._ev(evidence, "location", h.start, h.end, "location.country_in_event")
                    city = self._ref_city()
                    return {"city": city[0] if city and city[1] == h.value else None, "country_iso3": h.value}
        if chinese and chinese[0].get("agency") == "embassy" and counterparts and counterparts[0].get("country_iso3"):
            iso = counterparts[0]["country_iso3"]  # an embassy acts in its host country: the lead's or dateline's city there
            for c in (self._lead_city(), self._ref_city(), self._publisher_city()):
                if c and c[1] == iso:
                    return {"city": c[0], "country_iso3": iso}
            return {"city": None, "country_iso3": iso}
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
        ph = next(iter(d.party_hits.values()), None)
        if ph is not None and ph.word == "publisher" and not remote:
            # a foreign government's own release naming no place: the meeting was at home
            return {"city": None, "country_iso3": ph.value}
        return {"city": None, "country_iso3": "CHN"}

    def _agreements(self, focus: list[Sentence], evidence: list[dict]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        seen: set[tuple[int, int]] = set()
        for s in focus:
            signs = s.kinds("sign")
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
