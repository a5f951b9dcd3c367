"""Merge proposals over the store: propose, review, apply, undo.

``propose`` links the store's events (and, separately, its agreements) that are not
rejected, and turns every cluster of two or more records into a *proposal*: the
record that survives (most reviewed, then most sources, then smallest id), the
records merged into it, the match probabilities and the evidence for each pair
(which fields agreed).  Proposals live in ``$ISD_HOME/link/proposals.json``.

``apply`` merges one proposal in one transaction: the survivor gets the union of
sources, evidence, agreements and topics of all members; the others become
``rejected`` with the note ``merged into <id>``.  The records as they were are kept
in the proposal, so ``undo`` restores them exactly (refusing, unless forced, when
someone has edited them since).  Every write is in the store's audit log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from isd.link.features import candidate_from_event, features

USER = "isd-link"
_STATUS_RANK = {"adjudicated": 4, "double_coded": 3, "coded": 2, "candidate": 1, "rejected": 0}
_LEVEL_TEXT = {
    "day": {2: "same day", 1: "one day apart"},
    "officials": {2: "same Chinese officials", 1: "overlapping Chinese officials"},
    "parties": {2: "same foreign parties", 1: "overlapping foreign parties"},
    "cp_name": {5: "same counterpart name", 4: "counterpart family name agrees", 3: "different counterpart name",
                2: "counterpart name alike across scripts", 1: "counterpart name unlike across scripts"},
    "cp_agency": {2: "same counterpart agency type", 1: "different counterpart agency type"},
    "city": {2: "same city", 1: "different city"},
    "topics": {3: "two or more shared topics", 2: "one shared topic", 1: "no shared topic"},
    "event_type": {2: "same event type", 1: "different event type"},
    "mode": {2: "same mode", 1: "different mode"},
}


class LinkError(Exception):
    pass


def proposals_path(home: Path) -> Path:
    return Path(home) / "link" / "proposals.json"


def load_proposals(home: Path) -> list[dict[str, Any]]:
    p = proposals_path(home)
    if not p.exists():
        return []
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise LinkError(f"{p}: not valid JSON ({exc}); move it away and run `isd link` again") from None
    return data.get("proposals", [])


def save_proposals(home: Path, proposals: list[dict[str, Any]]) -> Path:
    p = proposals_path(home)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_suffix(".tmp")
    tmp.write_text(json.dumps({"version": 1, "proposals": proposals}, ensure_ascii=False, indent=1, default=str),
                   encoding="utf-8")
    os.replace(tmp, p)
    return p


def candidate_from_agreement(a: Any) -> dict[str, Any]:
    cs, ps = a.chinese_signatory, a.counterpart_signatory
    return {
        "unique_id": a.id,
        "date": a.date.isoformat() if a.date else None,
        "event_type": a.doc_type,
        "mode": None,
        "chinese_names": [x for x in [cs.official_id or cs.name] if x],
        "parties": [p.key for p in a.parties],
        "counterpart_names": [ps.name] if ps.name else [],
        "counterpart_titles": [ps.title] if ps.title else [],
        "agency_types": [ps.agency_type] if ps.agency_type else [],
        "city": None,
        "topics": list(a.topics),
    }


def _titles_compatible(a: Any, b: Any, min_ratio: float = 90.0) -> bool:
    """False when two agreements have titles in a common script that differ beyond
    wording variants (中华人民共和国公安部 / 中国公安部 pass; 执法能力建设 / 打击跨国犯罪 do not)."""
    import re

    from rapidfuzz import fuzz

    for field in ("title_zh", "title_en"):
        x, y = getattr(a, field, None), getattr(b, field, None)
        if x and y:
            nx, ny = (re.sub(r"[\W_]+", "", t.casefold()) for t in (x, y))
            return fuzz.ratio(nx, ny) >= min_ratio
    return True


def _evidence(row: dict[str, Any]) -> list[str]:
    out = []
    for comp, texts in _LEVEL_TEXT.items():
        g = row.get(f"gamma_{comp}")
        if g is not None and int(g) in texts:
            out.append(texts[int(g)])
    return out


def _survivor(records: list[Any]) -> Any:
    return sorted(records, key=lambda r: (-_STATUS_RANK.get(r.review_status, 0), -len(r.sources), r.id))[0]


def propose(store: Any, codebook: Any, backend: Any, *, threshold: float = 0.8,
            kinds: tuple[str, ...] = ("event", "agreement")) -> list[dict[str, Any]]:
    """Proposals for the store's current records (nothing is written to the store)."""
    from isd.link.linkage import cluster, predict_pairs
    from isd.link.names import NameIndex

    names = NameIndex.from_codebook(codebook)
    live = ["candidate", "coded", "double_coded", "adjudicated"]
    proposals: list[dict[str, Any]] = []
    for kind in kinds:
        records = {r.id: r for r in store.iter(kind, review_status=live)}
        if len(records) < 2:
            continue
        to_row = candidate_from_event if kind == "event" else candidate_from_agreement
        feats = features([to_row(r) for r in records.values()], names)
        pairs = predict_pairs(feats, backend)
        if kind == "agreement" and len(pairs):
            # several documents are often signed at one ceremony: same day, parties and
            # signatories; their titles tell them apart
            keep = [_titles_compatible(records[a], records[b]) for a, b in zip(pairs["unique_id_l"], pairs["unique_id_r"])]
            pairs = pairs[keep].reset_index(drop=True)
        assign = cluster(pairs, feats, threshold)
        groups: dict[str, list[str]] = {}
        for uid, cid in assign.items():
            groups.setdefault(cid, []).append(uid)
        prow = {(a, b): row for a, b, row in zip(pairs["unique_id_l"], pairs["unique_id_r"], pairs.to_dict("records"))}
        for members in groups.values():
            members.sort()
            recs = [records[m] for m in members]
            surv = _survivor(recs)
            evidence = []
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    row = prow.get((a, b))
                    if row is not None:
                        evidence.append({"pair": [a, b], "probability": round(float(row["match_probability"]), 4),
                                         "agreeing": _evidence(row)})
            pid = "lp_" + hashlib.sha1((kind + "|" + "|".join(members)).encode()).hexdigest()[:10]
            proposals.append({
                "id": pid, "kind": kind, "survivor": surv.id,
                "merged": [m for m in members if m != surv.id],
                "probability": min((e["probability"] for e in evidence), default=None),
                "evidence": evidence, "status": "proposed",
                "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            })
    proposals.sort(key=lambda p: (p["kind"], p["survivor"]))
    return proposals


def merge_proposals(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep applied/undone/dismissed history; replace open proposals by the new run's."""
    kept = [p for p in old if p["status"] != "proposed"]
    seen = {p["id"] for p in kept}
    return kept + [p for p in new if p["id"] not in seen]


def _find(proposals: list[dict[str, Any]], pid: str) -> dict[str, Any]:
    for p in proposals:
        if p["id"] == pid:
            return p
    raise LinkError(f"no link proposal {pid!r}; list them with `isd link list`")


def _union(a: list, b: list) -> list:
    out = list(a)
    for x in b:
        if x not in out:
            out.append(x)
    return out


def apply(store: Any, home: Path, pid: str, *, user: str = USER) -> dict[str, Any]:
    proposals = load_proposals(home)
    p = _find(proposals, pid)
    if p["status"] == "applied":
        raise LinkError(f"proposal {pid} is already applied (undo it with `isd link undo {pid}`)")
    kind = p["kind"]
    ids = [p["survivor"], *p["merged"]]
    current = store.get_many(kind, ids)
    missing = [i for i in ids if i not in current]
    if missing:
        raise LinkError(f"proposal {pid}: {kind} records {missing} are no longer in the store; run `isd link` again")
    gone = [i for i in p["merged"] if current[i].review_status == "rejected"]
    if gone:
        raise LinkError(f"proposal {pid}: {gone} already rejected (merged elsewhere?); run `isd link` again")
    surv = current[p["survivor"]]
    update: dict[str, Any] = {"sources": list(surv.sources), "evidence": list(surv.evidence)}
    for field in ("agreements", "topics"):
        if hasattr(surv, field):
            update[field] = list(getattr(surv, field))
    for mid in p["merged"]:
        m = current[mid]
        update["sources"] = _union(update["sources"], m.sources)
        update["evidence"] = _union(update["evidence"], m.evidence)
        for field in ("agreements", "topics"):
            if field in update:
                update[field] = _union(update[field], getattr(m, field))
    if "topics" in update and len(update["topics"]) > 1 and "generic" in update["topics"]:
        update["topics"].remove("generic")
    note = f"merged {', '.join(p['merged'])} (link proposal {pid})"
    after: dict[str, int] = {}
    with store.transaction() as conn:
        new_surv = surv.model_copy(update=update)
        new_surv = type(surv).model_validate(new_surv.model_dump())
        after[surv.id] = store.put(new_surv, user=user, expected_version=surv.version, action="link-merge",
                                   note=note, conn=conn).version
        for mid in p["merged"]:
            m = current[mid]
            notes = (m.notes + "; " if m.notes else "") + f"merged into {surv.id}"
            rej = m.model_copy(update={"review_status": "rejected", "notes": notes})
            after[mid] = store.put(rej, user=user, expected_version=m.version, action="link-merge",
                                   note=f"merged into {surv.id} (link proposal {pid})", conn=conn).version
    p["before"] = {i: current[i].model_dump(mode="json") for i in ids}
    p["after_versions"] = after
    p["status"] = "applied"
    p["applied_at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    p["applied_by"] = user
    save_proposals(home, proposals)
    return p


def undo(store: Any, home: Path, pid: str, *, user: str = USER, force: bool = False) -> dict[str, Any]:
    from isd.store.core import model_for

    proposals = load_proposals(home)
    p = _find(proposals, pid)
    if p["status"] != "applied":
        raise LinkError(f"proposal {pid} is {p['status']}, not applied: nothing to undo")
    kind = p["kind"]
    model = model_for(kind)
    current = store.get_many(kind, list(p["before"]))
    changed = [i for i, v in p["after_versions"].items() if i in current and current[i].version != v]
    if changed and not force:
        raise LinkError(f"proposal {pid}: {changed} were edited after the merge; undoing would discard those edits "
                        "(use --force to restore the pre-merge records anyway)")
    with store.transaction() as conn:
        for rid, data in p["before"].items():
            rec = model.model_validate(data)
            cur = current.get(rid)
            store.put(rec, user=user, expected_version=None if cur is None else cur.version, action="link-undo",
                      note=f"undo link proposal {pid}", conn=conn)
    p["status"] = "undone"
    p["undone_at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    save_proposals(home, proposals)
    return p
