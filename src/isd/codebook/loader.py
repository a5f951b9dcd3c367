"""Load and check the codebook's YAML files.

The loader reads every file of a codebook directory, validates each entry with its
pydantic model and then checks the references between files (a country's region is a
region code, an organization's members are known countries, an official's rank is a
CODEBOOK §3 rank …).  The first problem found raises :class:`CodebookError`, which
names the file, the entry (its id and its position) and the field.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from isd.codebook.models import (
    AgencyType,
    ChineseTitle,
    City,
    Code,
    Country,
    DocType,
    Mechanism,
    Official,
    Organization,
    RankRule,
    Region,
    Topic,
)

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is ~10x faster


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader that keeps dates as text, so pydantic (not PyYAML) parses them and a bad
    date is reported with its file, entry and field instead of a bare ValueError."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))

M = TypeVar("M", bound=BaseModel)

# file -> top-level keys it must hold
FILES: dict[str, tuple[str, ...]] = {
    "codebook.yaml": ("version", "date", "follows", "code_lists"),
    "regions.yaml": ("regions",),
    "countries.yaml": ("countries",),
    "organizations.yaml": ("organizations",),
    "mechanisms.yaml": ("mechanisms",),
    "officials.yaml": ("officials",),
    "topics.yaml": ("topics",),
    "doc_types.yaml": ("doc_types",),
    "agency_types.yaml": ("agency_types",),
    "ranks.yaml": ("rank_rules", "chinese_titles"),
    "cities.yaml": ("cities",),
}
# files a codebook directory may leave out (older codebooks); their lists are then empty
OPTIONAL_FILES = frozenset({"cities.yaml"})

# the fixed lists codebook.yaml must define (CODEBOOK §1, §3, §8)
CODE_LISTS = ("event_type", "mode", "chinese_rank", "agency", "rank_level", "review_status")


class CodebookError(ValueError):
    """A codebook file is malformed: names the file, the entry and the field."""

    def __init__(self, file: str, message: str, entry: str | None = None, field: str | None = None,
                 line: int | None = None):
        self.file = file
        self.entry = entry
        self.field = field
        self.line = line
        self.message = message
        where = file
        if line is not None:
            where += f", line {line}"
        if entry is not None:
            where += f", entry {entry}"
        if field is not None:
            where += f", field {field!r}"
        super().__init__(f"codebook {where}: {message}")


def _read_yaml(path: Path) -> Any:
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CodebookError(name, f"file is missing from the codebook directory {path.parent}") from None
    except UnicodeDecodeError as exc:
        raise CodebookError(name, f"not UTF-8 text ({exc})") from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise CodebookError(name, f"YAML syntax error: {problem}", line=line) from None


def _entry_lines(path: Path, key: str) -> list[int]:
    """Line numbers (1-based) of the items of the top-level list ``key`` (only on error)."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError:  # pragma: no cover - already parsed once
        return []
    for part in key.split("."):  # "code_lists.mode" walks nested mappings
        if not isinstance(node, yaml.MappingNode):
            return []
        node = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [item.start_mark.line + 1 for item in node.value]


def _label(raw: Any, index: int, id_field: str) -> str:
    ident = raw.get(id_field) if isinstance(raw, dict) else None
    return f"{ident!r} (#{index + 1})" if ident is not None else f"#{index + 1}"


