"""Verbs: review queue | accept | reject | merge | unmerge | reliability."""

from __future__ import annotations

from typing import Optional

import typer

from isd.clikit import context, fail, print_json, print_table

review_app = typer.Typer(help="Review machine-coded records; reliability of double coding.\n\n"
                              "Example: isd review queue --kind event", no_args_is_help=True)


def _user(user: Optional[str]) -> str:
    import getpass

    return user or getpass.getuser()


def queue_cmd(ctx: typer.Context,
              kind: Optional[str] = typer.Option(None, "--kind", help="event | agreement | training | assistance | mechanism | presence"),
              limit: int = typer.Option(50, "--limit", help="How many to list."),
              as_json: bool = typer.Option(False, "--json", help="JSON instead of a table.")) -> None:
    """List candidate records waiting for review.

    Example: isd review queue --kind event --limit 20
    """
    from isd.review.workflow import queue

    items, total = queue(context(ctx).store, [kind] if kind else None, limit=limit)
    rows = [i.__dict__ for i in items]
    if as_json:
        print_json({"total": total, "items": rows})
    else:
        print_table(rows, title=f"{total} candidates", columns=["kind", "id", "date", "summary", "confidence", "version"])


def accept_cmd(ctx: typer.Context, kind: str = typer.Argument(..., help="Record kind."),
               record_id: str = typer.Argument(..., help="Record id."),
               user: Optional[str] = typer.Option(None, "--user", help="Who accepts (default: your login name).")) -> None:
    """Accept a candidate record: it becomes `coded`.

    Example: isd review accept event ev_2024_0001 --user ann
    """
    from isd.review.workflow import ReviewError, accept_record
    from isd.store import NotFoundError

    try:
        rec = accept_record(context(ctx).store, kind, record_id, _user(user))
    except (ReviewError, NotFoundError) as exc:
        fail(str(exc))
    context(ctx).console.print(f"{kind} {record_id}: {rec.review_status} (version {rec.version})")


def reject_cmd(ctx: typer.Context, kind: str = typer.Argument(..., help="Record kind."),
               record_id: str = typer.Argument(..., help="Record id."),
               note: str = typer.Option("", "--note", help="Why it is rejected."),
               user: Optional[str] = typer.Option(None, "--user", help="Who rejects.")) -> None:
    """Reject a record (kept, marked `rejected`, with the reason).

    Example: isd review reject event ev_2024_0002 --note "coast guard, out of scope"
    """
    from isd.review.workflow import ReviewError, reject_record
    from isd.store import NotFoundError

    try:
        rec = reject_record(context(ctx).store, kind, record_id, _user(user), note)
    except (ReviewError, NotFoundError) as exc:
        fail(str(exc))
    context(ctx).console.print(f"{kind} {record_id}: {rec.review_status} (version {rec.version})")


def merge_cmd(ctx: typer.Context, kind: str = typer.Argument(..., help="Record kind."),
              keep: str = typer.Argument(..., help="Id of the record that stays."),
              duplicate: str = typer.Argument(..., help="Id of the duplicate (marked rejected, 'merged into KEEP')."),
              user: Optional[str] = typer.Option(None, "--user", help="Who merges.")) -> None:
    """Merge a duplicate into another record (undo with `isd review unmerge`).

    Example: isd review merge event ev_a ev_b
    """
    from isd.review.workflow import ReviewError, merge
    from isd.store import NotFoundError

    try:
        kept, _ = merge(context(ctx).store, kind, keep, duplicate, _user(user))
    except (ReviewError, NotFoundError) as exc:
        fail(str(exc))
    context(ctx).console.print(f"merged {duplicate} into {keep}: {len(kept.sources)} sources")


def unmerge_cmd(ctx: typer.Context, kind: str = typer.Argument(..., help="Record kind."),
                duplicate: str = typer.Argument(..., help="Id of the record that was merged away."),
                user: Optional[str] = typer.Option(None, "--user", help="Who undoes.")) -> None:
    """Undo the last merge of a record.

    Example: isd review unmerge event ev_b
    """
    from isd.review.workflow import ReviewError, unmerge
    from isd.store import NotFoundError

    try:
        keep, restored = unmerge(context(ctx).store, kind, duplicate, _user(user))
    except (ReviewError, NotFoundError) as exc:
        fail(str(exc))
    context(ctx).console.print(f"{duplicate} restored ({restored.review_status}); {keep.id} has {len(keep.sources)} sources")


def reliability_cmd(ctx: typer.Context,
                    kind: Optional[str] = typer.Option(None, "--kind", help="Only this record kind."),
                    as_json: bool = typer.Option(False, "--json", help="JSON instead of a table.")) -> None:
    """Krippendorff's alpha per variable over double-coded units (nominal; topics one binary variable each).

    Example: isd review reliability --json
    """
    from isd.review.reliability import reliability

    rows = [r.as_dict() for r in reliability(context(ctx).store, kind)]
    if as_json:
        print_json(rows)
    elif not rows:
        context(ctx).console.print("no double-coded units yet (assign a round in the web app: /rounds)")
    else:
        print_table(rows, title="Krippendorff's alpha")


def register(app: typer.Typer) -> None:
    review_app.command("queue")(queue_cmd)
    review_app.command("accept")(accept_cmd)
    review_app.command("reject")(reject_cmd)
    review_app.command("merge")(merge_cmd)
    review_app.command("unmerge")(unmerge_cmd)
    review_app.command("reliability")(reliability_cmd)
    app.add_typer(review_app, name="review")
