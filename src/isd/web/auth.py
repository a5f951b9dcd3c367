"""Sessions, CSRF and permissions for the web app.

- The session is a signed cookie (itsdangerous; key from ``ISD_SECRET_KEY`` or a
  random key generated once into ``$ISD_HOME/web_secret_key``) holding the user name
  and a per-session CSRF token.  Every visitor gets one (the login form needs a token).
- Every POST must carry the session's CSRF token: the form field ``csrf_token`` or,
  for the JSON API, the header ``X-CSRF-Token``.  Compared in constant time.
- In ``--public`` mode nobody logs in and every write is refused (403).
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request

from isd.review.users import User, get_user

COOKIE = "isd_session"
MAX_AGE = 12 * 3600
ENV_SECRET = "ISD_SECRET_KEY"


def secret_key(home: Path | None) -> str:
    """ISD_SECRET_KEY, else a key kept in the data directory (created with mode 0600)."""
    env = os.environ.get(ENV_SECRET)
    if env:
        return env
    if home is None:
        return secrets.token_urlsafe(32)
    path = Path(home) / "web_secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key)
    return key


class Sessions:
    def __init__(self, key: str):
        from itsdangerous import URLSafeTimedSerializer

        self.ser = URLSafeTimedSerializer(key, salt="isd-session")

    def load(self, cookie: str | None) -> dict[str, Any] | None:
        from itsdangerous import BadSignature

        if not cookie:
            return None
        try:
            data = self.ser.loads(cookie, max_age=MAX_AGE)
        except BadSignature:
            return None
        return data if isinstance(data, dict) and "csrf" in data else None

    def dump(self, data: dict[str, Any]) -> str:
        return self.ser.dumps(data)

    @staticmethod
    def fresh(user: str | None = None) -> dict[str, Any]:
        return {"u": user, "csrf": secrets.token_urlsafe(24)}


def current_user(request: Request) -> User | None:
    return getattr(request.state, "user", None)


def check_csrf(request: Request, sent: str | None) -> None:
    expected = request.state.session.get("csrf", "")
    if not sent or not hmac.compare_digest(str(sent), str(expected)):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")


async def guard(request: Request, role: str = "coder") -> tuple[User, Any]:
    """For every POST: writes allowed, logged in with ``role``, CSRF token right.
    Returns (user, form) — the form is read here (empty for JSON requests)."""
    if request.app.state.public:
        raise HTTPException(403, "this is a read-only public site")
    is_json = request.headers.get("content-type", "").startswith("application/json")
    form = None if is_json else await request.form()
    token = request.headers.get("x-csrf-token") or (form.get("csrf_token") if form is not None else None)
    check_csrf(request, token)
    user = current_user(request)
    if user is None:
        raise HTTPException(401, "log in first")
    if not user.can(role):
        raise HTTPException(403, f"your role ({user.role}) cannot do this; it needs {role}")
    return user, form


def require(request: Request, role: str) -> User:
    """For GET pages that only some roles may see."""
    user = current_user(request)
    if user is None:
        raise HTTPException(401, "log in first")
    if not user.can(role):
        raise HTTPException(403, f"your role ({user.role}) cannot see this page; it needs {role}")
    return user


def resolve_user(store: Any, session: dict[str, Any]) -> User | None:
    name = session.get("u")
    if not name:
        return None
    user = get_user(store, name)
    return user if user is not None and user.active else None
