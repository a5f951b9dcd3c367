"""The extractor's dictionaries, compiled once per codebook into one Aho-Corasick automaton.

Sources, merged in this order (first wins for a given surface form and kind):
the codebook (countries, organizations, mechanisms, officials, cities, Chinese titles, topics,
document types, agency types, rank rules) and ``lexicon.yaml`` beside this module (the
extractor's own readout wording: meeting cues, Chinese actor words, out-of-scope actors,
platform labels, rank words; see its header).

The compiled :class:`Lexicon` is cached on the codebook object it was built from
(``lexicon_for(codebook)``), never in a module global.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Iterable

import ahocorasick
import yaml

from isd.extract.textio import make_scan_text, t2s_converter
from isd.extract.titles import title_classifier

_CACHE_ATTR = "_isd_extract_lexicon"
NOT_PARTY = {"CHN", "HKG", "MAC"}

# kinds whose hits compete for the same characters (leftmost-longest within a group)
GROUP = {
    "country": "ent", "city": "ent", "org": "ent", "official": "ent", "mech": "mech", "oos": "ent", "cactor": "cact",
    "ctitle": "ctitle", "topic": "topic", "doctype": "doctype", "agency": "agency", "rank": "rank",
}
CUES = ("meet", "video", "phone", "sign", "training", "handover", "handover_items", "separately", "sideline",
        "multilateral")


@dataclass(frozen=True)
class Post:
    rank: str
    agency: str
    start: dt.date
    end: dt.date | None
    title_en: str
    title_zh: str | None = None

    def held_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class OfficialInfo:
    id: str
    name_en: str
    name_zh: str | None
    posts: list[Post] = field(default_factory=list)

    def posts_on(self, day: dt.date | None) -> list[Post]:
        if day is None:
            return []
        return [p for p in self.posts if p.held_on(day)]


@dataclass(slots=True)
class Hit:
    start: int
    end: int
    kind: str
    value: Any
    word: str


RANK_ORDER = ["cplc_head", "minister", "executive_vice_minister", "vice_minister", "assistant_minister", "other"]


class Lexicon:
    def __init__(self, codebook: Any | None):
        self.codebook = codebook
        self.converter = t2s_converter()
        sup = yaml.safe_load(resources.files("isd.extract").joinpath("lexicon.yaml").read_text("utf-8"))
        self.sup = sup
        self.officials: dict[str, OfficialInfo] = {}
        self.mechanisms: list[dict[str, Any]] = []
        self.cities: dict[str, tuple[str, str]] = {}
        self._entries: dict[str, list[tuple[str, Any]]] = {}
        self._load_mechanisms(sup)  # first: their labels follow the gold-set convention ("GPSCFL 2024")
        self._load_codebook(codebook)
        self._load_extract_lexicon(sup)
        # the counterpart title rules (title_rules.yaml), compiled once: a broken file fails here, naming itself
        self.titles = title_classifier()
        self.automaton = ahocorasick.Automaton()
        for word, payloads in self._entries.items():
            self.automaton.add_word(word, (word, tuple(payloads)))
        self.automaton.make_automaton()
        self._entries = {}

    # --- building ----------------------------------------------------------------------

    def add(self, word: str | None, kind: str, value: Any) -> None:
        if not word:
            return
        w = make_scan_text(word.strip(), self.converter)
        if len(w) < 2 and not ("\u3400" <= w[:1] <= "\u9fff"):
            return
        if len(w) < 2:
            return
        lst = self._entries.setdefault(w, [])
        if not any(k == kind for k, _ in lst):
            lst.append((kind, value))

    def _load_codebook(self, cb: Any | None) -> None:
        if cb is None:
            return
        for c in getattr(cb, "countries", []):
            for n in (*c.names_en(), *c.names_zh(), *getattr(c, "demonyms_en", [])):
                self.add(n, "country", c.iso3)
        for o in getattr(cb, "organizations", []):
            if getattr(o, "kind", None) in ("mechanism", "ad_hoc_group"):
                continue  # a platform or a group of states is a context, not a foreign party
            oid = _org_id(o.id)
            for n in (*o.names_en(), *o.names_zh()):
                key = make_scan_text(n.strip(), self.converter)
                if any(k == "country" for k, _ in self._entries.get(key, [])):
                    continue  # an alias that is just a member's name ("China") is not the organization
                self.add(n, "org", oid)
        for m in getattr(cb, "mechanisms", []):
            idx = self._mech_by_cb_id.get(m.id)
            if idx is not None:  # a platform lexicon.yaml labels (gold-set label convention)
                for n in (*m.names_en(), *m.names_zh()):
                    self.add(n, "mech", idx)
                continue
            if "initiative" in m.name_en.lower():
                continue  # a policy (Global Security Initiative), not a platform events happen at
            idx = len(self.mechanisms)
            self.mechanisms.append({"label": None, "id": m.id, "name": m.name_en, "sessions": list(m.sessions),
                                    "city": None, "country": None})
            for n in (*m.names_en(), *m.names_zh()):
                self.add(n, "mech", idx)
        for o in getattr(cb, "officials", []):
            posts = [Post(p.rank, p.agency, p.start, p.end, p.title_en, p.title_zh) for p in o.posts]
            self.officials[o.id] = OfficialInfo(o.id, o.name_en, o.name_zh, posts)
            for n in (*o.names_en(), *o.names_zh()):
                self.add(n, "official", o.id)
        for t in getattr(cb, "chinese_titles", []):
            for n in (t.title_en, t.title_zh, *t.aliases_en, *t.aliases_zh):
                self.add(n, "ctitle", (t.rank, t.agency, t.title_en))
        for t in getattr(cb, "topics", []):
            if t.code == "generic":
                continue
            for n in (*t.keywords_en, *t.keywords_zh):
                self.add(n, "topic", t.code)
        for d in getattr(cb, "doc_types", []):
            for n in (*d.terms_zh, *d.terms_en):
                self.add(n, "doctype", d.code)
        for a in getattr(cb, "agency_types", []):
            for n in (*a.words_en, *a.words_zh):
                self.add(n, "agency", a.code)
        for r in getattr(cb, "rank_rules", []):
            for n in (*r.words_en, *r.words_zh):
                self.add(n, "rank", r.level)
        for c in getattr(cb, "cities", []):
            for n in (*c.names_en(), *c.names_zh()):
                self.add(n, "city", (c.name_en, c.country_iso3))

    def _load_mechanisms(self, sup: dict[str, Any]) -> None:
        self._mech_by_cb_id: dict[str, int] = {}
        for m in sup.get("mechanisms", []):
            idx = len(self.mechanisms)
            for cid in m.get("codebook_ids", []):
                self._mech_by_cb_id[cid] = idx
            self.mechanisms.append({"label": m["label"], "id": None, "name": m["label"], "sessions": [],
                                    "city": m.get("city"), "country": m.get("country")})
            for w in m["words"]:
                self.add(w, "mech", idx)

    def _load_extract_lexicon(self, sup: dict[str, Any]) -> None:
        for o in sup.get("officials", []):
            if o["id"] not in self.officials:
                posts = [Post(r, a, _d(s), _d(e) if e else None, t) for r, a, s, e, t in o["tenures"]]
                self.officials[o["id"]] = OfficialInfo(o["id"], o["name_en"], o.get("name_zh"), posts)
            for n in (o["name_en"], o.get("name_zh")):
                self.add(n, "official", o["id"])
        for t in sup.get("chinese_titles", []):
            for w in t["words"]:
                self.add(w, "ctitle", (t["rank"], t["agency"], None))
        for agency, words in sup.get("chinese_actor_words", {}).items():
            for w in words:
                self.add(w, "cactor", agency)
        for w in sup.get("out_of_scope", []):
            self.add(w, "oos", True)
        for cue, words in sup.get("meeting_words", {}).items():
            for w in words:
                self.add(w, cue, True)
        for o in sup.get("organizations", []):
            for w in o["words"]:
                self.add(w, "org", o["id"])
        for code, words in sup.get("agency_words", {}).items():
            for w in words:
                self.add(w, "agency", code)
        for level, words in sup.get("rank_words", {}).items():
            for w in words:
                self.add(w, "rank", level)
        for code, words in sup.get("topics", {}).items():
            for w in words:
                self.add(w, "topic", code)
        for w in ("cross-border", "跨境", "cross border"):
            self.add(w, "topic", None)  # absorbs "border" inside "cross-border …" (no topic by itself)
        for code, words in sup.get("doc_types", {}).items():
            for w in words:
                self.add(w, "doctype", code)
        for iso3, words in sup.get("country_aliases", {}).items():
            for w in words:
                self.add(w, "country", iso3)
        self._load_pycountry()
        for iso3, cities in sup.get("cities", {}).items():
            for city, words in cities.items():
                for w in words:
                    self.add(w, "city", (city, iso3))

    def _load_pycountry(self) -> None:
        try:
            import gettext

            import pycountry

            zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
        except Exception:  # pragma: no cover - pycountry is a dependency
            return
        for c in pycountry.countries:
            for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
                if n and "," not in n:
                    self.add(n, "country", c.alpha_3)
            zn = zh.gettext(c.name)
            if zn and zn != c.name and "台湾" not in zn:
                self.add(zn, "country", c.alpha_3)

    # --- using ----------------------------------------------------------------------------

    def scan(self, scan: str) -> list[Hit]:
        """All dictionary hits in a scan text, leftmost-longest within each group of kinds."""
        raw: dict[str, list[Hit]] = {}
        n = len(scan)
        for end_idx, (word, payloads) in self.automaton.iter(scan):
            start = end_idx - len(word) + 1
            end = end_idx + 1
            if word[0].isascii() and word[0].isalnum() and start > 0 and _wordch(scan[start - 1]):
                continue
            if word[-1].isascii() and word[-1].isalnum() and end < n and _wordch(scan[end]):
                continue
            for kind, value in payloads:
                raw.setdefault(GROUP.get(kind, kind), []).append(Hit(start, end, kind, value, word))
        out: list[Hit] = []
        for hits in raw.values():
            hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
            last_end = -1
            keep_span: tuple[int, int] | None = None
            for h in hits:
                if keep_span is not None and (h.start, h.end) == keep_span:
                    out.append(h)  # same span, another payload (e.g. an org that is also a mechanism)
                    continue
                if h.start < last_end:
                    continue
                out.append(h)
                last_end = h.end
                keep_span = (h.start, h.end)
        out.sort(key=lambda h: (h.start, h.end))
        return out

    def rank_level_of(self, title: str) -> str | None:
        """The codebook's ordered rank rules on a counterpart title (cached per title)."""
        cache = self.__dict__.setdefault("_rank_cache", {})
        if title not in cache:
            fn = getattr(self.codebook, "rank_level_of", None)
            try:
                cache[title] = fn(title) if fn else None
            except Exception:  # a codebook bug must not stop extraction
                cache[title] = None
            if len(cache) > 50_000:
                cache.clear()
        return cache[title]

    def is_place(self, name: str, kinds: tuple[str, ...] = ("city", "country")) -> bool:
        """The whole name is a gazetteer city (or a country): "Lahore", "Ho Chi Minh City" (cached per name)."""
        cache = self.__dict__.setdefault("_place_cache", {})
        key = (name, kinds)
        if key not in cache:
            n = name.strip()
            cache[key] = any(h.kind in kinds and h.end - h.start >= len(n) - 1
                             for h in self.scan(make_scan_text(n, self.converter)))
            if len(cache) > 50_000:
                cache.clear()
        return cache[key]

    def classify_title(self, title: str) -> tuple[str, str]:
        """(agency_type, rank_level) of a counterpart title by the title classifier's rules (cached per title)."""
        coded = self.titles.classify(title, False)  # the classifier caches per title
        return coded.agency_type, coded.rank_level

    def official_rank(self, official_id: str, day: dt.date | None) -> tuple[str | None, str | None, str | None]:
        """(rank, agency, title) the official held on the day; the highest post wins."""
        info = self.officials.get(official_id)
        if info is None:
            return None, None, None
        posts = info.posts_on(day) if day else []
        ranked = [p for p in posts if p.rank in RANK_ORDER]
        if not ranked:
            if day is None and info.posts:
                p = info.posts[-1]
                return None, p.agency, p.title_en
            return None, None, None
        best = min(ranked, key=lambda p: RANK_ORDER.index(p.rank))
        title = best.title_en
        if any(p.title_en == "State Councilor" for p in posts):
            title = "State Councilor and " + title
        return best.rank, best.agency, title

    def holder(self, rank: str, agency: str, day: dt.date | None) -> str | None:
        """The official who held a rank at an agency on a day (for a title without a name)."""
        if day is None or rank not in _UNIQUE_POSTS:
            return None  # several vice ministers / deputy secretaries serve at once: a title alone names none
        found = [o.id for o in self.officials.values()
                 if any(p.rank == rank and p.agency == agency and p.held_on(day) for p in o.posts)]
        return found[0] if len(found) == 1 else None

    def mechanism_label(self, idx: int, year: int | None) -> tuple[str, str | None, str | None]:
        """(label, city, country) of a mechanism mention for an event in a year."""
        m = self.mechanisms[idx]
        if m["label"]:
            label = m["label"].replace("{year}", str(year) if year else "").strip()
            return label, m["city"], m["country"]
        for s in m["sessions"]:
            if year and s.year == year:
                return s.name, s.city, s.country_iso3
        return m["name"], None, None


_UNIQUE_POSTS = {"minister", "executive_vice_minister", "cplc_head"}


def _wordch(ch: str) -> bool:
    return ch.isalnum() and ch.isascii()


def _d(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _org_id(oid: str) -> str:
    return oid.upper()


def lexicon_for(codebook: Any | None) -> Lexicon:
    """The compiled lexicon of a codebook, built on first use and kept on the codebook object."""
    if codebook is None:
        return Lexicon(None)
    lex = getattr(codebook, _CACHE_ATTR, None)
    if lex is None:
        lex = Lexicon(codebook)
        try:
            setattr(codebook, _CACHE_ATTR, lex)
        except AttributeError:  # pragma: no cover - a codebook with __slots__
            pass
    return lex


def words(hits: Iterable[Hit], kind: str) -> list[Hit]:
    return [h for h in hits if h.kind == kind]
