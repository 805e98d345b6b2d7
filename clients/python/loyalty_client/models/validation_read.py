from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.campaign_summary_read import CampaignSummaryRead
    from ..models.line_discount_read import LineDiscountRead
    from ..models.voucher_refusal_read import VoucherRefusalRead


T = TypeVar("T", bound="ValidationRead")


@_attrs_define
class ValidationRead:
    """
    Attributes:
        valid (bool):
        code (str): The code as stored (upper-case, no spaces).
        refusal (None | VoucherRefusalRead): Why not, when not valid.
        campaign (CampaignSummaryRead | None): Hidden for a code that is not found.
        currency (str):
        discount (int): Minor units off the basket.
        lines (list[LineDiscountRead]): The discount per line; the shares add up to `discount`.
        factor (None | str): points_multiplier: what the purchase's points are multiplied by.
        gift_card_balance (int | None): gift_card: the balance before this basket.
    """

    valid: bool
    code: str
    refusal: None | VoucherRefusalRead
    campaign: CampaignSummaryRead | None
    currency: str
    discount: int
    lines: list[LineDiscountRead]
    factor: None | str
    gift_card_balance: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.campaign_summary_read import CampaignSummaryRead  # noqa: PLC0415
        from ..models.voucher_refusal_read import VoucherRefusalRead  # noqa: PLC0415

        valid = self.valid

        code = self.code

        refusal: dict[str, Any] | None
        if isinstance(self.refusal, VoucherRefusalRead):
            refusal = self.refusal.to_dict()
        else:
            refusal = self.refusal

        campaign: dict[str, Any] | None
        if isinstance(self.campaign, CampaignSummaryRead):
            campaign = self.campaign.to_dict()
        else:
            campaign = self.campaign

        currency = self.currency

        discount = self.discount

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        factor: None | str
        factor = self.factor

        gift_card_balance: int | None
        gift_card_balance = self.gift_card_balance

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "valid": valid,
                "code": code,
                "refusal": refusal,
                "campaign": campaign,
                "currency": currency,
                "discount": discount,
                "lines": lines,
                "factor": factor,
                "gift_card_balance": gift_card_balance,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.campaign_summary_read import CampaignSummaryRead  # noqa: PLC0415
        from ..models.line_discount_read import LineDiscountRead  # noqa: PLC0415
        from ..models.voucher_refusal_read import VoucherRefusalRead  # noqa: PLC0415

        d = dict(src_dict)
        valid = d.pop("valid")

        code = d.pop("code")

        def _parse_refusal(data: object) -> None | VoucherRefusalRead:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                refusal_type_0 = VoucherRefusalRead.from_dict(data)

                return refusal_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | VoucherRefusalRead, data)

        refusal = _parse_refusal(d.pop("refusal"))

        def _parse_campaign(data: object) -> CampaignSummaryRead | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                campaign_type_0 = CampaignSummaryRead.from_dict(data)

                return campaign_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CampaignSummaryRead | None, data)

        campaign = _parse_campaign(d.pop("campaign"))

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

        def _parse_gift_card_balance(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        gift_card_balance = _parse_gift_card_balance(d.pop("gift_card_balance"))

        validation_read = cls(
            valid=valid,
            code=code,
            refusal=refusal,
            campaign=campaign,
            currency=currency,
            discount=discount,
            lines=lines,
            factor=factor,
            gift_card_balance=gift_card_balance,
        )

        validation_read.additional_properties = d
        return validation_read

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
