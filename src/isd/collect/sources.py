"""Source definitions: one folder per source, ``sources/<name>/source.yml`` (+ optional
``collector.py``), validated by pydantic on load.

A definition says where to start (listing pages and/or RSS/Atom feeds), which links are
articles (regular expressions on the absolute URL), which hosts may be fetched, how
fast, how to page back through a listing, and where to find an article's date.

Example (``sources/mps_news/source.yml``)::

    name: mps_news
    title: Ministry of Public Security, news (公安要闻)
    publisher: 中华人民共和国公安部
    language: zh
    start_urls: [https://www.mps.gov.cn/n2253534/n2253535/index.html]
    article_patterns: ['^https://www\\.mps\\.gov\\.cn/n2253534/n2253535/c\\d+/content\\.html$']
    allowed_hosts: [www.mps.gov.cn]
    rate_limit: 0.5          # requests per second per host
    concurrency: 2           # parallel requests per host
    pagination: {template: 'https://www.mps.gov.cn/n2253534/n2253535/index_{n}.html', first: 1, max_pages: 50}
    dates: {url_pattern: '/t(?P<y>\\d{4})(?P<m>\\d{2})(?P<d>\\d{2})_'}

A ``collector.py`` beside the YAML may define ``session(source)`` (a context manager
yielding the definition to use, e.g. with a local server's address filled in) and/or
``links(source, page_url, html) -> list[str]`` (article links of a listing page when
regular expressions are not enough).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from isd.errors import InputError, Problem

SOURCES_DIR = Path(__file__).with_name("sources")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{1,60}$")


def _check_regex(value: str, what: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"{what} {value!r} is not a valid regular expression: {exc}") from None
    return value


def _check_url(value: str) -> str:
    if not re.match(r"^(https?|file)://", value) and "{" not in value.split("/")[0]:
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value


class Pagination(BaseModel):
    """How to page back through a listing: a URL template and/or a next-link rule."""

    model_config = ConfigDict(extra="forbid")
    template: str | None = Field(None, description="URL of page n, with {n} (e.g. .../index_{n}.html)")
    first: int = Field(1, ge=0, description="n of the second page (the start URL is the first)")
    step: int = Field(1, ge=1)
    next_pattern: str | None = Field(None, description="regex an href must match to be the 'next page' link")
    next_text: list[str] = Field(default_factory=lambda: ["下一页", "下页", "Next", "next", "›", "»", "Older"])
    max_pages: int = Field(20, ge=1, le=10000)

    @field_validator("template")
    @classmethod
    def _template(cls, v: str | None) -> str | None:
        if v is not None and "{n}" not in v:
            raise ValueError("template must contain {n}")
        return v

    @field_validator("next_pattern")
    @classmethod
    def _next(cls, v: str | None) -> str | None:
        return None if v is None else _check_regex(v, "next_pattern")


class DateHints(BaseModel):
    """Where an article's publication date is: URL regex (named groups y, m, d), meta tags, text regex."""

    model_config = ConfigDict(extra="forbid")
    url_pattern: str | None = None
    meta: list[str] = Field(default_factory=lambda: ["PubDate", "publishdate", "article:published_time", "date", "dc.date"])
    text_pattern: str | None = Field(None, description="regex with groups y, m, d searched in the page text")

    @field_validator("url_pattern", "text_pattern")
    @classmethod
    def _groups(cls, v: str | None) -> str | None:
        if v is None:
            return v
        _check_regex(v, "date pattern")
        missing = {"y", "m", "d"} - set(re.compile(v).groupindex)
        if missing:
            raise ValueError(f"date pattern {v!r} needs named groups (?P<y>..), (?P<m>..), (?P<d>..); missing {sorted(missing)}")
        return v


