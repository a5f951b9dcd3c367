"""Relational form of the records, generated from the pydantic models.

One rule turns every record type of :mod:`isd.model` into tables, and the same rule
is used by the store, the exporters and the Frictionless schema, so they can never
disagree:

- the record's scalar fields are columns of its main table (``events``);
- a nested model (``location``) becomes prefixed columns (``location_city``);
- a list field becomes a child table ``<kind>_<field>`` keyed by
  (``<kind>_id``, ``position``); a list of scalars has one value column
  (``topic``, ``source_id`` …), a list of models has the model's columns.

Design rules (keep them when you change the models):
- the constant ``kind`` field is the table, not a column;
- child tables keep list order in ``position`` so a round trip is exact;
- operational columns (``created_at``, ``updated_at``) live only in the store.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from isd.model import RECORD_TYPES, Source

MAIN_TABLE = {
    "event": "events",
    "agreement": "agreements",
    "training": "trainings",
    "assistance": "assistance",
    "mechanism": "mechanisms",
    "presence": "presence",
    "source": "sources",
}
# value column name for lists of scalars
SCALAR_LIST_COLUMN = {"topics": "topic", "sources": "source_id", "agreements": "agreement_id"}
SKIP_FIELDS = {"kind"}

ColType = Literal["str", "int", "float", "bool", "date", "datetime"]


@dataclass
class Column:
    name: str
    type: ColType
    path: tuple[str, ...]  # attribute path inside the (sub)model
    required: bool = False
    enum: tuple[str, ...] | None = None
    description: str | None = None


@dataclass
class TableSpec:
    name: str
    kind: str
    field: str | None  # None for the main table
    key: str  # "id" for the main table, "<kind>_id" for children
    columns: list[Column] = field(default_factory=list)
    scalar_list: bool = False

    @property
    def is_child(self) -> bool:
        return self.field is not None

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _unwrap(ann: Any) -> tuple[Any, bool]:
    """Strip Optional/Annotated; return (type, optional)."""
    optional = False
    while True:
        origin = get_origin(ann)
        if origin is typing.Annotated:
            ann = get_args(ann)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in get_args(ann) if a is not type(None)]
            if len(args) < len(get_args(ann)):
                optional = True
            if len(args) == 1:
                ann = args[0]
                continue
        return ann, optional


def _scalar_type(ann: Any) -> tuple[ColType, tuple[str, ...] | None] | None:
    if get_origin(ann) is Literal:
        return "str", tuple(str(a) for a in get_args(ann))
    if ann is bool:
        return "bool", None
    if ann is int:
        return "int", None
    if ann is float:
        return "float", None
    if ann is str:
        return "str", None
    if ann is dt.datetime:
        return "datetime", None
    if ann is dt.date:
        return "date", None
    return None


def _is_model(ann: Any) -> bool:
    return isinstance(ann, type) and issubclass(ann, BaseModel)


def _model_columns(model: type[BaseModel], prefix: str = "", path: tuple[str, ...] = ()) -> list[Column]:
    cols: list[Column] = []
    for name, info in model.model_fields.items():
        if name in SKIP_FIELDS:
            continue
        ann, optional = _unwrap(info.annotation)
        if get_origin(ann) is list:
            continue  # handled as child table by the caller
        if _is_model(ann):
            cols.extend(_model_columns(ann, f"{prefix}{name}_", path + (name,)))
            continue
        st = _scalar_type(ann)
        if st is None:
            raise TypeError(f"{model.__name__}.{name}: cannot map {ann!r} to a column")
        required = info.is_required() and not optional and not prefix
        cols.append(Column(prefix + name, st[0], path + (name,), required, st[1], info.description))
    return cols


def _tables_for(kind: str, model: type[BaseModel]) -> list[TableSpec]:
    main = TableSpec(MAIN_TABLE[kind], kind, None, "id", _model_columns(model))
    specs = [main]
    for name, info in model.model_fields.items():
        ann, _ = _unwrap(info.annotation)
        if get_origin(ann) is not list:
            continue
        (item,) = get_args(ann)
        item, _ = _unwrap(item)
        key = f"{kind}_id"
        tname = f"{kind}_{name}"
        base = [Column(key, "str", (), True), Column("position", "int", (), True)]
        if _is_model(item):
            specs.append(TableSpec(tname, kind, name, key, base + _model_columns(item)))
        else:
            st = _scalar_type(item)
            if st is None:
                raise TypeError(f"{model.__name__}.{name}: cannot map list of {item!r}")
            col = SCALAR_LIST_COLUMN.get(name, "value")
            specs.append(TableSpec(tname, kind, name, key, base + [Column(col, st[0], (), True, st[1])], True))
    return specs


def record_table_specs() -> list[TableSpec]:
    """All table specs for sources and record types, in dependency order."""
    specs = _tables_for("source", Source)
    for kind, model in RECORD_TYPES.items():
        specs.extend(_tables_for(kind, model))
    return specs


def specs_by_kind() -> dict[str, list[TableSpec]]:
    out: dict[str, list[TableSpec]] = {}
    for s in record_table_specs():
        out.setdefault(s.kind, []).append(s)
    return out


# --- flatten / assemble --------------------------------------------------------------


def _get(obj: Any, path: tuple[str, ...]) -> Any:
    for p in path:
        obj = getattr(obj, p)
        if obj is None:
            return None
    return obj


def flatten(kind: str, record: BaseModel, specs: list[TableSpec] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Turn one record into rows of its tables."""
    specs = specs or specs_by_kind()[kind]
    out: dict[str, list[dict[str, Any]]] = {}
    rid = record.id  # type: ignore[attr-defined]
    for spec in specs:
        if not spec.is_child:
            out[spec.name] = [{c.name: _get(record, c.path) for c in spec.columns}]
            continue
        items = getattr(record, spec.field or "") or []
        rows = []
        for pos, item in enumerate(items):
            row: dict[str, Any] = {spec.key: rid, "position": pos}
            if spec.scalar_list:
                row[spec.columns[2].name] = item
            else:
                for c in spec.columns[2:]:
                    row[c.name] = _get(item, c.path)
            rows.append(row)
        out[spec.name] = rows
    return out


