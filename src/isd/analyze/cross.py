"""Cross-dataset analyses: agreements vs training, and coverage against published figures.

``coverage`` puts the project's count beside every figure the seed reports publish
(and the official toplines they quote).  The published figures ship with the package
(``data/published_figures.yaml``: seed, report, measure, value, qualifier); each is
recomputed from the records by reading its ``breakdown`` (format, year, country,
topic, region, organization, rank, agency …).  Figures the records cannot answer
(e.g. a forum's attendance) are listed with ``status = not_computed``.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from isd.analyze.registry import analysis, tidy

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from isd.analyze.data import Dataset

GSI_LAUNCH = dt.date(2022, 4, 1)


@lru_cache(maxsize=1)
def published_figures() -> tuple[dict[str, Any], ...]:
    """The published figures shipped with the package (cached; read-only)."""
    import yaml

    text = (resources.files("isd.analyze") / "data" / "published_figures.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader: 10x faster
    return tuple(yaml.load(text, Loader=loader)["figures"])


@analysis("agreements_vs_training", "cross", "Countries with agreements, with training, both", seed="003 Figure 2",
          record_kind="mixed")
def agreements_vs_training(ds: Dataset) -> pd.DataFrame:
    """Per country: bilateral agreements and trainings received, and the category
    (``both``, ``agreements_only``, ``training_only``).  ``record_ids`` holds agreement and
    training ids."""
    return tidy(ds.sql("""
        WITH a AS (SELECT iso3, count(DISTINCT id) AS agreements, list(DISTINCT id) AS ids FROM agr_party
                   WHERE iso3 IS NOT NULL AND format = 'bilateral' GROUP BY iso3),
             t AS (SELECT iso3, count(DISTINCT id) AS trainings, list(DISTINCT id) AS ids FROM tr_recipient
                   WHERE iso3 IS NOT NULL GROUP BY iso3)
        SELECT COALESCE(a.iso3, t.iso3) AS iso3, any_value(c.name) AS name, any_value(c.region) AS region,
               COALESCE(any_value(a.agreements), 0) AS agreements, COALESCE(any_value(t.trainings), 0) AS trainings,
               CASE WHEN any_value(a.iso3) IS NOT NULL AND any_value(t.iso3) IS NOT NULL THEN 'both'
                    WHEN any_value(a.iso3) IS NOT NULL THEN 'agreements_only' ELSE 'training_only' END AS category,
               list_sort(list_concat(COALESCE(any_value(a.ids), []), COALESCE(any_value(t.ids), []))) AS record_ids
        FROM a FULL JOIN t ON a.iso3 = t.iso3 LEFT JOIN country c ON c.iso3 = COALESCE(a.iso3, t.iso3)
        GROUP BY COALESCE(a.iso3, t.iso3) ORDER BY category, iso3"""))


# --- coverage ----------------------------------------------------------------------------------


def _agreement_rows(ds: Dataset) -> pd.DataFrame:
    """One row per agreement in scope (ordered by id), with flat columns only: list columns
    (topics, countries) would be turned into Python objects row by row, which dominated the
    cost of ``coverage`` at scale.  ``topics_key`` is ``|t1|t2|`` (membership test by text),
    ``n_topics`` the number of named topics, ``has_twn`` whether Taiwan is a named party.
    The countries each agreement names come separately from :func:`_country_pairs`.
    Read through Arrow (no per-value conversion: ~40% faster at 100k agreements)."""
    table = ds.arrow("""
        WITH p AS (SELECT id, min_by(organization, position) FILTER (WHERE organization IS NOT NULL) AS org,
                          bool_or(iso3 = 'TWN') AS has_twn
                   FROM agr_party_all GROUP BY id)
        SELECT a.id, a.format, a.year, a.date, a.partner, a.region, a.cn_rank, a.cp_rank_level, a.cp_agency_type,
               a.cn_official_id, replace(replace(lower(trim(a.chinese_signatory_name)), '-', '_'), ' ', '_') AS signatory_norm,
               a.partner_status, a.doc_type, len(t.topics) AS n_topics,
               '|' || array_to_string(t.topics, '|') || '|' AS topics_key,
               COALESCE(p.has_twn, false) AS has_twn, p.org
        FROM agr a JOIN agr_topics t ON t.id = a.id LEFT JOIN p ON p.id = a.id ORDER BY a.id""")
    df = table.to_pandas(date_as_object=False)
    df.attrs = {}
    return df


def _country_pairs(ds: Dataset, wide: bool = False) -> pd.DataFrame:
    """(id, iso3): the distinct countries each agreement in scope names as a party
    (``wide``: the agreements of the broader set, see :func:`_wide_rows`)."""
    if wide:
        return ds.sql("""SELECT DISTINCT p.agreement_id AS id, p.country_iso3 AS iso3
                         FROM raw_agreement_parties p JOIN cov_wide a ON a.id = p.agreement_id
                         WHERE p.country_iso3 IS NOT NULL""")
    return ds.sql("""SELECT DISTINCT p.id, p.iso3 FROM agr_party_all p JOIN agr a ON a.id = p.id
                     WHERE p.iso3 IS NOT NULL""")


# the broader set under the same filters (review status, dates, agencies) as ``agr``, without
# the MPS-signer restriction: all the broader-set figures read is the id, year and parties
_WIDE = """
CREATE OR REPLACE TEMP TABLE cov_wide AS
SELECT a.id, year(a.date) AS year FROM raw_agreements a
WHERE a.review_status IN (SELECT s FROM f_status)
  AND ((SELECT date_from FROM f_param) IS NULL OR a.date >= (SELECT date_from FROM f_param))
  AND ((SELECT date_to FROM f_param) IS NULL OR a.date <= (SELECT date_to FROM f_param))
  AND ((SELECT any_agency FROM f_param) OR a.chinese_agency IN (SELECT a FROM f_agency))"""


def _wide_rows(ds: Dataset) -> pd.DataFrame:
    """The broader set (MPS and other signers) in id order: id, year, has_twn.  The same
    records as ``agr`` of a Dataset with ``scope="broader"``, without building its views."""
    ds.con.execute(_WIDE)
    table = ds.arrow("""
        WITH p AS (SELECT agreement_id AS id, bool_or(country_iso3 = 'TWN') AS has_twn
                   FROM raw_agreement_parties GROUP BY agreement_id)
        SELECT a.id, a.year, COALESCE(p.has_twn, false) AS has_twn
        FROM cov_wide a LEFT JOIN p ON p.id = a.id ORDER BY a.id""")
    df = table.to_pandas(date_as_object=False)
    df.attrs = {}
    return df


class _Rows:
    """An agreement-row frame with its id column as a plain object array (cheap to slice) and
    as an Arrow array (the ids of a figure are taken from it, never made Python objects)."""

    def __init__(self, df: pd.DataFrame, pairs: pd.DataFrame):
        import numpy as np
        import pandas as pd
        import pyarrow as pa

        self.df = df
        self.pairs = pairs
        self.id_array = np.asarray(df["id"].to_numpy(dtype=object))
        self.id_arrow = pa.array(self.id_array, type=pa.string())
        self.pair_pos = pd.Index(self.id_array).get_indexer(pairs["id"].to_numpy(dtype=object))  # row of each pair
        self.pair_iso3 = pairs["iso3"].to_numpy(dtype=object)

    def ids(self, sel: pd.DataFrame) -> Any:
        """Ids of ``sel`` (a row subset of ``self.df``; its index holds positions), in id order."""
        return self.take(sel.index.to_numpy())

    def take(self, positions: Any) -> Any:
        """The ids at these row positions (ascending), as an Arrow string array."""
        import pyarrow as pa

        return self.id_arrow.take(pa.array(positions, type=pa.int64()))

    def countries(self, sel: pd.DataFrame) -> list[str]:
        """The distinct countries (Taiwan excluded) named by the agreements in ``sel``."""
        import numpy as np

        chosen = np.zeros(len(self.df) + 1, dtype=bool)  # the last slot: pairs of rows not in the frame
        chosen[sel.index.to_numpy()] = True
        named = {c for c in self.pair_iso3[chosen[self.pair_pos]].tolist() if c != "TWN"}
        return sorted(named)


def _norm(text: Any) -> str:
    return str(text).strip().lower().replace("-", "_").replace(" ", "_")


def _agreement_select(df: pd.DataFrame, key: str, value: Any, ds: Dataset) -> pd.Series | None:
    v = value
    if key == "format":
        return df.format.notna() if v == "all" else df.format == v
    if key == "year":
        return df.year == int(v)
    if key == "country":
        return df.partner == v
    if key == "topic":
        return df.topics_key.str.contains(f"|{v}|", regex=False)
    if key == "region":
        return df.region == v
    if key == "organization":
        want = _norm(v)
        parents = ds.ref.org_parents
        ids = {k for k, n in ds.ref.org_names.items() if _norm(k) == want or _norm(n) == want}
        ids |= {k for k, p in parents.items() if p in ids}  # SCO RATS counts under SCO
        return df.org.isin(ids | {v})
    if key == "chinese_signatory_rank":
        if v == "ministerial_level":
            return df.cn_rank.isin(["minister", "executive_vice_minister"])
        return df.cn_rank == v
    if key == "counterpart_rank":
        return df.cp_rank_level == v
    if key == "counterpart_agency_type":
        parts = str(v).split("+")
        return df.cp_agency_type.isin(parts)
    if key == "seniority_pair":
        cn_min = df.cn_rank.isin(["minister", "executive_vice_minister"])
        cn_vm = df.cn_rank == "vice_minister"
        return {"both_ministerial": cn_min & (df.cp_rank_level == "ministerial"),
                "both_vice_ministerial": cn_vm & (df.cp_rank_level == "vice_ministerial"),
                "cn_vice_minister__foreign_ministerial": cn_vm & (df.cp_rank_level == "ministerial"),
                "cn_ministerial__foreign_vice_ministerial": cn_min & (df.cp_rank_level == "vice_ministerial")}.get(v)
    if key == "topic_structure":
        n = df.n_topics
        return {"multi_topic": n > 1, "single_topic": n == 1, "generic": n == 0}.get(v)
    if key == "also_other_topics":
        return df.n_topics > 1 if v else df.n_topics <= 1
    if key == "signatory":
        ids = {i for i, n in ds.ref.official_names.items() if _norm(n) == _norm(v)}
        return df.cn_official_id.isin(ids) | (df.signatory_norm == _norm(v))
    if key == "rank":
        return df.cn_rank == v
    if key == "doc_type":
        return df.doc_type == v
    if key == "doc_type_group":
        groups = ds.ref.doc_type_groups
        if v == "protocol+accord+mou":
            return df.doc_type.isin(["protocol", "accord", "mou"])
        in_group = [d for d, g in groups.items() if g == v]  # a type not in the groups is "other"
        known = df.doc_type.isin(list(groups))
        return df.doc_type.isin(in_group) | (~known & (v == "other"))
    if key == "partner_status":
        return df.partner_status == v
    return None


def _agreement_value(fig: dict, ds: Dataset, mps: _Rows, wide: _Rows, cache: dict) -> tuple[Any, Any]:
    """``cache``: (breakdown key, value) -> row mask, shared by the figures of one run."""
    fid, bd, unit = fig["id"], dict(fig.get("breakdown") or {}), fig["unit"]
    rows, broader = mps.df, wide.df
    if fid in ("agr_broader_set",) or fid.startswith("official_topline_"):
        df = broader
        if fid.startswith("official_topline_"):
            import re

            m = re.search(r"to (\d{4})", str(fig.get("period", "")))  # "cumulative to 2008 (…)"
            if m:
                df = df[df.year <= int(m.group(1))]
        if unit == "countries":
            return len(wide.countries(df)), wide.ids(df)
        return len(df), wide.ids(df)
    if fid in ("dataset_2008_2018", "mps_disclosure_2008_2018"):
        sel = rows[(rows.year >= 2008) & (rows.year <= 2018)]
        return len(sel), mps.ids(sel)
    if fid == "agr_partner_countries_all":
        return len(mps.countries(rows)), mps.ids(rows)
    if fid in ("agr_new_partners_since_gsi", "agr_repeat_partners_since_gsi"):
        import pandas as pd

        after = rows[(rows.format == "bilateral") & (pd.to_datetime(rows.date) >= pd.Timestamp(GSI_LAUNCH))]
        new = set(after[after.partner_status == "new"].partner)
        parties = new if fid.endswith("new_partners_since_gsi") else set(after.partner) - new
        sel = after[after.partner.isin(parties)]  # rows are in id order
        return len(parties), mps.ids(sel)
    if fid == "agr_partner_taiwan":
        sel = broader[broader.has_twn.fillna(False).astype(bool)]
        return len(sel), wide.ids(sel)
    if unit not in ("agreements", "countries", "percent"):
        return None, []
    keys = list(bd)
    measured = keys[-1] if keys else None
    default_format = "bilateral"
    if "organization" in bd:
        default_format = "multilateral"
    if any(k.startswith("doc_type") for k in bd):
        default_format = "all"
    bd.setdefault("format", default_format)


    def select(items: dict) -> Any:
        """A numpy boolean mask over ``rows`` (None when a key cannot be read)."""
        import numpy as np

        if "__all__" not in cache:
            cache["__all__"] = rows.id.notna().to_numpy(dtype=bool)
        mask = cache["__all__"]
        for k, v in items.items():
            key = (k, str(v))
            if key not in cache:
                m = _agreement_select(rows, k, v, ds)
                cache[key] = None if m is None else m.fillna(False).astype(bool).to_numpy(dtype=bool)
            m = cache[key]
            if m is None:
                return None
            mask = mask & m
        return np.asarray(mask)

    flags = select(bd)
    if flags is None:
        return None, []
    import numpy as np

    ids = mps.take(np.flatnonzero(flags))  # an Arrow slice of the id column: no Python string per id
    n = int(flags.sum())
    if unit == "countries":
        return rows.partner[flags].nunique(), ids
    if unit == "percent":
        base_items = {k: v for k, v in bd.items() if k != measured}
        base = select(base_items)
        if base is None or not base.sum():
            return None, ids
        return round(100 * n / int(base.sum()), 1), ids
    return n, ids


# fixed SQL fragments per breakdown key; values are bound parameters
_INTER_SQL = {
    "agency": "agency = ?",
    "country": "iso3 = ?",
    "region": "region = ?",
    "year": "year = ?",
    "official": "event_id IN (SELECT event_id FROM cov_people WHERE name = ?)",
    "mechanism": "contains(lower(COALESCE(multilateral_context, '') || ' ' || COALESCE(mechanism_id, '')), ?)",
}
_SIDELINE = "(event_type = 'sideline_bilateral' OR multilateral_context IS NOT NULL OR mechanism_id IS NOT NULL)"
_NORM_SQL = "replace(replace(lower(trim({})), '-', '_'), ' ', '_')"


def _people_table(ds: Dataset, wanted: list[str]) -> None:
    """cov_people(event_id, name): the events each ``wanted`` (normalised) name took part in.

    A participant answers to a name by their normalised name (English, else Chinese), their
    official id (as coded, or from the codebook's aliases of the English name), or the
    normalised display name of that official id.  Only the wanted names are kept, matched by
    one join with a small key table (name as read -> name wanted) before anything is
    de-duplicated."""
    import pandas as pd

    want = sorted(set(wanted))
    keys = [(w, w) for w in want] + [(k, _norm(v)) for k, v in ds.ref.official_names.items() if _norm(v) in want]
    ds.con.register("cov_people_keys", pd.DataFrame(keys, columns=["key", "name"], dtype=object))
    try:
        # the keys are computed on the distinct (name_en, name_zh, official_id) of the
        # participants (a few hundred), not on every participant row, then joined back
        name = _NORM_SQL.format("COALESCE(d.name_en, d.name_zh)")
        ds.con.execute(
            "CREATE OR REPLACE TEMP TABLE cov_people AS "
            "WITH d AS (SELECT DISTINCT name_en, name_zh, official_id FROM raw_event_chinese_side), "
            "dk AS (SELECT d.name_en, d.name_zh, d.official_id, " + name + " AS key FROM d "
            "UNION ALL SELECT d.name_en, d.name_zh, d.official_id, COALESCE(d.official_id, a.official_id) FROM d "
            "LEFT JOIN official_alias a ON a.alias = lower(trim(d.name_en))), "
            "m AS (SELECT DISTINCT dk.name_en, dk.name_zh, dk.official_id, k.name FROM dk "
            "JOIN cov_people_keys k ON k.key = dk.key) "
            "SELECT DISTINCT s.event_id, m.name FROM raw_event_chinese_side s JOIN m "
            "ON s.name_en IS NOT DISTINCT FROM m.name_en AND s.name_zh IS NOT DISTINCT FROM m.name_zh "
            "AND s.official_id IS NOT DISTINCT FROM m.official_id")
    finally:
        ds.con.unregister("cov_people_keys")


def _interaction_where(fig: dict) -> tuple[str, tuple] | None:
    """The figure's selection of interactions: (WHERE clause of fixed fragments, bound
    parameters), or None when a breakdown key cannot be read."""
    bd = dict(fig.get("breakdown") or {})
    conds: list[str] = []
    params: list[Any] = []
    for k, v in bd.items():
        if k == "agency" and "official" in bd:
            continue  # an official's interactions count wherever they took part, not only as lead agency
        if k == "format":
            conds.append("NOT multilateral" if v == "bilateral" else "multilateral")
        elif k == "meeting_format":
            conds.append(_SIDELINE if v == "sideline" else "NOT " + _SIDELINE)
        elif k == "mechanism":
            words = str(v).lower().split()
            conds.append(_INTER_SQL["mechanism"])
            params.append(words[0])
            year = next((int(w) for w in words if w.isdigit()), None)
            if year:
                conds.append(_INTER_SQL["year"])
                params.append(year)
        elif k in _INTER_SQL:
            conds.append(_INTER_SQL[k])
            params.append(int(v) if k == "year" else (_norm(v) if k == "official" else v))
        else:
            return None
    return " AND ".join(conds) or "TRUE", tuple(params)


def _interaction_stats(ds: Dataset, selections: list[tuple[str, tuple]]) -> dict[tuple, tuple]:
    """Every selection counted in ONE grouped query over ``inter`` (each selection is one
    branch of a UNION ALL, tagged by its number): selection -> (interactions, events,
    countries, bilateral interactions, sorted distinct event ids as an Arrow array)."""
    import pyarrow as pa

    if not selections:
        return {}
    branches: list[str] = []
    params: list[Any] = []
    for i, (where, ps) in enumerate(selections):
        branches.append("SELECT CAST(? AS INTEGER) AS sel, ev_k, iso3, multilateral FROM inter WHERE " + where)
        params.extend([i, *ps])
    # events listed by number (ev_k: the place of the id in id order), turned into ids here
    query = ("WITH s AS (" + " UNION ALL ".join(branches) + ") "
             "SELECT sel, count(*) AS n, count(DISTINCT iso3) AS countries, "
             "count(*) FILTER (WHERE NOT multilateral) AS bilateral, list_sort(list(DISTINCT ev_k)) AS ids "
             "FROM s GROUP BY sel")  # events: the number of distinct ids
    table = ds.arrow(query, params)
    empty = pa.array([], type=pa.string())
    out = {key: (0, 0, 0, 0, empty) for key in selections}
    ids = table.column("ids").combine_chunks()
    event_ids = ds.event_ids_sorted()
    for row, (sel, n, countries, bilateral) in enumerate(zip(
            *(table.column(c).to_pylist() for c in ("sel", "n", "countries", "bilateral")))):
        nos = ids[row].values
        values = empty if nos is None else event_ids.take(nos.cast(pa.int64())).cast(pa.string())
        out[selections[sel]] = (n, len(values), countries, bilateral, values)
    return out


def _interaction_value(fig: dict, ds: Dataset, stats: dict) -> tuple[Any, Any]:
    """``stats``: :func:`_interaction_stats` of every figure's selection."""
    bd, unit = dict(fig.get("breakdown") or {}), fig["unit"]
    key = _interaction_where(fig)
    if key is None:
        return None, []
    n, events, countries, bilateral, ids = stats[key]
    if unit == "interactions":
        return n, ids
    if unit in ("meetings", "events", "engagements"):
        return events, ids
    if unit == "countries":
        return countries, ids
    if unit == "percent" and "region" in bd:
        base = ds.con.execute("SELECT count(*) FROM inter WHERE NOT multilateral AND iso3 IS NOT NULL").fetchone()[0]
        return (round(100 * bilateral / base, 1) if base else None), ids
    if unit == "percent" and "year" in bd:
        base = ds.con.execute("SELECT count(*) FROM inter WHERE year = ?", [int(bd["year"])]).fetchone()[0]
        return (round(100 * n / base, 1) if base else None), ids
    return None, []


