"""SQLAlchemy schema of the store.

Record tables are generated from :mod:`isd.store.tables` (themselves generated from
the models); operational tables (collected documents, users, audit log, coding
assignments) are declared here.  Alembic migrations under ``isd/store/migrations``
must describe exactly this metadata (``tests/store/test_migrations.py`` checks it).
"""

from __future__ import annotations

import functools

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from isd.store.schema_collect import add_collect_tables
from isd.store.schema_review import add_review_tables
from isd.store.tables import MAIN_TABLE, TableSpec, record_table_specs

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

_TYPES = {
    "str": lambda: Text(),
    "int": lambda: BigInteger(),
    "float": lambda: Float(),
    "bool": lambda: Boolean(),
    "date": lambda: Date(),
    "datetime": lambda: DateTime(timezone=False),
}


def _record_table(md: MetaData, spec: TableSpec) -> Table:
    cols = []
    for c in spec.columns:
        if c.name == "id" and not spec.is_child:
            cols.append(Column("id", String(200), primary_key=True))
        elif spec.is_child and c.name == spec.key:
            cols.append(
                Column(c.name, String(200), ForeignKey(f"{MAIN_TABLE[spec.kind]}.id", ondelete="CASCADE"), nullable=False)
            )
        elif spec.is_child and c.name == "position":
            cols.append(Column("position", Integer(), nullable=False))
        else:
            cols.append(Column(c.name, _TYPES[c.type](), nullable=not c.required))
    args: list = []
    if spec.is_child:
        args.append(PrimaryKeyConstraint(spec.key, "position"))
    else:
        cols.append(Column("created_at", DateTime(), nullable=True))
        cols.append(Column("updated_at", DateTime(), nullable=True))
    t = Table(spec.name, md, *cols, *args)
    if spec.is_child and spec.scalar_list:
        Index(f"ix_{spec.name}_value", t.c[spec.columns[2].name])
    return t


def build_metadata() -> MetaData:
    md = MetaData(naming_convention=NAMING)
    for spec in record_table_specs():
        _record_table(md, spec)

    add_collect_tables(md)
    add_review_tables(md)
    Table(
        "audit_log",
        md,
        Column("id", Integer(), primary_key=True, autoincrement=True),
        Column("at", DateTime(), nullable=False),
        Column("user", String(100), nullable=True),
        Column("action", String(40), nullable=False),  # create | update | delete | merge | review | import
        Column("record_kind", String(40), nullable=False),
        Column("record_id", String(200), nullable=False),
        Column("before", JSON(), nullable=True),
        Column("after", JSON(), nullable=True),
        Column("note", Text(), nullable=True),
        Index("ix_audit_record", "record_kind", "record_id"),
    )
    Table(
        "meta",
        md,
        Column("key", String(100), primary_key=True),
        Column("value", Text(), nullable=True),
    )
    return md


@functools.lru_cache(maxsize=1)
def get_metadata() -> MetaData:
    """The store's metadata, built on first use (never at import time)."""
    return build_metadata()
