"""Small pure document functions usable with any engine (and to test engines
independently of the extractor)."""

from __future__ import annotations

import re
from typing import Any

_HAN = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[A-Za-z]+")
_SENT = re.compile(r"[.!?。！？]+")


def doc_profile(text: str, meta: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """One row describing a document: length, script, sentences, and the Chinese-side
    agencies it names (a cheap pre-filter for extraction).  Empty text gives no row."""
    if not text or not text.strip():
        return []
    han = len(_HAN.findall(text))
    words = len(_WORD.findall(text))
    agencies = sorted(
        {code for code, words_ in _AGENCY_WORDS.items() if any(w in text for w in words_)}
    )
    return [{
        "id": (meta or {}).get("id"),
        "url": (meta or {}).get("url"),
        "chars": len(text),
        "han_chars": han,
        "latin_words": words,
        "script": "zh" if han > words else "en",
        "sentences": len([s for s in _SENT.split(text) if s.strip()]),
        "agencies": agencies,
    }]


_AGENCY_WORDS = {
    "MPS": ("Ministry of Public Security", "Minister of Public Security", "公安部"),
    "MSS": ("Ministry of State Security", "国家安全部"),
    "CPLC": ("Central Political and Legal Affairs Commission", "Political-Legal Commission", "中央政法委"),
}


def fail_on_marker(text: str, meta: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """doc_profile, but raises on documents containing ``<<FAIL>>`` (tests error rows)."""
    if "<<FAIL>>" in text:
        raise ValueError("marker found")
    return doc_profile(text, meta)
