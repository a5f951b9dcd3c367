"""Diplomacy analyses: the tables and figures of the Carnegie interactions report (seed 002).

An *event* is an occasion; an *interaction* is one (event × foreign party) pair (a
multilateral meeting with eight countries is one event and eight interactions).  An
interaction is bilateral when its event has a single foreign party and is not a
multilateral meeting or forum.  A sideline bilateral is an event of its own AND keeps
its link to the multilateral context it was held around.  ``record_ids`` are event ids: the
queries list the events' numbers (``ev_k``, the place of the id in id order: integers sort
faster than ids) as ``record_evnos``, which :meth:`Dataset.sql` turns into the ids.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from isd.analyze.registry import analysis, tidy

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from isd.analyze.data import Dataset

MEETING_TYPES = ("bilateral_meeting", "sideline_bilateral", "multilateral_meeting", "agreement_signing", "forum")


@analysis("interactions_by_period", "diplomacy", "Interactions and events by period and agency",
          seed="002 Figure 1", record_kind="event")
def interactions_by_period(ds: Dataset, by: str = "year") -> pd.DataFrame:
    """Interactions and events per year (``by="year"``) or quarter (``by="quarter"``) and lead agency."""
    if by not in ("year", "quarter"):
        raise ValueError(f"by must be 'year' or 'quarter', got {by!r}")
    # one row per event first (year, quarter and lead agency belong to the event), so events are
    # counted and listed without DISTINCT over the interactions
    per_event = ("WITH e AS (SELECT ev_k, year, quarter, agency, count(*) AS n FROM inter WHERE year IS NOT NULL "
                 "GROUP BY ev_k, year, quarter, agency) ")
    query = {  # two fixed statements; nothing from the caller enters the SQL
        "year": per_event + "SELECT CAST(year AS VARCHAR) AS period, agency, CAST(COALESCE(sum(n), 0) AS BIGINT) AS interactions, "
                "count(*) AS events, list_sort(list(ev_k)) AS record_evnos FROM e GROUP BY ALL ORDER BY period, agency",
        "quarter": per_event + "SELECT CAST(year AS VARCHAR) || '-Q' || CAST(quarter AS VARCHAR) AS period, agency, "
                   "CAST(COALESCE(sum(n), 0) AS BIGINT) AS interactions, count(*) AS events, list_sort(list(ev_k)) AS record_evnos "
                   "FROM e GROUP BY ALL ORDER BY period, agency",
    }[by]
    return tidy(ds.sql(query))


@analysis("interactions_by_agency", "diplomacy", "Interactions and events by Chinese agency", seed="002 text",
          record_kind="event")
def interactions_by_agency(ds: Dataset) -> pd.DataFrame:
    """Per lead Chinese agency (MPS, CPLC, MSS …): interactions, events, and bilateral vs
    multilateral events; a final ``all`` row."""
    # one row per event first (lead agency and multilateral belong to the event): events are
    # counted and listed without DISTINCT over the interactions
    return tidy(ds.sql("""
        WITH e AS (SELECT ev_k, agency, multilateral, count(*) AS n FROM inter GROUP BY ev_k, agency, multilateral)
        SELECT COALESCE(agency, 'all') AS agency, CAST(COALESCE(sum(n), 0) AS BIGINT) AS interactions, count(*) AS events,
               count(*) FILTER (WHERE NOT multilateral) AS bilateral_events,
               count(*) FILTER (WHERE multilateral) AS multilateral_events,
               list_sort(list(ev_k)) AS record_evnos
        FROM e GROUP BY ROLLUP (agency) ORDER BY agency IS NULL, interactions DESC, agency"""))


@analysis("interactions_by_country", "diplomacy", "Interactions by country (map data)", seed="002 Figures 2-3",
          record_kind="event")
def interactions_by_country(ds: Dataset) -> pd.DataFrame:
    """Per country: bilateral and multilateral interactions and their total (organizations as
    parties are not expanded into their members)."""
    # list(event_id) needs no DISTINCT: ``inter`` has one row per (event, party) and a row with
    # an iso3 has that country as its party, so an event appears once per country
    return tidy(ds.sql("""
        SELECT iso3, any_value(country_name) AS name, any_value(region) AS region,
               count(*) FILTER (WHERE NOT multilateral) AS bilateral,
               count(*) FILTER (WHERE multilateral) AS multilateral,
               count(*) AS total, list_sort(list(ev_k)) AS record_evnos
        FROM inter WHERE iso3 IS NOT NULL GROUP BY iso3 ORDER BY total DESC, iso3"""))


@analysis("bilateral_by_region", "diplomacy", "Bilateral meetings by region", seed="002 Figure 9",
          record_kind="event")
def bilateral_by_region(ds: Dataset) -> pd.DataFrame:
    """Bilateral interactions (= bilateral events with a country) by the country's region,
    with the share of all bilateral interactions with countries."""
    # no DISTINCT needed: a bilateral event has a single foreign party, hence one row in ``inter``
    df = ds.sql("""
        SELECT COALESCE(region, 'unknown') AS region, count(*) AS bilateral, count(DISTINCT iso3) AS countries,
               list_sort(list(ev_k)) AS record_evnos
        FROM inter WHERE NOT multilateral AND iso3 IS NOT NULL GROUP BY ALL ORDER BY bilateral DESC, region""")
    total = int(df.bilateral.sum()) if len(df) else 0
    df["share"] = (df.bilateral / total * 100).round(1) if total else 0.0
    return tidy(df)


@analysis("most_engaged_countries", "diplomacy", "Most engaged countries: bilateral, multilateral, total",
          seed="002 Table 2", record_kind="event")
def most_engaged_countries(ds: Dataset, n: int = 10) -> pd.DataFrame:
    """The ``n`` countries with the most interactions (ties at the cut-off kept)."""
    df = interactions_by_country.__wrapped__(ds)  # type: ignore[attr-defined]
    if df.empty:
        df.insert(0, "rank", [])
        return df
    df.insert(0, "rank", df.total.rank(method="min", ascending=False).astype(int))
    return tidy(df[df["rank"] <= n])


@analysis("engagements_by_official", "diplomacy", "Countries engaged most often, per Chinese official",
          seed="002 Table 3", record_kind="event")
def engagements_by_official(ds: Dataset, n: int = 10, officials: str = "") -> pd.DataFrame:
    """Per Chinese participant (codebook official when known, else the name as coded): the
    ``n`` countries with the most interactions they took part in.  ``officials``: comma-separated
    official ids to keep (e.g. ``chen_wenqing,wang_xiaohong``); empty keeps everyone."""
    keep = [o.strip() for o in officials.split(",") if o.strip()]
    # list(i.event_id) needs no DISTINCT: person is distinct per (event, official) and ``inter``
    # has one row per (event, country), so each (official, country) meets an event once
    df = ds.sql("""
        WITH person AS (
          SELECT DISTINCT s.event_id,
                 COALESCE(s.official_id, a1.official_id, a2.official_id, s.name_en, s.name_zh) AS official
          FROM raw_event_chinese_side s
          LEFT JOIN official_alias a1 ON lower(trim(s.name_en)) = a1.alias
          LEFT JOIN official_alias a2 ON lower(trim(s.name_zh)) = a2.alias),
        c AS (SELECT p.official, i.iso3, any_value(i.country_name) AS name, count(*) AS interactions,
                     count(*) FILTER (WHERE NOT i.multilateral) AS bilateral, list_sort(list(i.ev_k)) AS record_evnos
              FROM inter i JOIN person p ON p.event_id = i.event_id
              WHERE i.iso3 IS NOT NULL AND p.official IS NOT NULL AND (len(?) = 0 OR list_contains(?, p.official))
              GROUP BY ALL)
        SELECT official, rank() OVER (PARTITION BY official ORDER BY interactions DESC) AS rank, iso3, name,
               interactions, bilateral, record_evnos
        FROM c QUALIFY rank <= ? ORDER BY official, rank, iso3""", [keep, keep, n])
    df.insert(1, "official_name", [ds.ref.official_names.get(o, o) for o in df.official])
    return tidy(df)


@analysis("sideline_share", "diplomacy", "Share of a year's interactions held around a mechanism",
          seed="002 Figure 6", record_kind="event")
def sideline_share(ds: Dataset, context: str = "") -> pd.DataFrame:
    """Per year and multilateral context (mechanism id, or the coded context without its
    year): interactions held around it (the multilateral sessions AND the sideline
    bilaterals linked to it) as a share of all the year's interactions.  ``context``: keep
    contexts containing this text (case-insensitive), e.g. ``GPSCFL``."""
    df = ds.sql("""
        WITH y AS (SELECT year, count(*) AS year_interactions FROM inter WHERE year IS NOT NULL GROUP BY year),
        c AS (SELECT year, COALESCE(mechanism_id, trim(regexp_replace(multilateral_context, '\\s*(19|20)\\d\\d\\s*$', ''))) AS context,
                     event_id, ev_k, event_type
              FROM inter WHERE year IS NOT NULL AND (mechanism_id IS NOT NULL OR multilateral_context IS NOT NULL))
        SELECT c.year, c.context, count(*) AS interactions, count(DISTINCT c.ev_k) AS events,
               count(DISTINCT c.ev_k) FILTER (WHERE c.event_type = 'sideline_bilateral') AS sideline_bilaterals,
               any_value(y.year_interactions) AS year_interactions,
               round(100.0 * count(*) / any_value(y.year_interactions), 1) AS share,
               list_sort(list(DISTINCT c.ev_k)) AS record_evnos
        FROM c JOIN y USING (year)
        WHERE ? = '' OR contains(lower(c.context), lower(?))
        GROUP BY c.year, c.context ORDER BY c.year, interactions DESC, c.context""", [context, context])
    return tidy(df)


@analysis("meeting_formats", "diplomacy", "Bilateral meetings: standalone vs sideline", seed="002 text",
          record_kind="event")
def meeting_formats(ds: Dataset) -> pd.DataFrame:
    """Bilateral meetings (bilateral events of a meeting type) split into standalone and
    sideline (``sideline_bilateral`` or linked to a multilateral context), with distinct
    countries; a final ``all`` row."""
    # count(*) and list(event_id) without DISTINCT: a bilateral event has a single foreign party,
    # hence one row in ``inter`` (and one format)
    df = ds.sql("""
        WITH b AS (SELECT event_id, ev_k, iso3,
                          CASE WHEN event_type = 'sideline_bilateral' OR multilateral_context IS NOT NULL
                               OR mechanism_id IS NOT NULL THEN 'sideline' ELSE 'standalone' END AS format
                   FROM inter WHERE NOT multilateral AND list_contains(?, event_type))
        SELECT COALESCE(format, 'all') AS format, count(*) AS meetings,
               count(DISTINCT iso3) AS countries, list_sort(list(ev_k)) AS record_evnos
        FROM b GROUP BY ROLLUP (format) ORDER BY format IS NULL, format""", [list(MEETING_TYPES)])
    total = int(df.loc[df.format == "all", "meetings"].sum()) if len(df) else 0
    df["share"] = (df.meetings / total * 100).round(1) if total else 0.0
    return tidy(df)
