"""Member I/O: what clients send (Create/Update/Ref) and what they get back (Read)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from loyalty.input_types import DateIn, DateTimeIn, InputModel
from loyalty.kernel import clock
from loyalty.members import domain

Channel = Literal["email", "sms", "push"]
CHANNELS: tuple[Channel, ...] = ("email", "sms", "push")
# Consents that are not a channel: `profiling` lets the program keep what the member tells it
# (survey answers mapped to profile attributes, surveys/) in their profile. Recorded like the others.
CONSENT_KINDS: tuple[str, ...] = (*CHANNELS, "profiling")
# How the member would rather hear from the program: kept as the member attribute
# `preferred_channel` (journeys read it; "inbox" is the member app's Messages screen only).
PREFERRED_CHANNEL_ATTRIBUTE = "preferred_channel"
PREFERRED_CHANNELS: tuple[str, ...] = ("email", "sms", "push", "inbox")
EnrolmentChannel = Literal["pos", "online", "app", "import", "partner", "contact_center", "api"]
MemberStatus = Literal["active", "blocked"]
CardStatus = Literal["unassigned", "active", "blocked"]
IDENTIFIERS = ("id", "email", "phone", "card_number", "external_id")
# Ids are BIGINT: a larger number names nothing, and must be a 404/422, not a database overflow.
MAX_ID = 2**63 - 1


def _optional_text(value: str | None) -> str | None:
    """Surrounding whitespace is noise; an empty string means 'none'."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def _not_in_future(value: datetime | None, field: str) -> datetime | None:
    if value is None:
        return None
    value = clock.as_utc(value)
    if value > clock.now():
        raise ValueError(f"{field} cannot be in the future")
    return value


class Address(InputModel):
    model_config = ConfigDict(extra="forbid")

    line1: str | None = Field(default=None, max_length=200)
    line2: str | None = Field(default=None, max_length=200)
    city: str | None = Field(default=None, max_length=100)
    postal_code: str | None = Field(default=None, max_length=20)
    region: str | None = Field(default=None, max_length=100)
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2, e.g. PL")

    @field_validator("line1", "line2", "city", "postal_code", "region")
    @classmethod
    def _trimmed(cls, value: str | None) -> str | None:
        return _optional_text(value)

    @field_validator("country")
    @classmethod
    def _iso_country(cls, value: str | None) -> str | None:
        value = _optional_text(value)
        return None if value is None else domain.normalize_country(value)


class ConsentInput(InputModel):
    """A member's decision for one channel."""

    model_config = ConfigDict(extra="forbid")

    granted: bool
    source: str | None = Field(default=None, max_length=100,
                               description="Where the decision was taken (signup_form, pos, …); "
                                           "defaults to the enrolment channel or 'api'.")
    recorded_at: DateTimeIn | None = Field(default=None, description="When it was taken; defaults to now.")

    @field_validator("source")
    @classmethod
    def _trimmed(cls, value: str | None) -> str | None:
        return _optional_text(value)

    @field_validator("recorded_at")
    @classmethod
    def _past(cls, value: datetime | None) -> datetime | None:
        return _not_in_future(value, "recorded_at")


class ConsentsInput(InputModel):
    model_config = ConfigDict(extra="forbid")

    email: ConsentInput | None = None
    sms: ConsentInput | None = None
    push: ConsentInput | None = None
    profiling: ConsentInput | None = Field(default=None, description=(
        "May the program keep what the member tells it (survey answers mapped to profile attributes) "
        "in their profile."))

    def given(self) -> dict[str, ConsentInput]:
        return {kind: decision for kind in CONSENT_KINDS if (decision := getattr(self, kind)) is not None}


