"""Crawl one source: feeds and listing pages (paged back by template or next link),
article links by the source's patterns, articles fetched in parallel (per-host limits
in the fetcher), every response archived and indexed by :class:`Collector` in the main
thread.

Resumable: articles already collected are not fetched again (``refresh=True`` re-asks
with conditional requests); a listing page that is unchanged (304 or same bytes) is read
back from the archive, so links found by a killed run are not lost.  Paging stops early
on a page whose articles are all known only when the previous run of the source
finished (it is recorded in the store's meta table).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from isd.collect import archive as warc
from isd.collect.fetch import Fetcher, FetchResult, HostPolicy
from isd.collect.pipeline import Collector, Summary
from isd.collect.sources import LoadedSource, SourceDef
from isd.collect.textproc import date_from_url, decode, parse_date

META_COMPLETE = "collect.complete.{}"


@dataclass
class Link:
    url: str
    text: str
    date: dt.date | None = None


def page_links(html: str, base: str) -> list[Link]:
    """All <a href> links of a page, absolute, without fragments (lxml's recovering parser)."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except Exception:  # empty or hopeless markup
        return []
    base_el = root.find(".//base[@href]")
    if base_el is not None:
        base = urljoin(base, base_el.get("href", ""))
    out, seen = [], set()
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        url = urldefrag(urljoin(base, href))[0]
        if url in seen:
            continue
        seen.add(url)
        out.append(Link(url, " ".join((a.text_content() or "").split())))
    return out


def feed_links(data: bytes) -> list[Link]:
    """Items of an RSS 2.0 or Atom feed (link and date)."""
    from lxml import etree

    try:
        root = etree.fromstring(data, parser=etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    out = []
    for item in root.xpath("//*[local-name()='item' or local-name()='entry']"):
        link = None
        for el in item.xpath("./*[local-name()='link']"):
            href = el.get("href")
            if href and el.get("rel", "alternate") == "alternate":
                link = href
                break
            if el.text and el.text.strip():
                link = el.text.strip()
                break
        if not link:
            continue
        title = "".join(item.xpath("./*[local-name()='title']//text()")).strip()
        when = None
        for tag in ("pubDate", "published", "updated", "date"):
            vals = item.xpath(f"./*[local-name()='{tag}']/text()")
            if vals:
                when = parse_date(vals[0]) or _rfc822_date(vals[0])
                if when:
                    break
        out.append(Link(link, title, when))
    return out


def _rfc822_date(value: str) -> dt.date | None:
    import email.utils

    try:
        return email.utils.parsedate_to_datetime(value.strip()).date()
    except (TypeError, ValueError):
        return None


class SourceCrawl:
    def __init__(self, ctx, loaded: LoadedSource, *, since: dt.date | None = None, max_articles: int | None = None,
                 refresh: bool = False, fetcher_options: dict[str, Any] | None = None, progress: bool = True):
        self.ctx = ctx
        self.loaded = loaded
        self.since = since
        self.max_articles = max_articles
        self.refresh = refresh
        self.fetcher_options = fetcher_options or {}
        self.show_progress = progress

    def run(self) -> Summary:
        hook = getattr(self.loaded.collector, "session", None) if self.loaded.collector else None
        cm = hook(self.loaded.definition) if hook else contextlib.nullcontext(self.loaded.definition)
        with cm as definition:
            return self._run(definition)

    # --- main loop ---------------------------------------------------------------------

    def _run(self, d: SourceDef) -> Summary:
        store = self.ctx.store
        opts = {"timeout": d.timeout, "max_bytes": d.max_bytes, "default_policy": HostPolicy(d.rate_limit, d.concurrency)}
        opts.update(self.fetcher_options)
        self.d = d
        self.previous_complete = store.get_meta(META_COMPLETE.format(d.name)) is not None
        with Fetcher(**opts) as fetcher, Collector(self.ctx) as col, self._progress() as prog:
            self.fetcher, self.col, self.prog = fetcher, col, prog
            self.known = set() if self.refresh else col.known_article_urls()
            self.queued: set[str] = set()
            self.pending: dict[Future, str] = {}
            self.submitted = 0
            workers = max(2, d.concurrency * max(1, len(d.allowed_hosts)))
            self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"isd-{d.name}")
            self.task = prog.add_task(f"{d.name}: articles", total=0) if prog else None
            try:
                for feed in d.feeds:
                    self._feed(feed)
                for start in d.start_urls:
                    self._listing(start)
                self._drain(block=True)
            finally:
                self.pool.shutdown(wait=True, cancel_futures=True)
            store.set_meta(META_COMPLETE.format(d.name), dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
            return col.summary

    @contextlib.contextmanager
    def _progress(self) -> Iterator[Any]:
        if not self.show_progress:
            yield None
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=self.ctx.console, transient=False) as p:
            yield p

    def _allow(self, url: str) -> str | None:
        host = urlsplit(url).hostname or ""
        if not self.d.host_allowed(host):
            return f"host {host} is not in allowed_hosts of source {self.d.name}"
        return None

    # --- discovery -------------------------------------------------------------------------

    def _fetch_page(self, url: str, kind: str) -> bytes | None:
        """Fetch a listing/feed page (conditional) and archive it; its bytes (from the archive when unchanged)."""
        prev = self.col.validators(url)
        res = self.fetcher.fetch(url, etag=(prev or {}).get("etag"), last_modified=(prev or {}).get("last_modified"),
                                 allow_url=self._allow)
        self.col.handle_fetch(res, kind=kind, source=self.d.name)
        self._drain(block=False)
        if res.ok:
            return res.body
        if res.not_modified and prev and prev.get("warc_file"):
            try:
                return warc.read_record(self.col.archive_dir, prev["warc_file"], prev["warc_offset"]).payload
            except Exception:  # archive copy missing: refetch unconditionally
                res2 = self.fetcher.fetch(url, allow_url=self._allow)
                self.col.handle_fetch(res2, kind=kind, source=self.d.name)
                return res2.body if res2.ok else None
        return None

    def _feed(self, url: str) -> None:
        data = self._fetch_page(url, "feed")
        if data is None:
            return
        for link in feed_links(data):
            self._consider(link)

    def _listing(self, start: str) -> None:
        pg = self.d.pagination
        max_pages = pg.max_pages if pg else 1
        url: str | None = start
        n = pg.first if pg else 0
        seen_pages = {start}
        for _page in range(max_pages):
            if url is None or self._full():
                return
            data = self._fetch_page(url, "listing")
            if data is None:
                return
            html, _enc = decode(data)
            links = self._article_links(url, html)
            if not links:
                return
            fresh = [ln for ln in links if ln.url not in self.known and self._allow(ln.url) is None
                     and self.fetcher.robots_allows(ln.url)[0]]
            for link in links:
                self._consider(link)
            dated = [ln.date for ln in links if ln.date]
            if self.since and dated and max(dated) < self.since:
                return  # this page is older than --since: the next ones are too
            if not fresh and self.previous_complete and not self.since:
                return  # incremental run: caught up with what we have
            url = self._next_page(url, html, n, pg)
            n += pg.step if pg else 1
            if url in seen_pages:
                return
            if url:
                seen_pages.add(url)

    def _article_links(self, page_url: str, html: str) -> list[Link]:
        hook = getattr(self.loaded.collector, "links", None) if self.loaded.collector else None
        if hook:
            urls = [urljoin(page_url, u) for u in hook(self.d, page_url, html)]
            links = [Link(u, "") for u in urls]
        else:
            links = [ln for ln in page_links(html, page_url) if self.d.is_article(ln.url)]
        for ln in links:
            ln.date = date_from_url(ln.url, self.d.dates)
        return links

    def _next_page(self, url: str, html: str, n: int, pg) -> str | None:
        if pg is None:
            return None
        if pg.template:
            return pg.template.format(n=n)
        for ln in page_links(html, url):
            if pg.next_pattern and re.search(pg.next_pattern, ln.url):
                return ln.url
            if ln.text and ln.text.strip() in pg.next_text:
                return ln.url
        return None

    # --- articles ----------------------------------------------------------------------------

    def _full(self) -> bool:
        return self.max_articles is not None and self.submitted >= self.max_articles

    def _consider(self, link: Link) -> None:
        url = link.url
        if url in self.queued:
            return
        self.queued.add(url)
        if url in self.known:
            return
        why = self._allow(url)
        if why:
            self.col.record_failure(url, why, kind="article", source=self.d.name, outcome="skipped")
            return
        when = link.date or date_from_url(url, self.d.dates)
        if self.since and when and when < self.since:
            return
        if self._full():
            return
        prev = self.col.validators(url) if self.refresh else None
        fut = self.pool.submit(self.fetcher.fetch, url, etag=(prev or {}).get("etag"),
                               last_modified=(prev or {}).get("last_modified"), allow_url=self._allow)
        self.pending[fut] = url
        self.submitted += 1
        if self.prog is not None:
            self.prog.update(self.task, total=self.submitted)

    def _drain(self, block: bool) -> None:
        while self.pending:
            done, _ = wait(list(self.pending), timeout=None if block else 0, return_when=FIRST_COMPLETED)
            if not done:
                return
            for fut in done:
                url = self.pending.pop(fut)
                try:
                    res: FetchResult = fut.result()
                except Exception as exc:  # a bug in fetching one URL must not stop the crawl
                    res = FetchResult(url, url, error=f"internal error: {type(exc).__name__}: {exc}")
                # extraction runs here, not in the workers: CPU-bound Python in 8 threads measured 3x slower (GIL)
                self.col.handle_fetch(res, kind="article", source=self.d.name, hints=self.d.dates)
                if self.prog is not None:
                    self.prog.advance(self.task)
