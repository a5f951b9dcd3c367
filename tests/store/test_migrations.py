"""The Alembic migrations describe exactly the schema the code uses."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from isd.store.migrate import current, head
from isd.store.schema import get_metadata


def test_migrations_match_metadata(store):
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), get_metadata())
    assert diff == [], f"schema and migrations disagree; write a migration: {diff}"


def test_migrate_is_idempotent_and_at_head(store):
    store.migrate()
    assert current(store.engine) == head()
