"""The member app's surveys, product reviews and members-only content.

/app/surveys lists the open surveys; answering one pays its points once (the service refuses a
second answer) and brings the member home, where the new balance shows. /app/surveys/{id}/answer
takes a signed per-member link from a message (`t`): it answers that survey as that member only,
without signing in. /app/reviews lets a member review what they bought; /app/content shows what is
targeted at them and early access with the day it opens for them. Always the signed-in member's own.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from loyalty.content import service as content
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import Conflict, DomainError, NotFound
from loyalty.programs import service as programs
from loyalty.surveys import service as surveys
from loyalty.surveys.schemas import ReviewCreate, SurveyRead
from loyalty.web.deps import get_database
from loyalty.web.member_app.access import PRE_COOKIE
from loyalty.web.pages.errors import not_found
from loyalty.web.pages.forms import Form, PathId, read_form
from loyalty.web.pages.render import gettext, is_https, redirect, render
from loyalty.web.pages.signed_in import MemberContext, member

router = APIRouter(prefix="/app")
Member = Annotated[MemberContext, Depends(member())]


def answers_from(form: Form, survey: SurveyRead) -> dict[int, Any]:
    """The form's fields (q0, q1, …) as the service takes them; what is not a number where one
    belongs stays text, for the service to refuse naming the question."""
    answers: dict[int, Any] = {}
    for position, question in enumerate(survey.questions):
        name = f"q{position}"
        if question.kind == "multiple":
            picked = form.getlist(name)
            answers[position] = [int(value) if value.isdigit() else value for value in picked]
        elif question.kind == "text":
            answers[position] = form.get(name)
        else:
            value = form.get(name).strip()
            answers[position] = int(value) if value.isdigit() else (value or None)
    return answers


def _form_page(request: Request, survey: SurveyRead, *, action: str, values: dict[int, Any] | None = None,
               error: str | None = None, error_question: int | None = None, pre_token: str | None = None,
               status: int = 200) -> Response:
    response = render(request, "app/survey.html", {
        "title": survey.title, "survey": survey, "action": action, "values": values or {}, "error": error,
        "error_question": error_question, "pre_token": pre_token}, status=status)
    if pre_token is not None:
        response.set_cookie(PRE_COOKIE, pre_token, max_age=3600, path="/app", httponly=True, samesite="lax",
                            secure=is_https(request))
    return response


def _question_of(error: DomainError) -> int | None:
    field = error.field or ""
    return int(field.split(".")[1]) if field.startswith("answers.") and field.split(".")[1].isdigit() else None


@router.get("/surveys")
def survey_list(request: Request, me: Member) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        found = surveys.member_surveys(session=db, program_id=me.program.id, member_id=me.member_id)
    return render(request, "app/surveys.html", {"title": gettext(request, "Surveys"), "surveys": found})


@router.get("/surveys/{survey_id:int}")
def survey_form(request: Request, survey_id: PathId, me: Member) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        try:
            survey = surveys.get(session=db, program_id=me.program.id, survey_id=survey_id)
            answered = surveys.member_response(session=db, program_id=me.program.id, survey_id=survey_id,
                                               member_id=me.member_id)
        except NotFound:
            return not_found(request)
    if not surveys.is_open(survey):
        return not_found(request)
    if answered is not None:
        return render(request, "app/survey_done.html", {"title": survey.title, "survey": survey,
                                                        "response": answered, "again": True})
    return _form_page(request, survey, action=f"/app/surveys/{survey.id}")


@router.post("/surveys/{survey_id:int}")
def answer_survey(request: Request, survey_id: PathId, me: Member) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        try:
            survey = surveys.get(session=db, program_id=me.program.id, survey_id=survey_id)
        except NotFound:
            return not_found(request)
    answers = answers_from(me.form, survey)
    try:
        with unit_of_work(get_database(request)) as db:
            program = programs.get_program(session=db, program_id=me.program.id)
            response = surveys.submit(session=db, program=program, survey_id=survey.id, member_id=me.member_id,
                                      answers=answers, source="app", actor=me.actor)
    except Conflict as error:
        if error.code == "survey_already_answered":
            return redirect(request, f"/app/surveys/{survey.id}")
        return not_found(request)
    except DomainError as error:
        return _form_page(request, survey, action=f"/app/surveys/{survey.id}", values=answers,
                          error=error.message, error_question=_question_of(error), status=422)
    notice = (gettext(request, "Thank you! %(points)s points are yours.", points=response.points_awarded)
              if response.points_awarded else gettext(request, "Thank you for your answers!"))
    return redirect(request, "/app", notice=notice)


# --- a signed link from a message: no sign-in, one member, one survey ---------------------------

def _secret(request: Request) -> str | None:
    secret = request.app.state.settings.security.secret_key
    return str(secret.get_secret_value()) or None if secret is not None else None


def _linked(request: Request, survey_id: int, token: str) -> tuple[SurveyRead, int] | None:
    """The survey and the member a link names; None for a link that is not valid (or a survey gone)."""
    secret = _secret(request)
    member_id = None if secret is None else surveys.member_of_link(secret_key=secret, survey_id=survey_id,
                                                                     token=token)
    if member_id is None:
        return None
    with unit_of_work(get_database(request), read_only=True) as db:
        survey = surveys.survey_by_id(session=db, survey_id=survey_id)
    return None if survey is None else (survey[0], member_id)


@router.get("/surveys/{survey_id:int}/answer")
def linked_form(request: Request, survey_id: PathId, t: str = "") -> Response:
    found = _linked(request, survey_id, t)
    if found is None or not surveys.is_open(found[0]):
        return not_found(request)
    response = _form_page(request, found[0], action=f"/app/surveys/{survey_id}/answer?t={t}",
                          pre_token=secrets.token_urlsafe(24))
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@router.post("/surveys/{survey_id:int}/answer")
async def linked_answer(request: Request, survey_id: PathId, t: str = "") -> Response:
    form = await read_form(request)
    return await run_in_threadpool(_linked_answer, request, form, survey_id, t)


def _linked_answer(request: Request, form: Form, survey_id: int, token: str) -> Response:
    found = _linked(request, survey_id, token)
    if found is None:
        return not_found(request)
    survey, member_id = found
    action = f"/app/surveys/{survey_id}/answer?t={token}"
    expected = request.cookies.get(PRE_COOKIE, "")
    if not expected or not hmac.compare_digest(expected.encode(), form.get("csrf_token").encode()):
        return _form_page(request, survey, action=action, pre_token=secrets.token_urlsafe(24), status=403,
                          error=gettext(request, "This form has expired. Please try again."))
    answers = answers_from(form, survey)
    try:
        with unit_of_work(get_database(request)) as db:
            program_id = surveys.survey_by_id(session=db, survey_id=survey_id)[1]  # type: ignore[index]
            program = programs.get_program(session=db, program_id=program_id)
            response = surveys.submit(session=db, program=program, survey_id=survey_id, member_id=member_id,
                                      answers=answers, source="link", actor=f"member:{member_id}")
    except Conflict as error:
        if error.code != "survey_already_answered":
            return not_found(request)
        return render(request, "app/survey_done.html", {"title": survey.title, "survey": survey, "again": True,
                                                        "response": None})
    except DomainError as error:
        return _form_page(request, survey, action=action, values=answers, error=error.message,
                          error_question=_question_of(error), pre_token=secrets.token_urlsafe(24), status=422)
    return render(request, "app/survey_done.html", {"title": survey.title, "survey": survey, "response": response,
                                                    "again": False})


# --- product reviews -----------------------------------------------------------------------------

@router.get("/reviews")
def reviews_page(request: Request, me: Member) -> Response:
    return _reviews(request, me)


def _reviews(request: Request, me: MemberContext, *, errors: dict[str, str] | None = None,
             status: int = 200) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        products = surveys.reviewable_products(session=db, program_id=me.program.id, member_id=me.member_id)
    return render(request, "app/reviews.html", {"title": gettext(request, "Reviews"), "products": products,
                                                "errors": errors or {}}, status=status)


@router.post("/reviews")
def submit_review(request: Request, me: Member) -> Response:
    form = me.form
    sku = form.text("sku")
    try:
        data = ReviewCreate(member_id=me.member_id, sku=sku, rating=int(form.get("rating") or 0),
                            text=form.text("text") or None)
        with unit_of_work(get_database(request)) as db:
            program = programs.get_program(session=db, program_id=me.program.id)
            surveys.submit_review(session=db, program=program, data=data, actor=me.actor)
    except (ValidationError, ValueError, DomainError):
        return _reviews(request, me, status=422, errors={
            sku: gettext(request, "Choose 1 to 5 stars; the text may have at most 4000 characters.")})
    return redirect(request, "/app/reviews",
                    notice=gettext(request, "Thank you! Your review will appear once it is checked."))


# --- members-only content ------------------------------------------------------------------------

@router.get("/content")
def content_page(request: Request, me: Member) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        items = content.member_content(session=db, program_id=me.program.id, member_id=me.member_id).items
    return render(request, "app/content.html", {"title": gettext(request, "For members"), "items": items})


@router.get("/content/{item_id:int}")
def content_item(request: Request, item_id: PathId, me: Member) -> Response:
    try:
        with unit_of_work(get_database(request), read_only=True) as db:
            item = content.member_item(session=db, program_id=me.program.id, member_id=me.member_id,
                                       item_id=item_id)
    except NotFound:
        return not_found(request)
    return render(request, "app/content_item.html", {"title": item.title, "item": item})
