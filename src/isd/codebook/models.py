"""Typed entries of the codebook's reference data (one pydantic model per YAML entry).

Every model is frozen and forbids unknown keys, so a typo in a YAML file is an error at
load time.  Fields are checked here for *shape* (ISO codes, dates, non-empty names);
membership in the codebook's code lists (a region that exists, a rank that CODEBOOK §3
defines, an organization member that is a known country) is checked by the loader,
which knows all files and can name the file and entry that are wrong.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

DatePrecision = Literal["day", "month", "year"]


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _no_blank(values: list[str]) -> list[str]:
    for v in values:
        if not v or not v.strip():
            raise ValueError("empty string in list")
    return values


class Code(Entry):
    """One code of a fixed list (codebook.yaml, regions.yaml)."""

    code: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    label_en: str = Field(min_length=1)
    label_zh: str | None = None
    description: str | None = None


class Region(Code):
    """A region of CODEBOOK §6."""


class Named(Entry):
    """Something with names in English and Chinese plus the aliases news uses."""

    name_en: str = Field(min_length=1)
    aliases_en: list[str] = Field(default_factory=list)
    name_zh: str = Field(min_length=1)
    aliases_zh: list[str] = Field(default_factory=list)

    _check_aliases = field_validator("aliases_en", "aliases_zh")(_no_blank)

    def names_en(self) -> list[str]:
        return [self.name_en, *self.aliases_en]

    def names_zh(self) -> list[str]:
        return [self.name_zh, *self.aliases_zh]


class Country(Named):
    """A country or territory that can be a foreign party (or China itself)."""

    iso3: str = Field(pattern=r"^[A-Z]{3}$")
    iso2: str = Field(pattern=r"^[A-Z]{2}$")
    demonyms_en: list[str] = Field(default_factory=list)
    region: str
    kind: Literal["un_member", "observer", "territory", "partially_recognized"]

    _check_demonyms = field_validator("demonyms_en")(_no_blank)


class City(Named):
    """A city where events take place (a gazetteer entry): names and the country it is in."""

    country_iso3: str = Field(pattern=r"^[A-Z]{3}$")
    note: str | None = None

    @property
    def id(self) -> str:
        return f"{self.country_iso3}:{self.name_en}"


class Organization(Named):
    """An international or regional organization, or a named group of states."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal["international_org", "regional_org", "mechanism", "ad_hoc_group"]
    members: list[str] = Field(default_factory=list)
    parent: str | None = None  # e.g. SCO RATS -> sco
    url: str | None = None
    note: str | None = None

    @field_validator("members")
    @classmethod
    def _members_iso3(cls, v: list[str]) -> list[str]:
        for m in v:
            if not (len(m) == 3 and m.isupper() and m.isalpha()):
                raise ValueError(f"member {m!r} is not an ISO3 code")
        if len(set(v)) != len(v):
            raise ValueError("duplicate member")
        return v


class MechanismSession(Entry):
    """One session (meeting) of a recurring mechanism."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    name_zh: str | None = None
    year: int = Field(ge=1990, le=2100)
    start: dt.date | None = None
    end: dt.date | None = None
    city: str | None = None
    country_iso3: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    mode: Literal["in_person", "video", "hybrid"] | None = None
    source_url: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _dates(self) -> MechanismSession:
        if self.start and self.start.year != self.year:
            raise ValueError(f"start {self.start} is not in year {self.year}")
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if self.end and not self.start:
            raise ValueError("end given without start")
        return self


class Mechanism(Named):
    """A recurring platform (CODEBOOK §2.7); events link to its sessions."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    organization: str | None = None
    host_agency: str | None = None  # a CODEBOOK §1 agency code for Chinese-hosted ones
    format: Literal["multilateral", "bilateral"] = "multilateral"
    sessions: list[MechanismSession] = Field(default_factory=list)
    note: str | None = None

    def session(self, year: int) -> list[MechanismSession]:
        return [s for s in self.sessions if s.year == year]


class Post(Entry):
    """One post an official held: agency, title, rank (CODEBOOK §3) and tenure."""

    agency: str
    title_en: str = Field(min_length=1)
    title_zh: str = Field(min_length=1)
    rank: str
    start: dt.date
    start_precision: DatePrecision = "day"
    end: dt.date | None = None
    end_precision: DatePrecision = "day"
    source_url: str = Field(pattern=r"^https?://\S+$")
    note: str | None = None

    @model_validator(mode="after")
    def _tenure(self) -> Post:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    def held_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Official(Named):
    """A Chinese official of MPS, MSS or CPLC with dated posts."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    posts: list[Post] = Field(min_length=1)
    note: str | None = None

    def posts_on(self, day: dt.date) -> list[Post]:
        return [p for p in self.posts if p.held_on(day)]

    def state_councilor_on(self, day: dt.date) -> bool:
        return any(p.title_en == "State Councilor" for p in self.posts_on(day))


class Topic(Code):
    """A topic of CODEBOOK §5 with the keywords that signal it."""

    keywords_en: list[str] = Field(default_factory=list)
    keywords_zh: list[str] = Field(default_factory=list)

    _check_kw = field_validator("keywords_en", "keywords_zh")(_no_blank)


class DocType(Code):
    """A document type of CODEBOOK §4 with the title terms that identify it."""

    group: Literal["protocol_accord_mou", "meeting_minutes", "other", "unspecified"]
    terms_zh: list[str] = Field(default_factory=list)
    terms_en: list[str] = Field(default_factory=list)

    _check_terms = field_validator("terms_zh", "terms_en")(_no_blank)


class AgencyType(Code):
    """A counterpart agency type of CODEBOOK §3 with the words that identify it."""

    words_en: list[str] = Field(default_factory=list)
    words_zh: list[str] = Field(default_factory=list)

    _check_words = field_validator("words_en", "words_zh")(_no_blank)


class RankRule(Entry):
    """Counterpart title words → rank_level; rules are tried in file order."""

    level: Literal["ministerial", "vice_ministerial", "other"]
    words_en: list[str] = Field(default_factory=list)
    words_zh: list[str] = Field(default_factory=list)
    note: str | None = None

    _check_words = field_validator("words_en", "words_zh")(_no_blank)

    @model_validator(mode="after")
    def _some_word(self) -> RankRule:
        if not self.words_en and not self.words_zh:
            raise ValueError("a rank rule needs words_en or words_zh")
        return self


class ChineseTitle(Entry):
    """A Chinese-side title → (rank, agency), e.g. 公安部常务副部长 → executive_vice_minister / MPS."""

    title_en: str = Field(min_length=1)
    title_zh: str = Field(min_length=1)
    aliases_en: list[str] = Field(default_factory=list)
    aliases_zh: list[str] = Field(default_factory=list)
    rank: str
    agency: str
    note: str | None = None

    _check_aliases = field_validator("aliases_en", "aliases_zh")(_no_blank)
