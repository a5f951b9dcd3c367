"""Verbs of the collection stage: ``sources``, ``collect``, ``archive``, ``watch``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from isd.clikit import context, fail, print_json, print_table

sources_app = typer.Typer(help="Source definitions (src/isd/collect/sources/<name>/source.yml).\n\nExample: isd sources list",
                          no_args_is_help=True)
archive_app = typer.Typer(help="The WARC archive of everything collected.\n\nExample: isd archive verify", no_args_is_help=True)


@sources_app.command("list")
def sources_list(ctx: typer.Context, json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the shipped source definitions.

    Example: isd sources list
    """
    from isd.collect.sources import load_all

    loaded, problems = load_all()
    rows = [{"name": s.name, "title": s.definition.title, "language": s.definition.language,
             "entry": len(s.definition.start_urls) + len(s.definition.feeds), "hosts": ", ".join(s.definition.allowed_hosts),
             "collector": "yes" if s.collector else ""} for s in loaded]
    if json_out:
        print_json(rows)
    else:
        print_table(rows, title="sources")
    for p in problems:
        typer.echo(f"invalid: {p}", err=True)
    if problems:
        raise typer.Exit(1)


@sources_app.command("show")
def sources_show(ctx: typer.Context, name: str = typer.Argument(..., help="Source name or path to a source.yml.")) -> None:
    """Show one source definition (validated) as JSON.

    Example: isd sources show mps_news
    """
    from isd.collect.sources import describe, load_source
    from isd.errors import InputError

    try:
        print_json(describe(load_source(name)))
    except InputError as exc:
        fail(str(exc))


@sources_app.command("check")
def sources_check(ctx: typer.Context, names: list[str] | None = typer.Argument(None, help="Names or paths; all shipped if none.")) -> None:
    """Check that source definitions are valid (fields, regular expressions, URLs).

    Example: isd sources check mps_news   |   isd sources check ./my_source/source.yml
    """
    from isd.collect.sources import load_source, source_names
    from isd.errors import InputError

    bad = 0
    for name in names or source_names():
        try:
            s = load_source(name)
            typer.echo(f"ok       {s.name}  ({s.path})")
        except InputError as exc:
            bad += 1
            typer.echo(f"invalid  {name}\n" + "\n".join(f"  - {p}" for p in exc.problems))
    if bad:
        raise typer.Exit(1)


def _since(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"--since {value!r}: expected a date YYYY-MM-DD")
        return None


def _print_summary(c, title: str, summary: dict) -> None:
    from rich.table import Table

    t = Table(title=title)
    t.add_column("")
    t.add_column("count", justify="right")
    for k in ("fetched", "new", "unchanged", "duplicate", "near_copy", "skipped", "failed", "listing_pages", "reindexed"):
        t.add_row(k.replace("_", " "), str(summary.get(k, 0)))
    c.console.print(t)
    for reason, n in (summary.get("failed_reasons") or {}).items():
        c.console.print(f"  failed ×{n}: {reason}", highlight=False)
    for reason, n in (summary.get("skipped_reasons") or {}).items():
        c.console.print(f"  skipped ×{n}: {reason}", highlight=False)


def collect(
    ctx: typer.Context,
    targets: list[str] | None = typer.Argument(None, help="Source name(s) or source.yml path(s); with --url/--file/--warc: URLs or paths."),
    url: bool = typer.Option(False, "--url", help="TARGETS are URLs to fetch."),
    file: bool = typer.Option(False, "--file", help="TARGETS are files or folders (HTML, PDF, text)."),
    warc_in: bool = typer.Option(False, "--warc", help="TARGETS are WARC files to import."),
    since: str | None = typer.Option(None, "--since", help="Skip articles dated (by URL or feed) before this date, and stop paging at listing pages older than it (YYYY-MM-DD)."),
    max_n: int | None = typer.Option(None, "--max", min=1, help="Fetch at most N articles per source."),
    refresh: bool = typer.Option(False, "--refresh", help="Re-fetch known articles (conditional requests)."),
    no_robots: bool = typer.Option(False, "--ignore-robots", hidden=True, help="Do not read robots.txt (testing only)."),
    json_out: bool = typer.Option(False, "--json", help="Print the summary as JSON on stdout."),
) -> None:
    """Collect sources into the archive and the store.

    Examples:
      isd collect mps_news --since 2024-01-01 --max 50
      isd collect --url https://english.news.cn/20250626/092d585564ed44758cff51d1170eff15/c.html
      isd collect --file readouts/ report.pdf
      isd collect --warc other-crawl.warc.gz
    """
    from isd.collect.crawler import SourceCrawl
    from isd.collect.ingest import collect_files, collect_urls, import_warc
    from isd.collect.sources import load_source
    from isd.errors import InputError

    c = context(ctx)
    targets = list(targets or [])
    if sum([url, file, warc_in]) > 1:
        fail("use one of --url, --file, --warc at a time")
    if not targets:
        fail("nothing to collect: give a source name (see `isd sources list`), or --url/--file/--warc with targets")
    show = not json_out
    results = {}
    opts = {"respect_robots": False} if no_robots else None
    try:
        if url:
            results["url"] = collect_urls(c, targets, fetcher_options=opts, progress=show).as_dict()
        elif file:
            results["file"] = collect_files(c, [Path(t) for t in targets], progress=show).as_dict()
        elif warc_in:
            for t in targets:
                results[t] = import_warc(c, Path(t), progress=show).as_dict()
        else:
            loaded = [load_source(t) for t in targets]
            since_d = _since(since)
            for s in loaded:
                results[s.name] = SourceCrawl(c, s, since=since_d, max_articles=max_n, refresh=refresh,
                                              fetcher_options=opts, progress=show).run().as_dict()
    except InputError as exc:
        fail(str(exc))
    if json_out:
        print_json(results)
    else:
        for name, summary in results.items():
            _print_summary(c, f"collected: {name}", summary)


