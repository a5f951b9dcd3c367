"""The WARC archive: every response and every collected file, gzip WARC, one gzip
member per record, flushed and fsync'ed before the store hears of it.

Files live in ``settings.archive_dir`` as ``isd-<UTC time>-<pid>.warc.gz``.  While a
run writes a file, a lock file ``<name>.open`` exists and is ``flock``-ed by the writer;
a file whose ``.open`` marker is present but unlocked belongs to a run that died, and
:func:`isd.collect.pipeline.reconcile` repairs it (cuts a half-written tail, indexes
complete records the store has not heard of) before anything else is written.

Each response/resource record carries ``WARC-Payload-Digest: sha256:<base32>`` and
``ISD-SHA256: <hex>`` (the hash of the payload: the document's bytes), and ``ISD-Role``
(article, listing, feed, file) so re-indexing knows what a record was.
"""

from __future__ import annotations

import base64
import datetime as dt
import fcntl
import hashlib
import io
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# Content-Encoding / Transfer-Encoding were undone by the client: the archived payload is
# the decoded document, so these headers are kept under another name.
_RENAMED = {"content-encoding", "transfer-encoding", "content-length"}


def sha256_digest_b32(data_hash: bytes) -> str:
    return "sha256:" + base64.b32encode(data_hash).decode("ascii")


@dataclass
class WarcRef:
    file: str  # file name relative to the archive directory
    offset: int
    length: int
    record_id: str


@dataclass
class WarcItem:
    """One record read back from an archive."""

    file: str
    offset: int
    length: int
    record_type: str
    record_id: str
    uri: str
    date: str
    headers: dict[str, str]  # WARC headers
    http_status: int | None
    http_headers: list[tuple[str, str]]
    payload: bytes


