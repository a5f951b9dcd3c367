"""Verbs that span the pipeline: demo, stats, seed, db."""

from __future__ import annotations

import typer

from isd.clikit import context, fail, print_json

db_app = typer.Typer(help="The store's schema.\n\nExample: isd db upgrade", no_args_is_help=True)


def stats_cmd(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """Counts by record type, year, region and review status.

    Example: isd stats --json
    """
    from rich.console import Console
    from rich.table import Table

    from isd.stats import compute_stats

    c = context(ctx)
    data = compute_stats(c.store, c.codebook)
    if as_json:
        print_json(data)
        return
    con = Console()
    t = Table(title=f"isd store: {c.settings.db_url}")
    for col in ("records", "total", "review status", "years", "regions"):
        t.add_column(col)
    for kind, e in data["records"].items():
        t.add_row(kind, str(e["total"]),
                  ", ".join(f"{k} {v}" for k, v in e.get("by_review_status", {}).items()),
                  ", ".join(f"{k}: {v}" for k, v in e.get("by_year", {}).items()),
                  ", ".join(f"{k}: {v}" for k, v in e.get("by_region", {}).items()))
    con.print(t)
    con.print(f"sources {data['sources']} · collected documents {data['documents']} · interactions {data['interactions']}")


def seed_cmd(
    ctx: typer.Context,
    part: str = typer.Option("release", "--part", help="release: the bundled dataset release (reviewed records from the "
                             "research logs and the seed reports); seed: only the records cited in the seed reports."),
) -> None:
    """Load the bundled data into the store.  Loading twice changes nothing.

    Example: isd seed            (the bundled release)
    Example: isd seed --part seed
    """
    c = context(ctx)
    if part == "release":
        from isd.dataset import load_release, release_info

        counts = load_release(c)
        label = f"bundled release {release_info().get('version')}"
    elif part == "seed":
        from isd.seeddata import load_seed

        counts = load_seed(c)
        label = "seed-report records"
    else:
        fail(f"unknown --part {part!r}; use release or seed")
    c.console.print(f"{label}: {counts['created']} new, {counts['updated']} updated, {counts['unchanged']} unchanged")


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Create or migrate the store's schema to the newest version.

    Example: isd --db postgresql://isd@localhost/isd db upgrade
    """
    from isd.store.migrate import current

    c = context(ctx)
    store = c.store  # opening migrates
    c.console.print(f"{c.settings.db_url}: schema at revision {current(store.engine)}")


@db_app.command("current")
def db_current(ctx: typer.Context) -> None:
    """Print the store's schema revision (without changing it).

    Example: isd db current
    """
    from isd.store import Store
    from isd.store.migrate import current, head

    c = context(ctx)
    store = Store(c.settings.db_url)
    try:
        print(f"{current(store.engine) or 'empty'} (newest: {head()})")
    finally:
        store.close()


def demo_cmd(
    ctx: typer.Context,
    out: str = typer.Option(None, "--out", help="Where to write the report (default: $ISD_HOME/reports/demo)."),
) -> None:
    """Run the whole pipeline on the bundled data and sample sources, offline.

    collect (sample pages, archived to WARC) → extract candidate events → load the
    bundled reviewed seed records → show the review state → write the report.

    Example: isd demo
    """
    from pathlib import Path

    from isd.demo import run_demo

    c = context(ctx)
    try:
        report = run_demo(c, Path(out) if out else None)
    except RuntimeError as exc:
        fail(str(exc))
    c.console.print(f"\n[bold green]Done.[/] Open the report: {report}")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_cmd)
    app.command("stats")(stats_cmd)
    app.command("seed")(seed_cmd)
    app.add_typer(db_app, name="db")
