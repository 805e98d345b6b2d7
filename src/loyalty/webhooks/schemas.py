from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from loyalty.input_types import InputModel

DeliveryStatus = Literal["pending", "failed", "succeeded", "dead"]


class WebhookEndpointCreate(InputModel):
    url: str = Field(min_length=1, max_length=2000, description="http:// or https://; its host must resolve to "
                     "public addresses unless the operator allows private networks.")
    event_types: list[str] = Field(min_length=1, max_length=100, description="The event types to receive.")
    description: str = Field(default="", max_length=500)
    is_enabled: bool = True


class WebhookEndpointUpdate(InputModel):
    """Only the fields given change."""

    url: str | None = Field(default=None, min_length=1, max_length=2000)
    event_types: list[str] | None = Field(default=None, min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=500)
    is_enabled: bool | None = None


class WebhookEndpointRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    url: str
    description: str
    event_types: list[str]
    is_enabled: bool
    previous_secret_expires_at: datetime | None = Field(
        description="After a rotation, until when deliveries carry a second signature made with the old secret.")
    created_at: datetime
    updated_at: datetime


class WebhookEndpointCreated(WebhookEndpointRead):
    secret: str = Field(description="The signing secret (`whsec_…`): shown only in this response.")


class WebhookSecretRotated(BaseModel):
    endpoint: WebhookEndpointRead
    secret: str = Field(description="The new signing secret (`whsec_…`): shown only in this response.")


class WebhookDeliveryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    endpoint_id: int
    event_id: int
    event_type: str
    webhook_id: str = Field(description="The `webhook-id` header: the same for a message and its replays.")
    sequence: int = Field(description="0 for the first delivery of the message, 1, 2, … for its replays.")
    replay_of_id: int | None
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_response_body: str | None
    last_error: str | None
    last_duration_ms: int | None
    body: str = Field(description="The JSON body sent (signed as it is).")
    created_at: datetime
    updated_at: datetime
