from isd.extract.evaluate import score


def ev(date, party, official="Wang Xiaohong", topics=("generic",), **kw):
    base = {"date": date, "event_type": "bilateral_meeting", "mode": "in_person", "multilateral_context": None,
            "location": {"city": "Beijing", "country_iso3": "CHN"},
            "chinese_side": [{"name_en": official, "agency": "MPS", "rank": "minister"}],
            "counterparts": [{"country_iso3": party, "agency_type": "other", "rank_level": "unknown"}],
            "topics": list(topics), "agreements": []}
    base.update(kw)
    return base


def fields(gold, pred):
    res = score([{"document": {"path": "a.txt"}, "events": gold}], [{"document": {"path": "x/a.txt"}, "events": pred}])
    return {r["field"]: r for r in res["fields"]}


def test_perfect_and_date_tolerance():
    f = fields([ev("2024-01-10", "USA")], [ev("2024-01-11", "USA")])
    assert f["event"]["f1"] == 1.0
    assert f["date"]["tp"] == 0  # matched within a day, but the date field itself is wrong


def test_wrong_party_or_official_is_no_match():
    assert fields([ev("2024-01-10", "USA")], [ev("2024-01-10", "RUS")])["event"]["tp"] == 0
    assert fields([ev("2024-01-10", "USA")], [ev("2024-01-10", "USA", official="Zhao Kezhi")])["event"]["tp"] == 0


def test_topics_micro_and_extra_events():
    f = fields([ev("2024-01-10", "USA", topics=("counterdrug", "cybercrime"))],
               [ev("2024-01-10", "USA", topics=("counterdrug",)), ev("2024-01-10", "KAZ")])
    assert f["event"]["precision"] == 0.5 and f["event"]["recall"] == 1.0
    assert f["topics"]["tp"] == 1 and f["topics"]["gold"] == 2 and f["topics"]["predicted"] == 2


def test_empty_documents_score_perfect():
    f = fields([], [])
    assert f["event"]["f1"] == 1.0


def test_month_precision_gold_matches_any_day_in_that_month():
    gold = [ev("2024-01-01", "PAK", date_precision="month")]
    f = fields(gold, [ev("2024-01-19", "PAK")])
    assert f["event"]["tp"] == 1 and f["date"]["tp"] == 1
    f = fields(gold, [ev("2024-02-03", "PAK")])  # another month: no match
    assert f["event"]["tp"] == 0


def test_year_precision_and_day_precision_is_strict_for_the_date_field():
    assert fields([ev("2019-01-01", "FJI", date_precision="year")], [ev("2019-11-15", "FJI")])["date"]["tp"] == 1
    f = fields([ev("2024-01-01", "PAK", date_precision="day")], [ev("2024-01-19", "PAK")])
    assert f["event"]["tp"] == 0 and f["date"]["tp"] == 0


def test_diagnose_lists_missed_spurious_and_field_mismatches():
    from isd.extract.evaluate import diagnose, format_diagnosis

    gold = [{"document": {"path": "d/a.txt"}, "events": [
        ev("2024-01-10", "USA", topics=("counterdrug",)), ev("2024-01-12", "KAZ")]},
        {"document": {"path": "d/b.txt"}, "events": [ev("2024-02-01", "RUS")]}]
    pred = [{"document": {"path": "x/a.txt"}, "events": [
        ev("2024-01-10", "USA", topics=("cybercrime",), mode="video"), ev("2024-01-10", "PAK")]},
        {"document": {"path": "x/b.txt"}, "events": [ev("2024-02-01", "RUS")]}]
    rows = diagnose(gold, pred)
    assert [r["document"] for r in rows] == ["d/a.txt"]  # b.txt is right: left out
    r = rows[0]
    assert len(r["missed"]) == 1 and "KAZ" in r["missed"][0]
    assert len(r["spurious"]) == 1 and "PAK" in r["spurious"][0]
    fields = {m["field"]: (m["gold"], m["predicted"]) for m in r["mismatches"]}
    assert fields == {"mode": ("in_person", "video"), "topics": (["counterdrug"], ["cybercrime"])}
    text = format_diagnosis(rows)
    assert "MISSED" in text and "SPURIOUS" in text and "gold='in_person' predicted='video'" in text
    assert format_diagnosis([]) == "no errors"


def test_eval_cli_errors_option(tmp_path):
    import json

    from typer.testing import CliRunner

    from isd.cli import app, build_app

    build_app()
    home = ["--home", str(tmp_path / "home")]
    gold = tmp_path / "gold.jsonl"
    pred = tmp_path / "pred.jsonl"
    gold.write_text(json.dumps({"document": {"path": "a.txt"}, "events": [ev("2024-01-10", "USA")]}) + "\n")
    pred.write_text(json.dumps({"document": {"path": "a.txt"}, "events": [ev("2024-01-10", "USA", mode="phone")]}) + "\n")
    res = CliRunner().invoke(app, [*home, "eval", str(gold), str(pred), "--errors"])
    assert res.exit_code == 0, res.output
    assert "mode" in res.output and "predicted='phone'" in res.output
    res = CliRunner().invoke(app, [*home, "eval", str(gold), str(pred), "--errors", "--json"])
    out = json.loads(res.output)
    assert out["diagnosis"][0]["mismatches"][0]["field"] == "mode"


def test_city_spellings_of_one_gazetteer_city_agree():
    base = ev("2016-09-27", "MMR")
    g = dict(base, location={"city": "Naypyidaw", "country_iso3": "MMR"})
    p = dict(base, location={"city": "Nay Pyi Taw", "country_iso3": "MMR"})
    assert fields([g], [p])["location.city"]["tp"] == 1
    q = dict(base, location={"city": "Yangon", "country_iso3": "MMR"})
    assert fields([g], [q])["location.city"]["tp"] == 0
