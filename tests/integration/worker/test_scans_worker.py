"""The worker keeps members' rhythms from purchases and runs the lifecycle scans on schedule."""

from __future__ import annotations

from datetime import UTC, date, datetime

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.lifecycle.models import MemberRhythm
from loyalty.members.schemas import MemberRef
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate
from loyalty.worker.runner import drain
from tests.factories.clock import at
from tests.factories.lifecycle import announced
from tests.factories.members import make_member

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def _settings(database: Database) -> Settings:
    settings = Settings()
    settings.database.url = str(database.engine.url.render_as_string(hide_password=False))
    settings.worker.in_process = "never"
    return settings


def test_purchases_set_the_rhythm_and_the_periodic_scans_announce(database: Database, program: Program) -> None:
    with at(NOW):
        monthly = make_member(database, program, birth_date=date(1990, 6, 15))
        for month in (1, 2, 3, 4):
            with unit_of_work(database) as session:
                purchases.record_purchase(session=session, program=program, actor="till", data=PurchaseCreate(
                    member=MemberRef(id=monthly.id), total=2500, external_id=f"W-{monthly.id}-{month}",
                    occurred_at=datetime(2026, month, 1, 10, tzinfo=UTC)))
        drain(database, _settings(database))
    with unit_of_work(database, read_only=True) as session:
        rhythm = session.get(MemberRhythm, monthly.id)
        assert rhythm is not None
        assert (rhythm.purchase_count, rhythm.last_purchase_on) == (4, date(2026, 4, 1))
        assert rhythm.typical_gap_seconds == 31 * 86400
    with at(NOW):
        drain(database, _settings(database), periodic=["scans:frequent_occasions", "scans:daily_occasions"])
        drain(database, _settings(database), periodic=["scans:frequent_occasions", "scans:daily_occasions"])
    assert [member_id for member_id, _ in announced(database, program, "member.lapsed")] == [monthly.id]
    assert [member_id for member_id, _ in announced(database, program, "member.birthday")] == [monthly.id]
