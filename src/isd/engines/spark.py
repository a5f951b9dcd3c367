"""The Spark engine: the same batch functions on a Spark cluster (or ``local[N]``).

pyspark is imported lazily; without it (or without Java 17) the engine says what to
install.  Output is a parquet *directory* (Spark writes one part file per partition);
:func:`isd.engines.documents.read_output` and pandas/pyarrow read it like a file.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable, Iterator

from isd.engines.base import Engine, RunStats
from isd.engines.documents import DocFn, OUTPUT_COLUMNS, apply_batch, input_kind, resolve_fn, warc_documents, warc_files


def _partition_fn(spec: Any) -> Callable[[Iterator[Any]], Iterator[tuple]]:
    def run(rows: Iterator[Any]) -> Iterator[tuple]:
        fn = resolve_fn(spec)
        batch: list[dict[str, Any]] = []
        for r in rows:
            batch.append(r if isinstance(r, dict) else r.asDict())
            if len(batch) >= 64:
                yield from apply_batch(fn, batch)
                batch = []
        if batch:
            yield from apply_batch(fn, batch)

    return run


def _output_struct() -> Any:
    from pyspark.sql import types as T

    return T.StructType([
        T.StructField("doc_id", T.StringType()), T.StructField("n", T.LongType()),
        T.StructField("record", T.StringType()), T.StructField("error", T.StringType()),
    ])


def _arrow_fn(spec: Any) -> Callable[[Iterator[Any]], Iterator[Any]]:
    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        from isd.engines.documents import output_schema

        fn = resolve_fn(spec)
        schema = output_schema()
        for batch in batches:
            rows = apply_batch(fn, batch.to_pylist())
            cols = list(zip(*rows)) if rows else [[], [], [], []]
            yield pa.RecordBatch.from_arrays([pa.array(c, type=f.type) for c, f in zip(cols, schema)], schema=schema)

    return run


class SparkEngine(Engine):
    name = "spark"

    def __init__(self, master: str = "local[2]", spark: Any = None, conf: dict[str, str] | None = None):
        self.master = master
        self._spark = spark
        self._own = spark is None
        self.conf = conf or {}

    @property
    def spark(self) -> Any:
        if self._spark is None:
            from isd.link.backends import spark_session

            self._spark = spark_session(self.master, "isd-batch", self.conf)
        return self._spark

    @property
    def parallelism(self) -> int:
        return int(self.spark.sparkContext.defaultParallelism)

    def map_documents(self, fn: str | DocFn, input: str | Path, output: str | Path, *,
                      progress: Callable[[int], None] | None = None) -> RunStats:
        spec = fn if isinstance(fn, str) else resolve_fn(fn)
        t0 = time.perf_counter()
        spark = self.spark
        kind = input_kind(input)
        if kind == "parquet":
            df = spark.read.parquet(str(input))
            names = df.columns
            if "text" not in names or not ({"id", "doc_id"} & set(names)):
                raise ValueError(f"{input}: documents parquet needs 'text' and 'id' (or 'doc_id') columns (has {names})")
            if "id" not in names:
                df = df.withColumnRenamed("doc_id", "id")
            if df.rdd.getNumPartitions() < 2 * self.parallelism:  # a small file is one split: spread it
                df = df.repartition(2 * self.parallelism)
            # Arrow batches in and out: no per-row pickling between the JVM and Python
            out = df.mapInArrow(_arrow_fn(spec), _output_struct())
        else:
            files = warc_files(input)
            sc = spark.sparkContext
            docs = sc.parallelize(files, max(1, len(files))).flatMap(warc_documents)
            rdd = docs.mapPartitions(_partition_fn(spec))
            out = spark.createDataFrame(rdd, _output_struct())
        out.select(*OUTPUT_COLUMNS).write.mode("overwrite").parquet(str(output))
        written = spark.read.parquet(str(output))
        from pyspark.sql import functions as F

        agg = written.agg(
            F.countDistinct("doc_id").alias("docs"),
            F.sum(F.when(F.col("n") >= 0, 1).otherwise(0)).alias("rows"),
            F.sum(F.when(F.col("n") < 0, 1).otherwise(0)).alias("errors"),
        ).collect()[0]
        stats = RunStats(self.name, workers=self.parallelism)
        stats.documents = int(spark.read.parquet(str(input)).count()) if kind == "parquet" else int(agg["docs"] or 0)
        stats.rows, stats.errors = int(agg["rows"] or 0), int(agg["errors"] or 0)
        stats.seconds = time.perf_counter() - t0
        stats.extra["master"] = self.master
        if progress:
            progress(stats.documents)
        return stats

    def link_backend(self) -> Any:
        from isd.link.backends import SparkBackend

        b = SparkBackend(master=self.master, spark=self.spark)
        return b

    def close(self) -> None:
        if self._own and self._spark is not None:
            self._spark.stop()
            self._spark = None