class ArchiveWriter:
    """Appends records to a new WARC file of this run; thread-safe; fsyncs each record."""

    def __init__(self, archive_dir: Path, prefix: str = "isd"):
        self.dir = Path(archive_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        self.name = f"{prefix}-{stamp}-{os.getpid()}.warc.gz"
        self.path = self.dir / self.name
        self.marker = self.path.with_name(self.name + ".open")
        self._lock = threading.Lock()
        self._marker_fh = open(self.marker, "w")
        fcntl.flock(self._marker_fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._fh = open(self.path, "ab")
        self._writer = WARCWriter(self._fh, gzip=True)
        self.records = 0
        self.bytes = 0

    def write_response(self, url: str, *, status: int, reason: str, http_version: str, headers: list[tuple[str, str]],
                       body: bytes, fetched_at: dt.datetime, role: str, extra: dict[str, str] | None = None) -> WarcRef:
        hdrs = []
        for k, v in headers:
            if k.lower() in _RENAMED:
                hdrs.append((f"X-Archive-Orig-{k}", v))
            else:
                hdrs.append((k, v))
        hdrs.append(("Content-Length", str(len(body))))
        proto = http_version if http_version.startswith("HTTP/") else "HTTP/1.1"
        http_headers = StatusAndHeaders(f"{status} {reason}".strip(), hdrs, protocol=proto)
        return self._write(url, "response", body, fetched_at, role, http_headers=http_headers, extra=extra)

    def write_resource(self, uri: str, *, body: bytes, content_type: str, fetched_at: dt.datetime, role: str,
                       extra: dict[str, str] | None = None) -> WarcRef:
        return self._write(uri, "resource", body, fetched_at, role, content_type=content_type, extra=extra)

    def write_revisit(self, url: str, *, sha256_hex: str, refers_to: str, refers_to_date: str, fetched_at: dt.datetime,
                      status: int, role: str) -> WarcRef:
        headers = {
            "WARC-Date": fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "ISD-Role": role,
            "ISD-SHA256": sha256_hex,
            "ISD-Status": str(status),
        }
        with self._lock:
            rec = self._writer.create_revisit_record(url, sha256_digest_b32(bytes.fromhex(sha256_hex)), refers_to,
                                                     refers_to_date, warc_headers_dict=headers)
            return self._append(rec)

    def _write(self, uri: str, rtype: str, body: bytes, fetched_at: dt.datetime, role: str, *, http_headers=None,
               content_type: str = "", extra: dict[str, str] | None = None) -> WarcRef:
        digest = hashlib.sha256(body).digest()
        headers = {
            "WARC-Date": fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "WARC-Payload-Digest": sha256_digest_b32(digest),
            "ISD-SHA256": digest.hex(),
            "ISD-Role": role,
        }
        if content_type:
            headers["Content-Type"] = content_type
        for k, v in (extra or {}).items():
            headers[k] = v
        with self._lock:
            rec = self._writer.create_warc_record(uri, rtype, payload=io.BytesIO(body), length=len(body),
                                                  warc_headers_dict=headers, http_headers=http_headers,
                                                  warc_content_type=content_type)
            return self._append(rec)

    def _append(self, rec) -> WarcRef:
        offset = self._fh.tell()
        self._writer.write_record(rec)
        self._fh.flush()
        os.fsync(self._fh.fileno())
        end = self._fh.tell()
        self.records += 1
        self.bytes += end - offset
        return WarcRef(self.name, offset, end - offset, rec.rec_headers.get_header("WARC-Record-ID"))

    def close(self) -> None:
        """Seal the file: drop it if empty, remove the open marker."""
        with self._lock:
            if self._fh.closed:
                return
            self._fh.close()
            if self.path.stat().st_size == 0:
                self.path.unlink()
            fcntl.flock(self._marker_fh, fcntl.LOCK_UN)
            self._marker_fh.close()
            self.marker.unlink(missing_ok=True)


def warc_files(archive_dir: Path) -> list[Path]:
    return sorted(p for p in Path(archive_dir).glob("*.warc.gz") if p.is_file())


def orphaned_files(archive_dir: Path) -> list[Path]:
    """WARC files whose writer died (open marker present and not locked)."""
    out = []
    for marker in sorted(Path(archive_dir).glob("*.warc.gz.open")):
        with open(marker, "a") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a live run owns it
            fcntl.flock(fh, fcntl.LOCK_UN)
        out.append(marker.with_name(marker.name[: -len(".open")]))
    return out


def iter_records(path: Path, *, start: int = 0, with_payload: bool = True) -> Iterator[WarcItem]:
    """Records of a WARC file with their offsets.  Raises on a damaged record (caller decides)."""
    with open(path, "rb") as fh:
        fh.seek(start)
        it = ArchiveIterator(fh, no_record_parse=False, arc2warc=True, check_digests=False)
        for rec in it:
            payload = rec.content_stream().read() if with_payload and rec.rec_type != "revisit" else b""
            status = None
            http_headers: list[tuple[str, str]] = []
            if rec.http_headers is not None and rec.rec_type in ("response", "revisit"):
                try:
                    status = int(rec.http_headers.get_statuscode() or 0) or None
                except ValueError:
                    status = None
                http_headers = list(rec.http_headers.headers)
            item_offset = it.get_record_offset() + start
            headers = dict(rec.rec_headers.headers)
            it.read_to_end(rec)
            yield WarcItem(
                file=path.name, offset=item_offset, length=it.get_record_length(), record_type=rec.rec_type,
                record_id=headers.get("WARC-Record-ID", ""), uri=headers.get("WARC-Target-URI", ""),
                date=headers.get("WARC-Date", ""), headers=headers, http_status=status, http_headers=http_headers,
                payload=payload,
            )


def read_record(archive_dir: Path, file: str, offset: int) -> WarcItem:
    path = Path(archive_dir) / file
    for item in iter_records(path, start=offset):
        return item
    raise ValueError(f"{path}: no WARC record at offset {offset}")


def complete_prefix(path: Path) -> tuple[int, list[WarcItem], str | None]:
    """(end of the last complete record, complete records, error that stopped the scan)."""
    items: list[WarcItem] = []
    end = 0
    try:
        for item in iter_records(path):
            items.append(item)
            end = item.offset + item.length
    except Exception as exc:  # truncated gzip member, half-written headers, …
        return end, items, f"{type(exc).__name__}: {exc}"
    size = path.stat().st_size
    if end != size:
        return end, items, f"{size - end} trailing bytes after the last complete record"
    return end, items, None
