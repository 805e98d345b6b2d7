from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.answer_in import AnswerIn


T = TypeVar("T", bound="ResponseCreate")


@_attrs_define
class ResponseCreate:
    """
    Attributes:
        member_id (int):
        answers (list[AnswerIn]):
    """

    member_id: int
    answers: list[AnswerIn]

    def to_dict(self) -> dict[str, Any]:
        member_id = self.member_id

        answers = []
        for answers_item_data in self.answers:
            answers_item = answers_item_data.to_dict()
            answers.append(answers_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "member_id": member_id,
                "answers": answers,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.answer_in import AnswerIn  # noqa: PLC0415

        d = dict(src_dict)
        member_id = d.pop("member_id")

        answers = []
        _answers = d.pop("answers")
        for answers_item_data in _answers:
            answers_item = AnswerIn.from_dict(answers_item_data)

            answers.append(answers_item)

        response_create = cls(
            member_id=member_id,
            answers=answers,
        )

        return response_create