class MemberFields(InputModel):
    """Validation shared by create and update; each normalizes what it stores."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("email", check_fields=False)
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        value = _optional_text(value)
        return None if value is None else domain.normalize_email(value)

    @field_validator("phone", check_fields=False)
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        value = _optional_text(value)
        return None if value is None else domain.normalize_phone(value)

    @field_validator("external_id", "first_name", "last_name", check_fields=False)
    @classmethod
    def _trimmed(cls, value: str | None) -> str | None:
        return _optional_text(value)

    @field_validator("birth_date", check_fields=False)
    @classmethod
    def _birth_date(cls, value: date | None) -> date | None:
        return None if value is None else domain.check_birth_date(value, clock.now().date())

    @field_validator("preferred_language", check_fields=False)
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        value = _optional_text(value)
        return None if value is None else domain.normalize_language(value)


class MemberCreate(MemberFields):
    email: str | None = Field(default=None, max_length=320, examples=["anna.kowalska@example.com"])
    phone: str | None = Field(default=None, max_length=40, description="International form with a leading +.",
                              examples=["+48 601 234 567"])
    external_id: str | None = Field(default=None, max_length=128, description="The shop's own customer id.")
    first_name: str | None = Field(default=None, max_length=100)
    last_name: str | None = Field(default=None, max_length=100)
    birth_date: DateIn | None = None
    address: Address | None = None
    preferred_language: str | None = Field(default=None, description="BCP 47 tag: en, pl, pt-BR.")
    attributes: dict[str, Any] = Field(default_factory=dict, description="Up to 50 custom keys of ≤ 64 characters.")
    consents: ConsentsInput | None = None
    enrolment_channel: EnrolmentChannel = "api"
    enrolled_at: DateTimeIn | None = Field(default=None, description="For imports; defaults to now, never future.")
    card_number: str | None = Field(default=None, max_length=32,
                                    description="An unassigned card (from a printed batch) to register at once.")
    referral_code: str | None = Field(default=None, max_length=32,
                                      description="The referral code of the member who invited this one (see "
                                                  "docs/referrals.md); an unknown code is 422 unknown_referral_code.")

    @field_validator("enrolled_at")
    @classmethod
    def _enrolled_in_past(cls, value: datetime | None) -> datetime | None:
        return _not_in_future(value, "enrolled_at")

    @field_validator("attributes")
    @classmethod
    def _attributes(cls, value: dict[str, Any]) -> dict[str, Any]:
        return domain.check_attributes(value)

    @field_validator("card_number")
    @classmethod
    def _card_digits(cls, value: str | None) -> str | None:
        value = _optional_text(value)
        return None if value is None else domain.normalize_card_number(value)


class MemberUpdate(MemberFields):
    """A partial update: only the fields sent change; null clears a field."""

    email: str | None = Field(default=None, max_length=320)
    phone: str | None = Field(default=None, max_length=40)
    external_id: str | None = Field(default=None, max_length=128)
    first_name: str | None = Field(default=None, max_length=100)
    last_name: str | None = Field(default=None, max_length=100)
    birth_date: DateIn | None = None
    address: Address | None = Field(default=None, description="Replaces the whole address; null clears it.")
    preferred_language: str | None = None
    attributes: dict[str, Any] | None = Field(
        default=None, description="Merged into the current attributes; a key set to null is removed; "
                                  "null clears them all.")
    consents: ConsentsInput | None = Field(default=None, description="Channels sent are recorded; others stay.")
    status: MemberStatus | None = None

    @field_validator("status", "consents")
    @classmethod
    def _not_clearable(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("cannot be null")
        return value

    @field_validator("attributes")
    @classmethod
    def _attribute_keys(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is not None:
            for key in value:
                if not key or len(key) > domain.MAX_ATTRIBUTE_KEY_LENGTH:
                    raise ValueError(f"attribute keys must be 1 to {domain.MAX_ATTRIBUTE_KEY_LENGTH} characters")
        return value


class MemberRef(InputModel):
    """Which member: exactly one of id, email, phone, card_number or external_id."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"card_number": "2790123456789012"},
                                                                              {"email": "anna@example.com"}]})

    id: int | None = Field(default=None, ge=1, le=MAX_ID)
    email: str | None = Field(default=None, max_length=320)
    phone: str | None = Field(default=None, max_length=40)
    card_number: str | None = Field(default=None, max_length=64)
    external_id: str | None = Field(default=None, max_length=128)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        value = _optional_text(value)
        return None if value is None else domain.normalize_email(value)

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        value = _optional_text(value)
        return None if value is None else domain.normalize_phone(value)

    @field_validator("card_number")
    @classmethod
    def _card(cls, value: str | None) -> str | None:
        value = _optional_text(value)
        return None if value is None else domain.normalize_card_number(value)

    @field_validator("external_id")
    @classmethod
    def _external_id(cls, value: str | None) -> str | None:
        return _optional_text(value)

    @model_validator(mode="after")
    def _exactly_one(self) -> MemberRef:
        given = [name for name in IDENTIFIERS if getattr(self, name) is not None]
        if len(given) != 1:
            got = ", ".join(given) if given else "none"
            raise ValueError(f"give exactly one of {', '.join(IDENTIFIERS)} (got {got})")
        return self


