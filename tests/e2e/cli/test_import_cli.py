"""`loyalty import` as an operator uses it: progress, the refusal naming each rejected line with
a non-zero exit and nothing written, an import that goes in whole, and `loyalty ledger verify`
passing afterwards. On both databases."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner, Result

from loyalty.audit.models import AuditEntry
from loyalty.cli.main import app
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.members.models import Member
from loyalty.programs.models import Program
from loyalty.purchases.models import Purchase


def loyalty(*args: str | int | Path) -> Result:
    return CliRunner().invoke(app, [str(arg) for arg in args])


def url_of(database: Database) -> str:
    return database.engine.url.render_as_string(hide_password=False)


def count(database: Database, model: type[Member] | type[Purchase],
          program: Program) -> int:
    with unit_of_work(database, read_only=True) as session:
        return int(session.scalar(select(func.count()).select_from(model).where(model.program_id == program.id)) or 0)


def test_a_file_with_bad_lines_is_refused_naming_each_and_nothing_is_imported(
        database: Database, program: Program, tmp_path: Path) -> None:
    file = tmp_path / "members.csv"
    file.write_text("email,first_name,opening_balance\nada@example.com,Ada,10\nbob@example.com,Bob,ten\n"
                    "not-an-address,Cy,\n")
    result = loyalty("import", "members", file, "--program-id", program.id, "--database-url", url_of(database))
    assert result.exit_code == 1
    assert "Refused: 2 line(s) rejected, nothing was imported." in result.stdout
    assert "  line 3, field opening_balance: 'ten' is not a whole number" in result.stdout
    assert "  line 4, field email: " in result.stdout
    assert count(database, Member, program) == 0


def test_members_then_their_history_go_in_whole_and_the_ledger_verifies(
        database: Database, program: Program, tmp_path: Path) -> None:
    members = tmp_path / "members.csv"
    members.write_text("email,first_name,card_number,opening_balance\nada@example.com,Ada,4000000000000002,300\n"
                       "bob@example.com,Bob,,\n")
    history = tmp_path / "history.csv"
    history.write_text("receipt_id,member_card_number,occurred_at,sku,quantity,unit_price\n"
                       "R1,4000000000000002,2024-02-01T12:00:00,COF,2,3.50\nR1,,,CAKE,1,4.00\n"
                       "R2,,2024-02-02,TEA,1,2.00\n")
    url = url_of(database)
    imported = loyalty("import", "members", members, "--program-id", program.id, "--database-url", url)
    assert imported.exit_code == 0, imported.output
    assert "Imported from members.csv (2 lines): 2 members, 1 opening balances, 1 cards." in imported.stdout
    assert "Importing: 2/2" in imported.stderr
    receipts = loyalty("import", "purchases", history, "--program-id", program.id, "--database-url", url)
    assert receipts.exit_code == 0, receipts.output
    assert "Imported from history.csv (3 lines): 2 receipts, 3 lines." in receipts.stdout
    assert count(database, Member, program) == 2 and count(database, Purchase, program) == 2
    verified = loyalty("ledger", "verify", "--database-url", url)
    assert verified.exit_code == 0 and "Ledger OK" in verified.stdout
    with unit_of_work(database, read_only=True) as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.program_id == program.id)).all()
    assert actions == ["import.completed", "import.completed"]


def test_a_missing_file_is_one_line(database: Database, program: Program, tmp_path: Path) -> None:
    result = loyalty("import", "rewards", tmp_path / "nothing.csv", "--program-id", program.id,
                     "--database-url", url_of(database))
    assert result.exit_code == 1 and "No file at" in result.stderr
