"""Encoding, text, dates and near-copy detection on small inputs."""

from __future__ import annotations

import datetime as dt

from isd.collect.dedup import StoryIndex, signature
from isd.collect.sources import DateHints
from isd.collect.textproc import (
    date_from_url,
    decode,
    detect_language,
    extract,
    parse_date,
)

ZH = ("2024年9月6日，中柬执法合作年行动总结会在北京举行。公安部部长王小洪与柬埔寨副首相兼内政大臣苏速卡共同主持会议，"
      "双方回顾了执法合作年取得的成果，并签署了深化执法合作的相关文件。")


def test_decode_undeclared_gbk_and_declared_charsets():
    html = f"<html><body><p>{ZH}</p></body></html>".encode("gbk")
    text, enc = decode(html)
    assert enc == "gb18030" and "苏速卡" in text
    text, enc = decode(html, "text/html; charset=GB2312")
    assert enc == "gb18030" and "苏速卡" in text  # GB2312 labels are decoded with the superset
    text, enc = decode("\ufeffhello".encode("utf-8"))
    assert enc == "utf-8" and text == "hello"


def test_language():
    assert detect_language(ZH) == "zh"
    assert detect_language("The Minister of Public Security met the Interpol President in Lyon.") == "en"
    assert detect_language("Le ministre de la Sécurité publique a rencontré le président d'Interpol à Lyon.") == "fr"


def test_dates():
    h = DateHints(url_pattern=r"/t(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})_")
    assert date_from_url("https://www.mfa.gov.cn/wjbxw_new/202302/t20230221_11028322.shtml", h) == dt.date(2023, 2, 21)
    assert date_from_url("https://www.mfa.gov.cn/wjbxw_new/202302/t20231341_1.shtml", h) is None  # not a date
    assert parse_date("2024年9月6日") == dt.date(2024, 9, 6)
    assert parse_date("2024-11-30T08:15:00+08:00") == dt.date(2024, 11, 30)


def test_text_file_headers_kept():
    raw = "PUBLISHED: 2024-09-07\nLANG: zh\nTITLE: 标题\n\n正文。".encode()
    ex = extract(raw, name="a.txt")
    assert ex.text == raw.decode() and ex.published == dt.date(2024, 9, 7) and ex.language == "zh" and ex.title == "标题"


def test_chinese_near_copies_share_a_story():
    a = signature(ZH)
    b = signature("来源：某地方新闻网　" + ZH.replace("北京", "北京市") + "　责任编辑：李明　【打印】【关闭】")
    c = signature("2024年11月28日，王小洪在法国里昂会见国际刑警组织主席埃尔拉斯，双方同意深化打击电信网络诈骗等犯罪的务实合作。")
    idx = StoryIndex()
    idx.add("d1", a, "d1")
    assert idx.story_for("d2", b) == "d1"
    assert idx.story_for("d3", c) == "d3"
    assert signature("短") is None  # too short to compare: its own story


def test_binary_is_archived_not_extracted():
    import pytest

    from isd.collect.textproc import ExtractionError

    with pytest.raises(ExtractionError, match="image/png"):
        extract(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type="image/png")
    with pytest.raises(ExtractionError, match="binary"):
        extract(b"\x00\x01\x02" * 1000, name="blob")
