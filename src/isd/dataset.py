"""The bundled public dataset release (``isd/data/release/``).

``records.jsonl`` holds the reviewed records built from the project's research logs
and the seed-report records (by ``tools/build_dataset.py``; see ``docs/dataset.md``);
``release.json`` says which version, how many records of each kind, which codebook
version and which research files and query logs it came from.  Loading goes through
the ordinary importer, so the release is validated like any other input, and loading
twice changes nothing.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from isd.context import Context


def release_dir() -> Path:
    return Path(str(resources.files("isd.data.release")))


def release_path() -> Path:
    """The bundled release's records (JSON Lines: sources, then records, sorted)."""
    return release_dir() / "records.jsonl"


def release_info() -> dict[str, Any]:
    """The bundled release's ``release.json`` (version, date, counts, inputs)."""
    return json.loads((release_dir() / "release.json").read_text(encoding="utf-8"))


def load_release(ctx: Context) -> dict[str, int]:
    """Import the bundled release into ``ctx.store``; returns created/updated/unchanged counts."""
    from isd.publish.importer import import_path

    report = import_path(ctx.store, release_path(), ctx.codebook, user="isd-dataset")
    return report.counts
