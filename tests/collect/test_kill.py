"""SIGKILL a real `python -m isd collect` mid-run: the archive and the store stay
consistent, and the rerun completes without duplicates."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from collect_site import write_source

N = 60


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(db, timeout=5)
        try:
            return con.execute("select count(*) from documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0


def _run(home: Path, src: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, ISD_HOME=str(home), PYTHONPATH=str(Path(__file__).resolve().parents[2] / "src"))
    env.pop("ISD_DATABASE_URL", None)
    return subprocess.Popen([sys.executable, "-m", "isd", "collect", str(src), "--json", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [5, 23])
def test_sigkill_mid_run_then_resume(site, tmp_path, kill_after):
    from isd.collect.verify import verify_archive
    from isd.context import Context, Settings

    site.article_delay = 0.05
    listing = "<html><body>" + "".join(f"<a href='/a/{i}.html'>r{i}</a>" for i in range(100, 100 + N)) + "</body></html>"
    site.extra_pages = {"/list/gen.html": listing}  # a listing of N generated articles
    src = write_source(tmp_path, site.base, start="/list/gen.html")

    home = tmp_path / "home"
    db = home / "isd.sqlite"
    proc = _run(home, src)
    deadline = time.monotonic() + 60
    while _count(db) < kill_after and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, f"run ended before it could be killed: {proc.stderr.read().decode()[-2000:]}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    got = _count(db)
    assert kill_after <= got < N

    # consistent right after the kill: every store row points at a complete, matching WARC record
    ctx = Context(Settings(home=home), quiet=True)
    try:
        rep = verify_archive(ctx)
        bad = [p for p in rep["problems"] if "damaged" not in p]  # a half-written tail is allowed until reconcile
        assert not bad, bad
        assert list(home.joinpath("archive").glob("*.warc.gz.open")), "the killed run's file is marked open"
    finally:
        ctx.close()

    proc2 = _run(home, src)
    _out, err = proc2.communicate(timeout=120)
    assert proc2.returncode == 0, err.decode()[-3000:]
    ctx = Context(Settings(home=home), quiet=True)
    try:
        con = sqlite3.connect(db)
        n_docs, n_sha, n_url = con.execute("select count(*), count(distinct sha256), count(distinct url) from documents").fetchone()
        con.close()
        assert n_docs == n_sha == n_url == N
        rep = verify_archive(ctx)
        assert rep["ok"], rep["problems"]
        assert not list(home.joinpath("archive").glob("*.warc.gz.open"))
    finally:
        ctx.close()
    # every article was fetched at most twice (once by the killed run if it got that far, once after)
    gen_hits = [site.hits[f"/a/{i}.html"] for i in range(100, 100 + N)]
    assert max(gen_hits) <= 2  # fetched-but-unwritten pages of the killed run are fetched once more, no more
