"""A whole source crawled from the loopback fixture site: each case does the documented thing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa
from collect_site import FAST, GBK_ARTICLE, PDF_LINES, write_source

from isd.collect.crawler import SourceCrawl
from isd.collect.sources import load_source
from isd.collect.verify import export_archive, verify_archive


def _docs(ctx):
    t = ctx.store.table("documents")
    with ctx.store.engine.connect() as c:
        return {r["url"].split("/", 3)[3]: dict(r) for r in c.execute(sa.select(t)).mappings()}


def _log(ctx):
    t = ctx.store.table("fetch_log")
    with ctx.store.engine.connect() as c:
        return [dict(r) for r in c.execute(sa.select(t).order_by(t.c.id)).mappings()]


def crawl(ctx, tmp_path, site, **kw):
    src = load_source(str(write_source(tmp_path, site.base)))
    return SourceCrawl(ctx, src, fetcher_options=FAST, progress=False, **kw).run()


@pytest.fixture
def crawled(ctx, tmp_path, site):
    site.slow_seconds = 1.6
    summary = crawl(ctx, tmp_path, site)
    return ctx, summary, site


def test_pagination_and_articles(crawled):
    ctx, summary, site = crawled
    assert all(site.hits[f"/list/{n}.html"] == 1 for n in (1, 2, 3))
    assert summary.listing_pages == 3
    docs = _docs(ctx)
    expected = {"a/1.html", "a/2.html", "a/3.html", "a/4.html", "gbk/1.html", "zh/1.html", "gz/1.html", "redirect/ok",
                "doc/mou.pdf", "malformed.html", "site-a/story.html", "site-b/story.html", "site-c/story.html"}
    assert set(docs) == expected
    assert summary.new == len(expected)


def test_encodings_and_languages(crawled):
    ctx, _, _ = crawled
    docs = _docs(ctx)
    g = docs["gbk/1.html"]
    assert g["encoding"] == "gb18030" and g["language"] == "zh"
    assert "维科" in g["text"] and g["title"] == GBK_ARTICLE[0] and g["published"] == dt.date(2022, 11, 22)
    z = docs["zh/1.html"]
    assert z["encoding"] == "utf-8" and "埃尔拉斯" in z["text"] and z["language"] == "zh"
    assert docs["a/1.html"]["language"] == "en" and docs["a/1.html"]["published"] == dt.date(2024, 11, 29)


def test_gzip_pdf_malformed_redirect(crawled):
    ctx, _, site = crawled
    docs = _docs(ctx)
    assert "served gzip-compressed" in docs["gz/1.html"]["text"]
    pdf = docs["doc/mou.pdf"]
    assert pdf["content_type"] == "application/pdf" and all(line in pdf["text"] for line in PDF_LINES)
    mal = docs["malformed.html"]
    assert "Vilay Lakhamfong" in mal["text"] and "work plan" in mal["text"]
    red = docs["redirect/ok"]
    assert red["final_url"] == site.base + "/a/5.html" and "joint working group" in red["text"]


def test_failures_recorded_with_reasons(crawled):
    ctx, summary, site = crawled
    by_url = {}
    for r in _log(ctx):
        by_url.setdefault(r["url"].split("/", 3)[3], r)
    assert by_url["private/secret.html"]["outcome"] == "skipped" and "robots.txt" in by_url["private/secret.html"]["reason"]
    assert site.hits["/private/secret.html"] == 0
    assert by_url["loop/a"]["outcome"] == "failed" and by_url["loop/a"]["reason"].startswith("redirect loop")
    assert by_url["missing.html"]["status"] == 404
    assert by_url["error.html"]["status"] == 500 and "attempts" in by_url["error.html"]["reason"]
    assert by_url["slow.html"]["reason"].startswith("timeout")
    assert by_url["big/stream"]["reason"].startswith("too large")
    assert summary.reasons["redirect loop"] == 1 and summary.reasons["too large"] == 1
    assert summary.skipped == 1 and summary.failed == 5


def test_three_sites_one_story(crawled):
    ctx, summary, _ = crawled
    docs = _docs(ctx)
    stories = {docs[f"site-{k}/story.html"]["story_id"] for k in "abc"}
    assert len(stories) == 1
    assert len({docs[f"site-{k}/story.html"]["sha256"] for k in "abc"}) == 3  # three documents, one story
    others = {d["story_id"] for u, d in docs.items() if not u.startswith("site-")}
    assert stories.isdisjoint(others) and len(others) == len(docs) - 3
    assert summary.near_copy == 2


def test_rerun_adds_nothing_and_skips_known_articles(crawled, tmp_path):
    ctx, _, site = crawled
    before = _docs(ctx)
    hits_before = site.hits["/a/1.html"]
    again = crawl(ctx, tmp_path, site)
    assert again.new == 0
    assert _docs(ctx).keys() == before.keys()
    assert site.hits["/a/1.html"] == hits_before  # a known article is not fetched again
    assert site.hits["/list/2.html"] == 1  # caught up on page 1 (previous run complete): paging stopped


def test_refresh_uses_archive_hashes(crawled, tmp_path):
    ctx, _, site = crawled
    again = crawl(ctx, tmp_path, site, refresh=True)
    assert again.new == 0 and again.unchanged >= 10
    assert len(_docs(ctx)) == 13


def test_verify_ok_then_detects_tampering(crawled):
    ctx, _, _ = crawled
    rep = verify_archive(ctx)
    assert rep["ok"], rep["problems"]
    assert rep["records"] >= 16
    t = ctx.store.table("documents")
    with ctx.store.transaction() as c:
        c.execute(t.update().where(t.c.url.like("%/a/1.html")).values(sha256="0" * 64))
    rep = verify_archive(ctx)
    assert not rep["ok"] and any("store hash" in p for p in rep["problems"])


def test_verify_detects_damaged_warc(crawled):
    ctx, _, _ = crawled
    path = next(ctx.settings.archive_dir.glob("*.warc.gz"))
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    rep = verify_archive(ctx)
    assert not rep["ok"]


def test_export(crawled, tmp_path):
    ctx, _, _ = crawled
    out = tmp_path / "release"
    info = export_archive(ctx, out)
    assert info["documents"] == 13 and info["warc_files"] == 1
    index = json.loads((out / "index.json").read_text())
    assert {d["sha256"] for d in index["documents"]} == {d["sha256"] for d in _docs(ctx).values()}
    assert (out / "SHA256SUMS").read_text().count("warc/") == 1
    tgz = export_archive(ctx, tmp_path / "release.tar.gz")
    assert tgz["documents"] == 13 and (tmp_path / "release.tar.gz").stat().st_size > 1000


def test_since_and_max(ctx, tmp_path, site):
    site.slow_seconds = 1.6
    s = crawl(ctx, tmp_path, site, max_articles=3)
    assert s.new + s.failed + s.skipped <= 3 + 1  # robots refusals are counted before fetching
    assert len(_docs(ctx)) <= 3


def test_unchanged_listing_is_read_back_from_the_archive(ctx, tmp_path, site):
    src = load_source(str(write_source(tmp_path, site.base, start="/elist.html")))
    first = SourceCrawl(ctx, src, fetcher_options=FAST, progress=False, max_articles=1).run()
    assert first.new == 1
    second = SourceCrawl(ctx, src, fetcher_options=FAST, progress=False).run()
    assert site.hits["304"] == 1  # the listing answered 304 Not Modified to our If-None-Match
    assert second.new == 2  # its links came from the archived copy
    assert len(_docs(ctx)) == 3
    assert verify_archive(ctx)["ok"]


def test_feeds_rss_and_atom_with_since(ctx, tmp_path, site):
    src = write_source(tmp_path, site.base, start="/elist.html")
    text = src.read_text().replace(f"start_urls: ['{site.base}/elist.html']", "start_urls: []")
    src.write_text(text + f"feeds: ['{site.base}/feed.xml', '{site.base}/atom.xml']\n")
    s = SourceCrawl(ctx, load_source(str(src)), since=dt.date(2022, 1, 1), fetcher_options=FAST, progress=False).run()
    assert s.new == 2 and set(_docs(ctx)) == {"a/1.html", "a/3.html"}  # the 2021 item was not fetched
    assert site.hits["/a/2.html"] == 0
    assert {r["kind"] for r in _log(ctx) if r["url"].endswith(".xml")} == {"feed"}


def test_pagination_by_template(ctx, tmp_path, site):
    src = write_source(tmp_path, site.base, start="/tlist/0.html")
    src.write_text(src.read_text().replace("  next_text: [Next]", f"  template: '{site.base}/tlist/{{n}}.html'"))
    s = SourceCrawl(ctx, load_source(str(src)), fetcher_options=FAST, progress=False).run()
    assert [site.hits[f"/tlist/{n}.html"] for n in range(4)] == [1, 1, 1, 1]
    assert s.new == 3 and s.failed == 1  # page 3 is a 404: paging stops there


def test_collector_links_hook(ctx, tmp_path, site):
    src = write_source(tmp_path, site.base, start="/elist.html")
    (src.parent / "collector.py").write_text("def links(source, page_url, html):\n    return ['/a/4.html']\n")
    loaded = load_source(str(src))
    assert loaded.collector is not None
    s = SourceCrawl(ctx, loaded, fetcher_options=FAST, progress=False).run()
    assert s.new == 1 and set(_docs(ctx)) == {"a/4.html"}


def test_broken_collector_is_an_input_error(tmp_path, site):
    from isd.errors import InputError

    src = write_source(tmp_path, site.base)
    (src.parent / "collector.py").write_text("import no_such_module_here\n")
    with pytest.raises(InputError, match="collector.py failed to load"):
        load_source(str(src))


def test_crawl_rerun_verify_on_each_backend(store, tmp_path, site):
    """The same crawl on SQLite and (when ISD_TEST_POSTGRES_URL is set) PostgreSQL."""
    from isd.context import Context, Settings

    site.slow_seconds = 1.2
    c = Context(Settings(home=tmp_path / "home", database_url=store.url), quiet=True)
    try:
        first = crawl(c, tmp_path, site)
        assert first.new == 13 and first.near_copy == 2
        assert crawl(c, tmp_path, site).new == 0
        assert verify_archive(c)["ok"]
        assert len({d["story_id"] for d in _docs(c).values()}) == 11
    finally:
        c.close()
