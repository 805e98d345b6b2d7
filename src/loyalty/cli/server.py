"""`loyalty migrate` and `loyalty serve`."""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Annotated

import typer

from loyalty.cli.common import MIGRATE_FIRST, DatabaseUrlOption, fail, out, safe_url, settings_for, sqlite_path
from loyalty.config import Settings

HostOption = Annotated[str | None, typer.Option("--host", show_default="127.0.0.1", help="Interface to listen on.")]
PortOption = Annotated[int | None, typer.Option("--port", show_default="8000", help="TCP port.")]
WorkersOption = Annotated[int | None, typer.Option(
    "--workers", show_default="1", help="Server processes (more for throughput on PostgreSQL or SQLite/WAL).")]


def head_revision(database_url: str) -> str | None:
    from alembic.script import ScriptDirectory

    from loyalty.migrate import alembic_config

    return ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()


def ensure_schema_at_head(database_url: str) -> None:
    from loyalty.migrate import current_revision

    path = sqlite_path(database_url)
    if path is not None and not path.exists():
        fail(f"No database at {path}: {MIGRATE_FIRST}.")
    current, head = current_revision(database_url), head_revision(database_url)
    if current != head:
        fail(f"The database schema is at revision {current or '(none)'}, the code needs {head}: {MIGRATE_FIRST}.")


def migrate(database_url: DatabaseUrlOption = None) -> None:
    """Create or upgrade the database schema to the latest revision."""
    from loyalty.migrate import current_revision, upgrade

    settings = settings_for(database_url)
    url = settings.database.url
    path = sqlite_path(url)
    if path is not None and not path.parent.exists():
        fail(f"Directory {path.parent} does not exist.")
    before = current_revision(url)
    upgrade(url)
    after = current_revision(url)
    if before == after:
        out.print(f"{safe_url(url)}: schema already at revision {after}.")
    else:
        out.print(f"{safe_url(url)}: schema upgraded from {before or '(empty database)'} to revision {after}.")


def serve(database_url: DatabaseUrlOption = None, host: HostOption = None, port: PortOption = None,
          workers: WorkersOption = None) -> None:
    """Run the HTTP API (interactive docs at /docs) on a migrated database."""
    settings = settings_for(database_url, host=host, port=port, workers=workers)
    ensure_schema_at_head(settings.database.url)
    if settings.security.secret_key is None:
        fail("Set LOYALTY_SECURITY__SECRET_KEY (at least 32 characters, the same on every host): it signs the "
             "gift page's sessions. `python -c 'import secrets; print(secrets.token_urlsafe(48))'` makes one.")
    run_server(settings)


def run_server(settings: Settings) -> None:
    """Serve until interrupted. Workers build the app from the environment (see cli/asgi.py)."""
    import uvicorn

    # Worker processes read their settings from the environment, so the CLI's choices go there.
    os.environ["LOYALTY_DATABASE_URL"] = settings.database.url
    os.environ["LOYALTY_DATABASE__URL"] = settings.database.url
    os.environ["LOYALTY_LOG_LEVEL"] = settings.log_level
    if settings.security.secret_key is not None:
        os.environ["LOYALTY_SECURITY__SECRET_KEY"] = settings.security.secret_key.get_secret_value()
    server = settings.server
    metrics_dir = None
    if server.workers > 1:
        # Each process counts its own requests; /metrics sums the files they share here.
        metrics_dir = tempfile.mkdtemp(prefix="loyalty-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    out.print(f"Serving on http://{server.host}:{server.port} (API docs at /docs) with {server.workers} "
              f"worker(s); database {safe_url(settings.database.url)}. Ctrl+C stops.")
    try:
        # uvicorn picks uvloop and httptools when they are installed (loop/http "auto").
        uvicorn.run("loyalty.cli.asgi:app_factory", factory=True, host=server.host, port=server.port,
                    workers=server.workers, access_log=False, log_level=settings.log_level.lower())
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
