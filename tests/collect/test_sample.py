"""The offline sample the demo collects (loopback server, same code path)."""

from __future__ import annotations

import sqlalchemy as sa

from isd.collect.sample import SITE, collect_sample
from isd.collect.verify import verify_archive


def test_collect_sample_offline(ctx):
    s = collect_sample(ctx)
    assert s["new"] == 5 and s["near_copy"] == 1 and s["skipped"] == 1 and s["failed"] == 0
    t = ctx.store.table("documents")
    with ctx.store.engine.connect() as c:
        docs = [dict(r) for r in c.execute(sa.select(t)).mappings()]
    langs = sorted(d["language"] for d in docs)
    assert langs == ["en", "en", "en", "zh", "zh"]
    gbk = next(d for d in docs if d["url"].endswith(".gbk.html"))
    assert gbk["encoding"] == "gb18030" and "维科" in gbk["text"]
    assert len({d["story_id"] for d in docs}) == 4
    assert all(d["published"] for d in docs)
    assert verify_archive(ctx)["ok"]
    again = collect_sample(ctx)
    assert again["new"] == 0


def test_sample_gbk_page_really_is_gbk():
    raw = next(SITE.glob("articles/*.gbk.html")).read_bytes()
    try:
        raw.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError:
        utf8 = False
    assert not utf8 and "王小洪" in raw.decode("gbk")
