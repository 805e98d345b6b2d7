"""What the catalogue's admin pages (rewards, vouchers, gift vouchers, tiers, referrals) share:
reading a form into the API's own request schema, a refusal as errors beside the fields, the
program as the services want it, and the audit entry written in the change's unit of work.

A form's fields are text. They are turned into the values a JSON body would carry (a whole
number becomes a number, an empty optional field null) and validated in Python mode, as FastAPI
validates the API's bodies, so the schema's strictness and messages are the API's: "12.5" where
a whole number belongs stays text and is refused with the schema's own message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session
from starlette.requests import Request

from loyalty.audit import service as audit
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import Conflict, DomainError, NotFound
from loyalty.programs import service as programs
from loyalty.programs.models import Program
from loyalty.web.deps import get_database
from loyalty.web.pages.forms import Form, field_errors
from loyalty.web.pages.signed_in import StaffContext

Schema = TypeVar("Schema", bound=BaseModel)
Errors = dict[str, str]
WHOLE_NUMBER = re.compile(r"-?\d{1,19}")
# The languages a form offers a text or picture for, besides the program's own.
FORM_LANGUAGES = ("en", "pl", "ru")


class FormRefused(Exception):
    """The form's input was refused: errors by field name ("form" for the whole form)."""

    def __init__(self, errors: Errors, status: int = 422) -> None:
        super().__init__(errors)
        self.errors = errors
        self.status = status


def whole_number(text: str) -> int | str | None:
    """A form's number as JSON would carry it: empty is None, digits an int, anything else stays
    text for the schema to refuse."""
    text = text.strip()
    if not text:
        return None
    return int(text) if WHOLE_NUMBER.fullmatch(text) else text


def optional_text(text: str) -> str | None:
    text = text.strip()
    return text or None


def lines(text: str) -> list[str]:
    """A textarea's non-empty lines (one picture URL a line)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def validated(schema: type[Schema], values: dict[str, Any]) -> Schema:
    """`values` checked by the API's `schema`; a refusal is FormRefused naming the fields."""
    try:
        return schema.model_validate(values)
    except ValidationError as error:
        raise FormRefused(field_errors(error)) from None


def refusal(error: FormRefused | DomainError, default_field: str = "form") -> FormRefused:
    """A refusal to show beside the field it names (or above the form): the schema's as it is, a
    service's with the status the API would answer (404, 409, else 422)."""
    if isinstance(error, FormRefused):
        return error
    field = error.field or default_field
    status = 404 if isinstance(error, NotFound) else 409 if isinstance(error, Conflict) else 422
    return FormRefused({field: error.message}, status=status)


def form_values(form: Form) -> dict[str, str]:
    """What was typed, to show again beside the errors."""
    return {name: values[0] if len(values) == 1 else "\n".join(values) for name, values in form.fields.items()
            if name != "csrf_token"}


@contextmanager
def writing(request: Request) -> Iterator[Session]:
    with unit_of_work(get_database(request)) as session:
        yield session


@contextmanager
def reading(request: Request) -> Iterator[Session]:
    with unit_of_work(get_database(request), read_only=True) as session:
        yield session


def program_of(session: Session, me: StaffContext) -> Program:
    return programs.get_program(session=session, program_id=me.program.id)


def record(session: Session, me: StaffContext, *, action: str, subject_type: str, subject_id: int | str | None,
           before: BaseModel | dict[str, Any] | None = None, after: BaseModel | dict[str, Any] | None = None) -> None:
    """The audit entry of a change made in the panel, in the change's unit of work."""
    audit.record(session=session, program_id=me.program.id, actor=me.actor, actor_name=me.name, action=action,
                 subject_type=subject_type, subject_id=subject_id, before=_plain(before), after=_plain(after))


def _plain(value: BaseModel | dict[str, Any] | None) -> dict[str, Any] | None:
    if value is None or isinstance(value, dict):
        return value
    return value.model_dump(mode="json")
