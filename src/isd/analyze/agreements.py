"""Agreement analyses: the tables and figures of the Carnegie agreements report (seed 003).

Counting rules (CODEBOOK §7): headline counts are MPS-signed (``scope="mps"``; pass
``scope="broader"`` for the broader set); bilateral and multilateral agreements are
counted separately and a multilateral agreement never makes the organization's members
partners; new vs repeat is computed from the data by date (first bilateral agreement
with a party since 2006 is new); the Chinese signatory's rank is the rank held on the
date; an agreement naming no area is ``generic``.  Percentages are of the bilateral
agreements in scope unless a function says otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from isd.analyze.registry import analysis, tidy

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from isd.analyze.data import Dataset

FORMATS = {"bilateral": ("bilateral",), "multilateral": ("multilateral",), "all": ("bilateral", "multilateral")}


def _formats(fmt: str) -> list[str]:
    try:
        return list(FORMATS[fmt])
    except KeyError:
        raise ValueError(f"format must be one of {sorted(FORMATS)}, got {fmt!r}") from None


def _share(df: pd.DataFrame, col: str, total: int) -> pd.DataFrame:
    df["share"] = (df[col] / total * 100).round(1) if total else 0.0
    return df


def _total(ds: Dataset, formats: list[str]) -> int:
    return int(ds.con.execute("SELECT count(*) FROM agr WHERE list_contains(?, format)", [formats]).fetchone()[0])


@analysis("agreements_by_year", "agreements", "Bilateral agreements per year, new vs repeat partners",
          seed="003 Figure 3")
def agreements_by_year(ds: Dataset) -> pd.DataFrame:
    """Agreements per year: bilateral (new partner / repeat partner) and multilateral.

    ``new_partners`` lists the parties whose first bilateral agreement (since 2006, over
    all dates, not just the window) falls in that year."""
    return tidy(ds.sql("""
        SELECT year,
               count(*) FILTER (WHERE format = 'bilateral') AS bilateral,
               count(*) FILTER (WHERE format = 'bilateral' AND partner_status = 'new') AS new_partner,
               count(*) FILTER (WHERE format = 'bilateral' AND partner_status = 'repeat') AS repeat_partner,
               count(*) FILTER (WHERE format = 'multilateral') AS multilateral,
               count(*) AS total,
               COALESCE(list_sort(list(DISTINCT partner) FILTER (WHERE partner_status = 'new')), []) AS new_partners,
               list_sort(list(id)) AS record_ids
        FROM agr WHERE year IS NOT NULL GROUP BY year ORDER BY year"""))


@analysis("agreements_by_country", "agreements", "Agreements by country (map data)", seed="003 Figure 1")
def agreements_by_country(ds: Dataset) -> pd.DataFrame:
    """Per country: bilateral agreements, multilateral agreements that NAME the country as a
    party (organizations are not expanded into members), and the total."""
    return tidy(ds.sql("""
        SELECT iso3, any_value(country_name) AS name, any_value(region) AS region,
               count(DISTINCT id) FILTER (WHERE format = 'bilateral') AS bilateral,
               count(DISTINCT id) FILTER (WHERE format = 'multilateral') AS multilateral,
               count(DISTINCT id) AS total,
               list_sort(list(DISTINCT id)) AS record_ids
        FROM agr_party WHERE iso3 IS NOT NULL
        GROUP BY iso3 ORDER BY total DESC, iso3"""))


@analysis("top_partners", "agreements", "Countries with the most bilateral agreements", seed="003 Table 1")
def top_partners(ds: Dataset, n: int = 5, topics: int = 4) -> pd.DataFrame:
    """The ``n`` countries with the most bilateral agreements (ties at the cut-off kept), with
    agreements per year and the most frequent topics (ties at the ``topics``-th kept)."""
    ranked = ds.sql("""
        WITH c AS (SELECT partner, any_value(partner_name) AS name, any_value(region) AS region, count(*) AS agreements,
                          list_sort(list(id)) AS record_ids
                   FROM agr WHERE format = 'bilateral' AND partner IS NOT NULL GROUP BY partner)
        SELECT *, rank() OVER (ORDER BY agreements DESC) AS rank FROM c
        QUALIFY rank <= ? ORDER BY rank, partner""", [n])
    years = ds.sql("""SELECT partner, year, count(*) AS k FROM agr WHERE format = 'bilateral' AND year IS NOT NULL
                      GROUP BY ALL ORDER BY partner, year""")
    tops = ds.sql("""
        WITH t AS (SELECT a.partner, u.topic, count(*) AS k
                   FROM agr_topics a, unnest(a.topics) AS u(topic)
                   WHERE a.format = 'bilateral' GROUP BY ALL)
        SELECT partner, topic, k FROM t
        QUALIFY rank() OVER (PARTITION BY partner ORDER BY k DESC) <= ?
        ORDER BY partner, k DESC, topic""", [topics])
    labels = ds.ref.topic_labels
    per_year = {p: ", ".join(f"{int(y)} ({int(k)})" for y, k in zip(g.year, g.k)) for p, g in years.groupby("partner")}
    per_topic = {p: ", ".join(f"{labels.get(t, t)} ({int(k)})" for t, k in zip(g.topic, g.k))
                 for p, g in tops.groupby("partner")}
    ranked["name"] = [nm if isinstance(nm, str) else p for p, nm in zip(ranked.partner, ranked.name)]
    ranked["per_year"] = [per_year.get(p, "") for p in ranked.partner]
    ranked["top_topics"] = [per_topic.get(p, "") for p in ranked.partner]
    cols = ["rank", "partner", "name", "region", "agreements", "per_year", "top_topics", "record_ids"]
    return tidy(ranked[cols].rename(columns={"partner": "iso3"}))


@analysis("agreements_by_region", "agreements", "Bilateral agreements by region", seed="003 text")
def agreements_by_region(ds: Dataset) -> pd.DataFrame:
    """Bilateral agreements by the partner's region (codebook), with the share of all bilateral."""
    df = ds.sql("""
        SELECT COALESCE(region, 'unknown') AS region, count(*) AS agreements,
               count(DISTINCT partner) AS countries, list_sort(list(id)) AS record_ids
        FROM agr WHERE format = 'bilateral' GROUP BY ALL ORDER BY agreements DESC, region""")
    return tidy(_share(df, "agreements", _total(ds, ["bilateral"])))


