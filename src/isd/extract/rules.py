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
from isd.extract.lexicon import Hit, Lexicon
from isd.extract.textio import MAX_SCAN_CHARS, make_scan_text, parse_headers, parse_iso_date

VERSION = "0.4.0"

from isd.extract.actors import ActorsMixin
from isd.extract.fields import FieldsMixin
from isd.extract.occasion import OccasionMixin
from isd.extract.patterns import *  # noqa: F401,F403 - the shared precompiled patterns (see __all__)
from isd.extract.patterns import EventDraft, Sentence, _has_word, split_sentences

from isd.extract.cues import *  # noqa: F401,F403 - the shared cue patterns (see __all__)


def extract(text: str, meta: dict[str, Any] | None, lex: Lexicon) -> list[dict[str, Any]]:
    meta = dict(meta or {})
    text = text if isinstance(text, str) else str(text)
    limit = min(len(text), MAX_SCAN_CHARS)
    headers, body_start = parse_headers(text[:limit])
    scan = make_scan_text(text[:limit], lex.converter)
    ctx = _Context(text, scan, headers, body_start, meta, lex, limit)
    return ctx.run()


_TRAINEES_FROM = re.compile(r"来自[^。；]{0,60}(?:学员|留学生|警官|警察|官员|学生)|\b(?:trainees|participants|officers|officials|students|"
                            r"cadets) (?:came )?from\b|\bfrom [^.;]{0,80}\b(?:took part|attended|participated|joined)\b")


_AND_NEXT = re.compile(r"[A-Za-z]\s+and\s+(?:(?:the|his|her|[A-Z][A-Za-z.]*'s|[A-Z]\.[A-Z]\.|[A-Z][a-z]+)\s+)?$")


