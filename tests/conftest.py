"""Shared fixtures: stores parametrised by backend (SQLite always; PostgreSQL when
ISD_TEST_POSTGRES_URL points at a server, as .ci/run arranges)."""

from __future__ import annotations

import os
import uuid

import pytest

PG_URL = os.environ.get("ISD_TEST_POSTGRES_URL")


def _pg_store():
    import sqlalchemy as sa

    from isd.context import normalise_db_url
    from isd.store import Store

    base = normalise_db_url(PG_URL)
    name = "isd_test_" + uuid.uuid4().hex[:10]
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))  # name is generated above, not user input
    url = base.rsplit("/", 1)[0] + "/" + name
    store = Store(url)
    store.migrate()
    return store, admin, name


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    """An empty, migrated store on each backend."""
    if request.param == "sqlite":
        from isd.store import Store

        s = Store(f"sqlite:///{tmp_path / 'isd.sqlite'}")
        s.migrate()
        yield s
        s.close()
        return
    if not PG_URL:
        pytest.skip("set ISD_TEST_POSTGRES_URL to run PostgreSQL store tests")
    s, admin, name = _pg_store()
    yield s
    s.close()
    import sqlalchemy as sa

    with admin.connect() as c:
        c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def sqlite_store(tmp_path):
    from isd.store import Store

    s = Store(f"sqlite:///{tmp_path / 'isd.sqlite'}")
    s.migrate()
    yield s
    s.close()


@pytest.fixture
def ctx(tmp_path, monkeypatch):
    """A Context whose home and SQLite store live in tmp_path."""
    from isd.context import Context, Settings

    monkeypatch.setenv("ISD_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ISD_DATABASE_URL", raising=False)
    c = Context(Settings(home=tmp_path / "home"), quiet=True)
    yield c
    c.close()
