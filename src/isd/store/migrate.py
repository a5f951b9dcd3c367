"""Alembic migrations, run programmatically (no alembic.ini needed by users).

``isd db upgrade`` and every :class:`~isd.store.Store` opened by the CLI call
:func:`upgrade`.  Developers make a new revision with::

    PYTHONPATH=src python -m isd.store.migrate revision "add a column"
"""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def _config(engine: Engine | None = None, url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as conn:
        cfg = _config(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head() or ""


def main(argv: list[str]) -> None:  # pragma: no cover - developer tool
    if len(argv) >= 2 and argv[0] == "revision":
        import tempfile

        from sqlalchemy import create_engine

        tmp = Path(tempfile.mkdtemp()) / "rev.sqlite"
        engine = create_engine(f"sqlite:///{tmp}")
        upgrade(engine)
        cfg = _config(url=f"sqlite:///{tmp}")
        command.revision(cfg, message=argv[1], autogenerate=True)
    else:
        print("usage: python -m isd.store.migrate revision MESSAGE")


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
