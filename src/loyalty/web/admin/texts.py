"""Domain errors as the admin panel says them, in the page's language (services speak English
and name each refusal by a stable code)."""

from __future__ import annotations

from starlette.requests import Request

from loyalty.kernel.errors import DomainError
from loyalty.web.pages.render import gettext


def error_text(request: Request, error: DomainError) -> str:
    code = error.code
    details = error.details
    texts = {
        "adjustment_not_allowed": lambda: gettext(
            request, "You have no adjustment limit, so you cannot adjust points. Ask the program's owner."),
        "adjustment_over_limit": lambda: gettext(
            request, "That is over your adjustment limit of %(limit)s points.", limit=details.get("limit", 0)),
        "insufficient_points": lambda: gettext(
            request, "The member has only %(available)s points; an adjustment cannot take the balance below zero.",
            available=details.get("available", 0)),
        "reason_required": lambda: gettext(request, "Give a reason for the adjustment."),
        "card_blocked": lambda: gettext(request, "This card is blocked already."),
        "card_not_found": lambda: gettext(request, "The member has no such card."),
        "invalid_card_number": lambda: gettext(request, "This is not a valid card number."),
        "invalid_department": lambda: gettext(request, "Choose a department."),
        "body_required": lambda: gettext(request, "Write the text first."),
        "body_too_long": lambda: gettext(request, "The text is too long."),
        "subject_required": lambda: gettext(request, "Write the subject of the case."),
        "subject_too_long": lambda: gettext(request, "The subject is too long."),
        "resolution_required": lambda: gettext(request, "Write how the case was resolved."),
        "resolution_too_long": lambda: gettext(request, "The resolution is too long."),
        "invalid_case_kind": lambda: gettext(request, "Choose what kind of case this is."),
        "invalid_assignee": lambda: gettext(request, "This staff user cannot take cases."),
        "staff_user_not_found": lambda: gettext(request, "This staff user cannot take cases."),
        "case_closed": lambda: gettext(request, "This case is closed."),
        "member_blocked": lambda: gettext(request, "The member is blocked."),
    }
    text = texts.get(code)
    return text() if text is not None else error.message
