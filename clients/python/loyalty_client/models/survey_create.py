from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.survey_create_kind import SurveyCreateKind
from ..models.survey_create_status import SurveyCreateStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.question import Question


T = TypeVar("T", bound="SurveyCreate")


@_attrs_define
class SurveyCreate:
    """
    Attributes:
        title (str):
        questions (list[Question]):
        kind (SurveyCreateKind | Unset):  Default: SurveyCreateKind.SURVEY.
        description (None | str | Unset):
        points (int | Unset): Paid once per member on completing it. Default: 0.
        unit (str | Unset):  Default: 'points'.
        status (SurveyCreateStatus | Unset):  Default: SurveyCreateStatus.DRAFT.
        closes_at (datetime.datetime | None | Unset):
    """

    title: str
    questions: list[Question]
    kind: SurveyCreateKind | Unset = SurveyCreateKind.SURVEY
    description: None | str | Unset = UNSET
    points: int | Unset = 0
    unit: str | Unset = "points"
    status: SurveyCreateStatus | Unset = SurveyCreateStatus.DRAFT
    closes_at: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        questions = []
        for questions_item_data in self.questions:
            questions_item = questions_item_data.to_dict()
            questions.append(questions_item)

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        points = self.points

        unit = self.unit

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        closes_at: None | str | Unset
        if isinstance(self.closes_at, Unset):
            closes_at = UNSET
        elif isinstance(self.closes_at, datetime.datetime):
            closes_at = self.closes_at.isoformat()
        else:
            closes_at = self.closes_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "title": title,
                "questions": questions,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind
        if description is not UNSET:
            field_dict["description"] = description
        if points is not UNSET:
            field_dict["points"] = points
        if unit is not UNSET:
            field_dict["unit"] = unit
        if status is not UNSET:
            field_dict["status"] = status
        if closes_at is not UNSET:
            field_dict["closes_at"] = closes_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.question import Question  # noqa: PLC0415

        d = dict(src_dict)
        title = d.pop("title")

        questions = []
        _questions = d.pop("questions")
        for questions_item_data in _questions:
            questions_item = Question.from_dict(questions_item_data)

            questions.append(questions_item)

        _kind = d.pop("kind", UNSET)
        kind: SurveyCreateKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = SurveyCreateKind(_kind)

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        points = d.pop("points", UNSET)

        unit = d.pop("unit", UNSET)

        _status = d.pop("status", UNSET)
        status: SurveyCreateStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = SurveyCreateStatus(_status)

        def _parse_closes_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closes_at_type_0 = datetime.datetime.fromisoformat(data)

                return closes_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        closes_at = _parse_closes_at(d.pop("closes_at", UNSET))

        survey_create = cls(
            title=title,
            questions=questions,
            kind=kind,
            description=description,
            points=points,
            unit=unit,
            status=status,
            closes_at=closes_at,
        )

        return survey_create
