from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.question_summary import QuestionSummary


T = TypeVar("T", bound="SurveySummary")


@_attrs_define
class SurveySummary:
    """
    Attributes:
        survey_id (int):
        responses (int):
        mean_score (float | None): A quiz's mean right answers per response.
        questions (list[QuestionSummary]):
    """

    survey_id: int
    responses: int
    mean_score: float | None
    questions: list[QuestionSummary]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        survey_id = self.survey_id

        responses = self.responses

        mean_score: float | None
        mean_score = self.mean_score

        questions = []
        for questions_item_data in self.questions:
            questions_item = questions_item_data.to_dict()
            questions.append(questions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "survey_id": survey_id,
                "responses": responses,
                "mean_score": mean_score,
                "questions": questions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.question_summary import QuestionSummary  # noqa: PLC0415

        d = dict(src_dict)
        survey_id = d.pop("survey_id")

        responses = d.pop("responses")

        def _parse_mean_score(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        mean_score = _parse_mean_score(d.pop("mean_score"))

        questions = []
        _questions = d.pop("questions")
        for questions_item_data in _questions:
            questions_item = QuestionSummary.from_dict(questions_item_data)

            questions.append(questions_item)

        survey_summary = cls(
            survey_id=survey_id,
            responses=responses,
            mean_score=mean_score,
            questions=questions,
        )

        survey_summary.additional_properties = d
        return survey_summary

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
