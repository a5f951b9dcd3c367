"""The splink model: blocking rules, comparisons, and the bundled trained parameters.

Blocking (which pairs are compared at all): the same foreign party set, or the same
lead Chinese official, on the same day or one day apart (reports date an occasion by
the dateline, the day of the meeting, or the next day's publication).  Each rule is
an equi-join (`party_key`, `day`) / (`party_key`, `day_p1` = `day`) so it scales
to millions of candidates without a quadratic join.

Comparisons: date difference, Chinese officials (ids), foreign parties (ISO3 /
organization ids), counterpart name (Latin key; neutral when the scripts differ),
counterpart agency type, city, topics, event type, mode.

The m and u probabilities ship in ``isd/link/model.json`` (trained by
``isd link train`` on the synthetic generator's labelled data: u by random
sampling, m from the known clusters).  Linking with fixed parameters makes the DuckDB
and Spark backends give the same scores.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

MODEL_FILE = "model.json"

# comparison name → (m, u) per non-null level, most similar first; the defaults that
# `isd link train` replaces.  They are only used when no trained model is available.
_DEFAULT_MU: dict[str, list[tuple[float, float]]] = {
    "day": [(0.75, 0.5), (0.25, 0.5)],
    "officials": [(0.97, 0.6), (0.03, 0.4)],
    "parties": [(0.97, 0.6), (0.03, 0.4)],
    "cp_name": [(0.7, 0.01), (0.08, 0.01), (0.05, 0.6), (0.1, 0.05), (0.07, 0.33)],
    "cp_agency": [(0.9, 0.3), (0.1, 0.7)],
    "city": [(0.95, 0.3), (0.05, 0.7)],
    "topics": [(0.5, 0.05), (0.35, 0.25), (0.15, 0.70)],
    "event_type": [(0.8, 0.4), (0.2, 0.6)],
    "mode": [(0.95, 0.8), (0.05, 0.2)],
}


def blocking_rules() -> list[str]:
    from splink import block_on

    return [
        block_on("party_key", "day"),
        block_on("lead_official", "day"),
        "l.party_key = r.party_key and l.day_p1 = r.day",
        "l.party_key = r.party_key and l.day = r.day_p1",
        "l.lead_official = r.lead_official and l.day_p1 = r.day",
        "l.lead_official = r.lead_official and l.day = r.day_p1",
    ]


# String comparisons written in SQL that DuckDB and Spark evaluate identically
# (levenshtein, length, right, greatest exist in both).  Jaro-Winkler is not used: its
# DuckDB and Spark (splink's Scala UDF) implementations differ in the last digits and
# would make the two backends disagree near a threshold.
_SAME = "cp_name_han_l = cp_name_han_r"
_SUFFIX = ("least(length(cp_name_l), length(cp_name_r)) >= 4 AND "
           "(right(cp_name_l, length(cp_name_r)) = cp_name_r OR right(cp_name_r, length(cp_name_l)) = cp_name_l)")


def _lev(share: float) -> str:
    return f"levenshtein(cp_name_l, cp_name_r) <= {share} * greatest(length(cp_name_l), length(cp_name_r))"


def comparisons(mu: dict[str, list[tuple[float, float]]] | None = None) -> list[Any]:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    mu = mu or _DEFAULT_MU

    def lv(name: str, i: int, level: Any) -> Any:
        m, u = mu[name][i]
        return level.configure(m_probability=m, u_probability=u)

    def equal_or_not(name: str) -> Any:
        """Two levels: the same value, or anything else (null is neutral)."""
        return cl.CustomComparison(
            output_column_name=name,
            comparison_levels=[
                cll.NullLevel(name),
                lv(name, 0, cll.ExactMatchLevel(name)),
                lv(name, 1, cll.ElseLevel()),
            ],
        )

    return [
        cl.CustomComparison(
            output_column_name="day",
            comparison_levels=[
                cll.NullLevel("day"),
                lv("day", 0, cll.CustomLevel("day_l = day_r", "same day")),
                lv("day", 1, cll.CustomLevel("abs(day_l - day_r) = 1", "one day apart")),
                cll.ElseLevel().configure(m_probability=1e-6, u_probability=0.9),
            ],
        ),
        cl.CustomComparison(
            output_column_name="officials",
            comparison_levels=[
                cll.NullLevel("officials"),
                lv("officials", 0, cll.ExactMatchLevel("officials")),
                lv("officials", 1, cll.ArrayIntersectLevel("officials", 1)),
                cll.ElseLevel().configure(m_probability=1e-6, u_probability=0.5),
            ],
        ),
        cl.CustomComparison(
            output_column_name="parties",
            comparison_levels=[
                cll.NullLevel("parties"),
                lv("parties", 0, cll.ExactMatchLevel("parties")),
                lv("parties", 1, cll.ArrayIntersectLevel("parties", 1)),
                cll.ElseLevel().configure(m_probability=1e-6, u_probability=0.5),
            ],
        ),
        cl.CustomComparison(
            output_column_name="cp_name",
            comparison_levels=[
                cll.NullLevel("cp_name"),
                lv("cp_name", 0, cll.CustomLevel(f"{_SAME} AND {_lev(0.15)}", "same script, (nearly) equal")),
                lv("cp_name", 1, cll.CustomLevel(f"{_SAME} AND {_SUFFIX}", "same script, family name only")),
                lv("cp_name", 2, cll.CustomLevel(_SAME, "same script, different")),
                # a Chinese transliteration against the Latin original: pinyin keys are
                # only loosely alike (科洛科利采夫 → keluokelicaifu vs kolokoltsev)
                lv("cp_name", 3, cll.CustomLevel(_lev(0.45), "other script, alike")),
                lv("cp_name", 4, cll.ElseLevel()),
            ],
        ),
        equal_or_not("cp_agency"),
        equal_or_not("city"),
        cl.CustomComparison(
            output_column_name="topics",
            comparison_levels=[
                cll.NullLevel("topics"),
                lv("topics", 0, cll.ArrayIntersectLevel("topics", 2)),
                lv("topics", 1, cll.ArrayIntersectLevel("topics", 1)),
                lv("topics", 2, cll.ElseLevel()),
            ],
        ),
        equal_or_not("event_type"),
        equal_or_not("mode"),
    ]


# Comparisons whose "else" level is a veto: two records that differ there are never
# the same event, whatever the other fields say.
VETO_COMPARISONS = ("day", "officials", "parties")


def settings(mu: dict[str, list[tuple[float, float]]] | None = None, prior: float = 1e-4) -> Any:
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=prior,
        blocking_rules_to_generate_predictions=blocking_rules(),
        comparisons=comparisons(mu),
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=False,
        additional_columns_to_retain=[],
    )


def load_parameters(path: str | Path | None = None) -> dict[str, Any]:
    """The trained parameters: ``{"prior": float, "mu": {comparison: [[m, u], …]}}``."""
    if path is None:
        ref = resources.files("isd.link").joinpath(MODEL_FILE)
        if not ref.is_file():
            return {"prior": 1e-4, "mu": _DEFAULT_MU, "trained_on": "defaults"}
        text = ref.read_text(encoding="utf-8")
        where = f"isd/link/{MODEL_FILE}"
    else:
        text = Path(path).read_text(encoding="utf-8")
        where = str(path)
    try:
        data = json.loads(text)
        mu = {k: [tuple(x) for x in v] for k, v in data["mu"].items()}
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{where}: not an isd linkage model ({exc})") from None
    missing = set(_DEFAULT_MU) - set(mu)
    if missing:
        raise ValueError(f"{where}: model lacks comparisons {sorted(missing)}")
    for name, levels in _DEFAULT_MU.items():
        if len(mu[name]) != len(levels):
            raise ValueError(f"{where}: comparison {name!r} has {len(mu[name])} levels, this isd expects "
                             f"{len(levels)}; retrain with `isd link train`")
    return {"prior": float(data.get("prior", 1e-4)), "mu": mu, "trained_on": data.get("trained_on")}
