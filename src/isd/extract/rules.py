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
_ABBREV = re.compile(r"(?:\b(?:[A-Z]\.){1,3}[A-Z]?|\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Maj|Capt|Sgt|St|No|Hon|Sen|Rep|Gov|Prof|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Jr|Sr|Co|Corp|Inc|Ltd|vs|etc|H\.E))\.$")
_SENT_END = re.compile(r"[。！？!?；;]+[”\"’]?|\.(?=[\s”\"’]|$)|\n")
_LOC_BEFORE = re.compile(r"(?:\bin|\bin the|\bto|\bvisit(?:ing|ed|s)?|\btour of|\bwhile in|在|赴|访问|抵达|于)\s*$")
_CITY_COMMA = re.compile(r",\s*$")
_EN_NAME_AFTER = re.compile(r"\s*((?:[A-Z][A-Za-z'’\-]+\.?\s){0,4}[A-Z][A-Za-z'’\-]+)")
_EN_NAME_BEFORE = re.compile(r"((?:[A-Z][A-Za-z'’\-]+\.?\s){0,3}[A-Z][A-Za-z'’\-]+),\s*(?:the\s+)?$")
_ZH_NAME_AFTER = re.compile(r"([\u4e00-\u9fff·・]{2,10}?)(?=[，、。；：（(“”\s]|会见|会谈|举行|时|在|并|一行|出席|表示|说|率|等|和|与|及|通|进行|共同|签署|$)")
_NOT_NAME = {"The", "He", "She", "They", "Both", "Wang", "China", "Chinese", "On", "In", "At", "During", "While",
             "Meeting", "With", "And", "Minister", "Ministry"}
_SIGN_TITLE_ZH = re.compile(r"《([^》]{2,120})》")


@dataclass
class Sentence:
    start: int
    end: int
    hits: list[Hit] = field(default_factory=list)

    def kinds(self, kind: str) -> list[Hit]:
        return [h for h in self.hits if h.kind == kind]

    def has(self, kind: str) -> bool:
        return any(h.kind == kind for h in self.hits)


