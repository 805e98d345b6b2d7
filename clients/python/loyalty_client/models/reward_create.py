from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.reward_create_kind import RewardCreateKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.reward_create_descriptions import RewardCreateDescriptions
    from ..models.reward_create_images_by_language import RewardCreateImagesByLanguage
    from ..models.reward_create_names import RewardCreateNames


T = TypeVar("T", bound="RewardCreate")


@_attrs_define
class RewardCreate:
    """
    Attributes:
        kind (RewardCreateKind): physical: an item delivered to an address (statuses requested → confirmed → shipped →
            delivered, or cancelled, which returns points and stock); e_voucher: the next unused partner code of
            `code_pool_id`; coupon: a code of voucher campaign `voucher_campaign_id` issued for the member; cashback: points
            become money credit in the program's `cashback` unit at `cashback_rate`; donation: points given to cause
            `cause_id`; stamp_card: when the member's stamps reach `points_price` (the card's size) a coupon of
            `voucher_campaign_id` is issued at once.
        names (RewardCreateNames): Name per language, {"en": "Mug", "pl": "Kubek"}; must include the program's locale,
            the fallback.
        points_price (int): Points it costs; for cashback and donations the least a member may give; for a stamp card
            the number of stamps that fill it.
        descriptions (RewardCreateDescriptions | Unset):
        image_urls (list[str] | Unset):
        images_by_language (RewardCreateImagesByLanguage | Unset): Pictures for the languages whose pictures differ
            (words on them), {"pl": ["https://…"]}; a member whose language has none of its own sees `image_urls`. An empty
            list is refused (leave the language out).
        money_price (int | Unset): A money part paid on top of the points, in the program currency's minor units (points
            + money). Default: 0.
        stock (int | None | Unset): Items left; null is unlimited.
        limit_per_member (int | None | Unset):
        limit_total (int | None | Unset):
        starts_at (datetime.datetime | None | Unset):
        ends_at (datetime.datetime | None | Unset):
        eligible_tiers (list[str] | Unset): Codes of the program's tier levels that may redeem it; empty for everyone.
            An unknown code is 422 `unknown_tier`.
        code_pool_id (int | None | Unset):
        voucher_campaign_id (int | None | Unset):
        cause_id (int | None | Unset):
        cashback_rate (float | None | str | Unset): Cashback minor units per point ("0.5": 2 points a cent).
        segment_id (int | None | Unset): Only the members of this segment may redeem it (others are refused with
            `segment_not_eligible`); null for everyone. An unknown segment is 422 `unknown_segment`.
        is_active (bool | Unset):  Default: True.
    """

    kind: RewardCreateKind
    names: RewardCreateNames
    points_price: int
    descriptions: RewardCreateDescriptions | Unset = UNSET
    image_urls: list[str] | Unset = UNSET
    images_by_language: RewardCreateImagesByLanguage | Unset = UNSET
    money_price: int | Unset = 0
    stock: int | None | Unset = UNSET
    limit_per_member: int | None | Unset = UNSET
    limit_total: int | None | Unset = UNSET
    starts_at: datetime.datetime | None | Unset = UNSET
    ends_at: datetime.datetime | None | Unset = UNSET
    eligible_tiers: list[str] | Unset = UNSET
    code_pool_id: int | None | Unset = UNSET
    voucher_campaign_id: int | None | Unset = UNSET
    cause_id: int | None | Unset = UNSET
    cashback_rate: float | None | str | Unset = UNSET
    segment_id: int | None | Unset = UNSET
    is_active: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        names = self.names.to_dict()

        points_price = self.points_price

        descriptions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.descriptions, Unset):
            descriptions = self.descriptions.to_dict()

        image_urls: list[str] | Unset = UNSET
        if not isinstance(self.image_urls, Unset):
            image_urls = self.image_urls

        images_by_language: dict[str, Any] | Unset = UNSET
        if not isinstance(self.images_by_language, Unset):
            images_by_language = self.images_by_language.to_dict()

        money_price = self.money_price

        stock: int | None | Unset
        if isinstance(self.stock, Unset):
            stock = UNSET
        else:
            stock = self.stock

        limit_per_member: int | None | Unset
        if isinstance(self.limit_per_member, Unset):
            limit_per_member = UNSET
        else:
            limit_per_member = self.limit_per_member

        limit_total: int | None | Unset
        if isinstance(self.limit_total, Unset):
            limit_total = UNSET
        else:
            limit_total = self.limit_total

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

        eligible_tiers: list[str] | Unset = UNSET
        if not isinstance(self.eligible_tiers, Unset):
            eligible_tiers = self.eligible_tiers

        code_pool_id: int | None | Unset
        if isinstance(self.code_pool_id, Unset):
            code_pool_id = UNSET
        else:
            code_pool_id = self.code_pool_id

        voucher_campaign_id: int | None | Unset
        if isinstance(self.voucher_campaign_id, Unset):
            voucher_campaign_id = UNSET
        else:
            voucher_campaign_id = self.voucher_campaign_id

        cause_id: int | None | Unset
        if isinstance(self.cause_id, Unset):
            cause_id = UNSET
        else:
            cause_id = self.cause_id

        cashback_rate: float | None | str | Unset
        if isinstance(self.cashback_rate, Unset):
            cashback_rate = UNSET
        else:
            cashback_rate = self.cashback_rate

        segment_id: int | None | Unset
        if isinstance(self.segment_id, Unset):
            segment_id = UNSET
        else:
            segment_id = self.segment_id

        is_active = self.is_active

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "names": names,
                "points_price": points_price,
            }
        )
        if descriptions is not UNSET:
            field_dict["descriptions"] = descriptions
        if image_urls is not UNSET:
            field_dict["image_urls"] = image_urls
        if images_by_language is not UNSET:
            field_dict["images_by_language"] = images_by_language
        if money_price is not UNSET:
            field_dict["money_price"] = money_price
        if stock is not UNSET:
            field_dict["stock"] = stock
        if limit_per_member is not UNSET:
            field_dict["limit_per_member"] = limit_per_member
        if limit_total is not UNSET:
            field_dict["limit_total"] = limit_total
        if starts_at is not UNSET:
            field_dict["starts_at"] = starts_at
        if ends_at is not UNSET:
            field_dict["ends_at"] = ends_at
        if eligible_tiers is not UNSET:
            field_dict["eligible_tiers"] = eligible_tiers
        if code_pool_id is not UNSET:
            field_dict["code_pool_id"] = code_pool_id
        if voucher_campaign_id is not UNSET:
            field_dict["voucher_campaign_id"] = voucher_campaign_id
        if cause_id is not UNSET:
            field_dict["cause_id"] = cause_id
        if cashback_rate is not UNSET:
            field_dict["cashback_rate"] = cashback_rate
        if segment_id is not UNSET:
            field_dict["segment_id"] = segment_id
        if is_active is not UNSET:
            field_dict["is_active"] = is_active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reward_create_descriptions import RewardCreateDescriptions  # noqa: PLC0415
        from ..models.reward_create_images_by_language import RewardCreateImagesByLanguage  # noqa: PLC0415
        from ..models.reward_create_names import RewardCreateNames  # noqa: PLC0415

        d = dict(src_dict)
        kind = RewardCreateKind(d.pop("kind"))

        names = RewardCreateNames.from_dict(d.pop("names"))

        points_price = d.pop("points_price")

        _descriptions = d.pop("descriptions", UNSET)
        descriptions: RewardCreateDescriptions | Unset
        if isinstance(_descriptions, Unset):
            descriptions = UNSET
        else:
            descriptions = RewardCreateDescriptions.from_dict(_descriptions)

        image_urls = cast(list[str], d.pop("image_urls", UNSET))

        _images_by_language = d.pop("images_by_language", UNSET)
        images_by_language: RewardCreateImagesByLanguage | Unset
        if isinstance(_images_by_language, Unset):
            images_by_language = UNSET
        else:
            images_by_language = RewardCreateImagesByLanguage.from_dict(_images_by_language)

        money_price = d.pop("money_price", UNSET)

        def _parse_stock(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        stock = _parse_stock(d.pop("stock", UNSET))

        def _parse_limit_per_member(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        limit_per_member = _parse_limit_per_member(d.pop("limit_per_member", UNSET))

        def _parse_limit_total(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        limit_total = _parse_limit_total(d.pop("limit_total", UNSET))

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

        eligible_tiers = cast(list[str], d.pop("eligible_tiers", UNSET))

        def _parse_code_pool_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        code_pool_id = _parse_code_pool_id(d.pop("code_pool_id", UNSET))

        def _parse_voucher_campaign_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        voucher_campaign_id = _parse_voucher_campaign_id(d.pop("voucher_campaign_id", UNSET))

        def _parse_cause_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        cause_id = _parse_cause_id(d.pop("cause_id", UNSET))

        def _parse_cashback_rate(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        cashback_rate = _parse_cashback_rate(d.pop("cashback_rate", UNSET))

        def _parse_segment_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        segment_id = _parse_segment_id(d.pop("segment_id", UNSET))

        is_active = d.pop("is_active", UNSET)

        reward_create = cls(
            kind=kind,
            names=names,
            points_price=points_price,
            descriptions=descriptions,
            image_urls=image_urls,
            images_by_language=images_by_language,
            money_price=money_price,
            stock=stock,
            limit_per_member=limit_per_member,
            limit_total=limit_total,
            starts_at=starts_at,
            ends_at=ends_at,
            eligible_tiers=eligible_tiers,
            code_pool_id=code_pool_id,
            voucher_campaign_id=voucher_campaign_id,
            cause_id=cause_id,
            cashback_rate=cashback_rate,
            segment_id=segment_id,
            is_active=is_active,
        )

        return reward_create
