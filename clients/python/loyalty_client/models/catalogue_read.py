from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.catalogue_item_read import CatalogueItemRead
    from ..models.catalogue_read_balances import CatalogueReadBalances


T = TypeVar("T", bound="CatalogueRead")


@_attrs_define
class CatalogueRead:
    """
    Attributes:
        member_id (int):
        language (str):
        tier (None | str):
        balances (CatalogueReadBalances): Available balance per unit.
        items (list[CatalogueItemRead]):
    """

    member_id: int
    language: str
    tier: None | str
    balances: CatalogueReadBalances
    items: list[CatalogueItemRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        member_id = self.member_id

        language = self.language

        tier: None | str
        tier = self.tier

        balances = self.balances.to_dict()

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "member_id": member_id,
                "language": language,
                "tier": tier,
                "balances": balances,
                "items": items,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.catalogue_item_read import CatalogueItemRead  # noqa: PLC0415
        from ..models.catalogue_read_balances import CatalogueReadBalances  # noqa: PLC0415

        d = dict(src_dict)
        member_id = d.pop("member_id")

        language = d.pop("language")

        def _parse_tier(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tier = _parse_tier(d.pop("tier"))

        balances = CatalogueReadBalances.from_dict(d.pop("balances"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = CatalogueItemRead.from_dict(items_item_data)

            items.append(items_item)

        catalogue_read = cls(
            member_id=member_id,
            language=language,
            tier=tier,
            balances=balances,
            items=items,
        )

        catalogue_read.additional_properties = d
        return catalogue_read

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
