from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.member_ref import MemberRef


T = TypeVar("T", bound="PurchaseClaim")


@_attrs_define
class PurchaseClaim:
    """A member claims a receipt recorded without them: by receipt number and total, or the shop's id.

    Attributes:
        member (MemberRef): Which member: exactly one of id, email, phone, card_number or external_id.
        external_id (None | str | Unset):
        receipt_number (None | str | Unset):
        total (int | None | Unset):
    """

    member: MemberRef
    external_id: None | str | Unset = UNSET
    receipt_number: None | str | Unset = UNSET
    total: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        member = self.member.to_dict()

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        receipt_number: None | str | Unset
        if isinstance(self.receipt_number, Unset):
            receipt_number = UNSET
        else:
            receipt_number = self.receipt_number

        total: int | None | Unset
        if isinstance(self.total, Unset):
            total = UNSET
        else:
            total = self.total

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "member": member,
            }
        )
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if receipt_number is not UNSET:
            field_dict["receipt_number"] = receipt_number
        if total is not UNSET:
            field_dict["total"] = total

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_ref import MemberRef  # noqa: PLC0415

        d = dict(src_dict)
        member = MemberRef.from_dict(d.pop("member"))

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        def _parse_receipt_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        receipt_number = _parse_receipt_number(d.pop("receipt_number", UNSET))

        def _parse_total(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        total = _parse_total(d.pop("total", UNSET))

        purchase_claim = cls(
            member=member,
            external_id=external_id,
            receipt_number=receipt_number,
            total=total,
        )

        return purchase_claim
