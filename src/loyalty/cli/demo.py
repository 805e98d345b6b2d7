"""`loyalty demo`: a realistic program with two years of history, an admin key, and the server."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from loyalty.analytics import warehouse
from loyalty.cli.common import err, fail, out, progress_bar, safe_url, settings_for, sqlite_path, status
from loyalty.cli.server import HostOption, PortOption, run_server
from loyalty.config import DatabaseSettings, SecuritySettings, generate_secret_key
from loyalty.db.engine import create_database
from loyalty.db.uow import unit_of_work
from loyalty.demo.staff import demo_email, demo_member_email, ensure_demo_staff
from loyalty.kernel import clock

DEMO_DATABASE_URL = "sqlite:///loyalty-demo.db"
DEMO_KEY_NAME = "demo-admin"


def demo(
    members: Annotated[int, typer.Option("--members", min=0, help="Members to enrol.")] = 2000,
    purchases: Annotated[int, typer.Option("--purchases", min=0, help="Receipts over the last 12 months.")] = 30000,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same data.")] = 42,
    database_url: Annotated[str | None, typer.Option(
        "--database-url", show_default=DEMO_DATABASE_URL,
        help="Where the demo lives: an empty database or the demo's own [env: LOYALTY_DATABASE_URL]")] = None,
    host: HostOption = None,
    port: PortOption = None,
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Start the server afterwards.")] = True,
    reset: Annotated[bool, typer.Option("--reset", help="Delete the demo SQLite database and start afresh.")] = False,
) -> None:
    """Seed a demo coffee & grocery chain (on first start), print an admin key, and serve the API."""
    from loyalty.auth import service as auth
    from loyalty.demo.loader import DEMO_PROGRAM_NAME
    from loyalty.migrate import upgrade
    from loyalty.programs import service as programs

    # The environment's database is used too, but a database holding any other program is left
    # alone, and only one named on the command line is ever deleted (--reset).
    from_environment = database_url is None and bool(os.environ.get("LOYALTY_DATABASE_URL"))
    settings = settings_for(database_url or os.environ.get("LOYALTY_DATABASE_URL") or DEMO_DATABASE_URL,
                            host=host, port=port)
    if "LOYALTY_PUBLIC_URL" not in os.environ:  # links in the demo's mails lead where it is served
        settings.public_url = f"http://{settings.server.host}:{settings.server.port}"
    url = settings.database.url
    path = sqlite_path(url)
    if reset:
        if from_environment:
            fail("--reset deletes a database: name it with --database-url (LOYALTY_DATABASE_URL is not enough).")
        if path is None:
            fail("--reset only deletes a SQLite demo database; drop a PostgreSQL database yourself.")
        delete_sqlite(path)
        err.print(f"Deleted {path}.")
    upgrade(url)
    # The data can be regenerated at will, so loading skips the fsync on every commit.
    database = create_database(DatabaseSettings(url=url, sqlite_synchronous="NORMAL"))
    try:
        with unit_of_work(database, read_only=True) as session:
            existing = programs.list_programs(session=session)
            unfinished = [program.id for program in existing if not _finished(session, program.id)]
        strangers = [program for program in existing if program.name != DEMO_PROGRAM_NAME]
        if strangers:
            fail(f"{safe_url(url)} holds program {strangers[0].id} ({strangers[0].name}), not the demo's: the demo "
                 "only seeds an empty database or serves its own. Give it another --database-url (or unset "
                 "LOYALTY_DATABASE_URL).")
        if unfinished:
            # Killed while loading (SIGKILL, out of memory, a power cut): no clean-up ran, and the
            # part loaded is not to be served as the demo.
            stopped = (f"{safe_url(url)} holds demo program {unfinished[0]}, whose load did not finish "
                       "(it was stopped part way)")
            if path is None:
                fail(f"{stopped}: drop the database and create it empty (or give --database-url an empty one), "
                     "then start again.")
            if from_environment:
                fail(f"{stopped}: start afresh with `loyalty demo --reset --database-url {url}`.")
            err.print(f"{stopped}: starting afresh.")
            database.dispose()
            delete_sqlite(path)
            upgrade(url)
            existing = []
        if existing:
            program_id = existing[0].id
            err.print(f"{safe_url(url)} already holds program {program_id} ({existing[0].name}): not seeding again "
                      "(--reset starts afresh).")
        else:
            try:
                with sigterm_stops():
                    program_id = seed_demo(database_url=url, members=members, purchases=purchases, seed=seed)
            except BaseException:
                # SQLite: the part loaded goes, so the next start seeds at once. PostgreSQL keeps the
                # batches committed so far, without the mark of a finished load: the next start refuses them.
                database.dispose()
                if path is not None:
                    delete_sqlite(path)
                    err.print(f"Seeding stopped: removed the half-filled {path}; the next start seeds afresh.")
                else:
                    err.print("Seeding stopped: the database holds part of the demo, which the next start refuses; "
                              "drop it and start again on an empty one.")
                raise
        with unit_of_work(database) as session:
            issued = auth.create_api_key(session=session, program_id=program_id, name=DEMO_KEY_NAME, scopes=["admin"])
            passwords = ensure_demo_staff(session, program_id=program_id)
            member_email = demo_member_email(session, program_id=program_id)
        # The analytics copy, filled before the server starts: the dashboard has its figures at
        # once (the in-process worker then syncs it every minute).
        with status("Copying the data for the analytics dashboard..."):
            warehouse.sync(database, settings)
    finally:
        database.dispose()
    server = settings.server
    site = f"http://{server.host}:{server.port}"
    out.print(f"\nAdmin panel: {site}/admin   POS screen: {site}/pos   Member app: {site}/app")
    out.print("Staff sign-in (new passwords on every start):")
    for role, password in passwords.items():
        out.print(f"  {role:<9} {demo_email(role):<32} {password}")
    if member_email:
        out.print(f"Member app: sign in as {member_email}; the one-time code is written to the server log and to "
                  f"{settings.mail.outbox_dir}/ (no e-mail leaves this machine).")
    out.print(f"\nInteractive API docs: {site}/docs")
    out.print("Press Authorize there and paste this admin API key (the key alone, without 'Bearer');")
    out.print("the calls you try there then send it. A new key is made on every start:")
    print(issued.secret)
    if serve:
        if settings.security.secret_key is None:  # the demo may sign its own sessions; a real site may not
            settings.security = SecuritySettings(secret_key=generate_secret_key())
        run_server(settings)


@contextmanager
def sigterm_stops() -> Iterator[None]:
    """SIGTERM (`kill`, a service manager, `docker stop`) ends the block as Ctrl+C does, through
    the clean-up, with exit status 143 (128 + SIGTERM), instead of ending the process where it stands."""

    def stop(signal_number: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signal_number)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def delete_sqlite(path: Path) -> None:
    analytics = path.with_name(path.name + ".analytics.duckdb")  # a copy of the deleted data: stale
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"), analytics,
                     analytics.with_name(analytics.name + ".wal")):
        leftover.unlink(missing_ok=True)


def seed_demo(*, database_url: str, members: int, purchases: int, seed: int) -> int:
    """Generate and load the demo data; the new program's id."""
    from loyalty.demo.generator import generate
    from loyalty.demo.loader import load, operation_count

    database = create_database(DatabaseSettings(url=database_url, sqlite_synchronous="NORMAL"))
    try:
        with status("Generating the demo data..."):
            data = generate(members=members, purchases=purchases, seed=seed, now=clock.now())
        with progress_bar() as progress:
            task = progress.add_task("Loading the demo history", total=operation_count(data))
            report = load(database, data, on_progress=lambda done: progress.advance(task, done))
    finally:
        database.dispose()
    err.print(f"Demo program {report.program_id}: {report.members} members, {report.purchases} receipts, "
              f"{report.refunds} refunds, {report.reviews} reviews, {report.birthday_awards} birthday gifts, "
              f"{report.points_released} pending lots released, {report.lots_expired} lots expired; "
              f"loaded in {report.seconds:.0f} s.")
    return report.program_id


def _finished(session: Session, program_id: int) -> bool:
    """The demo program's load finished: it has the mark (loader.is_loaded), or, loaded before
    there was one, the admin key this command makes only after a load."""
    from loyalty.auth import service as auth
    from loyalty.demo.loader import is_loaded

    return is_loaded(session, program_id=program_id) or any(
        key.name == DEMO_KEY_NAME for key in auth.list_api_keys(session=session, program_id=program_id,
                                                                 limit=200).items)