def _status(fig: dict, project: Any) -> str:
    if project is None:
        return "not_computed"
    value, q = fig["value"], fig.get("qualifier", "exact")
    if q == "at_least":
        return "match" if project >= value else "below"
    if q in ("over",):
        return "match" if project > value else "below"
    if q in ("less_than", "fewer_than"):
        return "match" if project < value else "above"
    if q in ("approximately", "almost", "as_many_as"):
        return "match" if abs(project - value) <= max(1, 0.1 * abs(value)) else ("below" if project < value else "above")
    return "match" if project == value else ("below" if project < value else "above")


@analysis("coverage", "cross", "The project's counts beside the seed reports' published figures",
          seed="002, 003 (all figures)", record_kind="mixed")
def coverage(ds: Dataset, seed: str = "") -> pd.DataFrame:
    """One row per published figure: the report, the measure, the published value and its
    qualifier, the project's value from the records (with the filters in force), the
    difference and ``status`` (match / below / above / not_computed).  ``seed``: keep
    figures of seed files starting with this text (``002`` or ``003``)."""
    import pandas as pd
    import pyarrow as pa

    figures = [f for f in published_figures() if not seed or f["seed_file"].startswith(seed)]
    rows = _Rows(_agreement_rows(ds), _country_pairs(ds))
    broader = _Rows(_wide_rows(ds), _country_pairs(ds, wide=True))
    inter_figs = [f for f in figures if f["dataset"] in ("interactions", "forum")]
    officials = [_norm(f["breakdown"]["official"]) for f in inter_figs if "official" in (f.get("breakdown") or {})]
    if officials:
        _people_table(ds, officials)
    selections = list(dict.fromkeys(k for k in map(_interaction_where, inter_figs) if k is not None))
    stats = _interaction_stats(ds, selections)
    tr = ds.sql("SELECT DISTINCT id, iso3 FROM tr_recipient WHERE iso3 IS NOT NULL")
    out = []
    id_parts: list[Any] = []
    masks: dict = {}
    for fig in figures:
        if fig["dataset"] == "agreements":
            value, ids = _agreement_value(fig, ds, rows, broader, masks)
        elif fig["dataset"] in ("interactions", "forum"):
            value, ids = _interaction_value(fig, ds, stats)
        elif fig["dataset"] == "trainings" and fig["unit"] == "countries":
            value, ids = tr.iso3.nunique(), sorted(set(tr.id))
        else:
            value, ids = None, []
        status = _status(fig, value)
        id_parts.append(ids if isinstance(ids, pa.Array) else pa.array(ids, type=pa.string()))
        out.append({
            "figure_id": fig["id"], "seed": fig["seed_file"][:3], "report": fig["report"], "measure": fig["measure"],
            "period": fig.get("period"), "published": fig["value"], "qualifier": fig.get("qualifier", "exact"),
            "unit": fig["unit"], "project": value,
            "difference": None if value is None else round(value - fig["value"], 1),
            "status": status,
        })
    # the ids of every figure (already sorted and unique) as one Arrow list column
    import numpy as np

    offsets = np.zeros(len(id_parts) + 1, dtype=np.int32)
    np.cumsum([len(a) for a in id_parts], out=offsets[1:])
    values = pa.concat_arrays(id_parts) if id_parts else pa.array([], type=pa.string())
    id_lists = pa.ListArray.from_arrays(pa.array(offsets), values)
    cols = ["figure_id", "seed", "report", "measure", "period", "published", "qualifier", "unit", "project",
            "difference", "status", "record_ids"]
    df = pd.DataFrame(out, columns=cols)
    for col in ("published", "project", "difference"):  # keep 170 as 170, not 170.0, beside missing values
        df[col] = pd.Series([r[col] for r in out], dtype=object)
    if ds.lazy_ids:  # the report: the ids stay one Arrow list column
        df["record_ids"] = pd.Series(pd.arrays.ArrowExtensionArray(id_lists), index=df.index)
    else:
        df["record_ids"] = pd.Series(id_lists.to_pylist(), dtype=object, index=df.index)
    return tidy(df)
