from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EarlyAccessRead")


@_attrs_define
class EarlyAccessRead:
    """
    Attributes:
        item_ref (str):
        member_id (int):
        may_buy_now (bool):
        opens_at (datetime.datetime | None): When this member may buy; null when no window is theirs.
    """

    item_ref: str
    member_id: int
    may_buy_now: bool
    opens_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        item_ref = self.item_ref

        member_id = self.member_id

        may_buy_now = self.may_buy_now

        opens_at: None | str
        if isinstance(self.opens_at, datetime.datetime):
            opens_at = self.opens_at.isoformat()
        else:
            opens_at = self.opens_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "item_ref": item_ref,
                "member_id": member_id,
                "may_buy_now": may_buy_now,
                "opens_at": opens_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        item_ref = d.pop("item_ref")

        member_id = d.pop("member_id")

        may_buy_now = d.pop("may_buy_now")

        def _parse_opens_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                opens_at_type_0 = datetime.datetime.fromisoformat(data)

                return opens_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        opens_at = _parse_opens_at(d.pop("opens_at"))

        early_access_read = cls(
            item_ref=item_ref,
            member_id=member_id,
            may_buy_now=may_buy_now,
            opens_at=opens_at,
        )

        early_access_read.additional_properties = d
        return early_access_read

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
