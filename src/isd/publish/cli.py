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


def release_cmd(
    ctx: typer.Context,
    version: str = typer.Argument(..., help="Release version, MAJOR.MINOR.PATCH."),
    out: Path = typer.Option(Path("releases"), "--out", help="Folder that receives isd-<version>/."),
    previous: Optional[Path] = typer.Option(None, "--previous", help="Folder of the previous release, for the changelog."),
    include_candidates: bool = typer.Option(False, "--include-candidates", help="Also release unreviewed candidates."),
    author: list[str] = typer.Option([], "--author", help="Author for CITATION.cff (repeatable)."),
) -> None:
    """Build a versioned release: data package, CSV, XLSX, Stata, Parquet, JSONL,
    codebook version, changelog, CITATION.cff and a SHA-256 manifest.

    Example: isd release 1.0.0 --previous releases/isd-0.9.0 --author "Jane Doe"
    """
    from isd.publish.release import ReleaseError, build_release

    c = context(ctx)
    try:
        target = build_release(c, version, out, previous=previous, include_candidates=include_candidates, authors=author)
    except ReleaseError as exc:
        fail(str(exc))
    c.console.print(f"release written to {target}")


def register(app: typer.Typer) -> None:
    app.command("release")(release_cmd)
    app.command("import")(import_cmd)
    app.command("export")(export_cmd)
