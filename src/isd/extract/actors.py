"""Who and where in a readout: foreign parties, Chinese officials and actors, scope, places,
names and titles of the people met, and the cue tests the event rules ask about a sentence.

A mixin of the per-document extraction context (:mod:`isd.extract.rules`)."""

from __future__ import annotations

import re

from isd.extract.cues import *  # noqa: F401,F403 - the shared cue patterns (see __all__)
from isd.extract.lexicon import NOT_PARTY, Hit
from isd.extract.patterns import *  # noqa: F401,F403 - the shared precompiled patterns (see __all__)
from isd.extract.patterns import _CN_PERSON, _FOREIGN_PORTFOLIO, _UNIT_OF, EventDraft, Sentence, _has_word
from isd.extract.textio import make_scan_text


# a Chinese-script name right after a title: "公安部部长维莱在……", "内务部长莫希廖夫、"
_ZH_TITLE_NAME = re.compile(r"[\u4e00-\u9fff·・]{2,6}?(?=[，、。；在表说会出与和同向对称率一等]|$)")


_SIGNED_EARLIER = re.compile(r"\b(?:signed|inked|concluded)\b[^.;]{0,60}?\b(?:last year|the previous year|last month|"
                             r"years ago|a year ago|in (?:19|20)\d\d)\b|(?:去年|前年|早在)[^。；]{0,30}签署")
_CN_TITLE_BEFORE = re.compile(r"(?:chinese|china's|china’s|\bprc|中国|中方|中共中央)\s*(?:state councilor and |the )?$")
_CN_OWN_WORD = re.compile(r"中国|中方|驻")
_CN_MARK_ZH = re.compile(r"中国|中方|我国|中共")
_FOREIGN_PARTY_ZH = re.compile(r"越共|老挝人民革命党|老党|人革党|柬埔寨人民党|越南共产党")


