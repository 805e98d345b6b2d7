"""Every request model takes a date, a moment or a decimal the way JSON carries it (as text):
strict mode refuses text for those in Python mode, how FastAPI validates, so each such field
must use input_types' DateIn, DateTimeIn or DecimalIn."""

from __future__ import annotations

import importlib
import pkgutil
import typing
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import Strict
from pydantic.fields import FieldInfo

import loyalty
from loyalty.input_types import InputModel

TEXT_IN_JSON = (date, datetime, Decimal)


def _input_models() -> list[type[InputModel]]:
    for module in pkgutil.walk_packages(loyalty.__path__, "loyalty."):
        if module.name.endswith(("schemas", "_schemas")) or ".web.api." in module.name:
            importlib.import_module(module.name)
    found, todo = [], list(InputModel.__subclasses__())
    while todo:
        model = todo.pop()
        found.append(model)
        todo += model.__subclasses__()
    return found


def _takes_text(annotation: Any, metadata: list[Any]) -> bool:
    """False when a date, moment or decimal somewhere in the annotation would refuse text."""
    if annotation in TEXT_IN_JSON:
        return any(isinstance(item, Strict) and not item.strict for item in metadata)
    if typing.get_origin(annotation) is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        return _takes_text(inner, extra)
    return all(_takes_text(argument, []) for argument in typing.get_args(annotation))


def test_every_date_moment_and_decimal_of_a_request_takes_its_text() -> None:
    models = _input_models()
    fields: list[tuple[str, FieldInfo]] = [(f"{model.__name__}.{name}", field) for model in models
                                           for name, field in model.model_fields.items()]
    refusing = sorted(where for where, field in fields if not _takes_text(field.annotation, field.metadata))
    assert len(models) > 50 and refusing == []
