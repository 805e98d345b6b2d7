"""Loads a generated data set through the real services, replaying its history in time order.

Every member is enrolled, every receipt recorded, refunded and reviewed by the same service
calls the API makes, so earning rules, caps, pending periods, expiry and the ledger all run
as they would in production. The clock (loyalty.kernel.clock) is moved to each moment of the
history while it is replayed, and the daily jobs (pending points becoming available, lots
expiring, birthdays) run at every local midnight, so timelines, lots and balances look as
if the shop had been live for two years. The real clock is restored at the end.

The program's 14-day pending period is switched on two weeks before "now" (a real config
change, made with the programs service): until then points are available at once. Replaying
the period from the first day would release every lot of the year one by one at the
following midnights, doubling the load time, while the result the demo shows is the same:
recent points pending, older points spendable.

Writes are committed in batches (one unit of work per `batch_size` operations).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.demo.generator import CURRENCY, TIMEZONE, DemoData, MemberSpec, PurchaseSpec, RefundSpec, ReviewSpec
from loyalty.kernel import clock
from loyalty.ledger import service as ledger
from loyalty.members import service as members
from loyalty.members.schemas import MemberCreate
from loyalty.programs import service as programs
from loyalty.programs.models import Program
from loyalty.programs.schemas import ProgramCreate, ProgramUpdate
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate, RefundCreate
from loyalty.rules import service as rules
from loyalty.rules.schemas import RuleCreate

DEMO_PROGRAM_NAME = "Demo Coffee & Grocery"
ACTOR = "demo"
DEFAULT_BATCH_SIZE = 500
PENDING_DAYS = 14

ProgressCallback = Callable[[int], None]


@dataclass(frozen=True)
class LoadReport:
    program_id: int
    members: int
    purchases: int
    refunds: int
    reviews: int
    points_released: int
    lots_expired: int
    birthday_awards: int
    seconds: float


def demo_rules() -> list[dict[str, Any]]:
    """The demo's earning rules, as the API would receive them."""
    coffee = {"field": "line.category", "op": "eq", "value": "coffee"}
    return [
        {"name": "1 point per 1 PLN", "trigger": "purchase", "priority": 10,
         "description": "The base rate on every receipt.",
         "effect": {"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"}},
        {"name": "50 bonus points on baskets over 150 PLN", "trigger": "purchase", "priority": 20,
         "condition": {"field": "purchase.total", "op": "gt", "value": 15000},
         "effect": {"kind": "fixed", "points": 50}},
        {"name": "Double points on Tuesdays", "trigger": "purchase", "priority": 90,
         "condition": {"field": "purchase.local_weekday", "op": "eq", "value": 2},
         "effect": {"kind": "multiplier", "factor": "2"}},
        {"name": "A stamp per coffee", "trigger": "purchase", "unit": "stamps", "priority": 30,
         "description": "Ten stamps buy a free coffee at the counter.",
         "effect": {"kind": "per_item", "points": 1, "line_condition": coffee}},
        {"name": "Welcome bonus", "trigger": "enrolment", "effect": {"kind": "fixed", "points": 100}},
        {"name": "Birthday gift", "trigger": "birthday", "effect": {"kind": "fixed", "points": 200}},
        {"name": "Product review", "trigger": "custom_event", "event_type": "review_posted",
         "once_per": "event.payload.product_id", "effect": {"kind": "fixed", "points": 50}},
    ]


def create_demo_program(session: Session, *, created_at: datetime | None = None,
                        pending_days: int = PENDING_DAYS) -> Program:
    """The demo program with its earning rules."""

    program = programs.create_program(session=session, data=ProgramCreate.model_validate({
        "name": DEMO_PROGRAM_NAME, "currency": CURRENCY, "timezone": TIMEZONE, "locale": "pl",
        "point_value": Decimal("0.01"), "expiry_policy": {"kind": "months_after_earning", "months": 12},
        "pending_days": pending_days, "claim_window_days": 30, "units": ["points", "stamps"], "card_prefix": "2790",
    }))
    if created_at is not None:
        program.created_at = created_at
    for rule in demo_rules():
        rules.create_rule(session=session, program=program, data=RuleCreate.model_validate(rule), actor=ACTOR)
    return program


