from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.catalogue_item_read_kind import CatalogueItemReadKind

if TYPE_CHECKING:
    from ..models.refusal_read import RefusalRead


T = TypeVar("T", bound="CatalogueItemRead")


@_attrs_define
class CatalogueItemRead:
    """
    Attributes:
        reward_id (int):
        kind (CatalogueItemReadKind):
        name (str):
        description (None | str):
        image_urls (list[str]): The pictures for the member's language, else the reward's own.
        unit (str):
        points_price (int):
        variable_points (bool): The member chooses how many points (at least `points_price`).
        money_price (int):
        currency (str):
        available (int | None): What can still be handed out, as for staff, except that a coupon's or stamp card's codes
            are counted up to 100 only (a catalogue read never counts a large campaign); null is unlimited.
        starts_at (datetime.datetime | None):
        ends_at (datetime.datetime | None):
        eligible_tiers (list[str]):
        limit_per_member (int | None):
        redeemed_by_member (int):
        cashback_rate (None | str):
        cause_id (int | None):
        can_redeem (bool):
        reasons (list[RefusalRead]): Why not, most fundamental first; empty when it can.
    """

    reward_id: int
    kind: CatalogueItemReadKind
    name: str
    description: None | str
    image_urls: list[str]
    unit: str
    points_price: int
    variable_points: bool
    money_price: int
    currency: str
    available: int | None
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    eligible_tiers: list[str]
    limit_per_member: int | None
    redeemed_by_member: int
    cashback_rate: None | str
    cause_id: int | None
    can_redeem: bool
    reasons: list[RefusalRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reward_id = self.reward_id

        kind = self.kind.value

        name = self.name

        description: None | str
        description = self.description

        image_urls = self.image_urls

        unit = self.unit

        points_price = self.points_price

        variable_points = self.variable_points

        money_price = self.money_price

        currency = self.currency

        available: int | None
        available = self.available

        starts_at: None | str
        if isinstance(self.starts_at, datetime.datetime):
            starts_at = self.starts_at.isoformat()
        else:
            starts_at = self.starts_at

        ends_at: None | str
        if isinstance(self.ends_at, datetime.datetime):
            ends_at = self.ends_at.isoformat()
        else:
            ends_at = self.ends_at

        eligible_tiers = self.eligible_tiers

        limit_per_member: int | None
        limit_per_member = self.limit_per_member

        redeemed_by_member = self.redeemed_by_member

        cashback_rate: None | str
        cashback_rate = self.cashback_rate

        cause_id: int | None
        cause_id = self.cause_id

        can_redeem = self.can_redeem

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "reward_id": reward_id,
                "kind": kind,
                "name": name,
                "description": description,
                "image_urls": image_urls,
                "unit": unit,
                "points_price": points_price,
                "variable_points": variable_points,
                "money_price": money_price,
                "currency": currency,
                "available": available,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "eligible_tiers": eligible_tiers,
                "limit_per_member": limit_per_member,
                "redeemed_by_member": redeemed_by_member,
                "cashback_rate": cashback_rate,
                "cause_id": cause_id,
                "can_redeem": can_redeem,
                "reasons": reasons,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.refusal_read import RefusalRead  # noqa: PLC0415

        d = dict(src_dict)
        reward_id = d.pop("reward_id")

        kind = CatalogueItemReadKind(d.pop("kind"))

        name = d.pop("name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        image_urls = cast(list[str], d.pop("image_urls"))

        unit = d.pop("unit")

        points_price = d.pop("points_price")

        variable_points = d.pop("variable_points")

        money_price = d.pop("money_price")

        currency = d.pop("currency")

        def _parse_available(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        available = _parse_available(d.pop("available"))

        def _parse_starts_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_at_type_0 = datetime.datetime.fromisoformat(data)

                return starts_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        starts_at = _parse_starts_at(d.pop("starts_at"))

        def _parse_ends_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_at_type_0 = datetime.datetime.fromisoformat(data)

                return ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ends_at = _parse_ends_at(d.pop("ends_at"))

        eligible_tiers = cast(list[str], d.pop("eligible_tiers"))

        def _parse_limit_per_member(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        limit_per_member = _parse_limit_per_member(d.pop("limit_per_member"))

        redeemed_by_member = d.pop("redeemed_by_member")

        def _parse_cashback_rate(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cashback_rate = _parse_cashback_rate(d.pop("cashback_rate"))

        def _parse_cause_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        cause_id = _parse_cause_id(d.pop("cause_id"))

        can_redeem = d.pop("can_redeem")

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = RefusalRead.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        catalogue_item_read = cls(
            reward_id=reward_id,
            kind=kind,
            name=name,
            description=description,
            image_urls=image_urls,
            unit=unit,
            points_price=points_price,
            variable_points=variable_points,
            money_price=money_price,
            currency=currency,
            available=available,
            starts_at=starts_at,
            ends_at=ends_at,
            eligible_tiers=eligible_tiers,
            limit_per_member=limit_per_member,
            redeemed_by_member=redeemed_by_member,
            cashback_rate=cashback_rate,
            cause_id=cause_id,
            can_redeem=can_redeem,
            reasons=reasons,
        )

        catalogue_item_read.additional_properties = d
        return catalogue_item_read

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
