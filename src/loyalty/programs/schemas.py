from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

from loyalty.input_types import DecimalIn, InputModel
from loyalty.kernel.money import ISO_4217

UNITS = ("points", "stamps", "cashback")
Unit = Literal["points", "stamps", "cashback"]


class NeverExpires(InputModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["never"] = "never"


class MonthsAfterEarning(InputModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["months_after_earning"] = "months_after_earning"
    months: int = Field(ge=1, le=120)


class EndOfNextCalendarYear(InputModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["end_of_next_calendar_year"] = "end_of_next_calendar_year"


ExpiryPolicy = Annotated[NeverExpires | MonthsAfterEarning | EndOfNextCalendarYear, Field(discriminator="kind")]


class ProgramFields(InputModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("currency", check_fields=False)
    @classmethod
    def _iso_currency(cls, value: str | None) -> str | None:
        if value is not None and value not in ISO_4217:
            raise ValueError(f"currency must be an ISO 4217 code such as EUR or PLN; {value!r} is not one")
        return value

    @field_validator("timezone", check_fields=False)
    @classmethod
    def _known_timezone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError) as error:
                raise ValueError(f"unknown timezone {value!r}; use an IANA name such as Europe/Warsaw") from error
        return value


class ProgramCreate(ProgramFields):
    name: str = Field(min_length=1, max_length=200)
    currency: str = "EUR"
    timezone: str = "UTC"
    locale: str = Field(default="en", max_length=16)
    point_value: DecimalIn = Field(default=Decimal("0.01"), gt=0, max_digits=18, decimal_places=6)
    expiry_policy: ExpiryPolicy = MonthsAfterEarning(months=12)
    pending_days: int = Field(default=0, ge=0, le=365)
    claim_window_days: int = Field(default=30, ge=0, le=3650)
    allow_transfers: bool = False
    units: list[Unit] = Field(default_factory=lambda: list[Unit](["points"]), min_length=1)
    card_prefix: str = Field(default="2790", pattern=r"^[0-9]{1,8}$")


class ProgramUpdate(ProgramFields):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    timezone: str | None = None
    locale: str | None = Field(default=None, max_length=16)
    point_value: DecimalIn | None = Field(default=None, gt=0, max_digits=18, decimal_places=6)
    expiry_policy: ExpiryPolicy | None = None
    pending_days: int | None = Field(default=None, ge=0, le=365)
    claim_window_days: int | None = Field(default=None, ge=0, le=3650)
    allow_transfers: bool | None = None
    units: list[Unit] | None = Field(default=None, min_length=1)


class ProgramRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    currency: str
    timezone: str
    locale: str
    point_value: Decimal
    expiry_policy: ExpiryPolicy
    pending_days: int
    claim_window_days: int
    allow_transfers: bool
    units: list[Unit]
    card_prefix: str
