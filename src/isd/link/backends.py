"""Linkage backends: one interface, small per-backend hooks (like splink's DatabaseAPI).

:class:`LinkBackend` turns a pandas DataFrame of features into a splink
``DatabaseAPI`` table and brings scored pairs back.  Two backends:

- ``duckdb`` (default): in-process, needs nothing else.
- ``spark``: pyspark, imported only when used; local mode (``local[2]``) or a cluster
  (``spark://host:7077``).  Needs ``pip install isd[spark]`` and Java 17.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any


class BackendUnavailable(RuntimeError):
    pass


class LinkBackend:
    name = "?"

    def db_api(self) -> Any:  # pragma: no cover - interface
        raise NotImplementedError

    def register(self, df: Any) -> Any:
        """Register a pandas DataFrame; return the SplinkDataFrame."""
        return self.db_api().register(df)

    def to_pandas(self, splink_df: Any) -> Any:
        return splink_df.as_pandas_dataframe()

    def close(self) -> None:
        pass


class DuckDBBackend(LinkBackend):
    name = "duckdb"

    def __init__(self, threads: int | None = None, memory_limit: str | None = None):
        self._api = None
        self.threads = threads
        self.memory_limit = memory_limit

    def db_api(self) -> Any:
        if self._api is None:
            import duckdb
            from splink import DuckDBAPI

            con = duckdb.connect(":memory:")
            if self.threads:
                con.execute("SET threads = ?", [int(self.threads)])
            if self.memory_limit:
                con.execute("SET memory_limit = ?", [self.memory_limit])
            self._con = con
            self._api = DuckDBAPI(connection=con)
        return self._api

    def close(self) -> None:
        if self._api is not None:
            self._con.close()
            self._api = None


def spark_session(master: str = "local[2]", app_name: str = "isd", conf: dict[str, str] | None = None) -> Any:
    """A SparkSession set up for isd (workers use this Python and see the isd package)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise BackendUnavailable(
            "the Spark engine needs pyspark: pip install 'isd[spark]' (and Java 17: apt-get install openjdk-17-jre-headless)"
        ) from exc
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    import isd

    src = str(Path(isd.__file__).resolve().parent.parent)
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if src not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([src, *paths])
    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.executorEnv.PYTHONPATH", os.environ["PYTHONPATH"])
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "2g")
    )
    try:
        from splink.backends.spark import similarity_jar_location

        builder = builder.config("spark.jars", similarity_jar_location())
    except ImportError:  # pragma: no cover
        pass
    for k, v in (conf or {}).items():
        builder = builder.config(k, v)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # JVM missing or failing to start
        raise BackendUnavailable(
            f"could not start Spark ({master}): {exc}. The Spark engine needs Java 17 (java -version) "
            "and pyspark (pip install 'isd[spark]')"
        ) from exc
    spark.sparkContext.setLogLevel("ERROR")
    return spark


class SparkBackend(LinkBackend):
    name = "spark"

    def __init__(self, master: str = "local[2]", spark: Any = None):
        self.master = master
        self._spark = spark
        self._api = None
        self._own = spark is None
        self._checkpoints = None

    @property
    def spark(self) -> Any:
        if self._spark is None:
            self._spark = spark_session(self.master, "isd-link")
        return self._spark

    def db_api(self) -> Any:
        if self._api is None:
            from splink import SparkAPI

            self._checkpoints = tempfile.mkdtemp(prefix="isd-spark-ckpt-")
            self.spark.sparkContext.setCheckpointDir(self._checkpoints)
            self._api = SparkAPI(spark_session=self.spark, break_lineage_method="parquet")
        return self._api

    def register(self, df: Any) -> Any:
        """A pandas frame of features, or a Spark DataFrame already in the feature schema."""
        if hasattr(df, "rdd"):  # a Spark DataFrame (features computed in the executors)
            return self.db_api().register(df)
        schema = feature_schema()
        rows = []
        for rec in df[[f.name for f in schema.fields]].itertuples(index=False, name=None):
            rows.append(tuple(_plain(v) for v in rec))
        sdf = self.spark.createDataFrame(rows, schema=schema)
        return self.db_api().register(sdf)

    def close(self) -> None:
        if self._own and self._spark is not None:
            self._spark.stop()
            self._spark = None
        self._api = None
        if self._checkpoints:
            import shutil

            shutil.rmtree(self._checkpoints, ignore_errors=True)


def feature_schema() -> Any:
    """The Spark schema of the feature columns (:data:`isd.link.features.FEATURE_COLUMNS`)."""
    from pyspark.sql import types as T

    s, arr = T.StringType(), T.ArrayType(T.StringType())
    return T.StructType([
        T.StructField("unique_id", s), T.StructField("day", T.LongType()), T.StructField("day_p1", T.LongType()),
        T.StructField("officials", arr), T.StructField("lead_official", s), T.StructField("parties", arr),
        T.StructField("party_key", s), T.StructField("cp_name", s), T.StructField("cp_agency", s),
        T.StructField("city", s), T.StructField("topics", arr), T.StructField("event_type", s),
        T.StructField("mode", s), T.StructField("cp_name_han", T.BooleanType()),
    ])


def _plain(v: Any) -> Any:
    """pandas/numpy values → plain Python for Spark."""
    if v is None:
        return None
    try:
        import pandas as pd

        if v is pd.NA or (isinstance(v, float) and v != v):
            return None
    except ImportError:  # pragma: no cover
        pass
    if hasattr(v, "tolist"):
        return v.tolist()
    if isinstance(v, (list, tuple)):
        return list(v)
    return v


def make_backend(name: str, master: str = "local[2]", **kwargs: Any) -> LinkBackend:
    if name == "duckdb":
        return DuckDBBackend(**kwargs)
    if name == "spark":
        return SparkBackend(master=master, **kwargs)
    raise ValueError(f"unknown linkage engine {name!r}; use duckdb or spark")
