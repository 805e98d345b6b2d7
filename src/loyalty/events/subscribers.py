"""What the worker hands to subscribers: committed events, in the order they became final.

A subscriber (journeys, messages, webhooks, segments, …) names the event types it wants and a
handler. The handler runs inside the unit of work that also moves the subscriber's cursor past
the event, so what it writes to the database happens exactly once; it must not talk to the
outside world (SMTP, HTTP): it writes rows, and jobs deliver them after the commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class PublishedEvent:
    """One committed event row, as a subscriber sees it."""

    id: int
    program_id: int
    member_id: int | None
    type: str
    occurred_at: datetime
    recorded_at: datetime
    actor: str
    payload: dict[str, Any]


Handler = Callable[[Session, PublishedEvent], None]


@dataclass(frozen=True)
class Subscriber:
    name: str  # its durable cursor's name
    types: frozenset[str]
    handle: Handler
    # Where a new subscriber's cursor starts: at the events committed from now on, or at the first event.
    start: Literal["now", "beginning"] = "now"
