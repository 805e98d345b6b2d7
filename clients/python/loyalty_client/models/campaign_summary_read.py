from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.campaign_summary_read_kind import CampaignSummaryReadKind

T = TypeVar("T", bound="CampaignSummaryRead")


@_attrs_define
class CampaignSummaryRead:
    """
    Attributes:
        id (int):
        name (str):
        kind (CampaignSummaryReadKind):
    """

    id: int
    name: str
    kind: CampaignSummaryReadKind
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        kind = self.kind.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "kind": kind,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        kind = CampaignSummaryReadKind(d.pop("kind"))

        campaign_summary_read = cls(
            id=id,
            name=name,
            kind=kind,
        )

        campaign_summary_read.additional_properties = d
        return campaign_summary_read

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
