"""`loyalty push public-key`."""

from __future__ import annotations

import typer

from loyalty.cli.common import DatabaseUrlOption, database_for
from loyalty.db.uow import unit_of_work

app = typer.Typer(help="Web push to the member app (VAPID keys).", no_args_is_help=True)


@app.command("public-key")
def public_key(database_url: DatabaseUrlOption = None) -> None:
    """Print the installation's VAPID public key (the applicationServerKey, base64url), making
    the key pair if this installation has none yet. The private key never leaves the database."""
    from loyalty.push import service

    with database_for(database_url) as database, unit_of_work(database) as session:
        key = service.public_key(session=session)
    # print(), not Rich: the key must come out as one unwrapped line.
    print(key)
