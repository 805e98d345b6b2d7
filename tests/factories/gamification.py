"""Badges, challenges, purchases and custom events for gamification tests."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any, Literal

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.gamification import service as gamification
from loyalty.gamification.schemas import BadgeCreate, BadgeRead, ChallengeCreate, ChallengeRead
from loyalty.gamification.service import Evaluation
from loyalty.members import service as member_service
from loyalty.members.schemas import MemberRef
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate, PurchaseLineIn
from loyalty.rules import service as rules

_receipts = itertools.count(1)


def make_badge(database: Database, program: Program, **fields: Any) -> BadgeRead:
    with unit_of_work(database) as session:
        return gamification.create_badge(session=session, program=program, data=BadgeCreate.model_validate(fields),
                                         actor="test")


def make_challenge(database: Database, program: Program, **fields: Any) -> ChallengeRead:
    with unit_of_work(database) as session:
        return gamification.create_challenge(session=session, program=program,
                                             data=ChallengeCreate.model_validate(fields), actor="test")


def buy(database: Database, program: Program, member_id: int, *, categories: tuple[str, ...] = ("food",),
        price: int = 1000, channel: Literal["pos", "online", "partner"] = "pos", at: datetime | None = None) -> int:
    """A committed purchase, one line per category; its id."""
    with unit_of_work(database) as session:
        outcome = purchases.record_purchase(session=session, program=program, actor="test", data=PurchaseCreate(
            member=MemberRef(id=member_id), occurred_at=at, external_id=f"G-{next(_receipts)}", channel=channel,
            lines=[PurchaseLineIn(sku=f"SKU-{category}", category=category, quantity=1, unit_price=price)
                   for category in categories]))
        return int(outcome.body["purchase_id"])


def custom_event(database: Database, program: Program, member_id: int, event_type: str,
                 payload: dict[str, Any] | None = None) -> None:
    with unit_of_work(database) as session:
        member = member_service.get_member(session=session, program_id=program.id, member_id=member_id)
        rules.record_custom_event(session=session, program=program, member=member, event_type=event_type,
                                  occurred_at=None, payload=payload or {}, actor="test")


def evaluate(database: Database, program: Program, member_id: int) -> Evaluation:
    with unit_of_work(database) as session:
        return gamification.evaluate_member(session=session, program=program, member_id=member_id)
