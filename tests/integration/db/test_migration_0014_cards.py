"""Migration 0014: members enrolled before every enrolment gave a card get one, on both databases."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select

from loyalty.db.base import core_table
from loyalty.db.uow import unit_of_work
from loyalty.kernel import luhn
from loyalty.members.models import Card, Member
from loyalty.migrate import upgrade
from tests.conftest import BACKENDS, fresh_database
from tests.factories.members import make_card_batch, make_member
from tests.factories.programs import make_program

# More than the migration's batch of 1000, so the second batch is read too.
CARDLESS = 1001


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_member_without_a_card_gets_one_active_card_in_the_program_range(
        backend: str, tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> None:
    with fresh_database(backend, tmp_path_factory, worker_id, label="cards_0014", revision="0013") as database:
        program = make_program(database, card_prefix="2790")
        other = make_program(database, name="Other shop", card_prefix="31")
        _, (printed,) = make_card_batch(database, program, count=1)
        with_printed = make_member(database, program, card_number=printed)   # given: holds a printed card
        now = datetime.now(UTC)
        with unit_of_work(database) as session:                               # and members from before 0014
            session.execute(insert(core_table(Member)), [
                {"program_id": program.id if index % 2 else other.id, "referral_code": f"R{index:07d}",
                 "status": "active", "enrolment_channel": "import", "enrolled_at": now, "updated_at": now,
                 "attributes": {}} for index in range(CARDLESS)])
            cardless = {row.id: row.program_id for row in session.execute(
                # by channel, not by the "R" of their codes: a factory member's random code may start with R too
                select(Member.id, Member.program_id).where(Member.enrolment_channel == "import"))}

        upgrade(database.engine.url.render_as_string(hide_password=False))    # when

        with unit_of_work(database) as session:                               # then
            cards = session.scalars(select(Card).where(Card.member_id.is_not(None))).all()
        holders = Counter(card.member_id for card in cards)
        assert set(holders) == {*cardless, with_printed.id} and set(holders.values()) == {1}
        [kept] = [card for card in cards if card.member_id == with_printed.id]
        assert kept.number == printed and kept.batch_id is not None
        prefixes = {program.id: "2790", other.id: "31"}
        for card in cards:
            if card.member_id in cardless:
                assert card.status == "active" and card.batch_id is None and card.assigned_at is not None
                assert card.program_id == cardless[card.member_id]
                assert len(card.number) == 16 and card.number.startswith(prefixes[card.program_id])
                assert luhn.is_valid(card.number)
