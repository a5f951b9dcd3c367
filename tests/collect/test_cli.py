"""The collection verbs through the real CLI (typer runner, real SQLite and archive)."""

from __future__ import annotations

import json

import pytest
from collect_site import write_source
from typer.testing import CliRunner


@pytest.fixture(scope="module")
def app():
    from isd.cli import app, build_app

    build_app()
    return app


def run(app, home, *args):
    return CliRunner().invoke(app, ["--home", str(home), *args], catch_exceptions=False)


def test_collect_file_verify_export(app, tmp_path):
    home = tmp_path / "home"
    f = tmp_path / "r.txt"
    f.write_text("PUBLISHED: 2023-07-10\nLANG: en\n\nChina and Solomon Islands signed a police cooperation implementation plan "
                 "in Beijing on 10 July 2023 during Prime Minister Sogavare's visit.\n")
    r = run(app, home, "collect", "--file", str(f), "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["file"]["new"] == 1
    r = run(app, home, "archive", "verify")
    assert r.exit_code == 0
    r = run(app, home, "archive", "export", str(tmp_path / "out"))
    assert r.exit_code == 0 and (tmp_path / "out" / "index.csv").read_text().count("\n") == 2
    # tamper with the archive: verify must fail
    w = next((home / "archive").glob("*.warc.gz"))
    data = bytearray(w.read_bytes())
    data[-30] ^= 0x55
    w.write_bytes(bytes(data))
    r = run(app, home, "archive", "verify")
    assert r.exit_code == 1


def test_collect_source_by_path_and_errors(app, tmp_path, site):
    site.slow_seconds = 1.2
    src = write_source(tmp_path, site.base, start="/elist.html")
    home = tmp_path / "home"
    r = run(app, home, "collect", str(src), "--json", "--since", "2024-01-01")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["fixture"]["new"] == 3  # URLs carry no date: --since cannot drop them before fetching
    assert run(app, home, "collect", "no_such_source").exit_code == 1
    assert run(app, home, "collect", str(src), "--since", "yesterday").exit_code == 1
    assert run(app, home, "collect").exit_code == 1
    assert run(app, home, "collect", "--file", str(tmp_path / "missing.pdf")).exit_code == 1


def test_watch_once_cli(app, tmp_path, site):
    src = write_source(tmp_path, site.base, start="/elist.html")
    home = tmp_path / "home"
    r = run(app, home, "watch", "--once", "--source", str(src))
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["digest"]["documents"] == 3 and (home / "digest.atom").exists()
    assert run(app, home, "watch", "--every", "soon").exit_code == 1
