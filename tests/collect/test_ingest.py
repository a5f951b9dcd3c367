"""--file, --url and --warc collection, and crash repair of the archive (reconcile)."""

from __future__ import annotations

import datetime as dt
import fcntl

import sqlalchemy as sa
from collect_site import FAST, PDF_LINES, make_pdf

from isd.collect import archive as warc
from isd.collect.ingest import collect_files, collect_urls, import_warc
from isd.collect.pipeline import Collector, reconcile
from isd.collect.verify import verify_archive


def _docs(ctx):
    t = ctx.store.table("documents")
    with ctx.store.engine.connect() as c:
        return [dict(r) for r in c.execute(sa.select(t).order_by(t.c.url)).mappings()]


def test_collect_files_html_pdf_text(ctx, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "readout.txt").write_text("PUBLISHED: 2024-09-07\nLANG: zh\nURL: https://www.mps.gov.cn/n2253534/n2253535/c1/content.html\n"
                                   "TITLE: 中柬执法合作年行动总结会\n\n2024年9月6日，王小洪与苏速卡在北京共同主持中柬执法合作年行动总结会。\n",
                                   encoding="utf-8")
    (d / "mou.pdf").write_bytes(make_pdf(PDF_LINES))
    (d / "page.html").write_text("<html><head><title>Readout</title></head><body><article><p>Wang Xiaohong met Interpol "
                                 "President Ahmed Naser Al-Raisi in Lyon on 28 November 2024.</p></article></body></html>")
    (d / "copy.txt").write_bytes((d / "readout.txt").read_bytes())  # exact copy: one document
    s = collect_files(ctx, [d], progress=False)
    assert s.new == 3 and s.duplicate == 1
    docs = {r["url"].rsplit("/", 1)[1]: r for r in _docs(ctx)}
    txt = docs.get("readout.txt") or docs.get("copy.txt")
    assert txt is None  # text files keep their URL header as the document URL
    by_title = {r["title"]: r for r in _docs(ctx)}
    t = by_title["中柬执法合作年行动总结会"]
    assert t["url"] == "https://www.mps.gov.cn/n2253534/n2253535/c1/content.html"
    assert t["published"] == dt.date(2024, 9, 7) and t["language"] == "zh"
    assert t["text"].startswith("PUBLISHED: 2024-09-07\n")  # kept as is, header lines included
    assert all(line in docs["mou.pdf"]["text"] for line in PDF_LINES)
    assert "Al-Raisi" in docs["page.html"]["text"]
    assert verify_archive(ctx)["ok"]
    again = collect_files(ctx, [d], progress=False)
    assert again.new == 0 and again.duplicate == 4


def test_missing_file_is_an_input_error(ctx, tmp_path):
    import pytest

    from isd.errors import InputError

    with pytest.raises(InputError) as e:
        collect_files(ctx, [tmp_path / "nope.html"], progress=False)
    assert "nope.html" in str(e.value)


def test_collect_urls(ctx, site):
    s = collect_urls(ctx, [site.base + "/a/1.html", site.base + "/missing.html", site.base + "/zh/1.html"],
                     fetcher_options=FAST, progress=False)
    assert s.new == 2 and s.failed == 1 and s.reasons["HTTP 404"] == 1


def test_warc_import_roundtrip(ctx, site, tmp_path):
    collect_urls(ctx, [site.base + "/a/1.html", site.base + "/gbk/1.html"], fetcher_options=FAST, progress=False)
    src = next(ctx.settings.archive_dir.glob("*.warc.gz"))
    from isd.context import Context, Settings

    other = Context(Settings(home=tmp_path / "other"), quiet=True)
    try:
        s = import_warc(other, src, progress=False)
        assert s.new == 2
        a, b = _docs(ctx), _docs(other)
        assert [r["sha256"] for r in a] == [r["sha256"] for r in b]
        assert [r["text"] for r in a] == [r["text"] for r in b]
        assert verify_archive(other)["ok"]
        assert import_warc(other, src, progress=False).new == 0
    finally:
        other.close()


def test_reconcile_cuts_half_record_and_indexes_orphans(ctx):
    """Simulate a crash: two records written (one indexed, one not), then half a record."""
    col = Collector(ctx)
    now = dt.datetime(2024, 9, 7, 10, 0, 0)
    col.add_resource("file:///x/one.txt", b"TITLE: one\n\nWang Xiaohong met Sar Sokha in Beijing on 6 September 2024.",
                     content_type="text/plain", name="one.txt", fetched_at=now)
    w = col.writer
    # record two reaches the archive but the process dies before the store transaction
    w.write_resource("file:///x/two.txt", body=b"TITLE: two\n\nChen Wenqing visited Dushanbe for security talks in 2024.",
                     content_type="text/plain", fetched_at=now, role="file", extra={"ISD-Source": "file"})
    path, marker = w.path, w.marker
    w._fh.write(b"\x1f\x8b\x08\x00half a gzip member")  # the third record was cut by the kill
    w._fh.flush()
    w._fh.close()
    fcntl.flock(w._marker_fh, fcntl.LOCK_UN)
    w._marker_fh.close()  # the lock dies with the process; the marker stays
    col._writer = None
    assert len(_docs(ctx)) == 1 and marker.exists()
    assert not verify_archive(ctx)["ok"]  # damaged tail

    rep = reconcile(ctx)
    assert rep["reindexed"] == 1 and rep["truncated_bytes"] == len(b"\x1f\x8b\x08\x00half a gzip member")
    assert not marker.exists()
    assert sorted(r["title"] for r in _docs(ctx)) == ["one", "two"]
    _end, items, err = warc.complete_prefix(path)
    assert err is None and len(items) == 2
    assert verify_archive(ctx)["ok"]
    assert reconcile(ctx)["reindexed"] == 0  # idempotent


def test_live_writer_is_not_reconciled(ctx):
    col = Collector(ctx)
    col.add_resource("file:///x/a.txt", b"some text that is long enough to be a document " * 3, content_type="text/plain",
                     name="a.txt")
    assert reconcile(ctx)["files"] == 0  # the file is locked by a live writer
    col.close()
    assert not list(ctx.settings.archive_dir.glob("*.open"))
