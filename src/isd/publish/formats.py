"""Reading and writing the dataset's tables in the formats the field uses.

The dataset is the set of tables of :mod:`isd.store.tables` (one main table per
record type plus child tables).  Every table format holds all of them:

========== ====================================================================
csv        a folder with one ``<table>.csv`` per table (UTF-8, RFC 4180)
xlsx       one workbook, one sheet per table (sheet names ≤ 31 characters)
parquet    a folder with one ``<table>.parquet`` per table
dta        a folder with one Stata 118 ``<table>.dta`` per table; variable names
           longer than 32 characters are shortened and the full name is kept
           as the variable label (reversed on import)
datapackage a Frictionless data package: ``datapackage.json`` + CSV resources
jsonl      one JSON object per record (``kind`` says which), nested as the models
========== ====================================================================

All writers are deterministic (sorted rows, fixed timestamps inside XLSX and DTA
files), so exporting the same data twice gives byte-identical files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import re
import zipfile
from pathlib import Path
from typing import Any, Iterable

from isd.store.tables import Column, TableSpec

FORMATS = ("csv", "xlsx", "parquet", "dta", "jsonl", "datapackage")
FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
STATA_MAX_NAME = 32


# --- cell conversion -------------------------------------------------------------------


def to_text(value: Any) -> str:
    """A cell as text: ISO dates, true/false, shortest float repr, '' for null."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "isoformat"):  # pandas Timestamp
        return value.isoformat()
    return str(value)


def from_text(text: Any, col: Column) -> Any:
    """Parse one cell for a column; raises ValueError with a readable message."""
    if text is None:
        return None
    if isinstance(text, float) and math.isnan(text):
        return None
    if hasattr(text, "to_pydatetime"):  # pandas Timestamp
        text = text.to_pydatetime()
    if isinstance(text, str):
        text = text.strip()
        if text == "":
            return None
    t = col.type
    if t == "str":
        if isinstance(text, float) and text.is_integer():
            text = int(text)
        return str(text)
    if t == "int":
        if isinstance(text, bool):
            raise ValueError(f"expected a whole number, got {text!r}")
        if isinstance(text, (int,)):
            return int(text)
        f = float(text)
        if not f.is_integer():
            raise ValueError(f"expected a whole number, got {text!r}")
        return int(f)
    if t == "float":
        return float(text)
    if t == "bool":
        if isinstance(text, bool):
            return text
        if isinstance(text, (int, float)) and text in (0, 1):
            return bool(text)
        s = str(text).lower()
        if s in ("true", "1", "yes", "y", "t"):
            return True
        if s in ("false", "0", "no", "n", "f"):
            return False
        raise ValueError(f"expected true or false, got {text!r}")
    if t == "date":
        if isinstance(text, dt.datetime):
            return text.date()
        if isinstance(text, dt.date):
            return text
        try:
            return dt.date.fromisoformat(str(text)[:10] if len(str(text)) > 10 and "T" in str(text) else str(text))
        except ValueError:
            raise ValueError(f"expected a date YYYY-MM-DD, got {text!r}") from None
    if t == "datetime":
        if isinstance(text, dt.datetime):
            return text
        try:
            return dt.datetime.fromisoformat(str(text))
        except ValueError:
            raise ValueError(f"expected a date-time YYYY-MM-DDTHH:MM:SS, got {text!r}") from None
    raise ValueError(f"unknown column type {t}")


# --- writers ---------------------------------------------------------------------------


