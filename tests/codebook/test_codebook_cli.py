"""The codebook CLI verbs, run through typer's runner on the real packaged data."""

from __future__ import annotations

import shutil

import typer
from typer.testing import CliRunner

from isd.codebook import default_data_dir
from isd.codebook.cli import register


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:  # a group, like the real isd app
        pass

    register(app)
    return app


def test_check_ok():
    r = CliRunner().invoke(_app(), ["codebook", "check"])
    assert r.exit_code == 0, r.output
    assert "OK" in r.output and "201 countries" in r.output


def test_check_reports_the_broken_entry(tmp_path):
    d = tmp_path / "cb"
    shutil.copytree(default_data_dir(), d)
    p = d / "organizations.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("kind: international_org", "kind: global_org", 1), encoding="utf-8")
    r = CliRunner().invoke(_app(), ["codebook", "check", "--path", str(d)])
    assert r.exit_code == 1
    out = r.output + (r.stderr if r.stderr_bytes else "")
    assert "organizations.yaml" in out and "interpol" in out and "kind" in out


def test_find_and_rank():
    r = CliRunner().invoke(_app(), ["codebook", "find", "寮國"])
    assert r.exit_code == 0 and "LAO" in r.output
    r = CliRunner().invoke(_app(), ["codebook", "rank", "王小洪", "2021-06-01"])
    assert r.exit_code == 0 and "executive_vice_minister" in r.output
    r = CliRunner().invoke(_app(), ["codebook", "find", "Atlantis"])
    assert r.exit_code == 1


def test_show_json():
    import json

    r = CliRunner().invoke(_app(), ["codebook", "show", "regions", "--json"])
    assert r.exit_code == 0
    rows = json.loads(r.output)
    assert len(rows) == 12 and sum(x["countries"] for x in rows) == 201
    r = CliRunner().invoke(_app(), ["codebook", "show", "planets"])
    assert r.exit_code == 1
