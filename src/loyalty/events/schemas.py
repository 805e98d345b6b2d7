"""Read models of the event stream for operators (the admin panel's Automation pages)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict


class EventFailureRead(BaseModel):
    """One entry of the dead-letter list: an event a subscriber could not handle."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    subscriber: str
    event_id: int
    event_type: str
    member_id: int | None
    status: Literal["pending", "dead", "resolved"]  # pending: still retried; dead: parked until retried by hand
    attempts: int
    error: str
    first_failed_at: dt.datetime
    last_failed_at: dt.datetime
    resolved_at: dt.datetime | None
