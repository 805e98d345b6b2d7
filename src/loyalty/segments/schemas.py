"""Segment I/O."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from loyalty.input_types import InputModel
from loyalty.vouchers.schemas import ConditionTree

Kind = Literal["dynamic", "static"]


class SegmentCreate(InputModel):
    name: str = Field(min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=1000)
    kind: Kind = Field(default="dynamic", description="dynamic: a condition kept current; static: an imported list.")
    condition: ConditionTree | None = Field(default=None, description=(
        "dynamic: the condition over members (see docs/segments.md for the fields)."))


class SegmentUpdate(InputModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=1000)
    condition: ConditionTree | None = None


class CountRequest(InputModel):
    condition: ConditionTree


class CountRead(BaseModel):
    size: int = Field(description="How many of the program's members the condition holds for now.")


class SegmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str | None
    kind: Kind
    condition: dict[str, Any] | None
    size: int
    archived: bool
    recomputed_at: datetime | None
    created_at: datetime
    updated_at: datetime


class SegmentList(BaseModel):
    items: list[SegmentRead]


class SegmentMemberRead(BaseModel):
    member_id: int
    first_name: str | None
    last_name: str | None
    email: str | None
    entered_at: datetime


class SegmentMemberPage(BaseModel):
    items: list[SegmentMemberRead]
    next_after: int | None = Field(description="Pass as `after` for the next page; null on the last one.")


class SegmentSizeRead(BaseModel):
    day: date
    size: int


class SegmentSizes(BaseModel):
    items: list[SegmentSizeRead]


class RecomputeRead(BaseModel):
    entered: int
    left: int
    size: int


class ImportRead(BaseModel):
    lines: int
    members: int = Field(description="Members in the segment after the import.")
    entered: int
    left: int