class ActorsMixin:
    """Parties, officials, actors, places and sentence cues; expects the attributes of ``rules._Context``."""

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
        cache = self.__dict__.setdefault("_parties_cache", {})
        key = (s.start, s.end)
        if key not in cache:
            cache[key] = self._parties_in(s)
        return list(cache[key])

    def _parties_in(self, s: Sentence) -> list[Hit]:
        out = []
        dropped: list[Hit] = []
        for h in s.hits:
            if h.kind == "org" and any(d.value == h.value and 0 <= h.start - d.end <= 3 for d in dropped):
                dropped.append(h)  # "… Organization (SCO)": the acronym of a name already set aside
                continue
            if h.kind == "country" and h.value not in NOT_PARTY and id(h) not in self.loc_hits:
                if not _P2.match(self.scan[h.end : h.end + 4]) and not _MONEY_AFTER.match(self.scan, h.end):
                    out.append(h)
            elif h.kind == "org" and not _P3.match(self.scan[h.end : h.end + 30]) and not _UNIT_OF.search(
                    self.scan[max(s.start, h.start - 30) : h.start]) and not _MISSION_TO.search(
                    self.scan[max(s.start, h.start - 90) : h.start]) and not _MEETING_OF.search(
                    self.scan[max(s.start, h.start - 80) : h.start]) and not _ORG_AS_ADJ.match(self.scan, h.end):
                out.append(h)
            elif h.kind == "org":
                dropped.append(h)
        return out

    def officials_in(self, s: Sentence) -> list[tuple[str, Hit]]:
        found: list[tuple[str, Hit]] = []
        for h in s.hits:
            if h.kind == "official":
                if self._homonym(s, h):
                    continue
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
            for h in s.hits:  # "China's Deputy Minister of Public Security, Zhou Ganlu": a misspelt surname
                if h.kind == "ctitle" and h.word.isascii() and not self._foreign_owned(s, h):
                    m = _TITLE_THEN_NAME.match(self.text, h.end)
                    oid = self._by_given_name(m.group(1), h.value[1]) if m else None
                    if oid:
                        found.append((oid, h))
                        break
        if not found:
            ents = [h for h in s.hits if h.kind in ("country", "org")]
            for h in s.hits:
                if h.kind == "ctitle":
                    if any(0 <= h.start - e.end <= 4 and e.value != "CHN" for e in ents) or self._foreign_owned(s, h):
                        continue  # "越南公安部部长" is the counterpart's title
                    if h.word.isascii() and self._title_is_object(s, h):
                        continue  # "Chinese immigration delegation meets IGP and Public Security Minister"
                    if not h.word.isascii() and _ZH_TITLE_NAME.match(self.text, h.end) and not any(
                            o.kind == "official" and o.start == h.end for o in s.hits):
                        continue  # "……公安部部长维莱在讲话中": the title of someone named, not a listed Chinese official
                    oid = self.lex.holder(h.value[0], h.value[1], self.ref_date)
                    if oid:
                        found.append((oid, h))
                        break
        return found

    def _homonym(self, s: Sentence, h: Hit) -> bool:
        """'the Chinese Police Attache, Wang Yong' in 2018: a namesake of a listed official who held no
        listed post on the story's date, titled by an embassy or police body's words next to the name."""
        cache = self.__dict__.setdefault("_homonym_cache", {})
        if h.start not in cache:
            cache[h.start] = self._homonym_uncached(s, h)
        return cache[h.start]

    def _homonym_uncached(self, s: Sentence, h: Hit) -> bool:
        if self.ref_date is None or self.lex.official_rank(h.value, self.ref_date)[0] is not None:
            return False
        return any(a.kind == "cactor" and 0 <= h.start - a.end <= 4 or a.kind == "cactor" and 0 <= a.start - h.end <= 4
                   for a in s.hits) or bool(re.search(r"(?:attach[eé]|counsell?or|consul|ambassador|officer|inspector)\W{0,3}$",
                                                      self.scan[max(s.start, h.start - 20) : h.start]))

    def _by_given_name(self, name: str, agency: str) -> str | None:
        """The one listed official of the agency, in post on the story's date, whose given name is the name's last word."""
        toks = name.split()
        if len(toks) != 2 or self.ref_date is None:
            return None
        found = [o.id for o in self.lex.officials.values() if o.name_en and len(o.name_en.split()) == 2
                 and o.name_en.split()[1] == toks[1] and o.name_en != name
                 and any(p.agency == agency and p.held_on(self.ref_date) for p in o.posts)]
        return found[0] if len(found) == 1 else None

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
            h.kind == "cactor" and h.start < self.body_start and not self._foreign_header(h) for h in self.hits)
        oos = any(h.kind == "oos" for s in sents for h in s.hits)
        if has_official:
            return True
        if oos:
            return False
        return has_actor and self._security_content(sents)

    def _foreign_header(self, h: Hit) -> bool:
        """"PUBLISHER: Ministry of Public Security of Viet Nam": a header naming another country's body."""
        a = self.scan.rfind("\n", 0, h.start) + 1
        b = self.scan.find("\n", h.end)
        b = b if b >= 0 else len(self.scan)
        return any(x.kind == "country" and x.value not in NOT_PARTY and a <= x.start < b for x in self.hits)

    def _foreign_owned(self, s: Sentence, h: Hit) -> bool:
        """'越南公安部', 'Vietnam's Ministry of Public Security': a foreign body, not a Chinese actor.
        In a story about a country that has its own Ministry of Public Security (Viet Nam, Laos),
        an English "(Deputy) Minister/Ministry of Public Security" is that country's unless the
        text marks it Chinese ("China's", "Chinese", "of China", "of the People's Republic")."""
        for e in s.hits:
            if e.kind == "country" and e.value not in NOT_PARTY and 0 <= h.start - e.end <= 4:
                return True
        if h.kind in ("ctitle", "cactor") and not h.word.isascii() and not _CN_OWN_WORD.search(h.word) and not any(
                o.kind == "official" and 0 <= o.start - h.end <= 3 for o in s.hits):
            # "越共中央政治局委员、中央公安党委书记、公安部部长梁三光": the clause names the foreign party first
            k = max(self.scan.rfind(c, max(s.start, h.start - 40), h.start) for c in "，,。；")
            seg = self.scan[max(k + 1, s.start, h.start - 40) : h.start]
            if _FOREIGN_PARTY_ZH.search(seg) and not _CN_MARK_ZH.search(seg):
                return True
            if h.kind == "ctitle" and any(e.kind == "country" and e.value not in NOT_PARTY and max(k + 1, s.start) <= e.start and e.end <= h.start
                   and not _CN_MARK_ZH.search(self.scan[e.end : h.start]) and "、" not in self.scan[e.end : h.start]
                   for e in s.hits):
                return True
        if h.kind == "ctitle" and h.word.isascii() and not self._chinese_marked(h):
            m = _TITLE_THEN_NAME.match(self.text, h.end)
            if m and not _CN_PERSON.fullmatch(m.group(1)) and m.group(1).split()[0] not in _NOT_NAME and not any(
                    o.kind == "official" and o.start >= h.end and o.start - h.end <= 6 for o in s.hits):
                return True  # "to the Minister of Public Security, Tiran Alles": a foreign minister's title
        if h.kind == "ctitle" and h.word.isascii() and _FOREIGN_PORTFOLIO.match(self.text, h.end):
            return True  # "Minister of Public Security and Parliamentary Affairs Ananda Wijepala"
        if h.kind == "cactor" and h.word == "ambassador" and not self._chinese_mission():
            return True  # "Ambassador Dang Minh Khoi briefed …" in a story with no Chinese embassy in it
        if h.kind == "cactor" and h.value == "embassy" and _THIRD_ENVOY.match(self.scan, h.start):
            return True  # "Ambassador of Pakistan to Nepal": another country's envoy
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
        lead_parties = {h.value for ls in ([self.headline] if self.headline else []) + self.sents[:2]
                        for h in self.parties_in(ls) if h.kind == "country"}
        if city and city[1] not in NOT_PARTY and (not lead_parties or city[1] in lead_parties):
            # "BANGKOK --"; but "Sydney (AFP) – Vanuatu's interior minister …": the lead's country, not the agency's desk
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

    def _cn_host(self, s: Sentence) -> tuple[str, str] | None:
        """A Chinese person met after the meeting verb, titled by a Chinese body of the sentence
        ("met Liu Guozhou, … director of the Guangdong Provincial Public Security Department")."""
        cue = next((h for h in s.hits if h.kind == "meet"), None)
        actors = [h for h in s.hits if h.kind == "cactor" and not self._foreign_owned(s, h)]
        if cue is None or not actors:
            return None
        m = _CN_PERSON.search(self.text, cue.end, s.end)
        if m is None or m.start() - cue.end > 40:
            return None
        actor = min(actors, key=lambda h: abs(h.start - m.end()))
        if abs(actor.start - m.end()) > 160:
            return None
        return m.group(1), actor.value

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
            if _CN_TITLE_BEFORE.search(self.scan[max(s.start, t[0] - 25) : t[0]]):
                continue  # "Chinese President Xi Jinping and his U.S. counterpart": China's leader, not the party's
            dist = 0 if t[0] <= party.start < t[1] else (t[0] - party.end if t[0] >= party.end else party.start - t[1])
            if -1 <= dist <= 40 and (best is None or abs(dist) < best[0]):
                best = (abs(dist), t)
        return self._name_near(best[1][0], best[1][1], s) if best else None

    def _register_name(self, d: EventDraft, s: Sentence, party: Hit) -> None:
        name = self._name_for(s, party)
        if not name:
            return
        if not d.multilateral and not d.name:
            d.name = name
        latin = bool(_P6.match(name))
        toks = [t for t in name.split() if len(t) >= 3 and t[0].isupper() and t not in _NOT_NAME] if latin else []
        for tok in [name, *toks]:
            self.name_party.setdefault(tok, (party.value, party))
        if latin:
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
        if s.has("sign") and not any(s.has(k) for k in ("meet", "phone", "video", "training", "handover")) and (
                _SIGNED_EARLIER.search(self.scan, s.start, s.end)):
            return False  # "A security pact was signed last year between …": background, not this story's occasion
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
