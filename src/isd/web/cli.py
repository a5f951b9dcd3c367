"""Verbs: serve (the web app), user (accounts)."""

from __future__ import annotations

import os
from typing import Optional

import typer

from isd.clikit import context, fail, print_table

user_app = typer.Typer(help="Accounts of the web app (roles: viewer, coder, reviewer, admin).\n\n"
                            "Example: isd user add ann --role coder", no_args_is_help=True)

ENV_PASSWORD = "ISD_PASSWORD"


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (127.0.0.1 = this machine only)."),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    public: bool = typer.Option(False, "--public", help="Read-only public mode: no login, no writes."),
) -> None:
    """Run the web app: dashboard, lists, records with evidence, review queue, double coding.

    Log-in accounts come from `isd user add`.  The session key is ISD_SECRET_KEY, or one
    generated into the data directory.  With --public anyone can read and nobody can write.

    Example: isd serve --port 8000
    """
    import uvicorn

    from isd.web.app import create_app
    from isd.web.auth import secret_key

    c = context(ctx)
    store = c.store
    if not public:
        from isd.review.users import list_users

        if not list_users(store):
            c.console.print("[yellow]no accounts yet:[/] add one with `isd user add NAME --role admin`")
    app = create_app(store, secret=secret_key(c.settings.home), public=public)
    c.console.print(f"isd web app on http://{host}:{port}/ ({'public, read-only' if public else 'login required'})")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def user_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="User name (letters, digits, . _ - @)."),
    role: str = typer.Option("viewer", "--role", help="viewer | coder | reviewer | admin"),
    password: Optional[str] = typer.Option(None, "--password", help="Password (else ISD_PASSWORD, else a prompt)."),
    replace: bool = typer.Option(False, "--replace", help="Reset the role and password of an existing account."),
) -> None:
    """Add an account (passwords are stored argon2-hashed).

    Example: isd user add ann --role coder
    """
    from isd.review.users import UserError, add_user

    c = context(ctx)
    pw = password or os.environ.get(ENV_PASSWORD)
    if not pw:
        pw = typer.prompt(f"password for {name}", hide_input=True, confirmation_prompt=True)
    try:
        u = add_user(c.store, name, role, pw, replace=replace)
    except UserError as exc:
        fail(str(exc))
    c.console.print(f"{'updated' if replace else 'added'} {u.name} ({u.role})")


def user_list(ctx: typer.Context) -> None:
    """List accounts and roles.

    Example: isd user list
    """
    from isd.review.users import list_users

    print_table([{"name": u.name, "role": u.role, "active": u.active} for u in list_users(context(ctx).store)])


def user_disable(ctx: typer.Context, name: str = typer.Argument(..., help="User name.")) -> None:
    """Disable an account (it is kept, with its history; it can no longer log in).

    Example: isd user disable ann
    """
    from isd.review.users import UserError, set_active

    try:
        set_active(context(ctx).store, name, False)
    except UserError as exc:
        fail(str(exc))


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    user_app.command("add")(user_add)
    user_app.command("list")(user_list)
    user_app.command("disable")(user_disable)
    app.add_typer(user_app, name="user")
