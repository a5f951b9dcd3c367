"""Load the store into DuckDB for analysis (one :class:`Dataset` per run).

DuckDB's sqlite/postgres scanners download extensions at run time (they fail
offline), so the store's tables are read through the store's own driver into pandas
and registered in an in-memory DuckDB connection.  On top of the raw tables this
module defines the views every analysis uses (those read by many analyses -- ``agr``,
``agr_topics``, ``ev``, ``inter`` -- are materialised once as tables; the objects are
ordinary, not TEMP, so that :meth:`Dataset.fork` connections see them):

``agr_all``   agreements in scope by review status, with the Chinese signatory's rank
              resolved *on the date* (codebook tenures) and the party key (bilateral)
``agr``       ``agr_all`` restricted by the date window and agencies
``agr_party`` one row per (agreement, named party); organizations are NOT expanded
``ev_all``    events in scope by review status, with the lead Chinese agency
``ev``        ``ev_all`` restricted by the date window and agencies
``inter``     interactions = (event × distinct foreign party), the rule of
              :func:`isd.model.interactions` restated in SQL (a test checks they agree)
``country``   codebook countries with region;  ``posts`` officials' tenures

Design rules
- The review-status filter applies before anything else; the date window applies
  *after* facts that depend on history (new vs repeat partner) are computed.
- No SQL is built from user input: filter values are bound parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import duckdb
    import pandas as pd
    import pyarrow as pa

    from isd.codebook import Codebook
    from isd.store import Store

REVIEWED = ("coded", "double_coded", "adjudicated")
ALL_STATUSES = ("candidate", "coded", "double_coded", "adjudicated")  # never `rejected`
MINISTERIAL_RANKS = ("minister", "executive_vice_minister")
DEFAULT_RANK_ORDER = ("cplc_head", "minister", "executive_vice_minister", "vice_minister",
                      "assistant_minister", "other")


# --- reference data -------------------------------------------------------------------------


@dataclass
class Post:
    official_id: str
    agency: str
    rank: str
    start: dt.date
    end: dt.date | None = None


@dataclass
class Reference:
    """The codebook facts analyses need; build with :meth:`from_codebook` (or by hand in tests)."""

    regions: dict[str, str] = field(default_factory=dict)          # iso3 -> region code
    country_names: dict[str, str] = field(default_factory=dict)    # iso3 -> English name
    country_names_zh: dict[str, str] = field(default_factory=dict)
    region_labels: dict[str, str] = field(default_factory=dict)
    topic_labels: dict[str, str] = field(default_factory=dict)
    org_names: dict[str, str] = field(default_factory=dict)
    org_parents: dict[str, str] = field(default_factory=dict)  # e.g. sco_rats -> sco
    official_names: dict[str, str] = field(default_factory=dict)   # official id -> display name
    official_aliases: dict[str, str] = field(default_factory=dict)  # lower-cased name -> official id
    posts: list[Post] = field(default_factory=list)
    rank_order: tuple[str, ...] = DEFAULT_RANK_ORDER
    doc_type_groups: dict[str, str] = field(default_factory=dict)
    codebook_version: str = "unknown"

    @classmethod
    def from_codebook(cls, cb: Codebook) -> Reference:
        ref = cls(codebook_version=getattr(cb, "version", "unknown"))
        for c in cb.countries:
            ref.regions[c.iso3] = c.region
            ref.country_names[c.iso3] = c.name_en
            ref.country_names_zh[c.iso3] = c.name_zh
        ref.region_labels = {r.code: r.label_en for r in cb.regions}
        ref.topic_labels = {t.code: t.label_en for t in cb.topics}
        ref.org_names = {o.id: o.name_en for o in cb.organizations}
        ref.org_parents = {o.id: o.parent for o in cb.organizations if getattr(o, "parent", None)}
        for o in cb.officials:
            ref.official_names[o.id] = o.name_en
            for name in [*o.names_en(), *o.names_zh()]:
                ref.official_aliases[name.strip().lower()] = o.id
            for p in o.posts:
                ref.posts.append(Post(o.id, p.agency, p.rank, p.start, p.end))
        try:
            ref.rank_order = tuple(cb.rank_order())
        except AttributeError:  # a codebook without rank_order(): keep the default order
            ref.rank_order = DEFAULT_RANK_ORDER
        ref.doc_type_groups = {d.code: d.group for d in cb.doc_types}
        return ref

    def region_of(self, iso3: str | None) -> str | None:
        return self.regions.get(iso3 or "")

    def rank_on(self, official_id: str, day: dt.date, agency: str | None = None) -> str | None:
        held = [p for p in self.posts if p.official_id == official_id and p.start <= day
                and (p.end is None or day <= p.end)]
        if agency:
            same = [p for p in held if p.agency == agency]
            held = same or held
        if not held:
            return None
        order = {r: i for i, r in enumerate(self.rank_order)}
        return min((p.rank for p in held), key=lambda r: order.get(r, 99))


def label(mapping: dict[str, str], code: Any) -> str:
    if code is None:
        return ""
    return mapping.get(str(code)) or str(code).replace("_", " ")


# --- filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What records an analysis sees.

    ``status``: ``reviewed`` (coded, double_coded, adjudicated; the default) or ``all``
    (adds machine candidates; rejected records are never counted).
    ``scope`` (agreements): ``mps`` = signed by MPS (signer_is_mps; the headline counts)
    or ``broader`` = also MFA, provincial bureaus, embassies (the reports' "broader set").
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    agencies: tuple[str, ...] = ()
    status: str = "reviewed"
    scope: str = "mps"

    def __post_init__(self) -> None:
        if self.status not in ("reviewed", "all"):
            raise ValueError(f"status must be 'reviewed' or 'all', got {self.status!r}")
        if self.scope not in ("mps", "broader"):
            raise ValueError(f"scope must be 'mps' or 'broader', got {self.scope!r}")
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValueError(f"--to {self.date_to} is before --from {self.date_from}")

    @property
    def statuses(self) -> tuple[str, ...]:
        return REVIEWED if self.status == "reviewed" else ALL_STATUSES

    def describe(self) -> str:
        parts = [f"status={self.status}", f"agreements={self.scope}"]
        if self.date_from or self.date_to:
            parts.append(f"dates {self.date_from or '…'} to {self.date_to or '…'}")
        if self.agencies:
            parts.append("agencies " + ",".join(self.agencies))
        return "; ".join(parts)


# --- loading ---------------------------------------------------------------------------------

# columns each analysis needs, per store table (reading fewer columns is much faster)
COLUMNS: dict[str, tuple[str, ...]] = {
    "agreements": ("id", "review_status", "date", "format", "chinese_signatory_name", "chinese_signatory_rank",
                   "chinese_signatory_official_id", "counterpart_signatory_agency_type",
                   "counterpart_signatory_rank_level", "signer_is_mps", "chinese_agency", "title_en",
                   "title_zh", "doc_type", "event_id"),
    "agreement_parties": ("agreement_id", "position", "country_iso3", "organization"),
    "agreement_topics": ("agreement_id", "topic"),
    "events": ("id", "review_status", "date", "event_type", "multilateral_context", "mechanism_id", "mode",
               "location_country_iso3"),
    "event_counterparts": ("event_id", "position", "country_iso3", "organization"),
    "event_chinese_side": ("event_id", "position", "name_en", "name_zh", "agency", "official_id"),
    "trainings": ("id", "review_status", "date", "chinese_agency"),
    "training_recipients": ("training_id", "country_iso3", "organization"),
}
SNAPSHOT_VERSION = 1


def store_state(store: Store) -> str:
    """A key that changes whenever the records the analyses read change: the last audit-log
    entry (every put and delete writes one) and the row count of every table read."""
    import hashlib
    import json

    import sqlalchemy as sa

    audit = store.table("audit_log")
    with store.engine.connect() as conn:
        last = conn.execute(sa.select(sa.func.max(audit.c.id), sa.func.count())).one()
        counts = {name: conn.execute(sa.select(sa.func.count()).select_from(store.table(name))).scalar_one()
                  for name in COLUMNS}
    key = json.dumps([SNAPSHOT_VERSION, store.url, list(last), counts, COLUMNS], sort_keys=True, default=str)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def load_frames(store: Store, cache_dir: Path | None = None) -> dict[str, Any]:
    """Every table the analyses need, as Arrow tables; from the snapshot when it is current."""
    import pyarrow as pa
    from pyarrow import feather

    if cache_dir is None:
        return {name: read_columns(store, name, cols) for name, cols in COLUMNS.items()}
    snap = Path(cache_dir) / f"snapshot-{store_state(store)}"
    if (snap / "complete").exists():
        try:
            return {name: feather.read_table(snap / f"{name}.arrow", memory_map=False) for name in COLUMNS}
        except (OSError, pa.ArrowInvalid):
            pass  # unreadable snapshot: rebuild it below
    frames = {name: read_columns(store, name, cols) for name, cols in COLUMNS.items()}
    try:
        snap.mkdir(parents=True, exist_ok=True)
        for name, table in frames.items():
            feather.write_feather(table, snap / f"{name}.arrow", compression="uncompressed")
        (snap / "complete").write_text("ok", encoding="utf-8")
        for old in Path(cache_dir).glob("snapshot-*"):  # keep only the current snapshot
            if old != snap and old.is_dir():
                for f in old.iterdir():
                    f.unlink()
                old.rmdir()
    except OSError:  # read-only or full disk: analyses still work, just without the snapshot
        pass
    return frames


def read_columns(store: Store, name: str, columns: Sequence[str]) -> pa.Table:
    """Some columns of a store table as an Arrow table (dates as date32).

    Rows come through the DB-API cursor of the store's own driver (no per-value
    SQLAlchemy processing) and are turned into Arrow columns in C: ~1 s per million rows,
    several times faster than a DataFrame of SQLAlchemy rows.  The SELECT is compiled by
    SQLAlchemy from the table object; nothing from the user enters it."""
    import pyarrow as pa
    import sqlalchemy as sa

    t = store.table(name)
    missing = [c for c in columns if c not in t.c]
    if missing:
        raise ValueError(f"store table {name!r} has no column(s) {missing}; is the store migrated?")
    query = sa.select(*[t.c[c] for c in columns])
    with store.engine.connect() as conn:
        compiled = query.compile(dialect=conn.dialect)
        raw = conn.connection.driver_connection
        cur = raw.cursor()
        try:
            cur.execute(str(compiled))
            rows = cur.fetchall()
        finally:
            cur.close()
    types = {c.name: c.type for c in t.c}
    arrays = []
    cols = list(zip(*rows)) if rows else [() for _ in columns]
    for cname, values in zip(columns, cols):
        arrays.append(_arrow_column(values, types[cname], pa))
    return pa.table(arrays, names=list(columns))


def _arrow_column(values: Sequence[Any], sa_type: Any, pa: Any) -> Any:
    import sqlalchemy as sa

    if isinstance(sa_type, sa.Date):
        strings = pa.array([None if v is None else str(v)[:10] for v in values], type=pa.string())
        return strings.cast(pa.date32())
    if isinstance(sa_type, sa.Boolean):
        return pa.array([None if v is None else bool(v) for v in values], type=pa.bool_())
    if isinstance(sa_type, sa.Integer):
        return pa.array(values, type=pa.int64())
    if isinstance(sa_type, (sa.Float, sa.Numeric)):
        return pa.array(values, type=pa.float64())
    return pa.array(values, type=pa.string())


def _quiet_arrow_copy_hint() -> None:
    """Silence DuckDB's hint "Arrow output on a DB-API result makes an extra copy" (the copy is
    cheap here; ``con.sql`` would avoid it but cannot follow an unfinished ``execute`` result on
    the same connection).  A process-wide filter for that one message (re-adding it replaces
    the same entry): ``warnings.catch_warnings`` is not thread-safe and the report runs
    analyses on two threads."""
    import warnings

    warnings.filterwarnings("ignore", message="Arrow output on a DB-API result", category=UserWarning)


class Dataset:
    """The store's records registered in DuckDB, with the views described above."""

    def __init__(self, frames: dict[str, Any], ref: Reference, filters: Filters | None = None,
                 parts: Sequence[str] = ("agreements", "events", "trainings"), threads: int | None = None):
        """``frames``: store table name -> Arrow table or DataFrame; ``parts``: which views to build;
        ``threads``: DuckDB's worker threads (None: one per core).  The report passes 1: it runs
        two lanes of analyses at once, and on two cores a second DuckDB thread per query only
        added CPU time (thread hand-offs, ~20% more) without shortening the run."""
        import duckdb

        self.threads = threads
        self.ref = ref
        self.filters = filters or Filters()
        self.frames = frames
        self.parts = tuple(parts)
        # lazy_ids: keep each result's ``record_ids`` as an Arrow list column (no Python list per
        # row); the report sets it and writes the ids to companion CSVs.  API calls leave it off.
        self.lazy_ids = False
        self._results: dict[tuple[str, str], Any] = {}  # query results of this run, with lazy_ids (see sql)
        self._convert: Any = None  # a connection for Arrow -> DataFrame conversions (see _to_df)
        self._event_order: Any = None  # see event_ids_sorted
        self.con: duckdb.DuckDBPyConnection = duckdb.connect(config=self._config())
        for name, df in frames.items():
            self.con.register(f"raw_{name}", df)
        self._reference: dict[str, Any] = {}  # the registered reference frames (country, posts, official_alias)
        self._reference_tables()
        self._views()

    # -- construction --------------------------------------------------------------------

    def _config(self) -> dict[str, Any]:
        return {"threads": self.threads} if self.threads else {}

    @classmethod
    def from_store(cls, store: Store, ref: Reference | None = None, filters: Filters | None = None,
                   codebook: Codebook | None = None, cache_dir: Path | None = None,
                   threads: int | None = None) -> Dataset:
        """Read the store.  With ``cache_dir`` the tables are also kept there as an Arrow
        snapshot keyed by the store's state (see :func:`store_state`), and re-read from it
        while the store is unchanged."""
        if ref is None:
            if codebook is None:
                from isd.codebook import default_codebook

                codebook = default_codebook()
            ref = Reference.from_codebook(codebook)
        frames = load_frames(store, cache_dir)
        return cls(frames, ref, filters, threads=threads)

    def fork(self) -> Dataset:
        """The same Dataset on a second DuckDB connection to the same in-memory database
        (``con.cursor()``), for running analyses on another thread at the same time: the
        tables and views built here are shared (nothing is copied or recomputed); the
        registered Arrow/pandas frames are registered again (per connection, zero-copy).
        Close it before the original."""
        clone = object.__new__(Dataset)
        clone.ref, clone.filters, clone.frames, clone.parts = self.ref, self.filters, self.frames, self.parts
        clone.lazy_ids, clone.threads = self.lazy_ids, self.threads
        clone._results = self._results  # the same data: a query result is valid on both
        clone._convert = None
        clone._event_order = self._event_order
        clone._reference = self._reference
        clone.con = self.con.cursor()
        for name, df in self.frames.items():
            clone.con.register(f"raw_{name}", df)
        for name, df in self._reference.items():
            clone.con.register(name, df)
        return clone

    def with_filters(self, filters: Filters, parts: Sequence[str] | None = None) -> Dataset:
        """The same loaded tables seen through other filters (no re-reading)."""
        return Dataset(self.frames, self.ref, filters, parts or self.parts, threads=self.threads)

    def _reference_tables(self) -> None:
        import pandas as pd

        ref = self.ref
        country = pd.DataFrame({
            "iso3": list(ref.regions), "region": list(ref.regions.values()),
            "name": [ref.country_names.get(k, k) for k in ref.regions],
        }, columns=["iso3", "region", "name"])
        self._reference["country"] = country
        order = {r: i for i, r in enumerate(ref.rank_order)}
        posts = pd.DataFrame([{
            "official_id": p.official_id, "agency": p.agency, "rank": p.rank, "rank_order": order.get(p.rank, 99),
            "start": pd.Timestamp(p.start), "end": pd.Timestamp(p.end) if p.end else pd.Timestamp("2262-01-01"),
        } for p in ref.posts], columns=["official_id", "agency", "rank", "rank_order", "start", "end"])
        if posts.empty:
            posts = posts.astype({"start": "datetime64[ns]", "end": "datetime64[ns]", "rank_order": "int64"})
        self._reference["posts"] = posts
        aliases = pd.DataFrame({"alias": list(ref.official_aliases), "official_id": list(ref.official_aliases.values())},
                               columns=["alias", "official_id"])
        self._reference["official_alias"] = aliases
        for name, df in self._reference.items():
            self.con.register(name, df)

    def _views(self) -> None:
        f = self.filters
        c = self.con
        c.execute("CREATE TABLE f_status(s VARCHAR)")
        c.executemany("INSERT INTO f_status VALUES (?)", [[s] for s in f.statuses])
        c.execute("CREATE TABLE f_agency(a VARCHAR)")
        if f.agencies:
            c.executemany("INSERT INTO f_agency VALUES (?)", [[a] for a in f.agencies])
        c.execute("CREATE TABLE f_param(date_from TIMESTAMP, date_to TIMESTAMP, any_agency BOOLEAN, mps_only BOOLEAN)")
        c.execute("INSERT INTO f_param VALUES (?, ?, ?, ?)", [
            dt.datetime.combine(f.date_from, dt.time()) if f.date_from else None,
            dt.datetime.combine(f.date_to, dt.time()) if f.date_to else None,
            not f.agencies, f.scope == "mps"])
        if "agreements" in self.parts:
            c.execute(AGREEMENT_VIEWS)
        if "events" in self.parts:
            c.execute(EVENT_VIEWS)
        if "trainings" in self.parts:
            c.execute(TRAINING_VIEWS)

    # -- querying ------------------------------------------------------------------------

    def sql(self, query: str, params: Iterable[Any] | None = None) -> pd.DataFrame:
        """The result as a DataFrame; list columns (``record_ids`` …) hold Python lists.

        DuckDB's own DataFrame conversion turns every list value into a numpy array, element
        by element (then :func:`~isd.analyze.registry.tidy` made lists of them): with hundreds
        of thousands of ids per result that was most of an analysis' time.  Here the result
        comes out as Arrow, list columns become Python lists in Arrow's C++ (``to_pylist``)
        and the other columns go through DuckDB's conversion as before (same dtypes)."""
        import pyarrow as pa

        args = list(params) if params is not None else None
        # With lazy_ids (the report: every analysis over one unchanging snapshot) a query asked
        # twice (most_engaged_countries reads interactions_by_country's) runs once.
        key = (query, repr(args))
        table = self._results.get(key) if self.lazy_ids else None
        if table is None:
            table = self._event_ids(self.arrow(query, args))
            if self.lazy_ids:
                self._results[key] = table
        list_cols = [i for i, fld in enumerate(table.schema)
                     if pa.types.is_list(fld.type) or pa.types.is_large_list(fld.type)]
        if not list_cols:
            return self._to_df(table)
        if table.num_rows and any(table.column(i)[0].as_py() is None for i in list_cols):
            return self.con.execute(query, args).df()  # first value null: DuckDB's conversion (as tidy expects)
        import pandas as pd

        flat = table.drop_columns([table.schema.names[i] for i in list_cols])
        df = self._to_df(flat) if flat.num_columns else pd.DataFrame(index=range(table.num_rows))
        for i in list_cols:
            if self.lazy_ids and table.schema.names[i] == "record_ids":
                ids = table.column(i).combine_chunks()
                ids = ids.fill_null(pa.scalar([], type=ids.type)) if ids.null_count else ids
                df.insert(i, "record_ids", pd.Series(pd.arrays.ArrowExtensionArray(ids), index=df.index))
                continue
            values = [[] if v is None else v for v in table.column(i).to_pylist()]
            df.insert(i, table.schema.names[i], pd.Series(values, dtype=object, index=df.index))
        return df

    def event_ids_sorted(self) -> pa.Array:
        """The ids of the events in scope in id order: ``ev_k`` is the place of each in it."""
        if self._event_order is None:
            self._event_order = self.arrow("SELECT id FROM ev ORDER BY ev_k").column("id").combine_chunks()
        return self._event_order

    def _event_ids(self, table: pa.Table) -> pa.Table:
        """A ``record_evnos`` column (lists of ``ev_k``) as ``record_ids`` (lists of the event
        ids, in the same order), built in Arrow: an event's number is its place in the ids."""
        import pyarrow as pa

        if "record_evnos" not in table.schema.names:
            return table
        i = table.schema.get_field_index("record_evnos")
        nos = table.column(i).combine_chunks()
        ids = self.event_ids_sorted().take(nos.values.cast(pa.int64()))
        lists = pa.ListArray.from_arrays(nos.offsets, ids, mask=nos.is_null() if nos.null_count else None)
        return table.set_column(i, "record_ids", lists)

    def _to_df(self, table: pa.Table) -> pd.DataFrame:
        """An Arrow table as a DataFrame with DuckDB's dtypes, on a connection of its own: a
        relation on ``con`` would fail while an earlier ``execute`` result there is unfinished
        (e.g. read with ``fetchone``), and with the report's shared query results the query
        may have run on the other connection."""
        if self._convert is None:
            import duckdb

            self._convert = duckdb.connect(config=self._config())
        return self._convert.from_arrow(table).df()

    def arrow(self, query: str, params: Iterable[Any] | None = None) -> pa.Table:
        """The result as an Arrow table."""
        _quiet_arrow_copy_hint()
        args = list(params) if params is not None else None
        return self.con.execute(query, args).to_arrow_table()

    def close(self) -> None:
        self._results.clear()
        if self._convert is not None:
            self._convert.close()
        self.con.close()


