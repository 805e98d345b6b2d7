"""The periodic jobs, in one registry shared by `loyalty jobs run` and the worker (core:program_jobs).

Each job runs for one program in a unit of work of its own. The services make every job
idempotent and safe to run concurrently, so overlapping runs (cron on every host, several
workers) do no harm.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from loyalty.browsing import service as browsing
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.ledger import service as ledger
from loyalty.programs import service as programs
from loyalty.programs.models import Program
from loyalty.rewards import service as rewards
from loyalty.rewards.domain import STAMPS_UNIT
from loyalty.rules import service as rules
from loyalty.tiers import service as tiers

log = logging.getLogger("loyalty.worker")

Job = Callable[[Session, Program, datetime], dict[str, int]]


def _points(session: Session, program: Program, now: datetime) -> dict[str, int]:
    # Stamps that become available may fill a card: its coupon is issued in the same unit of
    # work, at once, as after a purchase. Only the members whose stamps this run released are
    # looked at (it holds their accounts): not those it left to the next run.
    counts = ledger.run_due_jobs(session=session, program=program, now=now)
    filled = rewards.fill_stamp_cards(session=session, program=program,
                                      member_ids=counts.released_members.get(STAMPS_UNIT, frozenset()),
                                      actor="job:stamp_cards")
    return {"points_released": counts.released, "lots_expired": counts.expired, "stamp_cards_filled": len(filled)}


def _birthdays(session: Session, program: Program, now: datetime) -> dict[str, int]:
    awarded = rules.award_birthdays(session=session, program=program, on=clock.local_date(now, program.timezone),
                                    actor="job:birthdays")
    return {"birthday_awards": awarded}


def _tiers(session: Session, program: Program, now: datetime) -> dict[str, int]:
    counts = tiers.review_tiers(session=session, program=program, now=now)
    return {"tiers_reviewed": counts.reviewed, "tiers_downgraded": counts.downgraded,
            "tier_grace_started": counts.grace_started}


def _web_retention(session: Session, program: Program, now: datetime) -> dict[str, int]:
    events, visitors = browsing.forget_old_behaviour(session=session, program_id=program.id, now=now)
    return {"web_events_deleted": events, "web_visitors_deleted": visitors}


JOBS: list[tuple[str, Job]] = [("points", _points), ("birthdays", _birthdays), ("tiers", _tiers),
                               ("web_retention", _web_retention)]


def run_program_jobs(database: Database, program_id: int, now: datetime | None = None) -> dict[str, int]:
    """Every registered job once for one program; the counts of what each did."""
    now = now or clock.now()
    results: dict[str, int] = {}
    for _name, job in JOBS:
        with unit_of_work(database) as session:
            program = programs.get_program(session=session, program_id=program_id)
            results.update(job(session, program, now))
    return results


def program_ids(database: Database) -> list[int]:
    with unit_of_work(database, read_only=True) as session:
        return [program.id for program in programs.list_programs(session=session)]
