"""What pages show of notes and service cases (read models: templates never get ORM rows)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

DEPARTMENTS = ("contact_center", "service", "finance", "marketing", "store")
CASE_KINDS = ("complaint", "question", "request")
CASE_STATUSES = ("open", "closed")

Department = Literal["contact_center", "service", "finance", "marketing", "store"]
CaseKind = Literal["complaint", "question", "request"]
CaseStatus = Literal["open", "closed"]


class NoteRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    member_id: int
    department: Department
    body: str
    pinned: bool
    author_id: int | None
    author_name: str
    created_at: datetime


class CaseRead(BaseModel):
    id: int
    member_id: int
    member_name: str
    kind: CaseKind
    subject: str
    status: CaseStatus
    assignee_id: int | None
    assignee_name: str | None
    opened_by_id: int | None
    opened_by_name: str
    opened_at: datetime
    closed_at: datetime | None
    resolution: str | None


class CommentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    body: str
    author_id: int | None
    author_name: str
    created_at: datetime


class CaseDetail(BaseModel):
    case: CaseRead
    comments: list[CommentRead]


class CasePage(BaseModel):
    items: list[CaseRead]
    offset: int
    has_more: bool


class StaffChoice(BaseModel):
    id: int
    name: str