AGREEMENT_VIEWS = """
CREATE TABLE agr_base AS
SELECT a.*, CAST(a.date AS DATE) AS day, year(a.date) AS year,
       COALESCE(a.chinese_signatory_official_id, oa.official_id) AS cn_official_id
FROM raw_agreements a
LEFT JOIN official_alias oa ON lower(trim(a.chinese_signatory_name)) = oa.alias
WHERE a.review_status IN (SELECT s FROM f_status)
  AND (a.signer_is_mps OR NOT (SELECT mps_only FROM f_param));

CREATE TABLE agr_rank AS
SELECT id, rank AS rank_on_date FROM (
  SELECT a.id, p.rank,
         row_number() OVER (PARTITION BY a.id ORDER BY (p.agency = a.chinese_agency) DESC, p.rank_order) AS rn
  FROM agr_base a JOIN posts p ON p.official_id = a.cn_official_id AND a.date >= p.start AND a.date <= p.end
) WHERE rn = 1;

CREATE TABLE agr_party_all AS
SELECT p.agreement_id AS id, p.position, p.country_iso3 AS iso3, p.organization,
       COALESCE(p.country_iso3, p.organization) AS party
FROM raw_agreement_parties p JOIN agr_base a ON a.id = p.agreement_id;

-- the bilateral partner: the agreement's first country party
CREATE TABLE agr_partner AS
SELECT id, party FROM (
  SELECT id, party, row_number() OVER (PARTITION BY id ORDER BY (iso3 IS NULL), position) AS rn
  FROM agr_party_all) WHERE rn = 1;

-- new vs repeat partner: the first bilateral agreement(s) with that party since 2006, from ALL
-- dates (not just the window).  Documents signed on the party's first signing date are all new
-- (five MOUs signed together are one first signing, not one new and four renewals); an undated
-- agreement has no status.
CREATE TABLE agr_status AS
SELECT a.id, CASE WHEN a.date IS NULL THEN NULL
                  WHEN a.date = min(a.date) OVER (PARTITION BY pt.party) THEN 'new' ELSE 'repeat' END
             AS partner_status_computed
FROM agr_base a JOIN agr_partner pt ON pt.id = a.id
WHERE a.format = 'bilateral' AND (a.date IS NULL OR a.date >= TIMESTAMP '2006-01-01');

CREATE VIEW agr_all AS
SELECT a.*, pt.party AS partner, c.region, c.name AS partner_name,
       COALESCE(r.rank_on_date, a.chinese_signatory_rank, 'unknown') AS cn_rank,
       COALESCE(a.counterpart_signatory_rank_level, 'unknown') AS cp_rank_level,
       COALESCE(a.counterpart_signatory_agency_type, 'unknown') AS cp_agency_type,
       s.partner_status_computed AS partner_status
FROM agr_base a
LEFT JOIN agr_rank r ON r.id = a.id
LEFT JOIN agr_partner pt ON pt.id = a.id
LEFT JOIN country c ON c.iso3 = pt.party
LEFT JOIN agr_status s ON s.id = a.id;

-- agr and agr_topics are read by nearly every agreement analysis: computed once, kept as tables
CREATE TABLE agr AS
SELECT * FROM agr_all
WHERE ((SELECT date_from FROM f_param) IS NULL OR date >= (SELECT date_from FROM f_param))
  AND ((SELECT date_to FROM f_param) IS NULL OR date <= (SELECT date_to FROM f_param))
  AND ((SELECT any_agency FROM f_param) OR chinese_agency IN (SELECT a FROM f_agency));

CREATE VIEW agr_party AS
SELECT p.*, a.format, a.year, c.region, c.name AS country_name
FROM agr_party_all p JOIN agr a ON a.id = p.id LEFT JOIN country c ON c.iso3 = p.iso3;

CREATE VIEW agr_topic AS
SELECT DISTINCT t.agreement_id AS id, t.topic FROM raw_agreement_topics t JOIN agr a ON a.id = t.agreement_id;

-- topics per agreement; an agreement naming no area is generic
CREATE TABLE agr_topics AS
SELECT a.id, a.format, a.year, a.partner, a.region, a.partner_name,
       COALESCE(list_sort(list(t.topic) FILTER (WHERE t.topic IS NOT NULL AND t.topic <> 'generic')), []) AS topics
FROM agr a LEFT JOIN agr_topic t ON t.id = a.id
GROUP BY ALL;
"""

