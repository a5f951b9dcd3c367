"""The registry of named analyses and the calling convention they share.

Every analysis is written as ``f(ds: Dataset, **options) -> DataFrame`` and registered
with :func:`analysis`.  The registered, public function accepts a store, a
:class:`~isd.context.Context` or a prepared :class:`Dataset` plus the common filters:

    top_partners(store, date_from=None, date_to=None, agencies=(), status="reviewed",
                 scope="mps", n=5)

Every result has a ``record_ids`` column: the ids of the records behind each row
(agreement ids, event ids or training ids), so any number can be traced.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from isd.analyze.data import Dataset


@dataclass
class Analysis:
    name: str
    group: str  # agreements | diplomacy | cross
    title: str
    func: Callable[..., pd.DataFrame]  # the public function
    impl: Callable[..., pd.DataFrame]  # f(ds, **options)
    seed: str | None = None  # the seed table/figure it reproduces
    record_kind: str = "agreement"

    @property
    def options(self) -> dict[str, Any]:
        sig = inspect.signature(self.impl)
        return {k: p.default for k, p in list(sig.parameters.items())[1:]}

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.impl) or ""


ANALYSES: dict[str, Analysis] = {}


def _as_date(value: Any, name: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{name}: {value!r} is not an ISO date (YYYY-MM-DD)") from None


def dataset_for(source: Any, *, date_from: Any = None, date_to: Any = None, agencies: Any = (),
                status: str = "reviewed", scope: str = "mps", ref: Any = None) -> Dataset:
    """Turn a store / Context / Dataset plus filters into a Dataset."""
    from isd.analyze.data import Dataset, Filters

    if isinstance(agencies, str):
        agencies = (agencies,)
    filters = Filters(_as_date(date_from, "date_from"), _as_date(date_to, "date_to"), tuple(agencies or ()),
                      status, scope)
    if isinstance(source, Dataset):
        return source if source.filters == filters else source.with_filters(filters)
    store = getattr(source, "store", source)  # Context -> Store
    codebook = None
    cache_dir = None
    if hasattr(source, "settings"):  # a Context: keep the table snapshot in ISD_HOME
        cache_dir = source.settings.home / "cache" / "analyze"
    if ref is None and hasattr(source, "codebook"):
        codebook = source.codebook
    if not hasattr(store, "read_table"):
        raise TypeError(f"expected a Store, Context or Dataset, got {type(source).__name__}")
    return Dataset.from_store(store, ref=ref, filters=filters, codebook=codebook, cache_dir=cache_dir)


def analysis(name: str, group: str, title: str, seed: str | None = None, record_kind: str = "agreement"):
    """Register ``impl(ds, **options)`` as the analysis ``name``; returns the public function."""

    def wrap(impl: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
        @functools.wraps(impl)
        def public(source: Any, *, date_from: Any = None, date_to: Any = None, agencies: Any = (),
                   status: str = "reviewed", scope: str = "mps", ref: Any = None, **options: Any) -> pd.DataFrame:
            ds = dataset_for(source, date_from=date_from, date_to=date_to, agencies=agencies, status=status,
                             scope=scope, ref=ref)
            return impl(ds, **options)

        ANALYSES[name] = Analysis(name, group, title, public, impl, seed, record_kind)
        return public

    return wrap


def load_all() -> dict[str, Analysis]:
    """Import the analysis modules (registering them) and return the registry."""
    import importlib

    for module in ("agreements", "diplomacy", "cross"):
        importlib.import_module(f"isd.analyze.{module}")
    return ANALYSES


def tidy(df: pd.DataFrame) -> pd.DataFrame:
    """Normalise DuckDB output: list columns as Python lists, no index surprises."""
    import numpy as np

    for col in df.columns:
        if df[col].dtype == object and len(df) and isinstance(df[col].iloc[0], np.ndarray):
            df[col] = [v.tolist() if isinstance(v, np.ndarray) else (v if isinstance(v, list) else []) for v in df[col]]
    return df.reset_index(drop=True)
