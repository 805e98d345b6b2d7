"""`loyalty push public-key`: the installation's VAPID public key, the same on every call."""

from __future__ import annotations

from typer.testing import CliRunner

from loyalty.cli.main import app
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.push import service as push


def test_push_public_key_prints_the_key_the_app_subscribes_with(database: Database) -> None:
    url = database.engine.url.render_as_string(hide_password=False)
    first = CliRunner().invoke(app, ["push", "public-key", "--database-url", url])
    again = CliRunner().invoke(app, ["push", "public-key", "--database-url", url])
    with unit_of_work(database, read_only=True) as session:
        stored = push.vapid_keys(session=session).public_key
    assert first.exit_code == 0, first.output
    assert first.output.strip() == again.output.strip() == stored
