"""Review actions over the store: the candidate queue, accept / correct / reject values
and records, merge duplicates (and undo a merge), add a record by hand.

Pure functions of a :class:`~isd.store.Store`; the web app and ``isd review`` both
call them.  Every change goes through ``Store.put`` with the acting user, so it is in
the audit log; pass ``expected_version`` (the version the person looked at) and a
concurrent change raises :class:`~isd.store.ConflictError` instead of being lost.
Nothing is deleted: a rejected record stays with ``review_status = rejected``.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any, Iterable

import sqlalchemy as sa

from isd.model import Evidence
from isd.review.variables import (
    REVIEW_KINDS,
    ValueProblem,
    apply_values,
    empty_value,
    record_values,
    variable,
)
from isd.store import NotFoundError, Store


class ReviewError(ValueError):
    """A review action cannot be done; the message says why and what to do."""


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def load(store: Store, kind: str, record_id: str, conn: Any = None) -> Any:
    if kind not in REVIEW_KINDS:
        raise ReviewError(f"unknown record kind {kind!r}; expected one of {', '.join(REVIEW_KINDS)}")
    rec = store.get(kind, record_id, conn=conn)
    if rec is None:
        raise NotFoundError(f"no {kind} with id {record_id!r}")
    return rec


def summary(rec: Any) -> str:
    """One line saying what a record is about."""
    kind = rec.kind
    if kind == "event":
        who = ", ".join(p.name_en or p.name_zh or p.agency for p in rec.chinese_side[:2]) or "?"
        parties = ", ".join(c.party for c in rec.counterparts) or "?"
        return f"{rec.event_type.replace('_', ' ')}: {who} — {parties}"
    if kind == "agreement":
        parties = ", ".join(p.key for p in rec.parties) or "?"
        return f"{rec.doc_type.replace('_', ' ')} with {parties}: {rec.title_en or rec.title_zh or ''}".strip()
    if kind == "training":
        return f"training for {', '.join(p.key for p in rec.recipients) or '?'}: {rec.subject or ''}".strip()
    if kind == "assistance":
        return f"assistance to {rec.recipient.key}: {rec.items or ''}".strip()
    if kind == "mechanism":
        return rec.name_en
    if kind == "presence":
        return f"{rec.presence_type.replace('_', ' ')} in {rec.country_iso3} {rec.city or ''}".strip()
    return rec.id


@dataclass
class QueueItem:
    kind: str
    id: str
    date: str | None
    summary: str
    confidence: float | None
    version: int
    review_status: str


def queue(store: Store, kinds: Iterable[str] | None = None, status: str = "candidate", limit: int = 200,
          offset: int = 0) -> tuple[list[QueueItem], int]:
    """Records waiting for review (oldest date first within a kind); returns (items, total)."""
    kinds = list(kinds or REVIEW_KINDS)
    refs: list[tuple[str, str]] = []
    for kind in kinds:
        refs.extend((kind, rid) for rid in store.ids(kind, review_status=[status]))
    total = len(refs)
    page = refs[offset : offset + limit]
    items: list[QueueItem] = []
    by_kind: dict[str, list[str]] = {}
    for kind, rid in page:
        by_kind.setdefault(kind, []).append(rid)
    got = {kind: store.get_many(kind, ids) for kind, ids in by_kind.items()}
    for kind, rid in page:
        rec = got[kind][rid]
        date = getattr(rec, "date", None) or getattr(rec, "start_date", None)
        items.append(QueueItem(kind, rid, date.isoformat() if date else None, summary(rec), rec.confidence,
                               rec.version, rec.review_status))
    return items, total


def neighbours(store: Store, kind: str, record_id: str, status: str = "candidate") -> tuple[str | None, str | None]:
    """(previous, next) record ids of the same kind in the review queue."""
    ids = store.ids(kind, review_status=[status])
    if record_id not in ids:
        nxt = next((i for i in ids if i > record_id), None)
        prev = next((i for i in reversed(ids) if i < record_id), None)
        return prev, nxt
    i = ids.index(record_id)
    return (ids[i - 1] if i > 0 else None), (ids[i + 1] if i + 1 < len(ids) else None)


def _mark(field: str, rule: str, user: str) -> Evidence:
    return Evidence(field=field, rule=rule, coder=user, coded_at=now())


def _save(store: Store, rec: Any, user: str, expected_version: int | None, action: str, note: str | None = None,
          conn: Any = None) -> Any:
    return store.put(rec, user=user, expected_version=expected_version, action=action, note=note, conn=conn)


def accept_record(store: Store, kind: str, record_id: str, user: str, expected_version: int | None = None) -> Any:
    """The person agrees with every value: the record becomes ``coded`` by them."""
    rec = load(store, kind, record_id)
    if rec.review_status == "rejected":
        raise ReviewError(f"{kind} {record_id} is rejected; reopen it before accepting")
    new = rec.model_copy(update={"review_status": "coded", "coder": user,
                                 "evidence": [*rec.evidence, _mark("*", "accepted record", user)]})
    return _save(store, new, user, expected_version, "review", "accepted")


def reject_record(store: Store, kind: str, record_id: str, user: str, note: str | None = None,
                  expected_version: int | None = None) -> Any:
    """Not a real record (or out of scope): kept, marked ``rejected``, with the reason."""
    rec = load(store, kind, record_id)
    reason = (note or "").strip() or "rejected in review"
    notes = f"{rec.notes}\n{reason}" if rec.notes else reason
    new = rec.model_copy(update={"review_status": "rejected", "coder": user, "notes": notes})
    return _save(store, new, user, expected_version, "review", f"rejected: {reason}")


def reopen_record(store: Store, kind: str, record_id: str, user: str, expected_version: int | None = None) -> Any:
    """Put a rejected or reviewed record back in the candidate queue."""
    rec = load(store, kind, record_id)
    new = rec.model_copy(update={"review_status": "candidate"})
    return _save(store, new, user, expected_version, "review", "reopened")


def accept_value(store: Store, kind: str, record_id: str, name: str, user: str,
                 expected_version: int | None = None) -> Any:
    """The person confirms one value; recorded as an evidence entry by them."""
    variable(kind, name)
    rec = load(store, kind, record_id)
    new = rec.model_copy(update={"evidence": [*rec.evidence, _mark(name, "accepted", user)]})
    return _save(store, new, user, expected_version, "review", f"accepted {name}")


def reject_value(store: Store, kind: str, record_id: str, name: str, user: str,
                 expected_version: int | None = None) -> Any:
    """The value is wrong and the source does not support another: it is emptied."""
    var = variable(kind, name)
    if var.required:
        raise ReviewError(f"{name} is required for a {kind}; correct it (e) instead of rejecting it")
    rec = load(store, kind, record_id)
    try:
        new = apply_values(rec, {name: empty_value(var)})
    except ValueProblem as exc:
        raise ReviewError(str(exc)) from None
    new = new.model_copy(update={"evidence": [*[e for e in rec.evidence if e.field != name or e.coder == user],
                                              _mark(name, "rejected", user)]})
    return _save(store, new, user, expected_version, "review", f"rejected value {name}")


def correct_values(store: Store, kind: str, record_id: str, values: dict[str, Any], user: str,
                   expected_version: int | None = None, accept: bool = False) -> Any:
    """Set values the person typed; changed values get an evidence entry by them.

    With ``accept`` the record also becomes ``coded``.  Raises ValueProblem (bad value)
    or ConflictError (someone saved the record since ``expected_version``).
    """
    rec = load(store, kind, record_id)
    old = record_values(rec)
    changed = {k: v for k, v in values.items() if old.get(k) != v}
    new = apply_values(rec, changed) if changed else rec
    marks = [_mark(k, "corrected", user) for k in changed]
    update: dict[str, Any] = {"evidence": [*rec.evidence, *marks]}
    if accept:
        update.update(review_status="coded", coder=user)
    new = new.model_copy(update=update)
    note = ("corrected " + ", ".join(changed)) if changed else "no value changed"
    return _save(store, new, user, expected_version, "review", note + ("; accepted" if accept else ""))


def merge(store: Store, kind: str, keep_id: str, drop_id: str, user: str, note: str | None = None) -> tuple[Any, Any]:
    """Merge a duplicate: ``keep_id`` gains the other's sources and evidence; ``drop_id``
    is kept but marked rejected with the note ``merged into <keep_id>``.  Undo with
    :func:`unmerge`."""
    if keep_id == drop_id:
        raise ReviewError("cannot merge a record into itself")
    with store.transaction() as conn:
        keep = load(store, kind, keep_id, conn)
        drop = load(store, kind, drop_id, conn)
        if drop.review_status == "rejected":
            raise ReviewError(f"{kind} {drop_id} is already rejected; nothing to merge")
        sources = list(dict.fromkeys([*keep.sources, *drop.sources]))
        have = {e.model_dump_json() for e in keep.evidence}
        evidence = [*keep.evidence, *[e for e in drop.evidence if e.model_dump_json() not in have]]
        update: dict[str, Any] = {"sources": sources, "evidence": evidence}
        if kind == "event":
            update["agreements"] = list(dict.fromkeys([*keep.agreements, *drop.agreements]))
        text = f"merged {drop_id} into {keep_id}" + (f": {note}" if note else "")
        kept = store.put(keep.model_copy(update=update), user=user, action="merge", note=text, conn=conn)
        mark = f"merged into {keep_id}"
        dropped = store.put(drop.model_copy(update={
            "review_status": "rejected",
            "notes": f"{drop.notes}\n{mark}" if drop.notes else mark}), user=user, action="merge", note=text, conn=conn)
    return kept, dropped


def unmerge(store: Store, kind: str, drop_id: str, user: str) -> tuple[Any, Any]:
    """Undo the last merge of ``drop_id``: it gets back its state from before the merge,
    and the record it was merged into loses the sources and evidence the merge added
    (changes made to it since are kept)."""
    audit = store.table("audit_log")
    with store.transaction() as conn:
        row = conn.execute(
            sa.select(audit).where(audit.c.record_kind == kind, audit.c.record_id == drop_id,
                                   audit.c.action == "merge").order_by(audit.c.id.desc()).limit(1)
        ).mappings().first()
        if row is None or not row["note"] or not row["note"].startswith(f"merged {drop_id} into "):
            raise ReviewError(f"{kind} {drop_id} was not merged into another record; nothing to undo")
        keep_id = row["note"][len(f"merged {drop_id} into "):].split(":", 1)[0]
        keep_row = conn.execute(
            sa.select(audit).where(audit.c.record_kind == kind, audit.c.record_id == keep_id,
                                   audit.c.action == "merge", audit.c.note == row["note"])
            .order_by(audit.c.id.desc()).limit(1)).mappings().first()
        drop = load(store, kind, drop_id, conn)
        before = type(drop).model_validate(row["before"])
        restored = store.put(before.model_copy(update={"version": drop.version}), user=user, action="unmerge",
                             note=f"undid: {row['note']}", conn=conn)
        keep = load(store, kind, keep_id, conn)
        if keep_row is not None:
            kb, ka = keep_row["before"], keep_row["after"]
            added_src = [s for s in ka["sources"] if s not in kb["sources"]]
            before_ev = {_key(e) for e in kb["evidence"]}
            added_ev = {_key(e) for e in ka["evidence"] if _key(e) not in before_ev}
            update: dict[str, Any] = {
                "sources": [s for s in keep.sources if s not in added_src],
                "evidence": [e for e in keep.evidence if _key(e.model_dump(mode="json")) not in added_ev],
            }
            if kind == "event":
                added_ag = [a for a in ka.get("agreements", []) if a not in kb.get("agreements", [])]
                update["agreements"] = [a for a in keep.agreements if a not in added_ag]
            keep = store.put(keep.model_copy(update=update), user=user, action="unmerge",
                             note=f"undid: {row['note']}", conn=conn)
    return keep, restored


def _key(evidence: dict) -> str:
    return json.dumps(evidence, sort_keys=True, default=str)


def new_id(kind: str) -> str:
    return f"{kind[:3]}_manual_{uuid.uuid4().hex[:10]}"


def add_record(store: Store, kind: str, values: dict[str, Any], source_id: str, user: str,
               record_id: str | None = None) -> Any:
    """A record typed by hand from a source: created ``coded`` by ``user``."""
    from isd.model import RECORD_TYPES

    if kind not in REVIEW_KINDS:
        raise ReviewError(f"unknown record kind {kind!r}; expected one of {', '.join(REVIEW_KINDS)}")
    if store.get("source", source_id) is None:
        raise ReviewError(f"no source with id {source_id!r}; add the source first (isd collect) or pick another")
    rid = (record_id or "").strip() or new_id(kind)
    if store.get(kind, rid) is not None:
        raise ReviewError(f"a {kind} with id {rid!r} exists already; choose another id")
    data: dict[str, Any] = {"id": rid, "kind": kind, "sources": [source_id], "review_status": "coded", "coder": user}
    from isd.review.variables import set_value

    for name, value in values.items():
        variable(kind, name)
        set_value(data, name, value)
    data["evidence"] = [Evidence(field=n, source_id=source_id, rule="added by hand", coder=user,
                                 coded_at=now()).model_dump(mode="json") for n in values]
    from pydantic import ValidationError

    try:
        rec = RECORD_TYPES[kind].model_validate(data)
    except ValidationError as exc:
        raise ValueProblem("; ".join(".".join(map(str, e["loc"])) + ": " + e["msg"] for e in exc.errors())) from None
    return store.put(rec, user=user, action="create", note="added by hand")
