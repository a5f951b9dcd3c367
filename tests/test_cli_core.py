"""The core verbs through the real CLI: import, export, stats, seed, db."""

import json

from typer.testing import CliRunner

from isd.cli import app, build_app


def run(args, home):
    build_app()
    res = CliRunner().invoke(app, ["--home", str(home), *args], catch_exceptions=False)
    return res


def test_help_lists_verbs(tmp_path):
    res = run(["--help"], tmp_path)
    assert res.exit_code == 0
    for verb in ("import", "export", "stats", "demo", "seed"):
        assert verb in res.output


def test_import_export_stats_via_cli(tmp_path):
    home = tmp_path / "home"
    csv = tmp_path / "agreements.csv"
    csv.write_text("id,date,doc_type,format,title_zh,topics,parties\n"
                   "a1,2016-05-02,mou,bilateral,联合巡逻谅解备忘录,capacity_building,ITA\n"
                   "a2,2017-06-01,meeting_minutes,bilateral,会谈纪要,counterdrug;transnational_crime,VNM\n", encoding="utf-8")
    res = run(["import", str(csv)], home)
    assert res.exit_code == 0, res.output
    res = run(["import", str(csv)], home)
    assert "0 new" in res.output and "2 unchanged" in res.output
    res = run(["stats", "--json"], home)
    data = json.loads(res.stdout)
    assert data["records"]["agreement"]["total"] == 2
    assert data["records"]["agreement"]["by_year"] == {"2016": 1, "2017": 1}
    assert data["records"]["agreement"]["by_region"] == {"europe": 1, "southeast_asia": 1}
    out = tmp_path / "out.xlsx"
    res = run(["export", "--format", "xlsx", str(out)], home)
    assert res.exit_code == 0 and out.exists()


def test_import_error_exit_code_and_message(tmp_path):
    csv = tmp_path / "agreements.csv"
    csv.write_text("id,date,doc_type\na1,2016-02-30,mou\n", encoding="utf-8")
    build_app()
    res = CliRunner().invoke(app, ["--home", str(tmp_path / "h"), "import", str(csv)])
    assert res.exit_code == 1
    assert "row 2" in res.output and "'date'" in res.output and "nothing was imported" in res.output


def test_db_upgrade_and_current(tmp_path):
    res = run(["db", "upgrade"], tmp_path)
    assert res.exit_code == 0
    res = run(["db", "current"], tmp_path)
    assert res.output.startswith("0003")
