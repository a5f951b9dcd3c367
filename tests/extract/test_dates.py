import datetime as dt

from isd.extract import dates as D


def resolve(text, ref):
    hits = D.find_dates(text.lower(), 0, len(text), ref, ref.year if ref else None)
    return [h.date for h in hits if h.date]


def test_weekday_on_or_before_dateline():
    ref = dt.date(2023, 9, 19)  # a Tuesday
    assert resolve("met on Tuesday", ref) == [dt.date(2023, 9, 19)]
    assert resolve("met on Monday", ref) == [dt.date(2023, 9, 18)]
    assert resolve("met on Wednesday", ref) == [dt.date(2023, 9, 13)]


def test_chinese_month_day_and_relative():
    ref = dt.date(2024, 11, 29)
    assert resolve("当地时间11月28日", ref) == [dt.date(2024, 11, 28)]
    assert resolve("王小洪28日在里昂", ref) == [dt.date(2024, 11, 28)]
    assert resolve("昨天", ref) == [dt.date(2024, 11, 28)]
    assert resolve("周四", ref) == [dt.date(2024, 11, 28)]
    assert resolve("2023年9月19日", ref) == [dt.date(2023, 9, 19)]


def test_year_boundary():
    assert resolve("12月30日", dt.date(2025, 1, 3)) == [dt.date(2024, 12, 30)]
    assert resolve("on Dec. 30", dt.date(2025, 1, 3)) == [dt.date(2024, 12, 30)]


def test_english_dates():
    ref = dt.date(2024, 1, 11)
    assert resolve("On 18 September 2025", ref) == [dt.date(2025, 9, 18)]
    assert resolve("on Jan. 10", ref) == [dt.date(2024, 1, 10)]
    assert resolve("yesterday", ref) == [dt.date(2024, 1, 10)]


def test_datelines():
    assert D.header_dateline("Beijing, 2024-09-08") == ("Beijing", dt.date(2024, 9, 8))
    text = "Headline\n\nNANJING, Sept. 19 (Xinhua) -- Wang met"
    place, year, month, day, a, b = D.body_dateline(text, 0)
    assert (place, year, month, day) == ("Nanjing", None, 9, 19)
    place, year, month, day, a, b = D.body_dateline("新华社北京9月9日电 王小洪", 0)
    assert (place, month, day) == ("北京", 9, 9)
