from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.survey_read_kind import SurveyReadKind
from ..models.survey_read_status import SurveyReadStatus

if TYPE_CHECKING:
    from ..models.question_read import QuestionRead


T = TypeVar("T", bound="SurveyRead")


@_attrs_define
class SurveyRead:
    """
    Attributes:
        id (int):
        kind (SurveyReadKind):
        title (str):
        description (None | str):
        status (SurveyReadStatus):
        points (int):
        unit (str):
        questions (list[QuestionRead]):
        closes_at (datetime.datetime | None):
        response_count (int):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: int
    kind: SurveyReadKind
    title: str
    description: None | str
    status: SurveyReadStatus
    points: int
    unit: str
    questions: list[QuestionRead]
    closes_at: datetime.datetime | None
    response_count: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind.value

        title = self.title

        description: None | str
        description = self.description

        status = self.status.value

        points = self.points

        unit = self.unit

        questions = []
        for questions_item_data in self.questions:
            questions_item = questions_item_data.to_dict()
            questions.append(questions_item)

        closes_at: None | str
        if isinstance(self.closes_at, datetime.datetime):
            closes_at = self.closes_at.isoformat()
        else:
            closes_at = self.closes_at

        response_count = self.response_count

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "title": title,
                "description": description,
                "status": status,
                "points": points,
                "unit": unit,
                "questions": questions,
                "closes_at": closes_at,
                "response_count": response_count,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.question_read import QuestionRead  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        kind = SurveyReadKind(d.pop("kind"))

        title = d.pop("title")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        status = SurveyReadStatus(d.pop("status"))

        points = d.pop("points")

        unit = d.pop("unit")

        questions = []
        _questions = d.pop("questions")
        for questions_item_data in _questions:
            questions_item = QuestionRead.from_dict(questions_item_data)

            questions.append(questions_item)

        def _parse_closes_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closes_at_type_0 = datetime.datetime.fromisoformat(data)

                return closes_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        closes_at = _parse_closes_at(d.pop("closes_at"))

        response_count = d.pop("response_count")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        survey_read = cls(
            id=id,
            kind=kind,
            title=title,
            description=description,
            status=status,
            points=points,
            unit=unit,
            questions=questions,
            closes_at=closes_at,
            response_count=response_count,
            created_at=created_at,
            updated_at=updated_at,
        )

        survey_read.additional_properties = d
        return survey_read

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
