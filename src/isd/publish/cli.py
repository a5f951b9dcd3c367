"""Verbs: import, export."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from isd.clikit import context, fail


def import_cmd(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="CSV/XLSX/JSON/JSONL/Parquet/Stata file, a folder of table files, or a data package."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check everything, write nothing."),
    user: Optional[str] = typer.Option(None, "--user", help="Who imports (recorded in the audit log)."),
) -> None:
    """Import records; nothing is written unless the whole input is valid.

    Every problem is listed with its file, row (spreadsheet numbering: header = row 1)
    and column.  Importing the same input again changes nothing.

    Example: isd import release/csv/
    """
    from isd.errors import InputError
    from isd.publish.importer import import_path

    c = context(ctx)
    try:
        report = import_path(c.store, path, c.codebook, user=user, dry_run=dry_run)
    except InputError as exc:
        fail(f"{exc}\nFix the input and run the import again.")
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(report.by_kind.items())) or "no records"
    verb = "checked" if dry_run else "imported"
    c.console.print(f"{verb} {kinds} from {path} ({report.format}): "
                    f"{report.counts['created']} new, {report.counts['updated']} updated, {report.counts['unchanged']} unchanged")


def export_cmd(
    ctx: typer.Context,
    out: Path = typer.Argument(..., help="Output file (xlsx, jsonl) or folder (csv, parquet, dta, datapackage)."),
    fmt: str = typer.Option("datapackage", "--format", "-f", help="csv | xlsx | parquet | dta | jsonl | datapackage"),
    reviewed_only: bool = typer.Option(False, "--reviewed", help="Only reviewed records (coded, double_coded, adjudicated)."),
) -> None:
    """Export the dataset.

    Example: isd export --format xlsx isd.xlsx
    """
    from isd.model import REVIEWED_STATUSES
    from isd.publish.exporter import export
    from isd.publish.formats import FORMATS

    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    c = context(ctx)
    statuses = sorted(REVIEWED_STATUSES) if reviewed_only else None
    path = export(c.store, fmt, out, review_status=statuses, codebook_version=c.codebook.version)
    c.console.print(f"wrote {fmt} to {path}")


def register(app: typer.Typer) -> None:
    app.command("import")(import_cmd)
    app.command("export")(export_cmd)
