"""What the push domain hands out: the subscriptions a member has and what one send did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict


class PushSubscriptionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    member_id: int
    endpoint: str
    user_agent: str | None
    created_at: datetime
    last_success_at: datetime | None
    gone_at: datetime | None


@dataclass(frozen=True)
class PushTarget:
    """One live subscription, as the sender needs it (read in one unit of work, sent after it)."""

    id: int
    endpoint: str
    p256dh: str
    auth: str


@dataclass(frozen=True)
class VapidKeys:
    private_pem: str
    public_key: str  # the applicationServerKey browsers subscribe with (base64url)


@dataclass(frozen=True)
class PushOutcome:
    """What one send did: `delivered` (the push service took it), `gone` (404/410: the
    subscription no longer exists), `refused` (our own checks stopped it: an endpoint that now
    resolves to a private address) or `failed` (anything else, worth retrying)."""

    subscription_id: int
    result: Literal["delivered", "gone", "refused", "failed"]
    status: int | None = None
    detail: str = ""
