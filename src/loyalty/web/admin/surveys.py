"""Surveys, product reviews and members-only content in the panel.

/admin/surveys lists the surveys; /admin/surveys/new builds one (up to QUESTION_SLOTS questions:
a slot left without a prompt is not a question); /admin/surveys/{id} shows its summary (NPS,
counts per option, means, latest free texts) and opens or closes it. /admin/reviews is the
moderation queue; /admin/content publishes articles, advice, offers and early access. Every
change goes through the services the API uses, with an audit entry in the same unit of work.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.auth.roles import EDIT_PROGRAM, VIEW_PANEL
from loyalty.content import service as content
from loyalty.content.schemas import ContentCreate, ContentUpdate
from loyalty.kernel.errors import DomainError
from loyalty.segments import service as segments
from loyalty.surveys import service as surveys
from loyalty.surveys.schemas import SurveyCreate, SurveyUpdate
from loyalty.tiers import service as tiers
from loyalty.web.admin.catalogue_forms import (
    FormRefused,
    form_values,
    optional_text,
    program_of,
    reading,
    record,
    refusal,
    validated,
    whole_number,
    writing,
)
from loyalty.web.pages.forms import Form, PathId
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]
Editor = Annotated[StaffContext, Depends(staff(EDIT_PROGRAM))]
QUESTION_SLOTS = 8
WINDOW_SLOTS = 3


# --- surveys -------------------------------------------------------------------------------------

@router.get("/surveys")
def survey_list(request: Request, me: Viewer) -> Response:
    with reading(request) as db:
        found = surveys.list_surveys(session=db, program_id=me.program.id, limit=200).items
        pending = len(surveys.list_reviews(session=db, program_id=me.program.id, status="pending", limit=200).items)
    return render(request, "admin/surveys/list.html", {"title": gettext(request, "Surveys"), "surveys": found,
                                                       "pending_reviews": pending})


def _numbers(text: str) -> list[int | str]:
    """'1, 3' (as people count, from 1) as the schema's option indexes (from 0)."""
    parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
    return [int(part) - 1 if part.isdigit() else part for part in parts]


def _survey_body(form: Form) -> dict[str, Any]:
    questions: list[dict[str, Any]] = []
    for slot in range(QUESTION_SLOTS):
        prompt = form.text(f"q{slot}_prompt")
        if not prompt:
            continue
        kind = form.text(f"q{slot}_kind") or "single"
        question: dict[str, Any] = {"kind": kind, "prompt": prompt, "required": not form.checked(f"q{slot}_optional")}
        if kind in ("single", "multiple"):
            question["options"] = [line.strip() for line in form.get(f"q{slot}_options").splitlines() if line.strip()]
            if form.text(f"q{slot}_correct"):
                question["correct"] = _numbers(form.get(f"q{slot}_correct"))
        if kind == "scale":
            question["scale_max"] = whole_number(form.get(f"q{slot}_scale_max")) or 5
        if form.text(f"q{slot}_attribute"):
            question["profile_attribute"] = form.text(f"q{slot}_attribute")
        questions.append(question)
    return {"kind": form.text("kind") or "survey", "title": form.text("title"),
            "description": optional_text(form.get("description")), "points": whole_number(form.get("points")) or 0,
            "status": "open" if form.checked("open_now") else "draft", "questions": questions}


def _slot_errors(errors: dict[str, str], form: Form) -> dict[str, str]:
    """'questions.2.options' names the third question sent: the slot it was typed in may be later."""
    used = [slot for slot in range(QUESTION_SLOTS) if form.text(f"q{slot}_prompt")]
    mapped: dict[str, str] = {}
    for key, message in errors.items():
        parts = key.split(".")
        if parts[0] == "questions" and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(used):
            mapped[f"q{used[int(parts[1])]}"] = message
        else:
            mapped[key] = message
    return mapped


def _builder(request: Request, *, values: dict[str, Any] | None = None, errors: dict[str, str] | None = None,
             status: int = 200) -> Response:
    return render(request, "admin/surveys/new.html", {
        "title": gettext(request, "New survey"), "values": values or {"kind": "survey", "points": "50"},
        "errors": errors or {}, "slots": range(QUESTION_SLOTS)}, status=status)


@router.get("/surveys/new")
def new_survey(request: Request, me: Editor) -> Response:
    return _builder(request)


@router.post("/surveys/new")
def create_survey(request: Request, me: Editor) -> Response:
    try:
        with writing(request) as db:
            program = program_of(db, me)
            data = validated(SurveyCreate, _survey_body(me.form))
            created = surveys.create(session=db, program=program, data=data)
            record(db, me, action="survey.created", subject_type="survey", subject_id=created.id, after=created)
    except (FormRefused, DomainError) as error:
        refused = refusal(error)
        return _builder(request, values=form_values(me.form), errors=_slot_errors(refused.errors, me.form),
                        status=refused.status)
    return redirect(request, f"/admin/surveys/{created.id}", notice=gettext(request, "The survey was saved."))


@router.get("/surveys/{survey_id:int}")
def show_survey(request: Request, survey_id: PathId, me: Viewer) -> Response:
    try:
        with reading(request) as db:
            survey = surveys.get(session=db, program_id=me.program.id, survey_id=survey_id)
            summary = surveys.summary(session=db, program_id=me.program.id, survey_id=survey_id)
    except DomainError:
        return redirect(request, "/admin/surveys")
    return render(request, "admin/surveys/show.html", {"title": survey.title, "survey": survey, "summary": summary})


