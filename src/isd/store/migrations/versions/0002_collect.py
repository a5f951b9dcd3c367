"""collection stage tables (owned by isd.collect)

Revision ID: 0002
Revises: 0001

documents: MinHash signature and WARC record length, an index on url.
fetch_log: what was fetched (kind), where it ended up (final_url), its hash, the
validators for conditional requests (etag, last_modified) and its WARC record.
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("minhash", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("warc_length", sa.BigInteger(), nullable=True))
        batch_op.create_index("ix_documents_url", ["url"], unique=False)
    with op.batch_alter_table("fetch_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("final_url", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("etag", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("last_modified", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("warc_file", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("warc_offset", sa.BigInteger(), nullable=True))
        batch_op.create_index("ix_fetch_log_url", ["url"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("fetch_log", schema=None) as batch_op:
        batch_op.drop_index("ix_fetch_log_url")
        for col in ("warc_offset", "warc_file", "last_modified", "etag", "sha256", "final_url", "kind"):
            batch_op.drop_column(col)
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index("ix_documents_url")
        batch_op.drop_column("warc_length")
        batch_op.drop_column("minhash")
