"""The importer on both databases: all or nothing, every rejected line reported, imported data
obeying the services' rules, and the ledger verifying afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.imports import service as imports
from loyalty.imports.domain import Kind
from loyalty.ledger import service as ledger
from loyalty.members import service as members
from loyalty.members.models import Card, Member
from loyalty.members.schemas import MemberRef
from loyalty.programs.models import Program
from loyalty.purchases.models import Purchase, PurchaseLine
from loyalty.rewards.models import Reward
from loyalty.segments import service as segments
from tests.factories.members import make_cards, make_member


def run(database: Database, program: Program, kind: Kind, text: str) -> imports.Report:
    with unit_of_work(database) as session:
        return imports.run_import(session=session, program=program, kind=kind, data=text.encode(), actor="test")


def refused(database: Database, program: Program, kind: Kind, text: str) -> list[tuple[int, str, str]]:
    with pytest.raises(imports.ImportRefused) as error:
        run(database, program, kind, text)
    return [(r.line, r.field, r.reason) for r in error.value.report.rejected]


def count(database: Database, model: type[Member] | type[Purchase] | type[Card] | type[Reward] | type[PurchaseLine],
          program: Program) -> int:
    with unit_of_work(database, read_only=True) as session:
        return int(session.scalar(select(func.count()).select_from(model).where(model.program_id == program.id)) or 0)


def test_members_arrive_with_their_cards_and_opening_balances(database: Database, program: Program) -> None:
    printed = make_cards(database, program, count=1)[0]
    report = run(database, program, "members",
                 "email,first_name,card_number,opening_balance,birth_date,enrolled_at\n"
                 f"ada@example.com,Ada,4000000000000002,250,1990-02-03,2020-05-01T09:00:00\n"
                 f"bob@example.com,Bob,{printed},,,\n")
    assert report.imported == {"members": 2, "opening_balances": 1, "cards": 1}
    with unit_of_work(database, read_only=True) as session:
        ada = members.find_member(session=session, program_id=program.id, ref=MemberRef(card_number="4000000000000002"))
        bob = members.find_member(session=session, program_id=program.id, ref=MemberRef(card_number=printed))
        balance = ledger.balances(session=session, program=program, member_id=ada.id)[0]
        assert (ada.first_name, ada.enrolment_channel, str(ada.birth_date)) == ("Ada", "import", "1990-02-03")
        assert ada.enrolled_at.isoformat().startswith("2020-05-01T07:00:00")  # Warsaw's local 9:00
        assert bob.first_name == "Bob"
        assert (balance.available, balance.earned) == (250, 250)
        assert ledger.verify(session=session).ok


def test_one_bad_line_refuses_the_whole_file_and_every_bad_line_is_named(database: Database,
                                                                         program: Program) -> None:
    make_member(database, program, email="taken@example.com")
    rejected = refused(database, program, "members",
                       "email,first_name,card_number,opening_balance,birth_date\n"
                       "ok@example.com,Ok,,10,\n"
                       "taken@example.com,Tak,,,\n"
                       "bad-address,Bad,,,\n"
                       "dup@example.com,One,4000000000000002,,\n"
                       "dup@example.com,Two,4000000000000002,,\n"
                       "neg@example.com,Neg,1234,-5,03/02/1990\n")
    assert rejected[0] == (3, "email", "another member of this program already has this e-mail address")
    assert [(line, field) for line, field, _ in rejected[1:]] == [
        (4, "email"), (6, "card_number"), (6, "email"), (7, "birth_date"), (7, "card_number"),
        (7, "opening_balance")]
    assert count(database, Member, program) == 1  # only the one that was there
    assert count(database, Card, program) == 1


def test_a_service_refusal_while_importing_rolls_everything_back(database: Database, program: Program) -> None:
    rejected = refused(database, program, "rewards",
                       "kind,name,points_price,stock,code_pool_id\n"
                       "physical,Mug,500,10,\n"
                       "e_voucher,Cinema ticket,800,,999999\n")
    assert [(line, field) for line, field, _ in rejected] == [(3, "code_pool_id")]
    assert count(database, Reward, program) == 0


def test_rewards_are_created_through_the_catalogue(database: Database, program: Program) -> None:
    report = run(database, program, "rewards",
                 "kind,name,description,points_price,money_price,stock,is_active\n"
                 "physical,Mug,A big one,500,2.50,10,yes\n"
                 "physical,Cap,,300,,,false\n")
    assert report.imported == {"rewards": 2}
    with unit_of_work(database, read_only=True) as session:
        mug, cap = session.scalars(select(Reward).where(Reward.program_id == program.id).order_by(Reward.id)).all()
    assert (mug.names, mug.money_price_minor, mug.stock, mug.is_active) == ({"en": "Mug"}, 250, 10, True)
    assert (cap.stock, cap.is_active) == (None, False)


HISTORY_HEADER = "receipt_id,member_card_number,member_email,occurred_at,store,sku,quantity,unit_price,total\n"


def test_history_keeps_receipts_as_they_happened_and_earns_nothing(database: Database, program: Program) -> None:
    member = make_member(database, program, email="ann@example.com")
    report = run(database, program, "purchases", HISTORY_HEADER +
                 "R1,,ann@example.com,2023-03-04T10:15:00+01:00,W1,COF,2,3.50,\n"
                 "R1,,,,,CAKE,1,4.00,\n"
                 "R2,,,2023-03-05,,,,,19.99\n")
    assert report.imported == {"receipts": 2, "lines": 3}
    with unit_of_work(database, read_only=True) as session:
        first, guest = session.scalars(select(Purchase).where(Purchase.program_id == program.id)
                                       .order_by(Purchase.id)).all()
        lines = session.scalars(select(PurchaseLine).where(PurchaseLine.purchase_id == first.id)
                                .order_by(PurchaseLine.line_no)).all()
        assert (first.member_id, first.total_minor, first.store_code) == (member.id, 1100, "W1")
        assert first.occurred_at.isoformat().startswith("2023-03-04T09:15:00")
        assert [(line.sku, line.quantity, line.amount_minor) for line in lines] == [("COF", 2, 700), ("CAKE", 1, 400)]
        assert (guest.member_id, guest.total_minor) == (None, 1999)
        assert ledger.balances(session=session, program=program, member_id=member.id)[0].available == 0
        assert ledger.verify(session=session).ok
    # No event announces history, yet segments see it: the import wrote the member's activity row.
    with unit_of_work(database, read_only=True) as session:
        assert [segments.count(session=session, program=program, condition={
            "field": field, "op": "eq", "value": value}).size for field, value in (
            ("behaviour.purchase_count", 1), ("behaviour.purchase_value", 1100))] == [1, 1]


def test_history_refuses_unknown_members_inconsistent_receipts_and_known_ids(database: Database,
                                                                             program: Program) -> None:
    make_member(database, program, email="ann@example.com")
    run(database, program, "purchases", HISTORY_HEADER + "OLD,,ann@example.com,2023-01-01,,,,,5\n")
    rejected = refused(database, program, "purchases", HISTORY_HEADER +
                       "R1,,nobody@example.com,2023-03-04,,A,1,1.00,\n"
                       "R2,,ann@example.com,2023-03-04,,A,1,1.00,\n"
                       "R2,,,2023-03-05,,B,1,1.00,\n"
                       "R3,,ann@example.com,2023-03-04,,A,,,\n"
                       "R4,4000000000000002,ann@example.com,2023-03-04,,,,,1\n"
                       "R2,,,,,C,1,1,\n"
                       "OLD,,ann@example.com,2023-01-01,,,,,5\n"
                       "R5,,,2999-01-01,,,,,1\n")
    assert [(line, field) for line, field, _ in rejected] == [
        (2, "member_email"), (4, "occurred_at"), (5, "unit_price"), (6, "member_card_number"), (6, "member_email"),
        (7, "occurred_at"), (7, "receipt_id"), (8, "receipt_id"), (9, "occurred_at")]
    assert rejected[1][2] == "differs from line 3 of the same receipt"
    assert rejected[6][2] == "the lines of receipt R2 must follow each other (it started on line 3)"
    assert count(database, Purchase, program) == 1


def test_a_large_history_is_written_in_chunks_and_verifies(database: Database, program: Program) -> None:
    make_member(database, program, email="ann@example.com")
    rows = [f"H{i},,{'ann@example.com' if i % 2 else ''},2024-01-01T10:00:00,,S{i % 7},1,1.25,\n" for i in range(5000)]
    progress: list[tuple[str, int, int]] = []
    with unit_of_work(database) as session:
        report = imports.run_import(session=session, program=program, kind="purchases", actor="test",
                                    data=(HISTORY_HEADER + "".join(rows)).encode(),
                                    progress=lambda *step: progress.append(step))
    assert report.imported == {"receipts": 5000, "lines": 5000}
    assert progress[-1] == ("importing", 5000, 5000) and ("checking", 5000, 5000) in progress
    assert count(database, PurchaseLine, program) == 5000
    with unit_of_work(database, read_only=True) as session:
        assert ledger.verify(session=session).ok


def test_an_import_job_row_records_how_it_ended(database: Database, program: Program) -> None:
    with unit_of_work(database) as session:
        job = imports.start_job(session=session, program_id=program.id, kind="members", file_name="m.csv",
                                data=b"email\na@example.com\nb@example.com\n", actor="staff:1", actor_name="Ann")
        job_id = job.id
    with unit_of_work(database) as session:
        imports.finish_job(session=session, job_id=job_id, status=imports.IMPORTED,
                           report={"lines": 2, "imported": {"members": 2}})
    with unit_of_work(database, read_only=True) as session:
        job = imports.get_job(session=session, program_id=program.id, job_id=job_id)
        assert (job.status, job.total, job.done, job.report["imported"]) == ("imported", 2, 2, {"members": 2})


def test_the_documented_example_files_import(database: Database, program: Program) -> None:
    examples = Path(__file__).resolve().parents[3] / "docs" / "imports"
    imported = {kind: run(database, program, kind, (examples / f"{kind}.csv").read_text(encoding="utf-8")).imported
                for kind in ("members", "purchases", "rewards")}
    assert imported == {"members": {"members": 3, "opening_balances": 2, "cards": 2},
                        "purchases": {"receipts": 4, "lines": 5}, "rewards": {"rewards": 3}}
    with unit_of_work(database, read_only=True) as session:
        assert ledger.verify(session=session).ok
