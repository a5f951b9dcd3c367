"""Store implementation (see the package docstring)."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.engine import Connection, Engine

from isd.model import RECORD_TYPES, Source
from isd.store.schema import get_metadata
from isd.store.tables import TableSpec, assemble_dict, flatten, specs_by_kind

CHUNK = 500


class StoreError(Exception):
    """A store operation failed; the message says what to do."""


class ConflictError(StoreError):
    """Someone else saved the record since you loaded it."""

    def __init__(self, kind: str, record_id: str, expected: int, actual: int):
        super().__init__(
            f"{kind} {record_id!r} was changed by someone else (you edited version {expected}, "
            f"the store has version {actual}); reload it and apply your change again"
        )
        self.kind, self.record_id, self.expected, self.actual = kind, record_id, expected, actual


class NotFoundError(StoreError):
    pass


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def model_for(kind: str) -> type[BaseModel]:
    if kind == "source":
        return Source
    try:
        return RECORD_TYPES[kind]
    except KeyError:
        raise StoreError(f"unknown record kind {kind!r}; expected source or one of {sorted(RECORD_TYPES)}") from None


def comparable(record: BaseModel) -> dict[str, Any]:
    """A record's content for change detection: everything but the version counter."""
    data = record.model_dump(mode="json")
    data.pop("version", None)
    return data


