"""Double coding: a reviewer assigns a sample of records to two coders, who code them
blind (neither sees the other's values); agreements make the record ``double_coded``,
disagreements go to adjudication, where the reviewer picks per variable and the record
becomes ``adjudicated``.

Tables: ``coding_rounds`` (one row per round: its two coders) and ``codings`` (one row
per unit × coder; ``values`` is the coder's {variable: value}, ``submitted_at`` set when
they submit).  How a unit was resolved is in the audit log: the record's write carries
``action`` ``double_coded`` or ``adjudicate`` and the note ``round <id>``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from isd.model import Evidence
from isd.review.users import get_user
from isd.review.variables import REVIEW_KINDS, apply_values, record_values, variables
from isd.review.workflow import ReviewError, load, now
from isd.store import Store


@dataclass
class Unit:
    round_id: int
    kind: str
    record_id: str
    codings: dict[str, dict | None] = field(default_factory=dict)  # coder -> values (None: not submitted)
    resolution: str | None = None  # double_coded | adjudicate | None

    @property
    def complete(self) -> bool:
        return bool(self.codings) and all(v is not None for v in self.codings.values())

    def differences(self) -> list[str]:
        """Variables on which the two coders differ."""
        if not self.complete:
            return []
        a, b = list(self.codings.values())
        return [v.name for v in variables(self.kind) if a.get(v.name) != b.get(v.name)]


def coding_variables(kind: str) -> list[str]:
    """The variables coders fill in a round (everything but free notes)."""
    return [v.name for v in variables(kind) if v.name != "notes"]


def sample(store: Store, kind: str, n: int, statuses: tuple[str, ...] = ("candidate", "coded"), seed: int | None = None) -> list[str]:
    ids = store.ids(kind, review_status=list(statuses))
    rng = random.Random(seed)
    return sorted(rng.sample(ids, min(n, len(ids))))


def create_round(store: Store, name: str, coder_a: str, coder_b: str, units: list[tuple[str, str]],
                 created_by: str) -> int:
    """Assign ``units`` ((kind, id) pairs) to two different coders; returns the round id."""
    if coder_a == coder_b:
        raise ReviewError("double coding needs two different coders")
    for c in (coder_a, coder_b):
        u = get_user(store, c)
        if u is None or not u.can("coder"):
            raise ReviewError(f"{c!r} is not an active coder (add them with: isd user add {c} --role coder)")
    if not units:
        raise ReviewError("the round has no records; pick a sample size above 0 or list record ids")
    for kind, rid in units:
        load(store, kind, rid)
    rounds, codings = store.table("coding_rounds"), store.table("codings")
    with store.transaction() as conn:
        rid_ = conn.execute(rounds.insert().values(
            name=(name or "").strip() or f"round {now():%Y-%m-%d %H:%M}", created_by=created_by,
            created_at=now(), coder_a=coder_a, coder_b=coder_b, status="open")).inserted_primary_key[0]
        conn.execute(codings.insert(), [
            {"round_id": rid_, "record_kind": kind, "record_id": rec, "coder": coder, "values": None,
             "submitted_at": None}
            for kind, rec in units for coder in (coder_a, coder_b)])
        _audit(store, conn, created_by, "assign", "coding_round", str(rid_),
               {"coders": [coder_a, coder_b], "units": [list(u) for u in units]}, f"round {rid_}")
    return int(rid_)


def _audit(store: Store, conn: Any, user: str, action: str, kind: str, rid: str, after: Any, note: str) -> None:
    conn.execute(store.table("audit_log").insert().values(
        at=now(), user=user, action=action, record_kind=kind, record_id=rid, before=None, after=after, note=note))


def rounds(store: Store) -> list[dict]:
    t = store.table("coding_rounds")
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(t).order_by(t.c.id.desc())).mappings()]


def get_round(store: Store, round_id: int) -> dict:
    t = store.table("coding_rounds")
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(t).where(t.c.id == round_id)).mappings().first()
    if row is None:
        raise ReviewError(f"no coding round {round_id}")
    return dict(row)


def _resolutions(store: Store, conn: Any, round_id: int) -> dict[tuple[str, str], str]:
    audit = store.table("audit_log")
    rows = conn.execute(sa.select(audit.c.record_kind, audit.c.record_id, audit.c.action).where(
        audit.c.action.in_(["double_coded", "adjudicate"]), audit.c.note == f"round {round_id}"))
    return {(r.record_kind, r.record_id): r.action for r in rows}


def units(store: Store, round_id: int) -> list[Unit]:
    """Every unit of a round with both codings (use only for reviewers: it shows both)."""
    codings = store.table("codings")
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(codings).where(codings.c.round_id == round_id)
                            .order_by(codings.c.record_kind, codings.c.record_id, codings.c.coder)).mappings().all()
        resolved = _resolutions(store, conn, round_id)
    out: dict[tuple[str, str], Unit] = {}
    for r in rows:
        key = (r["record_kind"], r["record_id"])
        u = out.setdefault(key, Unit(round_id, *key, resolution=resolved.get(key)))
        u.codings[r["coder"]] = r["values"] if r["submitted_at"] is not None else None
    return list(out.values())


def assignments(store: Store, coder: str, pending_only: bool = True) -> list[dict]:
    """The codings assigned to ``coder`` (their own rows only: never the other coder's)."""
    codings, rounds_t = store.table("codings"), store.table("coding_rounds")
    q = (sa.select(codings, rounds_t.c.name.label("round_name"))
         .join(rounds_t, rounds_t.c.id == codings.c.round_id)
         .where(codings.c.coder == coder).order_by(codings.c.round_id, codings.c.record_kind, codings.c.record_id))
    if pending_only:
        q = q.where(codings.c.submitted_at.is_(None))
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(q).mappings()]


