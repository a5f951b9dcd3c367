"""collection stage tables (owned by isd.collect)

Revision ID: 0002
Revises: 0001
Placeholder until the stage changes its tables: write op.add_column / op.create_table
here (with render_as_batch for SQLite: use op.batch_alter_table) and keep
isd/store/schema_*.py in step; tests/store/test_migrations.py checks they agree.
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
