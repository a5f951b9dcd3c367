"""Reading batch inputs (parquet of documents, a directory of WARC files) and the
row format every engine writes.

Documents parquet: one row per document with a ``text`` column and an ``id`` (or
``doc_id``) column; every other column (url, language, published, publisher …) is
passed to the function as ``meta``.

WARC directory: every ``*.warc`` / ``*.warc.gz`` file in it (sorted); each HTML
``response`` record becomes a document (main text by trafilatura), each ``resource``
or ``conversion`` record with a text type is taken as it is.  The document id is the
WARC-Record-ID.

Output rows (:data:`OUTPUT_SCHEMA`): ``doc_id``, ``n`` (index of the record within
the document; -1 for an error row), ``record`` (the function's dict as canonical
JSON: sorted keys), ``error`` (message when the function failed on that document).
"""

from __future__ import annotations

import datetime as dt
import json
import traceback
from pathlib import Path
from typing import Any, Callable, Iterator

DocFn = Callable[..., list[dict]]

OUTPUT_COLUMNS = ["doc_id", "n", "record", "error"]


def output_schema() -> Any:
    import pyarrow as pa

    return pa.schema([("doc_id", pa.string()), ("n", pa.int64()), ("record", pa.string()), ("error", pa.string())])


def _json_default(v: Any) -> Any:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if hasattr(v, "model_dump"):
        return v.model_dump(mode="json")
    if hasattr(v, "tolist"):
        return v.tolist()
    return str(v)


def canonical_json(row: Any) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False, default=_json_default, separators=(",", ":"))


def apply_fn(fn: DocFn, doc: dict[str, Any]) -> list[tuple[str, int, str | None, str | None]]:
    """Run ``fn`` on one document; failures become one error row, never a crash."""
    doc_id = str(doc["id"])
    meta = {k: v for k, v in doc.items() if k not in ("text",)}
    try:
        out = fn(doc.get("text") or "", meta=meta)
        if out is None:
            out = []
        if isinstance(out, dict):
            out = [out]
        return [(doc_id, i, canonical_json(r), None) for i, r in enumerate(out)]
    except Exception as exc:  # one bad document must not stop a million-document job
        last = traceback.extract_tb(exc.__traceback__)[-1]
        return [(doc_id, -1, None, f"{type(exc).__name__}: {exc} ({Path(last.filename).name}:{last.lineno})")]


def apply_batch(fn: DocFn, docs: list[dict[str, Any]]) -> list[tuple[str, int, str | None, str | None]]:
    out: list[tuple[str, int, str | None, str | None]] = []
    for d in docs:
        out.extend(apply_fn(fn, d))
    return out


def resolve_fn(spec: str | DocFn) -> DocFn:
    """``"package.module:function"`` or a callable → the callable."""
    if callable(spec):
        return spec
    import importlib

    if ":" not in spec:
        raise ValueError(f"function {spec!r}: write it as package.module:function")
    mod, name = spec.split(":", 1)
    try:
        fn = getattr(importlib.import_module(mod), name)
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"function {spec!r} cannot be imported: {exc}") from None
    if not callable(fn):
        raise ValueError(f"{spec!r} is not a function")
    return fn


def input_kind(path: str | Path) -> str:
    """"parquet" or "warc".  Remote URIs (hdfs://, s3a://, …) are taken as parquet unless
    they name a WARC file; only the Spark engine can read them."""
    if "://" in str(path) and not str(path).startswith("file://"):
        return "warc" if str(path).endswith((".warc", ".warc.gz")) else "parquet"
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"input {p} does not exist")
    if p.is_dir():
        if warc_files(p):
            return "warc"
        if any(p.glob("*.parquet")) or any(p.glob("part-*")):
            return "parquet"
        raise ValueError(f"input directory {p} holds neither WARC files (*.warc, *.warc.gz) nor parquet files")
    if p.suffix == ".parquet":
        return "parquet"
    if p.name.endswith((".warc", ".warc.gz")):
        return "warc"
    raise ValueError(f"input {p}: expected a .parquet file, a parquet directory or a directory of WARC files")


def warc_files(path: str | Path) -> list[str]:
    if "://" in str(path):
        return [str(path)] if str(path).endswith((".warc", ".warc.gz")) else []
    p = Path(path)
    if p.is_file():
        return [str(p)]
    return sorted(str(f) for f in p.iterdir() if f.name.endswith((".warc", ".warc.gz")))


def _doc_columns(names: list[str], where: str) -> str:
    if "text" not in names:
        raise ValueError(f"{where}: documents parquet needs a 'text' column (has {names})")
    for c in ("id", "doc_id"):
        if c in names:
            return c
    raise ValueError(f"{where}: documents parquet needs an 'id' or 'doc_id' column (has {names})")


def parquet_batches(path: str | Path, batch_size: int = 256) -> Iterator[list[dict[str, Any]]]:
    """Documents from a parquet file or directory, ``batch_size`` at a time (streaming)."""
    import pyarrow.dataset as ds

    dataset = ds.dataset(str(path), format="parquet")
    idcol = _doc_columns(dataset.schema.names, str(path))
    for batch in dataset.to_batches(batch_size=batch_size):
        rows = batch.to_pylist()
        for r in rows:
            if idcol != "id":
                r["id"] = r.pop(idcol)
        yield rows


def warc_documents(path: str) -> Iterator[dict[str, Any]]:
    """Documents of one WARC file."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh):
            if rec.rec_type not in ("response", "resource", "conversion"):
                continue
            ctype = (rec.http_headers.get_header("Content-Type") if rec.http_headers else None) or \
                rec.rec_headers.get_header("Content-Type") or ""
            body = rec.content_stream().read()
            url = rec.rec_headers.get_header("WARC-Target-URI")
            rid = rec.rec_headers.get_header("WARC-Record-ID")
            meta = {"id": rid, "url": url, "warc_file": Path(path).name, "warc_date": rec.rec_headers.get_header("WARC-Date")}
            if "html" in ctype.lower():
                import trafilatura

                html = body.decode("utf-8", errors="replace")
                text = trafilatura.extract(html, include_comments=False, favor_precision=True) or ""
            elif ctype.lower().startswith("text/") or rec.rec_type == "conversion":
                text = body.decode("utf-8", errors="replace")
            else:
                continue
            meta["text"] = text
            yield meta


def warc_batches(path: str | Path, batch_size: int = 256) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for f in warc_files(path):
        for d in warc_documents(f):
            batch.append(d)
            if len(batch) >= batch_size:
                yield batch
                batch = []
    if batch:
        yield batch


def read_output(path: str | Path) -> Any:
    """An engine's output (file or Spark directory) as a pandas DataFrame sorted by doc_id, n."""
    import pyarrow.dataset as ds

    table = ds.dataset(str(path), format="parquet").to_table(columns=OUTPUT_COLUMNS)
    df = table.to_pandas()
    return df.sort_values(["doc_id", "n"], kind="mergesort").reset_index(drop=True)