def get_coding(store: Store, coding_id: int, coder: str) -> dict:
    codings = store.table("codings")
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(codings).where(codings.c.id == coding_id)).mappings().first()
    if row is None or row["coder"] != coder:
        raise ReviewError(f"coding {coding_id} is not assigned to {coder}")
    return dict(row)


def starting_values(store: Store, coding: dict) -> dict[str, Any]:
    """What the coder's form starts from: their own saved values, else the machine proposal."""
    if coding.get("values"):
        return dict(coding["values"])
    rec = load(store, coding["record_kind"], coding["record_id"])
    vals = record_values(rec)
    return {k: vals.get(k) for k in coding_variables(rec.kind)}


def submit_coding(store: Store, coding_id: int, coder: str, values: dict[str, Any]) -> Unit:
    """Save a coder's values; when both coders are in, resolve the unit if they agree."""
    coding = get_coding(store, coding_id, coder)
    rec = load(store, coding["record_kind"], coding["record_id"])
    allowed = set(coding_variables(rec.kind))
    extra = set(values) - allowed
    if extra:
        raise ReviewError(f"not coding variables of a {rec.kind}: {', '.join(sorted(extra))}")
    apply_values(rec, values)  # validates: raises ValueProblem naming the variable
    unit = next(u for u in units(store, coding["round_id"])
                if (u.kind, u.record_id) == (coding["record_kind"], coding["record_id"]))
    if unit.resolution:
        raise ReviewError(f"{rec.kind} {rec.id} in round {coding['round_id']} is already resolved "
                          f"({unit.resolution}); codings can no longer change")
    codings = store.table("codings")
    with store.transaction() as conn:
        conn.execute(codings.update().where(codings.c.id == coding_id).values(values=values, submitted_at=now()))
        _audit(store, conn, coder, "code", rec.kind, rec.id, values, f"round {coding['round_id']} coding {coding_id}")
    unit = next(u for u in units(store, coding["round_id"])
                if (u.kind, u.record_id) == (coding["record_kind"], coding["record_id"]))
    if unit.complete and not unit.differences() and unit.resolution is None:
        _resolve(store, unit, dict(next(iter(unit.codings.values()))), user=coder, action="double_coded")
        unit.resolution = "double_coded"
    return unit


def _resolve(store: Store, unit: Unit, values: dict[str, Any], user: str, action: str) -> Any:
    rec = load(store, unit.kind, unit.record_id)
    status = "double_coded" if action == "double_coded" else "adjudicated"
    new = apply_values(rec, values)
    who = "+".join(unit.codings)
    marks = [Evidence(field="*", rule=f"{status} in round {unit.round_id}", coder=user if action == "adjudicate" else who,
                      coded_at=now())]
    new = new.model_copy(update={"review_status": status, "coder": user if action == "adjudicate" else who,
                                 "evidence": [*rec.evidence, *marks]})
    stored = store.put(new, user=user, action=action, note=f"round {unit.round_id}")
    _maybe_close(store, unit.round_id)
    return stored


def _maybe_close(store: Store, round_id: int) -> None:
    if all(u.resolution or (u.complete and not u.differences()) for u in units(store, round_id)):
        t = store.table("coding_rounds")
        with store.transaction() as conn:
            conn.execute(t.update().where(t.c.id == round_id).values(status="closed"))


def disagreements(store: Store, round_id: int | None = None) -> list[Unit]:
    """Units both coders submitted, that differ, and that no reviewer has adjudicated."""
    ids = [round_id] if round_id is not None else [r["id"] for r in rounds(store)]
    return [u for rid in ids for u in units(store, rid) if u.complete and u.differences() and u.resolution is None]


def adjudicate(store: Store, round_id: int, kind: str, record_id: str, picks: dict[str, str], user: str) -> Any:
    """The reviewer picks, per differing variable, which coder's value stands
    (``picks[variable] = coder name``); the record becomes ``adjudicated``."""
    unit = next((u for u in units(store, round_id) if (u.kind, u.record_id) == (kind, record_id)), None)
    if unit is None:
        raise ReviewError(f"{kind} {record_id} is not in round {round_id}")
    if not unit.complete:
        raise ReviewError(f"{kind} {record_id}: both coders must submit before adjudication")
    if unit.resolution:
        raise ReviewError(f"{kind} {record_id} in round {round_id} is already resolved ({unit.resolution})")
    diffs = unit.differences()
    missing = [v for v in diffs if picks.get(v) not in unit.codings]
    if missing:
        raise ReviewError(f"pick a coder's value for: {', '.join(missing)}")
    first = next(iter(unit.codings.values()))
    values = {k: v for k, v in first.items()}
    for var in diffs:
        values[var] = unit.codings[picks[var]].get(var)
    unit.resolution = "adjudicate"
    return _resolve(store, unit, values, user=user, action="adjudicate")


def coded_pairs(store: Store, kind: str | None = None) -> list[Unit]:
    """Every unit (of every round) that both coders submitted: the reliability data."""
    out = []
    for r in rounds(store):
        for u in units(store, r["id"]):
            if u.complete and len(u.codings) == 2 and (kind is None or u.kind == kind):
                out.append(u)
    return out


__all__ = ["Unit", "REVIEW_KINDS", "adjudicate", "assignments", "coded_pairs", "create_round", "disagreements",
           "get_coding", "get_round", "rounds", "sample", "starting_values", "submit_coding", "units"]
