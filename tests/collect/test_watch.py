"""isd watch --once: collect, extract if available, digest (JSON, Atom, webhook)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from collect_site import FAST, write_source

from isd.collect.watch import find_extractor, parse_every, watch_once


def test_parse_every():
    assert parse_every("6h") == 21600 and parse_every("30m") == 1800 and parse_every("1d") == 86400
    with pytest.raises(ValueError):
        parse_every("often")
    with pytest.raises(ValueError):
        parse_every("5s")


def test_watch_once_writes_digest_and_posts_webhook(ctx, site, tmp_path):
    site.slow_seconds = 1.2
    src = write_source(tmp_path, site.base, max_pages=1)
    res = watch_once(ctx, [str(src)], webhook=site.base + "/hook", progress=False, fetcher_options=FAST)
    assert res["collected"]["fixture"]["new"] >= 5
    home = ctx.settings.home
    digest = json.loads((home / "digest.json").read_text())
    assert len(digest["documents"]) == res["collected"]["fixture"]["new"]
    feed = ET.parse(home / "digest.atom").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert len(feed.findall("a:entry", ns)) == len(digest["documents"]) + len(digest["events"])
    assert site.webhook_bodies and json.loads(site.webhook_bodies[0])["generated"] == digest["generated"]
    fn, where = find_extractor()
    if fn is None:
        assert res["extraction"] == {"skipped": where}
    else:
        assert "skipped" not in res["extraction"]
    # second run: nothing new
    res2 = watch_once(ctx, [str(src)], progress=False, fetcher_options=FAST)
    assert res2["collected"]["fixture"]["new"] == 0
    assert json.loads((home / "digest.json").read_text())["documents"] == []


def test_watch_survives_a_broken_source(ctx, tmp_path):
    res = watch_once(ctx, ["no_such_source"], progress=False)
    assert "error" in res["collected"]["no_such_source"]
    assert (ctx.settings.home / "digest.json").exists()
