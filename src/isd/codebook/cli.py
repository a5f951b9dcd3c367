"""Verbs: isd codebook check | show | find | rank."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from isd.clikit import context, fail, print_json, print_table

app = typer.Typer(
    name="codebook",
    help="Inspect and check the codebook's reference data (countries, organizations, mechanisms, officials, vocabularies).\n\n"
    "Example: isd codebook find 寮國",
    no_args_is_help=True,
)

TABLES = ("regions", "countries", "organizations", "mechanisms", "sessions", "officials", "posts", "topics",
          "doc_types", "agency_types", "rank_rules", "chinese_titles", "codes")


def _rows(cb: Any, table: str) -> list[dict[str, Any]]:
    j = ", ".join
    if table == "regions":
        return [{"code": r.code, "label_en": r.label_en, "label_zh": r.label_zh,
                 "countries": len(cb.countries_in(r.code))} for r in cb.regions]
    if table == "countries":
        return [{"iso3": c.iso3, "name_en": c.name_en, "name_zh": c.name_zh, "region": c.region, "kind": c.kind,
                 "aliases": j(c.aliases_en + c.aliases_zh)} for c in cb.countries]
    if table == "organizations":
        return [{"id": o.id, "name_en": o.name_en, "name_zh": o.name_zh, "kind": o.kind,
                 "members": len(o.members), "aliases": j(o.aliases_en + o.aliases_zh)} for o in cb.organizations]
    if table == "mechanisms":
        return [{"id": m.id, "name_en": m.name_en, "name_zh": m.name_zh, "organization": m.organization,
                 "sessions": len(m.sessions)} for m in cb.mechanisms]
    if table == "sessions":
        return [{"mechanism": m.id, "id": s.id, "year": s.year, "start": s.start, "end": s.end, "city": s.city,
                 "country": s.country_iso3, "mode": s.mode, "source_url": s.source_url}
                for m in cb.mechanisms for s in m.sessions]
    if table == "officials":
        return [{"id": o.id, "name_en": o.name_en, "name_zh": o.name_zh, "posts": len(o.posts)} for o in cb.officials]
    if table == "posts":
        return [{"official": o.id, "agency": p.agency, "title_en": p.title_en, "rank": p.rank, "start": p.start,
                 "start_precision": p.start_precision, "end": p.end, "source_url": p.source_url}
                for o in cb.officials for p in o.posts]
    if table == "topics":
        return [{"code": t.code, "label_en": t.label_en, "keywords_zh": len(t.keywords_zh),
                 "keywords_en": len(t.keywords_en)} for t in cb.topics]
    if table == "doc_types":
        return [{"code": d.code, "group": d.group, "terms_zh": j(d.terms_zh), "terms_en": j(d.terms_en)} for d in cb.doc_types]
    if table == "agency_types":
        return [{"code": a.code, "label_en": a.label_en, "words": len(a.words_en) + len(a.words_zh)} for a in cb.agency_types]
    if table == "rank_rules":
        return [{"order": i + 1, "level": r.level, "words_en": j(r.words_en), "words_zh": j(r.words_zh)}
                for i, r in enumerate(cb.rank_rules)]
    if table == "chinese_titles":
        return [{"title_zh": t.title_zh, "title_en": t.title_en, "rank": t.rank, "agency": t.agency} for t in cb.chinese_titles]
    from isd.codebook import CODE_KINDS

    return [{"kind": k, "codes": j(sorted(cb.codes(k))) if k not in ("iso3",) else f"{len(cb.codes(k))} codes"}
            for k in CODE_KINDS]


@app.command("show")
def show_cmd(
    ctx: typer.Context,
    table: str = typer.Argument(..., help="One of: " + ", ".join(TABLES)),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Print one table of the codebook.

    Example: isd codebook show organizations
    """
    if table not in TABLES:
        fail(f"unknown table {table!r}; choose one of: {', '.join(TABLES)}")
    cb = context(ctx).codebook
    rows = _rows(cb, table)
    if as_json:
        print_json(rows)
    else:
        print_table(rows, title=f"{table} (codebook {cb.version})")