class ConsentState(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    granted: bool
    recorded_at: datetime
    source: str


class ConsentsRead(BaseModel):
    email: ConsentState | None = None
    sms: ConsentState | None = None
    push: ConsentState | None = None
    profiling: ConsentState | None = None


# What the API's description shows as an answer: Anna of the request examples, enrolled at a till.
MEMBER_EXAMPLE: dict[str, Any] = {
    "id": 1042, "email": "anna.kowalska@example.com", "phone": "+48601234567", "external_id": "CRM-88213",
    "first_name": "Anna", "last_name": "Kowalska", "birth_date": "1990-05-17",
    "address": {"line1": "ul. Prosta 1", "line2": "m. 12", "city": "Warszawa", "postal_code": "00-850",
                "region": None, "country": "PL"},
    "preferred_language": "pl", "attributes": {"favourite_store": "WAW-01"}, "status": "active",
    "enrolment_channel": "pos", "enrolled_at": "2026-03-14T09:30:12Z", "updated_at": "2026-03-14T09:30:12Z",
    "referral_code": "K7QM2XPA",
    "consents": {"email": {"granted": True, "recorded_at": "2026-03-14T09:30:12Z", "source": "signup_form"},
                 "sms": {"granted": False, "recorded_at": "2026-03-14T09:30:12Z", "source": "signup_form"},
                 "push": None, "profiling": None},
    "cards": ["2790000000000001"],
}


class MemberRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [MEMBER_EXAMPLE]})

    id: int
    email: str | None
    phone: str | None
    external_id: str | None
    first_name: str | None
    last_name: str | None
    birth_date: date | None
    address: Address | None
    preferred_language: str | None
    attributes: dict[str, Any]
    status: MemberStatus
    enrolment_channel: EnrolmentChannel
    enrolled_at: datetime
    updated_at: datetime
    referral_code: str
    consents: ConsentsRead
    cards: list[str] = Field(description="Numbers of the member's active cards.")


class TimelineEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    type: str
    occurred_at: datetime
    actor: str
    payload: dict[str, Any]


class CardBatchCreate(InputModel):
    model_config = ConfigDict(extra="forbid")

    count: int = Field(ge=1, le=100_000)
    note: str | None = Field(default=None, max_length=200)


class CardBatchRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    size: int
    note: str | None
    created_at: datetime


class CardRegister(InputModel):
    model_config = ConfigDict(extra="forbid")

    card_number: str = Field(min_length=1, max_length=64)


class CardBlock(InputModel):
    model_config = ConfigDict(extra="forbid")

    replace: bool = Field(default=True, description="Give the member a new card in the same request.")
    replacement_card_number: str | None = Field(
        default=None, max_length=64, description="An unassigned card to hand over; omitted: a new number is made.")


class CardRead(BaseModel):
    number: str
    status: CardStatus
    batch_id: int | None
    created_at: datetime
    assigned_at: datetime | None
    blocked_at: datetime | None
    replaced_by: str | None = Field(description="Number of the card that replaced this one.")


class BlockedCardRead(BaseModel):
    blocked: CardRead
    replacement: CardRead | None