@dataclass
class EventDraft:
    parties: list[str]
    officials: list[str]
    anchor: int  # sentence index
    multilateral: bool = False
    sideline_of: "EventDraft | None" = None
    focus: list[int] = field(default_factory=list)
    party_hits: dict[str, Hit] = field(default_factory=dict)


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
                y = year or (published.year if published else None) or D.guess_year(self.scan[self.body_start:])
                if y is None:
                    y = self._year_from_officials()
                if y:
                    d = D.safe_date(y, month, day)
                    if d and published and d > published + dt.timedelta(days=2) and not year:
                        d = D.safe_date(y - 1, month, day) or d
                    self.ref_date, self.ref_span, self.ref_rule = d, (a, b), "dateline_body"
        if self.ref_date is None and published:
            self.ref_date, self.ref_rule = published, "published"
            i = self.text.find("PUBLISHED")
            if i >= 0 and i < self.body_start:
                self.ref_span = (i, self.text.find("\n", i))
        self.ref_year = self.ref_date.year if self.ref_date else D.guess_year(self.scan[self.body_start:])

    def _year_from_officials(self) -> int | None:
        return None

    # --- main -----------------------------------------------------------------------------------

    def run(self) -> list[dict[str, Any]]:
        self._reference()
        body_scan_start = self.body_start
        self.hits = self.lex.scan(self.scan)
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
            if line.endswith("\n") and len(line) < 250 and not re.search(r"[.。!！?？]\s*$", line.strip()) and len(self.sents) > 1:
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
                out.append(h)
            elif h.kind == "org":
                out.append(h)
        return out

    def officials_in(self, s: Sentence) -> list[tuple[str, Hit]]:
        found: list[tuple[str, Hit]] = []
        for h in s.hits:
            if h.kind == "official":
                found.append((h.value, h))
        if not found:
            for h in s.hits:
                if h.kind == "ctitle":
                    oid = self.lex.holder(h.value[0], h.value[1], self.ref_date)
                    if oid:
                        found.append((oid, h))
                        break
        return found

    def _in_scope(self) -> bool:
        sents = self.sents + ([self.headline] if self.headline else [])
        has_party = any(self.parties_in(s) for s in sents)
        if not has_party:
            return False
        has_official = any(h.kind in ("official", "ctitle") for s in sents for h in s.hits)
        has_actor = any(h.kind == "cactor" for s in sents for h in s.hits)
        oos = any(h.kind == "oos" for s in sents for h in s.hits)
        if has_official:
            return True
        if oos:
            return False
        return has_actor and self._security_content(sents)

    def _security_content(self, sents: list[Sentence]) -> bool:
        body = self.scan[self.body_start : self.limit]
        return bool(re.search(r"police|policing|law enforcement|public security|警|公安|执法|security|安全", body))

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
        for idx, s in enumerate(sents):
            offs = list(dict.fromkeys(o for o, _ in self.officials_in(s)))
            offs = [o for o in offs if self.lex.officials.get(o)] or offs
            if offs:
                last_officials = offs
            officials = offs or last_officials or doc_official
            parties = self.parties_in(s)
            party_ids = list(dict.fromkeys(h.value for h in parties))
            anchor = self._is_anchor(s)
            multi_cue = self._multi_cue(s)
            meet_cue = s.has("meet") or s.has("phone") or s.has("video")
            separate = s.has("separately")
            if not party_ids:
                if separate and meet_cue and multi is not None and not self._dup_sidelines(drafts, multi):
                    # "held separate bilateral meetings with the ministers of the five countries"
                    for p in multi.parties:
                        d = EventDraft([p], officials[:1], idx, sideline_of=multi, focus=[idx],
                                       party_hits={p: multi.party_hits.get(p)})
                        drafts.append(d)
                        by_key[(p, (officials or [None])[0], False)] = d
                    focus = []
                    continue
                for d in focus:
                    d.focus.append(idx)
                continue
            join_multi = multi is not None and not (s.has("meet") and (separate or not multi_cue or s.has("sideline")))
            start_multi = (multi is None and anchor and multi_cue and not separate
                           and (len(party_ids) >= 2 or self._doc_multilateral()))
            if join_multi or start_multi:
                if multi is None:
                    multi = EventDraft([], officials[:1], idx, multilateral=True)
                    drafts.append(multi)
                for h in parties:
                    if h.value not in multi.parties:
                        multi.parties.append(h.value)
                        multi.party_hits[h.value] = h
                multi.focus.append(idx)
                focus = [multi]
                continue
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
                targets = officials[:1] if len(officials) else [None]
                for off in targets:
                    key = (p, off, False)
                    d = by_key.get(key)
                    if d is None:
                        side = multi if (multi is not None and p in multi.parties) else None
                        d = EventDraft([p], [off] if off else [], idx, sideline_of=side, party_hits={p: hit})
                        by_key[key] = d
                        drafts.append(d)
                    d.focus.append(idx)
                    new_focus.append(d)
            focus = new_focus
        return [d for d in drafts if d.parties]

    def _dup_sidelines(self, drafts: list[EventDraft], multi: EventDraft) -> bool:
        return any(d.sideline_of is multi for d in drafts)

    def _is_anchor(self, s: Sentence) -> bool:
        return any(s.has(k) for k in ("meet", "phone", "video", "sign", "training", "handover"))

    def _multi_cue(self, s: Sentence) -> bool:
        if s.has("multilateral") or s.has("mech") and s.has("multilateral"):
            txt = self.scan[s.start : s.end]
            return bool(re.search(r"dialogue|conference|co-chair|attended|took part|ministerial meeting|对话|部长级会议|部长会议|主持|出席|共同主持|summit|general assembly|大会", txt))
        return False

    def _doc_multilateral(self) -> bool:
        lead = self.sents[:2] + ([self.headline] if self.headline else [])
        txt = " ".join(self.scan[s.start : s.end] for s in lead)
        return bool(re.search(r"ministerial dialogue|ministerial conference|ministerial meeting|部长级对话|部长级会议|部长会议|co-chair|共同主持|multilateral", txt))

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
                h = hits[0]
                date, precision, date_rule, span = h.date, h.precision, h.rule, (h.start, h.end)
                break
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
        etype = self._type(d, anchor, focus_sents, context)
        location = self._location(d, anchor, focus_sents, mcity, mcountry, chinese, evidence, counterparts)

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
                agency = h.value
                name = None
                if agency == "embassy":
                    m = re.search(r"(?:Ambassador|ambassador)\s+((?:[A-Z][a-z]+\s?){1,3})", self.text[h.start : h.end + 60])
                    m = m or re.search(r"Ambassador\s+((?:[A-Z][a-z]+\s?){1,3})", self.text[s.start : s.end])
                    name = m.group(1).strip() if m else None
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
            cp["rank_level"] = rank or "unknown"
            self._ev(evidence, f"counterparts[{k}].title", a, b, "counterpart.title")
            cp["name"] = self._name_near(a, b, s)
        if cp["agency_type"] is None:
            cp["agency_type"] = "other"
        return cp

    def _title_spans(self, s: Sentence) -> list[tuple[int, int, str | None, str | None]]:
        """Runs of adjacent agency/rank words in a sentence → (start, end, agency_type, rank_level)."""
        hs = [h for h in s.hits if h.kind in ("agency", "rank")]
        runs: list[list[Hit]] = []
        for h in hs:
            if runs and h.start - runs[-1][-1].end <= 6 and re.fullmatch(r"[\s,，、和及与and of the]*", self.scan[runs[-1][-1].end : h.start] if h.start >= runs[-1][-1].end else ""):
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
                if agency == "head_of_government" and re.search(r"deputy|vice|副", self.scan[a:b]):
                    specific = [h for h in ag if h.value != "head_of_government"]
                    agency = max(specific, key=lambda h: h.end - h.start).value if specific else "other"
            rk = [h for h in r if h.kind == "rank"]
            rank = None
            if rk:
                levels = {h.value for h in rk}
                rank = "ministerial" if "ministerial" in levels and not re.search(r"^(deputy|vice|副)", self.scan[a:b]) else None
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
        before = re.sub(r"(?:[A-Z][a-z]+(?:'s|’s)\s+|the\s+)$", "", before)
        m = _EN_NAME_BEFORE.search(before)
        if m and m.group(1).split()[0] not in _NOT_NAME:
            return m.group(1).strip()
        m = _ZH_NAME_AFTER.match(self.text[b : min(s.end, b + 12)])
        if m and re.match(r"[\u4e00-\u9fff]", m.group(1)):
            return m.group(1)
        return None

    def _context(self, d: EventDraft, anchor: Sentence, focus: list[Sentence], date: dt.date | None,
                 evidence: list[dict]) -> tuple[str | None, str | None, str | None]:
        year = date.year if date else self.ref_year
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
        if d.multilateral:
            return "multilateral_meeting"
        if d.sideline_of is not None or context:
            return "sideline_bilateral"
        if anchor.has("sign") and not any(s.has("meet") or s.has("phone") or s.has("video") for s in sents):
            return "agreement_signing"
        return "bilateral_meeting"

    def _location(self, d: EventDraft, anchor: Sentence, focus: list[Sentence], mcity: str | None,
                  mcountry: str | None, chinese: list[dict], evidence: list[dict],
                  counterparts: list[dict]) -> dict[str, Any]:
        for s in [anchor] + focus:
            for h in s.kinds("city"):
                before = self.scan[max(s.start, h.start - 12) : h.start]
                if re.search(r"(?:\bin|\bat|在|于|抵达|赴)\s*$", before) or re.search(r"(?:\bin|在)\s*\S*\s*$", before):
                    self._ev(evidence, "location", h.start, h.end, "location.city_in_event")
                    return {"city": h.value[0], "country_iso3": h.value[1]}
        for s in [anchor] + focus:
            for h in s.hits:
                if h.kind == "country" and id(h) in self.loc_hits and h.value not in ("HKG", "MAC"):
                    self._ev(evidence, "location", h.start, h.end, "location.country_in_event")
                    return {"city": None, "country_iso3": h.value}
        if chinese and chinese[0].get("agency") == "embassy" and counterparts and counterparts[0].get("country_iso3"):
            return {"city": None, "country_iso3": counterparts[0]["country_iso3"]}
        if self.ref_place:
            place = make_scan_text(self.ref_place, self.lex.converter)
            for h in self.lex.scan(place):
                if h.kind == "city":
                    if self.ref_span:
                        self._ev(evidence, "location", self.ref_span[0], self.ref_span[1], "location.dateline")
                    return {"city": h.value[0], "country_iso3": h.value[1]}
        if mcity or mcountry:
            return {"city": mcity, "country_iso3": mcountry}
        return {"city": None, "country_iso3": "CHN" if d.officials else None}

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
        if re.match(r"[\u4e00-\u9fff]", self.text[h.start]):
            a = max(sign.end, s.start) if sign.end <= h.start else max(s.start, h.start - 30)
            seg = self.text[a : h.start]
            cut = max(seg.rfind(c) for c in "，、。；了和及") if seg else -1
            a = a + cut + 1 if cut >= 0 else a
            return a, h.end
        a = h.start
        tail = self.text[h.end : s.end]
        m = re.match(r"[^.;:,()]*?(?=(?:,|\.|;|\(| and (?:a|an|the) | at | during |$))", tail)
        b = h.end + (len(m.group(0)) if m else 0)
        return a, min(b, h.end + 160)


def _followed_by_title(scan: str, end: int) -> bool:
    return bool(re.match(r"(?:'s|’s)?\s*(?:minister|ministry|deputy|police|interior|inspector|secretary|national)", scan[end : end + 30]))


def _clean_title(t: str) -> str:
    t = re.sub(r"\s+", " ", t).strip(" ,，、;；:")
    t = re.sub(r"^(?:the|a|an|two|three)\s+", "", t, flags=re.I)
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
