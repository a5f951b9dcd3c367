"""Bundled sample readouts for the offline demo, and the loopback server that serves them.

The pages in ``site/`` were written for isd (facts from public readouts, our own words):
English and Chinese pages, one GBK-encoded page, one syndicated near-copy of another
story, a listing with two pages and a robots.txt that disallows ``/drafts/``.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

SITE = Path(__file__).with_name("site")


class _Handler(SimpleHTTPRequestHandler):
    def guess_type(self, path):
        p = str(path)
        if p.endswith(".gbk.html"):
            return "text/html; charset=gbk"
        if p.endswith(".html"):
            return "text/html; charset=utf-8"
        if p.endswith(".txt"):
            return "text/plain; charset=utf-8"
        return super().guess_type(path)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


PREFERRED_PORT = 47831  # stable URLs across demo runs when the port is free


@contextlib.contextmanager
def serve_sample(site: Path = SITE, port: int = PREFERRED_PORT) -> Iterator[str]:
    """Serve the sample site on 127.0.0.1 (the preferred port, else a free one); yields the base URL."""
    handler = partial(_Handler, directory=str(site))
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError:
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="isd-sample-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def collect_sample(ctx, *, progress: bool = False) -> dict[str, Any]:
    """Collect the bundled sample pages into ctx's archive and store (no network needed).

    Returns the collection summary (new, unchanged, failed, …); running it again adds nothing.
    """
    from isd.collect.crawler import SourceCrawl
    from isd.collect.sources import load_source

    summary = SourceCrawl(ctx, load_source("sample"), refresh=False, progress=progress).run()
    return summary.as_dict()
