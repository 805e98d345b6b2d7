from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="AnswerIn")


@_attrs_define
class AnswerIn:
    """The answer to the question at `question` (from 0): an option index (single), a list of
    them (multiple), a number (scale, NPS) or text.

        Attributes:
            question (int):
            value (int | list[int] | str):
    """

    question: int
    value: int | list[int] | str

    def to_dict(self) -> dict[str, Any]:
        question = self.question

        value: int | list[int] | str
        if isinstance(self.value, list):
            value = self.value

        else:
            value = self.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "question": question,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        question = d.pop("question")

        def _parse_value(data: object) -> int | list[int] | str:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                value_type_1 = cast(list[int], data)

                return value_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(int | list[int] | str, data)

        value = _parse_value(d.pop("value"))

        answer_in = cls(
            question=question,
            value=value,
        )

        return answer_in