@analysis("top_topics_by_region", "agreements", "Top three topics by region (bilateral)", seed="003 Figure 6")
def top_topics_by_region(ds: Dataset, k: int = 3) -> pd.DataFrame:
    """The ``k`` most frequent named topics per region (generic excluded; ties broken by topic code)."""
    return tidy(ds.sql("""
        WITH t AS (SELECT COALESCE(a.region, 'unknown') AS region, u.topic, count(*) AS agreements,
                          list_sort(list(a.id)) AS record_ids
                   FROM agr_topics a, unnest(a.topics) AS u(topic)
                   WHERE a.format = 'bilateral' GROUP BY ALL)
        SELECT region, row_number() OVER (PARTITION BY region ORDER BY agreements DESC, topic) AS rank,
               topic, agreements, record_ids
        FROM t QUALIFY rank <= ? ORDER BY region, rank""", [k]))


@analysis("topic_counts", "agreements", "Topics: count and share; multi-topic, single-topic, generic",
          seed="003 text")
def topic_counts(ds: Dataset, format: str = "bilateral") -> pd.DataFrame:
    """Per topic: agreements naming it, share of all agreements of the format, and how many
    also name another topic; then the structure rows (multi_topic, single_topic, generic)."""
    fm = _formats(format)
    total = _total(ds, fm)
    topics = ds.sql("""
        SELECT 'topic' AS "group", u.topic AS item, count(*) AS agreements,
               count(*) FILTER (WHERE len(a.topics) > 1) AS with_other_topics, list_sort(list(a.id)) AS record_ids
        FROM agr_topics a, unnest(a.topics) AS u(topic) WHERE list_contains(?, a.format)
        GROUP BY ALL ORDER BY agreements DESC, item""", [fm])
    structure = ds.sql("""
        SELECT 'structure' AS "group",
               CASE WHEN len(topics) = 0 THEN 'generic' WHEN len(topics) = 1 THEN 'single_topic' ELSE 'multi_topic' END AS item,
               count(*) AS agreements, NULL::BIGINT AS with_other_topics, list_sort(list(id)) AS record_ids
        FROM agr_topics WHERE list_contains(?, format) GROUP BY ALL ORDER BY item""", [fm])
    import pandas as pd

    df = pd.concat([topics, structure], ignore_index=True)
    return tidy(_share(df, "agreements", total))


