from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.member_ref import MemberRef


T = TypeVar("T", bound="TransferRequest")


@_attrs_define
class TransferRequest:
    """
    Attributes:
        to (MemberRef): Which member: exactly one of id, email, phone, card_number or external_id.
        points (int):
        unit (str | Unset):  Default: 'points'.
        reason (None | str | Unset):
    """

    to: MemberRef
    points: int
    unit: str | Unset = "points"
    reason: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        to = self.to.to_dict()

        points = self.points

        unit = self.unit

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "to": to,
                "points": points,
            }
        )
        if unit is not UNSET:
            field_dict["unit"] = unit
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_ref import MemberRef  # noqa: PLC0415

        d = dict(src_dict)
        to = MemberRef.from_dict(d.pop("to"))

        points = d.pop("points")

        unit = d.pop("unit", UNSET)

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        transfer_request = cls(
            to=to,
            points=points,
            unit=unit,
            reason=reason,
        )

        return transfer_request