def _atomic_dir(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    if tmp.exists():
        import shutil

        shutil.rmtree(tmp)
    tmp.mkdir()
    return tmp


def _commit_dir(tmp: Path, out: Path) -> None:
    import shutil

    if out.exists():
        if out.is_dir():
            shutil.rmtree(out)
        else:
            out.unlink()
    tmp.rename(out)


def write_csv_file(path: Path, spec: TableSpec, rows: list[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(spec.column_names)
        for r in rows:
            w.writerow([to_text(r.get(c)) for c in spec.column_names])


def write_csv(out: Path, tables: dict[str, tuple[TableSpec, list[dict]]]) -> Path:
    tmp = _atomic_dir(out)
    for name, (spec, rows) in tables.items():
        write_csv_file(tmp / f"{name}.csv", spec, rows)
    _commit_dir(tmp, out)
    return out


def write_parquet(out: Path, tables: dict[str, tuple[TableSpec, list[dict]]]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "date": pa.date32(), "datetime": pa.timestamp("s")}
    tmp = _atomic_dir(out)
    for name, (spec, rows) in tables.items():
        schema = pa.schema([pa.field(c.name, types[c.type], nullable=not c.required) for c in spec.columns])
        cols = {c.name: [r.get(c.name) for r in rows] for c in spec.columns}
        table = pa.table(cols, schema=schema)
        pq.write_table(table, tmp / f"{name}.parquet", compression="zstd")
    _commit_dir(tmp, out)
    return out


def write_xlsx(out: Path, tables: dict[str, tuple[TableSpec, list[dict]]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, (spec, rows) in tables.items():
        ws = wb.create_sheet(sheet_name(name))
        ws.append(spec.column_names)
        for r in rows:
            ws.append([to_text(r.get(c)) if r.get(c) is not None else None for c in spec.column_names])
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = "isd"
    buf = io.BytesIO()
    wb.save(buf)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    _normalise_zip(buf.getvalue(), tmp)
    tmp.replace(out)
    return out


def sheet_name(table: str) -> str:
    return table[:31]


def _normalise_zip(data: bytes, path: Path) -> None:
    """Rewrite a zip with fixed entry timestamps so the bytes are reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" at save time
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, content)


def stata_names(spec: TableSpec) -> dict[str, str]:
    """Column → Stata variable name (≤ 32 chars, unique)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for c in spec.column_names:
        name = c
        if len(name) > STATA_MAX_NAME:
            name = (name.replace("counterpart_", "cp_").replace("chinese_", "cn_").replace("signatory_", "sig_"))[:STATA_MAX_NAME]
        base, i = name, 1
        while name in used:
            suffix = f"_{i}"
            name = base[: STATA_MAX_NAME - len(suffix)] + suffix
            i += 1
        used.add(name)
        out[c] = name
    return out


def write_dta(out: Path, tables: dict[str, tuple[TableSpec, list[dict]]]) -> Path:
    import pandas as pd
    import pyreadstat

    tmp = _atomic_dir(out)
    for name, (spec, rows) in tables.items():
        names = stata_names(spec)
        data = {}
        for c in spec.columns:
            vals = [r.get(c.name) for r in rows]
            if c.type in ("str", "date", "datetime", "bool"):
                # dates and booleans as text: Stata has no null booleans, and text dates round-trip exactly
                data[names[c.name]] = pd.Series([to_text(v) for v in vals], dtype="object")
            elif c.type == "int":
                data[names[c.name]] = pd.Series([float("nan") if v is None else float(v) for v in vals], dtype="float64")
            else:
                data[names[c.name]] = pd.Series([float("nan") if v is None else float(v) for v in vals], dtype="float64")
        df = pd.DataFrame(data, columns=[names[c] for c in spec.column_names])
        labels = [c for c in spec.column_names]
        path = tmp / f"{name}.dta"
        pyreadstat.write_dta(df, str(path), column_labels=labels, version=15, file_label=f"isd {name}")
        _fix_dta_timestamp(path)
    _commit_dir(tmp, out)
    return out


def _fix_dta_timestamp(path: Path) -> None:
    data = path.read_bytes()
    start = data.find(b"<timestamp>")
    end = data.find(b"</timestamp>")
    if start < 0 or end < 0:
        return
    head = start + len(b"<timestamp>")
    length = data[head]
    fixed = b" 1 Jan 2000 00:00"[:length].ljust(length, b" ")
    path.write_bytes(data[: head + 1] + fixed + data[head + 1 + length :])


def write_jsonl(out: Path, records: Iterable[Any]) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for rec in records:
            data = rec.model_dump(mode="json", exclude_none=False)
            if "kind" not in data:
                data = {"kind": "source", **data}
            fh.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
    tmp.replace(out)
    return out


# --- readers ---------------------------------------------------------------------------

Row = dict[str, Any]


def read_csv_file(path: Path) -> tuple[list[str], list[tuple[int, Row]]]:
    """Rows of a CSV with their spreadsheet row numbers (header = row 1)."""
    raw = path.read_bytes()
    if not raw.strip():
        raise ValueError("the file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ValueError(f"not UTF-8 text (bad byte at line {line}); save the file as UTF-8 and try again") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ValueError("the file is empty") from None
    header = [h.strip() for h in header]
    rows: list[tuple[int, Row]] = []
    try:
        for row in reader:
            n = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise ValueError(f"row {n} has {len(row)} cells but the header has {len(header)}")
            rows.append((n, dict(zip(header, row))))
    except csv.Error as exc:
        raise ValueError(f"malformed CSV near row {reader.line_num}: {exc}") from None
    return header, rows


def read_xlsx(path: Path) -> dict[str, tuple[list[str], list[tuple[int, Row]]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds
        raise ValueError(f"not a readable XLSX workbook ({exc.__class__.__name__}: {exc})") from None
    out = {}
    for ws in wb.worksheets:
        it = ws.iter_rows(values_only=True)
        try:
            header = [str(h).strip() if h is not None else "" for h in next(it)]
        except StopIteration:
            continue
        rows = []
        for i, values in enumerate(it, start=2):
            if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            rows.append((i, dict(zip(header, values))))
        out[ws.title] = (header, rows)
    wb.close()
    return out


def read_parquet_file(path: Path) -> tuple[list[str], list[tuple[int, Row]]]:
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    rows = table.to_pylist()
    return table.column_names, [(i + 1, r) for i, r in enumerate(rows)]


def read_dta_file(path: Path, spec: TableSpec | None) -> tuple[list[str], list[tuple[int, Row]]]:
    import pyreadstat

    df, meta = pyreadstat.read_dta(str(path))
    rename = {}
    for name, label in zip(meta.column_names, meta.column_labels):
        rename[name] = label if label else name
    df = df.rename(columns=rename)
    rows = []
    for i, rec in enumerate(df.to_dict(orient="records")):
        rows.append((i + 1, {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in rec.items()}))
    return list(df.columns), rows
