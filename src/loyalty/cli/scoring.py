"""`loyalty score`: refit and rescore now, what the worker does every night."""

from __future__ import annotations

from typing import Annotated

import typer

from loyalty.cli.common import DatabaseUrlOption, database_for, err, out

AllProgramsOption = Annotated[int | None, typer.Option(
    "--program", help="Program id; defaults to every program.", show_default=False)]


def score(program_id: AllProgramsOption = None, database_url: DatabaseUrlOption = None) -> None:
    """Fit the customer-value and churn models on each program's purchases and replace its members'
    RFM cells, expected purchases, P(alive), predicted value and churn risk (docs/scoring.md)."""
    from loyalty.db.uow import unit_of_work
    from loyalty.kernel import clock
    from loyalty.programs import service as programs
    from loyalty.scoring import service as scoring

    with database_for(database_url) as database:
        with unit_of_work(database, read_only=True) as session:
            ids = ([programs.get_program(session=session, program_id=program_id).id] if program_id is not None
                   else [program.id for program in programs.list_programs(session=session)])
        for each in ids:
            with err.status(f"Scoring program {each}..."), unit_of_work(database) as session:
                run = scoring.score_program(session, each, clock.now())
                line = (f"Program {each}: {run.members_scored} members scored; "
                        f"BG/NBD log-likelihood {run.log_likelihood:.1f}; " if run.log_likelihood is not None
                        else f"Program {each}: {run.members_scored} members scored; BG/NBD not fitted; ")
                model = "model" if run.churn_model == "model" else "recency (the model does not beat it)"
                aucs = ", ".join(f"{name} AUC {value:.3f}" for name, value in
                                 (("model", run.model_auc), ("recency", run.baseline_auc)) if value is not None)
            out.print(f"{line}churn from {model}{'; ' + aucs if aucs else ''}.")