@analysis("topic_cooccurrence", "agreements", "Topic network: nodes and weighted edges", seed="003 Figure 4")
def topic_cooccurrence(ds: Dataset, format: str = "bilateral") -> pd.DataFrame:
    """Nodes (``kind=node``: topic, weight = agreements naming it) and edges (``kind=edge``:
    two topics, weight = agreements naming both)."""
    fm = _formats(format)
    return tidy(ds.sql("""
        WITH t AS (SELECT a.id, u.topic FROM agr_topics a, unnest(a.topics) AS u(topic) WHERE list_contains(?, a.format))
        SELECT 'node' AS kind, topic AS source, NULL AS target, count(*) AS weight, list_sort(list(id)) AS record_ids
        FROM t GROUP BY topic
        UNION ALL
        SELECT 'edge', x.topic, y.topic, count(*), list_sort(list(x.id))
        FROM t x JOIN t y ON x.id = y.id AND x.topic < y.topic GROUP BY x.topic, y.topic
        ORDER BY kind DESC, weight DESC, source, target""", [fm]))


@analysis("topics_by_year", "agreements", "Topics over time (bilateral)", seed="003 Figure 5")
def topics_by_year(ds: Dataset, format: str = "bilateral") -> pd.DataFrame:
    """Agreements per (year, topic); agreements naming no area count under ``generic``."""
    fm = _formats(format)
    return tidy(ds.sql("""
        WITH t AS (SELECT id, year, CASE WHEN len(topics) = 0 THEN ['generic'] ELSE topics END AS topics
                   FROM agr_topics WHERE list_contains(?, format) AND year IS NOT NULL)
        SELECT year, u.topic, count(*) AS agreements, list_sort(list(id)) AS record_ids
        FROM t, unnest(t.topics) AS u(topic) GROUP BY ALL ORDER BY year, agreements DESC, topic""", [fm]))


RANK_ROWS = ("minister", "executive_vice_minister", "vice_minister", "assistant_minister", "cplc_head", "other", "unknown")


@analysis("signatory_rank", "agreements", "Chinese signatories by rank on the date; ministerial level",
          seed="003 text")
def signatory_rank(ds: Dataset) -> pd.DataFrame:
    """Bilateral agreements by the Chinese signatory's rank ON THE SIGNING DATE (from the
    codebook's tenures when the signatory is a known official), plus ``ministerial_level``
    (minister + executive vice minister)."""
    import pandas as pd

    df = ds.sql("""SELECT cn_rank AS rank, count(*) AS agreements, list_sort(list(id)) AS record_ids
                   FROM agr WHERE format = 'bilateral' GROUP BY ALL""")
    order = {r: i for i, r in enumerate(RANK_ROWS)}
    df = df.sort_values("rank", key=lambda s: s.map(lambda r: order.get(r, 50))).reset_index(drop=True)
    mins = df[df["rank"].isin(["minister", "executive_vice_minister"])]
    level = pd.DataFrame([{"rank": "ministerial_level", "agreements": int(mins.agreements.sum()),
                           "record_ids": sorted(i for ids in mins.record_ids for i in ids)}])
    df = pd.concat([tidy(df), level], ignore_index=True)
    return tidy(_share(df, "agreements", _total(ds, ["bilateral"])))


@analysis("signatory_by_minister", "agreements", "Bilateral agreements by Chinese signatory and rank held",
          seed="003 text")