def _nest(columns: list[Column], row: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for c in columns:
        if not c.path:
            continue
        value = row.get(c.name)
        target = data
        for p in c.path[:-1]:
            target = target.setdefault(p, {})
        target[c.path[-1]] = value
    return _drop_empty_submodels(data)


def _drop_empty_submodels(data: dict[str, Any]) -> dict[str, Any]:
    for k, v in list(data.items()):
        if isinstance(v, dict):
            v = _drop_empty_submodels(v)
            data[k] = v if any(x is not None for x in v.values()) else None
            if data[k] is None:
                del data[k]
    return data


def assemble_dict(kind: str, main_row: dict[str, Any], children: dict[str, list[dict[str, Any]]], specs: list[TableSpec] | None = None) -> dict[str, Any]:
    """Build the dict of one record from its main row and its child rows (any order)."""
    specs = specs or specs_by_kind()[kind]
    data: dict[str, Any] = {}
    for spec in specs:
        if not spec.is_child:
            data.update(_nest(spec.columns, main_row))
            continue
        rows = sorted(children.get(spec.name, []), key=lambda r: int(r.get("position") or 0))
        if spec.scalar_list:
            col = spec.columns[2].name
            data[spec.field or ""] = [r.get(col) for r in rows]
        else:
            data[spec.field or ""] = [_nest(spec.columns[2:], r) for r in rows]
    if kind != "source":
        data["kind"] = kind
    # drop explicit None so model defaults apply (e.g. a blank cell in CSV)
    return {k: v for k, v in data.items() if v is not None}
