from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.campaign_offer_kind import CampaignOfferKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="CampaignOffer")


@_attrs_define
class CampaignOffer:
    """What every reached member is given: bonus points, or a coupon (a code of a voucher campaign).

    Attributes:
        kind (CampaignOfferKind):
        points (int | None | Unset): points: how many.
        unit (None | str | Unset): points: the unit (default: the program's first unit).
        voucher_campaign_id (int | None | Unset): coupon: the voucher campaign whose codes are given.
        value (int | None | Unset): What one offer is worth in minor units (the money cost). Defaults to the coupon's
            amount for fixed-amount and gift-card voucher campaigns, and to the points at the program's point value.
    """

    kind: CampaignOfferKind
    points: int | None | Unset = UNSET
    unit: None | str | Unset = UNSET
    voucher_campaign_id: int | None | Unset = UNSET
    value: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        points: int | None | Unset
        if isinstance(self.points, Unset):
            points = UNSET
        else:
            points = self.points

        unit: None | str | Unset
        if isinstance(self.unit, Unset):
            unit = UNSET
        else:
            unit = self.unit

        voucher_campaign_id: int | None | Unset
        if isinstance(self.voucher_campaign_id, Unset):
            voucher_campaign_id = UNSET
        else:
            voucher_campaign_id = self.voucher_campaign_id

        value: int | None | Unset
        if isinstance(self.value, Unset):
            value = UNSET
        else:
            value = self.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
            }
        )
        if points is not UNSET:
            field_dict["points"] = points
        if unit is not UNSET:
            field_dict["unit"] = unit
        if voucher_campaign_id is not UNSET:
            field_dict["voucher_campaign_id"] = voucher_campaign_id
        if value is not UNSET:
            field_dict["value"] = value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = CampaignOfferKind(d.pop("kind"))

        def _parse_points(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        points = _parse_points(d.pop("points", UNSET))

        def _parse_unit(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        unit = _parse_unit(d.pop("unit", UNSET))

        def _parse_voucher_campaign_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        voucher_campaign_id = _parse_voucher_campaign_id(d.pop("voucher_campaign_id", UNSET))

        def _parse_value(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        value = _parse_value(d.pop("value", UNSET))

        campaign_offer = cls(
            kind=kind,
            points=points,
            unit=unit,
            voucher_campaign_id=voucher_campaign_id,
            value=value,
        )

        return campaign_offer
