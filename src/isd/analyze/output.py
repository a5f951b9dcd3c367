"""Turning analysis frames into text: CSV-ready frames with record ids joined, and the
(row, key, record id) tables the report writes beside each analysis table."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import pyarrow as pa


def ids_text(ids: list, max_ids: int | None = None) -> str:
    if max_ids is None and isinstance(ids, list):
        try:
            return ";".join(ids)  # the common case: a list of id strings (no copy, no str() per id)
        except TypeError:
            pass  # non-string items: join their text below
    ids = list(ids or [])
    if max_ids is not None and len(ids) > max_ids:
        return ";".join(map(str, ids[:max_ids])) + f";… (+{len(ids) - max_ids})"
    return ";".join(map(str, ids))


def to_csv_frame(df: pd.DataFrame, max_ids: int | None = None) -> pd.DataFrame:
    """A copy with list columns (record_ids, new_partners …) as ';'-joined text."""
    out = df.copy()
    for col in out.columns:
        if len(out) and isinstance(out[col].iloc[0], list):
            out[col] = [ids_text(v, max_ids if col == "record_ids" else None) for v in out[col]]
    return out


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def ids_array(values: Any) -> pa.ListArray:
    """A ``record_ids`` column (Arrow-backed with ``Dataset.lazy_ids``, else Python lists) as
    one Arrow list-of-string array; missing values become empty lists."""
    import pandas as pd
    import pyarrow as pa

    if isinstance(getattr(values, "dtype", None), pd.ArrowDtype):
        arr = values.array.__arrow_array__().combine_chunks()
    else:
        rows = [[] if _missing(v) else list(v) for v in values]
        try:
            arr = pa.array(rows, type=pa.list_(pa.string()))
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # ids that are not text: as text
            arr = pa.array([[str(i) for i in r] for r in rows], type=pa.list_(pa.string()))
    if not pa.types.is_string(arr.type.value_type):
        arr = arr.cast(pa.list_(pa.string()))
    return arr


def key_columns(df: pd.DataFrame, most: int = 1) -> list[str]:
    """The column naming a row beside its number: the first column when it is text (``iso3``,
    ``figure_id``, ``period`` …).  One only: it is repeated on every id line."""
    keys: list[str] = []
    for col in df.columns:
        if col == "record_ids" or str(df[col].dtype) not in ("object", "string", "str"):
            break
        if len(df) and isinstance(df[col].iloc[0], list):
            break
        keys.append(col)
        if len(keys) >= most:
            break
    return keys


def split_ids(df: pd.DataFrame) -> tuple[pd.DataFrame, pa.Table | None]:
    """``df`` without its ``record_ids`` column, and the ids as a long table
    ``row`` (1-based row of the analysis table), the key column, ``record_id``; built in Arrow."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if "record_ids" not in df.columns:
        return df, None
    arr = ids_array(df["record_ids"])
    table = df.drop(columns="record_ids")
    parents = pc.list_parent_indices(arr)
    cols = {"row": pc.add(parents, 1)}
    for k in key_columns(table):
        keys = pa.array([None if _missing(v) else str(v) for v in table[k]], type=pa.string())
        # the row's key repeated on each of its id lines, as indices into the keys (no copy of
        # the text per line; Arrow's CSV writer prints the same bytes as for plain strings)
        cols[k] = pa.DictionaryArray.from_arrays(parents, keys)
    cols["record_id"] = pc.list_flatten(arr)
    return table, pa.table(cols)