class Store:
    def __init__(self, url: str, *, echo: bool = False):
        self.url = url
        kwargs: dict[str, Any] = {"echo": echo, "future": True}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": 30}
        self.engine: Engine = sa.create_engine(url, **kwargs)
        if url.startswith("sqlite"):
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        self.metadata = get_metadata()
        self.specs = specs_by_kind()

    # --- lifecycle ----------------------------------------------------------------

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self) -> None:
        """Bring the schema to the newest migration (creates it in an empty database)."""
        from isd.store.migrate import upgrade

        upgrade(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def table(self, name: str) -> sa.Table:
        try:
            return self.metadata.tables[name]
        except KeyError:
            raise StoreError(f"no table {name!r} in the store") from None

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    # --- reading --------------------------------------------------------------------

    def get(self, kind: str, record_id: str, conn: Connection | None = None) -> Any:
        found = self.get_many(kind, [record_id], conn=conn)
        return found.get(record_id)

    def get_many(self, kind: str, ids: Sequence[str], conn: Connection | None = None) -> dict[str, Any]:
        if conn is None:
            with self.engine.connect() as c:
                return self.get_many(kind, ids, conn=c)
        model = model_for(kind)
        specs = self.specs[kind]
        out: dict[str, Any] = {}
        for i in range(0, len(ids), CHUNK):
            chunk = list(ids[i : i + CHUNK])
            main = self.table(specs[0].name)
            rows = conn.execute(sa.select(main).where(main.c.id.in_(chunk))).mappings().all()
            children = self._children(conn, specs, chunk)
            for row in rows:
                kids = {name: by_id.get(row["id"], []) for name, by_id in children.items()}
                out[row["id"]] = model.model_validate(assemble_dict(kind, dict(row), kids, specs))
        return out

    def _children(self, conn: Connection, specs: list[TableSpec], ids: list[str]) -> dict[str, dict[str, list[dict]]]:
        children: dict[str, dict[str, list[dict]]] = {}
        for spec in specs[1:]:
            t = self.table(spec.name)
            by_id: dict[str, list[dict]] = defaultdict(list)
            for r in conn.execute(sa.select(t).where(t.c[spec.key].in_(ids))).mappings():
                by_id[r[spec.key]].append(dict(r))
            children[spec.name] = by_id
        return children

    def ids(self, kind: str, *, review_status: Iterable[str] | None = None, conn: Connection | None = None) -> list[str]:
        main = self.table(self.specs[kind][0].name)
        q = sa.select(main.c.id).order_by(main.c.id)
        if review_status is not None and "review_status" in main.c:
            q = q.where(main.c.review_status.in_(list(review_status)))
        if conn is None:
            with self.engine.connect() as c:
                return list(c.execute(q).scalars())
        return list(conn.execute(q).scalars())

    def list(self, kind: str, *, review_status: Iterable[str] | None = None) -> list[Any]:
        """All records of a kind (optionally only some review statuses), ordered by id."""
        return list(self.iter(kind, review_status=review_status))

    def iter(self, kind: str, *, review_status: Iterable[str] | None = None) -> Iterator[Any]:
        with self.engine.connect() as conn:
            ids = self.ids(kind, review_status=review_status, conn=conn)
            for i in range(0, len(ids), CHUNK):
                chunk = ids[i : i + CHUNK]
                got = self.get_many(kind, chunk, conn=conn)
                for rid in chunk:
                    yield got[rid]

    def count(self, kind: str) -> int:
        main = self.table(self.specs[kind][0].name)
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(main)).scalar_one())

    def read_table(self, name: str, conn: Connection | None = None) -> "Any":
        """A whole table as a pandas DataFrame (for analysis and export)."""
        import pandas as pd

        t = self.table(name)
        if conn is None:
            with self.engine.connect() as c:
                return self.read_table(name, conn=c)
        result = conn.execute(sa.select(t))
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))

    # --- writing --------------------------------------------------------------------

    def put(self, record: BaseModel, *, user: str | None = None, expected_version: int | None = None,
            action: str | None = None, note: str | None = None, conn: Connection | None = None) -> Any:
        """Insert or update one record; returns it as stored (with its new version)."""
        kind = getattr(record, "kind", "source")
        if conn is None:
            with self.transaction() as c:
                return self.put(record, user=user, expected_version=expected_version, action=action, note=note, conn=c)
        stored = self._write(conn, kind, [record], user=user, expected_version=expected_version,
                             action=action, note=note, keep_version=False)
        return stored[0][0]

    def put_many(self, records: Iterable[BaseModel], *, user: str | None = None, action: str | None = None,
                 keep_version: bool = True, conn: Connection | None = None) -> dict[str, int]:
        """Write many records in one transaction.  Returns counts: created, updated, unchanged.

        With ``keep_version`` (imports) a record's version comes from the input when it is new.
        """
        if conn is None:
            with self.transaction() as c:
                return self.put_many(records, user=user, action=action, keep_version=keep_version, conn=c)
        by_kind: dict[str, list[BaseModel]] = defaultdict(list)
        for r in records:
            by_kind[getattr(r, "kind", "source")].append(r)
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        for kind in ["source", *RECORD_TYPES]:
            recs = by_kind.get(kind, [])
            for i in range(0, len(recs), CHUNK):
                for _, outcome in self._write(conn, kind, recs[i : i + CHUNK], user=user, action=action,
                                              keep_version=keep_version):
                    counts[outcome] += 1
        return counts

    def _write(self, conn: Connection, kind: str, records: list[BaseModel], *, user: str | None,
               expected_version: int | None = None, action: str | None = None, note: str | None = None,
               keep_version: bool) -> list[tuple[Any, str]]:
        specs = self.specs[kind]
        existing = self.get_many(kind, [r.id for r in records], conn=conn)  # type: ignore[attr-defined]
        now = _now()
        main = self.table(specs[0].name)
        audit = self.table("audit_log")
        results: list[tuple[Any, str]] = []
        has_version = "version" in type(records[0]).model_fields if records else False
        for rec in records:
            old = existing.get(rec.id)  # type: ignore[attr-defined]
            if old is not None and has_version and expected_version is not None and old.version != expected_version:
                raise ConflictError(kind, rec.id, expected_version, old.version)  # type: ignore[attr-defined]
            if old is not None and comparable(old) == comparable(rec):
                results.append((old, "unchanged"))
                continue
            if has_version:
                if old is not None:
                    rec = rec.model_copy(update={"version": old.version + 1})
                elif not keep_version:
                    rec = rec.model_copy(update={"version": 1})
            rows = flatten(kind, rec, specs)
            main_row = rows[specs[0].name][0]
            if old is None:
                conn.execute(main.insert().values(**main_row, created_at=now, updated_at=now))
            else:
                for spec in specs[1:]:
                    t = self.table(spec.name)
                    conn.execute(t.delete().where(t.c[spec.key] == rec.id))  # type: ignore[attr-defined]
                conn.execute(main.update().where(main.c.id == rec.id).values(**main_row, updated_at=now))  # type: ignore[attr-defined]
            for spec in specs[1:]:
                if rows[spec.name]:
                    conn.execute(self.table(spec.name).insert(), rows[spec.name])
            conn.execute(audit.insert().values(
                at=now, user=user, action=action or ("create" if old is None else "update"),
                record_kind=kind, record_id=rec.id,  # type: ignore[attr-defined]
                before=None if old is None else old.model_dump(mode="json"),
                after=rec.model_dump(mode="json"), note=note,
            ))
            results.append((rec, "created" if old is None else "updated"))
        return results

    def delete(self, kind: str, record_id: str, *, user: str | None = None, note: str | None = None,
               conn: Connection | None = None) -> None:
        """Remove a record; its last state stays in the audit log (nothing goes without trace)."""
        if conn is None:
            with self.transaction() as c:
                return self.delete(kind, record_id, user=user, note=note, conn=c)
        old = self.get(kind, record_id, conn=conn)
        if old is None:
            raise NotFoundError(f"no {kind} with id {record_id!r}")
        specs = self.specs[kind]
        for spec in specs[1:]:
            t = self.table(spec.name)
            conn.execute(t.delete().where(t.c[spec.key] == record_id))
        main = self.table(specs[0].name)
        conn.execute(main.delete().where(main.c.id == record_id))
        conn.execute(self.table("audit_log").insert().values(
            at=_now(), user=user, action="delete", record_kind=kind, record_id=record_id,
            before=old.model_dump(mode="json"), after=None, note=note))

    def audit(self, kind: str | None = None, record_id: str | None = None, limit: int = 200) -> list[dict]:
        t = self.table("audit_log")
        q = sa.select(t).order_by(t.c.id.desc()).limit(limit)
        if kind:
            q = q.where(t.c.record_kind == kind)
        if record_id:
            q = q.where(t.c.record_id == record_id)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    # --- meta -----------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        t = self.table("meta")
        with self.engine.connect() as conn:
            return conn.execute(sa.select(t.c.value).where(t.c.key == key)).scalar_one_or_none()

    def set_meta(self, key: str, value: str, conn: Connection | None = None) -> None:
        if conn is None:
            with self.transaction() as c:
                return self.set_meta(key, value, conn=c)
        t = self.table("meta")
        if conn.execute(sa.select(t.c.key).where(t.c.key == key)).first():
            conn.execute(t.update().where(t.c.key == key).values(value=value))
        else:
            conn.execute(t.insert().values(key=key, value=value))

    def record_kinds(self) -> list[str]:
        return ["source", *RECORD_TYPES]

    def dump_json(self, kind: str) -> list[dict]:
        return [json.loads(r.model_dump_json()) for r in self.iter(kind)]


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def sqlite_path(url: str) -> Path | None:
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///") :])
    return None
