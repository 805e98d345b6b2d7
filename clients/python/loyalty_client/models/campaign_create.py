from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.campaign_create_kind import CampaignCreateKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.campaign_create_condition_type_0 import CampaignCreateConditionType0
    from ..models.campaign_create_line_condition_type_0 import CampaignCreateLineConditionType0


T = TypeVar("T", bound="CampaignCreate")


@_attrs_define
class CampaignCreate:
    """A voucher campaign: what its codes give, when, to whom, and how often.

    Attributes:
        name (str):
        kind (CampaignCreateKind): fixed_amount, percent, free_product, points_multiplier or gift_card.
        description (None | str | Unset):
        amount (int | None | Unset): fixed_amount: the amount off; gift_card: each code's starting balance. Minor units
            (cents).
        percent (float | None | str | Unset): percent: the share off, e.g. "15" or "12.5".
        max_discount (int | None | Unset): percent: the most it takes off, in minor units.
        sku (None | str | Unset): free_product: the product given.
        free_quantity (int | None | Unset): free_product: how many units are free (default 1).
        factor (float | None | str | Unset): points_multiplier: what the purchase's points are multiplied by.
        condition (CampaignCreateConditionType0 | None | Unset): When the voucher applies.
        line_condition (CampaignCreateLineConditionType0 | None | Unset): Which lines the discount is taken from (line.*
            fields); all lines when null.
        starts_at (datetime.datetime | None | Unset): Valid from (inclusive); naive means UTC.
        ends_at (datetime.datetime | None | Unset): Valid until (exclusive); naive means UTC.
        max_uses_per_code (int | None | Unset): Uses of one code; null for unlimited. Defaults to 1 (single-use), and to
            unlimited for gift cards, which are spent until their balance is gone. Default: 1.
        max_uses_per_member (int | None | Unset): Redemptions of the campaign per member (the member must then be named
            at checkout).
        max_uses_total (int | None | Unset): Redemptions of the campaign over all codes.
    """

    name: str
    kind: CampaignCreateKind
    description: None | str | Unset = UNSET
    amount: int | None | Unset = UNSET
    percent: float | None | str | Unset = UNSET
    max_discount: int | None | Unset = UNSET
    sku: None | str | Unset = UNSET
    free_quantity: int | None | Unset = UNSET
    factor: float | None | str | Unset = UNSET
    condition: CampaignCreateConditionType0 | None | Unset = UNSET
    line_condition: CampaignCreateLineConditionType0 | None | Unset = UNSET
    starts_at: datetime.datetime | None | Unset = UNSET
    ends_at: datetime.datetime | None | Unset = UNSET
    max_uses_per_code: int | None | Unset = 1
    max_uses_per_member: int | None | Unset = UNSET
    max_uses_total: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.campaign_create_condition_type_0 import CampaignCreateConditionType0  # noqa: PLC0415
        from ..models.campaign_create_line_condition_type_0 import CampaignCreateLineConditionType0  # noqa: PLC0415

        name = self.name

        kind = self.kind.value

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        amount: int | None | Unset
        if isinstance(self.amount, Unset):
            amount = UNSET
        else:
            amount = self.amount

        percent: float | None | str | Unset
        if isinstance(self.percent, Unset):
            percent = UNSET
        else:
            percent = self.percent

        max_discount: int | None | Unset
        if isinstance(self.max_discount, Unset):
            max_discount = UNSET
        else:
            max_discount = self.max_discount

        sku: None | str | Unset
        if isinstance(self.sku, Unset):
            sku = UNSET
        else:
            sku = self.sku

        free_quantity: int | None | Unset
        if isinstance(self.free_quantity, Unset):
            free_quantity = UNSET
        else:
            free_quantity = self.free_quantity

        factor: float | None | str | Unset
        if isinstance(self.factor, Unset):
            factor = UNSET
        else:
            factor = self.factor

        condition: dict[str, Any] | None | Unset
        if isinstance(self.condition, Unset):
            condition = UNSET
        elif isinstance(self.condition, CampaignCreateConditionType0):
            condition = self.condition.to_dict()
        else:
            condition = self.condition

        line_condition: dict[str, Any] | None | Unset
        if isinstance(self.line_condition, Unset):
            line_condition = UNSET
        elif isinstance(self.line_condition, CampaignCreateLineConditionType0):
            line_condition = self.line_condition.to_dict()
        else:
            line_condition = self.line_condition

        starts_at: None | str | Unset
        if isinstance(self.starts_at, Unset):
            starts_at = UNSET
        elif isinstance(self.starts_at, datetime.datetime):
            starts_at = self.starts_at.isoformat()
        else:
            starts_at = self.starts_at

        ends_at: None | str | Unset
        if isinstance(self.ends_at, Unset):
            ends_at = UNSET
        elif isinstance(self.ends_at, datetime.datetime):
            ends_at = self.ends_at.isoformat()
        else:
            ends_at = self.ends_at

        max_uses_per_code: int | None | Unset
        if isinstance(self.max_uses_per_code, Unset):
            max_uses_per_code = UNSET
        else:
            max_uses_per_code = self.max_uses_per_code

        max_uses_per_member: int | None | Unset
        if isinstance(self.max_uses_per_member, Unset):
            max_uses_per_member = UNSET
        else:
            max_uses_per_member = self.max_uses_per_member

        max_uses_total: int | None | Unset
        if isinstance(self.max_uses_total, Unset):
            max_uses_total = UNSET
        else:
            max_uses_total = self.max_uses_total

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "kind": kind,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if amount is not UNSET:
            field_dict["amount"] = amount
        if percent is not UNSET:
            field_dict["percent"] = percent
        if max_discount is not UNSET:
            field_dict["max_discount"] = max_discount
        if sku is not UNSET:
            field_dict["sku"] = sku
        if free_quantity is not UNSET:
            field_dict["free_quantity"] = free_quantity
        if factor is not UNSET:
            field_dict["factor"] = factor
        if condition is not UNSET:
            field_dict["condition"] = condition
        if line_condition is not UNSET:
            field_dict["line_condition"] = line_condition
        if starts_at is not UNSET:
            field_dict["starts_at"] = starts_at
        if ends_at is not UNSET:
            field_dict["ends_at"] = ends_at
        if max_uses_per_code is not UNSET:
            field_dict["max_uses_per_code"] = max_uses_per_code
        if max_uses_per_member is not UNSET:
            field_dict["max_uses_per_member"] = max_uses_per_member
        if max_uses_total is not UNSET:
            field_dict["max_uses_total"] = max_uses_total

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.campaign_create_condition_type_0 import CampaignCreateConditionType0  # noqa: PLC0415
        from ..models.campaign_create_line_condition_type_0 import CampaignCreateLineConditionType0  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        kind = CampaignCreateKind(d.pop("kind"))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_amount(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        amount = _parse_amount(d.pop("amount", UNSET))

        def _parse_percent(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        percent = _parse_percent(d.pop("percent", UNSET))

        def _parse_max_discount(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_discount = _parse_max_discount(d.pop("max_discount", UNSET))

        def _parse_sku(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sku = _parse_sku(d.pop("sku", UNSET))

        def _parse_free_quantity(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        free_quantity = _parse_free_quantity(d.pop("free_quantity", UNSET))

        def _parse_factor(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        factor = _parse_factor(d.pop("factor", UNSET))

        def _parse_condition(data: object) -> CampaignCreateConditionType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                condition_type_0 = CampaignCreateConditionType0.from_dict(data)

                return condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CampaignCreateConditionType0 | None | Unset, data)

        condition = _parse_condition(d.pop("condition", UNSET))

        def _parse_line_condition(data: object) -> CampaignCreateLineConditionType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                line_condition_type_0 = CampaignCreateLineConditionType0.from_dict(data)

                return line_condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CampaignCreateLineConditionType0 | None | Unset, data)

        line_condition = _parse_line_condition(d.pop("line_condition", UNSET))

        def _parse_starts_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_at_type_0 = datetime.datetime.fromisoformat(data)

                return starts_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        starts_at = _parse_starts_at(d.pop("starts_at", UNSET))

        def _parse_ends_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_at_type_0 = datetime.datetime.fromisoformat(data)

                return ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        ends_at = _parse_ends_at(d.pop("ends_at", UNSET))

        def _parse_max_uses_per_code(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_uses_per_code = _parse_max_uses_per_code(d.pop("max_uses_per_code", UNSET))

        def _parse_max_uses_per_member(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_uses_per_member = _parse_max_uses_per_member(d.pop("max_uses_per_member", UNSET))

        def _parse_max_uses_total(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_uses_total = _parse_max_uses_total(d.pop("max_uses_total", UNSET))

        campaign_create = cls(
            name=name,
            kind=kind,
            description=description,
            amount=amount,
            percent=percent,
            max_discount=max_discount,
            sku=sku,
            free_quantity=free_quantity,
            factor=factor,
            condition=condition,
            line_condition=line_condition,
            starts_at=starts_at,
            ends_at=ends_at,
            max_uses_per_code=max_uses_per_code,
            max_uses_per_member=max_uses_per_member,
            max_uses_total=max_uses_total,
        )

        return campaign_create