EVENT_VIEWS = """
CREATE TABLE ev_lead AS
SELECT event_id, agency AS lead_agency FROM raw_event_chinese_side WHERE position = 0;

CREATE VIEW ev_all AS
SELECT e.*, year(e.date) AS year, COALESCE(l.lead_agency, 'unknown') AS agency
FROM raw_events e LEFT JOIN ev_lead l ON l.event_id = e.id
WHERE e.review_status IN (SELECT s FROM f_status);

-- ev_k: the event's place in id order (0, 1, …): analyses list an event's number (sorting
-- integers is cheaper than sorting ids) and Dataset.sql turns ``record_evnos`` into the ids
CREATE TABLE ev AS
SELECT *, CAST(row_number() OVER (ORDER BY id) - 1 AS INTEGER) AS ev_k FROM ev_all
WHERE ((SELECT date_from FROM f_param) IS NULL OR date >= (SELECT date_from FROM f_param))
  AND ((SELECT date_to FROM f_param) IS NULL OR date <= (SELECT date_to FROM f_param))
  AND ((SELECT any_agency FROM f_param) OR agency IN (SELECT a FROM f_agency));

-- interactions: one per distinct foreign party of each event (isd.model.interactions)
CREATE TABLE inter AS
WITH cp AS (
  SELECT c.event_id, COALESCE(c.country_iso3, c.organization) AS party,
         min_by(c.country_iso3, c.position) AS iso3, min_by(c.organization, c.position) AS organization,
         min(c.position) AS position
  FROM raw_event_counterparts c JOIN ev ON ev.id = c.event_id
  GROUP BY c.event_id, COALESCE(c.country_iso3, c.organization)
), n AS (SELECT event_id, count(*) AS n_parties FROM cp GROUP BY event_id)
SELECT cp.event_id, ev.ev_k, cp.party, cp.iso3, cp.organization, cp.position, ev.date, ev.year,
       quarter(ev.date) AS quarter, ev.event_type, ev.agency, ev.multilateral_context, ev.mechanism_id,
       (ev.event_type IN ('multilateral_meeting', 'forum') OR n.n_parties > 1) AS multilateral,
       ev.review_status, c.region, c.name AS country_name
FROM cp JOIN n USING (event_id) JOIN ev ON ev.id = cp.event_id
LEFT JOIN country c ON c.iso3 = cp.iso3;
"""

TRAINING_VIEWS = """
CREATE VIEW tr AS
SELECT t.*, year(t.date) AS year FROM raw_trainings t
WHERE t.review_status IN (SELECT s FROM f_status)
  AND ((SELECT date_from FROM f_param) IS NULL OR t.date >= (SELECT date_from FROM f_param))
  AND ((SELECT date_to FROM f_param) IS NULL OR t.date <= (SELECT date_to FROM f_param));
CREATE VIEW tr_recipient AS
SELECT r.training_id AS id, r.country_iso3 AS iso3, r.organization FROM raw_training_recipients r
JOIN tr ON tr.id = r.training_id;
"""