@router.post("/surveys/{survey_id:int}/status")
def change_status(request: Request, survey_id: PathId, me: Editor) -> Response:
    wanted = me.form.text("status")
    try:
        with writing(request) as db:
            program = program_of(db, me)
            before = surveys.get(session=db, program_id=program.id, survey_id=survey_id)
            after = surveys.update(session=db, program=program, survey_id=survey_id,
                                   data=validated(SurveyUpdate, {"status": wanted}))
            record(db, me, action="survey.updated", subject_type="survey", subject_id=survey_id, before=before,
                   after=after)
    except (FormRefused, DomainError) as error:
        message = next(iter(refusal(error).errors.values()))
        return redirect(request, f"/admin/surveys/{survey_id}", notice=message)
    return redirect(request, f"/admin/surveys/{survey_id}",
                    notice=gettext(request, "The survey is open.") if wanted == "open"
                    else gettext(request, "The survey is closed."))


# --- reviews -------------------------------------------------------------------------------------

@router.get("/reviews")
def review_queue(request: Request, me: Viewer, status: str = "pending") -> Response:
    status = status if status in ("pending", "approved", "rejected") else "pending"
    with reading(request) as db:
        found = surveys.list_reviews(session=db, program_id=me.program.id, status=status, limit=200).items
    return render(request, "admin/surveys/reviews.html", {"title": gettext(request, "Product reviews"),
                                                          "reviews": found, "status": status})


@router.post("/reviews/{review_id:int}")
def moderate(request: Request, review_id: PathId, me: Editor) -> Response:
    decision = me.form.text("status")
    if decision not in ("approved", "rejected"):
        return redirect(request, "/admin/reviews")
    try:
        with writing(request) as db:
            program = program_of(db, me)
            after = surveys.moderate_review(session=db, program=program, review_id=review_id, status=decision,
                                            actor=me.actor)
            record(db, me, action=f"review.{decision}", subject_type="product_review", subject_id=review_id,
                   after=after)
    except DomainError as error:
        return redirect(request, "/admin/reviews", notice=error.message)
    return redirect(request, "/admin/reviews", notice=gettext(request, "The review was approved.")
                    if decision == "approved" else gettext(request, "The review was rejected."))


# --- members-only content ------------------------------------------------------------------------

def _audience_options(request: Request, me: StaffContext) -> dict[str, Any]:
    with reading(request) as db:
        levels = tiers.list_levels(session=db, program_id=me.program.id, limit=200).items
        found = segments.list_segments(session=db, program=program_of(db, me)).items
        items = content.list_content(session=db, program_id=me.program.id, limit=200).items
    return {"levels": levels, "segments": found, "items": items}


def _content_page(request: Request, me: StaffContext, *, values: dict[str, Any] | None = None,
                  errors: dict[str, str] | None = None, status: int = 200) -> Response:
    return render(request, "admin/surveys/content.html", {
        "title": gettext(request, "Members-only content"), **_audience_options(request, me),
        "values": values or {"kind": "article", "body_format": "markdown"}, "errors": errors or {},
        "window_slots": range(WINDOW_SLOTS)}, status=status)


@router.get("/content")
def content_list(request: Request, me: Viewer) -> Response:
    return _content_page(request, me)


def _opens_at(text: str, timezone: str) -> str | None:
    """A datetime-local field (the program's time zone) as ISO 8601 with its offset; text stays for the schema."""
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(timezone)).isoformat()
    except ValueError:
        return text


def _content_body(form: Form, timezone: str) -> dict[str, Any]:
    kind = form.text("kind") or "article"
    body: dict[str, Any] = {"kind": kind, "title": form.text("title"), "body": form.get("body"),
                            "body_format": form.text("body_format") or "plain",
                            "image_url": optional_text(form.get("image_url")),
                            "tiers": form.getlist("tiers"),
                            "segments": [whole_number(value) for value in form.getlist("segments")]}
    if kind == "early_access":
        body["item_ref"] = optional_text(form.get("item_ref"))
        body["windows"] = [{"opens_at": _opens_at(form.get(f"w{slot}_opens_at"), timezone),
                            "tiers": form.getlist(f"w{slot}_tiers")}
                           for slot in range(WINDOW_SLOTS) if form.text(f"w{slot}_opens_at")]
        body["tiers"], body["segments"] = [], []
    return body


@router.post("/content")
def create_content(request: Request, me: Editor) -> Response:
    try:
        with writing(request) as db:
            program = program_of(db, me)
            data = validated(ContentCreate, _content_body(me.form, program.timezone))
            created = content.create(session=db, program=program, data=data)
            record(db, me, action="content.created", subject_type="content_item", subject_id=created.id,
                   after=created)
    except (FormRefused, DomainError) as error:
        refused = refusal(error)
        return _content_page(request, me, values=form_values(me.form), errors=refused.errors, status=refused.status)
    return redirect(request, "/admin/content", notice=gettext(request, "The content was published."))


@router.post("/content/{item_id:int}/archive")
def archive_content(request: Request, item_id: PathId, me: Editor) -> Response:
    try:
        with writing(request) as db:
            program = program_of(db, me)
            after = content.update(session=db, program=program, item_id=item_id,
                                   data=ContentUpdate(status="archived"))
            record(db, me, action="content.archived", subject_type="content_item", subject_id=item_id, after=after)
    except DomainError as error:
        return redirect(request, "/admin/content", notice=error.message)
    return redirect(request, "/admin/content", notice=gettext(request, "The content was archived."))
