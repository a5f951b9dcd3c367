"""Rule-based event extraction from one readout (English or Chinese).

Steps: header lines and dateline → reference date; dictionary scan (Aho-Corasick) of
the same-length scan text; sentences; scope check; meeting anchors (a sentence with a
meeting / signing / training / hand-over cue and foreign parties); one event per foreign
party and Chinese official (or one multilateral event for a dialogue or conference);
each party's *focus* sentences (the sentences about it, up to the next party) give its
topics, title, mode and agreements.  Every value carries the span that supports it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from isd.extract import dates as D
from isd.extract.lexicon import NOT_PARTY, Hit, Lexicon
from isd.extract.textio import MAX_SCAN_CHARS, make_scan_text, parse_headers, parse_iso_date

VERSION = "0.3.1"

from isd.extract.fields import FieldsMixin
from isd.extract.patterns import *  # noqa: F401,F403 - the shared precompiled patterns (see __all__)
from isd.extract.patterns import _UNIT_OF, _FOREIGN_PORTFOLIO, EventDraft, Sentence, _has_word, split_sentences

_CN_MISSION = re.compile(r"chinese (?:embassy|ambassador|consulate|consul|mission|envoy)|(?:embassy|consulate(?: general)?|ambassador|consul general) of (?:the people's republic of )?china|china's (?:embassy|ambassador|consulate|envoy)|中国驻|驻华")
_COUNTERPART = re.compile(r"\b(?:his|her|their) chinese counterparts?\b|\bchinese counterparts?\b|中方对口|中国同行")
_CITY_STATES = {"SGP", "MCO"}
_OWN_MPS = {"VNM", "LAO"}
_CN_MARK_BEFORE = re.compile(r"(?:chinese|china's|china’s|\bprc)\s+(?:state councilor and |state councillor and |the )?(?:deputy |vice |executive vice |assistant )?$")
_CN_MARK_AFTER = re.compile(r"\s*(?:of china|of the people's republic|of the prc|\(mps\) of china|,? china)")
_MONEY_AFTER = re.compile(r"\s*(?:dollars?|cents|\$|元|美元)")
_FUTURE = re.compile(r"\b(?:will|would|shall|is to|are to|plans to|is set to|are set to|(?:is|are) (?:scheduled|expected|due|slated) to)"
                     r"\s+(?:also\s+)?(?:visit|attend|meet|hold|travel|pay|co-chair|sign|receive|take part|participate|exchange|discuss|be held)|将(?:于|在|赴|出席|访问|会见|举行)|拟于")
_PAST_EVENT = re.compile(r"\b(?:met|held|signed|received|hosted|attended|co-chaired|handed|presented|donated|visited|paid|called on|was received|were received)\b|会见了|举行了|签署了")
_DURING = re.compile(r"会见中|会谈中|会见后|会谈后|会见时|during the (?:meeting|talks)|after the (?:meeting|talks)|at the (?:meeting|talks)")
_ALSO = re.compile(r"\b(?:also|later|earlier|separately|subsequently|afterwards|then|in addition|(?:on )?the same day|later that day)\b")
_COMMA_NAME = re.compile(r"(?:\s+(?:for|of)(?:\s+(?:[A-Z][A-Za-z'’\-]*|and)){1,6})?,\s+([A-Z][A-Za-z'’\-]+(?:\s[A-Z][A-Za-z'’\-]+){1,3})(?=[,.;]|\s+(?:at|in|on|and|who)\b)")
_PRONOUN_SUBJ = re.compile(r"\b(?:he|she|the (?:minister|visitors?|guests?|delegation|chinese (?:minister|delegation|side|guests?)))\b")
_STRONG_MEET = re.compile(r"\bmet\b|\bmeets\b|met with|held talks|holds talks|talks with|\breceived\b|\breceives\b|"
                          r"separate|bilateral|会见|会谈|会晤|接见|通电话|通话|视频")

def extract(text: str, meta: dict[str, Any] | None, lex: Lexicon) -> list[dict[str, Any]]:
    meta = dict(meta or {})
    text = text if isinstance(text, str) else str(text)
    limit = min(len(text), MAX_SCAN_CHARS)
    headers, body_start = parse_headers(text[:limit])
    scan = make_scan_text(text[:limit], lex.converter)
    ctx = _Context(text, scan, headers, body_start, meta, lex, limit)
    return ctx.run()


class _Context(FieldsMixin):
    def __init__(self, text: str, scan: str, headers: dict[str, str], body_start: int, meta: dict[str, Any],
                 lex: Lexicon, limit: int):
        self.text, self.scan, self.headers, self.meta, self.lex = text, scan, headers, meta, lex
        self.body_start, self.limit = body_start, limit
        self.coder = f"isd-extract/{VERSION}"

    # --- reference date and place -----------------------------------------------------------

    def _reference(self) -> None:
        self.ref_date: dt.date | None = None
        self.ref_place: str | None = None
        self.ref_span: tuple[int, int] | None = None
        self.dateline_span: tuple[int, int] = (0, 0)
        self.ref_rule = "none"
        published = parse_iso_date(self.headers.get("PUBLISHED")) or parse_iso_date(self.meta.get("published"))
        if "DATELINE" in self.headers:
            place, date = D.header_dateline(self.headers["DATELINE"])
            self.ref_place, self.ref_date, self.ref_rule = place, date, "dateline_header"
            i = self.text.find("DATELINE")
            line_end = self.text.find("\n", i)
            self.ref_span = (i, line_end if line_end > 0 else len(self.text))
        bd = D.body_dateline(self.text, self.body_start)
        if bd is not None:
            place, year, month, day, a, b = bd
            self.dateline_span = (a, b)
            self.ref_place = self.ref_place or place
            if self.ref_date is None and month and day:
                y = year or (published.year if published else None) or D.year_from_weekday(
                    self.scan[self.body_start:], month, day) or D.guess_year(self.scan[self.body_start:])
                if y is None:
                    y = self._year_from_officials(month, day)
                if y:
                    d = D.safe_date(y, month, day)
                    if d and published and d > published + dt.timedelta(days=2) and not year:
                        d = D.safe_date(y - 1, month, day) or d
                    self.ref_date, self.ref_span, self.ref_rule = d, (a, b), "dateline_body"
        if self.ref_place is None:
            m = _P0.match(self.text[self.body_start : self.body_start + 400])
            if m:
                self.ref_place = m.group(1).strip().title()
        if self.ref_date is None and published:
            self.ref_date, self.ref_rule = published, "published"
            i = self.text.find("PUBLISHED")
            if i >= 0 and i < self.body_start:
                self.ref_span = (i, self.text.find("\n", i))
        self.ref_year = self.ref_date.year if self.ref_date else D.guess_year(self.scan[self.body_start:])

    def _year_from_officials(self, month: int, day: int) -> int | None:
        """No year anywhere: the latest year in which the dateline's date fell on the weekday the
        lead names and the first named official held the rank his title in the text implies."""
        scan = self.scan[self.body_start : self.body_start + 3000]
        m = re.search(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|(?:星期|周)([一二三四五六日天])", scan)
        hits = self.lex.scan(scan)
        off = next((h.value for h in hits if h.kind == "official"), None)
        rank = next((h.value[0] for h in hits if h.kind == "ctitle" and h.value[1] in ("MPS", "MSS", "CPLC")), None)
        if off is None and m is None:
            return None
        today = dt.date.today()
        for slack in ((0,) if m is not None else ()) + (1,):
            for y in range(today.year, 1999, -1):
                d = D.safe_date(y, month, day)
                if d is None or d > today:
                    continue
                if m is not None:
                    wd = D.WEEKDAYS[m.group(1)] if m.group(1) else D.ZH_WEEKDAYS[m.group(2)]
                    if (d.weekday() - wd) % 7 > slack:  # the dateline's day first, then the day before
                        continue
                if off is not None:
                    held, _agency, _title = self.lex.official_rank(off, d)
                    if held is None or (rank is not None and held != rank):
                        continue
                return y
        return None

    # --- main -----------------------------------------------------------------------------------

    def run(self) -> list[dict[str, Any]]:
        self._reference()
        body_scan_start = self.body_start
        self.hits = self.lex.scan(self.scan)
        self.mentioned: list[str] = []
        spans = split_sentences(self.text, self.scan, body_scan_start, self.limit)
        # a first short line without final punctuation is a headline: used only if nothing else is
        self.headline: Sentence | None = None
        self.sents: list[Sentence] = []
        hi = 0
        hits = self.hits
        for a, b in spans:
            while hi < len(hits) and hits[hi].start < a:
                hi += 1
            j = hi
            sh = []
            while j < len(hits) and hits[j].start < b:
                sh.append(hits[j])
                j += 1
            self.sents.append(Sentence(a, b, sh))
        if self.sents:
            first = self.sents[0]
            line = self.text[first.start : first.end]
            if line.endswith("\n") and len(line) < 250 and not _P1.search(line.strip()) and len(self.sents) > 1:
                self.headline = self.sents.pop(0)
        self._mark_locations()
        if not self._in_scope():
            return []
        drafts = self._events()
        return [self._build(d) for d in drafts]

    # --- locations vs parties ------------------------------------------------------------------

    def _mark_locations(self) -> None:
        """Country mentions that name a place ("in Lyon, France", "在法国") are not parties."""
        self.loc_hits: set[int] = set()
        for s in self.sents:
            ents = [h for h in s.hits if h.kind in ("country", "city")]
            for k, h in enumerate(ents):
                if h.kind != "country":
                    continue
                before = self.scan[max(s.start, h.start - 20) : h.start]
                after = self.scan[h.end : h.end + 3]
                if after.startswith("'s") or after.startswith("’s"):
                    continue
                if _LOC_BEFORE.search(before) and not _followed_by_title(self.scan, h.end):
                    self.loc_hits.add(id(h))
                elif k > 0 and ents[k - 1].kind == "city" and _CITY_COMMA.match(self.scan[ents[k - 1].end : h.start]):
                    self.loc_hits.add(id(h))

    def parties_in(self, s: Sentence) -> list[Hit]:
        out = []
        for h in s.hits:
            if h.kind == "country" and h.value not in NOT_PARTY and id(h) not in self.loc_hits:
                if not _P2.match(self.scan[h.end : h.end + 4]) and not _MONEY_AFTER.match(self.scan, h.end):
                    out.append(h)
            elif h.kind == "org" and not _P3.match(self.scan[h.end : h.end + 12]) and not _UNIT_OF.search(
                    self.scan[max(s.start, h.start - 30) : h.start]):
                out.append(h)
        return out

    def officials_in(self, s: Sentence) -> list[tuple[str, Hit]]:
        found: list[tuple[str, Hit]] = []
        for h in s.hits:
            if h.kind == "official":
                found.append((h.value, h))
        if not found and self.mentioned:
            # "Wang also held talks with …": a surname of an official named earlier
            seg = self.text[s.start : s.end]
            for oid in reversed(self.mentioned):
                sur = self._surname(oid)
                if sur and _has_word(seg, sur):
                    i = seg.find(sur)
                    found.append((oid, Hit(s.start + i, s.start + i + len(sur), "official", oid, sur)))
                    break
        if not found:
            ents = [h for h in s.hits if h.kind in ("country", "org")]
            for h in s.hits:
                if h.kind == "ctitle":
                    if any(0 <= h.start - e.end <= 4 and e.value != "CHN" for e in ents) or self._foreign_owned(s, h):
                        continue  # "越南公安部部长" is the counterpart's title
                    if h.word.isascii() and self._title_is_object(s, h):
                        continue  # "Chinese immigration delegation meets IGP and Public Security Minister"
                    oid = self.lex.holder(h.value[0], h.value[1], self.ref_date)
                    if oid:
                        found.append((oid, h))
                        break
        return found

    def _surname(self, oid: str) -> str | None:
        info = self.lex.officials.get(oid)
        if info is None or not info.name_en:
            return None
        sur = info.name_en.split()[0]
        return sur if len(sur) >= 2 and sur[0].isupper() else None

    def _in_scope(self) -> bool:
        sents = self.sents + ([self.headline] if self.headline else [])
        has_party = any(self.parties_in(s) for s in sents) or any(
            self._is_anchor(s) and self._implicit_party(s) for s in self.sents[:3])
        if not has_party:
            return False
        has_official = any(h.kind == "official" or (h.kind == "ctitle" and h.value[1] in ("MPS", "MSS", "CPLC")
                                                     and not self._foreign_owned(s, h))
                           for s in sents for h in s.hits)
        if not has_official and any(h.kind == "ctitle" and h.value[1] not in ("MPS", "MSS", "CPLC")
                                    and not self._foreign_owned(s, h) for s in sents for h in s.hits):
            return self._security_content(sents)  # e.g. the foreign minister: only with security content
        has_actor = any(h.kind == "cactor" and not self._foreign_owned(s, h) for s in sents for h in s.hits) or any(
            h.kind == "cactor" and h.start < self.body_start for h in self.hits)
        oos = any(h.kind == "oos" for s in sents for h in s.hits)
        if has_official:
            return True
        if oos:
            return False
        return has_actor and self._security_content(sents)

    def _foreign_owned(self, s: Sentence, h: Hit) -> bool:
        """'越南公安部', 'Vietnam's Ministry of Public Security': a foreign body, not a Chinese actor.
        In a story about a country that has its own Ministry of Public Security (Viet Nam, Laos),
        an English "(Deputy) Minister/Ministry of Public Security" is that country's unless the
        text marks it Chinese ("China's", "Chinese", "of China", "of the People's Republic")."""
        for e in s.hits:
            if e.kind == "country" and e.value not in NOT_PARTY and 0 <= h.start - e.end <= 4:
                return True
        if h.kind == "ctitle" and h.word.isascii() and _FOREIGN_PORTFOLIO.match(self.text, h.end):
            return True  # "Minister of Public Security and Parliamentary Affairs Ananda Wijepala"
        if h.kind == "cactor" and h.word == "ambassador" and not self._chinese_mission():
            return True  # "Ambassador Dang Minh Khoi briefed …" in a story with no Chinese embassy in it
        if h.word.isascii() and "public security" in h.word or h.word == "mps":
            if self._own_mps_country() and not self._chinese_marked(h):
                return True
        return False

    def _chinese_mission(self) -> bool:
        if not hasattr(self, "_mission_cache"):
            head = " ".join(v for k, v in self.headers.items() if k in ("PUBLISHER", "URL")).lower()
            self._mission_cache = bool(_CN_MISSION.search(self.scan[: self.limit]) or _CN_MISSION.search(head)
                                       or "china" in head or "chinese" in head)
        return self._mission_cache

    def _own_mps_country(self) -> bool:
        if not hasattr(self, "_own_mps_cache"):
            self._own_mps_cache = any(h.kind == "country" and h.value in _OWN_MPS for h in self.hits) or any(
                h.kind == "city" and h.value[1] in _OWN_MPS for h in self.hits)
        return self._own_mps_cache

    def _chinese_marked(self, h: Hit) -> bool:
        before = self.scan[max(0, h.start - 45) : h.start]
        after = self.scan[h.end : h.end + 45]
        if _CN_MARK_BEFORE.search(before) or _CN_MARK_AFTER.match(after):
            return True
        return any(o.kind == "official" and 0 <= o.start - h.end <= 40 for o in self.hits
                   if o.start >= h.end and o.start - h.end <= 40)

    def _security_content(self, sents: list[Sentence]) -> bool:
        body = self.scan[self.body_start : self.limit]
        return bool(_P4.search(body))

    # --- events ---------------------------------------------------------------------------------

    def _events(self) -> list[EventDraft]:
        drafts: list[EventDraft] = []
        by_key: dict[tuple[str, str | None, bool], EventDraft] = {}
        focus: list[EventDraft] = []
        last_officials: list[str] = []
        multi: EventDraft | None = None
        doc_official: list[str] = []
        for s in self.sents + ([self.headline] if self.headline else []):
            offs = [o for o, _ in self.officials_in(s)]
            if offs:
                doc_official = [offs[0]]
                break
        sents = self.sents if any(self._is_anchor(s) for s in self.sents) or not self.headline else [self.headline] + self.sents
        self.name_refs: list[tuple[str, EventDraft]] = []
        self.name_party: dict[str, tuple[str, Hit]] = {}
        saw_future = False
        self.mentioned = []
        for idx, s in enumerate(sents):
            if self._future(s):  # an announced visit is not an event; its words may still describe one
                saw_future = True
                for d in focus:
                    d.focus.append(idx)
                continue
            named = self._named_drafts(s)
            for h in s.hits:
                if h.kind == "official" and h.value not in self.mentioned:
                    self.mentioned.append(h.value)
            offs = list(dict.fromkeys(o for o, _ in self.officials_in(s)))
            offs = [o for o in offs if self.lex.officials.get(o)] or offs
            if offs:
                last_officials = offs
            officials = offs or last_officials or doc_official
            parties = self.parties_in(s)
            anchor = self._is_anchor(s)
            if not parties and not drafts and anchor and (offs or s.has("cactor") or self._chinese_title_in(s)) and (
                    s.has("meet") or s.has("phone") or s.has("video") or s.has("handover") or s.has("training")):
                parties = self._implicit_party(s)
                implicit = bool(parties)
            else:
                implicit = False
            party_ids = list(dict.fromkeys(h.value for h in parties))
            multi_cue = self._multi_cue(s)
            meet_cue = s.has("meet") or s.has("phone") or s.has("video")
            separate = s.has("separately")
            expand = (separate and meet_cue and multi is not None and not self._dup_sidelines(drafts, multi)
                      and _P5.search(
                                    self.scan[s.start : s.end]))
            if not party_ids or expand:
                if separate and meet_cue and multi is not None and not self._dup_sidelines(drafts, multi):
                    # "held separate bilateral meetings with the ministers of the five countries"
                    new_focus = []
                    for p in list(dict.fromkeys(multi.parties + party_ids)):
                        hit = next((h for h in parties if h.value == p), None) or multi.party_hits.get(p)
                        d = EventDraft([p], officials[:1], idx, sideline_of=multi, focus=[idx], party_hits={p: hit})
                        drafts.append(d)
                        by_key[(p, (officials or [None])[0], False)] = d
                        if hit is not None and hit.start >= s.start:
                            self._register_name(d, s, hit)
                        new_focus.append(d)
                    focus = new_focus
                    continue
                if named and meet_cue and offs and all(offs[0] not in d.officials for d in named):
                    # "同日，梁三光还会见了国家安全部部长陈一新": the same visitor, another Chinese official
                    d0 = named[0]
                    p = d0.parties[0]
                    d = EventDraft([p], offs[:1], idx, sideline_of=d0.sideline_of, focus=[idx],
                                   party_hits=dict(d0.party_hits), name=d0.name)
                    drafts.append(d)
                    by_key[(p, offs[0], False)] = d
                    focus = [d]
                    continue
                lone = list(dict.fromkeys(p for d in drafts for p in d.parties))
                if (not named and meet_cue and anchor and offs and multi is None and len(lone) == 1
                        and all(offs[0] not in d.officials for d in drafts) and self._official_is_object(s, offs[0])):
                    # "Later the same day Quang met Zhou Yongkang": the one visitor, another Chinese official
                    d0 = next(d for d in drafts if d.parties == lone)
                    d = EventDraft(lone, offs[:1], idx, focus=[idx], party_hits=dict(d0.party_hits), name=d0.name)
                    drafts.append(d)
                    by_key[(lone[0], offs[0], False)] = d
                    focus = [d]
                    continue
                if (not named and meet_cue and multi is None and len(lone) == 1 and _ALSO.search(self.scan[s.start : s.end])
                        and (offs or s.has("cactor") or self._visitor_subject(s))):
                    # "Meng also called on President S R Nathan and on Deputy Prime Minister Wong Kan Seng":
                    # the same trip, other people of the one host country, no country named
                    d0 = next(d for d in drafts if d.parties == lone)
                    known = {d.name for d in drafts if d.name}
                    extra = [t for t in self._person_titles(s, exclude=d0.name, any_title=True)
                             if not any(t[4] in k or k in t[4] for k in known)]
                    if extra:
                        new_focus = []
                        for t in extra:
                            d = EventDraft(lone, (offs or d0.officials)[:1], idx, focus=[idx], party_hits=dict(d0.party_hits),
                                           name=t[4], title_span=t, implicit=d0.implicit)
                            drafts.append(d)
                            new_focus.append(d)
                            self.name_refs.append((t[4].split()[-1], d))
                        d0.focus.append(idx)  # the same visit: the first meeting keeps the sentence as context
                        focus = [d0]  # what follows ("Meng arrived on Thursday") is about the visit
                        continue
                if named:
                    focus = named
                for d in focus:
                    d.focus.append(idx)
                continue
            if multi is None and len(party_ids) >= 2 and not separate and re.search(
                    r"\baddress(?:ed|es)? the opening|opening ceremony|开幕式|开幕|致辞", self.scan[s.start : s.end]) and self._mech_in_doc():
                fd = EventDraft(party_ids, officials[:1], idx, multilateral=True, focus=[idx],
                                party_hits={h.value: h for h in parties})
                fd.forum = True
                drafts.append(fd)
                focus = [fd]
                continue
            join_multi = multi is not None and not (s.has("meet") and (separate or not multi_cue or s.has("sideline")))
            start_multi = (multi is None and anchor and multi_cue and not separate
                           and (len(party_ids) >= 2 or (self._doc_multilateral() and self._plural_parties())
                                or (party_ids and all(h.kind == "org" for h in parties) and (meet_cue or re.search(
                                    r"出席|参加|attend|took part|co-chair|主持", self.scan[s.start : s.end])))))
            if join_multi or start_multi:
                if multi is None:
                    multi = EventDraft([], officials[:1], idx, multilateral=True)
                    drafts.append(multi)
                for h in parties:
                    if h.value not in multi.parties:
                        multi.parties.append(h.value)
                        multi.party_hits[h.value] = h
                        self._register_name(multi, s, h)
                multi.focus.append(idx)
                focus = [multi]
                continue
            if meet_cue and multi is not None:
                # "Wang also met Niteretse and Shabani": a visitor named earlier in the dialogue
                seg = self.text[s.start : s.end]
                for tok, (p, h) in self.name_party.items():
                    if p not in party_ids and p in multi.parties and _has_word(seg, tok):
                        party_ids.append(p)
                        parties.append(h)
            if not anchor:
                known = [d for d in drafts if any(p in d.parties for p in party_ids)]
                if known:
                    focus = known
                    for d in known:
                        d.focus.append(idx)
                    continue
                if drafts or not self._title_near(s, parties):
                    for d in focus:
                        d.focus.append(idx)
                    continue
            new_focus = []
            for p in party_ids:
                hit = next(h for h in parties if h.value == p)
                targets = offs if (separate and len(offs) > 1) else (officials[:1] if len(officials) else [None])
                for off in targets:
                    key = (p, off, False)
                    d = by_key.get(key)
                    if d is not None and meet_cue and anchor and offs and idx != d.anchor and (
                            not s.has("sign") or (_STRONG_MEET.search(self.scan[s.start : s.end])
                                                  and not _DURING.search(self.scan[s.start : s.end]))):
                        other = self._name_for(s, hit)
                        known = d.name or (self.text[self._sent(d.anchor).start : self._sent(d.anchor).end]
                                           if d.implicit else None)
                        if other and known and other != d.name and other.split()[-1] not in known:
                            d = None  # the same country, another person, another meeting
                    if d is None and multi is not None and p in multi.parties and not _STRONG_MEET.search(
                            self.scan[s.start : s.end]):
                        multi.focus.append(idx)  # "Wang told the meetings …": the multilateral occasion again
                        new_focus.append(multi)
                        continue
                    if d is None:
                        side = multi if (multi is not None and p in multi.parties) else None
                        d = EventDraft([p], [off] if off else [], idx, sideline_of=side, party_hits={p: hit},
                                       implicit=implicit, weak=not anchor)
                        by_key[key] = d
                        drafts.append(d)
                        for ph in parties:
                            if ph.value == p:
                                self._register_name(d, s, ph)
                        if separate and meet_cue and len(party_ids) == 1 and len(targets) == 1:
                            # "met separately with Tajik Minister X and Y, director of …": one meeting each
                            for t in self._person_titles(s, exclude=d.name):
                                extra = EventDraft([p], [off] if off else [], idx, sideline_of=side,
                                                   party_hits={p: hit}, name=t[4], title_span=t, focus=[idx])
                                drafts.append(extra)
                                new_focus.append(extra)
                                self.name_refs.append((t[4].split()[-1], extra))
                    elif d.weak and anchor:
                        d.anchor, d.weak = idx, False  # the sentence that reports the meeting itself
                    d.focus.append(idx)
                    new_focus.append(d)
            focus = new_focus
        out = [d for d in drafts if d.parties and not (d.weak and saw_future)]
        # in a story announcing a visit, a sentence without a meeting word creates no event (above);
        # a summary lead before the meeting sentence ("Viet Nam and China agreed on January 5 to fight
        # drug trafficking …", then "The agreement came out of talks …") describes the first meeting
        if out and not out[0].multilateral and out[0].anchor > 0 and sents:
            first, s0 = out[0], sents[0]
            used = {i for d in out for i in d.focus} | {d.anchor for d in out}
            p0 = {h.value for h in self.parties_in(s0)}
            if 0 not in used and p0 and p0 <= set(first.parties) and not s0.has("official") and not self._future(s0):
                first.focus.insert(0, 0)
        return out

    def _lead_city(self) -> tuple[str, str] | None:
        """A city the lead says the occasion is 'in' (the dateline may be the province capital)."""
        for s in self.sents[:2]:
            for h in s.kinds("city"):
                before = self.scan[max(s.start, h.start - 14) : h.start]
                if h.word.startswith("在") or re.search(r"(?:\bin|在|于)\s*$", before):
                    return h.value
        return None

    def _ref_city(self) -> tuple[str, str] | None:
        if not hasattr(self, "_ref_city_cache"):
            self._ref_city_cache = None
            if self.ref_place:
                for h in self.lex.scan(make_scan_text(self.ref_place, self.lex.converter)):
                    if h.kind == "city":
                        self._ref_city_cache = h.value
                        break
                    if h.kind == "country" and h.value in _CITY_STATES and h.end - h.start >= len(self.ref_place) - 1:
                        self._ref_city_cache = (self.ref_place.strip().title(), h.value)  # "SINGAPORE, Feb. 18"
                        break
        return self._ref_city_cache

    def _publisher_city(self) -> tuple[str, str] | None:
        """A city the publisher's name carries ("Islamabad Capital Police")."""
        publisher = self.headers.get("PUBLISHER")
        if publisher:
            for h in self.lex.scan(make_scan_text(publisher, self.lex.converter)):
                if h.kind == "city":
                    return h.value
        return None

    def _implicit_party(self, s: Sentence) -> list[Hit]:
        """A meeting sentence naming no foreign party: the foreign country it happens in
        ("on a working visit to Viet Nam"; a "BANGKOK --" dateline) is the party."""
        for h in s.hits:
            if h.kind == "country" and id(h) in self.loc_hits and h.value not in NOT_PARTY:
                return [h]
        for h in s.hits:
            if h.kind == "city" and h.value[1] not in NOT_PARTY:
                return [Hit(h.start, h.end, "country", h.value[1], h.word)]
        city = self._ref_city()
        if city and city[1] not in NOT_PARTY:
            return [Hit(s.start, s.start, "country", city[1], "dateline")]
        publisher = self.headers.get("PUBLISHER")
        if publisher:  # a foreign government's own release ("Prime Minister's Department, Malaysia")
            for h in self.lex.scan(make_scan_text(publisher, self.lex.converter)):
                if h.kind == "country" and h.value not in NOT_PARTY:
                    return [Hit(s.start, s.start, "country", h.value, "publisher")]
        seg = self.text[s.start : s.end]
        for tok, (p, h) in getattr(self, "name_party", {}).items():
            if _has_word(seg, tok):  # "Later the same day Quang met Zhou Yongkang"
                return [Hit(s.start, s.start, "country", p, "name")]
        if _COUNTERPART.search(self.scan[s.start : s.end]) or self._foreign_title_in(s):
            lead = ([self.headline] if self.headline else []) + self.sents[:2]
            for ls in lead:  # "talks between Minister X and his Chinese counterpart": the country of the lead
                for h in self.parties_in(ls):
                    if h.kind == "country":
                        return [Hit(s.start, s.start, "country", h.value, "lead")]
        return []

    def _person_titles(self, s: Sentence, exclude: str | None, any_title: bool = False) -> list[tuple]:
        """Other (title span + name) pairs in a sentence: (start, end, agency, rank, name); with any_title,
        an agency title without a rank word counts too ("Commissioner of Police Sitiveni Qiliho")."""
        out, seen = [], {exclude} if exclude else set()
        chinese = [(h.start, h.end) for h in s.hits if h.kind in ("ctitle", "official", "cactor")
                   and not (h.kind == "ctitle" and self._foreign_owned(s, h))]
        for t in self._title_spans(s):
            if not (t[3] or (any_title and t[2])) or any(a < t[1] and t[0] < b for a, b in chinese):
                continue
            name = self._name_near(t[0], t[1], s)
            if name is None and any_title and (m := _COMMA_NAME.match(self.text, t[1], s.end)):
                name = m.group(1)  # "the Commissioner of Police, Sitiveni Qiliho"
            if name and name not in seen and not any(name in x or x in name for x in seen if x):
                seen.add(name)
                out.append((*t, name))
        return out

    def _name_for(self, s: Sentence, party: Hit) -> str | None:
        best = None
        for t in self._title_spans(s):
            dist = t[0] - party.end if t[0] >= party.end else party.start - t[1]
            if -1 <= dist <= 40 and (best is None or abs(dist) < best[0]):
                best = (abs(dist), t)
        return self._name_near(best[1][0], best[1][1], s) if best else None

    def _register_name(self, d: EventDraft, s: Sentence, party: Hit) -> None:
        best = None
        for t in self._title_spans(s):
            dist = t[0] - party.end if t[0] >= party.end else party.start - t[1]
            if -1 <= dist <= 40 and (best is None or abs(dist) < best[0]):
                best = (abs(dist), t)
        if best is None:
            return
        name = self._name_near(best[1][0], best[1][1], s)
        if not name:
            return
        if not d.multilateral and not d.name:
            d.name = name
        toks_all = [name] + ([t for t in name.split() if len(t) >= 3 and t[0].isupper() and t not in _NOT_NAME]
                             if _P6.match(name) else [])
        for tok in toks_all:
            self.name_party.setdefault(tok, (party.value, party))
        if _P6.match(name):
            toks = [t for t in name.split() if len(t) >= 3 and t[0].isupper() and t not in _NOT_NAME]
            for tok in {name, *toks}:
                self.name_refs.append((tok, d))
        elif len(name) >= 2:
            self.name_refs.append((name, d))
            for part in re.split(r"[·・]", name):
                if len(part) >= 2 and part != name:
                    self.name_refs.append((part, d))
                    self.name_party.setdefault(part, (party.value, party))

    def _named_drafts(self, s: Sentence) -> list[EventDraft]:
        if not getattr(self, "name_refs", None):
            return []
        seg = self.text[s.start : s.end]
        out: list[EventDraft] = []
        for tok, d in self.name_refs:
            if d not in out and _has_word(seg, tok):
                out.append(d)
        return out

    def _plural_parties(self) -> bool:
        """A dialogue of several states (a known platform, or 'countries' in the lead)?"""
        lead_sents = self.sents[:3] + ([self.headline] if self.headline else [])
        if any(h.kind == "mech" for s in lead_sents for h in s.hits):
            return True
        if len({p.value for s in lead_sents for p in self.parties_in(s)}) >= 2:
            return True
        lead = " ".join(self.scan[s.start : s.end] for s in lead_sents)
        return bool(re.search(r"(?<!two )(?<!both )(?<!the two )(?:countries|nations)|各国|岛国|各方|(?<!two )(?<!both )parties|集体会见", lead))

    def _mech_in_doc(self) -> bool:
        return any(h.kind == "mech" for h in self.hits)

    def _dup_sidelines(self, drafts: list[EventDraft], multi: EventDraft) -> bool:
        return any(d.sideline_of is multi for d in drafts)

    def _is_anchor(self, s: Sentence) -> bool:
        if not (any(s.has(k) for k in ("meet", "phone", "video", "sign", "training", "handover")) or self._multi_cue(s)):
            return False
        return not self._future(s)

    def _future(self, s: Sentence) -> bool:
        """'will visit Russia … and attend', 'is expected to meet': announced, not held."""
        txt = self.scan[s.start : s.end]
        return bool(_FUTURE.search(txt)) and not _PAST_EVENT.search(txt)

    def _multi_cue(self, s: Sentence) -> bool:
        if s.has("multilateral") or s.has("mech") and s.has("multilateral"):
            txt = self.scan[s.start : s.end]
            return bool(_P7.search(txt))
        return False

    def _doc_multilateral(self) -> bool:
        lead = self.sents[:2] + ([self.headline] if self.headline else [])
        txt = " ".join(self.scan[s.start : s.end] for s in lead)
        return bool(_P8.search(txt))

    def _visitor_subject(self, s: Sentence) -> bool:
        """'He then held talks with …', 'Separately, Meng met …': before the meeting verb, a pronoun or the
        visiting side, and no host title (not 'Fiji's Police Commissioner also met …')."""
        cue = next((c for c in s.hits if c.kind == "meet"), None)
        if cue is None:
            return False
        if _PRONOUN_SUBJ.search(self.scan[s.start : cue.start]):
            return True
        return not any(h.kind in ("agency", "rank", "country", "org") and h.end <= cue.start for h in s.hits)

    def _title_is_object(self, s: Sentence, h: Hit) -> bool:
        """A bare Chinese-looking title after the meeting verb whose subject is a Chinese party
        ("the Chinese delegation met … the Minister of Public Security"): the host's title."""
        cue = next((c for c in s.hits if c.kind == "meet"), None)
        if cue is None or cue.end > h.start or self._chinese_marked(h):
            return False
        return any(x.end <= cue.start and (x.kind == "cactor" or (x.kind == "country" and x.value == "CHN"))
                   for x in s.hits)

    def _official_is_object(self, s: Sentence, oid: str) -> bool:
        """'Quang met Zhou Yongkang': the Chinese official comes after the meeting verb (English)."""
        off = next((h for h in s.hits if h.kind == "official" and h.value == oid), None)
        cue = next((h for h in s.hits if h.kind == "meet"), None)
        return off is not None and cue is not None and cue.end <= off.start and off.word.isascii()

    def _chinese_title_in(self, s: Sentence) -> bool:
        return any(h.kind == "ctitle" and h.value[1] in ("MPS", "MSS", "CPLC") and not self._foreign_owned(s, h)
                   for h in s.hits)

    def _foreign_title_in(self, s: Sentence) -> bool:
        """A counterpart's title (an agency or rank word outside the Chinese officials' titles)."""
        chinese = [(h.start, h.end) for h in s.hits if h.kind in ("ctitle", "official", "cactor")
                   and not self._foreign_owned(s, h)]
        return any(h.kind in ("agency", "rank") and not any(a <= h.start and h.end <= b for a, b in chinese)
                   for h in s.hits)

    def _title_near(self, s: Sentence, parties: list[Hit]) -> bool:
        chinese = [(h.start, h.end) for h in s.hits if h.kind in ("ctitle", "official", "cactor")
                   and not self._foreign_owned(s, h)]
        for p in parties:
            for h in s.hits:
                if h.kind in ("agency", "rank") and abs(h.start - p.end) < 60 and not any(
                        a <= h.start and h.end <= b for a, b in chinese):
                    return True
        return False

    # --- building one event -----------------------------------------------------------------------
