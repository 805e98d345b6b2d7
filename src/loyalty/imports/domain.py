"""Reading import files: pure parsing and the checks that need no database.

A file is UTF-8 CSV with a header line (docs/imports.md). Line numbers are the file's own,
the header being line 1, so "line 7" is what a spreadsheet shows as row 7. Every problem is
a `Rejection` (line, field, reason); parsing never stops at the first one, so a report lists
every line to fix at once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from loyalty.kernel.text import NUL

Kind = Literal["members", "purchases", "rewards"]
KINDS: tuple[Kind, ...] = ("members", "purchases", "rewards")
MAX_REJECTIONS_KEPT = 1000  # a report lists this many; the count says how many there were

MEMBER_COLUMNS = ("email", "phone", "external_id", "first_name", "last_name", "birth_date", "preferred_language",
                  "card_number", "opening_balance", "enrolled_at")
PURCHASE_COLUMNS = ("receipt_id", "member_card_number", "member_email", "member_external_id", "occurred_at",
                    "receipt_number", "channel", "store", "total", "sku", "name", "category", "quantity",
                    "unit_price")
REWARD_COLUMNS = ("kind", "name", "description", "points_price", "money_price", "stock", "limit_per_member",
                  "limit_total", "starts_at", "ends_at", "eligible_tiers", "code_pool_id", "voucher_campaign_id",
                  "cause_id", "cashback_rate", "is_active")
COLUMNS: dict[Kind, tuple[str, ...]] = {"members": MEMBER_COLUMNS, "purchases": PURCHASE_COLUMNS,
                                        "rewards": REWARD_COLUMNS}
REQUIRED: dict[Kind, tuple[str, ...]] = {"members": (), "purchases": ("receipt_id", "occurred_at"),
                                         "rewards": ("kind", "name", "points_price")}
MEMBER_REFERENCE_COLUMNS = ("member_card_number", "member_email", "member_external_id")


@dataclass(frozen=True, order=True)
class Rejection:
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, field {self.field}: {self.reason}"


@dataclass
class Rejections:
    """Every rejection of a file, in line order when read back."""

    items: list[Rejection] = field(default_factory=list)

    def add(self, line: int, field_name: str, reason: str) -> None:
        self.items.append(Rejection(line, field_name, reason))

    def extend(self, rejections: Sequence[Rejection]) -> None:
        self.items.extend(rejections)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def lines(self) -> set[int]:
        return {item.line for item in self.items}

    def sorted(self) -> list[Rejection]:
        return sorted(self.items)


@dataclass(frozen=True)
class Line:
    """One data line: its number in the file and its values by column (empty cells left out)."""

    number: int
    values: dict[str, str]

    def get(self, name: str) -> str | None:
        return self.values.get(name)


class FileRefused(Exception):
    """The file as a whole cannot be read (not UTF-8, no header, unknown columns)."""

    def __init__(self, rejections: list[Rejection]) -> None:
        super().__init__("; ".join(str(rejection) for rejection in rejections))
        self.rejections = rejections


def decode(data: bytes) -> str:
    """The file's text (UTF-8, a byte-order mark allowed, as spreadsheets write it)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise FileRefused([Rejection(line, "file", "the file is not UTF-8 text (save it as CSV UTF-8)")]) from None
    return text


def read_lines(text: str, kind: Kind) -> tuple[int, Iterator[Line]]:
    """The number of data lines and an iterator over them; the header is checked first
    (FileRefused names unknown or missing columns)."""
    header_end = text.find("\n")
    header_text = text if header_end < 0 else text[:header_end]
    header = [name.strip().lower() for name in next(csv.reader([header_text]), [])]
    problems: list[Rejection] = []
    if not any(header):
        raise FileRefused([Rejection(1, "file", "the file is empty: the first line must name the columns")])
    allowed = COLUMNS[kind]
    for name in header:
        if name not in allowed:
            problems.append(Rejection(1, name or "(empty)", f"unknown column; the columns of a {kind} file are: "
                                                           f"{', '.join(allowed)}"))
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Rejection(1, name, "the column is named twice"))
        seen.add(name)
    for name in REQUIRED[kind]:
        if name not in header:
            problems.append(Rejection(1, name, "required column missing"))
    if problems:
        raise FileRefused(problems)
    total = sum(1 for row in text.splitlines()[1:] if row.strip())  # a quoted newline makes this an estimate
    return total, _lines(text, header)


