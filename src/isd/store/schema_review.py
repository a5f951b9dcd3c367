"""Tables of the review stage: users, coding rounds and codings (double coding).

Owned by isd.review / isd.web; migrations 0003+ change them."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)


def add_review_tables(md: MetaData) -> None:
    # --- people and review ---------------------------------------------------------
    Table(
        "users",
        md,
        Column("name", String(100), primary_key=True),
        Column("role", String(20), nullable=False),  # viewer | coder | reviewer | admin
        Column("password_hash", Text(), nullable=False),
        Column("active", Boolean(), nullable=False, default=True),
        Column("created_at", DateTime(), nullable=False),
    )
    Table(
        "coding_rounds",
        md,
        Column("id", Integer(), primary_key=True, autoincrement=True),
        Column("name", String(200), nullable=False),
        Column("created_by", String(100), nullable=True),
        Column("created_at", DateTime(), nullable=False),
        Column("coder_a", String(100), nullable=False),
        Column("coder_b", String(100), nullable=False),
        Column("status", String(20), nullable=False, default="open"),
    )
    Table(
        "codings",
        md,
        Column("id", Integer(), primary_key=True, autoincrement=True),
        Column("round_id", Integer(), ForeignKey("coding_rounds.id", ondelete="CASCADE"), nullable=False),
        Column("record_kind", String(40), nullable=False),
        Column("record_id", String(200), nullable=False),
        Column("coder", String(100), nullable=False),
        Column("values", JSON(), nullable=True),  # the coder's values, {variable: value}
        Column("submitted_at", DateTime(), nullable=True),
        UniqueConstraint("round_id", "record_kind", "record_id", "coder", name="uq_codings_unit_coder"),
    )