def signatory_by_minister(ds: Dataset) -> pd.DataFrame:
    """Per named Chinese signatory (codebook official when known) and the rank held on the
    date: e.g. Wang Xiaohong as executive vice minister and as minister are separate rows."""
    df = ds.sql("""
        SELECT COALESCE(cn_official_id, chinese_signatory_name, 'unknown') AS signatory, cn_rank AS rank,
               count(*) AS agreements, min(year) AS first_year, max(year) AS last_year,
               list_sort(list(id)) AS record_ids
        FROM agr WHERE format = 'bilateral' GROUP BY ALL ORDER BY agreements DESC, signatory, rank""")
    df.insert(1, "name", [ds.ref.official_names.get(s, s) for s in df.signatory])
    return tidy(df)


@analysis("counterpart_agency", "agreements", "Bilateral agreements by counterpart agency type", seed="003 text")
def counterpart_agency(ds: Dataset) -> pd.DataFrame:
    """Bilateral agreements by the foreign signatory's agency type (interior ministries, public
    security, state security, national police, …), with shares."""
    df = ds.sql("""SELECT cp_agency_type AS agency_type, count(*) AS agreements, list_sort(list(id)) AS record_ids
                   FROM agr WHERE format = 'bilateral' GROUP BY ALL ORDER BY agreements DESC, agency_type""")
    return tidy(_share(df, "agreements", _total(ds, ["bilateral"])))


@analysis("seniority_pairs", "agreements", "Signatory seniority on both sides", seed="003 text")
def seniority_pairs(ds: Dataset) -> pd.DataFrame:
    """Bilateral agreements by seniority: Chinese side ministerial = minister or executive vice
    minister (rank on the date), vice-ministerial = vice minister; foreign side from its
    rank_level.  Rows overlap by design (e.g. ``foreign_ministerial`` includes ``both_ministerial``)."""
    import pandas as pd

    rows = ds.sql("""
        SELECT id,
               CASE WHEN cn_rank IN ('minister', 'executive_vice_minister') THEN 'ministerial'
                    WHEN cn_rank = 'vice_minister' THEN 'vice_ministerial' ELSE 'other' END AS cn,
               cp_rank_level AS fo
        FROM agr WHERE format = 'bilateral' ORDER BY id""")
    measures = [
        ("both_ministerial", (rows.cn == "ministerial") & (rows.fo == "ministerial")),
        ("both_vice_ministerial", (rows.cn == "vice_ministerial") & (rows.fo == "vice_ministerial")),
        ("cn_vice_minister__foreign_ministerial", (rows.cn == "vice_ministerial") & (rows.fo == "ministerial")),
        ("cn_ministerial__foreign_vice_ministerial", (rows.cn == "ministerial") & (rows.fo == "vice_ministerial")),
        ("cn_ministerial", rows.cn == "ministerial"),
        ("foreign_ministerial", rows.fo == "ministerial"),
        ("foreign_vice_ministerial", rows.fo == "vice_ministerial"),
        ("foreign_unknown", rows.fo.isin(["unknown", "other"])),
    ]
    df = pd.DataFrame([{"pair": name, "agreements": int(mask.sum())} for name, mask in measures],
                      columns=["pair", "agreements"])
    if ds.lazy_ids:  # the report: each row's ids as one Arrow list column (no Python string per id)
        import numpy as np
        import pyarrow as pa

        ids = pa.array(rows.id.to_numpy(dtype=object), type=pa.string())
        parts = [ids.filter(pa.array(mask.to_numpy(dtype=bool))) for _, mask in measures]
        offsets = np.zeros(len(parts) + 1, dtype=np.int32)
        np.cumsum([len(a) for a in parts], out=offsets[1:])
        values = pa.concat_arrays(parts) if parts else pa.array([], type=pa.string())
        lists = pa.ListArray.from_arrays(pa.array(offsets), values)
        df["record_ids"] = pd.Series(pd.arrays.ArrowExtensionArray(lists), index=df.index)
    else:
        df["record_ids"] = pd.Series([list(rows.id[mask]) for _, mask in measures], dtype=object, index=df.index)
    return tidy(_share(df, "agreements", len(rows)))


