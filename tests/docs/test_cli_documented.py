"""Every CLI verb and every setting is documented (README) and every verb's --help has an example."""

import re
from pathlib import Path

import typer.main
from typer.testing import CliRunner

from isd.cli import app, build_app

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SETTINGS = ["ISD_HOME", "ISD_DATABASE_URL"]


def _commands():
    build_app()
    group = typer.main.get_command(app)
    out = []

    def walk(cmd, path):
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, path + [name])
        else:
            out.append(path)

    walk(group, [])
    return out


def test_every_verb_is_in_the_readme():
    missing = [" ".join(p) for p in _commands() if f"isd {' '.join(p)}" not in README]
    assert not missing, f"verbs not documented in README.md (write `isd <verb>` there): {missing}"


def test_every_verb_has_help_with_an_example():
    runner = CliRunner()
    bad = []
    for path in _commands():
        res = runner.invoke(app, [*path, "--help"], terminal_width=200)
        if res.exit_code != 0 or not re.search(r"Example", res.output):
            bad.append(" ".join(path))
    assert not bad, f"verbs whose --help lacks an 'Example': {bad}"


def test_every_setting_is_in_the_readme():
    missing = [s for s in SETTINGS if s not in README]
    assert not missing, missing
    src = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "isd").rglob("*.py"))
    used = set(re.findall(r"\b(ISD_[A-Z_]+)\b", src))
    undocumented = sorted(s for s in used if s not in README)
    assert not undocumented, f"environment settings used in code but not in README.md: {undocumented}"
