"""Web behaviour is kept for the retention period only: the periodic jobs forget what is older."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from loyalty.browsing import service as browsing
from loyalty.browsing.domain import RETENTION
from loyalty.browsing.models import Visitor, WebEvent
from loyalty.browsing.schemas import TrackBatch
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.worker.scheduled import run_program_jobs
from tests.factories.browsing import event, make_tracking
from tests.factories.programs import make_program

NOW = clock.now().replace(microsecond=0)
OLD = NOW - RETENTION - timedelta(days=5)
RECENT = NOW - timedelta(days=30)


def _track(database: Database, program: Program, key: str, at: datetime, *events: dict[str, Any]) -> None:
    with unit_of_work(database) as session:
        browsing.track(session=session, program=program, now=at,
                       batch=TrackBatch.model_validate_json(json.dumps({"key": key, "events": list(events)})))


def _left(database: Database, program: Program) -> tuple[list[tuple[str, str]], list[str]]:
    with unit_of_work(database, read_only=True) as session:
        events = session.execute(select(Visitor.visitor_id, WebEvent.type).join(
            Visitor, Visitor.id == WebEvent.visitor_ref).where(WebEvent.program_id == program.id)
            .order_by(Visitor.visitor_id, WebEvent.type)).all()
        visitors = session.scalars(select(Visitor.visitor_id).where(Visitor.program_id == program.id)
                                   .order_by(Visitor.visitor_id)).all()
    return [(row[0], row[1]) for row in events], list(visitors)


def test_events_past_retention_go_and_visitors_left_with_nothing_go_with_them(database: Database,
                                                                               program: Program) -> None:
    other = make_program(database)
    keys = {each.id: make_tracking(database, each)[0] for each in (program, other)}
    for each in (program, other):
        _track(database, each, keys[each.id], OLD,
               event("page_view", "visitor-gone", at=OLD), event("page_view", "visitor-back", at=OLD))
        _track(database, each, keys[each.id], RECENT,
               event("product_view", "visitor-back", at=RECENT, sku="BOOT"),
               event("page_view", "visitor-new", at=RECENT))

    counts = run_program_jobs(database, program.id, now=NOW)
    again = run_program_jobs(database, program.id, now=NOW)

    assert (counts["web_events_deleted"], counts["web_visitors_deleted"]) == (2, 1)
    assert (again["web_events_deleted"], again["web_visitors_deleted"]) == (0, 0)
    assert _left(database, program) == ([("visitor-back", "product_view"), ("visitor-new", "page_view")],
                                        ["visitor-back", "visitor-new"])
    # Another program's behaviour is its own: nothing of it was touched.
    assert len(_left(database, other)[0]) == 4
