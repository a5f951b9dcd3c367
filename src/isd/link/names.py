"""Name normalisation for linkage: names in any script → stable keys.

Reports of one meeting name people and places in different scripts (王小洪 /
Wang Xiaohong, 俄罗斯 / Russia, 北京 / Beijing).  Before records are compared we turn
every name we can into an id from the codebook (official ids, ISO3 codes,
organization ids); what is left is transliterated to a Latin key offline
(``text_unidecode`` gives toneless pinyin for Han characters, which is what English
reports use for Chinese people and cities).

:class:`NameIndex` is built from a codebook (:func:`isd.codebook.load_codebook`) or,
in tests and benchmarks, from plain lists.  It reads the codebook through
attribute *or* key access so it does not depend on the codebook's container types.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable

_HAN = re.compile(r"[\u3400-\u9fff]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_HONORIFICS = re.compile(
    r"\b(mr|mrs|ms|dr|gen|general|lt|col|h\.?e|his excellency|her excellency|hon|honourable|honorable|"
    r"secretary|minister|deputy|president|director|commissioner|chief|state councilor|counsellor)\b\.?",
    re.I,
)
_INITIAL = re.compile(r"(?<=\s)[A-Z]\.(?=\s)")


def has_han(text: str | None) -> bool:
    return bool(text) and bool(_HAN.search(text))


@functools.lru_cache(maxsize=200_000)
def latin_key(text: str | None) -> str | None:
    """A script-free key: pinyin for Han, ASCII folding for the rest, letters and digits only.

    >>> latin_key("王小洪") == latin_key("Wang Xiaohong")
    True
    """
    if not text:
        return None
    from text_unidecode import unidecode

    t = unicodedata.normalize("NFKC", text).replace("·", " ").replace("•", " ")
    t = unidecode(t).lower()
    t = _NON_ALNUM.sub("", t)
    return t or None


@functools.lru_cache(maxsize=200_000)
def person_key(text: str | None) -> str | None:
    """Latin key of a person's name without honorifics."""
    if not text:
        return None
    return latin_key(_INITIAL.sub(" ", _HONORIFICS.sub(" ", text)))


def _get(obj: Any, *names: str) -> Any:
    for n in names:
        if isinstance(obj, dict):
            if obj.get(n) not in (None, "", []):
                return obj[n]
        else:
            v = getattr(obj, n, None)
            if v not in (None, "", []):
                return v
    return None


def _items(container: Any) -> Iterable[Any]:
    if container is None:
        return []
    if isinstance(container, dict):
        return container.values()
    return container


def _names_of(obj: Any) -> list[str]:
    out: list[str] = []
    for key in ("name_en", "name_zh", "name", "short_name", "common_name", "official_name"):
        v = _get(obj, key)
        if isinstance(v, str):
            out.append(v)
    for key in ("aliases", "aliases_en", "aliases_zh"):
        v = _get(obj, key)
        if isinstance(v, str):
            out.append(v)
        elif v:
            out.extend(str(x) for x in v)
    return out


