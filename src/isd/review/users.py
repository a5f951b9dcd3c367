"""People: accounts with a role and an argon2-hashed password (table ``users``).

Roles, each including the rights of the ones before it:

``viewer``   reads everything.
``coder``    accepts, corrects, rejects, merges, adds records; codes assigned units.
``reviewer`` also assigns double-coding rounds, adjudicates, reads the audit log.
``admin``    also manages accounts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from isd.store import Store

ROLES = ("viewer", "coder", "reviewer", "admin")


class UserError(ValueError):
    """An account operation failed; the message says why."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    active: bool = True

    def can(self, role: str) -> bool:
        """True when this user has at least ``role``."""
        return self.active and ROLES.index(self.role) >= ROLES.index(role)


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 100 or not all(ch.isalnum() or ch in "._-@" for ch in name):
        raise UserError(f"bad user name {name!r}: use 1-100 letters, digits, '.', '_', '-' or '@'")
    return name


def _audit(conn, store: Store, by: str | None, action: str, name: str, before: dict | None, after: dict | None) -> None:
    """Account changes go to the audit log too (never the password hash)."""
    conn.execute(store.table("audit_log").insert().values(
        at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0), user=by, action=action,
        record_kind="user", record_id=name, before=before, after=after, note=None))


def add_user(store: Store, name: str, role: str, password: str, *, replace: bool = False,
             by: str | None = None) -> User:
    """Create an account (or, with ``replace``, reset its role and password)."""
    name = _check_name(name)
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    if len(password or "") < 8:
        raise UserError("the password must have at least 8 characters")
    t = store.table("users")
    digest = _hasher().hash(password)
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    with store.transaction() as conn:
        exists = conn.execute(sa.select(t.c.name).where(t.c.name == name)).first()
        if exists and not replace:
            raise UserError(f"user {name!r} exists already (use --replace to reset role and password)")
        if exists:
            old = conn.execute(sa.select(t.c.role, t.c.active).where(t.c.name == name)).first()
            conn.execute(t.update().where(t.c.name == name).values(role=role, password_hash=digest, active=True))
            _audit(conn, store, by, "user_update", name, {"role": old.role, "active": bool(old.active)},
                   {"role": role, "active": True, "password": "changed"})
        else:
            conn.execute(t.insert().values(name=name, role=role, password_hash=digest, active=True, created_at=now))
            _audit(conn, store, by, "user_add", name, None, {"role": role, "active": True})
    return User(name, role, True)


def get_user(store: Store, name: str) -> User | None:
    t = store.table("users")
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(t.c.name, t.c.role, t.c.active).where(t.c.name == name)).first()
    return User(row.name, row.role, bool(row.active)) if row else None


def list_users(store: Store) -> list[User]:
    t = store.table("users")
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(t.c.name, t.c.role, t.c.active).order_by(t.c.name)).all()
    return [User(r.name, r.role, bool(r.active)) for r in rows]


def set_active(store: Store, name: str, active: bool, by: str | None = None) -> None:
    t = store.table("users")
    with store.transaction() as conn:
        res = conn.execute(t.update().where(t.c.name == name).values(active=active))
        if res.rowcount == 0:
            raise UserError(f"no user {name!r}")
        _audit(conn, store, by, "user_enable" if active else "user_disable", name, None, {"active": active})


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user if the name and password match an active account, else None."""
    from argon2.exceptions import InvalidHashError, VerificationError

    t = store.table("users")
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(t).where(t.c.name == (name or "").strip())).mappings().first()
    hasher = _hasher()
    if row is None:
        # spend the same time as a real check so names cannot be probed by timing
        try:
            hasher.verify(hasher.hash("x" * 12), "not the password")
        except VerificationError:
            pass
        return None
    try:
        hasher.verify(row["password_hash"], password or "")
    except (VerificationError, InvalidHashError):
        return None
    if not row["active"]:
        return None
    return User(row["name"], row["role"], True)