@analysis("multilateral_by_org", "agreements", "Multilateral agreements by organization, with topics",
          seed="003 text")
def multilateral_by_org(ds: Dataset, by_parent: bool = True) -> pd.DataFrame:
    """Multilateral agreements by organization (the first organization party; with
    ``by_parent`` a body is counted under its parent organization, e.g. SCO RATS under SCO),
    with topic counts; named member countries are NOT counted as partners."""
    df = ds.sql("""
        WITH org AS (SELECT id, organization FROM (
                       SELECT id, organization, row_number() OVER (PARTITION BY id ORDER BY position) AS rn
                       FROM agr_party WHERE organization IS NOT NULL AND format = 'multilateral') WHERE rn = 1),
             m AS (SELECT a.id, COALESCE(o.organization, 'unnamed') AS organization, a.topics
                   FROM agr_topics a LEFT JOIN org o ON o.id = a.id WHERE a.format = 'multilateral')
        SELECT organization, count(*) AS agreements, list_sort(list(id)) AS record_ids,
               list(topics) AS topic_lists
        FROM m GROUP BY ALL ORDER BY agreements DESC, organization""")
    if by_parent and len(df):
        import pandas as pd

        df["organization"] = [ds.ref.org_parents.get(o, o) for o in df.organization]
        df = pd.DataFrame([{"organization": o, "agreements": int(g.agreements.sum()),
                            "record_ids": sorted(i for ids in g.record_ids for i in ids),
                            "topic_lists": [t for ts in g.topic_lists for t in ts]}
                           for o, g in df.groupby("organization", sort=False)])
        df = df.sort_values(["agreements", "organization"], ascending=[False, True]).reset_index(drop=True)
    total = int(df.agreements.sum()) if len(df) else 0
    labels = ds.ref.topic_labels
    texts = []
    for lists in df.get("topic_lists", []):
        counts: dict[str, int] = {}
        for ts in lists:
            for t in (list(ts) or ["generic"]):
                counts[t] = counts.get(t, 0) + 1
        texts.append(", ".join(f"{labels.get(t, t)} ({k})" for t, k in sorted(counts.items(), key=lambda x: (-x[1], x[0]))))
    df["topics"] = texts
    df.insert(1, "name", [ds.ref.org_names.get(o, o) for o in df.organization])
    df = df.drop(columns=["topic_lists"])
    return tidy(_share(df, "agreements", total)[["organization", "name", "agreements", "share", "topics", "record_ids"]])


@analysis("doc_types", "agreements", "Document types (from the Chinese title)", seed="003 text")
def doc_types(ds: Dataset, format: str = "all") -> pd.DataFrame:
    """Agreements by document type and by the report's groups (protocol/accord/MOU, meeting
    minutes, other, unspecified), with shares of all agreements of the format."""
    import pandas as pd

    fm = _formats(format)
    df = ds.sql("""SELECT doc_type AS item, count(*) AS agreements, list_sort(list(id)) AS record_ids
                   FROM agr WHERE list_contains(?, format) GROUP BY ALL ORDER BY agreements DESC, item""", [fm])
    groups = ds.ref.doc_type_groups or DEFAULT_DOC_GROUPS
    df.insert(0, "level", "doc_type")
    df["group"] = [groups.get(d, "other") for d in df["item"]]
    grouped = [{"level": "group", "item": g, "agreements": int(sub.agreements.sum()),
                "record_ids": sorted(i for ids in sub.record_ids for i in ids), "group": g}
               for g, sub in df.groupby("group")]
    out = pd.concat([df, pd.DataFrame(grouped, columns=df.columns)], ignore_index=True)
    return tidy(_share(out, "agreements", _total(ds, fm)))


DEFAULT_DOC_GROUPS = {"protocol": "protocol_accord_mou", "accord": "protocol_accord_mou", "mou": "protocol_accord_mou",
                      "meeting_minutes": "meeting_minutes", "cooperation_document": "unspecified"}