@app.command("find")
def find_cmd(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="A name or alias in English or Chinese (Traditional is converted)."),
) -> None:
    """Look a name up among countries, organizations, mechanisms, officials and Chinese titles.

    Example: isd codebook find "Lao PDR"
    """
    cb = context(ctx).codebook
    hits: list[dict[str, Any]] = []
    if (c := cb.find_country(name)) is not None:
        hits.append({"kind": "country", "id": c.iso3, "name_en": c.name_en, "name_zh": c.name_zh, "detail": c.region})
    if (o := cb.find_organization(name)) is not None:
        hits.append({"kind": "organization", "id": o.id, "name_en": o.name_en, "name_zh": o.name_zh, "detail": o.kind})
    if (m := cb.find_mechanism(name)) is not None:
        hits.append({"kind": "mechanism", "id": m.id, "name_en": m.name_en, "name_zh": m.name_zh,
                     "detail": f"{len(m.sessions)} sessions"})
    if (p := cb.find_official(name)) is not None:
        hits.append({"kind": "official", "id": p.id, "name_en": p.name_en, "name_zh": p.name_zh,
                     "detail": "; ".join(f"{q.title_en} {q.start}–{q.end or ''}" for q in p.posts)})
    if (t := cb.find_chinese_title(name)) is not None:
        hits.append({"kind": "chinese_title", "id": t.title_zh, "name_en": t.title_en, "name_zh": t.title_zh,
                     "detail": f"{t.rank} / {t.agency}"})
    if not hits:
        fail(f"{name!r} is not a name or alias in codebook {cb.version}; see `isd codebook show countries`")
    print_table(hits, title=f"{name!r}")


@app.command("rank")
def rank_cmd(
    ctx: typer.Context,
    official: str = typer.Argument(..., help="Official id or name, e.g. wang_xiaohong or 王小洪."),
    date: str = typer.Argument(..., help="ISO date, e.g. 2021-06-01."),
) -> None:
    """The rank (CODEBOOK §3) an official held on a date, and the posts behind it.

    Example: isd codebook rank 王小洪 2021-06-01
    """
    from isd.codebook import CodebookError

    cb = context(ctx).codebook
    person = cb.find_official(official)
    oid = person.id if person is not None else official
    try:
        rank = cb.rank_on(oid, date)
        posts = cb.posts_on(oid, date)
    except (CodebookError, ValueError) as exc:
        fail(str(exc))
    typer.echo(f"{oid} on {date}: {rank or 'no post recorded'}")
    for p in posts:
        typer.echo(f"  {p.agency} {p.title_en} ({p.title_zh}) {p.start}–{p.end or ''}  {p.source_url}")


@app.command("check")
def check_cmd(
    path: Path | None = typer.Option(None, "--path", help="A codebook directory to check (default: the packaged one)."),  # noqa: B008
) -> None:
    """Load and check every codebook file; print counts or the first problem (file, entry, field).

    Example: isd codebook check --path my_codebook/
    """
    from isd.codebook import CodebookError, load_codebook

    try:
        cb = load_codebook(path)
    except CodebookError as exc:
        fail(str(exc))
    typer.echo(f"codebook {cb.version} OK ({cb.directory}): {len(cb.countries)} countries, {len(cb.organizations)} organizations, "
               f"{len(cb.mechanisms)} mechanisms ({sum(len(m.sessions) for m in cb.mechanisms)} sessions), "
               f"{len(cb.officials)} officials ({sum(len(o.posts) for o in cb.officials)} posts), {len(cb.topics)} topics, "
               f"{len(cb.doc_types)} document types, {len(cb.agency_types)} agency types, {len(cb.rank_rules)} rank rules, "
               f"{len(cb.chinese_titles)} Chinese titles")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="codebook")