@dataclass
class NameIndex:
    """Maps names (any script) of officials, countries and organizations to ids."""

    officials: dict[str, str] = field(default_factory=dict)  # latin key → official id
    parties: dict[str, str] = field(default_factory=dict)  # latin key → ISO3 / organization id
    cities: dict[str, str] = field(default_factory=dict)  # latin key → canonical city key

    def add_official(self, official_id: str, names: Iterable[str]) -> None:
        self.officials[latin_key(official_id) or official_id] = official_id
        for n in names:
            k = person_key(n)
            if k:
                self.officials.setdefault(k, official_id)

    def add_party(self, party_id: str, names: Iterable[str]) -> None:
        self.parties[party_id.lower()] = party_id
        for n in names:
            k = latin_key(n)
            if k:
                self.parties.setdefault(k, party_id)

    # --- lookups ------------------------------------------------------------------

    def official(self, name_or_id: str | None) -> str | None:
        """The official id for a name or id, else ``name:<latin key>`` (still comparable)."""
        k = person_key(name_or_id)
        if not k:
            return None
        hit = self.officials.get(k)
        if hit is None:
            hit = self._contained(k, self.officials, "_official_keys")
        return hit or "name:" + k

    def party(self, name_or_code: str | None) -> str | None:
        if not name_or_code:
            return None
        code = name_or_code.strip()
        if re.fullmatch(r"[A-Z]{3}", code):
            return code
        k = latin_key(code)
        if not k:
            return None
        hit = self.parties.get(k) or self.parties.get(code.lower())
        if hit is None and len(k) >= 8:  # "Minister of Internal Affairs of the Russian Federation"
            hit = self._contained(k, self.parties, "_party_keys")
        return hit or "org:" + k

    def _contained(self, key: str, table: dict[str, str], cache: str) -> str | None:
        """The id of the longest known name (≥ 5 letters) contained in ``key``."""
        keys = self.__dict__.get(cache)
        if keys is None:
            keys = sorted((k for k in table if len(k) >= 5), key=len, reverse=True)
            self.__dict__[cache] = keys
        for k in keys:
            if k in key:
                return table[k]
        return None

    def city(self, name: str | None) -> str | None:
        k = latin_key(name)
        if not k:
            return None
        for suffix in ("shi", "city"):
            if k.endswith(suffix) and len(k) > len(suffix) + 3:
                k = k[: -len(suffix)]
        return self.cities.get(k, k)

    # --- construction ---------------------------------------------------------------

    @classmethod
    def from_codebook(cls, codebook: Any) -> "NameIndex":
        idx = cls()
        for o in _items(_get(codebook, "officials")):
            oid = _get(o, "id", "official_id")
            if oid:
                idx.add_official(str(oid), _names_of(o))
        for c in _items(_get(codebook, "countries")):
            iso3 = _get(c, "iso3", "country_iso3", "id", "code")
            if iso3:
                idx.add_party(str(iso3), _names_of(c))
        for org in _items(_get(codebook, "organizations")):
            oid = _get(org, "id", "code", "organization")
            if oid:
                idx.add_party(str(oid), _names_of(org) + [str(oid)])
        for alias, city in CITY_ALIASES.items():
            idx.cities.setdefault(latin_key(alias) or alias, city)
        return idx


# Cities whose Chinese and English names do not transliterate to the same key.
CITY_ALIASES: dict[str, str] = {
    "Peking": "beijing",
    "厦门": "xiamen",
    "重庆": "chongqing",
    "长沙": "changsha",
    "乌鲁木齐": "urumqi",
    "Urumchi": "urumqi",
    "西藏": "xizang",
    "Canton": "guangzhou",
    "莫斯科": "moscow",
    "万象": "vientiane",
    "金边": "phnompenh",
    "曼谷": "bangkok",
    "河内": "hanoi",
    "雅加达": "jakarta",
    "伊斯兰堡": "islamabad",
    "阿斯塔纳": "astana",
    "比什凯克": "bishkek",
    "杜尚别": "dushanbe",
    "塔什干": "tashkent",
    "内比都": "naypyitaw",
    "Nay Pyi Taw": "naypyitaw",
    "霍尼亚拉": "honiara",
    "苏瓦": "suva",
    "亚的斯亚贝巴": "addisababa",
    "内罗毕": "nairobi",
    "明斯克": "minsk",
    "乌兰巴托": "ulaanbaatar",
    "里昂": "lyon",
    "新加坡": "singapore",
    "吉隆坡": "kualalumpur",
    "马尼拉": "manila",
    "首尔": "seoul",
    "东京": "tokyo",
    "华盛顿": "washington",
    "维也纳": "vienna",
    "阿布扎比": "abudhabi",
    "利雅得": "riyadh",
    "德黑兰": "tehran",
    "开罗": "cairo",
}