def _lines(text: str, header: list[str]) -> Iterator[Line]:
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)
    for row in reader:
        number = reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue
        values: dict[str, str] = {}
        for index, cell in enumerate(row):
            cell = cell.strip()
            if index >= len(header):
                if cell:
                    values["__extra__"] = cell
                continue
            if cell:
                values[header[index]] = cell
        yield Line(number, values)


# --- values ----------------------------------------------------------------------------------


class BadValue(ValueError):
    """A cell that is not what its column holds; the message is the reason shown."""


def check_text(value: str) -> str:
    if NUL in value:
        raise BadValue("contains a NUL character (U+0000), which no text may hold")
    return value


def whole_number(value: str, *, minimum: int | None = None) -> int:
    text = value.replace(" ", "").replace("_", "")
    if not text.lstrip("+-").isdigit():
        raise BadValue(f"{value!r} is not a whole number")
    number = int(text)
    if minimum is not None and number < minimum:
        raise BadValue(f"must be at least {minimum}")
    return number


def decimal(value: str) -> Decimal:
    try:
        number = Decimal(value.replace(" ", ""))
    except InvalidOperation:
        raise BadValue(f"{value!r} is not a decimal number (write it as 12.50)") from None
    if not number.is_finite():
        raise BadValue(f"{value!r} is not a decimal number (write it as 12.50)")
    return number


def minor_units(value: str, digits: int) -> int:
    """A money amount written in the currency's main unit ("12.50") in minor units (1250)."""
    number = decimal(value)
    scaled = number.scaleb(digits)
    if scaled != scaled.to_integral_value():
        raise BadValue(f"{value!r} has more than {digits} decimal places")
    if number < 0:
        raise BadValue("must not be negative")
    return int(scaled)


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadValue(f"{value!r} is not a date written as YYYY-MM-DD") from None


def iso_moment(value: str, timezone: str) -> datetime:
    """An ISO 8601 date and time; without an offset it is the program's local time, and a
    date alone is its midnight."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise BadValue(f"{value!r} is not a date and time written as 2024-03-01T10:30:00 "
                       "(ISO 8601, an offset such as +01:00 optional)") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    return moment


def boolean(value: str) -> bool:
    text = value.lower()
    if text in ("true", "yes", "1"):
        return True
    if text in ("false", "no", "0"):
        return False
    raise BadValue(f"{value!r} is not true or false")


def validation_rejections(line: int, error: ValidationError, columns: dict[str, str] | None = None) -> list[Rejection]:
    """A model's validation errors as rejections naming the file's columns (`columns` maps a
    model field to its column where they differ)."""
    found: list[Rejection] = []
    for problem in error.errors():
        location = [str(part) for part in problem.get("loc", ())]
        name = location[0] if location else "line"
        column = (columns or {}).get(name, name)
        message = str(problem.get("msg", "invalid value")).removeprefix("Value error, ")
        found.append(Rejection(line, column, message))
    return found


def parse_cells(line: Line, parsers: dict[str, Any], rejections: Rejections) -> tuple[dict[str, Any], bool]:
    """Each present cell through its column's parser: the values read, and whether every cell
    could be (rejections are added for those that could not)."""
    values: dict[str, Any] = {}
    ok = True
    if "__extra__" in line.values:
        rejections.add(line.number, "line", "more cells than the header names columns")
        ok = False
    for name, raw in line.values.items():
        if name == "__extra__":
            continue
        try:
            check_text(raw)
            parser = parsers.get(name)
            values[name] = parser(raw) if parser is not None else raw
        except BadValue as problem:
            rejections.add(line.number, name, str(problem))
            ok = False
    return values, ok
