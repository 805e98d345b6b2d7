"""`loyalty api-keys create|list|revoke`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from loyalty.auth import service
from loyalty.auth.scopes import SCOPES
from loyalty.cli.common import DatabaseUrlOption, ProgramOption, database_for, out, print_table, resolve_program
from loyalty.db.uow import unit_of_work
from loyalty.kernel import paging

app = typer.Typer(help="API keys: scoped to one program, stored hashed, shown once.", no_args_is_help=True)


@app.command("create")
def create(
    name: Annotated[str, typer.Option("--name", help="Who uses it, e.g. pos-warsaw or web-shop.")],
    scopes: Annotated[str, typer.Option("--scopes", help="Comma-separated: " + ", ".join(SCOPES))],
    program_id: ProgramOption = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Create a key. The key itself is printed alone on the last line:
    KEY=$(loyalty api-keys create --name pos --scopes purchases:write | tail -n1)"""
    wanted = [scope.strip() for scope in scopes.split(",") if scope.strip()]
    with database_for(database_url) as database, unit_of_work(database) as session:
        program = resolve_program(session, program_id)
        issued = service.create_api_key(session=session, program_id=program.id, name=name, scopes=wanted)
    out.print(f"Created API key {issued.key.id} '{issued.key.name}' for program {program.id} ({program.name}) "
              f"with scopes: {', '.join(issued.key.scopes)}.")
    out.print("Store it now: it is shown only this once. Send it as 'Authorization: Bearer <key>'.")
    # print(), not Rich: the key must come out as one unwrapped line.
    print(issued.secret)


@app.command("list")
def list_(program_id: ProgramOption = None, database_url: DatabaseUrlOption = None) -> None:
    """List a program's keys (never their secrets)."""
    with database_for(database_url) as database, unit_of_work(database, read_only=True) as session:
        program = resolve_program(session, program_id)
        keys = paging.every_item(lambda after_id: service.list_api_keys(
            session=session, program_id=program.id, after_id=after_id, limit=paging.MAX_PAGE_SIZE))
    if not keys:
        out.print(f"Program {program.id} has no API keys.")
        return
    table = Table("id", "name", "prefix", "scopes", "created", "revoked", title=f"API keys of {program.name}")
    for key in keys:
        table.add_row(str(key.id), key.name, key.prefix, ", ".join(key.scopes), f"{key.created_at:%Y-%m-%d %H:%M}",
                      f"{key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "")
    print_table(table)


@app.command("revoke")
def revoke(key_id: Annotated[int, typer.Argument(metavar="ID")], program_id: ProgramOption = None,
           database_url: DatabaseUrlOption = None) -> None:
    """Revoke a key: requests with it are refused from now on."""
    with database_for(database_url) as database, unit_of_work(database) as session:
        program = resolve_program(session, program_id)
        key = service.revoke_api_key(session=session, program_id=program.id, key_id=key_id)
    out.print(f"Revoked API key {key.id} '{key.name}' (program {program.id}).")
