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
                                      or _DONATION.search(self.scan[s.start : s.end])) for s in sents[:3]):
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
