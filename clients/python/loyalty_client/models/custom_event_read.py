from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.award_read import AwardRead
    from ..models.custom_event_read_balance import CustomEventReadBalance


T = TypeVar("T", bound="CustomEventRead")


@_attrs_define
class CustomEventRead:
    """
    Attributes:
        event_type (str):
        member_id (int):
        awards (list[AwardRead]):
        balance (CustomEventReadBalance): The member's balance per unit after the awards.
    """

    event_type: str
    member_id: int
    awards: list[AwardRead]
    balance: CustomEventReadBalance
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event_type = self.event_type

        member_id = self.member_id

        awards = []
        for awards_item_data in self.awards:
            awards_item = awards_item_data.to_dict()
            awards.append(awards_item)

        balance = self.balance.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "event_type": event_type,
                "member_id": member_id,
                "awards": awards,
                "balance": balance,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.award_read import AwardRead  # noqa: PLC0415
        from ..models.custom_event_read_balance import CustomEventReadBalance  # noqa: PLC0415

        d = dict(src_dict)
        event_type = d.pop("event_type")

        member_id = d.pop("member_id")

        awards = []
        _awards = d.pop("awards")
        for awards_item_data in _awards:
            awards_item = AwardRead.from_dict(awards_item_data)

            awards.append(awards_item)

        balance = CustomEventReadBalance.from_dict(d.pop("balance"))

        custom_event_read = cls(
            event_type=event_type,
            member_id=member_id,
            awards=awards,
            balance=balance,
        )

        custom_event_read.additional_properties = d
        return custom_event_read

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
