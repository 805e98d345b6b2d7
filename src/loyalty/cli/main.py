"""The `loyalty` command. One module per command group; heavy imports happen inside commands,
so `loyalty --help` and cron's `loyalty jobs run` start quickly."""

from __future__ import annotations

import typer

from loyalty.cli import (
    activity,
    api_keys,
    cards,
    demo,
    imports,
    jobs,
    ledger,
    programs,
    push,
    recommendations,
    scoring,
    server,
    users,
    worker,
)
from loyalty.cli.common import LoyaltyGroup

app = typer.Typer(
    cls=LoyaltyGroup,
    name="loyalty",
    help="Self-hostable loyalty platform: run the API, manage programs and keys, run jobs, try the demo.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)

app.command("migrate")(server.migrate)
app.command("serve")(server.serve)
app.command("demo")(demo.demo)
app.command("worker")(worker.worker)
app.command("score")(scoring.score)
app.command("recommend")(recommendations.recommend)
app.command("rebuild-activity")(activity.rebuild_activity)
app.add_typer(programs.app, name="programs")
app.add_typer(api_keys.app, name="api-keys")
app.add_typer(jobs.app, name="jobs")
app.add_typer(ledger.app, name="ledger")
app.add_typer(cards.app, name="cards")
app.add_typer(users.app, name="users")
app.add_typer(imports.app, name="import")
app.add_typer(worker.app, name="events")
app.add_typer(push.app, name="push")
# Further groups (e.g. `loyalty bench`) register here the same way: app.add_typer(module.app, name=...).


if __name__ == "__main__":
    app()
