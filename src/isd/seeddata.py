"""The bundled starting data: events and agreements cited in the seed reports.

Shipped as ``isd/data/seed/records.jsonl`` (built by ``tools/convert_seed_records.py``;
decisions in ``isd/data/seed/README.md``) and loaded through the ordinary importer,
so it is checked like any other input.  Loading twice changes nothing.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from isd.context import Context


def seed_path() -> Path:
    return Path(str(resources.files("isd.data.seed").joinpath("records.jsonl")))


def load_seed(ctx: Context) -> dict[str, int]:
    from isd.publish.importer import import_path

    report = import_path(ctx.store, seed_path(), ctx.codebook, user="isd-seed")
    return report.counts