@archive_app.command("verify")
def archive_verify(ctx: typer.Context, json_out: bool = typer.Option(False, "--json", help="Print the report as JSON.")) -> None:
    """Re-hash every WARC record and check the store against the archive; exit 1 on any mismatch.

    Example: isd archive verify
    """
    from isd.collect.verify import verify_archive

    c = context(ctx)
    rep = verify_archive(c)
    if json_out:
        print_json(rep)
    else:
        c.console.print(f"{rep['files']} WARC files, {rep['records']} records, {rep['store_rows_checked']} store rows checked")
        for p in rep["problems"][:200]:
            c.console.print(f"[red]mismatch:[/] {p}", highlight=False)
        c.console.print("[green]archive OK[/]" if rep["ok"] else f"[red]{len(rep['problems'])} problem(s)[/]")
    if not rep["ok"]:
        raise typer.Exit(1)


@archive_app.command("export")
def archive_export(ctx: typer.Context, out: Path = typer.Argument(..., help="Folder, or a file ending .tar.gz.")) -> None:
    """Pack the archive for a data release: WARC files, index.csv/index.json with hashes, SHA256SUMS.

    Example: isd archive export release/archive.tar.gz
    """
    from isd.collect.verify import export_archive

    print_json(export_archive(context(ctx), out))


@archive_app.command("reconcile")
def archive_reconcile(ctx: typer.Context) -> None:
    """Repair after an interrupted run (done automatically before every collection).

    Example: isd archive reconcile
    """
    from isd.collect.pipeline import reconcile

    print_json(reconcile(context(ctx)))


def watch(
    ctx: typer.Context,
    every: str = typer.Option("6h", "--every", help="Time between runs: 30m, 6h, 1d."),
    once: bool = typer.Option(False, "--once", help="Run once and exit (for cron)."),
    source: list[str] | None = typer.Option(None, "--source", "-s", help="Source to run (repeat); default: all with watch: true."),
    webhook: str | None = typer.Option(None, "--webhook", help="POST the digest JSON to this URL."),
) -> None:
    """Collect the configured sources on a schedule, extract new documents, write a digest
    (digest.json and digest.atom in the data directory).

    Examples:
      isd watch --once --source mps_news          (from cron)
      isd watch --every 6h --webhook https://hooks.example.org/isd
    """
    from isd.collect.sources import load_all
    from isd.collect.watch import parse_every, watch_loop, watch_once

    c = context(ctx)
    try:
        seconds = parse_every(every)
    except ValueError as exc:
        fail(str(exc))
        return
    if source:
        names = list(source)
    else:
        loaded, _problems = load_all()
        names = [s.name for s in loaded if s.definition.watch]
    if once:
        res = watch_once(c, names, webhook=webhook)
        print_json({"digest": res["digest"], "extraction": res["extraction"],
                    "collected": {k: {kk: v.get(kk) for kk in ("new", "failed", "error") if kk in v} for k, v in res["collected"].items()}})
    else:
        watch_loop(c, names, every=seconds, webhook=webhook)


def register(app: typer.Typer) -> None:
    app.add_typer(sources_app, name="sources")
    app.command("collect")(collect)
    app.add_typer(archive_app, name="archive")
    app.command("watch")(watch)
