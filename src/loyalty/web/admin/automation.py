"""Automation (/admin/automation): the worker as the panel sees it.

- Failed events (/admin/automation): the program's dead-letter list (`event_failures`), newest
  first, filtered by status and paged by id, each with its error and a Retry button
  (automation.operate; audited) that sends the event to its subscriber again.
- Worker (/admin/automation/worker): how far each subscriber has read the event stream (the
  cursors are the installation's, shared by every program) and the program's failures by status.
- Lifecycle settings (/admin/automation/lifecycle): the lifecycle scans' thresholds, the same
  ones the API's PATCH /lifecycle/settings changes (program.edit to change; audited).

Reading needs panel.view: the pages show event types and ids, not members' data beyond their id;
a failure's whole traceback (file paths, code) only to those who may retry it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.requests import Request

from loyalty.auth.roles import EDIT_PROGRAM, OPERATE_AUTOMATION, VIEW_PANEL
from loyalty.db.uow import unit_of_work
from loyalty.events import stream
from loyalty.events.schemas import EventFailureRead
from loyalty.kernel.errors import Conflict, NotFound
from loyalty.lifecycle import service as lifecycle
from loyalty.lifecycle.schemas import LifecycleSettingsRead, LifecycleSettingsUpdate
from loyalty.web.admin.catalogue_forms import program_of, record
from loyalty.web.deps import get_database
from loyalty.web.pages.errors import not_found
from loyalty.web.pages.forms import PathId, field_errors, parse_id
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.signed_in import StaffContext, staff
from loyalty.worker.registry import SUBSCRIBERS

router = APIRouter(prefix="/admin/automation")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]
Operator = Annotated[StaffContext, Depends(staff(OPERATE_AUTOMATION))]
Editor = Annotated[StaffContext, Depends(staff(EDIT_PROGRAM))]
PAGE = 50
STATUSES = ("pending", "dead", "resolved")
SETTING_FIELDS = ("lapse_factor", "default_gap_days", "expiring_days", "cart_hours")


@dataclass(frozen=True)
class FailureRow:
    failure: EventFailureRead
    summary: str  # the line that says what went wrong
    details: str  # the whole error (the traceback) when it says more than the summary, else ""


def error_parts(error: str) -> tuple[str, str]:
    """The error's telling line and, when there is more, the whole text for a <details>.

    A Python traceback starts with "Traceback (most recent call last):" and says what went wrong
    on its last line, so that line is the summary; any other error shows its first line."""
    lines = [line for line in error.strip().splitlines() if line.strip()]
    if not lines:
        return "", ""
    summary = lines[-1].strip() if lines[0].startswith("Traceback") else lines[0].strip()
    return summary, (error.strip() if len(lines) > 1 else "")


def _status_names(request: Request) -> dict[str, str]:
    return {"pending": gettext(request, "Retrying"), "dead": gettext(request, "Parked"),
            "resolved": gettext(request, "Resolved")}


@router.get("")
def failed_events(request: Request, me: Viewer, status: str = "", before: str = "") -> Response:
    status = status if status in STATUSES else ""
    before_id = parse_id(before)
    with unit_of_work(get_database(request), read_only=True) as db:
        rows = stream.failures(db, program_id=me.program.id, status=status or None, before_id=before_id,
                               limit=PAGE + 1)
        failures = [EventFailureRead.model_validate(row) for row in rows]
        counts = stream.failure_counts(db, program_id=me.program.id)
    shown = [FailureRow(failure, *error_parts(failure.error)) for failure in failures[:PAGE]]
    next_key = failures[PAGE - 1].id if len(failures) > PAGE else None
    return render(request, "admin/automation/failures.html", {
        "title": gettext(request, "Failed events"), "tab": "failures", "rows": shown, "status": status,
        "statuses": STATUSES, "status_names": _status_names(request), "counts": counts, "next_key": next_key,
        "before": before_id})


@router.post("/failures/{failure_id:int}/retry")
def retry_failure(request: Request, me: Operator, failure_id: PathId) -> Response:
    back = "/admin/automation"
    status = me.form.text("status")
    if status in STATUSES:
        back += f"?status={status}"
    try:
        with unit_of_work(get_database(request)) as db:
            failure = stream.locked_failure(db, program_id=me.program.id, failure_id=failure_id)
            before = {"status": failure.status, "attempts": failure.attempts}
            stream.retry_failure(db, program_id=me.program.id, failure_id=failure_id)
            record(db, me, action="event_failure.retried", subject_type="event_failure", subject_id=failure_id,
                   before=before, after={"status": "pending", "attempts": 0, "subscriber": failure.subscriber,
                                         "event_id": failure.event_id})
    except NotFound:
        return not_found(request)
    except Conflict:
        return redirect(request, back, notice=gettext(
            request, "This event has been handled since; there is nothing to retry."))
    return redirect(request, back, notice=gettext(
        request, "The event is sent to its subscriber again; the worker takes it up within seconds."))


@dataclass(frozen=True)
class SubscriberRow:
    name: str
    types: Sequence[str]
    position: stream.SubscriberPosition | None  # None: the worker has not started it yet


@router.get("/worker")
def worker(request: Request, me: Viewer) -> Response:
    types: dict[str, Sequence[str]] = {subscriber.name: sorted(subscriber.types) for subscriber in SUBSCRIBERS}
    with unit_of_work(get_database(request), read_only=True) as db:
        positions = {position.subscriber: position
                     for position in stream.positions(db, types, program_id=me.program.id)}
        counts = stream.failure_counts(db, program_id=me.program.id)
    rows = [SubscriberRow(name=name, types=types[name], position=positions.get(name)) for name in sorted(types)]
    return render(request, "admin/automation/worker.html", {
        "title": gettext(request, "Worker"), "tab": "worker", "subscribers": rows, "counts": counts,
        "statuses": STATUSES, "status_names": _status_names(request)})


def _values_of(current: LifecycleSettingsRead) -> dict[str, str]:
    return {"lapse_factor": format(current.lapse_factor.normalize(), "f"),
            "default_gap_days": str(current.default_gap_days), "expiring_days": str(current.expiring_days),
            "cart_hours": str(current.cart_hours)}


def _settings_page(request: Request, me: StaffContext, values: dict[str, str] | None = None,
                   errors: dict[str, str] | None = None, status: int = 200) -> Response:
    if values is None:
        with unit_of_work(get_database(request), read_only=True) as db:
            values = _values_of(lifecycle.get_settings(session=db, program_id=me.program.id))
    return render(request, "admin/automation/lifecycle.html", {
        "title": gettext(request, "Lifecycle settings"), "tab": "lifecycle", "values": values,
        "errors": errors or {}}, status=status)


@router.get("/lifecycle")
def lifecycle_settings(request: Request, me: Viewer) -> Response:
    return _settings_page(request, me)


def _number(text: str) -> int | str:
    try:
        return int(text)
    except ValueError:
        return text  # refused by the schema with its message


@router.post("/lifecycle")
def save_lifecycle_settings(request: Request, me: Editor) -> Response:
    values = {name: me.form.text(name) for name in SETTING_FIELDS}
    body: dict[str, Any] = {name: _number(values[name]) for name in SETTING_FIELDS if name != "lapse_factor"}
    body["lapse_factor"] = values["lapse_factor"].replace(",", ".")  # "2,5" as Polish and Russian write it
    try:
        data = LifecycleSettingsUpdate.model_validate(body)
    except ValidationError as error:
        return _settings_page(request, me, values, field_errors(error), status=422)
    with unit_of_work(get_database(request)) as db:
        before = lifecycle.get_settings(session=db, program_id=me.program.id)
        after = lifecycle.update_settings(session=db, program=program_of(db, me), data=data, actor=me.actor)
        if after != before:
            record(db, me, action="lifecycle_settings.updated", subject_type="program", subject_id=me.program.id,
                   before=_plain(before), after=_plain(after))
    return redirect(request, "/admin/automation/lifecycle",
                    notice=gettext(request, "The lifecycle settings are saved."))


def _plain(settings: LifecycleSettingsRead) -> dict[str, Any]:
    values = settings.model_dump(mode="json")
    values["lapse_factor"] = format(Decimal(settings.lapse_factor).normalize(), "f")
    return values
