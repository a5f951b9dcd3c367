"""Tables of the collection stage: documents fetched or filed, and the fetch log.

Owned by isd.collect; migrations 0002+ change them (see migrations/versions)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)


def add_collect_tables(md: MetaData) -> None:
    # --- collection: documents fetched or filed, with their archived copy --------------
    Table(
        "documents",
        md,
        Column("id", String(80), primary_key=True),  # "doc_" + sha256[:16] of the content
        Column("url", Text(), nullable=True),
        Column("final_url", Text(), nullable=True),
        Column("source_name", String(200), nullable=True),  # source definition name, or "file"/"url"/"warc"
        Column("status", Integer(), nullable=True),
        Column("fetched_at", DateTime(), nullable=True),
        Column("sha256", String(64), nullable=False),
        Column("content_type", String(200), nullable=True),
        Column("encoding", String(40), nullable=True),
        Column("language", String(16), nullable=True),
        Column("title", Text(), nullable=True),
        Column("published", Date(), nullable=True),
        Column("text", Text(), nullable=True),
        Column("size", BigInteger(), nullable=True),
        Column("warc_file", Text(), nullable=True),
        Column("warc_offset", BigInteger(), nullable=True),
        Column("warc_record_id", String(100), nullable=True),
        Column("etag", Text(), nullable=True),
        Column("last_modified", Text(), nullable=True),
        Column("story_id", String(80), nullable=True, index=True),  # near-duplicate cluster
        Column("extracted_at", DateTime(), nullable=True),
        Column("extractor_version", String(40), nullable=True),
        Column("error", Text(), nullable=True),
        # added by migration 0002 (collection stage)
        Column("minhash", LargeBinary(), nullable=True),  # MinHash signature (uint64 × 128) for near-copy linking
        Column("warc_length", BigInteger(), nullable=True),  # bytes of the (gzip member) WARC record
        UniqueConstraint("sha256"),
        Index("ix_documents_url", "url"),
    )
    Table(
        "fetch_log",
        md,
        Column("id", Integer(), primary_key=True, autoincrement=True),
        Column("url", Text(), nullable=False),
        Column("source_name", String(200), nullable=True),
        Column("fetched_at", DateTime(), nullable=False),
        Column("status", Integer(), nullable=True),
        Column("outcome", String(40), nullable=False),  # new | unchanged | failed | skipped
        Column("document_id", String(80), nullable=True),
        Column("reason", Text(), nullable=True),
        # added by migration 0002 (collection stage)
        Column("kind", String(20), nullable=True),  # article | listing | feed | file | robots
        Column("final_url", Text(), nullable=True),
        Column("sha256", String(64), nullable=True),
        Column("etag", Text(), nullable=True),
        Column("last_modified", Text(), nullable=True),
        Column("warc_file", Text(), nullable=True),
        Column("warc_offset", BigInteger(), nullable=True),
        Index("ix_fetch_log_url", "url"),
    )

