"""Fixtures of the collection tests: the loopback fixture site (see collect_site.py)."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer

import pytest
from collect_site import Site, make_handler


@pytest.fixture
def site():
    s = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(s))
    server.daemon_threads = True
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield s
    server.shutdown()
    server.server_close()


