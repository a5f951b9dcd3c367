"""Review pages: the candidate queue, record actions, the edit form and the conflict
page, merging, adding a record by hand, double-coding rounds, blind coding,
adjudication, reliability and the audit log.  The logic lives in :mod:`isd.review`."""

from __future__ import annotations

from typing import Any, Callable

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from isd.review import double, workflow
from isd.review.reliability import reliability
from isd.review.variables import (
    REVIEW_KINDS,
    ValueProblem,
    display,
    form_text,
    parse_form_value,
    record_values,
    variables,
)
from isd.store import ConflictError, NotFoundError
from isd.web.app import _local, page
from isd.web.auth import guard, require

ACTIONS = ("accept", "reject", "reopen", "accept_value", "reject_value", "merge", "unmerge")


async def _write(request: Request, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a store write in a worker thread, one at a time (SQLite has one writer)."""
    lock = request.app.state.write_lock

    def run() -> Any:
        with lock:
            return fn(*args, **kwargs)

    return await run_in_threadpool(run)


def _version(form: Any) -> int | None:
    raw = form.get("version")
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise HTTPException(400, f"version: {raw!r} is not a whole number") from None


def _seen_version(store: Any, kind: str, rid: str, version: int | None) -> dict | None:
    """The record as it was at ``version`` (from the audit log), for the conflict page."""
    if version is None:
        return None
    for row in store.audit(kind, rid, limit=500):
        if row["after"] and row["after"].get("version") == version:
            return row["after"]
    return None


def _conflict(request: Request, exc: ConflictError, form: Any, action_url: str, yours: dict[str, Any],
              hidden: list[tuple[str, Any]] | None = None) -> HTMLResponse:
    store = request.app.state.store
    current = store.get(exc.kind, exc.record_id)
    cur_vals = record_values(current)
    seen = _seen_version(store, exc.kind, exc.record_id, exc.expected)
    seen_vals = {v.name: _get(seen, v.name) for v in variables(exc.kind)} if seen else {}
    if hidden is None:
        hidden = [(k, v) for k, v in form.multi_items() if k not in ("csrf_token", "version")]
    rows = [{"name": v.name, "seen": display(seen_vals.get(v.name)) if seen else "?",
             "current": display(cur_vals.get(v.name)),
             "yours": display(yours[v.name]) if v.name in yours else "(unchanged)",
             "changed": seen is not None and seen_vals.get(v.name) != cur_vals.get(v.name)}
            for v in variables(exc.kind)]
    history = [a for a in store.audit(exc.kind, exc.record_id, limit=20)
               if a["after"] and a["after"].get("version", 0) > exc.expected]
    return page(request, "conflict.html", {"exc": exc, "current": current, "rows": rows, "hidden": hidden,
                                           "action_url": action_url, "theirs": history,
                                           "action": form.get("do", "edit")}, status=409)


def _get(data: dict | None, name: str) -> Any:
    from isd.review.variables import get_value

    return get_value(data or {}, name)


def _parse_values(kind: str, form: Any, names: list[str]) -> tuple[dict[str, Any], dict[str, str]]:
    values, errors = {}, {}
    for v in variables(kind):
        if v.name not in names:
            continue
        try:
            values[v.name] = parse_form_value(v, [str(x) for x in form.getlist(f"v.{v.name}")])
        except ValueProblem as exc:
            errors[v.name] = str(exc)
    return values, errors


def _fields(kind: str, names: list[str], values: dict[str, Any], typed: Any = None) -> list[dict[str, Any]]:
    """What a form shows per variable: the widget, the text, the selected codes."""
    out = []
    for v in variables(kind):
        if v.name not in names:
            continue
        if typed is not None:
            raw = [str(x) for x in typed.getlist(f"v.{v.name}")]
            text, selected = (raw[-1] if raw else ""), raw
        else:
            val = values.get(v.name)
            text, selected = form_text(v, val), (val if isinstance(val, list) else [])
        out.append({"var": v, "text": text, "selected": selected})
    return out


def register(app: FastAPI) -> None:
    store = app.state.store

    @app.get("/queue", response_class=HTMLResponse, include_in_schema=False)
    def queue_page(request: Request, kind: str = "", page_no: int = 1):
        kinds = [kind] if kind in REVIEW_KINDS else None
        items, total = workflow.queue(store, kinds, limit=100, offset=max(0, page_no - 1) * 100)
        return page(request, "queue.html", {"items": items, "total": total, "kind": kind, "kinds": REVIEW_KINDS,
                                            "page_no": page_no})

    @app.post("/records/{kind}/{record_id}/action", include_in_schema=False)
    async def record_action(request: Request, kind: str, record_id: str):
        user, form = await guard(request, "coder")
        do = form.get("do", "")
        version = _version(form)
        name, note, other = form.get("name", ""), form.get("note", ""), form.get("other", "").strip()
        back = form.get("back", "") or f"/records/{kind}/{record_id}"
        try:
            if do == "accept":
                await _write(request, workflow.accept_record, store, kind, record_id, user.name, version)
            elif do == "reject":
                await _write(request, workflow.reject_record, store, kind, record_id, user.name, note, version)
            elif do == "reopen":
                await _write(request, workflow.reopen_record, store, kind, record_id, user.name, version)
            elif do == "accept_value":
                await _write(request, workflow.accept_value, store, kind, record_id, name, user.name, version)
            elif do == "reject_value":
                await _write(request, workflow.reject_value, store, kind, record_id, name, user.name, version)
            elif do == "merge":
                if not other:
                    raise HTTPException(400, "merge: give the id of the duplicate to merge into this record")
                await _write(request, workflow.merge, store, kind, record_id, other, user.name, note or None)
            elif do == "unmerge":
                await _write(request, workflow.unmerge, store, kind, record_id, user.name)
            else:
                raise HTTPException(400, f"unknown action {do!r}; expected one of {', '.join(ACTIONS)}")
        except ConflictError as exc:
            return _conflict(request, exc, form, f"/records/{kind}/{record_id}/action", {})
        except NotFoundError as exc:
            raise HTTPException(404, str(exc)) from None
        except (workflow.ReviewError, ValueProblem) as exc:
            raise HTTPException(400, str(exc)) from None
        return RedirectResponse(_local(back), status_code=303)

    @app.get("/records/{kind}/{record_id}/edit", response_class=HTMLResponse, include_in_schema=False)
    def edit_form(request: Request, kind: str, record_id: str):
        require(request, "coder")
        if request.app.state.public:
            raise HTTPException(403, "this is a read-only public site")
        try:
            rec = workflow.load(store, kind, record_id)
        except (NotFoundError, workflow.ReviewError) as exc:
            raise HTTPException(404, str(exc)) from None
        names = [v.name for v in variables(kind)]
        return page(request, "edit.html", {"rec": rec, "kind": kind, "fields": _fields(kind, names, record_values(rec)),
                                           "errors": {}, "version": rec.version})

    @app.post("/records/{kind}/{record_id}/edit", include_in_schema=False)
    async def edit_save(request: Request, kind: str, record_id: str):
        """Saves only what the person changed relative to the version they edited, so a
        re-applied change (after a conflict) never undoes someone else's."""
        user, form = await guard(request, "coder")
        try:
            rec = workflow.load(store, kind, record_id)
        except (NotFoundError, workflow.ReviewError) as exc:
            raise HTTPException(404, str(exc)) from None
        names = [v.name for v in variables(kind)]
        if form.get("vars") is not None:  # a re-applied partial change
            names = [n for n in form.get("vars", "").split(",") if n in names]
        values, errors = _parse_values(kind, form, names)
        version = _version(form)
        seen = _seen_version(store, kind, record_id, version) if version not in (None, rec.version) else None
        base = {v.name: _get(seen, v.name) for v in variables(kind)} if seen else record_values(rec)
        changed = {k: v for k, v in values.items() if base.get(k) != v}
        if not errors:
            try:
                await _write(request, workflow.correct_values, store, kind, record_id, changed, user.name,
                             version, form.get("accept") == "1")
                return RedirectResponse(f"/records/{kind}/{record_id}", status_code=303)
            except ConflictError as exc:
                keep = {f"v.{n}" for n in changed}
                hidden = [("vars", ",".join(changed))] + [(k, v) for k, v in form.multi_items()
                                                          if k in keep or k == "accept"]
                return _conflict(request, exc, form, f"/records/{kind}/{record_id}/edit", changed, hidden)
            except ValueProblem as exc:
                errors["*"] = str(exc)
        if form.get("vars") is not None:
            raise HTTPException(400, "; ".join(errors.values()))
        return page(request, "edit.html", {"rec": rec, "kind": kind, "fields": _fields(kind, names, {}, form),
                                           "errors": errors, "version": version}, status=400)

    @app.get("/add", response_class=HTMLResponse, include_in_schema=False)
    def add_form(request: Request, source: str = "", kind: str = "event"):
        require(request, "coder")
        if kind not in REVIEW_KINDS:
            raise HTTPException(400, f"unknown kind {kind!r}")
        names = [v.name for v in variables(kind)]
        return page(request, "add.html", {"kind": kind, "kinds": REVIEW_KINDS, "source": source, "errors": {},
                                          "fields": _fields(kind, names, {}), "record_id": ""})

    @app.post("/add", include_in_schema=False)
    async def add_save(request: Request):
        user, form = await guard(request, "coder")
        kind, source = form.get("kind", ""), form.get("source", "").strip()
        if kind not in REVIEW_KINDS:
            raise HTTPException(400, f"unknown kind {kind!r}")
        names = [v.name for v in variables(kind)]
        sent = [n for n in names if f"v.{n}" in form]  # fields not sent keep the model's defaults
        values, errors = _parse_values(kind, form, sent)
        values = {k: v for k, v in values.items() if v not in (None, [], {})}
        if not errors:
            try:
                rec = await _write(request, workflow.add_record, store, kind, values, source, user.name,
                                   form.get("record_id", ""))
                return RedirectResponse(f"/records/{kind}/{rec.id}", status_code=303)
            except (workflow.ReviewError, ValueProblem) as exc:
                errors["*"] = str(exc)
        return page(request, "add.html", {"kind": kind, "kinds": REVIEW_KINDS, "source": source, "errors": errors,
                                          "fields": _fields(kind, names, {}, form),
                                          "record_id": form.get("record_id", "")}, status=400)

    # --- double coding ----------------------------------------------------------------

    @app.get("/rounds", response_class=HTMLResponse, include_in_schema=False)
    def rounds_page(request: Request):
        require(request, "reviewer")
        from isd.review.users import list_users

        coders = [u.name for u in list_users(store) if u.can("coder")]
        rows = []
        for r in double.rounds(store):
            us = double.units(store, r["id"])
            rows.append({**r, "units": len(us), "complete": sum(u.complete for u in us),
                         "disagree": sum(bool(u.differences()) and not u.resolution for u in us)})
        return page(request, "rounds.html", {"rounds": rows, "coders": coders, "kinds": REVIEW_KINDS})

    @app.post("/rounds", include_in_schema=False)
    async def rounds_create(request: Request):
        user, form = await guard(request, "reviewer")
        kind = form.get("kind", "event")
        ids = [x.strip() for x in form.get("ids", "").replace(",", " ").split() if x.strip()]
        try:
            n = int(form.get("n", "0") or 0)
        except ValueError:
            raise HTTPException(400, "sample size must be a whole number") from None
        if kind not in REVIEW_KINDS:
            raise HTTPException(400, f"unknown kind {kind!r}")
        if not ids:
            ids = double.sample(store, kind, n)
        try:
            rid = await _write(request, double.create_round, store, form.get("name", ""), form.get("coder_a", ""),
                               form.get("coder_b", ""), [(kind, i) for i in ids], user.name)
        except (workflow.ReviewError, NotFoundError) as exc:
            raise HTTPException(400, str(exc)) from None
        return RedirectResponse(f"/rounds/{rid}", status_code=303)

    @app.get("/rounds/{round_id}", response_class=HTMLResponse, include_in_schema=False)
    def round_page(request: Request, round_id: int):
        require(request, "reviewer")
        try:
            r = double.get_round(store, round_id)
        except workflow.ReviewError as exc:
            raise HTTPException(404, str(exc)) from None
        return page(request, "round.html", {"r": r, "units": double.units(store, round_id)})

    @app.get("/coding", response_class=HTMLResponse, include_in_schema=False)
    def my_codings(request: Request):
        user = require(request, "coder")
        return page(request, "coding_list.html", {"pending": double.assignments(store, user.name),
                                                  "done": [a for a in double.assignments(store, user.name, False)
                                                           if a["submitted_at"] is not None]})

    def _coding_ctx(coding: dict, fields: list, errors: dict) -> dict:
        rec = workflow.load(store, coding["record_kind"], coding["record_id"])
        from isd.web.pages import evidence_rows

        srcs = store.get_many("source", rec.sources)
        return {"coding": coding, "rec": rec, "fields": fields, "errors": errors,
                "sources": [srcs[s] for s in rec.sources if s in srcs], "evidence": evidence_rows(store, rec)}

    @app.get("/coding/{coding_id}", response_class=HTMLResponse, include_in_schema=False)
    def coding_form(request: Request, coding_id: int):
        user = require(request, "coder")
        try:
            coding = double.get_coding(store, coding_id, user.name)
        except workflow.ReviewError as exc:
            raise HTTPException(403, str(exc)) from None
        names = double.coding_variables(coding["record_kind"])
        fields = _fields(coding["record_kind"], names, double.starting_values(store, coding))
        return page(request, "coding.html", _coding_ctx(coding, fields, {}))

    @app.post("/coding/{coding_id}", include_in_schema=False)
    async def coding_submit(request: Request, coding_id: int):
        user, form = await guard(request, "coder")
        try:
            coding = double.get_coding(store, coding_id, user.name)
        except workflow.ReviewError as exc:
            raise HTTPException(403, str(exc)) from None
        names = double.coding_variables(coding["record_kind"])
        values, errors = _parse_values(coding["record_kind"], form, names)
        if not errors:
            try:
                await _write(request, double.submit_coding, store, coding_id, user.name, values)
                return RedirectResponse("/coding", status_code=303)
            except (ValueProblem, workflow.ReviewError) as exc:
                errors["*"] = str(exc)
        return page(request, "coding.html", _coding_ctx(coding, _fields(coding["record_kind"], names, {}, form), errors),
                    status=400)

    @app.get("/rounds/{round_id}/adjudicate/{kind}/{record_id}", response_class=HTMLResponse, include_in_schema=False)
    def adjudicate_form(request: Request, round_id: int, kind: str, record_id: str):
        require(request, "reviewer")
        unit = next((u for u in double.units(store, round_id) if (u.kind, u.record_id) == (kind, record_id)), None)
        if unit is None:
            raise HTTPException(404, f"{kind} {record_id} is not in round {round_id}")
        coders = list(unit.codings)
        rows = [{"name": n, "values": {c: display((unit.codings[c] or {}).get(n)) for c in coders}}
                for n in unit.differences()]
        return page(request, "adjudicate.html", {"unit": unit, "coders": coders, "rows": rows})

    @app.post("/rounds/{round_id}/adjudicate/{kind}/{record_id}", include_in_schema=False)
    async def adjudicate_save(request: Request, round_id: int, kind: str, record_id: str):
        user, form = await guard(request, "reviewer")
        picks = {k[5:]: str(v) for k, v in form.items() if k.startswith("pick.")}
        try:
            await _write(request, double.adjudicate, store, round_id, kind, record_id, picks, user.name)
        except (workflow.ReviewError, ValueProblem) as exc:
            raise HTTPException(400, str(exc)) from None
        return RedirectResponse(f"/rounds/{round_id}", status_code=303)

    @app.get("/reliability", response_class=HTMLResponse, include_in_schema=False)
    def reliability_page(request: Request, kind: str = ""):
        rows = reliability(store, kind or None)
        return page(request, "reliability.html", {"rows": rows, "kind": kind})

    @app.get("/audit", response_class=HTMLResponse, include_in_schema=False)
    def audit_page(request: Request, kind: str = "", record_id: str = "", limit: int = 200):
        require(request, "reviewer")
        rows = store.audit(kind or None, record_id or None, limit=max(1, min(limit, 2000)))
        return page(request, "audit.html", {"rows": rows, "kind": kind, "record_id": record_id})
