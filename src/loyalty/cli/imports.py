"""`loyalty import members|purchases|rewards FILE`: the admin panel's importer at a terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from loyalty.cli.common import DatabaseUrlOption, cli_actor, database_for, err, fail, out, resolve_program

app = typer.Typer(help="Import members, historical receipts or rewards from CSV (docs/imports.md).",
                  no_args_is_help=True)

FileArgument = Annotated[Path, typer.Argument(help="The CSV file (UTF-8, a header line; see docs/imports.md).",
                                              show_default=False)]
ProgramIdOption = Annotated[int | None, typer.Option(
    "--program-id", "--program", help="Program id; defaults to the only program.", show_default=False)]


def _run(kind: str, file: Path, program_id: int | None, database_url: str | None) -> None:
    from loyalty.audit import service as audit
    from loyalty.db.uow import unit_of_work
    from loyalty.imports import service as imports

    if not file.is_file():
        fail(f"No file at {file}.")
    data = file.read_bytes()
    actor = cli_actor("cli")
    last: dict[str, int] = {}

    def progress(stage: str, done: int, total: int) -> None:
        # One line a tenth of the way and at the end: readable in a terminal and a log alike.
        step = 10 * done // total if total else 10
        if last.get(stage, -1) < step:
            last[stage] = step
            err.print(f"{'Checking' if stage == 'checking' else 'Importing'}: {done}/{total}", markup=False)

    with database_for(database_url) as database:
        try:
            with unit_of_work(database) as session:
                program = resolve_program(session, program_id)
                report = imports.run_import(session=session, program=program, kind=kind,  # type: ignore[arg-type]
                                            data=data, actor=actor, progress=progress)
                audit.record(session=session, program_id=program.id, actor=actor, actor_name=actor,
                             action="import.completed", subject_type="import", subject_id=None,
                             after={"kind": kind, "file": file.name, **report.as_dict()})
        except imports.ImportRefused as refused:
            out.print(f"Refused: {refused.report.rejected_count} line(s) rejected, nothing was imported.",
                      markup=False)
            for rejection in refused.report.rejected:
                out.print(f"  {rejection}", markup=False)
            if refused.report.rejected_count > len(refused.report.rejected):
                out.print(f"  ... and {refused.report.rejected_count - len(refused.report.rejected)} more",
                          markup=False)
            raise typer.Exit(1) from None
    counts = ", ".join(f"{count} {what.replace('_', ' ')}" for what, count in report.imported.items())
    out.print(f"Imported from {file.name} ({report.lines} lines): {counts}.", markup=False)


@app.command("members")
def members(file: FileArgument, program_id: ProgramIdOption = None, database_url: DatabaseUrlOption = None) -> None:
    """Members with their card numbers and opening balances."""
    _run("members", file, program_id, database_url)


@app.command("purchases")
def purchases(file: FileArgument, program_id: ProgramIdOption = None,
              database_url: DatabaseUrlOption = None) -> None:
    """Historical receipts (they earn no points: opening balances carry the old points)."""
    _run("purchases", file, program_id, database_url)


@app.command("rewards")
def rewards(file: FileArgument, program_id: ProgramIdOption = None, database_url: DatabaseUrlOption = None) -> None:
    """Rewards for the catalogue."""
    _run("rewards", file, program_id, database_url)
