"""The context object every stage receives: settings, codebook, store, console.

Nothing here runs at import time.  A :class:`Context` is built once by the CLI (or
by a notebook / test) and passed down; stages never reach for module globals.

Settings (environment variables; the CLI's ``--home`` / ``--db`` override them):

``ISD_HOME``
    isd's data directory: the SQLite store, the WARC archive, reports, digests.
    Default: the platform's user data directory (``platformdirs.user_data_dir("isd")``).
``ISD_DATABASE_URL``
    SQLAlchemy URL of the store.  Default: ``sqlite:///$ISD_HOME/isd.sqlite``.
    A team uses PostgreSQL: ``postgresql+psycopg://user@host/db``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

if TYPE_CHECKING:  # pragma: no cover
    from isd.codebook import Codebook
    from isd.store import Store

ENV_HOME = "ISD_HOME"
ENV_DATABASE_URL = "ISD_DATABASE_URL"


def default_home() -> Path:
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("isd", appauthor=False))


def normalise_db_url(value: str) -> str:
    """Accept a SQLAlchemy URL or a plain path to a SQLite file."""
    if "://" in value:
        if value.startswith("postgresql://"):
            return "postgresql+psycopg://" + value[len("postgresql://") :]
        if value.startswith("postgres://"):
            return "postgresql+psycopg://" + value[len("postgres://") :]
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


@dataclass
class Settings:
    home: Path = field(default_factory=default_home)
    database_url: str | None = None

    def __post_init__(self) -> None:
        self.home = Path(self.home).expanduser()
        if self.database_url is None:
            env = os.environ.get(ENV_DATABASE_URL)
            self.database_url = normalise_db_url(env) if env else None
        else:
            self.database_url = normalise_db_url(self.database_url)

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.home / 'isd.sqlite').resolve()}"

    @property
    def archive_dir(self) -> Path:
        return self.home / "archive"

    @property
    def reports_dir(self) -> Path:
        return self.home / "reports"


class Context:
    """Settings plus lazily opened resources.  Pass it; don't make it global."""

    def __init__(self, settings: Settings | None = None, console: Console | None = None, quiet: bool = False):
        self.settings = settings or Settings()
        self.console = console or Console(stderr=True, quiet=quiet)

    @cached_property
    def codebook(self) -> "Codebook":
        from isd.codebook import load_codebook

        return load_codebook()

    @cached_property
    def store(self) -> "Store":
        from isd.store import Store

        if self.settings.db_url.startswith("sqlite:///"):
            self.settings.home.mkdir(parents=True, exist_ok=True)
        store = Store(self.settings.db_url)
        store.migrate()
        return store

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.close()
