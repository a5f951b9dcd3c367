"""Test data for the review and web tests: records built with isd.model, written with
Store.put_many, and source documents written in our own words (facts from public
readouts: who met whom, when, where).  One document is hostile (script payloads)."""

from __future__ import annotations

import datetime as dt
import hashlib

from isd.model import (
    Agreement,
    ChineseParticipant,
    Counterpart,
    Event,
    Evidence,
    Location,
    Party,
    Source,
    Training,
)

DOC_RUS = (
    "BEIJING, Dec. 5 -- China's Minister of Public Security Wang Xiaohong held talks in Beijing on Tuesday "
    "with Vladimir Kolokoltsev, Russia's Minister of Internal Affairs. The two sides agreed to work more "
    "closely against transnational crime and drug trafficking and on cybersecurity."
)
DOC_LAO = (
    "BEIJING, May 25 -- Wang Xiaohong, Minister of Public Security, held a working meeting on Thursday with "
    "Vilay Lakhamphong, Deputy Prime Minister and Minister of Public Security of Laos. They pledged to fight "
    "transnational crime and telecom fraud and to protect the China-Laos Railway."
)
DOC_LAO_COPY = (
    "Vientiane, May 26 -- Laos' public security minister Vilay Lakhamphong met China's Wang Xiaohong in "
    "Beijing on Thursday, the Lao news agency said; telecom fraud was high on the agenda."
)
XSS_TITLE = 'Readout <script>alert("title")</script>'
DOC_XSS = (
    "BEIJING, March 3 -- <script>window.__pwned = 1; alert('x')</script> Minister Wang Xiaohong met "
    "<img src=x onerror=\"window.__pwned=2;alert('img')\"> the visiting police chief of Serbia. "
    "\"'; DROP TABLE events; -- was also in the text."
)


def _span(doc: str, words: str) -> tuple[int, int]:
    start = doc.index(words)
    return start, start + len(words)


def _ev(field: str, src: str, doc: str, words: str) -> Evidence:
    s, e = _span(doc, words)
    return Evidence(field=field, source_id=src, start=s, end=e, text=words, coder="isd-extract/test", rule="test")


def _doc_row(doc_id: str, url: str, text: str, title: str) -> dict:
    return {"id": doc_id, "url": url, "sha256": hashlib.sha256(text.encode()).hexdigest(), "title": title,
            "text": text, "language": "en", "fetched_at": dt.datetime(2026, 1, 1), "content_type": "text/html"}


