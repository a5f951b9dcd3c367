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
from dataclasses import dataclass, field
from typing import Any

from isd.extract import dates as D
from isd.extract.lexicon import NOT_PARTY, Hit, Lexicon
from isd.extract.textio import MAX_SCAN_CHARS, make_scan_text, parse_headers, parse_iso_date

VERSION = "0.3.0"
_ABBREV = re.compile(r"(?:\b(?:[A-Z]\.){0,3}[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Maj|Capt|Sgt|St|No|Hon|Sen|Rep|Gov|Prof|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Jr|Sr|Co|Corp|Inc|Ltd|vs|etc|H\.E))\.$")
_SENT_END = re.compile(r"[。！？!?；;]+[”\"’]?|\.(?=[\s”\"’]|$)|\n")
_LOC_BEFORE = re.compile(r"(?:\bin|\bin the|\bto|\bvisit(?:ing|ed|s)?|\btour of|\bwhile in|在|赴|访问|抵达|于|驻)\s*$")
_CITY_COMMA = re.compile(r",\s*$")
_EN_NAME_AFTER = re.compile(r"\s*((?:[A-Z][A-Za-z'’\-]+\.?\s){0,4}[A-Z][A-Za-z'’\-]+)")
_EN_NAME_BEFORE = re.compile(r"((?:(?:[A-Z][A-Za-z'’\-]+\.?|bin|al|van|de|da|von|el|ibn)\s){0,5}[A-Z][A-Za-z'’\-]+),\s*(?:the\s+)?$")
_ZH_NAME_AFTER = re.compile(r"([\u4e00-\u9fff·・]{2,10}?)(?=[，、。；：（(“”\s\d]|上将|中将|少将|大将|将军|先生|女士|阁下|会见|会谈|会面|会晤|举行|时|在|并|一行|出席|表示|说|率|等|和|与|及|同|通|进行|共同|签署|$)")
_NOT_NAME = {"The", "He", "She", "They", "Both", "Wang", "China", "Chinese", "On", "In", "At", "During", "While",
             "Meeting", "With", "And", "Minister", "Ministry"}
_SIGN_TITLE_ZH = re.compile(r"《([^》]{2,120})》")

# precompiled patterns (hot paths)
_P0 = re.compile(r"\s*(?:[^\n]{0,250}\n\s*\n\s*)?([A-Z][A-Z .'’\-]{2,30}?)\s*(?:--|—|–)")
_P1 = re.compile(r"[.。!！?？]\s*$")
_P2 = re.compile(r"合作论坛|合作峰会|峰会")
_P3 = re.compile(r"\s*(?:北京)?(?:峰会|论坛|大会|会议|summit|forum|conference)")
_P4 = re.compile(r"police|policing|law enforcement|public security|counter-?terror|警|公安|执法|反恐")
_P5 = re.compile(r"\b(?:all|each|every|including|the (?:two|three|four|five|six|seven|eight|nine|ten)\b)|各国|[二两三四五六七八九十]国|各方|其中包括")
_P6 = re.compile(r"[A-Za-z]")
_P7 = re.compile(r"dialogue|conference|co-chair|attended|took part|ministerial meeting|hosted|brought together|represented|participat|对话|部长级会议|部长会议|主持|出席|共同主持|参会|与会|率团|发言|集体会见|summit|general assembly|大会|会议")
_P8 = re.compile(r"ministerial dialogue|ministerial conference|ministerial meeting|部长级对话|部长级会议|部级对话|部长会议|会晤机制|首次会议|主旨发言|主旨讲话|参会|与会|集体会见|co-chair|共同主持|jointly met|multilateral")
_P9 = re.compile(r"(?<!chinese )(?<!china's )ambassador")
_P10 = re.compile(r"chin|中国|驻")
_AMB_EN = re.compile(r"(?:Chinese|China's) Ambassador(?: to (?:the )?[A-Z][a-z]+(?: [A-Z][a-z]+)?)?,?\s+((?:[A-Z][a-z]+\s?){2,3})")
_P11 = re.compile(r"(?:Ambassador|ambassador)\s+((?:[A-Z][a-z]+\s?){1,3})")
_P12 = re.compile(r"Ambassador\s+((?:[A-Z][a-z]+\s?){1,3})")
_P13 = re.compile(r"大使([\u4e00-\u9fff]{2,3}?)(?=[，、。和与同及出在表说会向]|$)")
_P14 = re.compile(r"([\u4e00-\u9fff]{2,3})大使")
_P15 = re.compile(r"[国驻馆使方]")
_P16 = re.compile(r"(?:\s|,|，|、|和|及|与|兼|\band\b|\bof\b|\bthe\b)*")
_P17 = re.compile(r"deputy|vice|副")
_P18 = re.compile(r"^(deputy|vice|副)")
_P19 = re.compile(r"(?:[A-Z][a-z]+(?:'s|’s)\s+|the\s+)$")
_P20 = re.compile(r"[\u4e00-\u9fff]")
_P21 = re.compile(r"[部局门之间方国会长委员的和与在是了对将]")
_P22 = re.compile(r"(?:\bin|\bat|在|于|抵达|赴)\s*(?:the city of\s*)?$")
_P23 = re.compile(r"(?:\bin|\bat)\s+(?:[a-z'’\-]+,?\s+){0,3}$|(?:在|于)\S{0,6}$")
_P24 = re.compile(r"[^.;:,()]*?(?=(?:,|\.|;|\(| and (?:a|an|the) | at | during |$))")
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


