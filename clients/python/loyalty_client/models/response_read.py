from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ResponseRead")


@_attrs_define
class ResponseRead:
    """
    Attributes:
        id (int):
        survey_id (int):
        member_id (int):
        source (str):
        score (int | None): A quiz's right answers (null for a survey).
        max_score (int | None):
        points_awarded (int):
        profile_updated (bool): Whether answers were copied to the member's profile (only with the member's `profiling`
            consent).
        submitted_at (datetime.datetime):
    """

    id: int
    survey_id: int
    member_id: int
    source: str
    score: int | None
    max_score: int | None
    points_awarded: int
    profile_updated: bool
    submitted_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        survey_id = self.survey_id

        member_id = self.member_id

        source = self.source

        score: int | None
        score = self.score

        max_score: int | None
        max_score = self.max_score

        points_awarded = self.points_awarded

        profile_updated = self.profile_updated

        submitted_at = self.submitted_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "survey_id": survey_id,
                "member_id": member_id,
                "source": source,
                "score": score,
                "max_score": max_score,
                "points_awarded": points_awarded,
                "profile_updated": profile_updated,
                "submitted_at": submitted_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        survey_id = d.pop("survey_id")

        member_id = d.pop("member_id")

        source = d.pop("source")

        def _parse_score(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        score = _parse_score(d.pop("score"))

        def _parse_max_score(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        max_score = _parse_max_score(d.pop("max_score"))

        points_awarded = d.pop("points_awarded")

        profile_updated = d.pop("profile_updated")

        submitted_at = datetime.datetime.fromisoformat(d.pop("submitted_at"))

        response_read = cls(
            id=id,
            survey_id=survey_id,
            member_id=member_id,
            source=source,
            score=score,
            max_score=max_score,
            points_awarded=points_awarded,
            profile_updated=profile_updated,
            submitted_at=submitted_at,
        )

        response_read.additional_properties = d
        return response_read

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
