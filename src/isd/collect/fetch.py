"""A polite, robust HTTP fetcher (httpx): robots.txt, per-host rate limit and
concurrency, retries with backoff on 429/5xx and network errors (Retry-After honoured),
conditional requests, timeouts, a streamed size limit, bounded redirects with loop
detection, http(s) only, and a User-Agent that says who we are.

Thread-safe: one :class:`Fetcher` is shared by the crawler's worker threads.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Self
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from isd import __version__

PROJECT_URL = "https://github.com/isd-project/isd"
USER_AGENT = f"isd/{__version__} (+{PROJECT_URL}; research crawler)"
RETRY_STATUS = {429, 500, 502, 503, 504}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass
class FetchResult:
    url: str
    final_url: str
    status: int | None = None
    reason_phrase: str = ""
    http_version: str = "HTTP/1.1"
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes | None = None
    fetched_at: dt.datetime = field(default_factory=utcnow)
    error: str | None = None
    redirects: list[str] = field(default_factory=list)
    attempts: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300 and self.body is not None

    @property
    def not_modified(self) -> bool:
        return self.error is None and self.status == 304

    def header(self, name: str) -> str | None:
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None


@dataclass
class HostPolicy:
    rate_limit: float = 1.0  # requests per second
    concurrency: int = 2


class _Host:
    def __init__(self, policy: HostPolicy):
        self.policy = policy
        self.lock = threading.Lock()
        self.sem = threading.Semaphore(policy.concurrency)
        self.next_at = 0.0
        self.robots: RobotFileParser | None = None
        self.robots_note: str | None = None  # "disallow all: robots.txt returned 503"
        self.robots_lock = threading.Lock()
        self.crawl_delay: float = 0.0


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


class Fetcher:
    def __init__(
        self,
        *,
        timeout: float = 30.0,
        max_bytes: int = 20_000_000,
        max_redirects: int = 5,
        retries: int = 3,
        backoff: float = 1.0,
        max_retry_after: float = 120.0,
        respect_robots: bool = True,
        user_agent: str = USER_AGENT,
        default_policy: HostPolicy | None = None,
    ):
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.retries = retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.respect_robots = respect_robots
        self.user_agent = user_agent
        self.default_policy = default_policy or HostPolicy()
        self._policies: dict[str, HostPolicy] = {}
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self.client = httpx.Client(
            follow_redirects=False,
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": user_agent, "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                     "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
            trust_env=False,
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- per host ---------------------------------------------------------------------

    def set_policy(self, host: str, policy: HostPolicy) -> None:
        self._policies[host.lower()] = policy

    def _host(self, netloc: str) -> _Host:
        key = netloc.lower()
        with self._hosts_lock:
            h = self._hosts.get(key)
            if h is None:
                host = key.split(":")[0]
                h = _Host(self._policies.get(key) or self._policies.get(host) or self.default_policy)
                self._hosts[key] = h
            return h

    def _wait_turn(self, h: _Host) -> None:
        interval = max(1.0 / h.policy.rate_limit, h.crawl_delay)
        with h.lock:
            now = time.monotonic()
            start = max(now, h.next_at)
            h.next_at = start + interval
        if start > now:
            time.sleep(start - now)

    # --- robots.txt --------------------------------------------------------------------

    def robots_allows(self, url: str) -> tuple[bool, str | None]:
        """(allowed, reason if not).  robots.txt 4xx → allowed; 5xx or unreachable → disallowed (RFC 9309)."""
        if not self.respect_robots:
            return True, None
        parts = urlsplit(url)
        h = self._host(parts.netloc)
        with h.robots_lock:
            if h.robots is None and h.robots_note is None:
                self._load_robots(parts.scheme, parts.netloc, h)
        if h.robots_note:
            return False, h.robots_note
        assert h.robots is not None
        if h.robots.can_fetch(self.user_agent, url):
            return True, None
        return False, "robots.txt disallows this URL"

    def _load_robots(self, scheme: str, netloc: str, h: _Host) -> None:
        url = f"{scheme}://{netloc}/robots.txt"
        rp = RobotFileParser(url)
        res = self._get(url, h, {}, max_bytes=500_000)
        if res.error and res.status is None:
            h.robots_note = f"robots.txt unreachable ({res.error}); not crawling this host"
            return
        if res.status and 400 <= res.status < 500:
            rp.allow_all = True
        elif res.status and res.status >= 500:
            h.robots_note = f"robots.txt returned {res.status}; not crawling this host"
            return
        else:
            rp.parse((res.body or b"").decode("utf-8", errors="replace").splitlines())
            delay = rp.crawl_delay(self.user_agent)
            if delay:
                h.crawl_delay = min(float(delay), 60.0)
        h.robots = rp

    # --- fetching ------------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        allow_url: Callable[[str], str | None] | None = None,
    ) -> FetchResult:
        """GET a URL, following up to ``max_redirects`` redirects.

        ``allow_url(url)`` returns a reason to refuse a URL (e.g. a redirect to another
        host) or None.  Never raises for network or HTTP problems: see ``result.error``.
        """
        t0 = time.monotonic()
        seen = [url]
        current = url
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        while True:
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https"):
                return FetchResult(url, current, error=f"not an http(s) URL: {current}", redirects=seen[1:])
            if allow_url is not None:
                why = allow_url(current)
                if why:
                    return FetchResult(url, current, error=why, redirects=seen[1:])
            allowed, why = self.robots_allows(current)
            if not allowed:
                return FetchResult(url, current, error=why, redirects=seen[1:])
            res = self._get(current, self._host(parts.netloc), headers)
            res.url = url
            res.redirects = seen[1:]
            res.seconds = time.monotonic() - t0
            if res.error or res.status not in (301, 302, 303, 307, 308):
                return res
            loc = res.header("location")
            if not loc:
                res.error = f"redirect {res.status} without a Location header"
                return res
            nxt = urljoin(current, loc.strip())
            if nxt in seen:
                res.error = f"redirect loop: {' -> '.join(seen + [nxt])}"
                return res
            if len(seen) > self.max_redirects:
                res.error = f"more than {self.max_redirects} redirects"
                return res
            seen.append(nxt)
            current = nxt

    def _get(self, url: str, h: _Host, headers: dict[str, str], max_bytes: int | None = None) -> FetchResult:
        limit = max_bytes or self.max_bytes
        attempt = 0
        while True:
            attempt += 1
            h.sem.acquire()
            try:
                self._wait_turn(h)
                res = self._get_once(url, headers, limit)
            finally:
                h.sem.release()
            res.attempts = attempt
            retryable = (res.status in RETRY_STATUS) or (res.error is not None and res.status is None and res.error.startswith(("timeout", "network")))
            if not retryable:
                return res
            if attempt > self.retries:
                if res.status in RETRY_STATUS and not res.error:
                    res.error = f"HTTP {res.status} after {attempt} attempts"
                elif res.error:
                    res.error = f"{res.error} (after {attempt} attempts)"
                return res
            wait = _retry_after(res.header("retry-after")) if res.status in (429, 503) else None
            if wait is not None and wait > self.max_retry_after:
                res.error = f"HTTP {res.status}: server asks to retry after {wait:.0f} s (more than {self.max_retry_after:.0f} s); giving up"
                return res
            if wait is None:
                wait = self.backoff * (2 ** (attempt - 1)) * (1 + random.random() * 0.25)
            time.sleep(wait)

    def _get_once(self, url: str, headers: dict[str, str], limit: int) -> FetchResult:
        fetched_at = utcnow()
        try:
            with self.client.stream("GET", url, headers=headers) as r:
                res = FetchResult(
                    url, url, status=r.status_code, reason_phrase=r.reason_phrase or "",
                    http_version=r.http_version or "HTTP/1.1",
                    headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in r.headers.raw],
                    fetched_at=fetched_at,
                )
                if r.status_code in (301, 302, 303, 307, 308, 304) or r.status_code in RETRY_STATUS:
                    return res
                declared = r.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > limit and "content-encoding" not in r.headers:
                    res.error = f"too large: Content-Length {int(declared):,} bytes exceeds the limit of {limit:,}"
                    return res
                chunks: list[bytes] = []
                total = 0
                deadline = time.monotonic() + self.timeout * 4
                for chunk in r.iter_bytes():
                    total += len(chunk)
                    if total > limit:
                        res.error = f"too large: more than {limit:,} bytes (stopped reading)"
                        return res
                    if time.monotonic() > deadline:
                        res.error = f"timeout: body not received within {self.timeout * 4:.0f} s"
                        return res
                    chunks.append(chunk)
                res.body = b"".join(chunks)
                if r.status_code >= 400:
                    res.error = f"HTTP {r.status_code} {r.reason_phrase or ''}".strip()
                return res
        except httpx.TimeoutException as exc:
            return FetchResult(url, url, fetched_at=fetched_at, error=f"timeout: {type(exc).__name__} after {self.timeout:g} s")
        except httpx.DecodingError as exc:
            return FetchResult(url, url, fetched_at=fetched_at, error=f"bad content encoding: {exc}")
        except httpx.TransportError as exc:
            return FetchResult(url, url, fetched_at=fetched_at, error=f"network: {type(exc).__name__}: {exc}")
        except httpx.InvalidURL as exc:
            return FetchResult(url, url, fetched_at=fetched_at, error=f"invalid URL: {exc}")
