from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.voucher_redemption_read_kind import VoucherRedemptionReadKind
from ..models.voucher_redemption_read_status import VoucherRedemptionReadStatus

if TYPE_CHECKING:
    from ..models.line_discount_read import LineDiscountRead


T = TypeVar("T", bound="VoucherRedemptionRead")


@_attrs_define
class VoucherRedemptionRead:
    """
    Attributes:
        id (int):
        code (str):
        campaign_id (int):
        kind (VoucherRedemptionReadKind):
        member_id (int | None):
        order_id (str):
        currency (str):
        discount (int):
        lines (list[LineDiscountRead]):
        factor (None | str):
        gift_card_amount (int): What a gift card paid (given back by a rollback).
        status (VoucherRedemptionReadStatus):
        redeemed_at (datetime.datetime):
        rolled_back_at (datetime.datetime | None):
    """

    id: int
    code: str
    campaign_id: int
    kind: VoucherRedemptionReadKind
    member_id: int | None
    order_id: str
    currency: str
    discount: int
    lines: list[LineDiscountRead]
    factor: None | str
    gift_card_amount: int
    status: VoucherRedemptionReadStatus
    redeemed_at: datetime.datetime
    rolled_back_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        code = self.code

        campaign_id = self.campaign_id

        kind = self.kind.value

        member_id: int | None
        member_id = self.member_id

        order_id = self.order_id

        currency = self.currency

        discount = self.discount

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        factor: None | str
        factor = self.factor

        gift_card_amount = self.gift_card_amount

        status = self.status.value

        redeemed_at = self.redeemed_at.isoformat()

        rolled_back_at: None | str
        if isinstance(self.rolled_back_at, datetime.datetime):
            rolled_back_at = self.rolled_back_at.isoformat()
        else:
            rolled_back_at = self.rolled_back_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "code": code,
                "campaign_id": campaign_id,
                "kind": kind,
                "member_id": member_id,
                "order_id": order_id,
                "currency": currency,
                "discount": discount,
                "lines": lines,
                "factor": factor,
                "gift_card_amount": gift_card_amount,
                "status": status,
                "redeemed_at": redeemed_at,
                "rolled_back_at": rolled_back_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.line_discount_read import LineDiscountRead  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        code = d.pop("code")

        campaign_id = d.pop("campaign_id")

        kind = VoucherRedemptionReadKind(d.pop("kind"))

        def _parse_member_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        member_id = _parse_member_id(d.pop("member_id"))

        order_id = d.pop("order_id")

        currency = d.pop("currency")

        discount = d.pop("discount")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = LineDiscountRead.from_dict(lines_item_data)

            lines.append(lines_item)

        def _parse_factor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        factor = _parse_factor(d.pop("factor"))

        gift_card_amount = d.pop("gift_card_amount")

        status = VoucherRedemptionReadStatus(d.pop("status"))

        redeemed_at = datetime.datetime.fromisoformat(d.pop("redeemed_at"))

        def _parse_rolled_back_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rolled_back_at_type_0 = datetime.datetime.fromisoformat(data)

                return rolled_back_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        rolled_back_at = _parse_rolled_back_at(d.pop("rolled_back_at"))

        voucher_redemption_read = cls(
            id=id,
            code=code,
            campaign_id=campaign_id,
            kind=kind,
            member_id=member_id,
            order_id=order_id,
            currency=currency,
            discount=discount,
            lines=lines,
            factor=factor,
            gift_card_amount=gift_card_amount,
            status=status,
            redeemed_at=redeemed_at,
            rolled_back_at=rolled_back_at,
        )

        voucher_redemption_read.additional_properties = d
        return voucher_redemption_read

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
