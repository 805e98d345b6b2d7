"""Input and read models of the messaging domain."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from loyalty.input_types import InputModel

ChannelName = Literal["email", "sms", "push", "inbox"]
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"


class TemplateVersionWrite(InputModel):
    subject: str = Field(default="", max_length=500)
    html_body: str = Field(default="", max_length=200_000)
    text_body: str = Field(default="", max_length=50_000)


class TemplateWrite(InputModel):
    """A template and all its language versions (PUT replaces the versions sent, drops the others)."""

    key: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    channel: ChannelName
    description: str | None = Field(default=None, max_length=500)
    fallback_language: str = Field(pattern=LANGUAGE_PATTERN)
    versions: dict[str, TemplateVersionWrite] = Field(min_length=1)

    @field_validator("versions")
    @classmethod
    def _languages(cls, value: dict[str, TemplateVersionWrite]) -> dict[str, TemplateVersionWrite]:
        import re

        for language in value:
            if not re.match(LANGUAGE_PATTERN, language):
                raise ValueError(f"{language!r} is not a language code such as 'en' or 'pl'")
        return value


class TemplateVersionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    language: str
    subject: str
    html_body: str
    text_body: str
    updated_at: datetime


class TemplateRead(BaseModel):
    id: int
    key: str
    channel: str
    description: str | None
    fallback_language: str
    versions: dict[str, TemplateVersionRead]
    created_at: datetime
    updated_at: datetime


class MessageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    member_id: int
    channel: str
    template_key: str
    dedupe_key: str
    source: str
    status: Literal["queued", "sending", "sent", "skipped", "failed"]
    skip_reason: str | None
    error: str | None
    send_after: datetime
    attempts: int
    language: str | None
    subject: str | None
    provider_id: str | None
    created_at: datetime
    sent_at: datetime | None
    delivered_at: datetime | None
    opened_at: datetime | None
    clicked_at: datetime | None


class ChannelSettingsWrite(InputModel):
    """At most `cap_count` messages per member in `cap_days` rolling days (null: no cap); no
    sending from `quiet_start` to `quiet_end` ("21:00", "08:00"; null: none) in the member's time."""

    cap_count: int | None = Field(default=None, ge=1, le=1000)
    cap_days: int = Field(default=7, ge=1, le=365)
    quiet_start: str | None = Field(default=None, pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    quiet_end: str | None = Field(default=None, pattern=r"^([01]\d|2[0-3]):[0-5]\d$")


class ChannelSettingsRead(BaseModel):
    channel: str
    cap_count: int | None
    cap_days: int
    quiet_start: str | None
    quiet_end: str | None


class SuppressionWrite(InputModel):
    channel: ChannelName
    address: str = Field(min_length=3, max_length=320)
    reason: str = Field(default="added by staff", max_length=200)


class SuppressionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    channel: str
    address: str
    reason: str
    created_at: datetime
    created_by: str


class Preview(BaseModel):
    language: str
    subject: str
    html: str | None
    text: str
    context: dict[str, Any]
