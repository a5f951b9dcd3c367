"""Collect single URLs, local files (HTML, PDF, text) and records of another WARC archive
through the same archive-then-index path as a crawl."""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from isd.collect.archive import iter_records
from isd.collect.fetch import Fetcher, HostPolicy
from isd.collect.pipeline import Collector, Summary, _parse_warc_date
from isd.collect.textproc import content_kind
from isd.errors import InputError, Problem

FILE_TYPES = {"html": "text/html", "pdf": "application/pdf", "text": "text/plain"}


def _progress(ctx, total: int, label: str, show: bool):
    from contextlib import nullcontext

    if not show:
        return nullcontext(None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), console=ctx.console)


def collect_urls(ctx, urls: Iterable[str], *, fetcher_options: dict[str, Any] | None = None, progress: bool = True) -> Summary:
    urls = list(dict.fromkeys(urls))
    opts: dict[str, Any] = {"default_policy": HostPolicy(1.0, 2)}
    opts.update(fetcher_options or {})
    with Fetcher(**opts) as fetcher, Collector(ctx) as col, _progress(ctx, len(urls), "urls", progress) as prog:
        task = prog.add_task("urls", total=len(urls)) if prog else None
        for url in urls:
            col.handle_fetch(fetcher.fetch(url), kind="article", source="url")
            if prog:
                prog.advance(task)
        return col.summary


def _file_list(paths: Iterable[Path]) -> list[Path]:
    out, problems = [], []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.is_file() and not q.name.startswith(".")))
        elif p.is_file():
            out.append(p)
        else:
            problems.append(Problem(str(p), "no such file or directory"))
    if problems:
        raise InputError(problems, "some files to collect do not exist; nothing was collected")
    return out


def collect_files(ctx, paths: Iterable[Path], *, progress: bool = True) -> Summary:
    files = _file_list(paths)
    with Collector(ctx) as col, _progress(ctx, len(files), "files", progress) as prog:
        task = prog.add_task("files", total=len(files)) if prog else None
        for f in files:
            data = f.read_bytes()
            kind = content_kind(mimetypes.guess_type(f.name)[0], data, f.name)
            ctype = FILE_TYPES.get(kind, "text/plain")
            when = dt.datetime.fromtimestamp(f.stat().st_mtime, dt.UTC).replace(tzinfo=None)
            col.summary.fetched += 1
            col.add_resource(f.resolve().as_uri(), data, content_type=ctype, name=f.name, source="file", fetched_at=when)
            if prog:
                prog.advance(task)
        return col.summary


def import_warc(ctx, path: Path, *, progress: bool = True) -> Summary:
    """Import the response/resource records of another WARC (or ARC) file: each is copied
    into our archive (so the store points at our copy) and indexed."""
    path = Path(path)
    if not path.is_file():
        raise InputError([Problem(str(path), "no such WARC file")])
    with Collector(ctx) as col, _progress(ctx, 0, "warc records", progress) as prog:
        task = prog.add_task("records", total=None) if prog else None
        try:
            for item in iter_records(path):
                if item.record_type not in ("response", "resource") or not item.payload:
                    continue
                if item.record_type == "response" and (item.http_status or 0) // 100 != 2:
                    continue
                ctype = {k.lower(): v for k, v in item.http_headers}.get("content-type") or item.headers.get("Content-Type", "")
                kind = content_kind(ctype, item.payload, item.uri)
                if kind not in FILE_TYPES:
                    continue
                col.summary.fetched += 1
                col.add_resource(item.uri, item.payload, content_type=ctype or FILE_TYPES[kind], name=item.uri,
                                 source="warc", fetched_at=_parse_warc_date(item.date), url=item.uri)
                if prog:
                    prog.advance(task)
        except Exception as exc:
            if isinstance(exc, InputError):
                raise
            raise InputError([Problem(str(path), f"damaged WARC after {col.summary.fetched} records: {type(exc).__name__}: {exc}")],
                             "the WARC file could not be read to the end; records before the damage were imported") from None
        return col.summary
