"""Dates in readouts: the dateline, and the event date from absolute and relative words.

dateparser is weak on Chinese month-day and on weekdays, so these are parsed here with
regular expressions and resolved against the dateline (the place and date the story
was filed).  All matching runs on the *scan text* (lower-cased, simplified), whose
offsets are the original text's offsets.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
ZH_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_MON = r"(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"

_RX = [
    ("iso", re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})(?!\d)")),
    ("zh_ymd", re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")),
    ("zh_md", re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号](?!电)")),
    ("zh_ym", re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*[日号])")),
    ("zh_m_rel", re.compile(r"(今年|去年|本年|同年)\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*[日号])")),
    ("zh_d", re.compile(r"(?<![\d月年])(\d{1,2})\s*日(?![电报])")),
    ("num_dmy", re.compile(r"(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d\d)(?![\d/.])")),
    ("en_range_md", re.compile(r"\b" + _MON + r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|to|and|through)\s*\d{1,2}(?:st|nd|rd|th)?\b(?:\s*,?\s*((?:19|20)\d\d))?")),
    ("en_range", re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r"\.?(?:\s*,?\s*((?:19|20)\d\d))?\b")),
    ("en_mdy", re.compile(r"\b" + _MON + r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s*,?\s*((?:19|20)\d\d))?\b")),
    ("en_dmy", re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r"\.?(?:\s*,?\s*((?:19|20)\d\d))?\b")),
    ("en_nth", re.compile(r"\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?" + _MON + r")(?!\s+(?:anniversary|meeting|session|conference|round|century|edition|ministerial|plenary|china|forum|annual|general|bri|asean|sco|interpol))")),
    ("en_month", re.compile(r"\b(?:in|during|since|from|of)\s+(?:early|mid|late|mid-)?\s*-?" + _MON + r"\b(?!\.?\s+\d)(?:\s*,?\s*((?:19|20)\d\d))?")),
    ("en_weekday", re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")),
    ("zh_weekday", re.compile(r"(?:星期|周|礼拜)([一二三四五六日天])")),
    ("en_month_rel", re.compile(r"\b(earlier this month|this month|late last month|earlier last month|last month)\b")),
    ("en_rel", re.compile(r"\b(yesterday|today|the day before yesterday|earlier this week|this week|recently|last week|lately)\b")),
    ("zh_rel", re.compile(r"(前天|(?<!日)前日(?=[上下早晚中凌]|，|,|在|与|同|会|举)|昨天|昨日|今天|今日|日前|近日|不久前|近期|上周)")),
]
_REL_DAYS = {"yesterday": -1, "昨天": -1, "昨日": -1, "today": 0, "今天": 0, "今日": 0, "前天": -2, "前日": -2,
             "the day before yesterday": -2}
_VAGUE = {"日前", "近日", "不久前", "近期", "recently", "earlier this week", "this week", "上周", "last week", "lately"}

# "NANJING, Sept. 19 (Xinhua) --"   "BEIJING, Jan. 14, 2024 (Xinhua) --"   "NAIROBI, Kenya, Oct 7 –"
# "Honiara, 16 July 2024 -"   "MOSCOW, May 27. /TASS/."   "BEIJING, March 21st -"   "HA NOI, September 26, 2016 -"
_MON_I = _MON.replace("(", "(?i:", 1)
_EN_DATELINE = re.compile(
    r"(?m)^[ \t\"“]*([A-Z][A-Za-z .'’\-]{1,40}?)\s*(?:,\s*[A-Z][A-Za-z .'’\-]{1,30}?)?\s*,\s*"
    r"(?:(" + _MON_I + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)?\s+(" + _MON_I + r")\.?)"
    r"(?:\s*,?\s*((?:19|20)\d\d))?\.?\s*(?:(?:\(([^)\n]{1,40})\))?\s*(?:--|—|–|-|:(?=\s))|/[A-Za-z]{2,12}/\.?)"
)
_ZH_DATELINE = re.compile(
    r"(?:[\u4e00-\u9fff]{1,6}社|[\u4e00-\u9fff]{1,5}网|本报|法治日报|人民公安报|国际在线)"
    r"([\u4e00-\u9fff]{1,12}?)\s*((?:19|20)\d\d年)?\s*(\d{1,2})月(\d{1,2})日(?:电|讯)"
)


ABSOLUTE = {"iso", "zh_ymd", "zh_md", "zh_ym", "zh_d", "en_mdy", "en_dmy", "en_range", "en_range_md", "num_dmy", "en_nth",
            "zh_m_rel", "en_month"}


def year_from_weekday(scan: str, month: int, day: int) -> int | None:
    """A dateline without a year ("Dec. 5") and a weekday in the lead ("on Tuesday"): the year,
    near the years the text mentions, in which that date fell on that weekday."""
    m = re.search(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", scan[:1500])
    years = years_in(scan)
    if not m or not years:
        return None
    wd = WEEKDAYS[m.group(1)]
    cands = sorted({y + k for y in years for k in (-1, 0, 1)})
    fits = [y for y in cands if (d := safe_date(y, month, day)) is not None and d.weekday() == wd]
    if not fits:
        return None
    top = max(years.values())
    likely = [y for y in years if years[y] == top]
    return min(fits, key=lambda y: min(abs(y - l) for l in likely))


@dataclass
class DateHit:
    date: dt.date | None
    precision: str
    start: int
    end: int
    rule: str
    year_known: bool = True


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except (ValueError, OverflowError):
        return None


def header_dateline(value: str) -> tuple[str | None, dt.date | None]:
    """``Beijing, 2024-09-08`` → ("Beijing", date)."""
    m = re.search(r"((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})", value)
    date = safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    place = value[: m.start()] if m else value
    place = place.strip(" ,;\t") or None
    return place, date


def body_dateline(text: str, start: int, limit: int = 1500) -> tuple[str | None, int | None, int | None, int | None, int, int] | None:
    """The dateline at the top of a body → (place, year, month, day, span start, span end)."""
    window = text[start : start + limit]
    m = _EN_DATELINE.search(window)
    if m:
        mon = MONTHS.get((m.group(2) or m.group(5)).lower().rstrip("."))
        day = int(m.group(3) or m.group(4))
        year = int(m.group(6)) if m.group(6) else None
        return m.group(1).strip().title(), year, mon, day, start + m.start(), start + m.end()
    m = _ZH_DATELINE.search(window)
    if m:
        year = int(m.group(2)[:4]) if m.group(2) else None
        return m.group(1), year, int(m.group(3)), int(m.group(4)), start + m.start(), start + m.end()
    return None


def years_in(scan: str) -> Counter:
    return Counter(int(y) for y in re.findall(r"(?<!\d)((?:19[89]|20[0-4])\d)(?!\d)", scan[:50000]))


def guess_year(scan: str) -> int | None:
    c = years_in(scan)
    if not c:
        return None
    top = max(c.values())
    return max(y for y, n in c.items() if n == top)


def find_dates(scan: str, start: int, end: int, ref: dt.date | None, ref_year: int | None) -> list[DateHit]:
    """Every date expression in scan[start:end], resolved against the reference date."""
    seg = scan[start:end]
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    year = ref.year if ref else ref_year
    for rule, rx in _RX:
        for m in rx.finditer(seg):
            a, b = start + m.start(), start + m.end()
            if not free(a, b):
                continue
            hit = _resolve(rule, m, ref, year)
            if hit is None:
                continue
            hit.start, hit.end = a, b
            hits.append(hit)
            taken.append((a, b))
    hits.sort(key=lambda h: h.start)
    return hits


def _md(year: int | None, month: int, day: int, ref: dt.date | None, rule: str) -> DateHit | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if year is None:
        return DateHit(None, "day", 0, 0, rule, year_known=False)
    d = safe_date(year, month, day)
    if d is None:
        return None
    if ref is not None and d > ref + dt.timedelta(days=45):
        d = safe_date(year - 1, month, day) or d  # "Dec. 30" in a story filed in January
    return DateHit(d, "day", 0, 0, rule)


def _resolve(rule: str, m: re.Match, ref: dt.date | None, year: int | None) -> DateHit | None:
    g = m.groups()
    if rule in ("iso", "zh_ymd"):
        d = safe_date(int(g[0]), int(g[1]), int(g[2]))
        return DateHit(d, "day", 0, 0, rule) if d else None
    if rule == "zh_ym":
        d = safe_date(int(g[0]), int(g[1]), 1)
        return DateHit(d, "month", 0, 0, rule) if d else None
    if rule == "zh_m_rel":  # "今年1月初": that month of the reference year (去年: the year before)
        if year is None:
            return None
        y = year - 1 if g[0] == "去年" else year
        d = safe_date(y, int(g[1]), 1)
        return DateHit(d, "month", 0, 0, rule) if d else None
    if rule == "en_month":  # "in early January (2024)": that month
        mon = MONTHS[g[0]]
        if g[1]:
            y = int(g[1])
        elif year is None:
            return None
        elif ref is not None and mon > ref.month:
            return None  # "the forum in Nuku'alofa in August" in an April story: a coming month, no event date
        else:
            y = year
        d = safe_date(y, mon, 1)
        return DateHit(d, "month", 0, 0, rule) if d else None
    if rule == "zh_md":
        return _md(year, int(g[0]), int(g[1]), ref, rule)
    if rule == "zh_d":
        if ref is None:
            return None
        day = int(g[0])
        if not 1 <= day <= 31:
            return None
        d = safe_date(ref.year, ref.month, day)
        if d is None or d > ref + dt.timedelta(days=1):
            prev = ref.replace(day=1) - dt.timedelta(days=1)
            d = safe_date(prev.year, prev.month, day)
        return DateHit(d, "day", 0, 0, rule) if d else None
    if rule == "num_dmy":  # 12/06/2024: day first unless that cannot be (06/24/2024)
        a, b, y = int(g[0]), int(g[1]), int(g[2])
        day, mon = (a, b) if b <= 12 else (b, a)
        d = safe_date(y, mon, day)
        return DateHit(d, "day", 0, 0, rule) if d else None
    if rule == "en_nth":  # "on the 12th": that day of the reference month (or the month before)
        if ref is None:
            return None
        day = int(g[0])
        d = safe_date(ref.year, ref.month, day)
        if d is None or d > ref + dt.timedelta(days=1):
            prev = ref.replace(day=1) - dt.timedelta(days=1)
            d = safe_date(prev.year, prev.month, day)
        return DateHit(d, "day", 0, 0, rule) if d else None
    if rule in ("en_mdy", "en_dmy", "en_range", "en_range_md"):
        if rule in ("en_mdy", "en_range_md"):
            mon, day, y = MONTHS[g[0]], int(g[1]), g[2]
        else:
            day, mon, y = int(g[0]), MONTHS[g[1]], g[2]
        if y:
            d = safe_date(int(y), mon, day)
            return DateHit(d, "day", 0, 0, rule) if d else None
        if rule == "en_mdy" and g[0] == "may" and day > 31:
            return None
        return _md(year, mon, day, ref, rule)
    if rule in ("en_weekday", "zh_weekday"):
        if ref is None:
            return None
        wd = WEEKDAYS[g[0]] if rule == "en_weekday" else ZH_WEEKDAYS[g[0]]
        back = (ref.weekday() - wd) % 7
        return DateHit(ref - dt.timedelta(days=back), "day", 0, 0, rule)
    if rule == "en_month_rel":  # "earlier this month" → that month; "last month" → the month before
        if ref is None:
            return None
        first = ref.replace(day=1)
        if "last" in g[0]:
            first = (first - dt.timedelta(days=1)).replace(day=1)
        return DateHit(first, "month", 0, 0, rule)
    if rule in ("en_rel", "zh_rel"):
        if ref is None:
            return None
        word = g[0]
        if word in _VAGUE:
            return DateHit(ref, "day", 0, 0, rule + "_vague")
        return DateHit(ref + dt.timedelta(days=_REL_DAYS[word]), "day", 0, 0, rule)
    return None
