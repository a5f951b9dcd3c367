"""Fixtures over the hand-built dataset of analyze_handdata.py."""

from __future__ import annotations

import pytest
from analyze_handdata import agreements, events, reference, trainings


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def hand_store(request, tmp_path_factory):
    """The hand-built records in a store (built once per test module; tests only read it)."""
    if request.param == "sqlite":
        from isd.store import Store

        s = Store(f"sqlite:///{tmp_path_factory.mktemp('analyze') / 'isd.sqlite'}")
        s.migrate()
        s.put_many([*agreements(), *events(), *trainings()], user="test")
        yield s
        s.close()
        return
    import os

    if not os.environ.get("ISD_TEST_POSTGRES_URL"):
        pytest.skip("set ISD_TEST_POSTGRES_URL to run PostgreSQL tests")
    from analyze_pg import pg_store  # pragma: no cover

    yield from pg_store([*agreements(), *events(), *trainings()])


@pytest.fixture(scope="module")
def ref():
    return reference()


@pytest.fixture(scope="module")
def ds(hand_store, ref):
    from isd.analyze.data import Dataset

    d = Dataset.from_store(hand_store, ref=ref)
    yield d
    d.close()
