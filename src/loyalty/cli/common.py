"""What every command shares: options, consoles, opening the database, and how errors look.

A user error (a domain error, an invalid setting, a database that is missing or not
migrated) prints one line on stderr and exits 1; only bugs print a traceback.
"""

from __future__ import annotations

import getpass
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape as _escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session
from typer.core import TyperGroup

from loyalty.config import DEFAULT_DATABASE_URL, Settings, load_settings
from loyalty.db.engine import Database, create_database
from loyalty.kernel.errors import DomainError, Invalid
from loyalty.programs import service as programs
from loyalty.programs.models import Program

# Progress bars and errors go to stderr, so stdout stays clean for what scripts read.
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DatabaseUrlOption = Annotated[str | None, typer.Option(
    "--database-url", envvar="LOYALTY_DATABASE_URL", show_default=DEFAULT_DATABASE_URL,
    help="sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST/DB",
)]
ProgramOption = Annotated[int | None, typer.Option(
    "--program", help="Program id; defaults to the only program.", show_default=False,
)]
MIGRATE_FIRST = "run `loyalty migrate` first"


class CliError(Exception):
    """A problem the person at the terminal can fix; printed as one line."""


class LoyaltyGroup(TyperGroup):
    """Turns user errors from any command into one line on stderr and exit status 1."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (DomainError, CliError, ValidationError, DBAPIError) as error:
            err.print(f"[bold red]Error:[/] {describe(error)}", markup=True, highlight=False)
            raise typer.Exit(1) from error


def describe(error: BaseException) -> str:
    """One line for people: the message, and the field or option at fault."""
    if isinstance(error, DomainError):
        field = f" ({as_option(error.field)})" if error.field and error.field not in error.message else ""
        return _escape(error.message + field)
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        location = as_option(".".join(str(part) for part in first.get("loc", ())))
        message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
        return _escape(f"{location}: {message}" if location else message)
    if isinstance(error, DBAPIError):
        return _escape(_database_problem(error))
    return _escape(str(error))


def as_option(field: str) -> str:
    """A schema field as the command-line option that set it: point_value -> --point-value."""
    if field.isidentifier():
        return "--" + field.replace("_", "-")
    return field


def _database_problem(error: DBAPIError) -> str:
    text = str(error.orig).strip().splitlines()[0] if error.orig is not None else str(error)
    missing_table = "no such table" in text or (
        getattr(error.orig, "sqlstate", None) == "42P01")  # PostgreSQL undefined_table
    if missing_table:
        return f"The database has no loyalty schema (or an old one): {MIGRATE_FIRST}. ({text})"
    if isinstance(error, OperationalError) and not isinstance(error.orig, sqlite3.OperationalError):
        return f"Cannot use the database: {text}"
    return f"Database error: {text}"


def fail(message: str) -> NoReturn:
    raise CliError(message)


def settings_for(database_url: str | None, **server: Any) -> Settings:
    return load_settings(database_url=database_url, **server)


def safe_url(url: str) -> str:
    """The URL with any password masked, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for PostgreSQL and in-memory SQLite)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def open_database(settings: Settings, *, must_exist: bool = True) -> Database:
    path = sqlite_path(settings.database.url)
    if must_exist and path is not None and not path.exists():
        fail(f"No database at {path}: {MIGRATE_FIRST} (or pass --database-url).")
    return create_database(settings.database)


@contextmanager
def database_for(database_url: str | None) -> Iterator[Database]:
    database = open_database(settings_for(database_url))
    try:
        yield database
    finally:
        database.dispose()


def resolve_program(session: Session, program_id: int | None) -> Program:
    """The program given with --program, or the only one there is."""
    if program_id is not None:
        return programs.get_program(session=session, program_id=program_id)
    existing = programs.list_programs(session=session)
    if not existing:
        raise Invalid("There is no program yet: create one with `loyalty programs create --name ...` "
                      "(or try `loyalty demo`).", code="no_program", field="--program")
    if len(existing) > 1:
        raise Invalid(f"There are {len(existing)} programs: choose one with --program ID "
                      "(see `loyalty programs list`).", code="program_required", field="--program")
    return existing[0]


def cli_actor(what: str = "cli") -> str:
    """Who did it, for the audit trail: the command and the operating-system user."""
    try:
        return f"{what}:{getpass.getuser()}"
    except (KeyError, OSError):  # no passwd entry, e.g. a container running as a bare uid
        return what


def print_table(table: Table) -> None:
    """A table on stdout; piped into a file or grep it keeps one row per line instead of wrapping at 80."""
    if out.is_terminal:
        out.print(table)
    else:
        Console(file=out.file, width=250, highlight=False, color_system=None).print(table)


def progress_bar() -> Progress | PlainProgress:
    """A live bar on a terminal; plain lines in a log file or CI, where the bar would show only once done."""
    if not err.is_terminal:
        return PlainProgress(err)
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("eta"), TimeRemainingColumn(), console=err, transient=False,
    )


class PlainProgress:
    """Progress as lines such as `Loading the demo history 6000/33000 (18%)`: one each time a
    tenth of the work more is done, at least one a minute while work moves, and one at the end."""

    STEPS = 10
    AT_LEAST_EVERY_SECONDS = 60.0

    def __init__(self, console: Console) -> None:
        self.console = console
        self.tasks: list[_PlainTask] = []

    def __enter__(self) -> PlainProgress:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None

    def add_task(self, description: str, total: float | None = None) -> TaskID:
        self.tasks.append(_PlainTask(description=description, total=int(total or 0),
                                     printed_at=time.monotonic()))
        return TaskID(len(self.tasks) - 1)

    def advance(self, task_id: TaskID, advance: float = 1) -> None:
        task = self.tasks[task_id]
        task.completed += int(advance)
        step = self._step(task)
        now = time.monotonic()
        if step > task.printed_step or now - task.printed_at >= self.AT_LEAST_EVERY_SECONDS:
            percent = f" ({100 * task.completed // task.total}%)" if task.total else ""
            self.console.print(f"{task.description} {task.completed}/{task.total}{percent}", markup=False)
            task.printed_step, task.printed_at = step, now

    def _step(self, task: _PlainTask) -> int:
        if task.total <= 0:
            return task.completed
        return self.STEPS * min(task.completed, task.total) // task.total


@dataclass
class _PlainTask:
    description: str
    total: int
    printed_at: float
    completed: int = 0
    printed_step: int = 0


@contextmanager
def status(message: str) -> Iterator[None]:
    """A spinner on a terminal; the message as a line elsewhere (a spinner would print nothing)."""
    if not err.is_terminal:
        err.print(message, markup=False)
        yield
        return
    with err.status(message):
        yield
