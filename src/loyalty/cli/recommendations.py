"""`loyalty recommend`: refresh the members' personal lists now, what the worker does every night."""

from __future__ import annotations

from typing import Annotated

import typer

from loyalty.cli.common import DatabaseUrlOption, database_for, err, out

AllProgramsOption = Annotated[int | None, typer.Option(
    "--program", help="Program id; defaults to every program.", show_default=False)]


def recommend(program_id: AllProgramsOption = None, database_url: DatabaseUrlOption = None) -> None:
    """Refit the recommender on each program's purchase history and replace every member's ranked
    products and offers (docs/recommendations.md)."""
    from loyalty.db.uow import unit_of_work
    from loyalty.kernel import clock
    from loyalty.programs import service as programs
    from loyalty.worker.tasks_recommendations import refresh_program

    with database_for(database_url) as database:
        with unit_of_work(database, read_only=True) as session:
            ids = ([programs.get_program(session=session, program_id=program_id).id] if program_id is not None
                   else [program.id for program in programs.list_programs(session=session)])
        for each in ids:
            with err.status(f"Recommending for program {each}..."), unit_of_work(database) as session:
                run = refresh_program(session, each, clock.now())
            out.print(f"Program {each}: {run.members} members with history, {run.members_personal} with a personal "
                      f"list (the rest: popular products); {run.products} products and {run.offers} offers stored.")
