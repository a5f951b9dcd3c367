"""``isd archive verify`` and ``isd archive export``.

verify: every WARC record is re-hashed; its SHA-256 must equal its ``ISD-SHA256`` /
``WARC-Payload-Digest`` header, and every store row (documents, fetch_log) must point
at a complete record whose hash is the row's hash.

export: the WARC files plus ``index.csv`` and ``index.json`` (one row per document:
id, url, hashes, WARC file and offset) and ``SHA256SUMS`` into a folder or a .tar.gz.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from isd.collect import archive as warc
from isd.collect.archive import sha256_digest_b32

INDEX_COLUMNS = ["id", "url", "final_url", "source_name", "fetched_at", "sha256", "size", "language", "title", "published",
                 "story_id", "warc_file", "warc_offset", "warc_length", "warc_record_id"]


def verify_archive(ctx, progress: bool = True) -> dict[str, Any]:
    store = ctx.store
    archive_dir = Path(ctx.settings.archive_dir)
    problems: list[str] = []
    by_pos: dict[tuple[str, int], str] = {}
    records = 0
    files = warc.warc_files(archive_dir) if archive_dir.exists() else []
    open_files = {m.name[: -len(".open")] for m in archive_dir.glob("*.warc.gz.open")} if archive_dir.exists() else set()
    for path in files:
        try:
            for item in warc.iter_records(path):
                records += 1
                if item.record_type not in ("response", "resource"):
                    continue
                actual = hashlib.sha256(item.payload).digest()
                by_pos[(path.name, item.offset)] = actual.hex()
                claimed = item.headers.get("ISD-SHA256")
                digest = item.headers.get("WARC-Payload-Digest", "")
                if claimed and claimed != actual.hex():
                    problems.append(f"{path.name}@{item.offset} {item.uri}: payload SHA-256 {actual.hex()} != header {claimed}")
                elif digest.startswith("sha256:") and digest != sha256_digest_b32(actual):
                    problems.append(f"{path.name}@{item.offset} {item.uri}: WARC-Payload-Digest does not match the payload")
        except Exception as exc:
            note = " (a run is writing it)" if path.name in open_files else ""
            problems.append(f"{path.name}: damaged after {records} records{note}: {type(exc).__name__}: {exc}")
    docs = store.table("documents")
    log = store.table("fetch_log")
    checked = 0
    with store.engine.connect() as c:
        for row in c.execute(sa.select(docs.c.id, docs.c.sha256, docs.c.warc_file, docs.c.warc_offset)):
            checked += 1
            key = (row.warc_file, row.warc_offset)
            if row.warc_file is None:
                problems.append(f"document {row.id}: no WARC record")
            elif key not in by_pos:
                problems.append(f"document {row.id}: no complete WARC record at {row.warc_file}@{row.warc_offset}")
            elif by_pos[key] != row.sha256:
                problems.append(f"document {row.id}: store hash {row.sha256} != archived payload hash {by_pos[key]}")
        q = sa.select(log.c.id, log.c.url, log.c.sha256, log.c.warc_file, log.c.warc_offset).where(
            log.c.warc_file.is_not(None), log.c.outcome == "new")
        for row in c.execute(q):
            checked += 1
            key = (row.warc_file, row.warc_offset)
            if key not in by_pos:
                problems.append(f"fetch_log {row.id} ({row.url}): no complete WARC record at {row.warc_file}@{row.warc_offset}")
            elif row.sha256 and by_pos[key] != row.sha256:
                problems.append(f"fetch_log {row.id} ({row.url}): hash {row.sha256} != archived {by_pos[key]}")
    return {"files": len(files), "records": records, "store_rows_checked": checked, "problems": problems, "ok": not problems}


def _index_rows(ctx) -> list[dict[str, Any]]:
    docs = ctx.store.table("documents")
    with ctx.store.engine.connect() as c:
        rows = c.execute(sa.select(*[docs.c[k] for k in INDEX_COLUMNS]).order_by(docs.c.fetched_at, docs.c.id)).mappings().all()
    return [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()} for r in rows]


def _file_sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def export_archive(ctx, out: Path) -> dict[str, Any]:
    """Pack the archive for a data release: a folder, or a .tar.gz when OUT ends with .tar.gz."""
    out = Path(out)
    archive_dir = Path(ctx.settings.archive_dir)
    files = [p for p in (warc.warc_files(archive_dir) if archive_dir.exists() else [])
             if not p.with_name(p.name + ".open").exists()]
    rows = _index_rows(ctx)
    csv_buf = io.StringIO()
    w = csv.DictWriter(csv_buf, fieldnames=INDEX_COLUMNS)
    w.writeheader()
    w.writerows(rows)
    index_json = json.dumps({"documents": rows, "warc_files": [p.name for p in files]}, ensure_ascii=False, indent=1)
    sums = "".join(f"{_file_sha(p)}  warc/{p.name}\n" for p in files)
    if out.name.endswith(".tar.gz"):
        out.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(out, "w:gz") as tar:
            for p in files:
                tar.add(p, arcname=f"isd-archive/warc/{p.name}")
            for name, text in (("index.csv", csv_buf.getvalue()), ("index.json", index_json), ("SHA256SUMS", sums)):
                data = text.encode("utf-8")
                info = tarfile.TarInfo(f"isd-archive/{name}")
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    else:
        (out / "warc").mkdir(parents=True, exist_ok=True)
        for p in files:
            shutil.copy2(p, out / "warc" / p.name)
        (out / "index.csv").write_text(csv_buf.getvalue(), encoding="utf-8")
        (out / "index.json").write_text(index_json, encoding="utf-8")
        (out / "SHA256SUMS").write_text(sums, encoding="utf-8")
    return {"out": str(out), "warc_files": len(files), "documents": len(rows),
            "bytes": sum(p.stat().st_size for p in files)}
