"""Analyses over the store: the tables and figures of the seed reports, from records.

Every analysis is a function ``name(store_or_context_or_dataset, **filters_and_options)``
returning a pandas DataFrame whose ``record_ids`` column lists the records behind each
row.  Filters: ``date_from``, ``date_to``, ``agencies``, ``status`` (``reviewed`` | ``all``),
``scope`` (``mps`` | ``broader``).  Example (a notebook)::

    from isd.context import Context
    import isd.analyze as ia
    ctx = Context()
    ia.top_partners(ctx.store, n=5)
    ia.names()            # every analysis

Nothing heavy is imported until an analysis is used (``isd --help`` stays fast).
"""

from __future__ import annotations

from typing import Any

_MODULES = ("agreements", "diplomacy", "cross")


def names() -> list[str]:
    """The names of all analyses."""
    from isd.analyze.registry import load_all

    return list(load_all())


def run(name: str, source: Any, **kwargs: Any):
    """Run the analysis ``name`` (see :func:`names`)."""
    from isd.analyze.registry import load_all

    registry = load_all()
    if name not in registry:
        raise KeyError(f"no analysis {name!r}; known: {', '.join(sorted(registry))}")
    return registry[name].func(source, **kwargs)


def __getattr__(attr: str) -> Any:
    if attr.startswith("_") or attr in _MODULES or attr in ("registry", "data", "cli", "report", "charts", "geo"):
        raise AttributeError(attr)
    from isd.analyze.registry import load_all

    registry = load_all()
    if attr in registry:
        return registry[attr].func
    if attr in ("Dataset", "Filters", "Reference"):
        from isd.analyze import data

        return getattr(data, attr)
    raise AttributeError(f"module 'isd.analyze' has no attribute {attr!r}")
