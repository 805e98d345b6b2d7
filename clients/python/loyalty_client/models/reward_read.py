from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reward_read_kind import RewardReadKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.reward_read_descriptions import RewardReadDescriptions
    from ..models.reward_read_images_by_language import RewardReadImagesByLanguage
    from ..models.reward_read_names import RewardReadNames


T = TypeVar("T", bound="RewardRead")


@_attrs_define
class RewardRead:
    """
    Attributes:
        id (int):
        kind (RewardReadKind):
        names (RewardReadNames):
        descriptions (RewardReadDescriptions):
        image_urls (list[str]):
        images_by_language (RewardReadImagesByLanguage): Pictures for the languages whose pictures differ (words on
            them), {"pl": ["https://…"]}; a member whose language has none of its own sees `image_urls`. An empty list is
            refused (leave the language out).
        unit (str):
        points_price (int):
        money_price (int):
        currency (str):
        stock (int | None):
        available (int | None): What can still be handed out: the stock, or if fewer the codes left (an e-voucher's
            unused pool codes, a coupon's or stamp card's campaign codes still to publish); null is unlimited.
        redeemed_count (int):
        limit_per_member (int | None):
        limit_total (int | None):
        starts_at (datetime.datetime | None):
        ends_at (datetime.datetime | None):
        eligible_tiers (list[str]):
        code_pool_id (int | None):
        voucher_campaign_id (int | None):
        cause_id (int | None):
        cashback_rate (None | str):
        is_active (bool):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        segment_id (int | None | Unset):
    """

    id: int
    kind: RewardReadKind
    names: RewardReadNames
    descriptions: RewardReadDescriptions
    image_urls: list[str]
    images_by_language: RewardReadImagesByLanguage
    unit: str
    points_price: int
    money_price: int
    currency: str
    stock: int | None
    available: int | None
    redeemed_count: int
    limit_per_member: int | None
    limit_total: int | None
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    eligible_tiers: list[str]
    code_pool_id: int | None
    voucher_campaign_id: int | None
    cause_id: int | None
    cashback_rate: None | str
    is_active: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    segment_id: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind.value

        names = self.names.to_dict()

        descriptions = self.descriptions.to_dict()

        image_urls = self.image_urls

        images_by_language = self.images_by_language.to_dict()

        unit = self.unit

        points_price = self.points_price

        money_price = self.money_price

        currency = self.currency

        stock: int | None
        stock = self.stock

        available: int | None
        available = self.available

        redeemed_count = self.redeemed_count

        limit_per_member: int | None
        limit_per_member = self.limit_per_member

        limit_total: int | None
        limit_total = self.limit_total

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

        code_pool_id: int | None
        code_pool_id = self.code_pool_id

        voucher_campaign_id: int | None
        voucher_campaign_id = self.voucher_campaign_id

        cause_id: int | None
        cause_id = self.cause_id

        cashback_rate: None | str
        cashback_rate = self.cashback_rate

        is_active = self.is_active

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        segment_id: int | None | Unset
        if isinstance(self.segment_id, Unset):
            segment_id = UNSET
        else:
            segment_id = self.segment_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "names": names,
                "descriptions": descriptions,
                "image_urls": image_urls,
                "images_by_language": images_by_language,
                "unit": unit,
                "points_price": points_price,
                "money_price": money_price,
                "currency": currency,
                "stock": stock,
                "available": available,
                "redeemed_count": redeemed_count,
                "limit_per_member": limit_per_member,
                "limit_total": limit_total,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "eligible_tiers": eligible_tiers,
                "code_pool_id": code_pool_id,
                "voucher_campaign_id": voucher_campaign_id,
                "cause_id": cause_id,
                "cashback_rate": cashback_rate,
                "is_active": is_active,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if segment_id is not UNSET:
            field_dict["segment_id"] = segment_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reward_read_descriptions import RewardReadDescriptions  # noqa: PLC0415
        from ..models.reward_read_images_by_language import RewardReadImagesByLanguage  # noqa: PLC0415
        from ..models.reward_read_names import RewardReadNames  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        kind = RewardReadKind(d.pop("kind"))

        names = RewardReadNames.from_dict(d.pop("names"))

        descriptions = RewardReadDescriptions.from_dict(d.pop("descriptions"))

        image_urls = cast(list[str], d.pop("image_urls"))

        images_by_language = RewardReadImagesByLanguage.from_dict(d.pop("images_by_language"))

        unit = d.pop("unit")

        points_price = d.pop("points_price")

        money_price = d.pop("money_price")

        currency = d.pop("currency")

        def _parse_stock(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        stock = _parse_stock(d.pop("stock"))

        def _parse_available(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        available = _parse_available(d.pop("available"))

        redeemed_count = d.pop("redeemed_count")

        def _parse_limit_per_member(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        limit_per_member = _parse_limit_per_member(d.pop("limit_per_member"))

        def _parse_limit_total(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        limit_total = _parse_limit_total(d.pop("limit_total"))

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

        def _parse_code_pool_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        code_pool_id = _parse_code_pool_id(d.pop("code_pool_id"))

        def _parse_voucher_campaign_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        voucher_campaign_id = _parse_voucher_campaign_id(d.pop("voucher_campaign_id"))

        def _parse_cause_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        cause_id = _parse_cause_id(d.pop("cause_id"))

        def _parse_cashback_rate(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cashback_rate = _parse_cashback_rate(d.pop("cashback_rate"))

        is_active = d.pop("is_active")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_segment_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        segment_id = _parse_segment_id(d.pop("segment_id", UNSET))

        reward_read = cls(
            id=id,
            kind=kind,
            names=names,
            descriptions=descriptions,
            image_urls=image_urls,
            images_by_language=images_by_language,
            unit=unit,
            points_price=points_price,
            money_price=money_price,
            currency=currency,
            stock=stock,
            available=available,
            redeemed_count=redeemed_count,
            limit_per_member=limit_per_member,
            limit_total=limit_total,
            starts_at=starts_at,
            ends_at=ends_at,
            eligible_tiers=eligible_tiers,
            code_pool_id=code_pool_id,
            voucher_campaign_id=voucher_campaign_id,
            cause_id=cause_id,
            cashback_rate=cashback_rate,
            is_active=is_active,
            created_at=created_at,
            updated_at=updated_at,
            segment_id=segment_id,
        )

        reward_read.additional_properties = d
        return reward_read

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