def operation_count(data: DemoData) -> int:
    """How many steps `load` reports progress for: one per member, receipt, refund and review."""
    return len(data.members) + len(data.purchases) + len(data.refunds) + len(data.reviews)


def load(database: Database, data: DemoData, *, batch_size: int = DEFAULT_BATCH_SIZE,
         on_progress: ProgressCallback | None = None) -> LoadReport:
    """Create the demo program and replay `data` into it; the real clock is restored afterwards."""
    started = time.perf_counter()
    replay = _Replay(database, data, batch_size, on_progress or (lambda _done: None))
    try:
        replay.run()
    finally:
        clock.set_clock(None)
    return LoadReport(
        program_id=replay.program_id, members=len(data.members), purchases=len(data.purchases),
        refunds=len(data.refunds), reviews=len(data.reviews), points_released=replay.released,
        lots_expired=replay.expired, birthday_awards=replay.birthdays, seconds=time.perf_counter() - started,
    )


def _midnights(start: datetime, end: datetime) -> Iterator[datetime]:
    """Each local midnight after `start` up to `end` (as UTC instants)."""
    zone = ZoneInfo(TIMEZONE)
    day = start.astimezone(zone).date() + timedelta(days=1)
    while True:
        midnight = datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)
        if midnight > end:
            return
        yield midnight
        day += timedelta(days=1)


