"""JSON API under /api (OpenAPI at /openapi.json).

Reads: every record type (lists with the same filters as the pages, and one record),
sources with their document text, analyses by name.  Writes (coders, as on the pages):
the session cookie from logging in plus the header ``X-CSRF-Token`` (the token is
returned by ``GET /api/session``).  We chose this over per-user API tokens: one
mechanism, one set of permissions, and no long-lived secrets to leak.
"""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, FastAPI, HTTPException, Request
from pydantic import BaseModel, Field

from isd.review import workflow
from isd.review.reliability import reliability
from isd.review.variables import REVIEW_KINDS, ValueProblem
from isd.store import ConflictError, NotFoundError
from isd.web.auth import guard
from isd.web.queries import PLURAL, list_ids


class ReviewAction(BaseModel):
    action: str = Field(description="accept | reject | reopen | accept_value | reject_value | correct")
    version: Optional[int] = Field(None, description="the record version you looked at (optimistic locking)")
    name: Optional[str] = Field(None, description="variable name for accept_value / reject_value")
    note: Optional[str] = None
    values: Optional[dict[str, Any]] = Field(None, description="for correct: {variable: value}")
    accept: bool = False


def _list(request: Request, kind: str, q: str, status: str, year_from: Optional[int], year_to: Optional[int],
          agency: str, country: str, limit: int, offset: int) -> dict[str, Any]:
    from isd.web.queries import ListQuery

    store = request.app.state.store
    f = ListQuery(q=q[:200], status=status, year_from=year_from, year_to=year_to, agency=agency,
                  countries=[country.upper()] if country else [], limit=max(1, min(limit, 500)), offset=max(0, offset))
    ids, total = list_ids(store, kind, f)
    got = store.get_many(kind, ids)
    return {"total": total, "limit": f.limit, "offset": f.offset,
            "items": [got[i].model_dump(mode="json") for i in ids if i in got]}


def register(app: FastAPI) -> None:
    router = APIRouter(prefix="/api", tags=["isd"])

    def _lister(kind: str):
        def endpoint(request: Request, q: str = "", status: str = "", year_from: Optional[int] = None,
                     year_to: Optional[int] = None, agency: str = "", country: str = "", limit: int = 50,
                     offset: int = 0) -> dict[str, Any]:
            return _list(request, kind, q, status, year_from, year_to, agency, country, limit, offset)
        endpoint.__doc__ = f"List {kind} records (filters: q full-text, status, year_from, year_to, agency, country)."
        return endpoint

    for plural, kind in PLURAL.items():
        router.add_api_route(f"/{plural}", _lister(kind), methods=["GET"], name=f"list_{plural}",
                             summary=f"List {plural}")

    @router.get("/records/{kind}/{record_id}", summary="One record")
    def get_record(request: Request, kind: str, record_id: str) -> dict[str, Any]:
        if kind not in ("source", *REVIEW_KINDS):
            raise HTTPException(404, f"unknown record kind {kind!r}")
        rec = request.app.state.store.get(kind, record_id)
        if rec is None:
            raise HTTPException(404, f"no {kind} with id {record_id!r}")
        return rec.model_dump(mode="json")

    @router.get("/sources/{source_id}/document", summary="A source's stored document text")
    def get_document(request: Request, source_id: str) -> dict[str, Any]:
        from isd.web.queries import document_for

        store = request.app.state.store
        src = store.get("source", source_id)
        if src is None:
            raise HTTPException(404, f"no source with id {source_id!r}")
        doc = document_for(store, src)
        if doc is None:
            raise HTTPException(404, f"no stored document for source {source_id!r}")
        return {k: doc[k] for k in ("id", "url", "title", "language", "sha256", "text")} | {
            "fetched_at": str(doc.get("fetched_at") or "")}

    @router.get("/analyses", summary="Names of the analyses")
    def analyses() -> list[dict[str, str]]:
        try:
            from isd.analyze.registry import load_all
        except ImportError:
            return []
        return [{"name": a.name, "title": a.title, "group": a.group} for a in load_all().values()]

    @router.get("/analyses/{name}", summary="Run one analysis (filters: date_from, date_to, agency, status, scope)")
    def run_analysis(request: Request, name: str, date_from: Optional[str] = None, date_to: Optional[str] = None,
                     agency: str = "", status: str = "reviewed", scope: str = "mps") -> dict[str, Any]:
        try:
            import isd.analyze as ia
        except ImportError:
            raise HTTPException(404, "the analysis stage is not installed") from None
        if name not in ia.names():
            raise HTTPException(404, f"no analysis {name!r}")
        try:
            df = ia.run(name, request.app.state.store, date_from=date_from, date_to=date_to,
                        agencies=(agency,) if agency else (), status=status, scope=scope)
        except (ValueError, TypeError) as exc:
            raise HTTPException(400, str(exc)) from None
        import json

        return {"name": name, "rows": json.loads(df.to_json(orient="records", date_format="iso"))}

    @router.get("/reliability", summary="Krippendorff's alpha per variable")
    def get_reliability(request: Request, kind: str = "") -> list[dict[str, Any]]:
        return [r.as_dict() for r in reliability(request.app.state.store, kind or None)]

    @router.get("/queue", summary="Candidate records waiting for review")
    def get_queue(request: Request, kind: str = "", limit: int = 100, offset: int = 0) -> dict[str, Any]:
        items, total = workflow.queue(request.app.state.store, [kind] if kind in REVIEW_KINDS else None,
                                      limit=max(1, min(limit, 500)), offset=max(0, offset))
        return {"total": total, "items": [i.__dict__ for i in items]}

    @router.get("/session", summary="Who you are and your CSRF token (send it as X-CSRF-Token)")
    def session(request: Request) -> dict[str, Any]:
        user = request.state.user
        return {"user": user.name if user else None, "role": user.role if user else None,
                "csrf_token": request.state.session.get("csrf"), "public": request.app.state.public}

    @router.post("/records/{kind}/{record_id}/review", summary="Review a record (coders; needs X-CSRF-Token)")
    async def review(request: Request, kind: str, record_id: str, body: ReviewAction) -> dict[str, Any]:
        from isd.web.reviewpages import _write

        user, _ = await guard(request, "coder")
        store = request.app.state.store
        a = body.action
        try:
            if a == "accept":
                rec = await _write(request, workflow.accept_record, store, kind, record_id, user.name, body.version)
            elif a == "reject":
                rec = await _write(request, workflow.reject_record, store, kind, record_id, user.name, body.note,
                                   body.version)
            elif a == "reopen":
                rec = await _write(request, workflow.reopen_record, store, kind, record_id, user.name, body.version)
            elif a in ("accept_value", "reject_value"):
                fn = workflow.accept_value if a == "accept_value" else workflow.reject_value
                rec = await _write(request, fn, store, kind, record_id, body.name or "", user.name, body.version)
            elif a == "correct":
                rec = await _write(request, workflow.correct_values, store, kind, record_id, body.values or {},
                                   user.name, body.version, body.accept)
            else:
                raise HTTPException(400, f"unknown action {a!r}")
        except ConflictError as exc:
            current = store.get(kind, record_id)
            raise HTTPException(409, {"message": str(exc), "current": current.model_dump(mode="json")}) from None
        except NotFoundError as exc:
            raise HTTPException(404, str(exc)) from None
        except (workflow.ReviewError, ValueProblem) as exc:
            raise HTTPException(400, str(exc)) from None
        return rec.model_dump(mode="json")

    app.include_router(router)
