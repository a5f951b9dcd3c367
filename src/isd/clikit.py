"""Small helpers shared by the stage CLIs."""

from __future__ import annotations

import json
import sys
from typing import Any, Iterable, Sequence

import typer
from rich.console import Console
from rich.table import Table

from isd.context import Context


def context(ctx: typer.Context) -> Context:
    obj = ctx.find_root().obj
    if not isinstance(obj, Context):  # called outside the main app (tests)
        obj = Context()
        ctx.find_root().obj = obj
    return obj


def fail(message: str, code: int = 1) -> "typer.Exit":
    """Print an error (with what to do next) and exit non-zero."""
    Console(stderr=True).print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def print_table(rows: Sequence[dict[str, Any]], title: str | None = None, columns: Iterable[str] | None = None) -> None:
    cols = list(columns or (rows[0].keys() if rows else []))
    t = Table(title=title)
    for c in cols:
        t.add_column(str(c))
    for r in rows:
        t.add_row(*["" if r.get(c) is None else str(r.get(c)) for c in cols])
    Console().print(t)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
