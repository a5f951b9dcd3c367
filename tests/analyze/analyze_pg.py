"""PostgreSQL variant of the hand-built store (used when ISD_TEST_POSTGRES_URL is set)."""

from __future__ import annotations

import os
import uuid


def pg_store(records):
    import sqlalchemy as sa

    from isd.context import normalise_db_url
    from isd.store import Store

    base = normalise_db_url(os.environ["ISD_TEST_POSTGRES_URL"])
    name = "isd_test_" + uuid.uuid4().hex[:10]
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))  # generated name, not user input
    store = Store(base.rsplit("/", 1)[0] + "/" + name)
    store.migrate()
    store.put_many(records, user="test")
    try:
        yield store
    finally:
        store.close()
        with admin.connect() as c:
            c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
