"""The demo's segments, created after the history is replayed (so each is computed over it at
once): gift buyers and those buying for themselves (the `order.shipped_as_gift` custom event
the gift journey starts on), lapsed regulars, high value at risk, new members and VIPs.

"High value at risk" reads the nightly scores (the demo scores its program once the history is
in): a high predicted value with a churn risk of one half or more.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from loyalty.programs.models import Program
from loyalty.segments import service as segments
from loyalty.segments.schemas import SegmentCreate

ACTOR = "demo"
GIFT = {"field": "behaviour.custom_events", "op": "contains", "value": "order.shipped_as_gift"}

SEGMENTS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("Gift buyers", "Members whose e-shop orders went to another address.", GIFT),
    ("Buying for themselves", "Bought this year, never a gift order.",
     {"all": [{"field": "behaviour.purchase_count_365d", "op": "gte", "value": 1}, {"not": GIFT}]}),
    ("Lapsed regulars", "Five purchases or more, none for 60 days.",
     {"all": [{"field": "behaviour.purchase_count", "op": "gte", "value": 5},
              {"field": "behaviour.days_since_last_purchase", "op": "gte", "value": 60}]}),
    ("High value at risk", "Expected to spend 300 zł or more in the next 12 months, churn risk 50 % or more.",
     {"all": [{"field": "member.predicted_value", "op": "gte", "value": 30000},
              {"field": "member.churn_risk", "op": "gte", "value": 0.5}]}),
    ("New members", "Joined in the last 30 days.", {"field": "member.days_since_enrolment", "op": "lte", "value": 30}),
    ("VIPs", "Spent 1 000 zł or more in the last 365 days.",
     {"field": "behaviour.purchase_value_365d", "op": "gte", "value": 100000}),
)

VIPS = 5  # the VIPs' position in SEGMENTS (the demo's e-shop challenge is theirs)


def create_demo_segments(session: Session, *, program: Program) -> list[int]:
    return [segments.create(session=session, program=program, actor=ACTOR, data=SegmentCreate(
        name=name, description=description, kind="dynamic", condition=condition)).id
        for name, description, condition in SEGMENTS]