def _dedupe(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One occasion told twice (a headline and the body, a summary and the details): the same date,
    type, parties, Chinese side and counterpart names → one event (the first), topics merged."""
    out: list[dict[str, Any]] = []
    seen: dict[tuple, dict[str, Any]] = {}
    for e in events:
        key = (e["date"], e["event_type"],
               tuple((c.get("country_iso3") or c.get("organization"), c.get("name")) for c in e["counterparts"]),
               tuple((c.get("name_en") or c.get("name_zh"), c.get("agency")) for c in e["chinese_side"]))
        first = seen.get(key)
        if first is None:
            seen[key] = e
            out.append(e)
            continue
        for t in e["topics"]:
            if t != "generic" and t not in first["topics"]:
                first["topics"] = [x for x in first["topics"] if x != "generic"] + [t]
    return out


def _share_titles(events: list[dict[str, Any]]) -> None:
    """A multilateral session's party left untitled takes the post of its delegation head that the story
    names at a meeting of the same day ("会议举行……同日，王小洪分别会见哈萨克斯坦内务部部长……"): the
    most senior one named represents the party (docs/decisions.md)."""
    for e in events:
        if e["event_type"] not in ("multilateral_meeting", "forum"):
            continue
        for cp in e["counterparts"]:
            iso = cp.get("country_iso3")
            if not iso or cp.get("title") or cp.get("rank_level") != "unknown":
                continue
            for o in events:
                if o is e or o["date"] != e["date"] or o["event_type"] in ("multilateral_meeting", "forum"):
                    continue
                same = next((c for c in o["counterparts"] if c.get("country_iso3") == iso and c.get("title") and c.get("name")
                             and c.get("rank_level") not in (None, "unknown")), None)
                if same is not None:
                    cp["agency_type"], cp["rank_level"] = same.get("agency_type") or "other", same["rank_level"]
                    break


class _Context(FieldsMixin, OccasionMixin, ActorsMixin):
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
                if y is None and (uym := self._url_year_month()):
                    y = uym[0] - (1 if month > uym[1] + 1 else 0)  # "BISHKEK, Sept. 10 --" on a page under /2024/09/
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
        if self.ref_place is None or not self._place_is_city(self.ref_place):
            # a web page's dateline below its title lines: "ISLAMABAD, (UrduPoint …) :", "Islamabad: 16, June 2024",
            # "LAHORE:" — a line opening with a gazetteer city and a dateline mark
            for m in _LINE_PLACE.finditer(self.text, self.body_start, min(self.limit, self.body_start + 2500)):
                if self._place_is_city(m.group(1)):
                    self.ref_place = m.group(1).strip().title()
                    break
        if self.ref_date is None and published is None and (uym := self._url_year_month()):
            published = D.safe_date(uym[0], uym[1], uym[2] or 1)  # no header date: the page address's
        if self.ref_date is None and published:
            self.ref_date, self.ref_rule = published, "published"
            i = self.text.find("PUBLISHED")
            if i >= 0 and i < self.body_start:
                self.ref_span = (i, self.text.find("\n", i))
        self.ref_year = self.ref_date.year if self.ref_date else D.guess_year(self.scan[self.body_start:])

    def _place_is_city(self, place: str) -> bool:
        return self.lex.is_place(place, ("city",))

    def _url_year_month(self) -> tuple[int, int, int | None] | None:
        """(year, month, day or None) in the page's address: "/2024/09/", "/2024-09-10/", "/20240910…"."""
        url = self.headers.get("URL") or self.meta.get("url") or ""
        m = _URL_DATE.search(url)
        if not m:
            return None
        return int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None

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
        self.pre_sents: list[Sentence] = []  # a web page's summary and caption above the dateline
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
        if self.dateline_span[0] > self.body_start and self.sents:
            # a web page's headline, summary and photo caption above "BEIJING, Sept. 6 (Xinhua) --" repeat
            # the story: the first of them stays the headline, the rest are dropped
            pre = [s for s in self.sents if s.end <= self.dateline_span[0]]
            if pre and len(pre) < len(self.sents):
                if self.headline is None:
                    self.headline = pre[0]
                self.sents = self.sents[len(pre):]
                self.pre_sents = pre
        self._mark_locations()
        if not self._in_scope():
            return []
        drafts = self._events()
        events = [self._build(d) for d in drafts]
        _share_titles(events)
        return _dedupe([e for e in events if e["date"] is not None or e["event_type"] != "agreement_signing"])

    # --- locations vs parties ------------------------------------------------------------------

    def _trainees_from(self, s: Sentence, drafts: list[EventDraft]) -> None:
        """"……留学生培养项目启动。来自老挝、蒙古国、坦桑尼亚、安哥拉等国家的二十名警务留学生……": the one course's
        trainees come from several countries; they are its parties (CODEBOOK §2 unit 5)."""
        parties = self.parties_in(s)
        ids = list(dict.fromkeys(h.value for h in parties))
        known = [d for d in drafts if any(p in d.parties for p in ids)]
        if (len(ids) < 2 or len(known) != 1 or known[0].multilateral or known[0].sideline_of is not None
                or not self._sent(known[0].anchor).has("training") or not _TRAINEES_FROM.search(self.scan[s.start : s.end])):
            return
        d0 = known[0]
        for h in parties:
            if h.value not in d0.parties:
                d0.parties.append(h.value)
                d0.party_hits[h.value] = h

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
        third: set[str] = set()  # countries whose own envoy's meeting the story also reports
        self.mentioned = []
        for idx, s in enumerate(sents):
            if drafts and sum(1 for h in s.hits if h.kind == "country") >= 2 and (not self._is_anchor(s) or self._future(s)):
                self._trainees_from(s, drafts)
            if self._future(s):  # an announced visit is not an event; its words may still describe one
                saw_future = True
                for d in focus:
                    d.focus.append(idx)
                continue
            known_parties = {p for d in drafts for p in d.parties}
            if (drafts and _ATTENDEES.search(self.scan[s.start : s.end]) and not _STRONG_MEET.search(self.scan[s.start : s.end])
                    and not any(d.multilateral for d in focus)
                    and all(h.value in known_parties for h in self.parties_in(s))):
                extra = [o for o, _ in self.officials_in(s) if self.lex.officials.get(o)]
                for d in focus:
                    d.focus.append(idx)
                    if d.officials:  # "Vice Minister Xu Datong … also spoke at the meeting": on the Chinese side of it
                        d.officials.extend(o for o in extra if o not in d.officials)
                continue
            named = self._named_drafts(s)
            for h in s.hits:
                if h.kind == "official" and h.value not in self.mentioned and not self._homonym(s, h):
                    self.mentioned.append(h.value)
            offs = list(dict.fromkeys(o for o, _ in self.officials_in(s)))
            offs = [o for o in offs if self.lex.officials.get(o)] or offs
            if offs:
                last_officials = offs
            officials = offs or last_officials or doc_official
            parties = self.parties_in(s)
            anchor = self._is_anchor(s)
            if anchor and drafts and _THIRD_ENVOY.search(self.scan[s.start : s.end]) and not any(
                    h.kind in ("official", "ctitle", "cactor") and not self._foreign_owned(s, h) for h in s.hits):
                # "Also today, Ambassador of Pakistan to Nepal X met with the Home Minister": no Chinese party,
                # nor in what the story then says about that meeting
                known = {p for d in drafts for p in d.parties}
                third |= {h.value for h in parties if h.value not in known}
                anchor, parties = False, [h for h in parties if h.value in known]
            elif third:
                parties = [h for h in parties if h.value not in third]
            if not parties and not drafts and anchor and (offs or s.has("cactor") or self._chinese_title_in(s)) and (
                    s.has("meet") or s.has("phone") or s.has("video") or s.has("handover") or s.has("training")
                    or s.has("sign")):
                parties = self._implicit_party(s)
                implicit = bool(parties)
            else:
                implicit = False
            party_ids = list(dict.fromkeys(h.value for h in parties))
            multi_cue = self._multi_cue(s)
            meet_cue = s.has("meet") or s.has("phone") or s.has("video")
            separate = s.has("separately") or (len(party_ids) >= 2 and bool(_GUESTS.search(self.scan[s.start : s.end])))
            expand = (separate and meet_cue and multi is not None and not self._dup_sidelines(drafts, multi)
                      and _P5.search(
                                    self.scan[s.start : s.end]))
            if (not party_ids and multi is None and not drafts and anchor and multi_cue and not separate
                    and s.has("mech") and self._doc_multilateral()):
                # "中国—中亚公安内务部长会晤机制首次会议10日在连云港举行，王小洪出席并作主旨发言": the session itself;
                # its parties come with the ministers met "separately" on its sidelines
                multi = EventDraft([], officials[:1], idx, multilateral=True, focus=[idx])
                multi.open = True
                drafts.append(multi)
                focus = [multi]
                continue
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
                                   party_hits=dict(d0.party_hits), name=d0.name, visitor_of=d0)
                    drafts.append(d)
                    by_key[(p, offs[0], False)] = d
                    focus = [d]
                    continue
                lone = list(dict.fromkeys(p for d in drafts for p in d.parties))
                if (not named and meet_cue and anchor and offs and multi is None and len(lone) == 1
                        and all(offs[0] not in d.officials for d in drafts) and self._official_is_object(s, offs[0])):
                    # "Later the same day Quang met Zhou Yongkang": the one visitor, another Chinese official
                    d0 = next(d for d in drafts if d.parties == lone)
                    d = EventDraft(lone, offs[:1], idx, focus=[idx], party_hits=dict(d0.party_hits), name=d0.name,
                                   visitor_of=d0)
                    drafts.append(d)
                    by_key[(lone[0], offs[0], False)] = d
                    focus = [d]
                    continue
                cn = self._cn_host(s) if (meet_cue and anchor and multi is None and len(lone) == 1 and not offs) else None
                if cn is not None and not any(d.cn_person and d.cn_person[0] == cn[0] for d in drafts):
                    # "The minister later met Liu Guozhou, vice governor … and director of the Guangdong Provincial
                    # Public Security Department": the one visitor, another Chinese host
                    d0 = next(d for d in drafts if d.parties == lone)
                    d = EventDraft(lone, [], idx, focus=[idx], party_hits=dict(d0.party_hits), name=d0.name,
                                   implicit=d0.implicit, cn_person=cn, visitor_of=d0)
                    drafts.append(d)
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
                if named and meet_cue and anchor and len(named) == 1 and not named[0].multilateral:
                    d0 = named[0]
                    h0, h1 = self._sent_date(self._sent(d0.anchor)), self._sent_date(s)
                    if h1 is not None and (h0 is None and self.ref_date is not None and self._other_date(s, self.ref_date)
                                           or h0 is not None and self._other_date(s, h0.date)):
                        # "今年1月初，王小洪曾与雅毕举行视频通话": the same pair met on another, earlier date
                        d = EventDraft(list(d0.parties), (offs or d0.officials)[:1], idx, focus=[idx],
                                       party_hits=dict(d0.party_hits), name=d0.name, visitor_of=d0)
                        drafts.append(d)
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
                           and not (not meet_cue and (_UPCOMING.search(self.scan[s.start : s.end]) or (
                               party_ids and all((p, (officials or [None])[0], False) in by_key for p in party_ids))))
                           and (len(party_ids) >= 2 or (self._doc_multilateral() and self._plural_parties())
                                or (party_ids and all(h.kind == "org" for h in parties) and ((
                                    meet_cue and not _STRONG_MEET.search(self.scan[s.start : s.end])) or re.search(
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
                    if (d is not None and anchor and idx != d.anchor and not d.multilateral and s.has("handover")
                            and (s.has("handover_items") or _DONATION_RX.search(self.scan[s.start : s.end]))
                            and not self._sent(d.anchor).has("handover") and not s.has("meet")
                            and _THEN_MARK.match(self.scan, s.start)):
                        # "After the signing, Zhao's delegation handed over donated equipment to the Cambodian
                        # police": a hand-over of its own, besides the talks (CODEBOOK §2 units 2 and 6)
                        d = EventDraft([p], [off] if off else [], idx, party_hits={p: hit}, name=d.name)
                        by_key[key] = d
                        drafts.append(d)
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
                        if multi is not None and getattr(multi, "open", False) and separate and p not in multi.parties:
                            multi.parties.append(p)  # a minister met on the sidelines attended the session
                            multi.party_hits[p] = hit
                        side = multi if (multi is not None and p in multi.parties) else None
                        d = EventDraft([p], [off] if off else [], idx, sideline_of=side, party_hits={p: hit},
                                       implicit=implicit, weak=not anchor)
                        by_key[key] = d
                        drafts.append(d)
                        for ph in parties:
                            if ph.value == p:
                                self._register_name(d, s, ph)
                        if (not separate and meet_cue and anchor and len(party_ids) == 1 and len(targets) == 1
                                and d.name and multi is None):
                            # "met with U.S. Attorney General Loretta Lynch and U.S. Secretary of Homeland Security Jeh
                            # Johnson": two officials of one country, each titled and named, two meetings
                            cue = next((c for c in s.hits if c.kind in ("meet", "phone", "video")), None)
                            for t in self._person_titles(s, exclude=d.name):
                                if (cue is None or t[0] < cue.end or " " not in t[4]
                                        or not _AND_NEXT.search(self.text[max(s.start, t[0] - 30) : t[0]])):
                                    continue
                                extra = EventDraft([p], [off] if off else [], idx, sideline_of=side,
                                                   party_hits={p: hit}, name=t[4], title_span=t, focus=[idx])
                                drafts.append(extra)
                                new_focus.append(extra)
                                self.name_refs.append((t[4].split()[-1], extra))
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
        if out and out[0].anchor > 0 and sents:
            first, s0 = out[0], sents[0]
            used = {i for d in out for i in d.focus} | {d.anchor for d in out}
            p0 = {h.value for h in self.parties_in(s0)}
            if (not first.multilateral and 0 not in used and p0 and p0 <= set(first.parties) and not s0.has("official")
                    and not self._future(s0)):
                first.focus.insert(0, 0)
            elif (0 not in used and not p0 and not s0.has("official") and not self._future(s0)
                  and (first.anchor == 1 or first.anchor == 2 and first.multilateral and s0.has("mech"))
                  and (s0.has("mech") or s0.has("meet") or s0.has("video") or s0.has("phone"))):
                # "首次中国—南太岛国……部级对话本周二以视频方式举行。" then the co-chairs: the lead dates the occasion
                first.focus.insert(0, 0)
        return out
