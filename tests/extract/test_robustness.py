import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isd.extract import extract_document, extract_text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_any_text(text):
    events = extract_text(text)
    assert isinstance(events, list)
    for ev in events:
        for span in ev["evidence"]:
            assert text[span["start"] : span["end"]] == span["text"]


WORDS = ["Wang Xiaohong", "met", "王小洪", "会见", "Russia", "俄罗斯", "on Tuesday", "11月28日", "minister of interior",
         "signed", "谅解备忘录", "video link", "通电话", "\n", ". ", "，", "。", "PUBLISHED: 2024-02-30\n", "DATELINE: , 9999-99-99\n",
         "separately", "分别", "Global Public Security Cooperation Forum", "INTERPOL", "training course", "handed over"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join))
def test_readout_like_noise(text):
    extract_text(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=4000))
def test_any_bytes(data):
    from isd.extract.textio import DocumentError

    try:
        extract_document(data, name="blob.bin")
    except DocumentError as exc:
        assert "blob.bin" in str(exc)


def test_empty_and_whitespace(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert extract_document(p)[0]["events"] == []
    assert extract_text("   \n\n") == []


def test_50_mb_document_bounded_time():
    unit = ("Chinese State Councilor and Minister of Public Security Wang Xiaohong met with Kazakhstan's Minister "
            "of Internal Affairs in Beijing on Tuesday, and they discussed counter-terrorism. ")
    text = "PUBLISHED: 2024-09-10\n\n" + unit * (50_000_000 // len(unit))
    t = time.perf_counter()
    events = extract_text(text)
    assert time.perf_counter() - t < 30
    assert events and events[0]["counterparts"][0]["country_iso3"] == "KAZ"
