"""A hand-made population: members of every shape, with purchases, lines, consents and balances."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.ledger import repository as ledger_repository
from loyalty.ledger import service as ledger
from loyalty.ledger.service import EarnAward
from loyalty.members.models import Member, MemberConsent
from loyalty.programs.models import Program
from loyalty.purchases import activity
from loyalty.purchases.models import Purchase, PurchaseLine
from tests.factories.programs import make_program


def add_member(session: Any, program: Program, number: int, *, now: datetime, **fields: Any) -> Member:
    values: dict[str, Any] = {"program_id": program.id, "email": f"p{program.id}m{number}@example.com",
                              "enrolment_channel": "pos", "enrolled_at": now - timedelta(days=number * 7),
                              "updated_at": now, "referral_code": f"R{program.id}X{number}", "attributes": {},
                              "status": "active", **fields}
    member = Member(**values)
    session.add(member)
    session.flush()
    return member


def add_purchase(session: Any, program: Program, member: Member, *, at: datetime, total: int, refunded: int = 0,
                 channel: str = "pos", store: str | None = None,
                 lines: tuple[tuple[str, str | None], ...] = (), program_id: int | None = None) -> None:
    """A purchase written as it is stored (no event, no earning); `program_id` another program's,
    to hold a member's purchase made elsewhere."""
    purchase = Purchase(program_id=program_id or program.id, member_id=member.id, channel=channel, store_code=store,
                        occurred_at=at, recorded_at=at, currency="EUR", total_minor=total, refunded_minor=refunded,
                        request_hash="x", result={})
    session.add(purchase)
    session.flush()
    for number, (sku, category) in enumerate(lines, start=1):
        session.add(PurchaseLine(program_id=program.id, purchase_id=purchase.id, line_no=number, sku=sku,
                                 category=category, quantity=1, unit_price_minor=100, amount_minor=100))
    session.flush()


def build(database: Database, program: Program, now: datetime) -> list[int]:
    """About twenty members covering each field's edge (missing, zero, bounds)."""
    ids: list[int] = []
    other = make_program(database, name="Elsewhere")
    with unit_of_work(database) as session:
        shapes: list[dict[str, Any]] = [
            {},
            {"email": None, "phone": f"+4850000{program.id:04d}", "attributes": {"tags": ["vip", "gift"]}},
            {"birth_date": date(1990, 6, 15), "preferred_language": "pl", "attributes": {"tags": []}},
            {"birth_date": date(1990, 6, 16), "enrolment_channel": "online", "attributes": {"score": 5}},
            {"birth_date": date(2008, 2, 29), "attributes": {"score": 5.5, "city": "Kraków"}},
            {"attributes": {"score": "5", "city": "kraków", "vip": True}},
            {"attributes": {"vip": False, "nested": {"level": 3}}},
            {"enrolled_at": now, "attributes": {"tags": ["vip"]}},
            {"enrolled_at": now - timedelta(hours=11), "status": "blocked"},
            {"enrolled_at": now - timedelta(days=30)},
            {"attributes": {"tags": "vip"}},
            {"preferred_language": "pt-BR"},
            {"enrolment_channel": "online"},
            {"enrolment_channel": "online"},
            {"enrolment_channel": "online"},
        ]
        for number, shape in enumerate(shapes, start=1):
            ids.append(add_member(session, program, number, now=now, **shape).id)
        m = [session.get_one(Member, member_id) for member_id in ids]
        add_purchase(session, program, m[0], at=now - timedelta(days=2), total=5000, lines=(("A1", "toys"),))
        add_purchase(session, program, m[0], at=now - timedelta(days=40), total=3000, refunded=1000,
                     channel="online", lines=(("B1", "books"), ("C1", None)))
        add_purchase(session, program, m[1], at=now - timedelta(days=29, hours=23), total=100, store="S1")
        add_purchase(session, program, m[2], at=now - timedelta(days=30, hours=1), total=100, store="S2")
        add_purchase(session, program, m[3], at=now - timedelta(days=400), total=99999, channel="partner")
        add_purchase(session, program, m[4], at=now - timedelta(hours=1), total=1, lines=(("A1", "toys"),))
        for _ in range(3):
            add_purchase(session, program, m[5], at=now - timedelta(days=100), total=2000)
        # Purchases on both sides of every window's start, one refunded in full, one on a window's
        # exact start (not in the window: it counts what came after), one dated tomorrow.
        for days, refunded in ((400, 0), (365, 0), (200, 700), (60, 0), (31, 900), (30, 0), (3, 0), (-1, 0)):
            add_purchase(session, program, m[12], at=now - timedelta(days=days), total=900, refunded=refunded)
        # Three purchases in the year, none in the last 60 days (the bench's segment), and one in
        # another program, which no figure of this program counts.
        for days in (300, 200, 61):
            add_purchase(session, program, m[13], at=now - timedelta(days=days), total=1500)
        add_purchase(session, program, m[13], at=now - timedelta(days=1), total=1500, program_id=other.id)
        add_purchase(session, program, m[14], at=now - timedelta(days=2), total=700, program_id=other.id)
        session.add(MemberConsent(program_id=program.id, member_id=m[0].id, channel="email", granted=True,
                                  recorded_at=now, source="test"))
        session.add(MemberConsent(program_id=program.id, member_id=m[1].id, channel="email", granted=True,
                                  recorded_at=now, source="test"))
        session.flush()
        session.add(MemberConsent(program_id=program.id, member_id=m[1].id, channel="email", granted=False,
                                  recorded_at=now, source="test"))
        session.add(MemberConsent(program_id=program.id, member_id=m[2].id, channel="sms", granted=False,
                                  recorded_at=now, source="test"))
        for member, kind in ((m[0], "order.shipped_as_gift"), (m[1], "review.written")):
            session.add(Event(program_id=program.id, member_id=member.id, type="custom_event.received", actor="test",
                              payload={"type": kind, "payload": {}}, occurred_at=now, recorded_at=now))
        session.flush()
        # Through the ledger, so `loyalty ledger verify` (run by other tests sharing the database)
        # finds every balance backed by its entries.
        ledger_repository.member_account_ids(session, program.id, m[1].id, "points")
        for member, points in ((m[0], 500), (m[6], 1200)):
            ledger.earn(session=session, program=program, member_id=member.id,
                        awards=[EarnAward(unit="points", points=points, rule_id=None, rule_version=None)],
                        occurred_at=now, actor="test")
        # The rows are written as stored, without the events the segments subscriber would
        # hear: the members' activity rows come from the rebuild.
        activity.rebuild(session, program_id=program.id)
        activity.rebuild(session, program_id=other.id)
    return ids
