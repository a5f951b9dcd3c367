"""Archive first, then index: the one path every collected item takes.

For each fetched response or collected file:

1. hash the payload (SHA-256);
2. an exact copy of a known document → a small ``revisit`` WARC record and a fetch-log
   row (the store keeps one document);
3. otherwise extract text and metadata, write the WARC record (flushed and fsync'ed),
   THEN insert the ``documents`` row and its ``fetch_log`` row in one transaction.

Failed fetches (network errors, 4xx/5xx, refused by robots.txt, too large) are
recorded in ``fetch_log`` with the reason; only successful responses are archived.

So a store row always points at a complete WARC record; a crash between 3's two steps
leaves a WARC record the store lacks, which :func:`reconcile` (run before every
collection) indexes.  A half-written last record is cut off.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

import sqlalchemy as sa

from isd.collect import archive as warc
from isd.collect.dedup import StoryIndex, signature, to_bytes
from isd.collect.fetch import FetchResult, utcnow
from isd.collect.sources import DateHints
from isd.collect.textproc import Extracted, ExtractionError, extract

DOC_ROLES = ("article", "file")


def doc_id_for(sha: str) -> str:
    return "doc_" + sha[:16]


@dataclass
class Summary:
    fetched: int = 0
    new: int = 0
    unchanged: int = 0
    duplicate: int = 0  # exact copy of a document already stored
    near_copy: int = 0  # new document linked to an existing story
    skipped: int = 0
    failed: int = 0
    listing_pages: int = 0
    reindexed: int = 0
    reasons: Counter = field(default_factory=Counter)
    skip_reasons: Counter = field(default_factory=Counter)
    new_ids: list[str] = field(default_factory=list)
    archive_bytes: int = 0

    def as_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in ("fetched", "new", "unchanged", "duplicate", "near_copy", "skipped", "failed",
                                            "listing_pages", "reindexed", "archive_bytes")}
        d["failed_reasons"] = dict(self.reasons.most_common())
        d["skipped_reasons"] = dict(self.skip_reasons.most_common())
        return d

    def fail(self, reason: str) -> None:
        self.failed += 1
        self.reasons[_reason_key(reason)] += 1


def _reason_key(reason: str) -> str:
    import re

    m = re.search(r"HTTP (\d{3})", reason)
    if m and not reason.startswith("robots"):
        return f"HTTP {m.group(1)}"
    for key in ("robots.txt", "redirect loop", "too large", "timeout", "network", "not an http", "not in allowed_hosts",
                "redirects", "unreadable"):
        if key in reason:
            return key
    return reason[:80]


class Collector:
    """Writes the archive and the store for one collection run (single writer thread)."""

    def __init__(self, ctx, *, reconcile_first: bool = True):
        self.ctx = ctx
        self.store = ctx.store
        self.archive_dir = Path(ctx.settings.archive_dir)
        self.summary = Summary()
        self._writer: warc.ArchiveWriter | None = None
        self._stories: StoryIndex | None = None
        self.docs = self.store.table("documents")
        self.log = self.store.table("fetch_log")
        if reconcile_first:
            rec = reconcile(ctx, collector=self)
            self.summary.reindexed = rec["reindexed"]

    # --- resources ----------------------------------------------------------------------

    @property
    def writer(self) -> warc.ArchiveWriter:
        if self._writer is None:
            self._writer = warc.ArchiveWriter(self.archive_dir)
        return self._writer

    @property
    def stories(self) -> StoryIndex:
        if self._stories is None:
            idx = StoryIndex()
            with self.store.engine.connect() as c:
                rows = c.execute(sa.select(self.docs.c.id, self.docs.c.minhash, self.docs.c.story_id)
                                 .where(self.docs.c.minhash.is_not(None)).order_by(self.docs.c.fetched_at, self.docs.c.id))
                idx.load((r[0], r[1], r[2]) for r in rows)
            self._stories = idx
        return self._stories

    def close(self) -> None:
        if self._writer is not None:
            self.summary.archive_bytes += self._writer.bytes
            self._writer.close()
            self._writer = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- queries --------------------------------------------------------------------------

    def doc_by_sha(self, sha: str) -> dict | None:
        with self.store.engine.connect() as c:
            row = c.execute(sa.select(self.docs.c.id, self.docs.c.url, self.docs.c.fetched_at, self.docs.c.warc_record_id)
                            .where(self.docs.c.sha256 == sha)).mappings().first()
            return dict(row) if row else None

    def validators(self, url: str) -> dict | None:
        """The newest archived fetch of a URL: etag, last_modified, sha256 and its WARC record."""
        with self.store.engine.connect() as c:
            row = c.execute(sa.select(self.log.c.etag, self.log.c.last_modified, self.log.c.sha256, self.log.c.warc_file,
                                      self.log.c.warc_offset, self.log.c.document_id)
                            .where(self.log.c.url == url, self.log.c.warc_file.is_not(None))
                            .order_by(self.log.c.id.desc()).limit(1)).mappings().first()
            return dict(row) if row else None

    def known_article_urls(self) -> set[str]:
        out: set[str] = set()
        with self.store.engine.connect() as c:
            for u, f in c.execute(sa.select(self.docs.c.url, self.docs.c.final_url)):
                out.update(x for x in (u, f) if x)
            for (u,) in c.execute(sa.select(self.log.c.url).where(self.log.c.kind == "article",
                                                                   self.log.c.outcome.in_(["new", "unchanged", "duplicate"]))):
                out.add(u)
        return out

    # --- writing --------------------------------------------------------------------------

    def log_row(self, conn, url: str, *, outcome: str, kind: str, source: str | None, status: int | None = None,
                reason: str | None = None, document_id: str | None = None, final_url: str | None = None,
                sha: str | None = None, etag: str | None = None, last_modified: str | None = None,
                ref: warc.WarcRef | None = None, when: dt.datetime | None = None) -> None:
        conn.execute(self.log.insert().values(
            url=url, source_name=source, fetched_at=(when or utcnow()).replace(microsecond=0), status=status, outcome=outcome,
            document_id=document_id, reason=reason, kind=kind, final_url=final_url, sha256=sha, etag=etag,
            last_modified=last_modified, warc_file=ref.file if ref else None, warc_offset=ref.offset if ref else None,
        ))

    def record_failure(self, url: str, reason: str, *, kind: str, source: str | None, status: int | None = None,
                       outcome: str = "failed") -> None:
        with self.store.transaction() as conn:
            self.log_row(conn, url, outcome=outcome, kind=kind, source=source, status=status, reason=reason)
        if outcome == "failed":
            self.summary.fail(reason)
        else:
            self.summary.skipped += 1
            self.summary.skip_reasons[_reason_key(reason)] += 1

    def handle_fetch(self, res: FetchResult, *, kind: str, source: str | None, hints: DateHints | None = None) -> str | None:
        """Archive and index one fetch result.  Returns the document id (articles) or None."""
        if res.error or res.status is None:
            reason = res.error or "no response"
            refused = reason.startswith(("robots.txt disallows", "host ")) and res.status is None
            self.record_failure(res.url, reason, kind=kind, source=source, status=res.status,
                                outcome="skipped" if refused else "failed")
            return None
        self.summary.fetched += 1
        etag, lastmod = res.header("etag"), res.header("last-modified")
        if res.not_modified:
            prev = self.validators(res.url) or {}
            with self.store.transaction() as conn:
                self.log_row(conn, res.url, outcome="unchanged", kind=kind, source=source, status=304, final_url=res.final_url,
                             sha=prev.get("sha256"), etag=etag or prev.get("etag"), last_modified=lastmod or prev.get("last_modified"),
                             document_id=prev.get("document_id"),
                             ref=warc.WarcRef(prev["warc_file"], prev["warc_offset"], 0, "") if prev.get("warc_file") else None)
            self.summary.unchanged += 1
            return prev.get("document_id")
        body = res.body or b""
        sha = hashlib.sha256(body).hexdigest()
        ctype = res.header("content-type") or ""
        if kind in DOC_ROLES:
            existing = self.doc_by_sha(sha)
            if existing:
                return self._revisit(res, sha, existing, kind=kind, source=source, etag=etag, lastmod=lastmod)
            ex, err = self._extract(body, url=res.final_url, ctype=ctype, hints=hints)
        else:
            prev = self.validators(res.url)
            if prev and prev.get("sha256") == sha:
                # the visit is archived as a revisit record; the log row keeps pointing at the full copy
                self.writer.write_revisit(res.final_url, sha256_hex=sha, refers_to=res.final_url,
                                          refers_to_date=res.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                          fetched_at=res.fetched_at, status=res.status, role=kind)
                with self.store.transaction() as conn:
                    self.log_row(conn, res.url, outcome="unchanged", kind=kind, source=source, status=res.status,
                                 final_url=res.final_url, sha=sha, etag=etag, last_modified=lastmod,
                                 ref=warc.WarcRef(prev["warc_file"], prev["warc_offset"], 0, ""), when=res.fetched_at)
                self.summary.unchanged += 1
                return None
            ex, err = None, None
        extra = {"ISD-Source": source} if source else {}
        if res.url != res.final_url:
            extra["ISD-Requested-URI"] = res.url
        ref = self.writer.write_response(res.final_url, status=res.status, reason=res.reason_phrase, http_version=res.http_version,
                                         headers=res.headers, body=body, fetched_at=res.fetched_at, role=kind, extra=extra)
        if kind not in DOC_ROLES:
            with self.store.transaction() as conn:
                self.log_row(conn, res.url, outcome="new", kind=kind, source=source, status=res.status, final_url=res.final_url,
                             sha=sha, etag=etag, last_modified=lastmod, ref=ref, when=res.fetched_at)
            self.summary.listing_pages += 1
            return None
        return self._insert_doc(sha=sha, body_len=len(body), ex=ex, err=err, url=res.url, final_url=res.final_url,
                                status=res.status, fetched_at=res.fetched_at, source=source, ref=ref, etag=etag,
                                lastmod=lastmod, kind=kind, content_type=ctype)

    def add_resource(self, uri: str, body: bytes, *, content_type: str, name: str, source: str = "file",
                     fetched_at: dt.datetime | None = None, hints: DateHints | None = None,
                     url: str | None = None) -> str | None:
        """A collected file (or an imported record): archived as a WARC resource record, then indexed."""
        fetched_at = fetched_at or utcnow()
        sha = hashlib.sha256(body).hexdigest()
        existing = self.doc_by_sha(sha)
        if existing:
            with self.store.transaction() as conn:
                self.log_row(conn, uri, outcome="duplicate", kind="file", source=source, document_id=existing["id"], sha=sha,
                             reason=f"exact copy of {existing['id']}", when=fetched_at)
            self.summary.duplicate += 1
            return existing["id"]
        ex, err = self._extract(body, url=url or uri, ctype=content_type, hints=hints, name=name)
        ref = self.writer.write_resource(uri, body=body, content_type=content_type or "application/octet-stream",
                                         fetched_at=fetched_at, role="file", extra={"ISD-Source": source})
        # a text file's URL header line names the page it came from; the file is where we read it
        doc_url = url or (ex.headers.get("URL") if ex and ex.headers.get("URL", "").startswith(("http://", "https://")) else None) or uri
        return self._insert_doc(sha=sha, body_len=len(body), ex=ex, err=err, url=doc_url, final_url=url or uri, status=None,
                                fetched_at=fetched_at, source=source, ref=ref, etag=None, lastmod=None, kind="file",
                                content_type=content_type)

    def _extract(self, body: bytes, *, url: str, ctype: str, hints, name: str = "") -> tuple[Extracted | None, str | None]:
        try:
            return extract(body, url=url, content_type=ctype, hints=hints, name=name), None
        except ExtractionError as exc:
            return None, str(exc)

    def _revisit(self, res: FetchResult, sha: str, existing: dict, *, kind: str, source: str | None, etag, lastmod) -> str:
        first = existing.get("fetched_at")
        ref = self.writer.write_revisit(res.final_url, sha256_hex=sha, refers_to=existing.get("url") or res.final_url,
                                        refers_to_date=(first or res.fetched_at).strftime("%Y-%m-%dT%H:%M:%SZ"),
                                        fetched_at=res.fetched_at, status=res.status, role=kind)
        same = existing.get("url") in (res.url, res.final_url)
        outcome = "unchanged" if same else "duplicate"
        with self.store.transaction() as conn:
            self.log_row(conn, res.url, outcome=outcome, kind=kind, source=source, status=res.status, final_url=res.final_url,
                         document_id=existing["id"], sha=sha, etag=etag, last_modified=lastmod, ref=ref, when=res.fetched_at,
                         reason=None if same else f"exact copy of {existing['id']}")
        if same:
            self.summary.unchanged += 1
        else:
            self.summary.duplicate += 1
        return existing["id"]

    def _insert_doc(self, *, sha, body_len, ex: Extracted | None, err, url, final_url, status, fetched_at, source, ref,
                    etag, lastmod, kind, content_type) -> str:
        doc_id = doc_id_for(sha)
        sig = signature(ex.text) if ex and ex.text else None
        story = self.stories.story_for(doc_id, sig)
        row = {
            "id": doc_id, "url": url, "final_url": final_url, "source_name": source, "status": status,
            "fetched_at": fetched_at.replace(microsecond=0), "sha256": sha,
            "content_type": (ex.content_type if ex else (content_type or None)), "encoding": ex.encoding if ex else None,
            "language": ex.language if ex else None, "title": (ex.title[:2000] if ex and ex.title else None),
            "published": ex.published if ex else None, "text": ex.text if ex else None, "size": body_len,
            "warc_file": ref.file, "warc_offset": ref.offset, "warc_length": ref.length, "warc_record_id": ref.record_id,
            "etag": etag, "last_modified": lastmod, "story_id": story, "error": err, "minhash": to_bytes(sig) if sig is not None else None,
        }
        try:
            with self.store.transaction() as conn:
                conn.execute(self.docs.insert().values(**row))
                self.log_row(conn, url, outcome="new", kind=kind, source=source, status=status, final_url=final_url,
                             document_id=doc_id, sha=sha, etag=etag, last_modified=lastmod, ref=ref, when=fetched_at)
        except sa.exc.IntegrityError:  # another process stored the same bytes meanwhile
            with self.store.transaction() as conn:
                self.log_row(conn, url, outcome="duplicate", kind=kind, source=source, status=status, document_id=doc_id,
                             sha=sha, ref=ref, reason="stored concurrently by another run", when=fetched_at)
            self.summary.duplicate += 1
            return doc_id
        self.stories.add(doc_id, sig, story)
        self.summary.new += 1
        self.summary.new_ids.append(doc_id)
        if story != doc_id:
            self.summary.near_copy += 1
        return doc_id


# --- reconciliation -------------------------------------------------------------------------


def reconcile(ctx, *, collector: Collector | None = None) -> dict[str, Any]:
    """Repair the archive after a crash: cut half-written tails of orphaned WARC files and
    index their complete records the store has not heard of.  Safe to run any time."""
    archive_dir = Path(ctx.settings.archive_dir)
    out = {"files": 0, "truncated_bytes": 0, "reindexed": 0, "problems": []}
    if not archive_dir.exists():
        return out
    col = collector
    for marker in sorted(archive_dir.glob("*.warc.gz.open")):
        fh = open(marker, "a")
        try:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a live run owns it
            path = marker.with_name(marker.name[: -len(".open")])
            out["files"] += 1
            if path.exists():
                end, items, err = warc.complete_prefix(path)
                if err:
                    size = path.stat().st_size
                    with open(path, "r+b") as wf:
                        wf.truncate(end)
                        wf.flush()
                        os.fsync(wf.fileno())
                    out["truncated_bytes"] += size - end
                    out["problems"].append(f"{path.name}: cut {size - end} bytes of an incomplete record ({err})")
                if col is None:
                    col = Collector(ctx, reconcile_first=False)
                out["reindexed"] += _index_items(col, path, items)
                if path.stat().st_size == 0:
                    path.unlink()
            marker.unlink(missing_ok=True)
        finally:
            fh.close()
    if col is not None and col is not collector:
        col.close()
    return out


def _index_items(col: Collector, path: Path, items: list[warc.WarcItem]) -> int:
    """Index complete records of an orphaned file that the store lacks; returns how many."""
    n = 0
    for item in items:
        role = item.headers.get("ISD-Role")
        sha = item.headers.get("ISD-SHA256")
        if item.record_type not in ("response", "resource") or not sha:
            continue
        ref = warc.WarcRef(path.name, item.offset, item.length, item.record_id)
        when = _parse_warc_date(item.date)
        source = item.headers.get("ISD-Source")
        if role in DOC_ROLES:
            if col.doc_by_sha(sha):
                continue
            ctype = {k.lower(): v for k, v in item.http_headers}.get("content-type") or item.headers.get("Content-Type", "")
            ex, err = col._extract(item.payload, url=item.uri, ctype=ctype, hints=_hints_for(source))
            requested = item.headers.get("ISD-Requested-URI") or item.uri
            col._insert_doc(sha=sha, body_len=len(item.payload), ex=ex, err=err, url=requested, final_url=item.uri,
                            status=item.http_status, fetched_at=when, source=source, ref=ref, etag=None, lastmod=None,
                            kind=role, content_type=ctype)
            n += 1
        else:
            with col.store.engine.connect() as c:
                seen = c.execute(sa.select(sa.func.count()).select_from(col.log).where(
                    col.log.c.warc_file == path.name, col.log.c.warc_offset == item.offset)).scalar()
            if not seen:
                with col.store.transaction() as conn:
                    col.log_row(conn, item.headers.get("ISD-Requested-URI") or item.uri, outcome="new", kind=role or "other",
                                source=source, status=item.http_status, final_url=item.uri, sha=sha, ref=ref, when=when,
                                reason="re-indexed from the archive after an interrupted run")
                n += 1
    return n


def _hints_for(source: str | None) -> DateHints | None:
    if not source:
        return None
    from isd.collect.sources import load_source, source_names

    if source in source_names():
        try:
            return load_source(source).definition.dates
        except Exception:
            return None
    return None


def _parse_warc_date(value: str) -> dt.datetime:
    try:
        return dt.datetime.strptime(value[:19], "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return utcnow()
