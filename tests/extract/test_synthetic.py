from itertools import islice

from isd.extract import extract_text
from isd.extract.evaluate import compatible
from isd.synthetic import readouts


def test_deterministic_and_streaming():
    a = list(readouts(20, seed=5))
    b = list(readouts(20, seed=5))
    assert a == b
    assert list(islice(readouts(10**9, seed=1), 3))  # a generator: nothing built up front


def test_languages_and_syndication():
    docs = list(readouts(200, seed=2, lang="mixed", syndicated=0.3))
    zh = sum(1 for t, _ in docs if "新华社" in t)
    assert 40 < zh < 160
    texts = [t for t, _ in docs]
    assert len(set(texts)) < len(texts) or any("PUBLISHER:" in t for t in texts)
    for text, events in docs:
        assert events and all(e["counterparts"][0]["country_iso3"] not in ("CHN", "HKG") for e in events)


def test_extractor_recovers_synthetic_events():
    found = total = 0
    for text, events in readouts(300, seed=9):
        pred = extract_text(text)
        for e in events:
            total += 1
            found += any(compatible(e, p) for p in pred)
    assert found / total > 0.95


def test_extractor_precision_on_synthetic():
    true = pred = 0
    for text, events in readouts(300, seed=11):
        true += len(events)
        pred += len(extract_text(text))
    assert pred <= true * 1.05
