"""A real uvicorn server on 127.0.0.1 (random free port) over a seeded SQLite store."""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from seeding import seed

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
PASSWORDS = {"ann": "ann-password", "bob": "bob-password", "rita": "rita-password", "vic": "vic-password",
             "ada": "ada-password"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, store, public: bool = False):
        import uvicorn

        from isd.web.app import create_app

        self.store = store
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = create_app(store, secret="test-secret-key-for-this-run", public=public)
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "Server":
        self.thread.start()
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("the test server did not start")

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def make_store(tmp_path):
    from isd.review.users import add_user
    from isd.store import Store

    store = Store(f"sqlite:///{tmp_path / 'web.sqlite'}")
    store.migrate()
    seed(store)
    for name, role in (("ann", "coder"), ("bob", "coder"), ("rita", "reviewer"), ("vic", "viewer"), ("ada", "admin")):
        add_user(store, name, role, PASSWORDS[name])
    return store


@pytest.fixture
def server(tmp_path):
    store = make_store(tmp_path)
    with Server(store) as srv:
        yield srv
    store.close()


@pytest.fixture
def public_server(tmp_path):
    store = make_store(tmp_path)
    with Server(store, public=True) as srv:
        yield srv
    store.close()


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)


def login(client: httpx.Client, name: str) -> str:
    """Log in over HTTP; returns the session's CSRF token."""
    r = client.get("/login")
    token = csrf_of(r.text)
    r = client.post("/login", data={"csrf_token": token, "username": name, "password": PASSWORDS[name], "next": "/"})
    assert r.status_code == 303, r.text
    return client.get("/api/session").json()["csrf_token"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path("/usr/bin/chromium").exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()
