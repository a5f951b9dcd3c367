"""The web app: ``create_app(store, ...)`` builds a FastAPI application.

Server-rendered HTML (Jinja2, autoescaped), our own CSS/JS from /static (no CDN), a
strict Content-Security-Policy, signed-cookie sessions with CSRF tokens, roles
(viewer < coder < reviewer < admin) and a read-only ``public`` mode.  See
:mod:`isd.web.auth` for sessions and :mod:`isd.review` for the review logic.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from isd.store import Store
from isd.web.auth import COOKIE, MAX_AGE, Sessions, check_csrf, resolve_user

HERE = Path(__file__).parent
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
OPEN_PATHS = ("/login", "/static/", "/healthz")


class UserCache:
    """Users looked up per request, cached for a few seconds (role changes apply quickly)."""

    def __init__(self, store: Store, ttl: float = 5.0):
        self.store, self.ttl, self.data = store, ttl, {}
        self.lock = threading.Lock()

    def get(self, session: dict) -> Any:
        name = session.get("u")
        if not name:
            return None
        now = time.monotonic()
        with self.lock:
            hit = self.data.get(name)
            if hit and now - hit[0] < self.ttl:
                return hit[1]
        user = resolve_user(self.store, session)
        with self.lock:
            self.data[name] = (now, user)
        return user


class LoginThrottle:
    """At most ``per_user`` failed log-ins per user name, and ``per_address`` per client
    address (a team behind one proxy shares an address), in ``window`` seconds."""

    def __init__(self, per_user: int = 5, per_address: int = 50, window: float = 300.0):
        self.per_user, self.per_address, self.window, self.fails = per_user, per_address, window, {}
        self.lock = threading.Lock()

    def _recent(self, key: str, now: float) -> list[float]:
        return [t for t in self.fails.get(key, []) if now - t < self.window]

    def blocked(self, *keys: str) -> bool:
        now = time.monotonic()
        with self.lock:
            return any(len(self._recent(k, now)) >= (self.per_user if k.startswith("user:") else self.per_address)
                       for k in keys)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self.lock:
            for k in keys:
                self.fails[k] = [*self._recent(k, now), now]


def create_app(store: Store, *, secret: str, public: bool = False, title: str = "isd") -> FastAPI:
    app = FastAPI(title=f"{title} API", version="1", docs_url=None, redoc_url=None,
                  description="Read endpoints for every record type and analysis; write endpoints for coders "
                              "(session cookie + X-CSRF-Token header).")
    app.state.store = store
    app.state.public = public
    app.state.sessions = Sessions(secret)
    app.state.users = UserCache(store)
    app.state.write_lock = threading.Lock()
    app.state.throttle = LoginThrottle()
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.autoescape = True
    templates.env.auto_reload = False  # templates ship with the package; no stat() per render
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def session_and_headers(request: Request, call_next):
        sessions: Sessions = app.state.sessions
        session = sessions.load(request.cookies.get(COOKIE))
        new_cookie = session is None
        if session is None:
            session = Sessions.fresh()
        request.state.session = session
        request.state.user = None if public else app.state.users.get(session)
        path = request.url.path
        if not public and request.state.user is None and not path.startswith(OPEN_PATHS) and request.method == "GET":
            if path.startswith("/api/") or path == "/openapi.json":
                response: Response = JSONResponse({"detail": "log in first"}, status_code=401)
            else:
                response = RedirectResponse(f"/login?next={quote(str(request.url.path))}", status_code=303)
        else:
            response = await call_next(request)
        replaced = getattr(request.state, "new_session", None)
        if replaced is not None:
            session, new_cookie = replaced, True
        if new_cookie:
            response.set_cookie(COOKIE, sessions.dump(session), max_age=MAX_AGE, httponly=True, samesite="lax",
                                secure=request.url.scheme == "https")
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        if not path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if request.url.path.startswith("/api/") or request.headers.get("accept", "").startswith("application/json"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        if exc.status_code == 401 and request.method == "GET":
            return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        return page(request, "error.html", {"status": exc.status_code, "message": exc.detail}, status=exc.status_code)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict:
        return {"ok": True}

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form(request: Request, next: str = "/"):
        if public:
            return RedirectResponse("/", status_code=303)
        return page(request, "login.html", {"next": _local(next), "error": None})

    @app.post("/login", include_in_schema=False)
    async def login(request: Request):
        from starlette.concurrency import run_in_threadpool

        from isd.review.users import authenticate

        if public:
            raise HTTPException(403, "this is a read-only public site")
        form = await request.form()
        check_csrf(request, form.get("csrf_token"))
        name = str(form.get("username", "")).strip()
        keys = (f"user:{name}", f"addr:{request.client.host if request.client else '?'}")
        nxt = _local(str(form.get("next", "/")))
        if app.state.throttle.blocked(*keys):
            return page(request, "login.html", {"next": nxt, "error": "too many failed log-ins; wait 5 minutes"},
                        status=429)
        user = await run_in_threadpool(authenticate, store, name, str(form.get("password", "")))
        if user is None:
            app.state.throttle.failed(*keys)
            return page(request, "login.html", {"next": nxt, "error": "wrong user name or password"}, status=400)
        request.state.new_session = Sessions.fresh(user.name)  # new CSRF token on login
        return RedirectResponse(nxt, status_code=303)

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request):
        form = await request.form()
        check_csrf(request, form.get("csrf_token"))
        request.state.new_session = Sessions.fresh()
        return RedirectResponse("/login", status_code=303)

    from isd.web import admin, api, pages, reviewpages

    pages.register(app)
    reviewpages.register(app)
    admin.register(app)
    api.register(app)
    return app


def _local(url: str) -> str:
    """Only same-site paths are followed after login (no open redirects)."""
    return url if url.startswith("/") and not url.startswith("//") and "\\" not in url else "/"


def page(request: Request, template: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
    app = request.app
    user = getattr(request.state, "user", None)
    base = {"request": request, "user": user, "public": app.state.public,
            "csrf": request.state.session.get("csrf", "") if hasattr(request.state, "session") else "",
            "can_code": bool(user and user.can("coder") and not app.state.public),
            "can_review": bool(user and user.can("reviewer") and not app.state.public),
            "can_admin": bool(user and user.can("admin") and not app.state.public)}
    return app.state.templates.TemplateResponse(request, template, {**base, **ctx}, status_code=status)
