"""Extraction over the store's collected documents (``isd extract --from-store``).

    from isd.extract.store import extract_from_store
    summary = extract_from_store(ctx, only_new=True)

Reads the ``documents`` table (the collector fills it), extracts each document's events,
writes them as ``candidate`` records (idempotently, see :mod:`isd.extract.store_io`) and
sets ``extracted_at`` / ``extractor_version`` on the documents it handled.  Used by the
CLI, ``isd demo`` and ``isd watch``.
"""

from __future__ import annotations

from typing import Any, Callable


def extract_from_store(ctx: Any, *, only_new: bool = True, batch: int = 200,
                       on_result: Callable[[dict[str, Any]], None] | None = None,
                       progress: Callable[[], None] | None = None) -> dict[str, Any]:
    """Extract the store's documents (only those never extracted with ``only_new``).

    Returns {documents, events, created, updated, unchanged, errors}; a document whose
    extraction fails is reported in ``errors`` (by id) and left unmarked, so a later run
    retries it.
    """
    from isd.extract.api import extract_text
    from isd.extract.store_io import mark_extracted, pending_documents, write_results

    store = ctx.store
    try:
        codebook = ctx.codebook
    except Exception:  # the packaged codebook cannot load: extract_text falls back to its own lists
        codebook = None
    summary: dict[str, Any] = {"documents": 0, "events": 0, "created": 0, "updated": 0, "unchanged": 0, "errors": []}
    pending: list[dict[str, Any]] = []
    done: list[str] = []

    def flush() -> None:
        if pending:
            for k, v in write_results(store, pending).items():
                summary[k] += v
        mark_extracted(store, done)
        pending.clear()
        done.clear()

    for row in pending_documents(store, only_new=only_new, batch=batch):
        published = row["published"].isoformat() if row.get("published") else None
        doc = {"path": None, "url": row["url"], "language": row["language"], "published": published,
               "sha256": row["sha256"], "document_id": row["id"]}
        try:
            events = extract_text(row["text"] or "", meta={"published": published, "url": row["url"]},
                                  codebook=codebook)
        except Exception as exc:  # one bad document must not stop the run; name it
            summary["errors"].append(f"document {row['id']}: extraction failed ({exc.__class__.__name__}: {exc})")
            continue
        result = {"document": doc, "events": events, "title": row.get("title")}
        pending.append(result)
        done.append(row["id"])
        summary["documents"] += 1
        summary["events"] += len(events)
        if on_result is not None:
            on_result(result)
        if progress is not None:
            progress()
        if len(pending) >= batch:
            flush()
    flush()
    return summary
