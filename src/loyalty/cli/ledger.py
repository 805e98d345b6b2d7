"""`loyalty ledger verify`: prove the ledger's invariants over the whole database."""

from __future__ import annotations

import typer

from loyalty.cli.common import DatabaseUrlOption, database_for, err, out

app = typer.Typer(help="The points ledger.", no_args_is_help=True)

MAX_PROBLEMS_SHOWN = 20


@app.command("verify")
def verify(database_url: DatabaseUrlOption = None) -> None:
    """Check that every transaction sums to zero and cached balances and lots match the entries.
    Exits 1 naming the first offenders when anything is off."""
    from loyalty.db.uow import unit_of_work
    from loyalty.gift_vouchers.service import verify_gift_balances
    from loyalty.ledger import service as ledger

    with database_for(database_url) as database, unit_of_work(database, read_only=True) as session:
        if database.dialect == "postgresql":
            # One snapshot for every check, so a purchase committed mid-way cannot look like an error.
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        with err.status("Verifying the ledger..."):
            report = ledger.verify(session=session, limit=MAX_PROBLEMS_SHOWN)
            gift_problems = verify_gift_balances(session, limit=MAX_PROBLEMS_SHOWN)
    summary = (f"{report.transactions_checked} ledger transactions and {report.accounts_checked} member "
               "accounts checked")
    problems = report.problems + gift_problems
    if not problems:
        out.print(f"Ledger OK: {summary}; gift voucher and bonus card balances match their movements.")
        return
    out.print(f"Ledger verification FAILED: {summary}; first problems:")
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        out.print(f"  {problem}")
    raise typer.Exit(1)