def extract(text: str, meta: dict[str, Any] | None, lex: Lexicon) -> list[dict[str, Any]]:
    meta = dict(meta or {})
    text = text if isinstance(text, str) else str(text)
    limit = min(len(text), MAX_SCAN_CHARS)
    headers, body_start = parse_headers(text[:limit])
    scan = make_scan_text(text[:limit], lex.converter)
    ctx = _Context(text, scan, headers, body_start, meta, lex, limit)
    return ctx.run()


class _Context:
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
        for y in range(today.year, 1999, -1):
            d = D.safe_date(y, month, day)
            if d is None or d > today:
                continue
            if m is not None:
                wd = D.WEEKDAYS[m.group(1)] if m.group(1) else D.ZH_WEEKDAYS[m.group(2)]
                if (d.weekday() - wd) % 7 > 1:  # the event is on the dateline's day or the day before
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
                if not _P2.match(self.scan[h.end : h.end + 4]):
                    out.append(h)
            elif h.kind == "org" and not _P3.match(self.scan[h.end : h.end + 12]):
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
                    if any(0 <= h.start - e.end <= 4 and e.value != "CHN" for e in ents):
                        continue  # "越南公安部部长" is the counterpart's title
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
        """'越南公安部', 'Vietnam's Ministry of Public Security': a foreign body, not a Chinese actor."""
        for e in s.hits:
            if e.kind == "country" and e.value not in NOT_PARTY and 0 <= h.start - e.end <= 4:
                return True
        return False

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
        self.mentioned = []
        for idx, s in enumerate(sents):
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
            if not parties and not drafts and anchor and (offs or s.has("cactor")) and (
                    s.has("meet") or s.has("phone") or s.has("video") or s.has("handover") or s.has("training")):
                parties = self._implicit_party(s)
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
                                or (party_ids and all(h.kind == "org" for h in parties))))
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
                    if d is not None and d.name and meet_cue and anchor and offs and not s.has("sign"):
                        other = self._name_for(s, hit)
                        if other and other != d.name and other.split()[-1] not in d.name:
                            d = None  # the same country, another person, another meeting
                    if d is None:
                        side = multi if (multi is not None and p in multi.parties) else None
                        d = EventDraft([p], [off] if off else [], idx, sideline_of=side, party_hits={p: hit})
                        by_key[key] = d
                        drafts.append(d)
                        for ph in parties:
                            if ph.value == p:
                                self._register_name(d, s, ph)
                    d.focus.append(idx)
                    new_focus.append(d)
            focus = new_focus
        return [d for d in drafts if d.parties]

    def _lead_city(self) -> tuple[str, str] | None:
        """A city the lead says the occasion is 'in' (the dateline may be the province capital)."""
        for s in self.sents[:2]:
            for h in s.kinds("city"):
                before = self.scan[max(s.start, h.start - 14) : h.start]
                if re.search(r"(?:\bin|在|于)\s*$", before):
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
        return self._ref_city_cache

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
        return []

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
        return bool(re.search(r"countries|nations|各国|国家|岛国|各方|parties|集体会见", lead))

    def _mech_in_doc(self) -> bool:
        return any(h.kind == "mech" for h in self.hits)

    def _dup_sidelines(self, drafts: list[EventDraft], multi: EventDraft) -> bool:
        return any(d.sideline_of is multi for d in drafts)

    def _is_anchor(self, s: Sentence) -> bool:
        return any(s.has(k) for k in ("meet", "phone", "video", "sign", "training", "handover")) or self._multi_cue(s)

    def _multi_cue(self, s: Sentence) -> bool:
        if s.has("multilateral") or s.has("mech") and s.has("multilateral"):
            txt = self.scan[s.start : s.end]
            return bool(_P7.search(txt))
        return False

    def _doc_multilateral(self) -> bool:
        lead = self.sents[:2] + ([self.headline] if self.headline else [])
        txt = " ".join(self.scan[s.start : s.end] for s in lead)
        return bool(_P8.search(txt))

    def _title_near(self, s: Sentence, parties: list[Hit]) -> bool:
        for p in parties:
            for h in s.hits:
                if h.kind in ("agency", "rank") and abs(h.start - p.end) < 60:
                    return True
        return False

    # --- building one event -----------------------------------------------------------------------

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
            hits = [h for h in D.find_dates(self.scan, a, s.end, self.ref_date, self.ref_year) if h.date]
            if hits:
                absolute = [h for h in hits if h.rule in D.ABSOLUTE]
                h = (absolute or hits)[0]
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
                self._ev(evidence, "chinese_side[0].name", h.start, h.end, "official.name")
        if not chinese:
            chinese.append(self._generic_chinese(anchor, evidence))

        # parties
        counterparts = []
        for k, p in enumerate(d.parties):
            cp = self._counterpart(p, d, focus_sents, evidence, k)
            counterparts.append(cp)

        # context, type, location
        context, mcity, mcountry = self._context(d, anchor, focus_sents, date, evidence)
        d.context, d.context_city, d.context_country = context, mcity, mcountry
        etype = self._type(d, anchor, focus_sents, context)
        location = self._location(d, anchor, focus_sents, mcity, mcountry, chinese, evidence, counterparts, mode)
        self.prev_location = location

        # topics
        topics: list[str] = []
        topic_sents = focus_sents if not (d.multilateral or len(d.parties) > 1) else focus_sents
        for s in topic_sents:
            for h in s.kinds("topic"):
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

    def _generic_chinese(self, anchor: Sentence, evidence: list[dict]) -> dict[str, Any]:
        sents = [anchor] + self.sents
        for s in sents:
            for h in s.kinds("cactor"):
                if self._foreign_owned(s, h):
                    continue
                agency = h.value
                name = None
                if agency == "embassy":
                    seg = self.scan[s.start : s.end]
                    if _P9.search(seg) and not _P10.search(seg):
                        pass
                    m = _P11.search(self.text[h.start : h.end + 60])
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
                self._ev(evidence, "chinese_side[0].agency", h.start, h.end, "chinese.actor")
                return {"name_en": name, "name_zh": None, "title": self.text[h.start:h.end], "agency": agency,
                        "rank": "other"}
        return {"name_en": None, "name_zh": None, "title": None, "agency": "MPS", "rank": "other"}

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
        for s in focus:
            mentions = [h for h in s.hits if h.kind in ("country", "org") and h.value == party]
            titles = self._title_spans(s)
            for m in mentions:
                for t in titles:
                    dist = t[0] - m.end if t[0] >= m.end else m.start - t[1]
                    if dist < 0:
                        dist = 0
                    if dist <= 40 and (best is None or dist < best[0]):
                        best = (dist, t, s)
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
        names = [(h.start, h.end) for h in s.hits if h.kind in ("mech", "org", "official", "cactor")]
        hs = [h for h in s.hits if h.kind in ("agency", "rank")
              and not any(a <= h.start and h.end <= b for a, b in names)]
        runs: list[list[Hit]] = []
        for h in hs:
            if runs and h.start - runs[-1][-1].end <= 6 and _P16.fullmatch(self.scan[runs[-1][-1].end : h.start] if h.start >= runs[-1][-1].end else ""):
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
        if any(s.has("training") for s in sents[:2]) and not any(s.has("meet") for s in sents[:1]):
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
        for s in ([] if remote else [anchor]):
            for h in s.kinds("city"):
                before = self.scan[max(s.start, h.start - 40) : h.start]
                if _P22.search(before) or _P23.search(before):
                    self._ev(evidence, "location", h.start, h.end, "location.city_in_event")
                    return {"city": h.value[0], "country_iso3": h.value[1]}
        for s in ([] if remote else [anchor] + focus[:2]):
            for h in s.hits:
                if h.kind == "country" and id(h) in self.loc_hits and h.value not in ("HKG", "MAC", "CHN"):
                    self._ev(evidence, "location", h.start, h.end, "location.country_in_event")
                    city = self._ref_city()
                    return {"city": city[0] if city and city[1] == h.value else None, "country_iso3": h.value}
        if chinese and chinese[0].get("agency") == "embassy" and counterparts and counterparts[0].get("country_iso3"):
            return {"city": None, "country_iso3": counterparts[0]["country_iso3"]}
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
