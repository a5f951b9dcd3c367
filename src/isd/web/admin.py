"""Account management page for admins (the same functions as `isd user`)."""

from __future__ import annotations

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from isd.review.users import ROLES, UserError, add_user, list_users, set_active
from isd.web.app import page
from isd.web.auth import guard, require


def register(app: FastAPI) -> None:
    store = app.state.store

    @app.get("/users", response_class=HTMLResponse, include_in_schema=False)
    def users_page(request: Request):
        require(request, "admin")
        return page(request, "users.html", {"users": list_users(store), "roles": ROLES, "error": None})

    @app.post("/users", include_in_schema=False)
    async def users_change(request: Request):
        from isd.web.reviewpages import _write

        user, form = await guard(request, "admin")
        do, name = form.get("do", ""), str(form.get("name", ""))
        try:
            if do == "add":
                await _write(request, add_user, store, name, str(form.get("role", "")), str(form.get("password", "")),
                             replace=form.get("replace") == "1", by=user.name)
            elif do in ("disable", "enable"):
                if name == user.name and do == "disable":
                    raise UserError("you cannot disable your own account")
                await _write(request, set_active, store, name, do == "enable", by=user.name)
            else:
                raise HTTPException(400, f"unknown action {do!r}")
        except UserError as exc:
            return page(request, "users.html", {"users": list_users(store), "roles": ROLES, "error": str(exc)},
                        status=400)
        request.app.state.users.data.clear()  # role changes apply at once
        return RedirectResponse("/users", status_code=303)
