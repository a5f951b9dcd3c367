"""Turning analysis frames into text: CSV-ready frames with record ids joined."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


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
