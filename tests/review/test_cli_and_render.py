"""The review / user CLI verbs on a real store, and the HTML helpers."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
from seeding import seed  # noqa: E402

from isd.cli import app, build_app  # noqa: E402
from isd.web.render import Span, bar_chart, field_matches, highlight, locate, safe_url  # noqa: E402


def _run(home: Path, *args: str, env: dict | None = None):
    build_app()
    return CliRunner().invoke(app, ["--home", str(home), *args], env=env, terminal_width=200)


def test_user_and_review_verbs(tmp_path):
    home = tmp_path / "home"
    r = _run(home, "user", "add", "ann", "--role", "coder", "--password", "ann-password")
    assert r.exit_code == 0, r.output
    r = _run(home, "user", "add", "bob", "--role", "coder", env={"ISD_PASSWORD": "bob-password"})
    assert r.exit_code == 0, r.output
    r = _run(home, "user", "add", "zed", "--role", "boss", "--password", "zed-password")
    assert r.exit_code == 1 and "unknown role" in r.output
    r = _run(home, "user", "add", "ann", "--role", "coder", "--password", "short")
    assert r.exit_code == 1
    assert "ann" in _run(home, "user", "list").output

    from isd.store import Store

    store = Store(f"sqlite:///{home / 'isd.sqlite'}")
    seed(store)
    r = _run(home, "review", "queue", "--json")
    assert r.exit_code == 0 and json.loads(r.output)["total"] == 11
    r = _run(home, "review", "accept", "event", "ev_rus_2023", "--user", "ann")
    assert r.exit_code == 0 and store.get("event", "ev_rus_2023").review_status == "coded"
    r = _run(home, "review", "reject", "event", "nope", "--user", "ann")
    assert r.exit_code == 1 and "no event" in r.output
    r = _run(home, "review", "merge", "event", "ev_lao_2023", "ev_lao_2023_dup", "--user", "ann")
    assert r.exit_code == 0 and store.get("event", "ev_lao_2023").sources == ["src_lao", "src_lao2"]
    r = _run(home, "review", "unmerge", "event", "ev_lao_2023_dup", "--user", "ann")
    assert r.exit_code == 0 and store.get("event", "ev_lao_2023_dup").review_status == "candidate"

    from isd.review import double

    rid = double.create_round(store, "cli", "ann", "bob", [("event", f"ev_extra_{i}") for i in range(3)], "ann")
    for coder in ("ann", "bob"):
        for i, a in enumerate(double.assignments(store, coder)):
            vals = double.starting_values(store, a)
            if coder == "bob" and i == 0:
                vals["mode"] = "phone"
            double.submit_coding(store, a["id"], coder, vals)
    r = _run(home, "review", "reliability", "--json")
    assert r.exit_code == 0, r.output
    rows = {x["variable"]: x for x in json.loads(r.output)}
    assert rows["mode"]["units"] == 3 and rows["mode"]["alpha"] is not None
    assert rid == 1
    store.close()


def test_highlight_escapes_and_marks():
    text = "a <b>bold</b> & <script>x</script> end"
    out = str(highlight(text, [Span(2, 13, "f1"), Span(8, 20, 'f2"><script>')]))
    assert "<script>" not in out and "<b>" not in out
    assert out.count("<mark") == 3  # overlap split into three segments
    assert "&lt;b&gt;" in out and "&amp;" in out and '"><script>' not in out
    assert str(highlight("abc", [Span(5, 9, "out of range")])) == "abc"


def test_locate_prefers_offsets_then_quote():
    assert locate("hello world", 6, 11, "world") == (6, 11)
    assert locate("hello world", 0, 5, "world") == (6, 11)  # offsets disagree with the quote: find it
    assert locate("hello world", None, None, "nope") is None


def test_field_matching_and_urls():
    assert field_matches("counterparts[0].country_iso3", "counterparts")
    assert field_matches("topics.counterdrug", "topics")
    assert field_matches("location", "location.city")
    assert not field_matches("date_end", "date")
    assert safe_url("javascript:alert(1)") is None and safe_url(" https://x.org/a ") == "https://x.org/a"
    assert safe_url("data:text/html,hi") is None


def test_bar_chart_escapes_labels():
    svg = str(bar_chart(["<script>", "b"], [3, 1], "t<"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and svg.count("<rect") == 2


def test_secret_key_from_env_or_data_dir(tmp_path, monkeypatch):
    import stat

    from isd.web.auth import secret_key

    monkeypatch.delenv("ISD_SECRET_KEY", raising=False)
    k1 = secret_key(tmp_path)
    assert len(k1) >= 32 and secret_key(tmp_path) == k1  # generated once, then reused
    assert stat.S_IMODE((tmp_path / "web_secret_key").stat().st_mode) == 0o600
    monkeypatch.setenv("ISD_SECRET_KEY", "from-the-environment")
    assert secret_key(tmp_path) == "from-the-environment"
