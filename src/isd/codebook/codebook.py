"""The :class:`Codebook`: the reference data of CODEBOOK.md, loaded and indexed."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from isd.codebook.loader import CodebookError, default_data_dir, load_files
from isd.codebook.models import (
    AgencyType,
    ChineseTitle,
    City,
    Code,
    Country,
    DocType,
    Mechanism,
    MechanismSession,
    Official,
    Organization,
    Post,
    RankRule,
    Region,
    Topic,
)
from isd.codebook.text import Normaliser, has_cjk, norm_en


class ScanName(NamedTuple):
    """One name to look for in text: the name, the id it stands for, its language and
    whether it must match case-sensitively (acronyms)."""

    name: str
    id: str
    language: str
    case_sensitive: bool


CODE_KINDS = (
    "topic", "doc_type", "agency_type", "rank_level", "region", "event_type", "mode", "chinese_rank",
    "agency", "review_status", "iso3", "organization", "mechanism",
)


def _as_date(day: dt.date | str) -> dt.date:
    if isinstance(day, dt.datetime):
        return day.date()
    if isinstance(day, dt.date):
        return day
    try:
        return dt.date.fromisoformat(str(day))
    except ValueError:
        raise ValueError(f"not an ISO date (YYYY-MM-DD): {day!r}") from None


class Codebook:
    """All reference data; build it with :func:`load_codebook`.

    Look-ups (``find_*``) accept English (case-insensitive, leading "the" ignored) or
    Chinese (Traditional characters are converted to Simplified first).
    """

    def __init__(self, parts: dict[str, Any], directory: Path):
        self.directory = directory
        meta = parts["meta"]
        self.version: str = meta["version"]
        self.date: str = str(meta["date"])
        self.follows: str = str(meta["follows"])
        self.code_lists: dict[str, list[Code]] = parts["code_lists"]
        self.regions: list[Region] = parts["regions"]
        self.countries: list[Country] = parts["countries"]
        self.organizations: list[Organization] = parts["organizations"]
        self.mechanisms: list[Mechanism] = parts["mechanisms"]
        self.officials: list[Official] = parts["officials"]
        self.topics: list[Topic] = parts["topics"]
        self.doc_types: list[DocType] = parts["doc_types"]
        self.agency_types: list[AgencyType] = parts["agency_types"]
        self.rank_rules: list[RankRule] = parts["rank_rules"]
        self.cities: list[City] = parts.get("cities", [])
        self.chinese_titles: list[ChineseTitle] = parts["chinese_titles"]

        self._norm = Normaliser()
        self._by_iso3 = {c.iso3: c for c in self.countries}
        self._by_iso2 = {c.iso2: c for c in self.countries}
        self._orgs = {o.id: o for o in self.organizations}
        self._mechs = {m.id: m for m in self.mechanisms}
        self._sessions = {s.id: (m, s) for m in self.mechanisms for s in m.sessions}
        self._officials = {o.id: o for o in self.officials}
        self._rank_order = [c.code for c in self.code_lists["chinese_rank"]]  # highest first
        self._country_names = self._index(self.countries)
        self._demonyms = {self._norm.key(d): c for c in self.countries for d in c.demonyms_en}
        self._org_names = self._index(self.organizations)
        self._mech_names = self._index(self.mechanisms)
        self._official_names = self._index(self.officials)
        self._titles: dict[str, ChineseTitle] = {}
        for t in self.chinese_titles:
            for name in (t.title_zh, t.title_en, *t.aliases_zh, *t.aliases_en):
                self._titles.setdefault(self._norm.key(name), t)

    def __repr__(self) -> str:
        return (f"Codebook(version={self.version!r}, countries={len(self.countries)}, "
                f"organizations={len(self.organizations)}, mechanisms={len(self.mechanisms)}, "
                f"officials={len(self.officials)}, directory={str(self.directory)!r})")

    def _index(self, items: Iterable[Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for item in items:
            for name in (*item.names_en(), *item.names_zh()):
                out.setdefault(self._norm.key(name), item)
        return out

    def _find(self, index: dict[str, Any], text: str | None) -> Any:
        if not text or not text.strip():
            return None
        return index.get(self._norm.key(text))

    def scan_names(self, kind: str) -> list[ScanName]:
        """Every name, alias (and, for countries, demonym) of one kind, for building a
        text scanner (e.g. Aho-Corasick). ``kind``: country | organization | mechanism |
        official | chinese_title.  ``case_sensitive`` marks short all-capital acronyms
        (US, UK, DRC, SCO) that must not match ordinary lower-case words."""
        pools: dict[str, list[tuple[str, list[str], list[str]]]] = {
            "country": [(c.iso3, [*c.names_en(), *c.demonyms_en], c.names_zh()) for c in self.countries],
            "organization": [(o.id, o.names_en(), o.names_zh()) for o in self.organizations],
            "mechanism": [(m.id, m.names_en(), m.names_zh()) for m in self.mechanisms],
            "official": [(o.id, o.names_en(), o.names_zh()) for o in self.officials],
            "chinese_title": [(t.title_zh, [t.title_en, *t.aliases_en], [t.title_zh, *t.aliases_zh])
                              for t in self.chinese_titles],
        }
        if kind not in pools:
            raise CodebookError("codebook", f"unknown name kind {kind!r}; one of: {', '.join(pools)}")
        out: list[ScanName] = []
        for ident, en, zh in pools[kind]:
            for name in en:
                bare = name.replace(".", "")
                out.append(ScanName(name, ident, "en", bare.isupper() and len(bare) <= 5))
            for name in zh:
                out.append(ScanName(name, ident, "zh", False))
        return out

    def normalise(self, text: str) -> str:
        """The look-up key of a name (what ``find_*`` compare)."""
        return self._norm.key(text)

    def to_simplified(self, text: str) -> str:
        return self._norm.t2s(text)

    # --- codes -------------------------------------------------------------------------

    def codes(self, kind: str) -> frozenset[str]:
        """The valid codes of one kind, e.g. ``codes("topic")`` or ``codes("iso3")``."""
        if kind in self.code_lists:
            return frozenset(c.code for c in self.code_lists[kind])
        table: dict[str, Iterable[str]] = {
            "topic": (t.code for t in self.topics),
            "doc_type": (d.code for d in self.doc_types),
            "agency_type": (a.code for a in self.agency_types),
            "region": (r.code for r in self.regions),
            "iso3": self._by_iso3,
            "organization": self._orgs,
            "mechanism": self._mechs,
        }
        if kind not in table:
            raise CodebookError("codebook", f"unknown code kind {kind!r}; one of: {', '.join(CODE_KINDS)}")
        return frozenset(table[kind])

    def label(self, kind: str, code: str) -> str:
        """English label of a code (falls back to the code itself)."""
        pools: dict[str, Iterable[Any]] = {"topic": self.topics, "doc_type": self.doc_types,
                                           "agency_type": self.agency_types, "region": self.regions}
        for item in pools.get(kind, self.code_lists.get(kind, [])):
            if item.code == code:
                return item.label_en
        if kind == "iso3" and code in self._by_iso3:
            return self._by_iso3[code].name_en
        if kind == "organization" and code in self._orgs:
            return self._orgs[code].name_en
        return code

    # --- places ------------------------------------------------------------------------

    def region(self, code: str) -> Region:
        for r in self.regions:
            if r.code == code:
                return r
        raise CodebookError("regions.yaml", f"unknown region code {code!r}")

    def country(self, iso3: str) -> Country:
        try:
            return self._by_iso3[iso3.upper()]
        except (KeyError, AttributeError):
            raise CodebookError("countries.yaml", f"unknown country code {iso3!r}") from None

    def country_by_iso2(self, iso2: str) -> Country:
        try:
            return self._by_iso2[iso2.upper()]
        except (KeyError, AttributeError):
            raise CodebookError("countries.yaml", f"unknown ISO2 code {iso2!r}") from None

    def find_country(self, text: str | None, *, demonyms: bool = True) -> Country | None:
        """Country by name, alias or (unless ``demonyms=False``) English demonym; else None."""
        found = self._find(self._country_names, text)
        if found is None and demonyms and text:
            found = self._demonyms.get(self._norm.key(text))
        return found

    def countries_in(self, region: str) -> list[Country]:
        self.region(region)
        return [c for c in self.countries if c.region == region]

    # --- organizations and mechanisms --------------------------------------------------

    def organization(self, org_id: str) -> Organization:
        try:
            return self._orgs[org_id]
        except KeyError:
            raise CodebookError("organizations.yaml", f"unknown organization id {org_id!r}") from None

    def find_organization(self, text: str | None) -> Organization | None:
        return self._find(self._org_names, text)

    def mechanism(self, mech_id: str) -> Mechanism:
        try:
            return self._mechs[mech_id]
        except KeyError:
            raise CodebookError("mechanisms.yaml", f"unknown mechanism id {mech_id!r}") from None

    def find_mechanism(self, text: str | None) -> Mechanism | None:
        return self._find(self._mech_names, text)

    def session(self, session_id: str) -> tuple[Mechanism, MechanismSession]:
        try:
            return self._sessions[session_id]
        except KeyError:
            raise CodebookError("mechanisms.yaml", f"unknown mechanism session id {session_id!r}") from None

    def session_on(self, mech_id: str, day: dt.date | str) -> MechanismSession | None:
        """The session of a mechanism that was under way on a date (start..end), if known."""
        d = _as_date(day)
        for s in self.mechanism(mech_id).sessions:
            if s.start and s.start <= d <= (s.end or s.start):
                return s
        return None

    # --- officials ---------------------------------------------------------------------

    def official(self, official_id: str) -> Official:
        try:
            return self._officials[official_id]
        except KeyError:
            raise CodebookError("officials.yaml", f"unknown official id {official_id!r}") from None

    def find_official(self, name: str | None) -> Official | None:
        return self._find(self._official_names, name)

    def posts_on(self, official_id: str, day: dt.date | str) -> list[Post]:
        return self.official(official_id).posts_on(_as_date(day))

    def rank_on(self, official_id: str, day: dt.date | str) -> str | None:
        """The highest CODEBOOK §3 rank the official held on the date, or None if no post."""
        posts = self.posts_on(official_id, day)
        if not posts:
            return None
        return min((p.rank for p in posts), key=self._rank_order.index)

    def rank_order(self) -> list[str]:
        """Chinese ranks, highest first (codebook.yaml order)."""
        return list(self._rank_order)

    def find_chinese_title(self, text: str | None) -> ChineseTitle | None:
        """A Chinese-side title by exact (normalised) name, e.g. 公安部常务副部长."""
        return self._find(self._titles, text)

    # --- classification helpers --------------------------------------------------------

    def topic(self, code: str) -> Topic:
        for t in self.topics:
            if t.code == code:
                return t
        raise CodebookError("topics.yaml", f"unknown topic code {code!r}")

    def doc_type(self, code: str) -> DocType:
        for d in self.doc_types:
            if d.code == code:
                return d
        raise CodebookError("doc_types.yaml", f"unknown doc type code {code!r}")

    def doc_type_of(self, title: str | None) -> str | None:
        """Document type from a title.  Chinese: the term that ends last wins (the head noun ends
        the title), longer first at a tie (会谈纪要 before 纪要).  English: the term that starts
        first wins ("Memorandum of Understanding on …"), longer first at a tie."""
        if not title:
            return None
        if has_cjk(title):
            text = self._norm.norm_zh(title)
            best: tuple[int, int, int] | None = None
            code = None
            for order, d in enumerate(self.doc_types):
                for term in d.terms_zh:
                    t = self._norm.norm_zh(term)
                    pos = text.rfind(t)
                    if pos >= 0:
                        score = (pos + len(t), len(t), -order)
                        if best is None or score > best:
                            best, code = score, d.code
            return code
        text = norm_en(title)
        best_en: tuple[int, int, int] | None = None
        code = None
        for order, d in enumerate(self.doc_types):
            for term in d.terms_en:
                m = _term_regex(term).search(text)
                if m:
                    score = (-m.start(), len(m.group(0)), -order)
                    if best_en is None or score > best_en:
                        best_en, code = score, d.code
        return code

    def rank_level_of(self, title: str | None) -> str | None:
        """Counterpart rank_level from a title by the ordered rank rules; None when no rule fires."""
        if not title:
            return None
        zh = has_cjk(title)
        text = self._norm.norm_zh(title) if zh else norm_en(title)
        for rule in self.rank_rules:
            if zh:
                if any(self._norm.norm_zh(w) in text for w in rule.words_zh):
                    return rule.level
            elif any(_term_regex(w).search(text) for w in rule.words_en):
                return rule.level
        return None

    def agency_type_of(self, text: str | None) -> str | None:
        """Counterpart agency_type from a body or title; the longest matching word wins."""
        if not text:
            return None
        zh = has_cjk(text)
        norm = self._norm.norm_zh(text) if zh else norm_en(text)
        best: tuple[int, int] | None = None
        code = None
        for order, a in enumerate(self.agency_types):
            for w in (a.words_zh if zh else a.words_en):
                hit = (self._norm.norm_zh(w) in norm) if zh else bool(_term_regex(w).search(norm))
                if hit:
                    score = (len(w), -order)
                    if best is None or score > best:
                        best, code = score, a.code
        return code


@functools.lru_cache(maxsize=512)
def _term_regex(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])" + re.escape(norm_en(term)) + r"(?![a-z0-9])")


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Load the codebook from a directory (default: the data shipped with isd).

    Raises :class:`CodebookError` naming the file, entry and field of the first problem.
    """
    directory = Path(path) if path is not None else default_data_dir()
    if not directory.is_dir():
        raise CodebookError(str(directory), "codebook directory does not exist")
    return Codebook(load_files(directory), directory)


@functools.lru_cache(maxsize=1)
def default_codebook() -> Codebook:
    """The packaged codebook, loaded once per process on first call (nothing happens at import)."""
    return load_codebook()