class _Replay:
    def __init__(self, database: Database, data: DemoData, batch_size: int, on_progress: ProgressCallback) -> None:
        self.database = database
        self.data = data
        self.batch_size = batch_size
        self.on_progress = on_progress
        self.program_id = 0
        self.member_ids: dict[int, int] = {}
        self.purchase_ids: dict[str, int] = {}
        self.member_index = {member.external_id: index for index, member in enumerate(data.members)}
        self.released = self.expired = self.birthdays = 0

    def run(self) -> None:
        timeline = self.data.timeline()
        history_starts = min((self._when(item) for item in timeline), default=self.data.now)
        self._set_clock(history_starts - timedelta(hours=1))
        pending_from = self.data.now - timedelta(days=PENDING_DAYS)
        with unit_of_work(self.database) as session:
            program = create_demo_program(session, created_at=history_starts - timedelta(hours=1),
                                          pending_days=0 if history_starts < pending_from else PENDING_DAYS)
            self.program_id = program.id
            is_pending_on = program.pending_days > 0
        midnights = _midnights(history_starts, self.data.now)
        next_midnight = next(midnights, None)
        position = 0
        while position < len(timeline):
            batch = timeline[position:position + self.batch_size]
            with unit_of_work(self.database) as session:
                program = self._program(session)
                for item in batch:
                    while next_midnight is not None and next_midnight <= self._when(item):
                        self._daily_jobs(session, program, next_midnight)
                        next_midnight = next(midnights, None)
                    if not is_pending_on and self._when(item) >= pending_from:
                        self._set_clock(pending_from)
                        programs.update_program(session=session, program_id=program.id,
                                                data=ProgramUpdate(pending_days=PENDING_DAYS))
                        is_pending_on = True
                    self._set_clock(self._when(item))
                    self._apply(session, program, item)
            position += len(batch)
            self.on_progress(len(batch))
        with unit_of_work(self.database) as session:
            program = self._program(session)
            if not is_pending_on:
                self._set_clock(pending_from)
                programs.update_program(session=session, program_id=program.id,
                                        data=ProgramUpdate(pending_days=PENDING_DAYS))
            while next_midnight is not None:
                self._daily_jobs(session, program, next_midnight)
                next_midnight = next(midnights, None)
            # Up to the present: points whose pending period ended today become available.
            self._set_clock(self.data.now)
            self._due_jobs(session, program, self.data.now)

    @staticmethod
    def _when(item: MemberSpec | PurchaseSpec | RefundSpec | ReviewSpec) -> datetime:
        return item.enrolled_at if isinstance(item, MemberSpec) else item.occurred_at

    @staticmethod
    def _set_clock(at: datetime) -> None:
        clock.set_clock(lambda: at)

    def _program(self, session: Session) -> Program:
        return programs.get_program(session=session, program_id=self.program_id)

    def _apply(self, session: Session, program: Program,
               item: MemberSpec | PurchaseSpec | RefundSpec | ReviewSpec) -> None:
        if isinstance(item, MemberSpec):
            self._enrol(session, program, item)
        elif isinstance(item, PurchaseSpec):
            self._purchase(session, program, item)
        elif isinstance(item, RefundSpec):
            self._refund(session, program, item)
        else:
            self._review(session, program, item)

    def _enrol(self, session: Session, program: Program, spec: MemberSpec) -> None:
        consents: dict[str, Any] = {"email": {"granted": spec.email_consent, "source": spec.enrolment_channel,
                                              "recorded_at": spec.enrolled_at}}
        if spec.phone is not None:
            consents["sms"] = {"granted": spec.sms_consent, "source": spec.enrolment_channel,
                               "recorded_at": spec.enrolled_at}
        member = members.enrol_member(session=session, program=program, actor=ACTOR, data=MemberCreate.model_validate({
            "email": spec.email, "phone": spec.phone, "external_id": spec.external_id,
            "first_name": spec.first_name, "last_name": spec.last_name, "birth_date": spec.birth_date,
            "preferred_language": spec.preferred_language, "attributes": {"home_store": spec.home_store},
            "consents": consents, "enrolment_channel": spec.enrolment_channel, "enrolled_at": spec.enrolled_at,
        }))
        rules.award_enrolment(session=session, program=program, member=member, actor=ACTOR)
        self.member_ids[self.member_index[spec.external_id]] = member.id

    def _purchase(self, session: Session, program: Program, spec: PurchaseSpec) -> None:
        member = None if spec.member_index is None else {"id": self.member_ids[spec.member_index]}
        outcome = purchases.record_purchase(session=session, program=program, actor=ACTOR,
                                            data=PurchaseCreate.model_validate({
            "member": member, "external_id": spec.external_id, "receipt_number": spec.receipt_number,
            "channel": spec.channel, "store": spec.store_code, "occurred_at": spec.occurred_at,
            "lines": [{"sku": line.sku, "name": line.name, "category": line.category, "quantity": line.quantity,
                       "unit_price": line.unit_price_minor} for line in spec.lines],
        }))
        if spec.refund is not None:
            self.purchase_ids[spec.external_id] = int(outcome.body["purchase_id"])

    def _refund(self, session: Session, program: Program, spec: RefundSpec) -> None:
        purchases.refund_purchase(
            session=session, program=program, purchase_id=self.purchase_ids.pop(spec.purchase_external_id),
            actor=ACTOR, data=RefundCreate.model_validate({
                "external_id": spec.external_id,
                "lines": [{"line_no": line_no, "quantity": quantity} for line_no, quantity in spec.lines],
            }),
        )

    def _review(self, session: Session, program: Program, spec: ReviewSpec) -> None:
        member = members.get_member(session=session, program_id=program.id,
                                    member_id=self.member_ids[spec.member_index])
        rules.record_custom_event(session=session, program=program, member=member, event_type="review_posted",
                                  occurred_at=spec.occurred_at, actor=ACTOR,
                                  payload={"product_id": spec.sku, "stars": spec.stars})

    def _daily_jobs(self, session: Session, program: Program, midnight: datetime) -> None:
        self._set_clock(midnight)
        self._due_jobs(session, program, midnight)
        today: date = clock.local_date(midnight, program.timezone)
        self.birthdays += rules.award_birthdays(session=session, program=program, on=today, actor="job:birthdays")

    def _due_jobs(self, session: Session, program: Program, now: datetime) -> None:
        counts = ledger.run_due_jobs(session=session, program=program, now=now)
        self.released += counts.released
        self.expired += counts.expired
