"""Import datasets (CSV, XLSX, JSON/JSONL, Parquet, Stata, Frictionless data packages).

All or nothing: every problem in the input is collected — unknown country, bad date,
topic not in the codebook, missing required field, duplicate id, dangling reference —
each with its file, row and column, and nothing is written unless there is none.
Importing the same file again changes nothing (records are compared, not re-added).

Row numbers are spreadsheet rows: the header is row 1, the first data row is row 2.
For JSON Lines the row is the line number.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from isd.errors import InputError, Problem
from isd.model import RECORD_TYPES, Source, parse_record
from isd.publish import formats
from isd.store import Store
from isd.store.tables import MAIN_TABLE, TableSpec, assemble_dict, record_table_specs

KIND_OF_MAIN = {v: k for k, v in MAIN_TABLE.items()}


@dataclass
class Origin:
    file: str
    row: int | None


@dataclass
class Parsed:
    """Records read from an input, each with where it came from."""

    records: list[tuple[Any, Origin]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ImportReport:
    path: str
    format: str
    counts: dict[str, int]
    by_kind: dict[str, int]


def detect_format(path: Path) -> str:
    if not path.exists():
        raise InputError([Problem(str(path), "no such file or folder")])
    if path.is_dir():
        if (path / "datapackage.json").exists():
            return "datapackage"
        names = {p.suffix.lower() for p in path.iterdir() if p.is_file()}
        for suffix, fmt in ((".csv", "csv"), (".parquet", "parquet"), (".dta", "dta")):
            if suffix in names:
                return fmt
        raise InputError([Problem(str(path), "folder holds no datapackage.json, .csv, .parquet or .dta tables")])
    suffix = path.suffix.lower()
    if path.name == "datapackage.json":
        return "datapackage"
    return {".csv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
            ".parquet": "parquet", ".dta": "dta"}.get(suffix) or _unknown(path)


def _unknown(path: Path) -> str:
    raise InputError([Problem(str(path), "unknown file type; use .csv, .xlsx, .json, .jsonl, .parquet, .dta or a data package")])


# --- reading raw tables ------------------------------------------------------------------

RawTables = dict[str, tuple[str, list[str], list[tuple[int, dict]]]]  # table -> (file label, header, rows)


def _read_tables(path: Path, fmt: str, problems: list[Problem]) -> RawTables:
    specs = {s.name: s for s in record_table_specs()}
    sheet_to_table = {formats.sheet_name(n): n for n in specs}
    raw: RawTables = {}

    def add(table: str, label: str, reader) -> None:
        if table not in specs:
            problems.append(Problem(label, f"unknown table {table!r}; expected one of: {', '.join(sorted(specs))}"))
            return
        try:
            header, rows = reader()
        except (ValueError, OSError) as exc:
            problems.append(Problem(label, str(exc)))
            return
        except Exception as exc:  # a broken parquet/dta file
            problems.append(Problem(label, f"cannot read the file ({exc.__class__.__name__}: {exc})"))
            return
        raw[table] = (label, header, rows)

    if fmt == "datapackage":
        root = path if path.is_dir() else path.parent
        try:
            desc = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError([Problem(str(root / "datapackage.json"), f"not a readable data package descriptor: {exc}")]) from None
        for res in desc.get("resources", []):
            rp = res.get("path")
            if not isinstance(rp, str) or ".." in Path(rp).parts or Path(rp).is_absolute():
                problems.append(Problem(str(root / "datapackage.json"), f"resource {res.get('name')!r}: path must be relative inside the package"))
                continue
            p = root / rp
            add(res.get("name", p.stem), str(p), lambda p=p: formats.read_csv_file(p))
    elif fmt in ("csv", "parquet", "dta"):
        files = sorted(path.glob(f"*.{fmt}")) if path.is_dir() else [path]
        for p in files:
            if fmt == "csv":
                add(p.stem, str(p), lambda p=p: formats.read_csv_file(p))
            elif fmt == "parquet":
                add(p.stem, str(p), lambda p=p: formats.read_parquet_file(p))
            else:
                add(p.stem, str(p), lambda p=p: formats.read_dta_file(p, specs.get(p.stem)))
    elif fmt == "xlsx":
        try:
            sheets = formats.read_xlsx(path)
        except ValueError as exc:
            raise InputError([Problem(str(path), str(exc))]) from None
        for sheet, (header, rows) in sheets.items():
            add(sheet_to_table.get(sheet, sheet), f"{path} [sheet {sheet}]", lambda h=header, r=rows: (h, r))
    return raw


def _tables_to_records(raw: RawTables, problems: list[Problem]) -> Parsed:
    specs = record_table_specs()
    by_name = {s.name: s for s in specs}
    parsed = Parsed(problems=problems)
    # convert cells
    converted: dict[str, list[tuple[int, dict]]] = {}
    for table, (label, header, rows) in raw.items():
        spec = by_name[table]
        known = set(spec.column_names)
        list_cols = _inline_list_columns(spec, specs)
        for h in header:
            if h and h not in known and h not in list_cols:
                problems.append(Problem(label, f"unknown column {h!r}; expected: {', '.join(spec.column_names)}", 1, h))
        for c in spec.columns:
            if c.required and c.name not in header and not (not spec.is_child and c.name == "id"):
                problems.append(Problem(label, "required column is missing", 1, c.name))
        if "id" not in header and not spec.is_child:
            problems.append(Problem(label, "required column is missing", 1, "id"))
        out = []
        for rownum, row in rows:
            vals: dict[str, Any] = {}
            for c in spec.columns:
                if c.name not in row:
                    continue
                try:
                    v = formats.from_text(row[c.name], c)
                except (ValueError, TypeError) as exc:
                    problems.append(Problem(label, str(exc), rownum, c.name))
                    continue
                if v is None and c.required:
                    problems.append(Problem(label, "a value is required", rownum, c.name))
                if v is not None and c.enum and v not in c.enum:
                    problems.append(Problem(label, f"{v!r} is not one of the codebook codes: {', '.join(c.enum)}", rownum, c.name))
                    continue
                vals[c.name] = v
            for col, (child, vcol) in list_cols.items():
                if row.get(col) not in (None, ""):
                    vals.setdefault("__inline__", {})[child] = [x.strip() for x in str(row[col]).split(";") if x.strip()]
            out.append((rownum, vals))
        converted[table] = out

    # group children by parent
    children: dict[str, dict[str, dict[str, list[tuple[int, dict]]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for spec in specs:
        if not spec.is_child or spec.name not in converted:
            continue
        seen: dict[tuple, int] = {}
        for rownum, vals in converted[spec.name]:
            key = (vals.get(spec.key), vals.get("position"))
            if key in seen:
                problems.append(Problem(raw[spec.name][0], f"duplicate ({spec.key}, position) {key}; first at row {seen[key]}", rownum, spec.key))
                continue
            seen[key] = rownum
            children[spec.kind][str(vals.get(spec.key))][spec.name].append((rownum, vals))

    for spec in specs:
        if spec.is_child or spec.name not in converted:
            continue
        label = raw[spec.name][0]
        kind = spec.kind
        kind_specs = [s for s in specs if s.kind == kind]
        ids: dict[str, int] = {}
        for rownum, vals in converted[spec.name]:
            rid = vals.get("id")
            if rid is None:
                continue
            if rid in ids:
                problems.append(Problem(label, f"duplicate id {rid!r}; first at row {ids[rid]}", rownum, "id"))
                continue
            ids[rid] = rownum
            kids = {name: [v for _, v in rows] for name, rows in children[kind].get(rid, {}).items()}
            for child, items in vals.pop("__inline__", {}).items():
                cs = by_name[child]
                if cs.scalar_list:
                    kids.setdefault(child, [{cs.key: rid, "position": i, cs.columns[2].name: x} for i, x in enumerate(items)])
                else:
                    kids.setdefault(child, [{cs.key: rid, "position": i, **_party(x)} for i, x in enumerate(items)])
            data = assemble_dict(kind, vals, kids, kind_specs)
            _validate_into(parsed, kind, data, Origin(label, rownum), raw, children[kind].get(rid, {}))
        # orphans
        for parent_id, tables in children[kind].items():
            if parent_id not in ids:
                for tname, rows in tables.items():
                    problems.append(Problem(raw[tname][0], f"{spec.key} {parent_id!r} is not in {spec.name}", rows[0][0], by_name[tname].key))
    for kind in KIND_OF_MAIN.values():
        for parent_id, tables in children[kind].items():
            main = MAIN_TABLE[kind]
            if main not in converted:
                for tname, rows in tables.items():
                    problems.append(Problem(raw[tname][0], f"{by_name[tname].key} {parent_id!r} has no {main} table in the input", rows[0][0], by_name[tname].key))
    return parsed


def _party(text: str) -> dict:
    t = text.strip()
    if len(t) == 3 and t.isupper() and t.isalpha():
        return {"country_iso3": t}
    return {"organization": t}


def _inline_list_columns(spec: TableSpec, specs: list[TableSpec]) -> dict[str, tuple[str, str]]:
    """Columns a researcher may put in a main table instead of a child table: topics="a;b", parties="VNM;LAO"."""
    if spec.is_child:
        return {}
    out = {}
    for s in specs:
        if s.kind == spec.kind and s.is_child and (s.scalar_list or s.field in ("parties", "recipients")):
            out[s.field or ""] = (s.name, s.columns[2].name)
    return out


def _validate_into(parsed: Parsed, kind: str, data: dict, origin: Origin, raw: RawTables | None = None,
                   child_rows: dict | None = None) -> None:
    try:
        rec = Source.model_validate(data) if kind == "source" else parse_record(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = [str(x) for x in err["loc"]]
            file, row, column = origin.file, origin.row, ".".join(loc)
            if raw is not None and child_rows and len(loc) >= 2 and loc[1].isdigit():
                tname = f"{kind}_{loc[0]}"
                rows = child_rows.get(tname)
                if rows and int(loc[1]) < len(rows):
                    file, row = raw[tname][0], sorted(rows, key=lambda r: r[1].get("position") or 0)[int(loc[1])][0]
                    column = "_".join(loc[2:]) or loc[0]
            elif raw is not None and len(loc) >= 2 and not loc[1].isdigit():
                column = "_".join(loc)
            msg = err["msg"]
            if err["type"] == "literal_error":
                msg = f"{err.get('input')!r} is not a codebook code ({msg})"
            parsed.problems.append(Problem(file, msg, row, column))
        return
    parsed.records.append((rec, origin))


# --- JSON -----------------------------------------------------------------------------------


def _read_json(path: Path, fmt: str, problems: list[Problem]) -> Parsed:
    parsed = Parsed(problems=problems)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(str(path), f"not UTF-8 text (bad byte at offset {exc.start})")]) from None
    if not text.strip():
        raise InputError([Problem(str(path), "the file is empty")])
    items: list[tuple[int, Any]] = []
    if fmt == "jsonl":
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append((n, json.loads(line)))
            except ValueError as exc:
                problems.append(Problem(str(path), f"not valid JSON: {exc}", n))
    else:
        try:
            doc = json.loads(text)
        except ValueError as exc:
            raise InputError([Problem(str(path), f"not valid JSON: {exc}")]) from None
        if isinstance(doc, dict) and "records" in doc:
            doc = doc["records"]
        if not isinstance(doc, list):
            raise InputError([Problem(str(path), "expected a list of records or {\"records\": [...]}")])
        items = list(enumerate(doc, start=1))
    seen: dict[tuple[str, str], int] = {}
    for n, item in items:
        if not isinstance(item, dict):
            problems.append(Problem(str(path), "expected a JSON object", n))
            continue
        kind = item.get("kind", "source" if "url" in item and "event_type" not in item else None)
        if kind not in ("source", *RECORD_TYPES):
            problems.append(Problem(str(path), f"unknown or missing kind {kind!r}", n, "kind"))
            continue
        key = (kind, str(item.get("id")))
        if key in seen:
            problems.append(Problem(str(path), f"duplicate {kind} id {item.get('id')!r}; first at row {seen[key]}", n, "id"))
            continue
        seen[key] = n
        data = dict(item)
        if kind == "source":
            data.pop("kind", None)
        _validate_into(parsed, kind, data, Origin(str(path), n))
    return parsed


# --- codebook and reference checks ------------------------------------------------------------


def _check_references(parsed: Parsed, store: Store, codebook: Any) -> None:
    iso3 = codebook.codes("iso3")
    orgs = codebook.codes("organization") | codebook.codes("mechanism")
    in_input = {(getattr(r, "kind", "source"), r.id) for r, _ in parsed.records}
    source_ids = {rid for k, rid in in_input if k == "source"}
    store_sources: set[str] | None = None
    for rec, origin in parsed.records:
        for path, value in _codes(rec):
            if path.endswith("country_iso3") and value not in iso3:
                parsed.problems.append(Problem(origin.file, f"unknown country code {value!r} (not in the codebook's countries)", origin.row, path))
            if path.endswith("organization") and value not in orgs:
                found = codebook.find_organization(value) or codebook.find_mechanism(value)
                hint = f"did you mean {found.id!r}?" if found else "use a codebook id (isd codebook show organizations)"
                parsed.problems.append(Problem(origin.file, f"unknown organization {value!r}; {hint}", origin.row, path))
        for sid in getattr(rec, "sources", []):
            if sid not in source_ids:
                if store_sources is None:
                    store_sources = set(store.ids("source"))
                if sid not in store_sources:
                    parsed.problems.append(Problem(origin.file, f"source {sid!r} is neither in the input nor in the store", origin.row, "sources"))


def _codes(rec: Any, prefix: str = ""):
    from pydantic import BaseModel

    for name in type(rec).model_fields:
        value = getattr(rec, name)
        path = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            yield from _codes(value, path + ".")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _codes(item, f"{path}[{i}].")
        elif name in ("country_iso3", "organization") and value is not None:
            yield path, value


# --- entry point -----------------------------------------------------------------------------


def read_path(path: Path) -> tuple[str, Parsed]:
    fmt = detect_format(path)
    problems: list[Problem] = []
    if fmt in ("jsonl", "json"):
        return fmt, _read_json(path, fmt, problems)
    raw = _read_tables(path, fmt, problems)
    if not raw and not problems:
        problems.append(Problem(str(path), "no tables found"))
    return fmt, _tables_to_records(raw, problems)


def import_path(store: Store, path: Path, codebook: Any, *, user: str | None = None, dry_run: bool = False) -> ImportReport:
    """Validate everything, then write everything in one transaction (or nothing)."""
    fmt, parsed = read_path(Path(path))
    _check_references(parsed, store, codebook)
    if parsed.problems:
        raise InputError(parsed.problems, f"{len(parsed.problems)} problem(s) in {path}; nothing was imported")
    by_kind: dict[str, int] = defaultdict(int)
    for rec, _ in parsed.records:
        by_kind[getattr(rec, "kind", "source")] += 1
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    if not dry_run:
        counts = store.put_many([r for r, _ in parsed.records], user=user, action="import")
    return ImportReport(str(path), fmt, counts, dict(by_kind))
