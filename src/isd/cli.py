"""The ``isd`` command line.

Each pipeline stage keeps its verbs in its own ``<stage>/cli.py`` module, exposing a
``register(app)`` function; this module only wires them up and builds the
:class:`~isd.context.Context` from the global options.  Stage modules import their
heavy dependencies inside the command functions so ``isd --help`` stays fast.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Optional

import typer

from isd import __version__
from isd.context import Context, Settings

app = typer.Typer(
    name="isd",
    help="isd: collect, extract, review, analyse and publish data on China's internal security diplomacy.\n\n"
    "Example: isd demo   (runs the whole pipeline on the bundled sample and prints where the report is)",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_show_locals=False,
)

# Stage modules that register verbs, in the order they appear in --help.
STAGE_MODULES = [
    "isd.pipeline_cli",
    "isd.publish.cli",
    "isd.codebook.cli",
    "isd.collect.cli",
    "isd.extract.cli",
    "isd.link.cli",
    "isd.review.cli",
    "isd.analyze.cli",
    "isd.web.cli",
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"isd {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    home: Optional[Path] = typer.Option(None, "--home", envvar="ISD_HOME", help="isd's data directory (store, archive, reports)."),
    db: Optional[str] = typer.Option(None, "--db", envvar="ISD_DATABASE_URL", help="Store URL (sqlite:///file, postgresql://…) or a SQLite file path."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors on stderr."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Global options; every verb receives the resulting context."""
    settings = Settings(home=home) if home else Settings()
    if db:
        settings = Settings(home=settings.home, database_url=db)
    ctx.obj = Context(settings, quiet=quiet)
    ctx.call_on_close(ctx.obj.close)


def build_app() -> typer.Typer:
    for name in STAGE_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # stage not built yet
                continue
            raise
        module.register(app)
    return app


def main() -> None:
    build_app()
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        print("interrupted", file=sys.stderr)
        raise SystemExit(130)
