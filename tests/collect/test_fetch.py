"""The fetcher against a real loopback server: politeness and robustness cases."""

from __future__ import annotations

import time

import pytest

from isd.collect.fetch import USER_AGENT, Fetcher, HostPolicy


@pytest.fixture
def fetcher():
    f = Fetcher(timeout=1.0, max_bytes=5_000_000, retries=2, backoff=0.05, default_policy=HostPolicy(200, 4))
    yield f
    f.close()


def test_user_agent_and_robots_fetched_first(site, fetcher):
    res = fetcher.fetch(site.base + "/a/1.html")
    assert res.ok and b"Interpol" in res.body
    assert site.requests[0][0] == "/robots.txt"
    ua = {k.lower(): v for k, v in site.requests[1][1].items()}["user-agent"]
    assert ua == USER_AGENT and ua.startswith("isd/") and "research crawler" in ua


def test_robots_disallow_is_not_fetched(site, fetcher):
    res = fetcher.fetch(site.base + "/private/secret.html")
    assert res.error == "robots.txt disallows this URL"
    assert site.hits["/private/secret.html"] == 0


def test_gzip_is_decoded(site, fetcher):
    res = fetcher.fetch(site.base + "/gz/1.html")
    assert res.ok and res.header("content-encoding") == "gzip"
    assert b"served gzip-compressed" in res.body


def test_redirect_loop_detected(site, fetcher):
    res = fetcher.fetch(site.base + "/loop/a")
    assert res.error and res.error.startswith("redirect loop")
    assert site.hits["/loop/a"] == 1 and site.hits["/loop/b"] == 1


def test_redirect_followed_to_final_url(site, fetcher):
    res = fetcher.fetch(site.base + "/redirect/ok")
    assert res.ok and res.final_url == site.base + "/a/5.html" and res.redirects == [site.base + "/a/5.html"]


def test_404_not_retried(site, fetcher):
    res = fetcher.fetch(site.base + "/missing.html")
    assert res.status == 404 and res.error.startswith("HTTP 404")
    assert site.hits["/missing.html"] == 1


def test_500_retried_then_fails(site, fetcher):
    res = fetcher.fetch(site.base + "/error.html")
    assert res.status == 500 and "after 3 attempts" in res.error
    assert site.hits["/error.html"] == 3


def test_retry_after_honoured(site, fetcher):
    t0 = time.monotonic()
    res = fetcher.fetch(site.base + "/flaky.html")
    assert res.ok and res.attempts == 2
    assert time.monotonic() - t0 >= 0.95  # waited the server's Retry-After: 1


def test_retry_after_too_long_gives_up(site):
    f = Fetcher(timeout=1.0, retries=3, backoff=0.05, max_retry_after=0.5, default_policy=HostPolicy(200, 4))
    res = f.fetch(site.base + "/flaky.html")
    f.close()
    assert res.error and "retry after 1 s" in res.error and site.hits["/flaky.html"] == 1


def test_timeout(site, fetcher):
    site.slow_seconds = 2.5
    t0 = time.monotonic()
    res = fetcher.fetch(site.base + "/slow.html")
    assert res.error and res.error.startswith("timeout") and res.status is None
    assert site.hits["/slow.html"] == 3  # retried with backoff
    assert time.monotonic() - t0 < 8


@pytest.mark.parametrize("path", ["/big/stream", "/big/declared"])
def test_100mb_response_stops_at_limit(site, fetcher, path):
    t0 = time.monotonic()
    res = fetcher.fetch(site.base + path)
    assert res.error and res.error.startswith("too large") and res.body is None
    time.sleep(0.3)
    assert site.big_sent < 60 * 1024 * 1024  # we hung up long before the 100 MB were sent
    assert time.monotonic() - t0 < 10


def test_conditional_request_304(site, fetcher):
    first = fetcher.fetch(site.base + "/etag.html")
    assert first.ok and first.header("etag") == '"v1"'
    second = fetcher.fetch(site.base + "/etag.html", etag='"v1"')
    assert second.not_modified and second.body in (None, b"")
    sent = [h for p, h in site.requests if p == "/etag.html"][-1]
    assert {k.lower(): v for k, v in sent.items()}["if-none-match"] == '"v1"'


def test_only_http(fetcher):
    assert "not an http(s) URL" in fetcher.fetch("ftp://127.0.0.1/x").error
    assert "not an http(s) URL" in fetcher.fetch("file:///etc/passwd").error


def test_rate_limit_per_host(site):
    f = Fetcher(timeout=2.0, default_policy=HostPolicy(rate_limit=10, concurrency=1))
    t0 = time.monotonic()
    for i in range(1, 5):
        assert f.fetch(site.base + f"/a/{i}.html").ok
    f.close()
    assert time.monotonic() - t0 >= 0.4  # robots + 4 pages at 10/s: at least 4 intervals of 0.1 s