class SourceDef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    title: str
    publisher: str
    language: str = Field(..., pattern=r"^[a-z]{2}(-[A-Za-z]+)?$")
    start_urls: list[str] = Field(default_factory=list, description="listing pages")
    feeds: list[str] = Field(default_factory=list, description="RSS or Atom feeds")
    article_patterns: list[str] = Field(..., min_length=1)
    exclude_patterns: list[str] = Field(default_factory=list)
    allowed_hosts: list[str] = Field(..., min_length=1)
    rate_limit: float = Field(1.0, gt=0, le=1000, description="requests per second per host")
    concurrency: int = Field(2, ge=1, le=16, description="parallel requests per host")
    timeout: float = Field(30.0, gt=0, le=600)
    max_bytes: int = Field(20_000_000, ge=1000)
    pagination: Pagination | None = None
    dates: DateHints = Field(default_factory=DateHints)
    watch: bool = Field(True, description="run by `isd watch` by default")
    notes: str | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not NAME_RE.match(v):
            raise ValueError("name must be lower-case letters, digits and _ (2-61 characters), starting with a letter")
        return v

    @field_validator("start_urls", "feeds")
    @classmethod
    def _urls(cls, v: list[str]) -> list[str]:
        return [_check_url(u) for u in v]

    @field_validator("article_patterns", "exclude_patterns")
    @classmethod
    def _patterns(cls, v: list[str]) -> list[str]:
        return [_check_regex(p, "pattern") for p in v]

    @model_validator(mode="after")
    def _has_entry(self) -> SourceDef:
        if not self.start_urls and not self.feeds:
            raise ValueError("a source needs start_urls or feeds (or both)")
        return self

    # --- behaviour -------------------------------------------------------------------

    def is_article(self, url: str) -> bool:
        if any(re.search(p, url) for p in self.exclude_patterns):
            return False
        return any(re.search(p, url) for p in self.article_patterns)

    def host_allowed(self, host: str) -> bool:
        host = host.lower()
        for h in self.allowed_hosts:
            h = h.lower()
            if host == h or (h.startswith("*.") and (host.endswith(h[1:]) or host == h[2:])):
                return True
        return False


class LoadedSource:
    """A validated definition plus where it came from and its optional collector module."""

    def __init__(self, definition: SourceDef, path: Path, collector: ModuleType | None):
        self.definition = definition
        self.path = path
        self.collector = collector

    @property
    def name(self) -> str:
        return self.definition.name


def _problems_from(exc: ValidationError, path: Path) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
        out.append(Problem(str(path), f"field {loc}: {err['msg']}"))
    return out


def load_source_file(path: Path) -> LoadedSource:
    """Load and validate one ``source.yml`` (or a folder holding one); InputError names file and field."""
    path = Path(path)
    if path.is_dir():
        path = path / "source.yml"
    if not path.exists():
        raise InputError([Problem(str(path), "no such source definition file")])
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InputError([Problem(str(path), f"not valid YAML: {exc}")]) from None
    if not isinstance(data, dict):
        raise InputError([Problem(str(path), "a source definition must be a mapping of fields")])
    try:
        definition = SourceDef.model_validate(data)
    except ValidationError as exc:
        raise InputError(_problems_from(exc, path)) from None
    if path.parent.name != definition.name and path.parent.parent == SOURCES_DIR:
        raise InputError([Problem(str(path), f"field name: {definition.name!r} differs from its folder {path.parent.name!r}")])
    collector = None
    cpath = path.with_name("collector.py")
    if cpath.exists():
        spec = importlib.util.spec_from_file_location(f"isd.collect.sources.{definition.name}_collector", cpath)
        if spec is None or spec.loader is None:  # pragma: no cover
            raise InputError([Problem(str(cpath), "cannot load collector module")])
        collector = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(collector)
        except Exception as exc:  # a broken hook is an input problem of that source
            raise InputError([Problem(str(cpath), f"collector.py failed to load: {exc}")]) from None
    return LoadedSource(definition, path, collector)


def source_names() -> list[str]:
    return sorted(p.parent.name for p in SOURCES_DIR.glob("*/source.yml"))


def load_source(name_or_path: str) -> LoadedSource:
    """A shipped source by name, or a definition file / folder by path."""
    p = Path(name_or_path)
    if p.suffix in (".yml", ".yaml") or p.is_dir() or "/" in name_or_path:
        return load_source_file(p)
    folder = SOURCES_DIR / name_or_path
    if not (folder / "source.yml").exists():
        raise InputError([Problem(name_or_path, f"no source named {name_or_path!r}; known: {', '.join(source_names())}")])
    return load_source_file(folder)


def load_all() -> tuple[list[LoadedSource], list[Problem]]:
    out: list[LoadedSource] = []
    problems: list[Problem] = []
    for name in source_names():
        try:
            out.append(load_source(name))
        except InputError as exc:
            problems.extend(exc.problems)
    return out, problems


def describe(src: LoadedSource) -> dict[str, Any]:
    d = src.definition.model_dump(mode="json", exclude_none=True)
    d["file"] = str(src.path)
    d["collector"] = str(src.path.with_name("collector.py")) if src.collector else None
    return d
