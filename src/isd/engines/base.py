"""The batch :class:`Engine` interface and the local engine.

An engine runs isd's batch stages over inputs too large for one pass in memory:

- :meth:`Engine.map_documents` applies a pure function ``fn(text, meta=...) ->
  list[dict]`` (the extractor, :func:`isd.extract.extract_text`) to every document
  and writes one output row per returned dict (see :mod:`isd.engines.documents`).
- :meth:`Engine.link` scores and clusters candidate events (see :mod:`isd.link`).

:class:`LocalEngine` runs on this machine: in-process for one worker, a
multiprocessing pool otherwise; it streams the input in batches and writes the
output as it goes, so memory stays bounded whatever the input size.
:class:`isd.engines.spark.SparkEngine` runs the same functions on Spark.  Both give
identical output for identical input.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from isd.engines.documents import DocFn, apply_batch, input_kind, output_schema, parquet_batches, resolve_fn, warc_batches


@dataclass
class RunStats:
    engine: str
    documents: int = 0
    rows: int = 0
    errors: int = 0
    seconds: float = 0.0
    workers: int = 1
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"engine": self.engine, "documents": self.documents, "rows": self.rows, "errors": self.errors,
                "seconds": round(self.seconds, 3), "workers": self.workers,
                "docs_per_second": round(self.docs_per_second, 1), **self.extra}


class Engine:
    """Interface of the batch engines."""

    name = "?"

    def map_documents(self, fn: str | DocFn, input: str | Path, output: str | Path, *,
                      progress: Callable[[int], None] | None = None) -> RunStats:  # pragma: no cover
        raise NotImplementedError

    def link(self, candidates: str | Path, output: str | Path, *, threshold: float = 0.8,
             codebook: Any = None) -> RunStats:
        """Link candidate events (parquet of candidate rows) → scored pairs parquet."""
        from isd.link.batch import link_parquet

        return link_parquet(self, candidates, output, threshold=threshold, codebook=codebook)

    def link_backend(self) -> Any:  # pragma: no cover
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _doc_batches(input: str | Path, batch_size: int) -> Iterator[list[dict[str, Any]]]:
    kind = input_kind(input)
    return parquet_batches(input, batch_size) if kind == "parquet" else warc_batches(input, batch_size)


# Worker state for the multiprocessing pool: the function is resolved once per worker.
_WORKER_FN: DocFn | None = None


def _init_worker(spec: Any) -> None:
    global _WORKER_FN
    _WORKER_FN = resolve_fn(spec)


def _work(docs: list[dict[str, Any]]) -> list[tuple]:
    assert _WORKER_FN is not None
    return apply_batch(_WORKER_FN, docs)


class LocalEngine(Engine):
    """Runs on this machine; ``workers`` processes (default: the CPU count)."""

    name = "local"

    def __init__(self, workers: int | None = None, batch_size: int = 64):
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.batch_size = batch_size

    def map_documents(self, fn: str | DocFn, input: str | Path, output: str | Path, *,
                      progress: Callable[[int], None] | None = None) -> RunStats:
        import pyarrow as pa
        import pyarrow.parquet as pq

        fn_resolved = resolve_fn(fn)
        stats = RunStats(self.name, workers=self.workers)
        t0 = time.perf_counter()
        out = Path(output)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        schema = output_schema()
        batches = _doc_batches(input, self.batch_size)

        def write(writer: Any, rows: list[tuple], ndocs: int) -> None:
            if rows:
                cols = list(zip(*rows))
                writer.write_table(pa.Table.from_arrays([pa.array(c, type=t.type) for c, t in zip(cols, schema)], schema=schema))
            stats.documents += ndocs
            stats.rows += sum(1 for r in rows if r[1] >= 0)
            stats.errors += sum(1 for r in rows if r[1] < 0)
            if progress:
                progress(ndocs)

        with pq.ParquetWriter(str(tmp), schema) as writer:
            if self.workers == 1:
                for docs in batches:
                    write(writer, apply_batch(fn_resolved, docs), len(docs))
            else:
                import multiprocessing as mp

                # bounded memory: at most `window` batches in flight
                window = self.workers * 4
                spec = fn if isinstance(fn, str) else fn_resolved
                # never plain fork: the parent may run DuckDB / Arrow / JVM threads, and a
                # forked child of a threaded process can crash; forkserver starts clean
                methods = mp.get_all_start_methods()
                ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
                with ctx.Pool(self.workers, initializer=_init_worker, initargs=(spec,)) as pool:
                    while True:
                        chunk = []
                        for docs in batches:
                            chunk.append(docs)
                            if len(chunk) >= window:
                                break
                        if not chunk:
                            break
                        for docs, rows in zip(chunk, pool.map(_work, chunk)):
                            write(writer, rows, len(docs))
        os.replace(tmp, out)
        stats.seconds = time.perf_counter() - t0
        return stats

    def link_backend(self) -> Any:
        from isd.link.backends import DuckDBBackend

        return DuckDBBackend(threads=self.workers)


def make_engine(name: str, *, master: str = "local[2]", workers: int | None = None) -> Engine:
    if name == "local":
        return LocalEngine(workers=workers)
    if name == "spark":
        from isd.engines.spark import SparkEngine

        return SparkEngine(master=master)
    raise ValueError(f"unknown engine {name!r}; use local or spark")
