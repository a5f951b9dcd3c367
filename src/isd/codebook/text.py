"""Normalisation of names for look-ups: English case-folded, Chinese Traditional→Simplified."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_SPACE = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_EDGE = " \t\r\n,;:!?()[]{}\"'“”《》「」『』【】（），、。；：！？"


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def norm_en(text: str) -> str:
    """Fold an English name: NFKC, straight quotes, case-folded, single spaces, no leading 'the '."""
    s = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    s = _SPACE.sub(" ", s).strip(_EDGE).casefold()
    s = s.removeprefix("the ")
    return s


class Normaliser:
    """Name normaliser holding its OpenCC converter (made once per codebook, not at import)."""

    def __init__(self) -> None:
        import opencc

        self._t2s: Any = opencc.OpenCC("t2s")

    def t2s(self, text: str) -> str:
        return self._t2s.convert(text)

    def norm_zh(self, text: str) -> str:
        s = unicodedata.normalize("NFKC", text)
        s = _SPACE.sub("", s).strip(_EDGE)
        return self._t2s.convert(s)

    def key(self, text: str) -> str:
        """The look-up key of a name in either language."""
        return self.norm_zh(text) if has_cjk(text) else norm_en(text)
