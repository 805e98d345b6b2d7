"""What the platform takes from outside is typed strictly: a number is a JSON number (never
`false`, never `"12"`), a date or a moment is written as one (never `0.5`, which pydantic
would read as seconds since 1970), and unknown fields are refused.

Every request model derives from `InputModel`. Its fields of a date, a moment or a decimal
use `DateIn`, `DateTimeIn` and `DecimalIn` from here: strict mode would refuse the ISO text and the
decimal text that JSON carries them as, so these stay lax, dates refusing what is not written as one.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal as _Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Strict
from pydantic_core import PydanticCustomError

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class InputModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


def _written_date(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise PydanticCustomError("date_type", "Input should be a date written as YYYY-MM-DD")
    return value


def _written_moment(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise PydanticCustomError("datetime_type",
                                  "Input should be a date and time written as in 2026-12-06T10:30:00+01:00")
    return value


DateIn = Annotated[date, Strict(False), BeforeValidator(_written_date)]
DateTimeIn = Annotated[datetime, Strict(False), BeforeValidator(_written_moment)]
# Lax decimals take a number or its text, and still refuse `true`, a list or an object.
DecimalIn = Annotated[_Decimal, Strict(False)]
