from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address import Address


T = TypeVar("T", bound="RedemptionCreate")


@_attrs_define
class RedemptionCreate:
    """
    Attributes:
        reward_id (int):
        points (int | None | Unset): For cashback and donations: how many points to give (at least the reward's price);
            not accepted for other kinds.
        delivery_address (Address | None | Unset): Where a physical item goes; defaults to the member's address on file.
        language (None | str | Unset): The language the receipt names the reward in.
    """

    reward_id: int
    points: int | None | Unset = UNSET
    delivery_address: Address | None | Unset = UNSET
    language: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.address import Address  # noqa: PLC0415

        reward_id = self.reward_id

        points: int | None | Unset
        if isinstance(self.points, Unset):
            points = UNSET
        else:
            points = self.points

        delivery_address: dict[str, Any] | None | Unset
        if isinstance(self.delivery_address, Unset):
            delivery_address = UNSET
        elif isinstance(self.delivery_address, Address):
            delivery_address = self.delivery_address.to_dict()
        else:
            delivery_address = self.delivery_address

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        else:
            language = self.language

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reward_id": reward_id,
            }
        )
        if points is not UNSET:
            field_dict["points"] = points
        if delivery_address is not UNSET:
            field_dict["delivery_address"] = delivery_address
        if language is not UNSET:
            field_dict["language"] = language

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address import Address  # noqa: PLC0415

        d = dict(src_dict)
        reward_id = d.pop("reward_id")

        def _parse_points(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        points = _parse_points(d.pop("points", UNSET))

        def _parse_delivery_address(data: object) -> Address | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                delivery_address_type_0 = Address.from_dict(data)

                return delivery_address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Address | None | Unset, data)

        delivery_address = _parse_delivery_address(d.pop("delivery_address", UNSET))

        def _parse_language(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        language = _parse_language(d.pop("language", UNSET))

        redemption_create = cls(
            reward_id=reward_id,
            points=points,
            delivery_address=delivery_address,
            language=language,
        )

        return redemption_create
