from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.reward_update_descriptions_type_0 import RewardUpdateDescriptionsType0
    from ..models.reward_update_images_by_language_type_0 import RewardUpdateImagesByLanguageType0
    from ..models.reward_update_names_type_0 import RewardUpdateNamesType0


T = TypeVar("T", bound="RewardUpdate")


@_attrs_define
class RewardUpdate:
    """Only the fields sent change; the kind never does.

    Attributes:
        names (None | RewardUpdateNamesType0 | Unset):
        descriptions (None | RewardUpdateDescriptionsType0 | Unset):
        image_urls (list[str] | None | Unset):
        images_by_language (None | RewardUpdateImagesByLanguageType0 | Unset): Pictures for the languages whose pictures
            differ (words on them), {"pl": ["https://…"]}; a member whose language has none of its own sees `image_urls`. An
            empty list is refused (leave the language out).
        points_price (int | None | Unset):
        money_price (int | None | Unset):
        limit_per_member (int | None | Unset):
        limit_total (int | None | Unset):
        starts_at (datetime.datetime | None | Unset):
        ends_at (datetime.datetime | None | Unset):
        eligible_tiers (list[str] | None | Unset):
        code_pool_id (int | None | Unset):
        voucher_campaign_id (int | None | Unset):
        cause_id (int | None | Unset):
        cashback_rate (float | None | str | Unset):
        segment_id (int | None | Unset):
        is_active (bool | None | Unset):
    """

    names: None | RewardUpdateNamesType0 | Unset = UNSET
    descriptions: None | RewardUpdateDescriptionsType0 | Unset = UNSET
    image_urls: list[str] | None | Unset = UNSET
    images_by_language: None | RewardUpdateImagesByLanguageType0 | Unset = UNSET
    points_price: int | None | Unset = UNSET
    money_price: int | None | Unset = UNSET
    limit_per_member: int | None | Unset = UNSET
    limit_total: int | None | Unset = UNSET
    starts_at: datetime.datetime | None | Unset = UNSET
    ends_at: datetime.datetime | None | Unset = UNSET
    eligible_tiers: list[str] | None | Unset = UNSET
    code_pool_id: int | None | Unset = UNSET
    voucher_campaign_id: int | None | Unset = UNSET
    cause_id: int | None | Unset = UNSET
    cashback_rate: float | None | str | Unset = UNSET
    segment_id: int | None | Unset = UNSET
    is_active: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.reward_update_descriptions_type_0 import RewardUpdateDescriptionsType0  # noqa: PLC0415
        from ..models.reward_update_images_by_language_type_0 import RewardUpdateImagesByLanguageType0  # noqa: PLC0415
        from ..models.reward_update_names_type_0 import RewardUpdateNamesType0  # noqa: PLC0415

        names: dict[str, Any] | None | Unset
        if isinstance(self.names, Unset):
            names = UNSET
        elif isinstance(self.names, RewardUpdateNamesType0):
            names = self.names.to_dict()
        else:
            names = self.names

        descriptions: dict[str, Any] | None | Unset
        if isinstance(self.descriptions, Unset):
            descriptions = UNSET
        elif isinstance(self.descriptions, RewardUpdateDescriptionsType0):
            descriptions = self.descriptions.to_dict()
        else:
            descriptions = self.descriptions

        image_urls: list[str] | None | Unset
        if isinstance(self.image_urls, Unset):
            image_urls = UNSET
        elif isinstance(self.image_urls, list):
            image_urls = self.image_urls

        else:
            image_urls = self.image_urls

        images_by_language: dict[str, Any] | None | Unset
        if isinstance(self.images_by_language, Unset):
            images_by_language = UNSET
        elif isinstance(self.images_by_language, RewardUpdateImagesByLanguageType0):
            images_by_language = self.images_by_language.to_dict()
        else:
            images_by_language = self.images_by_language

        points_price: int | None | Unset
        if isinstance(self.points_price, Unset):
            points_price = UNSET
        else:
            points_price = self.points_price

        money_price: int | None | Unset
        if isinstance(self.money_price, Unset):
            money_price = UNSET
        else:
            money_price = self.money_price

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

        eligible_tiers: list[str] | None | Unset
        if isinstance(self.eligible_tiers, Unset):
            eligible_tiers = UNSET
        elif isinstance(self.eligible_tiers, list):
            eligible_tiers = self.eligible_tiers

        else:
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

        is_active: bool | None | Unset
        if isinstance(self.is_active, Unset):
            is_active = UNSET
        else:
            is_active = self.is_active

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if names is not UNSET:
            field_dict["names"] = names
        if descriptions is not UNSET:
            field_dict["descriptions"] = descriptions
        if image_urls is not UNSET:
            field_dict["image_urls"] = image_urls
        if images_by_language is not UNSET:
            field_dict["images_by_language"] = images_by_language
        if points_price is not UNSET:
            field_dict["points_price"] = points_price
        if money_price is not UNSET:
            field_dict["money_price"] = money_price
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
        from ..models.reward_update_descriptions_type_0 import RewardUpdateDescriptionsType0  # noqa: PLC0415
        from ..models.reward_update_images_by_language_type_0 import RewardUpdateImagesByLanguageType0  # noqa: PLC0415
        from ..models.reward_update_names_type_0 import RewardUpdateNamesType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_names(data: object) -> None | RewardUpdateNamesType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                names_type_0 = RewardUpdateNamesType0.from_dict(data)

                return names_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RewardUpdateNamesType0 | Unset, data)

        names = _parse_names(d.pop("names", UNSET))

        def _parse_descriptions(data: object) -> None | RewardUpdateDescriptionsType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                descriptions_type_0 = RewardUpdateDescriptionsType0.from_dict(data)

                return descriptions_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RewardUpdateDescriptionsType0 | Unset, data)

        descriptions = _parse_descriptions(d.pop("descriptions", UNSET))

        def _parse_image_urls(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                image_urls_type_0 = cast(list[str], data)

                return image_urls_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        image_urls = _parse_image_urls(d.pop("image_urls", UNSET))

        def _parse_images_by_language(data: object) -> None | RewardUpdateImagesByLanguageType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                images_by_language_type_0 = RewardUpdateImagesByLanguageType0.from_dict(data)

                return images_by_language_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RewardUpdateImagesByLanguageType0 | Unset, data)

        images_by_language = _parse_images_by_language(d.pop("images_by_language", UNSET))

        def _parse_points_price(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        points_price = _parse_points_price(d.pop("points_price", UNSET))

        def _parse_money_price(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        money_price = _parse_money_price(d.pop("money_price", UNSET))

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

        def _parse_eligible_tiers(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                eligible_tiers_type_0 = cast(list[str], data)

                return eligible_tiers_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        eligible_tiers = _parse_eligible_tiers(d.pop("eligible_tiers", UNSET))

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

        def _parse_is_active(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        is_active = _parse_is_active(d.pop("is_active", UNSET))

        reward_update = cls(
            names=names,
            descriptions=descriptions,
            image_urls=image_urls,
            images_by_language=images_by_language,
            points_price=points_price,
            money_price=money_price,
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

        return reward_update
