"""Synthetic candidate events with known truth, for linkage tests and benchmarks.

Each true occasion (an official meeting a foreign party on a day) is reported by
one to several sources — Xinhua in English, the MPS in Chinese, the counterpart's
ministry, re-posts — each giving a candidate row (see :mod:`isd.link.features`) with
noise: the date one day off, names in the other script, event-type and title
variants, missing fields.  The ``cluster`` column holds the true occasion.

Hard cases are built in on purpose: busy days on which one official meets several
delegations (same official, same day, different parties), and repeat meetings with
the same party a few days or weeks apart.

People and countries come from the codebook (real officials and countries);
foreign counterparts' names are made up from syllables, written in Latin script and
in a Chinese transliteration built from the same syllables.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, Iterator

# Latin syllable → a Chinese transliteration character (the usual Xinhua choices).
SYLLABLES = {
    "ka": "卡", "ko": "科", "ku": "库", "ki": "基", "ma": "马", "mo": "莫", "mi": "米", "na": "纳",
    "no": "诺", "ni": "尼", "ra": "拉", "ro": "罗", "ri": "里", "sa": "萨", "so": "索", "si": "西",
    "ta": "塔", "to": "托", "ti": "蒂", "va": "瓦", "vo": "沃", "vi": "维", "la": "拉", "lo": "洛",
    "li": "利", "ba": "巴", "bo": "博", "bi": "比", "da": "达", "do": "多", "di": "迪", "ga": "加",
    "go": "戈", "gi": "吉", "ha": "哈", "he": "赫", "ya": "亚", "yo": "约", "fa": "法", "fe": "费",
    "pa": "帕", "po": "波", "pe": "佩", "ze": "泽", "za": "扎", "an": "安", "el": "埃尔", "ov": "夫",
}
_SYL = list(SYLLABLES)

AGENCY_TITLES = {
    "interior_home_affairs": ("Minister of Internal Affairs", "内务部长"),
    "public_security": ("Minister of Public Security", "公安部长"),
    "national_police": ("Inspector General of Police", "警察总监"),
    "justice": ("Minister of Justice", "司法部长"),
    "prosecutor": ("Prosecutor General", "总检察长"),
    "immigration_border": ("Director General of Immigration", "移民局局长"),
    "narcotics": ("Head of the Drug Control Agency", "禁毒署署长"),
    "state_security": ("Minister of National Security", "国家安全部长"),
}
ORG_TITLES = ("Secretary General", "秘书长")
CHINESE_CITIES = [("Beijing", "北京"), ("Lianyungang", "连云港"), ("Shanghai", "上海"), ("Kunming", "昆明"),
                  ("Urumqi", "乌鲁木齐"), ("Nanning", "南宁"), ("Xiamen", "厦门")]
TOPICS = ["transnational_crime", "counterdrug", "telecom_fraud", "counterterrorism", "overseas_interests_bri",
          "capacity_building", "cybercrime", "financial_crime_gambling", "human_trafficking", "immigration_border",
          "social_stability", "event_security"]
SOURCES_EN = ["xinhua_en", "chinadaily", "cgtn", "globaltimes", "counterpart_ministry"]
SOURCES_ZH = ["mps_gov_cn", "xinhua_zh", "peoples_daily", "chinanews", "repost_site"]
START = dt.date(2018, 1, 1)
DAYS = 365 * 8


def _foreign_name(rng: random.Random) -> tuple[str, str]:
    def word(k: int) -> tuple[str, str]:
        syl = [rng.choice(_SYL) for _ in range(k)]
        return "".join(syl).capitalize(), "".join(SYLLABLES[s] for s in syl)

    (g_en, g_zh), (f_en, f_zh) = word(rng.randint(2, 3)), word(rng.randint(2, 4))
    return f"{g_en} {f_en}", f"{g_zh}·{f_zh}"


def _get(o: Any, k: str) -> Any:
    return o.get(k) if isinstance(o, dict) else getattr(o, k, None)


def _pools(codebook: Any) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    def items(x: Any) -> list[Any]:
        return list(x.values()) if isinstance(x, dict) else list(x or [])

    officials = [(str(_get(o, "id")), _get(o, "name_en"), _get(o, "name_zh")) for o in items(_get(codebook, "officials"))]
    countries = [(str(_get(c, "iso3")), _get(c, "name_en"), _get(c, "name_zh")) for c in items(_get(codebook, "countries"))
                 if _get(c, "iso3") not in ("CHN", "HKG", "MAC")]
    orgs = [(str(_get(o, "id")), _get(o, "name_en"), _get(o, "name_zh")) for o in items(_get(codebook, "organizations"))]
    if not officials or not countries:
        raise ValueError("the codebook has no officials or countries; cannot generate candidates")
    return officials, countries, orgs


def candidate_events(n: int, seed: int = 0, codebook: Any = None, *, busy_day_rate: float = 0.25,
                     repeat_rate: float = 0.1, noise: float = 1.0, days: int | None = None) -> Iterator[dict[str, Any]]:
    """Yield ``n`` candidate rows (with a ``cluster`` column holding the truth).

    Dates fall in ``days`` days from 2018-01-01; by default eight years, stretched for
    large ``n`` so that the density (candidates per day, ≈3.4) stays that of a real
    collection: a million candidates is a longer record, not 100 times as many
    meetings a day.  Pass ``days`` to test denser data.
    """
    span = days or max(DAYS, int(n / 3.4))
    if codebook is None:
        from isd.codebook import load_codebook

        codebook = load_codebook()
    rng = random.Random(seed)
    officials, countries, orgs = _pools(codebook)
    # a few officials do most of the meetings, as the minister does in reality
    weights = [1.0 / (i + 1) for i in range(len(officials))]
    emitted = 0
    occasion = 0
    prev: dict[str, Any] | None = None
    people: dict[str, tuple[str, str]] = {}
    while emitted < n:
        occasion += 1
        r = rng.random()
        if prev is not None and r < busy_day_rate:  # same official, same day, another party
            day, off = prev["day"], prev["official"]
            party = rng.choice(countries)
        elif prev is not None and r < busy_day_rate + repeat_rate:  # same party, days or weeks later
            day, off, party = prev["day"] + rng.choice([2, 3, 5, 9, 30, 90]), prev["official"], prev["party"]
        else:
            day = rng.randrange(span)
            off = rng.choices(officials, weights)[0]
            party = rng.choice(orgs) if orgs and rng.random() < 0.08 else rng.choice(countries)
        is_org = party in orgs
        agency = "international_org" if is_org else rng.choice(list(AGENCY_TITLES))
        key = f"{party[0]}/{agency}"
        if key not in people or rng.random() < 0.1:
            people[key] = _foreign_name(rng)
        person = people[key]
        title = ORG_TITLES if is_org else AGENCY_TITLES[agency]
        city = rng.choice(CHINESE_CITIES) if rng.random() < 0.8 else None
        mode = rng.choices(["in_person", "video", "phone"], [0.85, 0.12, 0.03])[0]
        topics = rng.sample(TOPICS, rng.randint(1, 3))
        etype = rng.choices(["bilateral_meeting", "sideline_bilateral", "agreement_signing"], [0.7, 0.2, 0.1])[0]
        prev = {"day": day, "official": off, "party": party}
        n_reports = min(1 + int(rng.expovariate(0.6)), 8)
        for k in range(n_reports):
            if emitted >= n:
                break
            zh = rng.random() < 0.5
            p = noise
            # a report dates the occasion by its own publication day (+1) more often than
            # a day early (a counterpart's time zone)
            shift = rng.random()
            d = day + (1 if shift < 0.12 * p else -1 if shift < 0.15 * p else 0)
            my_topics = [t for t in topics if rng.random() > 0.25 * p] if rng.random() > 0.2 * p else []
            if rng.random() < 0.1 * p:
                my_topics.append(rng.choice(TOPICS))
            my_type = etype if rng.random() > 0.15 * p else rng.choice(["bilateral_meeting", "sideline_bilateral", "other"])
            if zh:
                cp_name = person[1].split("·")[-1] if rng.random() < 0.35 * p else person[1]
            else:
                r2 = rng.random()
                cp_name = (person[0].split()[-1] if r2 < 0.1 * p else
                           rng.choice(["Minister ", "Hon. ", "Mr. ", "General "]) + person[0] if r2 < 0.25 * p else
                           person[0].replace(" ", f" {rng.choice('ABCDEFGHJKLMNOPRST')}. ", 1) if r2 < 0.3 * p else
                           person[0])
            my_title = title
            if rng.random() < 0.07 * p:  # a title that reads as another agency type
                my_title = AGENCY_TITLES[rng.choice(list(AGENCY_TITLES))]
            my_mode = mode if rng.random() > 0.05 * p else rng.choice(["in_person", "video", "phone"])
            row = {
                "unique_id": f"c{seed}_{emitted:08d}",
                "date": (START + dt.timedelta(days=d)).isoformat(),
                "event_type": my_type,
                "mode": my_mode if rng.random() > 0.1 * p else None,
                "chinese_names": [] if rng.random() < 0.05 * p else [off[2] if zh else off[1]],
                "parties": [] if rng.random() < 0.03 * p else [party[2] if zh else (party[1] if rng.random() < 0.5 else party[0])],
                "counterpart_names": [] if rng.random() < 0.3 * p else [cp_name],
                "counterpart_titles": [] if rng.random() < 0.2 * p else [my_title[1] if zh else my_title[0]],
                "agency_types": [],
                "city": None if city is None or rng.random() < 0.2 * p else (city[1] if zh else city[0]),
                "topics": my_topics,
                "source": rng.choice(SOURCES_ZH if zh else SOURCES_EN),
                "language": "zh" if zh else "en",
                "cluster": f"occ{seed}_{occasion:08d}",
            }
            emitted += 1
            yield row
