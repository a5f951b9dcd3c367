"""Writing extracted events to the store as ``candidate`` records, idempotently.

Ids are deterministic: a Source id from the document URL (else its SHA-256), and event
ids from the document SHA-256 plus the event key (date, foreign parties, Chinese
officials, type), so re-running on the same documents updates nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any, Iterable, Iterator

from isd.extract.rules import VERSION

_CJK = re.compile(r"[\u3400-\u9fff]")


def _h(*parts: Any) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def source_id(doc: dict[str, Any]) -> str:
    from isd.model import Source

    if doc.get("url"):
        return Source.make_id(doc["url"])
    return "src_" + str(doc.get("sha256") or _h(doc.get("path")))[:12]


def event_key(ev: dict[str, Any]) -> str:
    parties = sorted(c.get("country_iso3") or c.get("organization") or "" for c in ev.get("counterparts") or [])
    officials = sorted((c.get("name_en") or c.get("agency") or "") for c in ev.get("chinese_side") or [])
    return f"{ev.get('date')}|{','.join(parties)}|{','.join(officials)}|{ev.get('event_type')}"


def records_for(result: dict[str, Any], *, title: str | None = None) -> list[Any]:
    """Store records (Source, Event, Agreement, Training, Assistance) for one extraction result."""
    from isd.model import (Agreement, Assistance, ChineseParticipant, Counterpart, Event, Evidence, Location, Party,
                           Signatory, Source, Training)

    doc = result["document"]
    coder = f"isd-extract/{VERSION}"
    sid = source_id(doc)
    sha = doc.get("sha256") if doc.get("sha256") and re.fullmatch(r"[0-9a-f]{64}", str(doc.get("sha256"))) else None
    published = dt.date.fromisoformat(doc["published"]) if doc.get("published") else None
    out: list[Any] = [Source(id=sid, url=doc.get("url"), language=doc.get("language"), published=published,
                             sha256=sha, title=title, document_id=doc.get("document_id"),
                             notes=None if doc.get("url") else f"file {doc.get('path')}")]
    seen: dict[str, int] = {}
    for ev in result.get("events") or []:
        key = event_key(ev)
        n = seen.get(key, 0)
        seen[key] = n + 1
        eid = "ev_" + _h(doc.get("sha256") or sid, key, n)
        evidence = [Evidence(field=e["field"], source_id=sid, start=e["start"], end=e["end"], text=e["text"],
                             rule=e["rule"], coder=coder) for e in ev.get("evidence") or []]
        date = dt.date.fromisoformat(ev["date"]) if ev.get("date") else None
        parties = [Party(country_iso3=c.get("country_iso3"), organization=c.get("organization"))
                   for c in ev.get("counterparts") or []]
        agreement_ids = []
        for k, ag in enumerate(ev.get("agreements") or []):
            aid = "ag_" + _h(eid, ag.get("title"), k)
            agreement_ids.append(aid)
            title_txt = ag.get("title")
            zh = bool(title_txt and _CJK.search(title_txt))
            cs = (ev.get("chinese_side") or [{}])[0]
            cp = (ev.get("counterparts") or [{}])[0]
            out.append(Agreement(
                chinese_signatory=Signatory(name=cs.get("name_en") or cs.get("name_zh"), title=cs.get("title"),
                                            agency=cs.get("agency"), rank=cs.get("rank"),
                                            official_id=cs.get("official_id")),
                counterpart_signatory=Signatory(name=cp.get("name"), title=cp.get("title"),
                                                agency_type=cp.get("agency_type"), rank_level=cp.get("rank_level")),
                id=aid, sources=[sid], review_status="candidate", coder=coder, confidence=ev.get("confidence"),
                evidence=[x for x in evidence if x.field == f"agreements[{k}]"],
                date=date, date_precision=ev.get("date_precision") or "day", parties=parties,
                format="multilateral" if len(parties) > 1 else "bilateral",
                title_zh=title_txt if zh else None, title_en=None if zh else title_txt,
                doc_type=ag.get("doc_type") or "cooperation_document", topics=ev.get("topics") or [],
                chinese_agency=cs.get("agency") or "MPS", signer_is_mps=(cs.get("agency") or "MPS") == "MPS",
                event_id=eid))
        event = Event(
            id=eid, sources=[sid], evidence=evidence, review_status="candidate", coder=coder,
            confidence=ev.get("confidence"), date=date, date_precision=ev.get("date_precision") or "day",
            event_type=ev["event_type"], multilateral_context=ev.get("multilateral_context"), mode=ev.get("mode") or "in_person",
            location=Location(**(ev.get("location") or {})),
            chinese_side=[ChineseParticipant(**{k: v for k, v in c.items() if k in ChineseParticipant.model_fields})
                          for c in ev.get("chinese_side") or []],
            counterparts=[Counterpart(**{k: v for k, v in c.items() if k in Counterpart.model_fields})
                          for c in ev.get("counterparts") or []],
            topics=ev.get("topics") or ["generic"], agreements=agreement_ids)
        out.append(event)
        agency = (ev.get("chinese_side") or [{}])[0].get("agency") or "MPS"
        if ev["event_type"] == "training":
            out.append(Training(id="tr_" + _h(eid), sources=[sid], review_status="candidate", coder=coder,
                                date=date, date_precision=ev.get("date_precision") or "day", recipients=parties,
                                chinese_agency=agency, location=Location(**(ev.get("location") or {})),
                                topics=ev.get("topics") or [], event_id=eid, evidence=evidence))
        if ev["event_type"] == "material_assistance" and parties:
            out.append(Assistance(id="as_" + _h(eid), sources=[sid], review_status="candidate", coder=coder,
                                  date=date, date_precision=ev.get("date_precision") or "day", recipient=parties[0],
                                  chinese_agency=agency, topics=ev.get("topics") or [], event_id=eid,
                                  evidence=evidence))
    return out


def write_results(store: Any, results: Iterable[dict[str, Any]], *, user: str = "isd-extract") -> dict[str, int]:
    records: list[Any] = []
    for r in results:
        records.extend(records_for(r, title=r.get("title")))
    return store.put_many(records, user=user, action="extract")


def pending_documents(store: Any, *, only_new: bool, batch: int = 200) -> Iterator[dict[str, Any]]:
    """Rows of the ``documents`` table to extract (only those never extracted with ``only_new``)."""
    import sqlalchemy as sa

    t = store.table("documents")
    q = sa.select(t.c.id, t.c.url, t.c.text, t.c.language, t.c.published, t.c.title, t.c.sha256).order_by(t.c.id)
    if only_new:
        q = q.where(t.c.extracted_at.is_(None))
    with store.engine.connect() as conn:
        ids = [r.id for r in conn.execute(q.with_only_columns(t.c.id))]
    for i in range(0, len(ids), batch):
        chunk = ids[i : i + batch]
        with store.engine.connect() as conn:
            for row in conn.execute(q.where(t.c.id.in_(chunk))).mappings():
                yield dict(row)


def mark_extracted(store: Any, doc_ids: list[str]) -> None:
    import sqlalchemy as sa

    if not doc_ids:
        return
    t = store.table("documents")
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    with store.transaction() as conn:
        conn.execute(sa.update(t).where(t.c.id.in_(doc_ids)).values(extracted_at=now, extractor_version=VERSION))
