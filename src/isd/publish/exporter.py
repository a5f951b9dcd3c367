"""Export the store's dataset in every format of :mod:`isd.publish.formats`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

from isd import __version__
from isd.model import RECORD_TYPES
from isd.publish import formats
from isd.store import Store
from isd.store.tables import TableSpec, flatten, record_table_specs

KINDS = ["source", *RECORD_TYPES]


def collect_records(store: Store, review_status: Iterable[str] | None = None) -> dict[str, list[Any]]:
    """Records by kind (sources: only those referenced by the selected records, unless all)."""
    statuses = list(review_status) if review_status is not None else None
    out: dict[str, list[Any]] = {}
    for kind in RECORD_TYPES:
        out[kind] = store.list(kind, review_status=statuses)
    sources = store.list("source")
    if statuses is not None:
        used = {sid for recs in out.values() for r in recs for sid in r.sources}
        used |= {e.source_id for recs in out.values() for r in recs for e in r.evidence if e.source_id}
        sources = [s for s in sources if s.id in used]
    out["source"] = sources
    return out


def build_tables(records: dict[str, list[Any]]) -> dict[str, tuple[TableSpec, list[dict]]]:
    """Flatten records into the dataset's tables, rows sorted by key for reproducible files."""
    specs = record_table_specs()
    tables: dict[str, tuple[TableSpec, list[dict]]] = {s.name: (s, []) for s in specs}
    by_kind: dict[str, list[TableSpec]] = {}
    for s in specs:
        by_kind.setdefault(s.kind, []).append(s)
    for kind in KINDS:
        for rec in sorted(records.get(kind, []), key=lambda r: r.id):
            for name, rows in flatten(kind, rec, by_kind[kind]).items():
                tables[name][1].extend(rows)
    return tables


def export(store: Store, fmt: str, out: Path, *, review_status: Iterable[str] | None = None,
           codebook_version: str | None = None) -> Path:
    if fmt not in formats.FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(formats.FORMATS)}")
    records = collect_records(store, review_status)
    return write_records(records, fmt, out, codebook_version=codebook_version)


def write_records(records: dict[str, list[Any]], fmt: str, out: Path, *, codebook_version: str | None = None,
                  package_meta: dict | None = None) -> Path:
    if fmt == "jsonl":
        ordered = [r for kind in KINDS for r in sorted(records.get(kind, []), key=lambda r: r.id)]
        return formats.write_jsonl(out, ordered)
    tables = build_tables(records)
    if fmt == "csv":
        return formats.write_csv(out, tables)
    if fmt == "parquet":
        return formats.write_parquet(out, tables)
    if fmt == "xlsx":
        return formats.write_xlsx(out, tables)
    if fmt == "dta":
        return formats.write_dta(out, tables)
    if fmt == "datapackage":
        return write_datapackage(out, tables, codebook_version=codebook_version, meta=package_meta)
    raise ValueError(fmt)


# --- Frictionless data package ---------------------------------------------------------

_FD_TYPES = {"str": "string", "int": "integer", "float": "number", "bool": "boolean", "date": "date",
             "datetime": "datetime"}


def table_schema(spec: TableSpec) -> dict[str, Any]:
    """A Frictionless Table Schema generated from the model-derived table spec."""
    from isd.store.tables import MAIN_TABLE

    fields = []
    for c in spec.columns:
        f: dict[str, Any] = {"name": c.name, "type": _FD_TYPES[c.type]}
        if c.type == "bool":
            f["trueValues"] = ["true"]
            f["falseValues"] = ["false"]
        cons: dict[str, Any] = {}
        if c.required:
            cons["required"] = True
        if c.enum:
            cons["enum"] = list(c.enum)
        if cons:
            f["constraints"] = cons
        if c.description:
            f["description"] = c.description
        fields.append(f)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if spec.is_child:
        schema["primaryKey"] = [spec.key, "position"]
        schema["foreignKeys"] = [{"fields": spec.key, "reference": {"resource": MAIN_TABLE[spec.kind], "fields": "id"}}]
    else:
        schema["primaryKey"] = ["id"]
    return schema


def write_datapackage(out: Path, tables: dict[str, tuple[TableSpec, list[dict]]], *, codebook_version: str | None = None,
                      meta: dict | None = None) -> Path:
    tmp = formats._atomic_dir(out)
    (tmp / "data").mkdir()
    resources = []
    for name, (spec, rows) in tables.items():
        formats.write_csv_file(tmp / "data" / f"{name}.csv", spec, rows)
        resources.append({
            "name": name,
            "path": f"data/{name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": table_schema(spec),
        })
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": "isd-dataset",
        "title": "China's internal security diplomacy (isd dataset)",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "isd": {"isd_version": __version__, "codebook_version": codebook_version},
        "resources": resources,
    }
    if meta:
        package.update(meta)
    (tmp / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2, sort_keys=False) + "\n",
                                          encoding="utf-8")
    formats._commit_dir(tmp, out)
    return out