def seed(store) -> dict:
    """Write the test records; returns their ids."""
    docs = [
        _doc_row("doc_rus", "https://example.org/rus", DOC_RUS, "Wang Xiaohong meets Kolokoltsev"),
        _doc_row("doc_lao", "https://example.org/lao", DOC_LAO, "Wang Xiaohong holds working meeting with Vilay"),
        _doc_row("doc_lao2", "https://example.org/lao-copy", DOC_LAO_COPY, "Lao minister meets Wang"),
        _doc_row("doc_xss", "https://example.org/xss", DOC_XSS, XSS_TITLE),
    ]
    with store.transaction() as conn:
        conn.execute(store.table("documents").insert(), docs)
    sources = [
        Source(id="src_rus", url="https://example.org/rus", publisher="Xinhua", language="en",
               title="Wang Xiaohong meets Kolokoltsev", published=dt.date(2023, 12, 5), document_id="doc_rus",
               archive_url="https://web.archive.org/web/2023/https://example.org/rus"),
        Source(id="src_lao", url="https://example.org/lao", publisher="Xinhua", language="en",
               title="Working meeting with Vilay", published=dt.date(2023, 5, 26), document_id="doc_lao"),
        Source(id="src_lao2", url="https://example.org/lao-copy", publisher="KPL", language="en",
               title="Lao minister meets Wang", published=dt.date(2023, 5, 26), document_id="doc_lao2"),
        Source(id="src_xss", url="javascript:alert('url')", publisher="<b>bad</b>", language="en",
               title=XSS_TITLE, published=dt.date(2024, 3, 3), document_id="doc_xss"),
    ]
    wang = ChineseParticipant(name_en="Wang Xiaohong", title="Minister of Public Security", agency="MPS", rank="minister")
    events = [
        Event(id="ev_rus_2023", date=dt.date(2023, 12, 5), event_type="bilateral_meeting",
              location=Location(city="Beijing", country_iso3="CHN"), chinese_side=[wang],
              counterparts=[Counterpart(country_iso3="RUS", name="Vladimir Kolokoltsev", title="Minister of Internal Affairs",
                                        agency_type="interior_home_affairs", rank_level="ministerial")],
              topics=["transnational_crime", "counterdrug", "cybercrime"], sources=["src_rus"], confidence=0.9,
              evidence=[_ev("date", "src_rus", DOC_RUS, "on Tuesday"),
                        _ev("counterparts[0].country_iso3", "src_rus", DOC_RUS, "Russia's Minister of Internal Affairs"),
                        _ev("topics.counterdrug", "src_rus", DOC_RUS, "drug trafficking"),
                        _ev("topics.cybercrime", "src_rus", DOC_RUS, "cybersecurity")]),
        Event(id="ev_lao_2023", date=dt.date(2023, 5, 25), event_type="bilateral_meeting",
              location=Location(city="Beijing", country_iso3="CHN"), chinese_side=[wang],
              counterparts=[Counterpart(country_iso3="LAO", name="Vilay Lakhamphong", agency_type="public_security",
                                        rank_level="ministerial")],
              topics=["transnational_crime", "telecom_fraud"], sources=["src_lao"], confidence=0.8,
              evidence=[_ev("date", "src_lao", DOC_LAO, "on Thursday"),
                        _ev("topics.telecom_fraud", "src_lao", DOC_LAO, "telecom fraud")]),
        Event(id="ev_lao_2023_dup", date=dt.date(2023, 5, 25), event_type="bilateral_meeting",
              location=Location(city="Beijing", country_iso3="CHN"), chinese_side=[wang],
              counterparts=[Counterpart(country_iso3="LAO", name="Vilay Lakhamphong")],
              topics=["telecom_fraud"], sources=["src_lao2"], confidence=0.6,
              evidence=[_ev("topics.telecom_fraud", "src_lao2", DOC_LAO_COPY, "telecom fraud")]),
        Event(id="ev_xss", date=dt.date(2024, 3, 3), event_type="bilateral_meeting",
              chinese_side=[wang], counterparts=[Counterpart(country_iso3="SRB", name='<img src=x onerror="alert(9)">')],
              topics=["generic"], sources=["src_xss"], notes="<script>alert('notes')</script>",
              evidence=[_ev("counterparts[0].country_iso3", "src_xss", DOC_XSS, "police chief of Serbia"),
                        _ev("date", "src_xss", DOC_XSS, "<script>window.__pwned = 1; alert('x')</script>")]),
    ]
    # more candidates so queues and reliability have several units
    for i in range(6):
        events.append(Event(id=f"ev_extra_{i}", date=dt.date(2024, 1 + i, 10), event_type="bilateral_meeting",
                            mode="video" if i % 2 else "in_person", chinese_side=[wang],
                            counterparts=[Counterpart(country_iso3=["VNM", "THA", "KHM", "MMR", "PAK", "KAZ"][i])],
                            topics=["transnational_crime"], sources=["src_rus"]))
    agreements = [Agreement(id="ag_lao_mou", date=dt.date(2023, 5, 25), parties=[Party(country_iso3="LAO")],
                            doc_type="mou", title_en="MOU on law-enforcement cooperation", topics=["telecom_fraud"],
                            sources=["src_lao"], review_status="coded")]
    trainings = [Training(id="tr_solomon", date=dt.date(2022, 10, 1), recipients=[Party(country_iso3="SLB")],
                          subject="police skills course", topics=["capacity_building"], sources=["src_rus"])]
    store.put_many([*sources, *events, *agreements, *trainings], user="seed")
    return {"events": [e.id for e in events], "sources": [s.id for s in sources]}
