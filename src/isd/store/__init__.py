"""The record store: SQLite by default, PostgreSQL for a team.

>>> store = Store("sqlite:///isd.sqlite"); store.migrate()
>>> store.put_many([event, agreement], user="alice")
>>> store.get("event", "ev_2024_...")

Every write goes through one transaction and leaves an audit-log row (who, when,
before, after).  Records carry a ``version``; passing ``expected_version`` makes a
write fail with :class:`ConflictError` if someone else saved the record meanwhile.
"""

from __future__ import annotations

from isd.store.core import ConflictError, NotFoundError, Store, StoreError

__all__ = ["Store", "StoreError", "ConflictError", "NotFoundError"]
