from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SurveyLink")


@_attrs_define
class SurveyLink:
    """
    Attributes:
        survey_id (int):
        member_id (int):
        url (str): The member's own answer page; put it in an e-mail. It answers this survey as this member and nothing
            else.
    """

    survey_id: int
    member_id: int
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        survey_id = self.survey_id

        member_id = self.member_id

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "survey_id": survey_id,
                "member_id": member_id,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        survey_id = d.pop("survey_id")

        member_id = d.pop("member_id")

        url = d.pop("url")

        survey_link = cls(
            survey_id=survey_id,
            member_id=member_id,
            url=url,
        )

        survey_link.additional_properties = d
        return survey_link

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
