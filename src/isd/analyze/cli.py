"""``isd analyze`` and ``isd report``."""

from __future__ import annotations

from pathlib import Path

import typer

from isd.clikit import context, fail, print_json, print_table


def analyze(
    ctx: typer.Context,
    name: str | None = typer.Argument(None, help="Analysis name (see --list)."),
    list_: bool = typer.Option(False, "--list", help="List the analyses and exit."),
    date_from: str | None = typer.Option(None, "--from", help="First date (YYYY-MM-DD)."),
    date_to: str | None = typer.Option(None, "--to", help="Last date (YYYY-MM-DD)."),
    agency: list[str] | None = typer.Option(None, "--agency", help="Chinese agency (MPS, MSS, CPLC …); repeatable."),
    status: str = typer.Option("reviewed", "--status", help="reviewed (default) or all (adds candidates)."),
    scope: str = typer.Option("mps", "--scope", help="Agreements: mps (headline, MPS-signed) or broader."),
    option: list[str] | None = typer.Option(None, "--option", "-o", help="Analysis option KEY=VALUE, e.g. -o n=10."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """Run one named analysis over the store and print it.

    Example: isd analyze top_partners --from 2006-01-01 --to 2025-12-31 --format csv
    """
    from isd.analyze.registry import load_all

    registry = load_all()
    if list_ or not name:
        print_table([{"name": a.name, "group": a.group, "reproduces": a.seed or "", "title": a.title}
                     for a in registry.values()], title="analyses")
        return
    if name not in registry:
        fail(f"no analysis {name!r}; run `isd analyze --list` to see them")
    if fmt not in ("table", "csv", "json"):
        fail(f"--format must be table, csv or json, got {fmt!r}")
    a = registry[name]
    opts: dict = {}
    for item in option or []:
        key, sep, value = item.partition("=")
        if not sep or key not in a.options:
            fail(f"--option {item!r}: expected KEY=VALUE with KEY one of {sorted(a.options) or 'none'}")
        default = a.options[key]
        try:
            opts[key] = type(default)(value) if default is not None else value
        except ValueError:
            fail(f"--option {item!r}: {key} must be a {type(default).__name__}")
    c = context(ctx)
    try:
        df = a.func(c, date_from=date_from, date_to=date_to, agencies=tuple(agency or ()), status=status, scope=scope, **opts)
    except ValueError as exc:
        fail(str(exc))
    if fmt == "csv":
        from isd.analyze.output import to_csv_frame

        typer.echo(to_csv_frame(df).to_csv(index=False), nl=False)
    elif fmt == "json":
        print_json(df.to_dict(orient="records"))
    else:
        from isd.analyze.output import to_csv_frame

        print_table(to_csv_frame(df, max_ids=8).to_dict(orient="records"), title=f"{name}: {a.title}")


def report(
    ctx: typer.Context,
    out: Path | None = typer.Option(None, "--out", help="Output directory (default: ISD_HOME/reports/<date>)."),
    status: str = typer.Option("reviewed", "--status", help="reviewed (default) or all."),
    pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="Also print a PDF with Chromium when installed."),
) -> None:
    """Build the HTML report (charts, tables, methods, record appendix), CSVs, SVGs and PNGs.

    Example: isd report --out ./report
    """
    from isd.analyze.report import build_report

    c = context(ctx)
    path = build_report(c, out, status=status, pdf=pdf)
    typer.echo(f"report: {path}")
    typer.echo(f"open it: file://{path.resolve()}")


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze)
    app.command("report")(report)
