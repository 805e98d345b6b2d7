"""`loyalty users create|list`: staff users of the admin panel and the POS screen."""

from __future__ import annotations

import secrets
from typing import Annotated

import typer
from rich.table import Table

from loyalty.auth import staff
from loyalty.auth.roles import ROLES
from loyalty.cli.common import DatabaseUrlOption, ProgramOption, database_for, out, print_table, resolve_program
from loyalty.db.uow import unit_of_work

app = typer.Typer(help="Staff users: who signs in to /admin and /pos, with which role.", no_args_is_help=True)


@app.command("create")
def create(
    email: Annotated[str, typer.Option("--email", help="What the person signs in with.")],
    role: Annotated[str, typer.Option("--role", help="One of: " + ", ".join(ROLES))],
    name: Annotated[str | None, typer.Option("--name", help="Shown in the panel and the audit log.")] = None,
    password: Annotated[str | None, typer.Option(
        "--password", help=f"At least {staff.MIN_PASSWORD_LENGTH} characters; without it one is generated "
                           "and printed once.")] = None,
    adjustment_limit: Annotated[int | None, typer.Option(
        "--adjustment-limit", help="Agents: the most points one manual adjustment may add or take.")] = None,
    program_id: ProgramOption = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Create a staff user, e.g. the first owner: loyalty users create --email me@shop.example --role owner"""
    chosen = password if password is not None else secrets.token_urlsafe(12)
    with database_for(database_url) as database, unit_of_work(database) as session:
        program = resolve_program(session, program_id)
        user = staff.create_user(session=session, program_id=program.id, email=email, role=role,
                                 name=name or email.split("@")[0], password=chosen,
                                 adjustment_limit=adjustment_limit)
        user_id, user_email = user.id, user.email
    out.print(f"Created staff user {user_id} {user_email} ({role}) in program {program.id} ({program.name}).")
    if password is None:
        out.print("Their password, shown only this once:")
        print(chosen)


@app.command("list")
def list_(program_id: ProgramOption = None, database_url: DatabaseUrlOption = None) -> None:
    """List a program's staff users."""
    with database_for(database_url) as database, unit_of_work(database, read_only=True) as session:
        program = resolve_program(session, program_id)
        users = [(user.id, user.email, user.name, user.role, user.disabled_at is not None)
                 for user in staff.list_users(session=session, program_id=program.id)]
    if not users:
        out.print(f"Program {program.id} has no staff users. Create the first owner with: "
                  "loyalty users create --email EMAIL --role owner")
        return
    table = Table("id", "e-mail", "name", "role", "disabled", title=f"Staff users of {program.name}")
    for user_id, email, name, role, disabled in users:
        table.add_row(str(user_id), email, name, role, "yes" if disabled else "")
    print_table(table)
