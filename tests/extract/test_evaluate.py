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
