"""Cross-file checks of the codebook: every reference resolves, nothing is duplicated.

Each check raises :class:`~isd.codebook.loader.CodebookError` naming the file, the entry
and the field at fault.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from isd.codebook.text import Normaliser

if TYPE_CHECKING:  # pragma: no cover
    from isd.codebook.loader import _File


def _codes(items: list[Any], attr: str = "code") -> frozenset[str]:
    return frozenset(getattr(i, attr) for i in items)


def _names(f: _File, key: str, items: list[Any], id_field: str, norm: Normaliser) -> None:
    """No two entries of a file share a name or alias (after normalisation)."""
    seen: dict[str, tuple[int, str]] = {}
    for i, item in enumerate(items):
        names = list(item.names_en()) + list(item.names_zh()) + list(getattr(item, "demonyms_en", []))
        own: set[str] = set()
        for name in names:
            k = norm.key(name)
            if not k:
                raise f.error(key, i, {id_field: getattr(item, id_field)}, id_field, f"name {name!r} is empty after normalisation")
            if k in seen and seen[k][0] != i:
                other = seen[k][1]
                raise f.error(key, i, {id_field: getattr(item, id_field)}, id_field,
                              f"name/alias {name!r} is also a name of {other!r}; look-ups would be ambiguous",
                              field="aliases")
            if k not in own:
                seen[k] = (i, str(getattr(item, id_field)))
                own.add(k)


def cross_check(f: dict[str, _File], out: dict[str, Any]) -> None:
    norm = Normaliser()
    lists = out["code_lists"]
    agencies = _codes(lists["agency"])
    ranks = _codes(lists["chinese_rank"])
    regions = _codes(out["regions"])

    # countries
    cf = f["countries.yaml"]
    countries = out["countries"]
    cf.unique("countries", countries, "iso3")
    cf.unique("countries", countries, "iso2")
    for i, c in enumerate(countries):
        cf.check_in("countries", i, c, "iso3", "region", c.region, regions, "a region code of regions.yaml")
    _names(cf, "countries", countries, "iso3", norm)
    iso3 = _codes(countries, "iso3")

    # cities: a known country; one city per (country, name)
    if "cities.yaml" in f:
        ctf = f["cities.yaml"]
        seen_city: dict[tuple[str, str], int] = {}
        for i, c in enumerate(out["cities"]):
            ctf.check_in("cities", i, c, "name_en", "country_iso3", c.country_iso3, iso3, "an iso3 code of countries.yaml")
            for name in (*c.names_en(), *c.names_zh()):
                k = (c.country_iso3, norm.key(name))
                if k in seen_city and seen_city[k] != i:
                    raise ctf.error("cities", i, {"name_en": c.name_en}, "name_en",
                                    f"name/alias {name!r} is also a name of city #{seen_city[k] + 1} in {c.country_iso3}",
                                    field="aliases")
                seen_city[k] = i

    # organizations
    of = f["organizations.yaml"]
    orgs = out["organizations"]
    of.unique("organizations", orgs, "id")
    org_ids = _codes(orgs, "id")
    for i, o in enumerate(orgs):
        for m in o.members:
            of.check_in("organizations", i, o, "id", "members", m, iso3, "a country of countries.yaml")
        if o.parent is not None:
            of.check_in("organizations", i, o, "id", "parent", o.parent, org_ids, "an organization id")
    _names(of, "organizations", orgs, "id", norm)

    # mechanisms
    mf = f["mechanisms.yaml"]
    mechs = out["mechanisms"]
    mf.unique("mechanisms", mechs, "id")
    session_ids: dict[str, str] = {}
    for i, m in enumerate(mechs):
        if m.organization is not None:
            mf.check_in("mechanisms", i, m, "id", "organization", m.organization, org_ids, "an organization id")
        if m.host_agency is not None:
            mf.check_in("mechanisms", i, m, "id", "host_agency", m.host_agency, agencies, "an agency code")
        for j, s in enumerate(m.sessions):
            where = f"sessions[{j}]"
            if s.country_iso3 is not None:
                mf.check_in("mechanisms", i, m, "id", f"{where}.country_iso3", s.country_iso3, iso3,
                            "a country of countries.yaml")
            if s.id in session_ids:
                raise mf.error("mechanisms", i, {"id": m.id}, "id",
                               f"session id {s.id!r} is also used by mechanism {session_ids[s.id]!r}", field=f"{where}.id")
            session_ids[s.id] = m.id
    _names(mf, "mechanisms", mechs, "id", norm)

    # officials
    pf = f["officials.yaml"]
    officials = out["officials"]
    pf.unique("officials", officials, "id")
    for i, o in enumerate(officials):
        for j, p in enumerate(o.posts):
            pf.check_in("officials", i, o, "id", f"posts[{j}].agency", p.agency, agencies, "an agency code (codebook.yaml agency)")
            pf.check_in("officials", i, o, "id", f"posts[{j}].rank", p.rank, ranks, "a chinese_rank code")
            for k, q in enumerate(o.posts[:j]):
                same = (q.agency, q.rank, q.title_en) == (p.agency, p.rank, p.title_en)
                overlap = (q.end is None or p.start <= q.end) and (p.end is None or q.start <= p.end)
                if same and overlap:
                    raise pf.error("officials", i, {"id": o.id}, "id",
                                   f"post {p.title_en!r} from {p.start} overlaps posts[{k}] with the same agency, rank and title",
                                   field=f"posts[{j}]")
    _names(pf, "officials", officials, "id", norm)

    # topics, doc types, agency types
    for fname, key in (("topics.yaml", "topics"), ("doc_types.yaml", "doc_types"), ("agency_types.yaml", "agency_types")):
        f[fname].unique(key, out[key], "code")
    tf = f["topics.yaml"]
    for i, t in enumerate(out["topics"]):
        if t.code == "generic":
            if t.keywords_en or t.keywords_zh:
                raise tf.error("topics", i, {"code": t.code}, "code", "generic means 'no area named': it takes no keywords",
                               field="keywords_en")
        elif not t.keywords_en or not t.keywords_zh:
            raise tf.error("topics", i, {"code": t.code}, "code", "a topic needs keywords in both languages",
                           field="keywords_en" if not t.keywords_en else "keywords_zh")
    _unique_words(tf, "topics", out["topics"], ("keywords_en", "keywords_zh"), norm)
    _unique_words(f["doc_types.yaml"], "doc_types", out["doc_types"], ("terms_en", "terms_zh"), norm)
    _unique_words(f["agency_types.yaml"], "agency_types", out["agency_types"], ("words_en", "words_zh"), norm)

    # ranks
    rf = f["ranks.yaml"]
    _rule_order(rf, out["rank_rules"], norm)
    for i, t in enumerate(out["chinese_titles"]):
        rf.check_in("chinese_titles", i, t, "title_zh", "rank", t.rank, ranks, "a chinese_rank code")
        rf.check_in("chinese_titles", i, t, "title_zh", "agency", t.agency, agencies, "an agency code")
    rf.unique("chinese_titles", out["chinese_titles"], "title_zh")


def _unique_words(f: _File, key: str, items: list[Any], fields: tuple[str, ...], norm: Normaliser) -> None:
    seen: dict[str, str] = {}
    for i, item in enumerate(items):
        for field in fields:
            for w in getattr(item, field):
                k = norm.key(w)
                if k in seen:
                    raise f.error(key, i, {"code": item.code}, "code",
                                  f"{w!r} is listed twice (also under {seen[k]!r})", field=field)
                seen[k] = item.code


def _rule_order(f: _File, rules: list[Any], norm: Normaliser) -> None:
    """A rule's word must not be shadowed by a shorter word of an earlier rule (most specific first)."""
    earlier: list[tuple[int, str]] = []
    for i, rule in enumerate(rules):
        for field in ("words_en", "words_zh"):
            for w in getattr(rule, field):
                k = norm.key(w)
                for j, e in earlier:
                    if e != k and _contains_word(k, e, field == "words_zh") and rules[j].level != rule.level:
                        raise f.error("rank_rules", i, {"level": rule.level}, "level",
                                      f"{w!r} can never match: rule #{j + 1} ({rules[j].level}) matches {e!r} first; "
                                      "put the more specific rule first", field=field)
                    if e == k:
                        raise f.error("rank_rules", i, {"level": rule.level}, "level",
                                      f"{w!r} is already in rule #{j + 1}", field=field)
        for field in ("words_en", "words_zh"):
            earlier.extend((i, norm.key(w)) for w in getattr(rule, field))


def _contains_word(longer: str, shorter: str, zh: bool) -> bool:
    if zh:
        return shorter in longer
    import re

    return re.search(r"(?<![a-z])" + re.escape(shorter) + r"(?![a-z])", longer) is not None
