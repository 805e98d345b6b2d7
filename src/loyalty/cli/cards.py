"""`loyalty cards generate`: card numbers for the printer."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated

import typer

from loyalty.cli.common import (
    DatabaseUrlOption,
    ProgramOption,
    cli_actor,
    database_for,
    err,
    fail,
    out,
    resolve_program,
)
from loyalty.db.uow import unit_of_work

app = typer.Typer(help="Loyalty cards.", no_args_is_help=True)


@app.command("generate")
def generate(
    count: Annotated[int, typer.Option("--count", help="How many card numbers (1 to 100000).")],
    output: Annotated[Path, typer.Option("--output", help="CSV file to write (header: card_number).")],
    note: Annotated[str | None, typer.Option("--note", help="What the batch is for, e.g. 'Warsaw opening'.")] = None,
    program_id: ProgramOption = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Generate a batch of unassigned card numbers (Luhn-checked) and write them to a CSV."""
    from loyalty.members import service as members

    if output.exists():
        fail(f"{output} already exists: choose another --output or remove it.")
    if not output.parent.exists():
        fail(f"Directory {output.parent} does not exist.")
    with (database_for(database_url) as database, err.status(f"Generating {count} card numbers..."),
          unit_of_work(database) as session):
        program = resolve_program(session, program_id)
        batch = members.generate_card_batch(session=session, program=program, count=count, note=note,
                                            actor=cli_actor())
        numbers = members.batch_card_numbers(session=session, program_id=program.id, batch_id=batch.id)
    with output.open("x", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["card_number"])
        writer.writerows([number] for number in numbers)
    out.print(f"Card batch {batch.id} of program {program.id}: {len(numbers)} numbers written to {output}.")
