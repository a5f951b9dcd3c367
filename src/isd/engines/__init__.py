"""Batch engines: the same isd batch functions on this machine or on Spark.

>>> from isd.engines import make_engine
>>> with make_engine("local", workers=2) as eng:            # doctest: +SKIP
...     eng.map_documents("isd.extract:extract_text", "docs.parquet", "out.parquet")

See :mod:`isd.engines.base` (interface, :class:`LocalEngine`), :mod:`isd.engines.spark`
(:class:`SparkEngine`, pyspark imported lazily) and ``docs/scale.md``.
"""

from isd.engines.base import Engine, LocalEngine, RunStats, make_engine

__all__ = ["Engine", "LocalEngine", "RunStats", "make_engine"]