class _File:
    """One parsed file, with helpers that raise errors naming it."""

    def __init__(self, directory: Path, name: str):
        self.path = directory / name
        self.name = name
        data = _read_yaml(self.path)
        if not isinstance(data, dict):
            raise CodebookError(name, "the file must be a YAML mapping with the keys " + ", ".join(FILES[name]))
        for key in FILES[name]:
            if key not in data:
                raise CodebookError(name, f"top-level key {key!r} is missing")
        self.data = data
        self._lines: dict[str, list[int]] = {}

    def line(self, key: str, index: int) -> int | None:
        if key not in self._lines:
            self._lines[key] = _entry_lines(self.path, key)
        lines = self._lines[key]
        return lines[index] if index < len(lines) else None

    def error(self, key: str, index: int, raw: Any, id_field: str, message: str, field: str | None = None) -> CodebookError:
        return CodebookError(self.name, message, entry=_label(raw, index, id_field), field=field,
                             line=self.line(key, index))

    def entries(self, key: str, model: type[M], id_field: str, *, allow_empty: bool = False) -> list[M]:
        raw_list = self.data[key]
        if raw_list is None and allow_empty:
            return []
        if not isinstance(raw_list, list) or (not raw_list and not allow_empty):
            raise CodebookError(self.name, f"{key!r} must be a non-empty list")
        out: list[M] = []
        for i, raw in enumerate(raw_list):
            if not isinstance(raw, dict):
                raise self.error(key, i, raw, id_field, f"entry must be a mapping, got {type(raw).__name__}")
            try:
                out.append(model.model_validate(raw))
            except ValidationError as exc:
                err = exc.errors()[0]
                loc = ".".join(str(p) for p in err["loc"]) or None
                more = f" (and {exc.error_count() - 1} more problem(s))" if exc.error_count() > 1 else ""
                value = f" (got {err['input']!r})" if err["type"] not in ("missing", "extra_forbidden") else ""
                msg = err["msg"] + value + more
                if err["type"] == "extra_forbidden":
                    msg = "unknown field (typo?); allowed: " + ", ".join(model.model_fields)
                raise self.error(key, i, raw, id_field, msg, field=loc) from None
        return out

    def unique(self, key: str, items: list[Any], attr: str) -> None:
        seen: dict[Any, int] = {}
        for i, item in enumerate(items):
            value = getattr(item, attr)
            if value in seen:
                raise self.error(key, i, {attr: value}, attr,
                                 f"duplicate {attr} {value!r} (first at entry #{seen[value] + 1})", field=attr)
            seen[value] = i

    def check_in(self, key: str, index: int, item: Any, id_field: str, field: str, value: Any,
                 allowed: frozenset[str] | set[str], what: str) -> None:
        if value not in allowed:
            raise self.error(key, index, {id_field: getattr(item, id_field, None)}, id_field,
                             f"{value!r} is not {what}", field=field)


def default_data_dir() -> Path:
    """The codebook shipped inside the package."""
    return Path(str(resources.files("isd.codebook") / "data"))


def load_files(directory: Path) -> dict[str, Any]:
    """Parse, validate and cross-check every file; returns the typed pieces."""
    from isd.codebook import checks

    f = {name: _File(directory, name) for name in FILES
         if name not in OPTIONAL_FILES or (directory / name).exists()}
    out: dict[str, Any] = {}

    meta = f["codebook.yaml"].data
    version = meta["version"]
    if not isinstance(version, str) or not version.count(".") == 2:
        raise CodebookError("codebook.yaml", f"version must be a string like '1.0.0', got {version!r}", field="version")
    if not isinstance(meta["date"], (dt.date, str)):
        raise CodebookError("codebook.yaml", "date must be an ISO date", field="date")
    lists = meta["code_lists"]
    if not isinstance(lists, dict):
        raise CodebookError("codebook.yaml", "code_lists must be a mapping of list name -> codes", field="code_lists")
    code_lists: dict[str, list[Code]] = {}
    for name in CODE_LISTS:
        if name not in lists:
            raise CodebookError("codebook.yaml", f"code list {name!r} is missing", field=f"code_lists.{name}")
        sub = _File.__new__(_File)
        sub.path, sub.name, sub.data, sub._lines = f["codebook.yaml"].path, "codebook.yaml", lists, {}
        sub.line = lambda key, index, _sub=sub: _File.line(_sub, f"code_lists.{key}", index)  # type: ignore[method-assign]
        code_lists[name] = sub.entries(name, Code, "code")
        sub.unique(name, code_lists[name], "code")
    out["meta"] = meta
    out["code_lists"] = code_lists

    out["regions"] = f["regions.yaml"].entries("regions", Region, "code")
    f["regions.yaml"].unique("regions", out["regions"], "code")
    out["countries"] = f["countries.yaml"].entries("countries", Country, "iso3")
    out["organizations"] = f["organizations.yaml"].entries("organizations", Organization, "id")
    out["mechanisms"] = f["mechanisms.yaml"].entries("mechanisms", Mechanism, "id")
    out["officials"] = f["officials.yaml"].entries("officials", Official, "id")
    out["topics"] = f["topics.yaml"].entries("topics", Topic, "code")
    out["doc_types"] = f["doc_types.yaml"].entries("doc_types", DocType, "code")
    out["agency_types"] = f["agency_types.yaml"].entries("agency_types", AgencyType, "code")
    out["rank_rules"] = f["ranks.yaml"].entries("rank_rules", RankRule, "level")
    out["chinese_titles"] = f["ranks.yaml"].entries("chinese_titles", ChineseTitle, "title_zh")
    out["cities"] = f["cities.yaml"].entries("cities", City, "name_en") if "cities.yaml" in f else []

    checks.cross_check(f, out)
    return out

