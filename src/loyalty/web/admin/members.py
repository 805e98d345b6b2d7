"""Members (/admin/members): the search box, the single customer view with its paged
sections, and what staff do there (notes, cases, point adjustments, block, card replacement).

Pages hold no business logic: each handler calls the services the API calls, in one unit of
work with its audit entry.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.requests import Request

from loyalty.audit import service as audit
from loyalty.auth import repository as auth_repository
from loyalty.auth.adjustments import check_adjustment
from loyalty.auth.models import StaffAdjustmentKey
from loyalty.auth.roles import ADJUST_POINTS, EDIT_MEMBERS, VIEW_AUDIT, VIEW_MEMBERS, WRITE_NOTES
from loyalty.browsing import service as browsing
from loyalty.db.uow import unit_of_work
from loyalty.gamification import service as gamification
from loyalty.kernel import clock
from loyalty.kernel.errors import Conflict, DomainError, Forbidden, NotFound
from loyalty.kernel.money import minor_units
from loyalty.ledger import service as ledger
from loyalty.members import repository as members_repository
from loyalty.members import service as members
from loyalty.members.domain import display_name
from loyalty.members.models import Member
from loyalty.members.schemas import MemberUpdate
from loyalty.messaging import service as messaging
from loyalty.programs import service as programs
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.referrals import service as referrals
from loyalty.rewards import service as rewards
from loyalty.scoring import service as scoring
from loyalty.segments import service as segments
from loyalty.service_desk import service as service_desk
from loyalty.service_desk.schemas import CASE_KINDS, DEPARTMENTS
from loyalty.tiers import service as tiers
from loyalty.vouchers import service as vouchers
from loyalty.web.admin.journeys import describe_journey_event
from loyalty.web.admin.texts import error_text
from loyalty.web.deps import get_database
from loyalty.web.pages.errors import not_found
from loyalty.web.pages.forms import PathId, parse_id
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/members")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_MEMBERS))]
Editor = Annotated[StaffContext, Depends(staff(EDIT_MEMBERS))]
Adjuster = Annotated[StaffContext, Depends(staff(ADJUST_POINTS))]
NoteWriter = Annotated[StaffContext, Depends(staff(WRITE_NOTES))]

SEARCH_PAGE = 25
SECTION_PAGE = 10  # on the member page; each section's own page shows more
SECTION_FULL_PAGE = 50
REQUEST_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
SECTIONS = ("cards", "ledger", "purchases", "redemptions", "vouchers", "referrals", "messages", "web", "timeline",
            "audit")


# The search


@router.get("")
def search(request: Request, me: Viewer, q: str = "", before: str = "") -> Response:
    before_id = parse_id(before)
    with unit_of_work(get_database(request), read_only=True) as db:
        program = programs.get_program(session=db, program_id=me.program.id)
        if q.strip():
            found = members.search_members(session=db, program=program, text=q, before_id=before_id,
                                           limit=SEARCH_PAGE)
            rows = members.member_reads(session=db, members=found.exact + found.by_name.items)
            exact_ids = {member.id for member in found.exact}
            next_key = found.by_name.next_key
        else:
            recent = members.list_members(session=db, program_id=program.id, before_id=before_id,
                                          limit=SEARCH_PAGE)
            rows = members.member_reads(session=db, members=recent.items)
            exact_ids = set()
            next_key = recent.next_key
    return render(request, "admin/members/search.html", {
        "q": q.strip(), "rows": rows, "exact_ids": exact_ids, "next_key": next_key, "paged": before_id is not None})


# The single customer view


@dataclass
class Problem:
    """A refused action, shown beside its form on the member page."""

    form: str
    message: str
    status: int


def _member_or_none(db: Session, program_id: int, member_id: int) -> Member | None:
    try:
        return members.get_member(session=db, program_id=program_id, member_id=member_id)
    except NotFound:
        return None


def _view(db: Session, request: Request, me: StaffContext, program: Program, member: Member) -> dict[str, Any]:
    """Everything the member page shows, each list a bounded first page."""
    member_id = member.id
    try:
        tier = tiers.progress(session=db, program=program, member_id=member_id)
    except NotFound:
        tier = None  # the program has no tier levels
    history = members.consent_history(session=db, program_id=program.id, member_id=member_id)
    return {
        "member": members.member_read(session=db, member=member),
        "name": display_name(member),
        "balances": ledger.balances(session=db, program=program, member_id=member_id),
        "tier": tier,
        "scores": scoring.member_scores(session=db, program_id=program.id, member_id=member_id),
        "segments": segments.member_segments(session=db, program=program, member_id=member_id),
        "badges": gamification.member_badges(session=db, program=program, member_id=member_id).items,
        "challenges": [item for item in gamification.member_challenges(session=db, program=program,
                                                                       member_id=member_id).items if item.joined],
        "consent_history": list(reversed(history))[:20],
        "notes": service_desk.member_notes(session=db, program_id=program.id, member_id=member_id),
        "open_cases": service_desk.list_cases(session=db, program_id=program.id, status="open",
                                              member_id=member_id, limit=20).items,
        "staff_choices": service_desk.assignable_staff(session=db, program_id=program.id),
        "departments": DEPARTMENTS, "case_kinds": CASE_KINDS,
        "sections": {name: _section(db, request, me, program, member_id, name, None, SECTION_PAGE)
                     for name in SECTIONS},
        "minor_factor": 10 ** minor_units(program.currency),
        "request_key": secrets.token_urlsafe(24),  # the adjustment form's one-time key
    }


def _section(db: Session, request: Request, me: StaffContext, program: Program, member_id: int, name: str,
             before_id: int | None, limit: int) -> dict[str, Any]:
    """One paged list of the member: its items and the key of the next page."""
    page: Any
    if name == "cards":
        page = members.list_member_cards(session=db, program_id=program.id, member_id=member_id, after_id=before_id,
                                         limit=limit)
        return {"items": members.card_reads(session=db, cards=page.items), "next_key": page.next_key}
    if name == "ledger":
        page = ledger.ledger_entries(session=db, program_id=program.id, member_id=member_id, before_id=before_id,
                                     limit=limit)
    elif name == "purchases":
        page = purchases.member_purchases(session=db, program_id=program.id, member_id=member_id,
                                          before_id=before_id, limit=limit)
    elif name == "redemptions":
        page = rewards.member_redemptions(session=db, program_id=program.id, member_id=member_id,
                                          before_id=before_id, limit=limit)
    elif name == "vouchers":
        page = vouchers.member_vouchers(session=db, program=program, member_id=member_id, before_id=before_id,
                                        limit=limit)
    elif name == "referrals":
        found = referrals.member_referrals(session=db, program=program, member_id=member_id,
                                           public_url=str(request.app.state.settings.public_url),
                                           before_id=before_id, limit=limit)
        return {"items": found.referees.items, "next_key": found.referees.next_key, "referrals": found}
    elif name == "messages":  # read-only for everyone who sees the member: what was sent, skipped, opened
        page = messaging.member_messages(session=db, program_id=program.id, member_id=member_id, before_id=before_id,
                                         limit=limit)
    elif name == "web":  # the e-shop visits the tracking script saw (those before they identified too)
        page = browsing.member_visits(session=db, program_id=program.id, member_id=member_id, before_id=before_id,
                                      limit=limit)
    elif name == "timeline":
        page = members.member_timeline(session=db, program_id=program.id, member_id=member_id, before_id=before_id,
                                       limit=limit)
        # Journey moves read as sentences ("waits at step X until …"); other events show their payload.
        readable = {event.id: text for event in page.items
                    if (text := describe_journey_event(request, event.type, event.payload, program.timezone))}
        return {"items": page.items, "next_key": page.next_key, "readable": readable}
    else:  # audit
        if not me.may(VIEW_AUDIT):
            return {"items": [], "next_key": None, "hidden": True}
        entries = audit.entries(session=db, program_id=program.id, before_id=before_id, limit=limit + 1,
                                subject_type="member", subject_id=str(member_id))
        return {"items": list(entries[:limit]), "next_key": entries[limit - 1].id if len(entries) > limit else None}
    return {"items": page.items, "next_key": page.next_key}


def _member_page(request: Request, me: StaffContext, member_id: int, problem: Problem | None = None,
                 form: dict[str, str] | None = None) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        program = programs.get_program(session=db, program_id=me.program.id)
        member = _member_or_none(db, program.id, member_id)
        if member is None:
            return not_found(request)
        context = _view(db, request, me, program, member)
    return render(request, "admin/members/view.html", {
        **context, "problem": problem, "form": form or {}}, status=problem.status if problem else 200)


@router.get("/{member_id:int}")
def member_view(request: Request, me: Viewer, member_id: PathId) -> Response:
    return _member_page(request, me, member_id)


@router.get("/{member_id:int}/{section}")
def member_section(request: Request, me: Viewer, member_id: PathId, section: str, before: str = "") -> Response:
    if section not in SECTIONS or (section == "audit" and not me.may(VIEW_AUDIT)):
        return not_found(request)
    with unit_of_work(get_database(request), read_only=True) as db:
        program = programs.get_program(session=db, program_id=me.program.id)
        member = _member_or_none(db, program.id, member_id)
        if member is None:
            return not_found(request)
        data = _section(db, request, me, program, member_id, section, parse_id(before), SECTION_FULL_PAGE)
        read = members.member_read(session=db, member=member)
    return render(request, "admin/members/section.html", {
        "member": read, "name": display_name(member), "section": section, "data": data,
        "minor_factor": 10 ** minor_units(me.program.currency)})


# Actions: each in one unit of work with its audit entry


def _refused(request: Request, me: StaffContext, member_id: int, form: str, error: DomainError) -> Response:
    status = 404 if isinstance(error, NotFound) else 409 if isinstance(error, Conflict) else (
        403 if isinstance(error, Forbidden) else 422)
    return _member_page(request, me, member_id, Problem(form=form, message=error_text(request, error), status=status),
                        form=me.form.first_values())


def _back(member_id: int, anchor: str) -> str:
    return f"/admin/members/{member_id}#{anchor}"


def _adjusted(request: Request, member_id: int, points: int) -> Response:
    signed = f"{points:+d}"
    return redirect(request, _back(member_id, "points"), notice=gettext(request, "%(points)s points adjusted.",
                                                                        points=signed))


@router.post("/{member_id:int}/points")
def adjust_points(request: Request, me: Adjuster, member_id: PathId) -> Response:
    """Adjusts once per form: the form's one-time key is stored with the adjustment, in its
    transaction and under the member's lock, so the same form posted again (a double click, a
    reload) adjusts nothing and answers as the first post did."""
    text = me.form.text("points").replace(" ", "").replace("+", "")
    reason = me.form.text("reason")
    request_key = me.form.text("request_key")
    try:
        points = int(text)
    except ValueError:
        points = 0
    with unit_of_work(get_database(request)) as db:
        program = programs.get_program(session=db, program_id=me.program.id)
        member = _member_or_none(db, program.id, member_id)
        if member is None:
            return not_found(request)
        if not REQUEST_KEY.fullmatch(request_key):
            return _member_page(request, me, member_id, Problem(
                "points", gettext(request, "This form has expired. Reload the page and try again."), 422),
                form=me.form.first_values())
        members_repository.lock_member(db, member_id=member_id)
        earlier = auth_repository.adjustment_key(db, staff_user_id=me.user_id, request_key=request_key)
        if earlier is not None:  # this form was posted before: answer as the first post did
            return _adjusted(request, earlier.member_id, earlier.points)
        try:
            if points == 0 or abs(points) > 10_000_000:
                return _member_page(request, me, member_id, Problem(
                    "points", gettext(request, "Enter a whole number of points other than zero, e.g. 50 or -50."),
                    422), form=me.form.first_values())
            if not reason:
                return _member_page(request, me, member_id, Problem(
                    "points", gettext(request, "Give a reason for the adjustment."), 422), form=me.form.first_values())
            check_adjustment(role=me.role, adjustment_limit=me.adjustment_limit, points=points)
            movement = ledger.adjust(session=db, program=program, member_id=member_id, unit="points", points=points,
                                     reason=reason, actor=me.actor)
            auth_repository.add_adjustment_key(db, StaffAdjustmentKey(
                program_id=program.id, staff_user_id=me.user_id, member_id=member_id, request_key=request_key,
                transaction_id=movement.transaction_id, points=points, created_at=clock.now()))
            # The balance the adjustment moved from, as the adjustment itself saw it (no second read).
            audit.record(session=db, program_id=program.id, actor=me.actor, actor_name=me.name,
                         action="points.adjusted", subject_type="member", subject_id=member_id,
                         before={"available": movement.balance_after - movement.points},
                         after={"available": movement.balance_after, "points": points, "reason": reason,
                                "transaction_id": movement.transaction_id})
        except DomainError as error:
            db.rollback()
            return _refused(request, me, member_id, "points", error)
    return _adjusted(request, member_id, points)


def _set_status(request: Request, me: StaffContext, member_id: int, status: str) -> Response:
    with unit_of_work(get_database(request)) as db:
        program = programs.get_program(session=db, program_id=me.program.id)
        member = _member_or_none(db, program.id, member_id)
        if member is None:
            return not_found(request)
        before = member.status
        if before != status:
            members.update_member(session=db, program=program, member_id=member_id,
                                  data=MemberUpdate.model_validate({"status": status}), actor=me.actor)
            audit.record(session=db, program_id=program.id, actor=me.actor, actor_name=me.name,
                         action="member.blocked" if status == "blocked" else "member.unblocked",
                         subject_type="member", subject_id=member_id, before={"status": before},
                         after={"status": status})
    notice = gettext(request, "The member is blocked.") if status == "blocked" else gettext(
        request, "The member is active again.")
    return redirect(request, _back(member_id, "profile"), notice=notice)


@router.post("/{member_id:int}/block")
def block_member(request: Request, me: Editor, member_id: PathId) -> Response:
    return _set_status(request, me, member_id, "blocked")


@router.post("/{member_id:int}/unblock")
def unblock_member(request: Request, me: Editor, member_id: PathId) -> Response:
    return _set_status(request, me, member_id, "active")


@router.post("/{member_id:int}/cards/replace")
def replace_card(request: Request, me: Editor, member_id: PathId) -> Response:
    number = me.form.text("card_number")
    with unit_of_work(get_database(request)) as db:
        program = programs.get_program(session=db, program_id=me.program.id)
        if _member_or_none(db, program.id, member_id) is None:
            return not_found(request)
        try:
            result = members.block_card(session=db, program=program, member_id=member_id, card_number=number,
                                        replace=True, replacement_card_number=None, actor=me.actor)
        except DomainError as error:
            db.rollback()
            return _refused(request, me, member_id, "cards", error)
        assert result.replacement is not None
        replacement = result.replacement.number
        audit.record(session=db, program_id=program.id, actor=me.actor, actor_name=me.name, action="card.replaced",
                     subject_type="member", subject_id=member_id,
                     before={"card_number": result.blocked.number, "status": "active"},
                     after={"card_number": result.blocked.number, "status": "blocked",
                            "replacement_card_number": replacement})
    return redirect(request, _back(member_id, "cards"), notice=gettext(
        request, "Card %(old)s is blocked; the member's new card is %(new)s.", old=number, new=replacement))


@router.post("/{member_id:int}/notes")
def add_note(request: Request, me: NoteWriter, member_id: PathId) -> Response:
    with unit_of_work(get_database(request)) as db:
        if _member_or_none(db, me.program.id, member_id) is None:
            return not_found(request)
        try:
            note = service_desk.add_note(session=db, program_id=me.program.id, member_id=member_id,
                                         department=me.form.text("department"), body=me.form.text("body"),
                                         author_id=me.user_id, author_name=me.name)
        except DomainError as error:
            db.rollback()
            return _refused(request, me, member_id, "notes", error)
        audit.record(session=db, program_id=me.program.id, actor=me.actor, actor_name=me.name, action="note.added",
                     subject_type="member", subject_id=member_id,
                     after={"note_id": note.id, "department": note.department, "body": note.body})
    return redirect(request, _back(member_id, "notes"), notice=gettext(request, "Note saved."))


@router.post("/{member_id:int}/notes/{note_id:int}/pin")
def pin_note(request: Request, me: NoteWriter, member_id: PathId, note_id: PathId) -> Response:
    pinned = me.form.checked("pinned")
    with unit_of_work(get_database(request)) as db:
        if _member_or_none(db, me.program.id, member_id) is None:
            return not_found(request)
        try:
            before, after = service_desk.set_note_pinned(session=db, program_id=me.program.id, member_id=member_id,
                                                         note_id=note_id, pinned=pinned)
        except NotFound:
            return not_found(request)
        if before.pinned != after.pinned:
            audit.record(session=db, program_id=me.program.id, actor=me.actor, actor_name=me.name,
                         action="note.pinned" if pinned else "note.unpinned", subject_type="member",
                         subject_id=member_id, before={"note_id": note_id, "pinned": before.pinned},
                         after={"note_id": note_id, "pinned": after.pinned})
    return redirect(request, _back(member_id, "notes"),
                    notice=gettext(request, "Note pinned.") if pinned else gettext(request, "Note unpinned."))


@router.post("/{member_id:int}/cases")
def open_case(request: Request, me: NoteWriter, member_id: PathId) -> Response:
    with unit_of_work(get_database(request)) as db:
        if _member_or_none(db, me.program.id, member_id) is None:
            return not_found(request)
        try:
            case = service_desk.open_case(session=db, program_id=me.program.id, member_id=member_id,
                                          kind=me.form.text("kind"), subject=me.form.text("subject"),
                                          body=me.form.text("body"), assignee_id=parse_id(me.form.text("assignee_id")),
                                          opened_by_id=me.user_id, opened_by_name=me.name)
        except DomainError as error:
            db.rollback()
            return _refused(request, me, member_id, "cases", error)
        audit.record(session=db, program_id=me.program.id, actor=me.actor, actor_name=me.name, action="case.opened",
                     subject_type="member", subject_id=member_id,
                     after={"case_id": case.id, "kind": case.kind, "subject": case.subject,
                            "assignee_id": case.assignee_id})
    return redirect(request, _back(member_id, "cases"),
                    notice=gettext(request, "Case #%(id)s opened.", id=case.id))
